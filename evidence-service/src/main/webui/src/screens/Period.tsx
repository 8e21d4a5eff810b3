import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { CitationLine, CitationList } from '../components/Citations';
import { Confirm, Empty, ErrorMessage, Field, Loading, ScreenTitle, formatDate, formatDay } from '../components/ui';
import {
  ApiError,
  type Evidence,
  type Goal,
  type GoalInput,
  type GoalSuggestion,
  type Period as PeriodView,
  describe,
  evidenceApi,
  insightApi,
  ok,
} from '../lib/api';

type Status = Goal['status'];

const STATUS_LABEL: Record<Status, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  achieved: 'Achieved',
  missed: 'Missed',
  dropped: 'Dropped',
};
const STATUS_BADGE: Partial<Record<Status, string>> = { achieved: 'ok', missed: 'bad' };

function numberOrNull(value: string): number | null {
  return value.trim() === '' ? null : Number(value);
}

/** The whole goal, for adding one and for changing it (the API replaces it: empty optional fields are cleared). */
function GoalForm(props: {
  idPrefix: string;
  goal?: Goal;
  submitLabel: string;
  onSubmit: (body: GoalInput) => Promise<void>;
  onCancel: () => void;
}) {
  const g = props.goal;
  const [title, setTitle] = useState(g?.title ?? '');
  const [description, setDescription] = useState(g?.description ?? '');
  const [status, setStatus] = useState<Status>(g?.status ?? 'not_started');
  const [target, setTarget] = useState(g?.target_value?.toString() ?? '');
  const [current, setCurrent] = useState(g?.current_value?.toString() ?? '');
  const [unit, setUnit] = useState(g?.target_unit ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit({
        title: title.trim(),
        description: description.trim() || null,
        status,
        target_value: numberOrNull(target),
        current_value: numberOrNull(current),
        target_unit: unit.trim() || null,
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  const p = props.idPrefix;
  return (
    <form
      className="stack goal-form"
      onSubmit={submit}
      noValidate
      aria-label={props.goal ? `Change “${props.goal.title}”` : 'New goal'}
    >
      <Field id={`${p}-title`} label="Goal" error={fieldError('title')}>
        {(aria) => <input {...aria} autoFocus maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field
        id={`${p}-description`}
        label="Description"
        error={fieldError('description')}
        hint="What done looks like; suggestions of evidence read it too."
      >
        {(aria) => (
          <textarea
            {...aria}
            rows={3}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <Field id={`${p}-status`} label="Status" error={fieldError('status')}>
        {(aria) => (
          <select {...aria} value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {(Object.keys(STATUS_LABEL) as Status[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="target">
        <legend>Measurable target (optional)</legend>
        <div className="row">
          <Field id={`${p}-current`} label="Now at" error={fieldError('current_value')}>
            {(aria) => (
              <input
                {...aria}
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
              />
            )}
          </Field>
          <Field id={`${p}-target`} label="Target" error={fieldError('target_value')}>
            {(aria) => (
              <input
                {...aria}
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
              />
            )}
          </Field>
          <Field id={`${p}-unit`} label="Unit" error={fieldError('target_unit')} hint="e.g. services, % p99 cut">
            {(aria) => <input {...aria} maxLength={40} value={unit} onChange={(e) => setUnit(e.target.value)} />}
          </Field>
        </div>
      </fieldset>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Progress({ goal }: { goal: Goal }) {
  if (goal.target_value == null || goal.progress == null) return <p className="muted">No measurable target.</p>;
  const percent = Math.round(goal.progress * 100);
  const id = `gp-${goal.id}`;
  return (
    <div className="progress">
      <span id={id}>
        Progress {percent}%: {goal.current_value ?? 0} of {goal.target_value}
        {goal.target_unit ? ` ${goal.target_unit}` : ''}
      </span>
      <progress max={100} value={percent} aria-labelledby={id}>
        {percent}%
      </progress>
    </div>
  );
}

/** Evidence of the period that reads like work towards the goal (the product's search on the goal's text). */
function Suggestions({ goal, onLink }: { goal: Goal; onLink: (evidenceId: string) => Promise<void> }) {
  const [items, setItems] = useState<GoalSuggestion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setItems(
        ok(await evidenceApi.GET('/api/v1/goals/{id}/suggestions', { params: { path: { id: goal.id }, query: { limit: 5 } } })),
      );
    } catch (e) {
      setError(e);
    }
  }, [goal.id]);
  useEffect(() => {
    void load();
  }, [load]);
  const linked = new Set(goal.evidence.map((c) => c.evidence_id));
  const shown = (items ?? []).filter((s) => !linked.has(s.evidence.evidence_id));
  return (
    <div className="suggestions" aria-live="polite">
      <ErrorMessage error={error}>
        <button type="button" className="secondary" onClick={() => void load()}>
          Try again
        </button>
      </ErrorMessage>
      {items === null && !error && <Loading label="Looking for evidence of this goal…" />}
      {items !== null && shown.length === 0 && (
        <p className="muted">Nothing else in this period reads like work towards this goal.</p>
      )}
      {shown.length > 0 && (
        <ul className="citations" aria-label={`Suggested evidence for “${goal.title}”`}>
          {shown.map((s) => (
            <li key={s.evidence.evidence_id} data-evidence-id={s.evidence.evidence_id}>
              <CitationLine citation={s.evidence} />
              {s.confidence === 'low' && <span className="badge">weak match</span>}{' '}
              <button type="button" className="secondary small" onClick={() => void onLink(s.evidence.evidence_id)}>
                Link<span className="sr-only"> “{s.evidence.title}”</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Any evidence of the period, chosen by title. */
function Picker({ goal, period, onLink }: { goal: Goal; period: PeriodView; onLink: (evidenceId: string) => Promise<void> }) {
  const [items, setItems] = useState<Evidence[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    evidenceApi
      .GET('/api/v1/evidence', { params: { query: { period_id: period.id, limit: 100 } } })
      .then(ok)
      .then((page) => setItems(page.items ?? []))
      .catch(setError);
  }, [period.id]);
  const linked = new Set(goal.evidence.map((c) => c.evidence_id));
  const choices = (items ?? []).filter((i) => i.id && !linked.has(i.id));
  const id = `pick-${goal.id}`;
  if (error) return <ErrorMessage error={error} />;
  if (items === null) return <Loading label="Loading this period's evidence…" />;
  if (choices.length === 0) return <p className="muted">No other evidence in this period to link.</p>;
  return (
    <form
      className="picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) void onLink(chosen).then(() => setChosen(''));
      }}
    >
      <Field id={id} label="Evidence of this period">
        {(aria) => (
          <select {...aria} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Choose an item…</option>
            {choices.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title} ({formatDate(i.occurred_at)})
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={!chosen}>
        Link
      </button>
    </form>
  );
}

function GoalCard(props: { goal: Goal; period: PeriodView; onChanged: (goal: Goal | null) => void }) {
  const { goal, period } = props;
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState<'none' | 'suggest' | 'pick'>('none');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<Goal | null>) => {
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await action());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const link = (evidenceId: string) =>
    run(async () =>
      ok(await evidenceApi.PUT('/api/v1/goals/{id}/evidence/{evidenceId}', { params: { path: { id: goal.id, evidenceId } } })),
    );
  const unlink = (evidenceId: string) =>
    run(async () =>
      ok(await evidenceApi.DELETE('/api/v1/goals/{id}/evidence/{evidenceId}', { params: { path: { id: goal.id, evidenceId } } })),
    );
  const replace = async (body: GoalInput) => {
    props.onChanged(ok(await evidenceApi.PUT('/api/v1/goals/{id}', { params: { path: { id: goal.id } }, body })));
    setEditing(false);
  };
  const remove = () =>
    run(async () => {
      ok(await evidenceApi.DELETE('/api/v1/goals/{id}', { params: { path: { id: goal.id } } }));
      return null;
    });

  const headingId = `g-${goal.id}`;
  return (
    <article className="card goal" data-id={goal.id} aria-labelledby={headingId}>
      <h3 id={headingId}>{goal.title}</h3>
      <p className="meta">
        <span className={`badge ${STATUS_BADGE[goal.status] ?? ''}`}>{STATUS_LABEL[goal.status]}</span>
        <span>
          {goal.evidence.length} linked item{goal.evidence.length === 1 ? '' : 's'}
        </span>
      </p>
      {editing ? (
        <GoalForm idPrefix={`ge-${goal.id}`} goal={goal} submitLabel="Save goal" onSubmit={replace} onCancel={() => setEditing(false)} />
      ) : (
        <>
          {goal.description && <p className="content">{goal.description}</p>}
          <Progress goal={goal} />
        </>
      )}
      <h4>Evidence</h4>
      {goal.evidence.length === 0 ? (
        <p className="muted">No evidence linked yet.</p>
      ) : (
        <CitationList
          citations={goal.evidence}
          label={`Evidence of “${goal.title}”`}
          action={(c) => (
            <>
              {' '}
              <button type="button" className="link" disabled={busy} onClick={() => void unlink(c.evidence_id)}>
                Unlink<span className="sr-only"> “{c.title}”</span>
              </button>
            </>
          )}
        />
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <button
          type="button"
          className="secondary"
          aria-expanded={adding === 'suggest'}
          onClick={() => setAdding(adding === 'suggest' ? 'none' : 'suggest')}
        >
          Suggest evidence
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={adding === 'pick'}
          onClick={() => setAdding(adding === 'pick' ? 'none' : 'pick')}
        >
          Choose evidence…
        </button>
        {!editing && (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            Edit goal
          </button>
        )}
        <Confirm
          label="Delete goal…"
          question="Delete this goal? Its evidence stays."
          confirmLabel="Yes, delete"
          busy={busy}
          onConfirm={() => void remove()}
        />
      </div>
      {adding === 'suggest' && <Suggestions goal={goal} onLink={link} />}
      {adding === 'pick' && <Picker goal={goal} period={period} onLink={link} />}
    </article>
  );
}

/** A period: its goals (status, target, progress, linked evidence, suggestions), its packet and its evidence. */
export default function Period({ id }: { id: string }) {
  const [period, setPeriod] = useState<PeriodView | null>(null);
  const [goals, setGoals] = useState<Goal[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [asked, setAsked] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [p, g] = await Promise.all([
        evidenceApi.GET('/api/v1/periods/{id}', { params: { path: { id } } }),
        evidenceApi.GET('/api/v1/periods/{periodId}/goals', { params: { path: { periodId: id } } }),
      ]);
      setPeriod(ok(p));
      setGoals(ok(g).items ?? []);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (body: GoalInput) => {
    const goal = ok(await evidenceApi.POST('/api/v1/periods/{periodId}/goals', { params: { path: { periodId: id } }, body }));
    setGoals((current) => [...(current ?? []), goal]);
    setAdding(false);
  };
  const changed = (goalId: string, next: Goal | null) =>
    setGoals((current) =>
      (current ?? []).flatMap((g) => (g.id !== goalId ? [g] : next ? [next] : [])),
    );
  const askForInsights = async () => {
    if (!period) return;
    setAsked(null);
    try {
      ok(await insightApi.POST('/api/v1/insights/generate', { body: { period_id: period.id } }));
      setAsked('Asked for insights for this period. They appear on the Insights screen, and the packet is written from them.');
    } catch (e) {
      setAsked(describe(e));
    }
  };

  if (!period) {
    return (
      <section>
        <p className="crumbs">
          <Link href="/review">← Review</Link>
        </p>
        {error ? (
          <>
            <ScreenTitle>Review period</ScreenTitle>
            <ErrorMessage error={error} />
          </>
        ) : (
          <Loading label="Loading the period…" />
        )}
      </section>
    );
  }
  return (
    <section data-id={period.id}>
      <p className="crumbs">
        <Link href="/review">← Review</Link>
      </p>
      <ScreenTitle>{period.name}</ScreenTitle>
      <p className="meta">
        {formatDay(period.start_date)} – {formatDay(period.end_date)}
      </p>
      <div className="actions">
        <Link href={`/review/${period.id}/packet`} className="button">
          Review packet
        </Link>
        <Link href={`/?period_id=${period.id}`} className="button secondary">
          Evidence of this period
        </Link>
        <button type="button" className="secondary" onClick={() => void askForInsights()}>
          Ask for insights for this period
        </button>
      </div>
      {asked && (
        <p className="notice" role="status">
          {asked}
        </p>
      )}
      <ErrorMessage error={error} />

      <div className="screen-head">
        <h2>
          Goals <span className="count">({goals?.length ?? 0})</span>
        </h2>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            Add a goal
          </button>
        )}
      </div>
      {adding && (
        <div className="card">
          <GoalForm idPrefix="new-goal" submitLabel="Add goal" onSubmit={create} onCancel={() => setAdding(false)} />
        </div>
      )}
      {goals?.length === 0 && !adding && (
        <Empty>
          <p>No goals for this period yet.</p>
          <p>Add one: a title, a status and, if it has one, a measurable target. Then link the evidence that shows it.</p>
        </Empty>
      )}
      {goals?.map((g) => <GoalCard key={g.id} goal={g} period={period} onChanged={(next) => changed(g.id, next)} />)}
    </section>
  );
}
