import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ShareButton } from '../components/ShareDialog';
import { Empty, ErrorMessage, Field, Loading, ScreenTitle, formatDate } from '../components/ui';
import { ApiError, type Evidence, type Insight, describe, evidenceApi, insightApi, ok } from '../lib/api';
import { type StreamEvent, useStreamEvents } from '../lib/stream';

const GROUPS: { type: string; title: string }[] = [
  { type: 'strength', title: 'Strengths' },
  { type: 'achievement', title: 'Achievements' },
  { type: 'improvement', title: 'Areas to improve' },
  { type: 'trend', title: 'Trends' },
];

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The evidence an insight cites, loaded when asked for (one click from the insight). */
function Citations({ ids }: { ids: string[] }) {
  const [items, setItems] = useState<(Evidence | null)[] | null>(null);
  useEffect(() => {
    void Promise.all(
      ids.map((id) =>
        evidenceApi
          .GET('/api/v1/evidence/{id}', { params: { path: { id } } })
          .then((r) => (r.response.ok ? (r.data ?? null) : null)),
      ),
    ).then(setItems);
  }, [ids]);
  if (!items) return <Loading label="Loading the cited evidence…" />;
  return (
    <ul className="citations">
      {items.map((item, i) =>
        item ? (
          <li key={item.id}>
            <Link href={`/evidence/${item.id}`}>{item.title}</Link>{' '}
            <span className="muted">{formatDate(item.occurred_at)}</span>
          </li>
        ) : (
          <li key={ids[i]} className="muted">
            An item that no longer exists
          </li>
        ),
      )}
    </ul>
  );
}

function InsightCard({ insight, onChanged }: { insight: Insight; onChanged: (next: Insight) => void }) {
  const [showCitations, setShowCitations] = useState(false);
  const [mode, setMode] = useState<'none' | 'reject' | 'feedback'>('none');
  const [feedback, setFeedback] = useState(insight.feedback ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ids = insight.evidence_ids ?? [];
  const key = insight.id ?? '';

  const change = async (body: { validated?: boolean; rejected?: boolean; feedback?: string | null }) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(ok(await insightApi.PATCH('/api/v1/insights/{id}', { params: { path: { id: key } }, body })));
      setMode('none');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void change(mode === 'reject' ? { rejected: true, feedback: feedback || null } : { feedback: feedback || null });
  };
  const feedbackError = error instanceof ApiError ? error.fieldError('feedback') : undefined;

  return (
    <article className="card insight" data-id={insight.id} aria-labelledby={`i-${key}`}>
      <h3 id={`i-${key}`}>{insight.title}</h3>
      <p className="meta">
        <span className="badge">{Math.round((insight.confidence ?? 0) * 100)}% confidence</span>
        <span>
          {formatDate(insight.period_start)} – {formatDate(insight.period_end)}
        </span>
        {insight.validated && <span className="badge ok">Validated</span>}
        {insight.rejected && <span className="badge bad">Rejected</span>}
      </p>
      <p>{insight.description}</p>
      {insight.feedback && (
        <p className="feedback">
          <strong>Your feedback:</strong> {insight.feedback}
        </p>
      )}
      <button
        type="button"
        className="link"
        aria-expanded={showCitations}
        aria-controls={`c-${key}`}
        onClick={() => setShowCitations(!showCitations)}
      >
        {showCitations ? 'Hide' : 'Show'} the {ids.length} cited item{ids.length === 1 ? '' : 's'}
      </button>
      <div id={`c-${key}`}>{showCitations && <Citations ids={ids} />}</div>
      {error && !feedbackError ? (
        <p className="field-error" role="alert">
          {describe(error)}
        </p>
      ) : null}
      <div className="actions">
        {!insight.validated && (
          <button type="button" disabled={busy} onClick={() => void change({ validated: true })}>
            Validate
          </button>
        )}
        {!insight.rejected && (
          <button type="button" className="secondary" disabled={busy} onClick={() => setMode(mode === 'reject' ? 'none' : 'reject')}>
            Reject…
          </button>
        )}
        <button type="button" className="secondary" disabled={busy} onClick={() => setMode(mode === 'feedback' ? 'none' : 'feedback')}>
          Give feedback
        </button>
        {!insight.rejected && (
          <ShareButton item={{ kind: 'insight', id: key, noun: 'this insight', title: insight.title ?? 'This insight' }} />
        )}
      </div>
      {mode !== 'none' && (
        <form onSubmit={submit} className="stack">
          <Field
            id={`fb-${key}`}
            label={mode === 'reject' ? 'Why is this wrong? (optional)' : 'Feedback'}
            error={feedbackError}
          >
            {(aria) => <textarea {...aria} rows={3} maxLength={2000} value={feedback} onChange={(e) => setFeedback(e.target.value)} />}
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy} className={mode === 'reject' ? 'danger' : undefined}>
              {mode === 'reject' ? 'Reject insight' : 'Save feedback'}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('none')}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </article>
  );
}

/** Insights grouped by type, each with its evidence one click away; validate, reject, feedback; ask for a period. */
export default function Insights() {
  const [insights, setInsights] = useState<Insight[] | null>(null);
  const [rejected, setRejected] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const today = new Date();
  const [start, setStart] = useState(isoDate(new Date(today.getTime() - 90 * 86_400_000)));
  const [end, setEnd] = useState(isoDate(today));
  const [requestError, setRequestError] = useState<unknown>(null);
  const [requested, setRequested] = useState<string | null>(null);
  // The last request asked for here, and its outcome once the stream says it changed (pending, completed, failed).
  const [request, setRequest] = useState<{ id: string; status?: string; detail?: string | null } | null>(null);
  const reloadTimer = useRef<number | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const page = ok(
        await insightApi.GET('/api/v1/insights', {
          params: { query: { limit: 100, ...(rejected ? { rejected: true } : {}) } },
        }),
      );
      setInsights(page.items ?? []);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [rejected]);

  useEffect(() => {
    setInsights(null);
    void load();
  }, [load]);

  // New and changed insights arrive in bursts: reload once the burst is over.
  const onEvent = useCallback(() => {
    window.clearTimeout(reloadTimer.current);
    reloadTimer.current = window.setTimeout(() => void load(), 400);
  }, [load]);
  useStreamEvents(['insight.'], onEvent);
  const onGeneration = useCallback(
    (event: StreamEvent) => {
      if (!request || event.payload.requestId !== request.id) return;
      void insightApi
        .GET('/api/v1/insights/generation-requests/{id}', { params: { path: { id: request.id } } })
        .then((r) => r.data && setRequest({ id: request.id, status: r.data.status, detail: r.data.detail }));
      if (event.payload.status !== 'pending') onEvent();
    },
    [request, onEvent],
  );
  useStreamEvents(['insight-generation.'], onGeneration);

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setRequestError(null);
    setRequested(null);
    setRequest(null);
    try {
      const accepted = ok(
        await insightApi.POST('/api/v1/insights/generate', { body: { period_start: start, period_end: end } }),
      );
      if (accepted.request_id) setRequest({ id: accepted.request_id, status: 'pending' });
      setRequested(`Asked for insights from ${formatDate(start)} to ${formatDate(end)}.`);
    } catch (err) {
      setRequestError(err);
    }
  };
  const periodError = (name: string) => (requestError instanceof ApiError ? requestError.fieldError(name) : undefined);
  const replace = (next: Insight) =>
    setInsights((current) =>
      (current ?? [])
        .map((i) => (i.id === next.id ? next : i))
        .filter((i) => (rejected ? i.rejected : !i.rejected)),
    );

  const groups = [
    ...GROUPS,
    ...Array.from(new Set((insights ?? []).map((i) => i.type ?? '')))
      .filter((t) => !GROUPS.some((g) => g.type === t))
      .map((t) => ({ type: t, title: t })),
  ];

  return (
    <section>
      <ScreenTitle>Insights</ScreenTitle>
      <form className="period" onSubmit={ask} aria-label="Ask for insights for a period">
        <Field id="p-start" label="From" error={periodError('period_start')}>
          {(aria) => <input {...aria} type="date" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field id="p-end" label="To" error={periodError('period_end')}>
          {(aria) => <input {...aria} type="date" value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit">Ask for insights</button>
        </div>
      </form>
      <ErrorMessage error={requestError} />
      {requested && (
        <p className="notice" role="status">
          {requested}
          {request?.status === 'completed'
            ? ' They are ready.'
            : request?.status === 'failed'
              ? ' Generating them failed.'
              : ' They appear here as they are ready.'}
          {request?.status !== 'pending' && request?.detail ? ` ${request.detail}` : null}
        </p>
      )}
      <div className="field inline">
        <input id="show-rejected" type="checkbox" checked={rejected} onChange={(e) => setRejected(e.target.checked)} />
        <label htmlFor="show-rejected">Show the insights I rejected</label>
      </div>
      <ErrorMessage error={error}>
        <button type="button" className="secondary" onClick={() => void load()}>
          Try again
        </button>
      </ErrorMessage>
      {insights === null && !error && <Loading label="Loading insights…" />}
      {insights?.length === 0 && (
        <Empty>
          <p>{rejected ? 'You have not rejected any insight.' : 'No insights yet.'}</p>
          {!rejected && <p>Insights come from your evidence: add notes or connect a source, then ask for a period above.</p>}
        </Empty>
      )}
      {insights &&
        groups.map((group) => {
          const members = insights.filter((i) => i.type === group.type);
          if (members.length === 0) return null;
          return (
            <section key={group.type} className="group" aria-labelledby={`g-${group.type}`}>
              <h2 id={`g-${group.type}`}>
                {group.title} <span className="count">({members.length})</span>
              </h2>
              {members.map((insight) => (
                <InsightCard key={insight.id} insight={insight} onChanged={replace} />
              ))}
            </section>
          );
        })}
    </section>
  );
}
