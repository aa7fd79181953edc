/**
 * The 合法性审查意见书 editor: the drafted opinion as an editable form — header, opening,
 * 审查依据, the numbered items (each with its source, reorderable, removable; new ones added
 * by hand), the 公平竞争审查 paragraph, other remarks, the conclusion — with save, draft again,
 * .docx export and a print view. Props in, JSX out: saving, exporting and printing are the
 * wiring's. Every text is rendered as text.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { moveItem, newItem, withConclusion } from '@/rules/opinion';
import { OPINION_TITLE, headerLines, opinionSections, signatureLines } from '@/rules/opinion/text';
import {
  OPINION_LIMITS,
  OpinionConclusionSchema,
  type Opinion,
  type OpinionItem,
} from '@/rules/schema';
import { useT } from './i18n';

export interface OpinionEditorProps {
  idPrefix: string;
  opinion: Opinion;
  onChange(next: Opinion): void;
  /** Saves; resolves to the round of the record it went into, or null (a draft only). */
  onSave(): Promise<number | null>;
  /** Drafts the opinion again from the current review (the wiring asks nothing more). */
  onRegenerate(): void;
  onExport(): Promise<{ name: string; blob: Blob }>;
  onPrint(): void;
  /** True when there are changes not yet saved. */
  dirty: boolean;
}

type Status = { kind: 'ok' | 'error'; text: string } | null;

export function OpinionEditor({
  idPrefix,
  opinion: o,
  onChange,
  onSave,
  onRegenerate,
  onExport,
  onPrint,
  dirty,
}: OpinionEditorProps) {
  const t = useT();
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState<'save' | 'export' | null>(null);
  const [file, setFile] = useState<{ name: string; href: string } | null>(null);
  const link = useRef<HTMLAnchorElement>(null);
  // Object URLs hold the document in memory until revoked.
  useEffect(() => () => file && URL.revokeObjectURL(file.href), [file]);
  useEffect(() => {
    if (file) link.current?.click();
  }, [file]);

  const id = (k: string) => `${idPrefix}-opinion-${k}`;
  const set = <K extends keyof Opinion>(key: K, value: Opinion[K]) =>
    onChange({ ...o, [key]: value });
  const setItem = (i: number, patch: Partial<OpinionItem>) =>
    onChange({
      ...o,
      items: o.items.map((it, j) => (j === i ? { ...it, ...patch, edited: true } : it)),
    });
  const val = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;

  const save = async () => {
    setBusy('save');
    setStatus(null);
    try {
      const round = await onSave();
      setStatus({
        kind: 'ok',
        text: round !== null ? t('opinion.savedRecord', [round]) : t('opinion.savedDraft'),
      });
    } catch (e) {
      setStatus({
        kind: 'error',
        text: t('opinion.saveFailed', [(e as Error)?.message ?? String(e)]),
      });
    } finally {
      setBusy(null);
    }
  };
  const exportDocx = async () => {
    setBusy('export');
    setStatus(null);
    try {
      const { name, blob } = await onExport();
      setFile({ name, href: URL.createObjectURL(blob) });
    } catch (e) {
      setStatus({
        kind: 'error',
        text: t('opinion.exportFailed', [(e as Error)?.message ?? String(e)]),
      });
    } finally {
      setBusy(null);
    }
  };

  const field = (
    k: 'docTitle' | 'drafter' | 'office' | 'reviewer',
    label: Parameters<typeof t>[0],
    max: number,
  ) => (
    <label for={id(k)}>
      {t(label)}
      <input id={id(k)} value={o[k]} maxLength={max} onInput={(e) => set(k, val(e))} />
    </label>
  );

  return (
    <section class="opinion-editor" aria-labelledby={id('title')} data-testid="opinion-editor">
      <h3 id={id('title')}>{t('opinion.title')}</h3>
      <p class="muted">{t('opinion.hint')}</p>
      <div class="opinion-actions">
        <button
          type="button"
          class="primary"
          onClick={save}
          disabled={busy !== null}
          data-testid="opinion-save"
        >
          {busy === 'save' ? t('opinion.saving') : t('opinion.save')}
          {dirty ? ' *' : ''}
        </button>
        <button
          type="button"
          onClick={exportDocx}
          disabled={busy !== null}
          data-testid="opinion-export"
        >
          {busy === 'export' ? t('opinion.exporting') : t('opinion.export')}
        </button>
        <button type="button" onClick={onPrint} data-testid="opinion-print-button">
          {t('opinion.print')}
        </button>
        <button
          type="button"
          onClick={() => (!dirty || confirm(t('opinion.regenerateConfirm'))) && onRegenerate()}
          data-testid="opinion-regenerate"
        >
          {t('opinion.regenerate')}
        </button>
      </div>
      {file && (
        <p>
          <a ref={link} href={file.href} download={file.name} data-testid="opinion-link">
            {t('opinion.exportReady', [file.name])}
          </a>
        </p>
      )}
      {status && (
        <p
          class={status.kind === 'error' ? 'error-box' : 'ok'}
          role={status.kind === 'error' ? 'alert' : 'status'}
          data-testid="opinion-status"
        >
          {status.text}
        </p>
      )}

      <fieldset class="opinion-header">
        {field('docTitle', 'opinion.docTitle', 500)}
        {field('drafter', 'opinion.drafter', OPINION_LIMITS.short)}
        <label for={id('received')}>
          {t('opinion.received')}
          <input
            id={id('received')}
            type="date"
            value={o.receivedDate ?? ''}
            onInput={(e) => set('receivedDate', val(e) || null)}
          />
        </label>
        {field('office', 'opinion.office', OPINION_LIMITS.short)}
        {field('reviewer', 'opinion.reviewer', OPINION_LIMITS.short)}
        <label for={id('date')}>
          {t('opinion.date')}
          <input
            id={id('date')}
            type="date"
            value={o.date}
            onInput={(e) => val(e) && set('date', val(e))}
          />
        </label>
      </fieldset>

      <label for={id('intro')}>{t('opinion.intro')}</label>
      <textarea
        id={id('intro')}
        rows={3}
        maxLength={OPINION_LIMITS.text}
        value={o.intro}
        onInput={(e) => set('intro', val(e))}
      />

      <label for={id('bases')}>{t('opinion.bases')}</label>
      <textarea
        id={id('bases')}
        rows={Math.min(8, o.bases.length + 1)}
        value={o.bases.join('\n')}
        onInput={(e) =>
          set(
            'bases',
            val(e)
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean)
              .slice(0, OPINION_LIMITS.bases),
          )
        }
      />

      <h4>{t('opinion.items', [o.items.length])}</h4>
      {o.items.length === 0 && <p class="muted">{t('opinion.none')}</p>}
      <ol class="opinion-items" data-testid="opinion-items">
        {o.items.map((it, i) => (
          <li key={it.id} data-testid="opinion-item">
            <div class="opinion-item-head">
              <strong>{t('opinion.item', [i + 1])}</strong>{' '}
              <span class="muted">
                {it.source === 'finding'
                  ? t('opinion.source.finding', [it.ruleId ?? ''])
                  : t(
                      it.source === 'checklist'
                        ? 'opinion.source.checklist'
                        : 'opinion.source.manual',
                    )}
                {it.edited ? ` · ${t('opinion.edited')}` : ''}
              </span>
              <span class="opinion-item-buttons">
                <button
                  type="button"
                  disabled={i === 0}
                  onClick={() => onChange({ ...o, items: moveItem(o.items, i, i - 1) })}
                  aria-label={`${t('opinion.up')} ${i + 1}`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={i === o.items.length - 1}
                  onClick={() => onChange({ ...o, items: moveItem(o.items, i, i + 1) })}
                  aria-label={`${t('opinion.down')} ${i + 1}`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  onClick={() => onChange({ ...o, items: o.items.filter((_, j) => j !== i) })}
                  aria-label={`${t('opinion.remove')} ${i + 1}`}
                >
                  ✕
                </button>
              </span>
            </div>
            <label>
              {t('opinion.place')}
              <input
                value={it.place}
                maxLength={OPINION_LIMITS.short}
                onInput={(e) => setItem(i, { place: val(e) })}
                data-testid="opinion-place"
              />
            </label>
            {it.quote && (
              <p class="muted">
                {t('opinion.quote')}：{it.quote}
              </p>
            )}
            <label>
              {t('opinion.problem')}
              <textarea
                rows={2}
                maxLength={OPINION_LIMITS.text}
                value={it.problem}
                onInput={(e) => setItem(i, { problem: val(e) })}
                data-testid="opinion-problem"
              />
            </label>
            <label>
              {t('opinion.basis')}
              <input
                value={it.basis}
                maxLength={OPINION_LIMITS.text}
                onInput={(e) => setItem(i, { basis: val(e) })}
                data-testid="opinion-basis"
              />
            </label>
            <label>
              {t('opinion.suggestion')}
              <textarea
                rows={2}
                maxLength={OPINION_LIMITS.text}
                value={it.suggestion}
                onInput={(e) => setItem(i, { suggestion: val(e) })}
                data-testid="opinion-suggestion"
              />
            </label>
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={o.items.length >= OPINION_LIMITS.items}
        onClick={() => onChange({ ...o, items: [...o.items, newItem(o.items)] })}
        data-testid="opinion-add"
      >
        {t('opinion.add')}
      </button>

      {o.checked.length > 0 && (
        <>
          <h4>{t('opinion.checked')}</h4>
          <ul>
            {o.checked.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
      {o.competition !== null && (
        <>
          <label for={id('competition')}>{t('opinion.competition')}</label>
          <textarea
            id={id('competition')}
            rows={3}
            maxLength={OPINION_LIMITS.text}
            value={o.competition}
            onInput={(e) => set('competition', val(e))}
          />
        </>
      )}
      <label for={id('remarks')}>{t('opinion.remarks')}</label>
      <textarea
        id={id('remarks')}
        rows={2}
        maxLength={OPINION_LIMITS.text}
        value={o.remarks}
        onInput={(e) => set('remarks', val(e))}
      />

      <label for={id('conclusion')}>{t('opinion.conclusion')}</label>
      <select
        id={id('conclusion')}
        value={o.conclusion}
        onChange={(e) => onChange(withConclusion(o, OpinionConclusionSchema.parse(val(e))))}
        data-testid="opinion-conclusion"
      >
        {OpinionConclusionSchema.options.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <label for={id('conclusionText')}>{t('opinion.conclusionText')}</label>
      <textarea
        id={id('conclusionText')}
        rows={2}
        maxLength={OPINION_LIMITS.text}
        value={o.conclusionText}
        onInput={(e) => set('conclusionText', val(e))}
      />

      <OpinionPrint opinion={o} />
    </section>
  );
}

/**
 * The opinion as it prints (and as the .docx reads): shown only when printing (styles.css),
 * or on screen with `visible` (the options page's record dialog). Text only.
 */
export function OpinionPrint({ opinion: o, visible }: { opinion: Opinion; visible?: boolean }) {
  return (
    <article
      class={visible ? 'opinion-view' : 'opinion-print'}
      data-testid={visible ? 'opinion-view' : 'opinion-print'}
    >
      <h1>{OPINION_TITLE}</h1>
      {headerLines(o).map((l) => (
        <p key={l} class="opinion-head-line">
          {l}
        </p>
      ))}
      <p>{o.intro}</p>
      {opinionSections(o).map((s) => (
        <section key={s.heading}>
          <h2>{s.heading}</h2>
          {s.paragraphs.map((p, i) => (
            <p key={i}>{s.numbered ? `${i + 1}. ${p}` : p}</p>
          ))}
        </section>
      ))}
      <div class="opinion-sign">
        {signatureLines(o).map((l) => (
          <p key={l}>{l}</p>
        ))}
      </div>
    </article>
  );
}
