/** Small pieces the options sections share: problem lists, status lines, async loading. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { KIND_KEY, localDateTime, type Kind } from '../labels';
import { CONCLUSION_VALUES, type Problem } from './api';

/**
 * Problems as a list the screen reader announces: 「place：reason」, the place naming pack ›
 * rule › field (or table › row › field for backups).
 */
export function Problems({
  problems,
  testId,
  id,
}: {
  problems: readonly Problem[];
  testId?: string;
  id?: string;
}) {
  if (!problems.length) return null;
  return (
    <ul class="problems" role="alert" data-testid={testId} id={id}>
      {problems.map((p, i) => (
        <li key={i}>
          {p.path && <strong>{p.path}</strong>}
          {p.path && '：'}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * A modal dialog of the options page: its heading, its actions with 关闭 last, and its body.
 * Focus moves into it on opening and back to what opened it on closing; Escape and a click on
 * the backdrop close it.
 */
export function Dialog({
  titleId,
  title,
  testId,
  actions,
  onClose,
  children,
}: {
  /** The heading's id (the dialog is labelled by it). */
  titleId: string;
  title: ComponentChildren;
  testId: string;
  /** Buttons before 关闭. */
  actions?: ComponentChildren;
  onClose(): void;
  children: ComponentChildren;
}) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement;
    box.current?.focus();
    return () => (opener as HTMLElement | null)?.focus?.();
  }, []);
  return (
    <div class="backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        ref={box}
        data-testid={testId}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <div class="section-head">
          <h2 id={titleId}>{title}</h2>
          <div class="actions">
            {actions}
            <button type="button" onClick={onClose}>
              {t('options.close')}
            </button>
          </div>
        </div>
        {children}
      </div>
    </div>
  );
}

/** A polite live region for "saved", "imported", "3 records restored". */
export function Status({ text, testId }: { text: string | null; testId?: string }) {
  return (
    <p class="status" role="status" aria-live="polite" data-testid={testId}>
      {text ?? ''}
    </p>
  );
}

/** A section with its heading, labelled for landmarks navigation. */
export function Section({
  id,
  title,
  children,
  actions,
}: {
  id: string;
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="opt-section" aria-labelledby={`${id}-title`} data-section={id}>
      <div class="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions && <div class="actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** The state of an async load: data, error text, and a way to load again. */
export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  reload(): Promise<void>;
}

/**
 * Load once on mount (and on `reload`). A load that finishes after a newer one started is
 * dropped, so a slow answer never overwrites a fresh one.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const value = await load();
      if (mine === generation.current) {
        setData(value);
        setError(null);
      }
    } catch (e) {
      if (mine === generation.current) setError((e as Error).message ?? String(e));
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** A local date `YYYY-MM-DD` from an ISO instant. */
export function localDate(iso: string): string {
  return localDateTime(iso).slice(0, 10);
}

/** Show an error thrown by the API as a status line. */
export function ErrorLine({ error }: { error: string | null }) {
  const t = useT();
  if (!error) return null;
  return (
    <p class="error-box" role="alert">
      {t('options.failed', [error])}
    </p>
  );
}

/** The `<option>`s of the two classifications, for a `<select>` of a record's classification. */
export function ClassificationOptions() {
  const t = useT();
  return (
    <>
      {(Object.keys(KIND_KEY) as Kind[]).map((k) => (
        <option key={k} value={k}>
          {t(KIND_KEY[k])}
        </option>
      ))}
    </>
  );
}

/** The `<option>`s of the three conclusions, for a `<select>` of a record's conclusion. */
export function ConclusionOptions() {
  return (
    <>
      {CONCLUSION_VALUES.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </>
  );
}
