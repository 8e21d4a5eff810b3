import { Link } from 'wouter';
import type { Evidence } from '../lib/api';
import { formatDate } from './ui';

const SOURCE_LABEL: Record<string, string> = { gitlab: 'GitLab', jira: 'Jira', upload: 'Document', manual: 'Note' };

export function sourceLabel(source?: string): string {
  return SOURCE_LABEL[source ?? ''] ?? source ?? '';
}

/** Whether enrichment has run on the item (it writes the summary and ai_metadata). */
export function isEnriched(item: Evidence): boolean {
  return !!item.summary || Object.keys(item.ai_metadata ?? {}).length > 0;
}

export function EvidenceCard({ item }: { item: Evidence }) {
  const enriched = isEnriched(item);
  return (
    <article className="card evidence" data-id={item.id} data-enriched={enriched}>
      <header>
        <h2>
          <Link href={`/evidence/${item.id}`}>{item.title}</Link>
        </h2>
        <p className="meta">
          <span className={`badge source-${item.source}`}>{sourceLabel(item.source)}</span>
          <time dateTime={item.occurred_at}>{formatDate(item.occurred_at)}</time>
          {item.category && <span className="badge">{item.category}</span>}
        </p>
      </header>
      {enriched ? (
        <p className="summary">{item.summary}</p>
      ) : (
        <p className="pending">
          <span className="spinner small" aria-hidden="true" /> Summarising…
        </p>
      )}
      {(item.tags?.length ?? 0) > 0 && (
        <ul className="tags" aria-label="Tags">
          {item.tags!.map((tag) => (
            <li key={tag}>#{tag}</li>
          ))}
        </ul>
      )}
    </article>
  );
}
