import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { ShareButton } from '../components/ShareDialog';
import { Confirm, Empty, ErrorMessage, Field, Loading, ScreenTitle, formatDay } from '../components/ui';
import { ApiError, type Period, evidenceApi, ok } from '../lib/api';

/** The half-year around today, as a first period to offer: "H2 2026", 2026-07-01 to 2026-12-31. */
function currentHalf(): { name: string; start: string; end: string } {
  const today = new Date();
  const year = today.getUTCFullYear();
  const second = today.getUTCMonth() >= 6;
  return second
    ? { name: `H2 ${year}`, start: `${year}-07-01`, end: `${year}-12-31` }
    : { name: `H1 ${year}`, start: `${year}-01-01`, end: `${year}-06-30` };
}

/** Name, first and last day of a period: for a new one, and for renaming or moving one. */
function PeriodForm(props: {
  idPrefix: string;
  initial: { name: string; start: string; end: string };
  submitLabel: string;
  onSubmit: (value: { name: string; start_date: string; end_date: string }) => Promise<void>;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(props.initial.name);
  const [start, setStart] = useState(props.initial.start);
  const [end, setEnd] = useState(props.initial.end);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit({ name: name.trim(), start_date: start, end_date: end });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  const p = props.idPrefix;
  return (
    <form onSubmit={submit} noValidate className="period-form">
      <div className="period">
        <Field id={`${p}-name`} label="Name" error={fieldError('name')} hint="e.g. H1 2026 or Q3">
          {(aria) => <input {...aria} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field id={`${p}-start`} label="First day" error={fieldError('start_date')}>
          {(aria) => <input {...aria} type="date" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field id={`${p}-end`} label="Last day" error={fieldError('end_date')}>
          {(aria) => <input {...aria} type="date" value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function PeriodCard({ period, onChanged }: { period: Period; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const rename = async (value: { name: string; start_date: string; end_date: string }) => {
    ok(await evidenceApi.PATCH('/api/v1/periods/{id}', { params: { path: { id: period.id } }, body: value }));
    setEditing(false);
    onChanged();
  };
  const remove = async () => {
    setBusy(true);
    try {
      ok(await evidenceApi.DELETE('/api/v1/periods/{id}', { params: { path: { id: period.id } } }));
      onChanged();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const headingId = `p-${period.id}`;
  return (
    <article className="card" data-id={period.id} aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Link href={`/review/${period.id}`}>{period.name}</Link>
      </h2>
      <p className="meta">
        <span>
          {formatDay(period.start_date)} – {formatDay(period.end_date)}
        </span>
      </p>
      {editing ? (
        <PeriodForm
          idPrefix={`e-${period.id}`}
          initial={{ name: period.name, start: period.start_date, end: period.end_date }}
          submitLabel="Save period"
          onSubmit={rename}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div className="actions">
          <Link href={`/review/${period.id}`} className="button secondary">
            Goals<span className="sr-only"> of {period.name}</span>
          </Link>
          <Link href={`/review/${period.id}/packet`} className="button secondary">
            Review packet<span className="sr-only"> of {period.name}</span>
          </Link>
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            Rename…<span className="sr-only"> {period.name}</span>
          </button>
          <Confirm
            label={`Delete…`}
            question={`Delete “${period.name}” with its goals and its packet? Your evidence stays.`}
            confirmLabel="Yes, delete"
            busy={busy}
            onConfirm={() => void remove()}
          />
        </div>
      )}
      <ErrorMessage error={error} />
    </article>
  );
}

/** The owner's review periods: create, rename or move, delete; each opens its goals and its packet. */
export default function Review() {
  const [periods, setPeriods] = useState<Period[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setPeriods(ok(await evidenceApi.GET('/api/v1/periods', { params: { query: { limit: 100 } } })).items ?? []);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (value: { name: string; start_date: string; end_date: string }) => {
    ok(await evidenceApi.POST('/api/v1/periods', { body: value }));
    await load();
  };

  return (
    <section>
      <div className="screen-head">
        <ScreenTitle>Review</ScreenTitle>
        <ShareButton label="Manager and sharing…" />
      </div>
      <p className="lead-in">
        A review period (a half-year, a quarter) collects your goals and their evidence, and gives you a review packet
        in which every sentence cites its evidence.
      </p>
      <details className="filters" open={periods?.length === 0}>
        <summary>New period</summary>
        <PeriodForm idPrefix="new" initial={currentHalf()} submitLabel="Add period" onSubmit={create} />
      </details>
      <ErrorMessage error={error}>
        <button type="button" className="secondary" onClick={() => void load()}>
          Try again
        </button>
      </ErrorMessage>
      {periods === null && !error && <Loading label="Loading your periods…" />}
      {periods?.length === 0 && (
        <Empty>
          <p>No review periods yet.</p>
          <p>Add one above, for example the current half-year, then set its goals and link the evidence that shows them.</p>
        </Empty>
      )}
      {periods && periods.length > 0 && (
        <ul className="plain" aria-label="Your periods, latest first">
          {periods.map((p) => (
            <li key={p.id}>
              <PeriodCard period={p} onChanged={() => void load()} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
