import { type FormEvent, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorMessage, Field, Loading, ScreenTitle } from '../components/ui';
import { ApiError, type Evidence, etag, evidenceApi, ok } from '../lib/api';

interface Form {
  title: string;
  content: string;
  category: string;
  tags: string;
  source_url: string;
  occurred_at: string;
}

const EMPTY: Form = { title: '', content: '', category: '', tags: '', source_url: '', occurred_at: '' };

/** datetime-local value (the user's local time) from an ISO instant, and back. */
function toLocalInput(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function fromItem(item: Evidence): Form {
  return {
    title: item.title ?? '',
    content: item.content ?? '',
    category: item.category ?? '',
    tags: (item.tags ?? []).join(', '),
    source_url: item.source_url ?? '',
    occurred_at: toLocalInput(item.occurred_at),
  };
}

function body(form: Form) {
  return {
    title: form.title,
    content: form.content,
    category: form.category.trim() || null,
    tags: form.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    source_url: form.source_url.trim() || null,
    ...(form.occurred_at ? { occurred_at: new Date(form.occurred_at).toISOString() } : {}),
  };
}

/** Add a note (no id) or edit one (with id): the edit sends If-Match with the version it read. */
export default function NoteEditor({ id }: { id?: string }) {
  const [, navigate] = useLocation();
  const [form, setForm] = useState<Form>(EMPTY);
  const [item, setItem] = useState<Evidence | null>(null);
  const [loading, setLoading] = useState(!!id);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);

  const read = async () => {
    if (!id) return;
    setLoading(true);
    setError(null);
    setConflict(false);
    try {
      const current = ok(await evidenceApi.GET('/api/v1/evidence/{id}', { params: { path: { id } } }));
      setItem(current);
      setForm(fromItem(current));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void read();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setConflict(false);
    try {
      if (id && item) {
        ok(
          await evidenceApi.PATCH('/api/v1/evidence/{id}', {
            params: { path: { id }, header: { 'If-Match': etag(item.version) } },
            body: body(form),
          }),
        );
        navigate(`/evidence/${id}`);
      } else {
        const created = ok(await evidenceApi.POST('/api/v1/evidence', { body: body(form) }));
        navigate(`/?added=${created.id}`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) setConflict(true);
      else setError(err);
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldError(name) : undefined);
  const set = (name: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });

  if (loading) return <Loading label="Loading the note…" />;
  if (id && !item) {
    return (
      <section>
        <ScreenTitle>Edit note</ScreenTitle>
        <ErrorMessage error={error} />
      </section>
    );
  }
  return (
    <section>
      <ScreenTitle>{id ? 'Edit note' : 'Add a note'}</ScreenTitle>
      {conflict && (
        <div className="error conflict" role="alert">
          <p>
            <strong>This note changed elsewhere</strong> since you opened it, so your changes were not saved. Reload it to
            see the latest version, then make your change again.
          </p>
          <button type="button" onClick={() => void read()}>
            Reload the latest version
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
      <form className="stack" onSubmit={submit} noValidate>
        <Field id="n-title" label="Title" error={fieldError('title')}>
          {(aria) => <input {...aria} value={form.title} onChange={set('title')} maxLength={200} required />}
        </Field>
        <Field id="n-content" label="What did you do?" error={fieldError('content')} hint="The outcome, and how you got there.">
          {(aria) => <textarea {...aria} value={form.content} onChange={set('content')} rows={8} required />}
        </Field>
        <div className="row">
          <Field id="n-category" label="Category" error={fieldError('category')} hint="Optional, e.g. feature, incident">
            {(aria) => <input {...aria} value={form.category} onChange={set('category')} />}
          </Field>
          <Field id="n-occurred" label="When" error={fieldError('occurred_at')} hint="Defaults to now">
            {(aria) => <input {...aria} type="datetime-local" value={form.occurred_at} onChange={set('occurred_at')} />}
          </Field>
        </div>
        <Field id="n-tags" label="Tags" error={fieldError('tags')} hint="Comma-separated, e.g. performance, search">
          {(aria) => <input {...aria} value={form.tags} onChange={set('tags')} />}
        </Field>
        <Field id="n-url" label="Link" error={fieldError('source_url')} hint="Optional http(s) address">
          {(aria) => <input {...aria} type="url" value={form.source_url} onChange={set('source_url')} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : id ? 'Save changes' : 'Add note'}
          </button>
          <Link href={id ? `/evidence/${id}` : '/'} className="button secondary">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
