import { type FormEvent, useEffect, useState } from 'react';
import { ErrorMessage, Field, Loading, ScreenTitle } from '../components/ui';
import { ApiError, type Profile as ProfileView, evidenceApi, ok } from '../lib/api';

/** Name, GitLab username and the LLM opt-out (preference `llm: false`). */
export default function Profile() {
  const [profile, setProfile] = useState<ProfileView | null>(null);
  const [name, setName] = useState('');
  const [gitlab, setGitlab] = useState('');
  const [llm, setLlm] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const show = (p: ProfileView) => {
    setProfile(p);
    setName(p.full_name ?? '');
    setGitlab(p.gitlab_username ?? '');
    setLlm((p.preferences as { llm?: boolean } | undefined)?.llm !== false);
  };
  useEffect(() => {
    evidenceApi
      .GET('/api/v1/profile')
      .then(ok)
      .then(show)
      .catch(setError);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      show(
        ok(
          await evidenceApi.PATCH('/api/v1/profile', {
            body: {
              full_name: name.trim() || null,
              gitlab_username: gitlab.trim() || null,
              // The document types preferences as null only (see the report); it is a JSON object (merge-patch).
              preferences: { ...(profile?.preferences ?? {}), llm } as never,
            },
          }),
        ),
      );
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);

  if (!profile) {
    return (
      <section>
        <ScreenTitle>Profile</ScreenTitle>
        {error ? <ErrorMessage error={error} /> : <Loading label="Loading your profile…" />}
      </section>
    );
  }
  return (
    <section>
      <ScreenTitle>Profile</ScreenTitle>
      <p className="muted">
        Signed in as {profile.email ?? 'you'} ({profile.role}).
      </p>
      <form className="stack" onSubmit={submit} noValidate>
        <Field id="p-name" label="Full name" error={fieldError('full_name')}>
          {(aria) => <input {...aria} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field
          id="p-gitlab"
          label="GitLab username"
          error={fieldError('gitlab_username')}
          hint="Used to recognise your own work in GitLab."
        >
          {(aria) => <input {...aria} value={gitlab} onChange={(e) => setGitlab(e.target.value)} />}
        </Field>
        <div className="field inline">
          <input
            id="p-llm"
            type="checkbox"
            checked={llm}
            aria-describedby="p-llm-hint"
            onChange={(e) => setLlm(e.target.checked)}
          />
          <label htmlFor="p-llm">Let a language model summarise my evidence and write insights</label>
        </div>
        <p className="hint" id="p-llm-hint">
          When off, your evidence is processed only on this server, with the local analysis, even if a model is configured.
          {fieldError('preferences') ? ` ${fieldError('preferences')}` : ''}
        </p>
        <ErrorMessage error={error} />
        {saved && (
          <p className="notice" role="status">
            Saved.
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </section>
  );
}
