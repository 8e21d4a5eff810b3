import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { sourceLabel } from '../components/EvidenceCard';
import { Empty, ErrorMessage, Field, Highlight, Loading, ScreenTitle, formatDate } from '../components/ui';
import { ApiError, type SearchResult, insightApi, ok } from '../lib/api';

function fromUrl() {
  const params = new URLSearchParams(window.location.search);
  return { q: params.get('q') ?? '', mode: params.get('mode') ?? 'hybrid', threshold: params.get('threshold') ?? '0.3' };
}

/** Search by meaning (semantic) or by meaning and words together (hybrid), with each hit's similarity. */
export default function Search() {
  const initial = fromUrl();
  const [q, setQ] = useState(initial.q);
  const [mode, setMode] = useState(initial.mode);
  const [threshold, setThreshold] = useState(initial.threshold);
  const [asked, setAsked] = useState(initial.q);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (query: string) => {
    if (!query.trim()) return;
    setLoading(true);
    setError(null);
    try {
      setResult(
        ok(await insightApi.GET('/api/v1/search', { params: { query: { q: query, mode: mode as 'semantic' | 'hybrid', threshold: Number(threshold), limit: 25 } } })),
      );
      setAsked(query);
    } catch (e) {
      setError(e);
      setResult(null);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    if (initial.q) void run(initial.q);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    window.history.replaceState(null, '', `/search?${new URLSearchParams({ q, mode, threshold })}`);
    void run(q);
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldError(name) : undefined);
  const hits = result?.results ?? [];

  return (
    <section>
      <ScreenTitle>Search</ScreenTitle>
      <form className="search" onSubmit={submit} role="search">
        <Field id="s-q" label="Describe what you are looking for" error={fieldError('q')}>
          {(aria) => (
            <input {...aria} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. made checkout faster" />
          )}
        </Field>
        <div className="row">
          <Field id="s-mode" label="Match" error={fieldError('mode')}>
            {(aria) => (
              <select {...aria} value={mode} onChange={(e) => setMode(e.target.value)}>
                <option value="hybrid">Meaning and words (hybrid)</option>
                <option value="semantic">Meaning only (semantic)</option>
              </select>
            )}
          </Field>
          <Field id="s-threshold" label={`Minimum similarity: ${Math.round(Number(threshold) * 100)}%`} error={fieldError('threshold')}>
            {(aria) => (
              <input {...aria} type="range" min="0" max="0.9" step="0.05" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
            )}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" disabled={loading || !q.trim()}>
            Search
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {loading && <Loading label="Searching…" />}
      {!loading && result && hits.length === 0 && (
        <Empty>
          <p>Nothing close enough to “{asked}”. Try other words or a lower minimum similarity.</p>
        </Empty>
      )}
      {hits.length > 0 && (
        <>
          <p className="muted" role="status">
            {hits.length} result{hits.length === 1 ? '' : 's'} for “{asked}”
          </p>
          <ol className="results">
            {hits.map((hit) => (
              <li key={hit.id} className="card" data-id={hit.id}>
                <p className="similarity">
                  <meter min={0} max={1} value={hit.similarity ?? 0} aria-hidden="true" />
                  <span>{Math.round((hit.similarity ?? 0) * 100)}% similar</span>
                </p>
                <h2>
                  <Link href={`/evidence/${hit.id}`}>
                    <Highlight text={hit.title ?? ''} query={asked} />
                  </Link>
                </h2>
                <p className="meta">
                  <span className={`badge source-${hit.source}`}>{sourceLabel(hit.source)}</span>
                  <time dateTime={hit.occurred_at}>{formatDate(hit.occurred_at)}</time>
                  {hit.category && <span className="badge">{hit.category}</span>}
                </p>
                {hit.summary && (
                  <p className="summary">
                    <Highlight text={hit.summary} query={asked} />
                  </p>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
