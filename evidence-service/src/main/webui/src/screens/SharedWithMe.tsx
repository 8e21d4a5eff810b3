import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { CitationList } from '../components/Citations';
import { sourceLabel } from '../components/EvidenceCard';
import { PacketBody, generatorLabel } from '../components/PacketBody';
import { Empty, ErrorMessage, Loading, ScreenTitle, formatDate, formatDateTime, formatDay } from '../components/ui';
import { type SharedBundle, type SharedPerson, evidenceApi, ok } from '../lib/api';
import { useStreamEvents } from '../lib/stream';

const INSIGHT_TYPE: Record<string, string> = {
  strength: 'Strength',
  achievement: 'Achievement',
  improvement: 'Area to improve',
  trend: 'Trend',
};

function personName(person: SharedPerson): string {
  return person.full_name || person.email || 'Someone';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Reloads when a share is granted or revoked (the stream tells both the owner and the manager), once per burst. */
function useShareEvents(reload: () => void) {
  const timer = useRef<number | undefined>(undefined);
  const onEvent = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(reload, 300);
  }, [reload]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useStreamEvents(['share.'], onEvent);
}

function People() {
  const [people, setPeople] = useState<SharedPerson[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setPeople(ok(await evidenceApi.GET('/api/v1/shared-with-me')));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useShareEvents(load);

  return (
    <section>
      <ScreenTitle>Shared with me</ScreenTitle>
      <p className="lead-in">
        What the people who named you their manager chose to share with you: review packets, evidence and insights,
        read-only. You see nothing else of theirs, and they can revoke a share at any time.
      </p>
      <ErrorMessage error={error}>
        <button type="button" className="secondary" onClick={() => void load()}>
          Try again
        </button>
      </ErrorMessage>
      {people === null && !error && <Loading label="Loading what is shared with you…" />}
      {people?.length === 0 && (
        <Empty>
          <p>Nobody shares anything with you yet.</p>
          <p>
            When someone names you as their manager (by your e-mail address) and shares a review packet, evidence or an
            insight with you, they appear here, live. It works the other way too: your own work stays yours until you
            share it from your review packet, an evidence item or an insight.
          </p>
        </Empty>
      )}
      {people && people.length > 0 && (
        <ul className="plain" aria-label="People who share with you">
          {people.map((p) => (
            <li key={p.owner_id}>
              <article className="card person" data-owner-id={p.owner_id} aria-labelledby={`o-${p.owner_id}`}>
                <h2 id={`o-${p.owner_id}`}>
                  <Link href={`/shared/${p.owner_id}`}>{personName(p)}</Link>
                </h2>
                <p className="meta">
                  {p.full_name && p.email && <span>{p.email}</span>}
                  <span>
                    {plural(p.packets, 'review packet', 'review packets')} · {plural(p.evidence, 'evidence item', 'evidence items')} ·{' '}
                    {plural(p.insights, 'insight', 'insights')}
                  </span>
                </p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Person({ ownerId }: { ownerId: string }) {
  // undefined while loading; null when the person shares nothing (any more) with the caller.
  const [bundle, setBundle] = useState<SharedBundle | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const result = await evidenceApi.GET('/api/v1/shared-with-me/{ownerId}', { params: { path: { ownerId } } });
      setBundle(result.response.status === 404 ? null : ok(result));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [ownerId]);
  useEffect(() => {
    void load();
  }, [load]);
  useShareEvents(load);

  const crumbs = (
    <p className="crumbs">
      <Link href="/shared">← Shared with me</Link>
    </p>
  );
  if (!bundle) {
    return (
      <section>
        {crumbs}
        <ScreenTitle>Shared with me</ScreenTitle>
        <ErrorMessage error={error} />
        {bundle === undefined && !error && <Loading label="Loading what is shared with you…" />}
        {bundle === null && (
          <Empty>
            <p>This person shares nothing with you now.</p>
            <p>They may have revoked what they shared, or named another manager.</p>
          </Empty>
        )}
      </section>
    );
  }
  const name = personName(bundle.person);
  return (
    <section className="shared" data-owner-id={bundle.person.owner_id}>
      {crumbs}
      <ScreenTitle>Shared by {name}</ScreenTitle>
      <p className="lead-in">
        Read-only{bundle.person.email ? ` · ${bundle.person.email}` : ''}. {name} chose to share these with you and can
        revoke them at any time.
      </p>
      <ErrorMessage error={error} />

      <section aria-labelledby="sh-packets" data-kind="packets">
        <h2 id="sh-packets">
          Review packets <span className="count">({bundle.packets.length})</span>
        </h2>
        {bundle.packets.length === 0 && <p className="muted">No review packet shared.</p>}
        {bundle.packets.map((packet) => (
          <article key={packet.id} className="card packet" data-id={packet.id} aria-labelledby={`pk-${packet.id}`}>
            <h3 id={`pk-${packet.id}`}>Review packet: {packet.period.name}</h3>
            <p className="meta">
              <span>
                {formatDay(packet.period.start_date)} – {formatDay(packet.period.end_date)}
              </span>
              <span>
                Generated {formatDateTime(packet.generated_at)}, {generatorLabel(packet.generator, 'their')}
              </span>
            </p>
            <PacketBody
              packet={packet}
              level={4}
              bullet={(b) => (
                <>
                  <p className="bullet-text">{b.text}</p>
                  <CitationList citations={b.citations} label="Evidence cited" linkToDetail={false} />
                </>
              )}
            />
          </article>
        ))}
      </section>

      <section aria-labelledby="sh-evidence" data-kind="evidence">
        <h2 id="sh-evidence">
          Evidence <span className="count">({bundle.evidence.length})</span>
        </h2>
        {bundle.evidence.length === 0 && <p className="muted">No evidence item shared.</p>}
        {bundle.evidence.map((item) => (
          <article key={item.id} className="card evidence" data-id={item.id} aria-labelledby={`ev-${item.id}`}>
            <h3 id={`ev-${item.id}`}>{item.title}</h3>
            <p className="meta">
              <span className={`badge source-${item.source}`}>{sourceLabel(item.source)}</span>
              <time dateTime={item.occurred_at}>{formatDate(item.occurred_at)}</time>
              {item.category && <span className="badge">{item.category}</span>}
            </p>
            <p className="summary">{item.summary || item.content}</p>
            {item.source_url && /^https?:\/\//i.test(item.source_url) && (
              <p>
                <a href={item.source_url} target="_blank" rel="noopener noreferrer">
                  Open<span className="sr-only"> “{item.title}”</span> at {sourceLabel(item.source)}
                </a>
              </p>
            )}
          </article>
        ))}
      </section>

      <section aria-labelledby="sh-insights" data-kind="insights">
        <h2 id="sh-insights">
          Insights <span className="count">({bundle.insights.length})</span>
        </h2>
        {bundle.insights.length === 0 && <p className="muted">No insight shared.</p>}
        {bundle.insights.map((insight) => (
          <article key={insight.id} className="card insight" data-id={insight.id} aria-labelledby={`in-${insight.id}`}>
            <h3 id={`in-${insight.id}`}>{insight.title}</h3>
            <p className="meta">
              <span className="badge">{INSIGHT_TYPE[insight.type] ?? insight.type}</span>
              {insight.period_start && (
                <span>
                  {formatDay(insight.period_start)} – {formatDay(insight.period_end)}
                </span>
              )}
              {insight.validated && <span className="badge ok">Validated by {name}</span>}
            </p>
            <p>{insight.content}</p>
            <p className="muted">Based on {plural(insight.evidence_ids.length, 'evidence item', 'evidence items')}.</p>
          </article>
        ))}
      </section>
    </section>
  );
}

/** A manager's read-only view of what others share with them: the people, then one person's shared items. */
export default function SharedWithMe({ ownerId }: { ownerId?: string }) {
  return ownerId ? <Person ownerId={ownerId} /> : <People />;
}
