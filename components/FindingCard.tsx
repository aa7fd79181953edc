/** The card shown on hover or keyboard focus of a highlight: message, basis, suggestion. */
import type { Finding } from '../rules/schema';
import { SEVERITY_LABEL, clip } from './labels';

export interface FindingCardProps {
  finding: Finding;
}

export function FindingCard({ finding }: FindingCardProps) {
  return (
    <div class={`gs-card gs-${finding.severity}`} role="tooltip">
      <p class="gs-card-head">
        <span class="gs-sev">{SEVERITY_LABEL[finding.severity]}</span>
        <span class="gs-cat">{finding.category}</span>
      </p>
      <p class="gs-msg">{finding.message}</p>
      <p class="gs-quote">「{clip(finding.anchor.exact, 60)}」</p>
      {finding.suggestion && <p class="gs-sugg">建议：{finding.suggestion}</p>}
      <p class="gs-basis">依据：{finding.basis}</p>
      <p class="gs-rule">{finding.ruleId}</p>
    </div>
  );
}
