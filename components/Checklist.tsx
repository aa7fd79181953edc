/**
 * The legality checklist in four honest states: 通过 (a rule checked it fully and found
 * nothing — with what it checked), 未通过 (with the findings, each shown on the page), 待核实
 * (a keyword scan found nothing, or no automatic check exists: the reviewer confirms it with a
 * tick) and 不适用 (with why). Progress counts only what a rule or the reviewer confirmed.
 */
import type { ChecklistResult, Finding, Report } from '../rules/schema';
import { useT } from './i18n';
import type { MessageKey } from './i18n';
import { STATUS_KEY, clip } from './labels';

/** Props of Checklist. */
export interface ChecklistProps {
  items: ChecklistResult[];
  /** Manual ticks by item id. */
  manual: Record<string, boolean>;
  onToggle(id: string, checked: boolean): void;
  /** The report's findings, to show `finding:N` evidence by its quote. */
  findings?: readonly Finding[];
  /** The report's facts, to show `fact:name` evidence by its value. */
  facts?: Report['facts'];
  /** Show finding N on the page (scroll and select it). */
  onSelectFinding?(index: number): void;
}

const FACT_KEY: Record<string, MessageKey> = {
  title: 'common.fact.title',
  docNumber: 'common.fact.docNumber',
  citedDocNumber: 'common.fact.citedDocNumber',
  registrationNumber: 'common.fact.registrationNumber',
  issuer: 'common.fact.issuer',
  publishDate: 'common.fact.publishDate',
  effectiveDate: 'common.fact.effectiveDate',
  validity: 'common.fact.validity',
  trial: 'common.fact.trial',
  draft: 'common.fact.draft',
  isDraft: 'common.fact.draft',
  commentDeadline: 'common.fact.commentDeadline',
  attachment: 'common.fact.attachment',
};

/** Items the reviewer confirms by a tick: a clean keyword scan, no check at all, or none ran. */
export function needsReviewer(item: ChecklistResult): boolean {
  return item.status === 'review' || item.status === 'unknown' || item.status === 'manual';
}

/**
 * Progress of the checklist: `done` counts items a rule passed or the reviewer confirmed (a
 * failed item is never done, whatever was ticked); `total` leaves out the items that do not apply.
 */
export function checklistProgress(
  items: readonly ChecklistResult[],
  manual: Record<string, boolean>,
): { done: number; total: number; na: number } {
  let done = 0;
  let na = 0;
  for (const i of items) {
    if (i.status === 'na') na++;
    else if (i.status === 'pass' || (needsReviewer(i) && manual[i.id])) done++;
  }
  return { done, total: items.length - na, na };
}

/** How many items count as done (see {@link checklistProgress}). */
export function checklistDone(items: readonly ChecklistResult[], manual: Record<string, boolean>) {
  return checklistProgress(items, manual).done;
}

function factValue(facts: Report['facts'] | undefined, name: string): string | null {
  if (!facts) return null;
  const v = (facts as Record<string, unknown>)[name];
  if (v == null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (name === 'validity') {
    const val = v as Report['facts']['validity'];
    return val.expiry ?? val.until ?? (val.years != null ? String(val.years) : null);
  }
  return null;
}

/** The checklist, grouped (制定主体, 权限, 程序 …), with progress. */
export function Checklist({
  items,
  manual,
  onToggle,
  findings,
  facts,
  onSelectFinding,
}: ChecklistProps) {
  const t = useT();
  const { done, total, na } = checklistProgress(items, manual);
  const groups = new Map<string, ChecklistResult[]>();
  for (const it of items) {
    const list = groups.get(it.group);
    if (list) list.push(it);
    else groups.set(it.group, [it]);
  }

  const evidence = (it: ChecklistResult) => {
    if (it.evidence.length === 0) return null;
    return (
      <ul class="evidence" aria-label={t('panel.checklist.evidence')}>
        {it.evidence.slice(0, 10).map((ev) => {
          const [kind, name = ''] = ev.split(':', 2) as [string, string?];
          if (kind === 'finding') {
            const index = Number(name);
            const f = findings?.[index];
            const quote = clip(f?.anchor.exact ?? `#${index + 1}`, 30);
            return (
              <li key={ev}>
                {onSelectFinding ? (
                  <button
                    type="button"
                    class="link"
                    onClick={() => onSelectFinding(index)}
                    title={f?.message}
                  >
                    {t('panel.checklist.showOnPage', [quote])}
                  </button>
                ) : (
                  quote
                )}
              </li>
            );
          }
          const label = FACT_KEY[name] ? t(FACT_KEY[name]) : name;
          const value = factValue(facts, name) ?? t('common.notStated');
          return <li key={ev}>{t('panel.checklist.factEvidence', [label, clip(value, 40)])}</li>;
        })}
      </ul>
    );
  };

  return (
    <div class="checklist">
      <p class="progress" data-testid="progress">
        {t('panel.checklist.progress', [done, total])}
        {na > 0 && <span class="muted"> {t('panel.checklist.naCount', [na])}</span>}
        <progress
          value={done}
          max={Math.max(1, total)}
          aria-label={t('panel.checklist.progressLabel')}
        />
      </p>
      <p class="hint">{t('panel.checklist.legend')}</p>
      {[...groups].map(([group, list]) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {list.map((it) => {
            const confirmed = needsReviewer(it) && !!manual[it.id];
            const statusText = confirmed ? t('common.status.confirmed') : t(STATUS_KEY[it.status]);
            const cls = confirmed ? 'confirmed' : it.status;
            return (
              <div key={it.id} class={`item ${cls}`} data-status={it.status} data-item={it.id}>
                {needsReviewer(it) ? (
                  <p class="line">
                    <span class="status">{statusText}</span>
                    <label>
                      <input
                        type="checkbox"
                        checked={confirmed}
                        onChange={(e) => onToggle(it.id, (e.target as HTMLInputElement).checked)}
                      />
                      {it.label}
                    </label>
                  </p>
                ) : (
                  <p class="line">
                    <span class="status">{statusText}</span> {it.label}
                  </p>
                )}
                {it.note && <p class="note">{it.note}</p>}
                {it.checks && it.status !== 'na' && (
                  <p class="note">{t('panel.checklist.checks', [it.checks])}</p>
                )}
                {evidence(it)}
              </div>
            );
          })}
        </fieldset>
      ))}
    </div>
  );
}
