import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { isEnriched, sourceLabel } from '../components/EvidenceCard';
import { ShareButton } from '../components/ShareDialog';
import { ErrorMessage, Loading, ScreenTitle, formatDateTime } from '../components/ui';
import { type Attachment, type Evidence, currentToken, describe, etag, evidenceApi, ok } from '../lib/api';
import { saveFile } from '../lib/download';
import { type StreamEvent, useStreamEvents } from '../lib/stream';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function formatBytes(bytes?: number): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Downloads with the Authorization header (a plain link could not carry it), then hands the file to the browser. */
async function download(attachment: Attachment) {
  const token = await currentToken();
  const response = await fetch(attachment.href ?? '', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`The download failed (HTTP ${response.status}).`);
  saveFile(await response.blob(), attachment.file_name ?? 'attachment');
}

export default function EvidenceDetail({ id }: { id: string }) {
  const [, navigate] = useLocation();
  const [item, setItem] = useState<Evidence | null>(null);
  const [attachments, setAttachments] = useState<Attachment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attachmentError, setAttachmentError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setItem(ok(await evidenceApi.GET('/api/v1/evidence/{id}', { params: { path: { id } } })));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);

  const loadAttachments = useCallback(async () => {
    try {
      const page = ok(
        await evidenceApi.GET('/api/v1/evidence/{id}/attachments', { params: { path: { id }, query: { limit: 100 } } }),
      );
      setAttachments(page.items ?? []);
      setAttachmentError(null);
    } catch (e) {
      setAttachments([]);
      setAttachmentError(describe(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
    void loadAttachments();
  }, [load, loadAttachments]);

  const onEvent = useCallback(
    (event: StreamEvent) => {
      if (event.payload.evidenceId !== id) return;
      if (event.type === 'evidence.deleted') navigate('/');
      else void load();
    },
    [id, load, navigate],
  );
  useStreamEvents(['evidence.'], onEvent);

  const remove = async () => {
    if (!item) return;
    setBusy(true);
    try {
      ok(
        await evidenceApi.DELETE('/api/v1/evidence/{id}', {
          params: { path: { id }, header: { 'If-Match': etag(item.version) } },
        }),
      );
      navigate('/');
    } catch (e) {
      setError(e);
      setConfirming(false);
      void load();
    } finally {
      setBusy(false);
    }
  };

  const attach = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const form = new FormData();
    Array.from(files).forEach((file) => form.append('files', file));
    setBusy(true);
    try {
      ok(
        await evidenceApi.POST('/api/v1/evidence/{id}/attachments', {
          params: { path: { id } },
          body: form as never,
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
      await loadAttachments();
    } catch (e) {
      setAttachmentError(describe(e));
    } finally {
      setBusy(false);
    }
  };

  if (!item) {
    return error ? (
      <section>
        <ScreenTitle>Evidence</ScreenTitle>
        <ErrorMessage error={error} />
        <p>
          <Link href="/">Back to the timeline</Link>
        </p>
      </section>
    ) : (
      <Loading label="Loading the item…" />
    );
  }

  const metadata = item.ai_metadata ?? {};
  const categories = strings(metadata.categories_suggested ?? metadata.categories);
  const phrases = strings(metadata.key_phrases);
  const editable = item.source === 'manual';
  return (
    <article className="detail" data-id={item.id} data-enriched={isEnriched(item)}>
      <p className="crumbs">
        <Link href="/">← Timeline</Link>
      </p>
      <ScreenTitle>{item.title}</ScreenTitle>
      <p className="meta">
        <span className={`badge source-${item.source}`}>{sourceLabel(item.source)}</span>
        <time dateTime={item.occurred_at}>{formatDateTime(item.occurred_at)}</time>
        {item.category && <span className="badge">{item.category}</span>}
        {item.tags?.map((tag) => (
          <span className="tag" key={tag}>
            #{tag}
          </span>
        ))}
      </p>
      <ErrorMessage error={error} />

      <section aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        {isEnriched(item) ? <p className="summary">{item.summary}</p> : <p className="pending">Being summarised…</p>}
        {categories.length > 0 && (
          <>
            <h3>Categories</h3>
            <ul className="chips" aria-label="Categories">
              {categories.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </>
        )}
        {phrases.length > 0 && (
          <>
            <h3>Key phrases</h3>
            <ul className="chips" aria-label="Key phrases">
              {phrases.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="content-h">
        <h2 id="content-h">Details</h2>
        <p className="content">{item.content}</p>
        {item.source_url && (
          <p>
            <a href={item.source_url} target="_blank" rel="noopener noreferrer">
              Open at the source ({new URL(item.source_url).host})
            </a>
          </p>
        )}
      </section>

      <section aria-labelledby="attachments-h">
        <h2 id="attachments-h">Attachments</h2>
        {attachments === null ? (
          <Loading label="Loading attachments…" />
        ) : attachments.length === 0 ? (
          <p className="muted">No attachments.</p>
        ) : (
          <ul className="attachments">
            {attachments.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className="link"
                  onClick={() => download(a).catch((e) => setAttachmentError(describe(e)))}
                >
                  {a.file_name}
                </button>{' '}
                <span className="muted">
                  {a.content_type} · {formatBytes(a.size_bytes)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {attachmentError && (
          <p className="field-error" role="alert">
            {attachmentError}
          </p>
        )}
        <div className="field">
          <label htmlFor="attach">Attach files</label>
          <input id="attach" type="file" multiple disabled={busy} onChange={(e) => void attach(e.target.files)} />
        </div>
      </section>

      <div className="actions">
        <ShareButton item={{ kind: 'evidence', id: item.id ?? id, noun: 'this item', title: item.title ?? 'This item' }} />
        {editable && (
          <Link href={`/evidence/${id}/edit`} className="button">
            Edit
          </Link>
        )}
        {!confirming ? (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete
          </button>
        ) : (
          <span role="group" aria-label="Confirm deletion" className="confirm">
            <span>Delete this item for good?</span>
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              Yes, delete
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        )}
      </div>
    </article>
  );
}
