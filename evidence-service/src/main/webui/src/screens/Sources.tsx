import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Empty, ErrorMessage, Field, Loading, ScreenTitle, formatDateTime } from '../components/ui';
import { ApiError, type Connection, type ConnectionRequest, type SyncJob, describe, ok, syncApi } from '../lib/api';
import { type StreamEvent, useStreamEvents } from '../lib/stream';

type Kind = 'gitlab' | 'jira_cloud_basic' | 'jira_dc_bearer';

const KIND_LABEL: Record<Kind, string> = {
  gitlab: 'GitLab (gitlab.com or self-managed)',
  jira_cloud_basic: 'Jira Cloud (e-mail and API token)',
  jira_dc_bearer: 'Jira Data Center / Server (personal access token)',
};

const STATUS_LABEL: Record<string, string> = {
  pending: 'Waiting',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
};

function ConnectForm({ onConnected }: { onConnected: () => void }) {
  const [kind, setKind] = useState<Kind>('gitlab');
  const [baseUrl, setBaseUrl] = useState('https://gitlab.com');
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [ca, setCa] = useState('');
  const [interval, setInterval] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const body: ConnectionRequest = {
      source: kind === 'gitlab' ? 'gitlab' : 'jira',
      base_url: baseUrl.trim(),
      token,
      ...(kind !== 'gitlab' ? { auth_type: kind } : {}),
      ...(kind === 'jira_cloud_basic' ? { email: email.trim() } : {}),
      ...(ca.trim() ? { ca_bundle_pem: ca } : {}),
      ...(interval ? { sync_interval_minutes: Number(interval) } : {}),
    };
    try {
      const created = ok(await syncApi.POST('/api/v1/connections', { body }));
      // The token is write-only: it is never shown again, so the form forgets it at once.
      setToken('');
      setCa('');
      const account = (created as Connection | undefined)?.account_name ?? (created as Connection | undefined)?.login;
      setDone(`Connected${account ? ` as ${account}` : ''}.`);
      onConnected();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldError(name) : undefined);

  return (
    <form className="stack card" onSubmit={submit} aria-labelledby="connect-h" noValidate>
      <h2 id="connect-h">Connect a source</h2>
      <Field id="c-kind" label="Source" error={fieldError('source') ?? fieldError('auth_type')}>
        {(aria) => (
          <select
            {...aria}
            value={kind}
            onChange={(e) => {
              const next = e.target.value as Kind;
              setKind(next);
              if (next === 'gitlab' && !baseUrl) setBaseUrl('https://gitlab.com');
            }}
          >
            {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="c-url" label="Server address" error={fieldError('base_url')} hint="e.g. https://gitlab.com, https://acme.atlassian.net">
        {(aria) => <input {...aria} type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required />}
      </Field>
      {kind === 'jira_cloud_basic' && (
        <Field id="c-email" label="Atlassian account e-mail" error={fieldError('email')}>
          {(aria) => <input {...aria} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
      )}
      <Field
        id="c-token"
        label={kind === 'jira_cloud_basic' ? 'API token' : 'Personal access token'}
        error={fieldError('token')}
        hint="Read-only scopes are enough. Stored encrypted and never shown again."
      >
        {(aria) => (
          <input {...aria} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required />
        )}
      </Field>
      <Field
        id="c-ca"
        label="CA certificates (optional)"
        error={fieldError('ca_bundle_pem')}
        hint="PEM, for a self-managed server whose certificate your company's own CA signed."
      >
        {(aria) => <textarea {...aria} rows={3} value={ca} onChange={(e) => setCa(e.target.value)} spellCheck={false} />}
      </Field>
      <Field id="c-interval" label="Sync automatically every (minutes, optional)" error={fieldError('sync_interval_minutes')}>
        {(aria) => (
          <input {...aria} type="number" min={15} max={10080} value={interval} onChange={(e) => setInterval(e.target.value)} />
        )}
      </Field>
      <ErrorMessage error={error} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy || !token}>
          {busy ? 'Checking the connection…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

function JobRow({ job }: { job: SyncJob }) {
  const running = job.status === 'running' || job.status === 'pending';
  return (
    <li className={`job job-${job.status}`} data-id={job.id} data-status={job.status}>
      <span className="badge">{job.source === 'gitlab' ? 'GitLab' : 'Jira'}</span>
      <span className="status">
        {running && <span className="spinner small" aria-hidden="true" />}
        {STATUS_LABEL[job.status ?? ''] ?? job.status}
      </span>
      <span>
        {job.items_processed ?? 0} processed, {job.items_created ?? 0} new
      </span>
      <span className="muted">{formatDateTime(job.started_at ?? job.created_at)}</span>
      {job.error_message && <span className="field-error">{job.error_message}</span>}
    </li>
  );
}

/** Connect GitLab or Jira, run a sync and watch its progress live. */
export default function Sources() {
  const [connections, setConnections] = useState<Connection[] | null>(null);
  const [jobs, setJobs] = useState<SyncJob[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [c, j] = await Promise.all([
        syncApi.GET('/api/v1/connections', { params: { query: { limit: 100 } } }).then(ok),
        syncApi.GET('/api/v1/sync-jobs', { params: { query: { limit: 20 } } }).then(ok),
      ]);
      setConnections(c.items ?? []);
      setJobs(j.items ?? []);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const onEvent = useCallback(
    (event: StreamEvent) => {
      const p = event.payload as {
        jobId?: string;
        status?: SyncJob['status'];
        itemsProcessed?: number;
        itemsCreated?: number;
        errorMessage?: string;
      };
      setJobs((current) => {
        if (!current?.some((j) => j.id === p.jobId)) {
          void load();
          return current;
        }
        return current.map((j) =>
          j.id === p.jobId
            ? {
                ...j,
                status: p.status ?? j.status,
                items_processed: p.itemsProcessed ?? j.items_processed,
                items_created: p.itemsCreated ?? j.items_created,
                error_message: p.errorMessage ?? j.error_message,
              }
            : j,
        );
      });
    },
    [load],
  );
  useStreamEvents(['sync-job.'], onEvent);

  const sync = async (source: 'gitlab' | 'jira') => {
    setActionError(null);
    try {
      const job = ok(await syncApi.POST('/api/v1/sync-jobs', { body: { source } })) as SyncJob | undefined;
      if (job?.id) setJobs((current) => [job, ...(current ?? []).filter((j) => j.id !== job.id)]);
      else void load();
    } catch (e) {
      setActionError(describe(e));
    }
  };
  const disconnect = async (id: string) => {
    setActionError(null);
    try {
      ok(await syncApi.DELETE('/api/v1/connections/{id}', { params: { path: { id } } }));
      void load();
    } catch (e) {
      setActionError(describe(e));
    }
  };

  return (
    <section>
      <ScreenTitle>Sources</ScreenTitle>
      <ErrorMessage error={error}>
        <button type="button" className="secondary" onClick={() => void load()}>
          Try again
        </button>
      </ErrorMessage>
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      <section aria-labelledby="connections-h">
        <h2 id="connections-h">Connected sources</h2>
        {connections === null && !error && <Loading label="Loading connections…" />}
        {connections?.length === 0 && (
          <Empty>
            <p>No source connected yet. Connect GitLab or Jira below to bring in your merged work, reviews and issues.</p>
          </Empty>
        )}
        <ul className="connections">
          {connections?.map((c) => (
            <li key={c.id} className="card" data-id={c.id}>
              <div>
                <strong>{c.source === 'gitlab' ? 'GitLab' : 'Jira'}</strong> · {c.base_url}
                <br />
                <span className="muted">
                  {c.account_name ?? c.login}
                  {c.custom_ca ? ' · own CA' : ''}
                  {c.sync_interval_minutes ? ` · every ${c.sync_interval_minutes} min` : ''}
                </span>
              </div>
              <div className="actions">
                <button type="button" onClick={() => void sync(c.source ?? 'gitlab')}>
                  Sync now
                </button>
                <button type="button" className="secondary" onClick={() => void disconnect(c.id ?? '')}>
                  Disconnect
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="jobs-h">
        <h2 id="jobs-h">Recent syncs</h2>
        {jobs?.length === 0 && <p className="muted">No sync has run yet.</p>}
        <ul className="jobs" aria-live="polite">
          {jobs?.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </ul>
      </section>
      <ConnectForm onConnected={() => void load()} />
    </section>
  );
}
