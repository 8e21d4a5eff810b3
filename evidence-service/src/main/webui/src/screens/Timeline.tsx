import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { EvidenceCard } from '../components/EvidenceCard';
import { Empty, ErrorMessage, Field, Loading, ScreenTitle } from '../components/ui';
import { ApiError, type Evidence, type Period, evidenceApi, ok } from '../lib/api';
import { type StreamEvent, useStreamEvents } from '../lib/stream';

const PAGE = 50;

interface Filters {
  period_id: string;
  source: string;
  category: string;
  tag: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { period_id: '', source: '', category: '', tag: '', from: '', to: '' };

function filtersFromUrl(): Filters {
  const params = new URLSearchParams(window.location.search);
  return {
    period_id: params.get('period_id') ?? '',
    source: params.get('source') ?? '',
    category: params.get('category') ?? '',
    tag: params.get('tag') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

function query(filters: Filters, cursor: string | null) {
  return {
    limit: String(PAGE),
    cursor: cursor ?? undefined,
    period_id: filters.period_id || undefined,
    source: filters.source || undefined,
    category: filters.category || undefined,
    tag: filters.tag ? [filters.tag] : undefined,
    // A period of whole days: from the start of `from` up to the end of `to`.
    from: filters.from ? new Date(filters.from + 'T00:00:00').toISOString() : undefined,
    to: filters.to ? new Date(new Date(filters.to + 'T00:00:00').getTime() + 86_400_000).toISOString() : undefined,
  } as Record<string, string | string[] | undefined>;
}

export default function Timeline() {
  const [filters, setFilters] = useState<Filters>(filtersFromUrl);
  const [draft, setDraft] = useState<Filters>(filters);
  const [items, setItems] = useState<Evidence[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  // Review periods for the filter, loaded when the filters are first opened (or a period filter is in the address).
  const [periods, setPeriods] = useState<Period[] | null>(null);
  const generation = useRef(0);
  const sentinel = useRef<HTMLDivElement>(null);

  const load = useCallback(
    async (reset: boolean) => {
      const mine = reset ? ++generation.current : generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = ok(
          await evidenceApi.GET('/api/v1/evidence', { params: { query: query(filters, reset ? null : cursor) } }),
        );
        if (mine !== generation.current) return;
        setItems((current) => (reset ? (page.items ?? []) : [...current, ...(page.items ?? [])]));
        setCursor(page.next_cursor ?? null);
        setDone(!page.next_cursor);
      } catch (e) {
        if (mine === generation.current) setError(e);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [filters, cursor],
  );

  useEffect(() => {
    void load(true);
    // Reload only when the filters change; paging goes through loadMore.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters]);

  // Infinite scroll: the next page loads when the end of the list comes into view.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || done || loading || error) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void load(false);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [done, loading, error, load]);

  const onEvent = useCallback(
    async (event: StreamEvent) => {
      const id = event.payload.evidenceId as string | undefined;
      if (!id) return;
      if (event.type === 'evidence.deleted') {
        setItems((current) => current.filter((i) => i.id !== id));
        return;
      }
      try {
        const item = ok(await evidenceApi.GET('/api/v1/evidence/{id}', { params: { path: { id } } }));
        setItems((current) => {
          if (current.some((i) => i.id === id)) return current.map((i) => (i.id === id ? item : i));
          const filtered = Object.values(filters).some(Boolean);
          // New work shows up at the top when it is the newest; older or filtered items wait for a reload.
          if (!filtered && (current.length === 0 || (item.occurred_at ?? '') >= (current[0].occurred_at ?? ''))) {
            return [item, ...current];
          }
          return current;
        });
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }
    },
    [filters],
  );
  useStreamEvents(['evidence.'], onEvent);

  const loadPeriods = useCallback(() => {
    if (periods !== null) return;
    setPeriods([]);
    evidenceApi
      .GET('/api/v1/periods', { params: { query: { limit: 100 } } })
      .then((r) => setPeriods(r.data?.items ?? []))
      .catch(() => setPeriods([]));
  }, [periods]);
  useEffect(() => {
    if (filters.period_id) loadPeriods();
  }, [filters.period_id, loadPeriods]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const params = new URLSearchParams(Object.entries(draft).filter(([, v]) => v));
    window.history.replaceState(null, '', params.size ? `/?${params}` : '/');
    setFilters({ ...draft });
  };
  const clear = () => {
    window.history.replaceState(null, '', '/');
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldError(name) : undefined);
  const filtered = Object.values(filters).some(Boolean);

  return (
    <section>
      <div className="screen-head">
        <ScreenTitle>Timeline</ScreenTitle>
        <Link href="/notes/new" className="button">
          Add note
        </Link>
      </div>
      <details className="filters" open={filtered} onToggle={(e) => e.currentTarget.open && loadPeriods()}>
        <summary>Filters{filtered ? ' (active)' : ''}</summary>
        <form onSubmit={apply} aria-label="Filter the timeline">
          <Field id="f-period" label="Review period" error={fieldError('period_id')}>
            {(aria) => (
              <select {...aria} value={draft.period_id} onChange={(e) => setDraft({ ...draft, period_id: e.target.value })}>
                <option value="">Any time</option>
                {draft.period_id && !periods?.some((p) => p.id === draft.period_id) && (
                  <option value={draft.period_id}>The chosen period</option>
                )}
                {periods?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="f-source" label="Source" error={fieldError('source')}>
            {(aria) => (
              <select {...aria} value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })}>
                <option value="">All sources</option>
                <option value="gitlab">GitLab</option>
                <option value="jira">Jira</option>
                <option value="upload">Documents</option>
                <option value="manual">Notes</option>
              </select>
            )}
          </Field>
          <Field id="f-category" label="Category" error={fieldError('category')}>
            {(aria) => (
              <input {...aria} value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })} />
            )}
          </Field>
          <Field id="f-tag" label="Tag" error={fieldError('tag')}>
            {(aria) => <input {...aria} value={draft.tag} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} />}
          </Field>
          <Field id="f-from" label="From" error={fieldError('from')}>
            {(aria) => (
              <input {...aria} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
            )}
          </Field>
          <Field id="f-to" label="To" error={fieldError('to')}>
            {(aria) => (
              <input {...aria} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
            )}
          </Field>
          <div className="actions">
            <button type="submit">Apply filters</button>
            <button type="button" className="secondary" onClick={clear}>
              Clear
            </button>
          </div>
        </form>
      </details>

      <ErrorMessage error={error}>
        <button type="button" className="secondary" onClick={() => void load(items.length === 0)}>
          Try again
        </button>
      </ErrorMessage>
      {!loading && !error && items.length === 0 && (
        <Empty>
          {filtered ? (
            <p>Nothing matches these filters.</p>
          ) : (
            <>
              <p>No evidence yet.</p>
              <p>
                <Link href="/notes/new">Add a note</Link> about something you did, or <Link href="/sources">connect GitLab or
                Jira</Link> to bring in your work.
              </p>
            </>
          )}
        </Empty>
      )}
      <ol className="timeline" aria-label="Evidence, newest first" aria-busy={loading}>
        {items.map((item) => (
          <li key={item.id}>
            <EvidenceCard item={item} />
          </li>
        ))}
      </ol>
      {loading && <Loading label={items.length ? 'Loading more…' : 'Loading your timeline…'} />}
      {!done && !loading && !error && (
        <div ref={sentinel} className="more">
          <button type="button" className="secondary" onClick={() => void load(false)}>
            Load more
          </button>
        </div>
      )}
      {done && items.length > 0 && <p className="end">{items.length} items · end of the timeline</p>}
    </section>
  );
}
