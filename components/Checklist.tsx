/**
 * The legality checklist: automatic items (pass / fail / unknown) with the evidence that
 * decided them — a finding can be shown on the page — and manual items the reviewer ticks.
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

/** A checklist item counts as done when it passed, or when the reviewer ticked it. */
export function checklistDone(items: readonly ChecklistResult[], manual: Record<string, boolean>) {
  return items.filter((i) => (i.status === 'manual' ? manual[i.id] : i.status === 'pass')).length;
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
  const done = checklistDone(items, manual);
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
        {t('panel.checklist.progress', [done, items.length])}
        <progress
          value={done}
          max={Math.max(1, items.length)}
          aria-label={t('panel.checklist.progressLabel')}
        />
      </p>
      {[...groups].map(([group, list]) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {list.map((it) =>
            it.status === 'manual' ? (
              <label key={it.id} class="item manual" data-item={it.id}>
                <input
                  type="checkbox"
                  checked={!!manual[it.id]}
                  onChange={(e) => onToggle(it.id, (e.target as HTMLInputElement).checked)}
                />
                {it.label}
              </label>
            ) : (
              <div
                key={it.id}
                class={`item auto ${it.status}`}
                data-status={it.status}
                data-item={it.id}
              >
                <p>
                  <span class="status">{t(STATUS_KEY[it.status])}</span> {it.label}
                </p>
                {evidence(it)}
              </div>
            ),
          )}
        </fieldset>
      ))}
    </div>
  );
}
