/**
 * One finding as the in-page card shows it: severity and category, message, the quoted page
 * text, suggestion, basis and rule id. Every string comes from the page or a rule pack and is
 * rendered as a Preact text node, never as HTML.
 */
import type { Finding } from '../rules/schema';
import { citationOf } from '../rules/basis';
import { useT } from './i18n';
import { SEVERITY_KEY, clip } from './labels';

/** Props of {@link FindingCard}. */
export interface FindingCardProps {
  finding: Finding;
  /** Where the finding is in the reviewed file (「第 3 页第 12 行」, 「第 5 段」), for files. */
  where?: string;
}

/** The card body of one finding. */
export function FindingCard({ finding, where }: FindingCardProps) {
  const t = useT();
  return (
    <div class={`gs-card-item gs-${finding.severity}`} data-rule={finding.ruleId}>
      <p class="gs-card-head">
        <span class="gs-sev">{t(SEVERITY_KEY[finding.severity])}</span>
        <span class="gs-cat">{finding.category}</span>
      </p>
      <p class="gs-msg">{finding.message}</p>
      {where && <p class="gs-where">{t('badge.card.where', [where])}</p>}
      {finding.anchor.exact && (
        <p class="gs-quote">{t('badge.card.quote', [clip(finding.anchor.exact, 80)])}</p>
      )}
      {finding.suggestion && (
        <p class="gs-sugg">{t('badge.card.suggestion', [finding.suggestion])}</p>
      )}
      <p class="gs-basis">{t('badge.card.basis', [citationOf(finding)])}</p>
      <p class="gs-rule">{t('badge.card.rule', [finding.ruleId])}</p>
    </div>
  );
}
