import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { CitationList } from '../components/Citations';
import { PacketBody, generatorLabel } from '../components/PacketBody';
import { ShareButton } from '../components/ShareDialog';
import { Confirm, Empty, ErrorMessage, Field, Loading, ScreenTitle, formatDateTime, formatDay } from '../components/ui';
import { ApiError, type PacketBullet, type Period, type ReviewPacket, describe, evidenceApi, ok } from '../lib/api';
import { fileNameOf, saveFile } from '../lib/download';

type Format = 'markdown' | 'pdf' | 'json';
const FORMATS: { format: Format; label: string; extension: string }[] = [
  { format: 'markdown', label: 'Markdown', extension: 'md' },
  { format: 'pdf', label: 'PDF', extension: 'pdf' },
  { format: 'json', label: 'JSON', extension: 'json' },
];

/** One bullet for its owner: the text (edited inline; the citations stay attached), its evidence, remove. */
function EditableBullet(props: { packet: ReviewPacket; bullet: PacketBullet; onPacket: (packet: ReviewPacket) => void }) {
  const { bullet, packet } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(bullet.text);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    // Back to the bullet's Edit button once the edit is saved or cancelled, so keyboard users keep their place.
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onPacket(
        ok(
          await evidenceApi.PATCH('/api/v1/packets/{id}/bullets/{bulletId}', {
            params: { path: { id: packet.id, bulletId: bullet.id } },
            body: { text: text.trim() },
          }),
        ),
      );
      setEditing(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      props.onPacket(
        ok(
          await evidenceApi.DELETE('/api/v1/packets/{id}/bullets/{bulletId}', {
            params: { path: { id: packet.id, bulletId: bullet.id } },
          }),
        ),
      );
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const cancel = () => {
    setText(bullet.text);
    setError(null);
    setEditing(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };
  const textError = error instanceof ApiError ? error.fieldError('text') : undefined;

  return (
    <>
      {editing ? (
        <form onSubmit={save} onKeyDown={onKey} noValidate aria-label="Edit the bullet">
          <Field id={`b-${bullet.id}`} label="Bullet text" error={textError} hint="Its evidence stays cited. Escape cancels.">
            {(aria) => (
              <textarea {...aria} autoFocus rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
            )}
          </Field>
          {!textError && <ErrorMessage error={error} />}
          <div className="actions">
            <button type="submit" disabled={busy || !text.trim()}>
              Save
            </button>
            <button type="button" className="secondary" onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="bullet-text">
          {bullet.text} {bullet.edited && <span className="badge">Edited</span>}
        </p>
      )}
      <CitationList citations={bullet.citations} label="Evidence cited" />
      {!editing && (
        <div className="actions">
          <button type="button" className="secondary small" ref={editButton}
            onClick={() => {
              setText(bullet.text);
              setEditing(true);
            }}
          >
            Edit<span className="sr-only"> the bullet</span>
          </button>
          <Confirm
            label="Remove…"
            question="Remove this bullet from the packet?"
            confirmLabel="Yes, remove"
            size="small"
            busy={busy}
            onConfirm={() => void remove()}
          />
          {error ? <span className="field-error">{describe(error)}</span> : null}
        </div>
      )}
    </>
  );
}

/** The review packet of a period: generate or regenerate, edit and remove bullets, export, share. */
export default function Packet({ periodId }: { periodId: string }) {
  const [period, setPeriod] = useState<Period | null>(null);
  // undefined while loading; null when none was generated yet.
  const [packet, setPacket] = useState<ReviewPacket | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState<Format | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [p, k] = await Promise.all([
        evidenceApi.GET('/api/v1/periods/{id}', { params: { path: { id: periodId } } }),
        evidenceApi.GET('/api/v1/periods/{periodId}/packet', { params: { path: { periodId } } }),
      ]);
      setPeriod(ok(p));
      setPacket(k.response.status === 404 ? null : ok(k));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [periodId]);
  useEffect(() => {
    void load();
  }, [load]);

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      setPacket(ok(await evidenceApi.POST('/api/v1/periods/{periodId}/packet', { params: { path: { periodId } } })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const download = async (format: Format, extension: string) => {
    setExporting(format);
    setExportError(null);
    try {
      const result = await evidenceApi.GET('/api/v1/periods/{periodId}/packet/export', {
        params: { path: { periodId }, query: { format } },
        parseAs: 'blob',
      });
      saveFile(ok(result) as Blob, fileNameOf(result.response, `review-packet.${extension}`));
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(null);
    }
  };

  const back = (
    <p className="crumbs">
      <Link href={`/review/${periodId}`}>← {period?.name ?? 'The period'}</Link>
    </p>
  );
  if (!period) {
    return (
      <section>
        {back}
        {error ? (
          <>
            <ScreenTitle>Review packet</ScreenTitle>
            <ErrorMessage error={error} />
          </>
        ) : (
          <Loading label="Loading the packet…" />
        )}
      </section>
    );
  }
  return (
    <section className="packet" data-id={packet?.id}>
      {back}
      <ScreenTitle>Review packet: {period.name}</ScreenTitle>
      <p className="meta">
        <span>
          {formatDay(period.start_date)} – {formatDay(period.end_date)}
        </span>
        {packet && (
          <span>
            Generated {formatDateTime(packet.generated_at)}, {generatorLabel(packet.generator)}
          </span>
        )}
      </p>
      <p className="lead-in">
        Every bullet cites evidence that the server checks each time the packet is read or exported: it exists, it is
        yours and it falls in the period. Edit the text freely; the citations stay attached.
      </p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void generate()} className={packet ? 'secondary' : undefined}>
          {busy ? 'Writing the packet…' : packet ? 'Regenerate' : 'Generate the packet'}
        </button>
        {packet && (
          <ShareButton item={{ kind: 'packet', id: packet.id, noun: 'this packet', title: `Review packet: ${period.name}` }} />
        )}
      </div>
      {packet && <p className="hint">Regenerating keeps the bullets you edited and writes the others afresh.</p>}
      <ErrorMessage error={error} />
      {packet === undefined && !error && <Loading label="Loading the packet…" />}
      {packet === null && (
        <Empty>
          <p>No packet for this period yet.</p>
          <p>
            Generate it: achievements, strengths, growth areas and trends from the period's insights and evidence, and
            the progress of each <Link href={`/review/${periodId}`}>goal</Link>. It works without a language model.
          </p>
        </Empty>
      )}
      {packet && (
        <>
          <div className="actions export" role="group" aria-labelledby="export-label">
            <span id="export-label" className="label">
              Export
            </span>
            {FORMATS.map((f) => (
              <button
                key={f.format}
                type="button"
                className="secondary"
                disabled={exporting !== null}
                onClick={() => void download(f.format, f.extension)}
              >
                {exporting === f.format ? `${f.label}…` : f.label}
              </button>
            ))}
          </div>
          <ErrorMessage error={exportError} />
          {packet.dropped_bullets > 0 && (
            <p className="notice warn" role="status">
              {packet.dropped_bullets} bullet{packet.dropped_bullets === 1 ? ' was' : 's were'} left out: the evidence
              {packet.dropped_bullets === 1 ? ' it' : ' they'} cited was deleted or no longer falls in the period. A
              bullet is never shown or exported without a valid citation.
            </p>
          )}
          <PacketBody
            packet={packet}
            level={2}
            bullet={(b) => <EditableBullet key={b.id} packet={packet} bullet={b} onPacket={setPacket} />}
          />
        </>
      )}
    </section>
  );
}
