import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Manager, type Share, type ShareKind, evidenceApi, insightApi, ok } from '../lib/api';
import { useStreamEvents } from '../lib/stream';
import { Confirm, ErrorMessage, Field, Loading, formatDate } from './ui';

/** Something of the owner's that the dialog offers to share: its kind, id, and how to name it in a sentence. */
export interface ShareItem {
  kind: ShareKind;
  id: string;
  /** e.g. "this review packet" */
  noun: string;
  /** e.g. "Review packet: H1 2026" */
  title: string;
}

const KIND_LABEL: Record<ShareKind, string> = { packet: 'Review packet', evidence: 'Evidence', insight: 'Insight' };

/** A "Share…" button that opens the share dialog, and gives the focus back to itself when the dialog closes. */
export function ShareButton(props: { item?: ShareItem; label?: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        type="button"
        className={props.className ?? 'secondary'}
        ref={button}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {props.label ?? 'Share…'}
      </button>
      {open && (
        <ShareDialog
          item={props.item}
          onClose={() => {
            setOpen(false);
            setTimeout(() => button.current?.focus());
          }}
        />
      )}
    </>
  );
}

/** The titles of shared items, looked up once each (the share list names only kinds and ids). */
async function titleOf(share: Share): Promise<string | null> {
  if (share.kind === 'evidence') {
    const r = await evidenceApi.GET('/api/v1/evidence/{id}', { params: { path: { id: share.item_id } } });
    return r.data?.title ?? null;
  }
  if (share.kind === 'insight') {
    const r = await insightApi.GET('/api/v1/insights/{id}', { params: { path: { id: share.item_id } } });
    return r.data?.title ?? null;
  }
  return null;
}

/** Packets are found through their periods: only when a shared packet is not the one the dialog is about. */
async function packetTitles(ids: string[]): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const periods = await evidenceApi.GET('/api/v1/periods', { params: { query: { limit: 100 } } });
  for (const period of periods.data?.items ?? []) {
    if (ids.every((id) => found[id])) break;
    const r = await evidenceApi.GET('/api/v1/periods/{periodId}/packet', { params: { path: { periodId: period.id } } });
    if (r.data && ids.includes(r.data.id)) found[r.data.id] = `Review packet: ${period.name}`;
  }
  return found;
}

/**
 * The owner's sharing, in a modal dialog (the browser's own: focus stays inside, Escape closes): name the manager by
 * e-mail, share the item the dialog was opened for, see everything shared and revoke any of it at once.
 */
export function ShareDialog({ item, onClose }: { item?: ShareItem; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [manager, setManager] = useState<Manager | null | undefined>(undefined);
  const [managerEmail, setManagerEmail] = useState<string | null>(null);
  const [shares, setShares] = useState<Share[] | null>(null);
  const [titles, setTitles] = useState<Record<string, string>>(item ? { [item.id]: item.title } : {});
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [email, setEmail] = useState('');
  const [changing, setChanging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);

  useEffect(() => {
    const node = dialog.current;
    if (node && !node.open) node.showModal();
  }, []);

  const load = useCallback(async () => {
    try {
      const [m, s] = await Promise.all([
        evidenceApi.GET('/api/v1/manager'),
        evidenceApi.GET('/api/v1/shares', { params: { query: { limit: 100 } } }),
      ]);
      setManager(m.response.status === 404 ? null : ok(m));
      setShares(ok(s).items ?? []);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useStreamEvents(['share.'], load);

  // Titles of the shared items the dialog does not know yet.
  useEffect(() => {
    const missing = (shares ?? []).filter((s) => !(s.item_id in titles));
    if (missing.length === 0) return;
    let current = true;
    void (async () => {
      const next: Record<string, string> = {};
      await Promise.all(
        missing
          .filter((s) => s.kind !== 'packet')
          .map(async (s) => {
            next[s.item_id] = (await titleOf(s).catch(() => null)) ?? 'An item that no longer exists';
          }),
      );
      const packets = missing.filter((s) => s.kind === 'packet').map((s) => s.item_id);
      if (packets.length > 0) {
        const found = await packetTitles(packets).catch(() => ({}) as Record<string, string>);
        packets.forEach((id) => (next[id] = found[id] ?? 'Review packet'));
      }
      if (current) setTitles((known) => ({ ...known, ...next }));
    })();
    return () => {
      current = false;
    };
  }, [shares, titles]);

  const act = async (action: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(null);
    setSaid(null);
    try {
      await action();
      setSaid(done);
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const nameManager = (e: FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    void act(async () => {
      setManager(ok(await evidenceApi.PUT('/api/v1/manager', { body: { email: address } })));
      setManagerEmail(address);
      setChanging(false);
      setEmail('');
    }, `${address} is now your manager.`);
  };
  const removeManager = () =>
    void act(async () => {
      ok(await evidenceApi.DELETE('/api/v1/manager'));
      setManager(null);
      setManagerEmail(null);
    }, 'You have no manager now; nothing is shared.');
  const share = () =>
    item &&
    void act(async () => {
      ok(await evidenceApi.POST('/api/v1/shares', { body: { kind: item.kind, item_id: item.id } }));
    }, `Shared ${item.noun} with your manager.`);
  const revoke = (s: Share) =>
    void act(async () => {
      ok(await evidenceApi.DELETE('/api/v1/shares/{id}', { params: { path: { id: s.id } } }));
    }, `Revoked: your manager no longer sees ${s.item_id === item?.id ? item.noun : (titles[s.item_id] ?? 'it')}.`);

  const emailError = error instanceof ApiError ? error.fieldError('email') : undefined;
  const existing = item && shares?.find((s) => s.kind === item.kind && s.item_id === item.id);
  const showForm = manager === null || changing;

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="share-h" onClose={onClose}>
      <div className="dialog-head">
        <h2 id="share-h">Share with your manager</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted">
        Your manager sees only what you share here, read-only, and nothing else: not a count, not a title. Revoking takes
        effect at once.
      </p>
      <ErrorMessage error={loadError}>
        <button type="button" className="secondary" onClick={() => void load()}>
          Try again
        </button>
      </ErrorMessage>
      {manager === undefined && !loadError && <Loading label="Loading your sharing…" />}

      {manager !== undefined && (
        <section aria-labelledby="manager-h">
          <h3 id="manager-h">Your manager</h3>
          {manager && (
            <p data-manager-id={manager.manager_id}>
              {(managerEmail ?? manager.email) ? <strong>{managerEmail ?? manager.email}</strong> : 'Named'} since {formatDate(manager.since)}.
            </p>
          )}
          {showForm ? (
            <form onSubmit={nameManager} noValidate aria-label="Name your manager">
              <Field
                id="share-email"
                label="Your manager's e-mail address"
                error={emailError}
                hint={
                  manager
                    ? 'Naming someone else revokes everything you share with your current manager.'
                    : 'Someone with the manager role who has signed in to PerformancePulse once.'
                }
              >
                {(aria) => (
                  <input
                    {...aria}
                    type="email"
                    autoComplete="email"
                    required
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                  />
                )}
              </Field>
              <div className="actions">
                <button type="submit" disabled={busy || !email.trim()}>
                  Name manager
                </button>
                {changing && (
                  <button type="button" className="secondary" onClick={() => setChanging(false)}>
                    Cancel
                  </button>
                )}
              </div>
            </form>
          ) : (
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setChanging(true)}>
                Change manager…
              </button>
              <Confirm
                label="Remove manager…"
                question="Remove your manager and revoke everything you share?"
                confirmLabel="Yes, remove"
                busy={busy}
                onConfirm={removeManager}
              />
            </div>
          )}
        </section>
      )}

      {item && shares && manager !== undefined && (
        <section aria-labelledby="item-h">
          <h3 id="item-h">{item.title}</h3>
          {existing ? (
            <div className="actions">
              <span>Shared with your manager since {formatDate(existing.created_at)}.</span>
              <button type="button" className="danger" disabled={busy} onClick={() => revoke(existing)}>
                Revoke
              </button>
            </div>
          ) : (
            <div className="actions">
              <button type="button" disabled={busy || !manager} onClick={share} aria-describedby="item-hint">
                Share {item.noun}
              </button>
              <span className="hint" id="item-hint">
                {manager ? 'Your manager sees it at once, read-only.' : 'Name your manager first.'}
                {item.kind === 'packet' && ' A packet shares its text, its period, its goals and the evidence it cites.'}
              </span>
            </div>
          )}
        </section>
      )}

      {!loadError && <ErrorMessage error={emailError ? null : error} />}
      {said && (
        <p className="notice" role="status">
          {said}
        </p>
      )}

      {shares && (
        <section aria-labelledby="shares-h">
          <h3 id="shares-h">
            What you share <span className="count">({shares.length})</span>
          </h3>
          {shares.length === 0 ? (
            <p className="muted">You share nothing yet.</p>
          ) : (
            <ul className="shares">
              {shares.map((s) => (
                <li key={s.id} data-kind={s.kind} data-item-id={s.item_id}>
                  <span>
                    <span className="badge">{KIND_LABEL[s.kind]}</span> {titles[s.item_id] ?? '…'}{' '}
                    <span className="muted">since {formatDate(s.created_at)}</span>
                  </span>
                  <button type="button" className="secondary" disabled={busy} onClick={() => revoke(s)}>
                    Revoke<span className="sr-only"> {titles[s.item_id] ?? KIND_LABEL[s.kind]}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </dialog>
  );
}
