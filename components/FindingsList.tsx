/**
 * Findings grouped by category, each with message, clause, quote, suggestion and basis. A
 * finding can be shown on the page, or dismissed with a reason (kept per document and in the
 * saved record); dismissed findings are listed apart and can be restored.
 */
import { useState } from 'preact/hooks';
import { findingKey } from '../rules/clauses';
import type { Category, Finding } from '../rules/schema';
import { Basis } from './Basis';
import { useT } from './i18n';
import type { MessageKey } from './i18n';
import { CATEGORY_KEY, SEVERITY_KEY, clip, groupByCategory } from './labels';

/** Source keys link to the rule packs' source list on the options page (extension pages only). */
const SOURCE_HREF = 'options.html#src-';

/** Props of FindingsList. */
export interface FindingsListProps {
  findings: readonly Finding[];
  /** Clause reference of each finding (「第七条第二款」), by index; null outside articles. */
  clauseRefs?: ReadonlyArray<string | null>;
  /**
   * For a reviewed file: where each finding is in it (「第 3 页第 12 行」, 「第 5 段」), by
   * index; '' when unknown.
   */
  locations?: ReadonlyArray<string>;
  /** Dismissal reasons by finding key (rules/clauses findingKey). */
  dismissed?: Readonly<Record<string, string>>;
  /** Show finding `index` on the page. */
  onSelect?(index: number): void;
  onDismiss?(key: string, reason: string): void;
  onRestore?(key: string): void;
}

/** Rows shown per category before a "show more" button: the panel stays light on huge drafts. */
const PAGE = 50;

const REASONS: MessageKey[] = [
  'panel.findings.reasonFalse',
  'panel.findings.reasonHigherLaw',
  'panel.findings.reasonExplained',
];

function DismissForm({
  idBase,
  onConfirm,
  onCancel,
}: {
  idBase: string;
  onConfirm(reason: string): void;
  onCancel(): void;
}) {
  const t = useT();
  const [choice, setChoice] = useState<string>(t(REASONS[0]!));
  const [other, setOther] = useState('');
  const reason = choice === '' ? other.trim() : choice;
  return (
    <div class="dismiss-form" role="group" aria-label={t('panel.findings.dismissReason')}>
      <label for={`${idBase}-reason`}>{t('panel.findings.dismissReason')}</label>
      <select
        id={`${idBase}-reason`}
        value={choice}
        onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}
      >
        {REASONS.map((k) => (
          <option key={k} value={t(k)}>
            {t(k)}
          </option>
        ))}
        <option value="">{t('panel.findings.reasonOther')}</option>
      </select>
      {choice === '' && (
        <input
          type="text"
          aria-label={t('panel.findings.reasonOther')}
          value={other}
          maxLength={200}
          onInput={(e) => setOther((e.target as HTMLInputElement).value)}
        />
      )}
      <button type="button" class="primary" disabled={!reason} onClick={() => onConfirm(reason)}>
        {t('panel.findings.dismissConfirm')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('panel.findings.cancel')}
      </button>
    </div>
  );
}

/** The findings list. */
export function FindingsList({
  findings,
  clauseRefs,
  locations,
  dismissed = {},
  onSelect,
  onDismiss,
  onRestore,
}: FindingsListProps) {
  const t = useT();
  const [dismissing, setDismissing] = useState<string | null>(null);
  const [shown, setShown] = useState<Record<string, number>>({});
  if (findings.length === 0) return <p class="empty">{t('panel.findings.none')}</p>;

  const indexOf = new Map(findings.map((f, i) => [f, i]));
  const keyOf = new Map(findings.map((f) => [f, findingKey(f)]));
  const open = findings.filter((f) => dismissed[keyOf.get(f)!] === undefined);
  const closed = findings.filter((f) => dismissed[keyOf.get(f)!] !== undefined);

  const row = (f: Finding) => {
    const index = indexOf.get(f)!;
    const key = keyOf.get(f)!;
    const reason = dismissed[key];
    const ref = clauseRefs?.[index] ?? null;
    const where = locations?.[index] ?? '';
    return (
      <li key={index} class={`finding ${f.severity}${reason !== undefined ? ' dismissed' : ''}`}>
        <p class="finding-head">
          <span class={`sev ${f.severity}`}>{t(SEVERITY_KEY[f.severity])}</span>
          {ref && <span class="clause">{ref}</span>}
          <span class="msg">{f.message}</span>
        </p>
        {where && (
          <p class="where" data-testid="finding-where">
            {t('panel.findings.where', [where])}
          </p>
        )}
        <p class="quote">{t('panel.findings.quote', [clip(f.anchor.exact, 60)])}</p>
        {f.suggestion && <p class="sugg">{t('panel.findings.suggestion', [f.suggestion])}</p>}
        <Basis cite={f.cite} basis={f.basis} sourceHref={SOURCE_HREF} />
        {reason !== undefined && <p class="reason">{t('panel.findings.dismissed', [reason])}</p>}
        <div class="finding-actions">
          {onSelect && (
            <button type="button" class="link" onClick={() => onSelect(index)}>
              {t('panel.findings.locate')}
            </button>
          )}
          {reason === undefined && onDismiss && dismissing !== key && (
            <button type="button" class="link" onClick={() => setDismissing(key)}>
              {t('panel.findings.dismiss')}
            </button>
          )}
          {reason !== undefined && onRestore && (
            <button type="button" class="link" onClick={() => onRestore(key)}>
              {t('panel.findings.restore')}
            </button>
          )}
        </div>
        {dismissing === key && onDismiss && (
          <DismissForm
            idBase={`dismiss-${index}`}
            onConfirm={(r) => {
              setDismissing(null);
              onDismiss(key, r);
            }}
            onCancel={() => setDismissing(null)}
          />
        )}
      </li>
    );
  };

  const group = (id: string, heading: string, list: readonly Finding[]) => {
    const limit = shown[id] ?? PAGE;
    return (
      <section key={id} aria-label={heading} class="finding-group">
        <h3>{t('panel.findings.group', [heading, list.length])}</h3>
        <ul>{list.slice(0, limit).map(row)}</ul>
        {list.length > limit && (
          <button type="button" onClick={() => setShown({ ...shown, [id]: limit + PAGE * 4 })}>
            {t('panel.findings.more', [list.length - limit])}
          </button>
        )}
      </section>
    );
  };

  return (
    <div class="findings">
      {groupByCategory(open).map(([cat, list]) =>
        group(cat, CATEGORY_KEY[cat as Category] ? t(CATEGORY_KEY[cat as Category]) : cat, list),
      )}
      {closed.length > 0 && (
        <details class="dismissed-group">
          <summary>{t('panel.findings.dismissedGroup', [closed.length])}</summary>
          <ul>{closed.slice(0, 200).map(row)}</ul>
        </details>
      )}
    </div>
  );
}
