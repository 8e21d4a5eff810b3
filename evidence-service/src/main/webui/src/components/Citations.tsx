import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { Citation } from '../lib/api';
import { sourceLabel } from './EvidenceCard';
import { formatDate } from './ui';

/** Only a web address opens at its source; an upload's download path needs the token and is on the detail screen. */
function webAddress(url?: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/**
 * One cited evidence item: its title (a link to the evidence screen for its owner, plain text for a manager, who can
 * only read what is shared), its source, its date and a link to the item at its source (MR, Jira issue, document).
 */
export function CitationLine({ citation, linkToDetail = true }: { citation: Citation; linkToDetail?: boolean }) {
  const url = webAddress(citation.source_url);
  return (
    <>
      {linkToDetail ? (
        <Link href={`/evidence/${citation.evidence_id}`}>{citation.title}</Link>
      ) : (
        <span className="cited-title">{citation.title}</span>
      )}{' '}
      <span className="meta inline">
        <span className={`badge source-${citation.source}`}>{sourceLabel(citation.source)}</span>
        <time dateTime={citation.occurred_at}>{formatDate(citation.occurred_at)}</time>
        {url && (
          <a href={url} target="_blank" rel="noopener noreferrer">
            Open<span className="sr-only"> “{citation.title}”</span> at {sourceLabel(citation.source)}
          </a>
        )}
      </span>
    </>
  );
}

/** The evidence a bullet or a goal cites, each with an optional action (unlink). */
export function CitationList(props: {
  citations: Citation[];
  label: string;
  linkToDetail?: boolean;
  action?: (citation: Citation) => ReactNode;
}) {
  return (
    <ul className="citations" aria-label={props.label}>
      {props.citations.map((c) => (
        <li key={c.evidence_id} data-evidence-id={c.evidence_id}>
          <CitationLine citation={c} linkToDetail={props.linkToDetail} />
          {props.action?.(c)}
        </li>
      ))}
    </ul>
  );
}
