import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError, describe } from '../lib/api';

/** A labelled form control with its hint and the API's error for that field next to it. */
export function Field(props: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: (aria: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children({ id: props.id, 'aria-invalid': !!props.error, 'aria-describedby': describedBy || undefined })}
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A failure, said once in words; field errors are shown by the fields themselves. */
export function ErrorMessage({ error, children }: { error: unknown; children?: ReactNode }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? (error.problem.errors?.length ?? 0) : 0;
  return (
    <div className="error" role="alert">
      <p>{fields > 0 ? 'Please correct the highlighted fields.' : describe(error)}</p>
      {children}
    </div>
  );
}

/** The screen's heading; focused when the screen opens, so keyboard and screen reader users start there. */
export function ScreenTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso?: string | null): string {
  return iso ? dateFormat.format(new Date(iso)) : '';
}

export function formatDateTime(iso?: string | null): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : '';
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar day (`2026-07-01`) as it is written, whatever the browser's time zone. */
export function formatDay(day?: string | null): string {
  return day ? dayFormat.format(new Date(`${day}T00:00:00Z`)) : '';
}

/**
 * A button for an action that cannot be undone: the first press asks, in words, next to the button; the second
 * confirms. Focus moves to the confirming button and back when the person keeps things as they are.
 */
export function Confirm(props: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  keepLabel?: string;
  busy?: boolean;
  /** Smaller buttons, for an action on one item of a list. */
  size?: 'small';
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className={`danger ${props.size ?? ''}`} ref={opener} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span role="group" aria-label={props.label} className="confirm">
      <span>{props.question}</span>
      <button
        type="button"
        className={`danger ${props.size ?? ''}`}
        ref={confirm}
        disabled={props.busy}
        onClick={props.onConfirm}
      >
        {props.confirmLabel}
      </button>
      <button
        type="button"
        className={`secondary ${props.size ?? ''}`}
        onClick={() => {
          setAsking(false);
          setTimeout(() => opener.current?.focus());
        }}
      >
        {props.keepLabel ?? 'Keep it'}
      </button>
    </span>
  );
}

/** Text with the query's words marked (case-insensitive, whole words of 3+ letters). */
export function Highlight({ text, query }: { text: string; query: string }) {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3);
  if (words.length === 0 || !text) return <>{text}</>;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  const parts = text.split(pattern);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}
    </>
  );
}
