/** The current page at a glance (popup): document?, draft?, normative likelihood and why, key facts. */
import type { Report } from '../rules/schema';
import type { ValidityDates } from '../lib/register';
import type { PendingAttachment } from '../rules/formats/attachments';
import { useT } from './i18n';
import { PendingAttachments } from './PendingAttachments';
import {
  KIND_KEY,
  SEVERITY_KEY,
  SEVERITY_ORDER,
  countBySeverity,
  percent,
  titleText,
  verdictText,
} from './labels';

/** Props of ReportSummary. */
export interface ReportSummaryProps {
  report: Report;
  /** The report's validity arithmetic (lib/register `validityOf`): the expiry it shows. */
  validity: ValidityDates;
  /** How many classification reasons to show (strongest first). */
  maxReasons?: number;
  /** The attachments holding this notice's draft, not yet reviewed (instead of 0/0/0). */
  pending?: readonly PendingAttachment[];
  onReviewAttachment?(a: PendingAttachment): void;
}

/** The page at a glance: verdict, likelihood with the top reasons, key facts, finding counts. */
export function ReportSummary({
  report,
  validity,
  maxReasons = 3,
  pending = [],
  onReviewAttachment,
}: ReportSummaryProps) {
  const t = useT();
  const c = report.classification;
  const counts = countBySeverity(report.findings);
  return (
    <section class="summary" aria-label={t('popup.glance')}>
      <h2 class="doc-title">{titleText(t, report.facts.title)}</h2>
      <p class="verdict" data-testid="verdict">
        {verdictText(t, report)}
      </p>
      {c.isDocument && (
        <>
          <p class="score">
            {t('common.score')} <strong data-testid="score">{percent(c.score)}</strong>
            {t('common.leaning', [t(KIND_KEY[c.normative ? 'normative' : 'non-normative'])])}
          </p>
          <ul class="reasons" aria-label={t('common.reasons')}>
            {c.reasons.slice(0, maxReasons).map((r, i) => (
              <li key={i} class={r.weight >= 0 ? 'pos' : 'neg'}>
                {r.text}
              </li>
            ))}
          </ul>
          <FactsTable report={report} validity={validity} />
          {pending.length > 0 && report.findings.length === 0 && onReviewAttachment ? (
            <PendingAttachments pending={pending} onReview={onReviewAttachment} />
          ) : (
            <p class="counts" data-testid="counts" aria-label={t('common.counts')}>
              {SEVERITY_ORDER.map((s) => (
                <span key={s} class={`count ${s}`}>
                  {t('common.count', [t(SEVERITY_KEY[s]), counts[s]])}
                </span>
              ))}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** Props of FactsTable. */
export interface FactsTableProps {
  report: Report;
  /** Every fact and the evaluation date (side panel); otherwise the key facts (popup). */
  full?: boolean;
  /** Months before expiry when evaluation falls due. */
  dueMonths?: number;
  /** The reviewer's today, `YYYY-MM-DD`: with `full`, the days left are shown. */
  today?: string;
  /** The report's validity arithmetic with `dueMonths` and `today` (lib/register `validityOf`). */
  validity: ValidityDates;
}

/** Key facts, including the validity arithmetic (施行 → expiry; evaluation due date). */
export function FactsTable({
  report,
  full = false,
  dueMonths = 6,
  today,
  validity: info,
}: FactsTableProps) {
  const t = useT();
  const f = report.facts;
  const v = f.validity;
  const validity =
    v.years != null
      ? t('common.years', [v.years])
      : v.until != null
        ? t('common.until', [v.until])
        : null;
  const days =
    info.daysLeft == null
      ? null
      : info.daysLeft >= 0
        ? t('common.daysLeft', [info.daysLeft])
        : t('common.daysLapsed', [-info.daysLeft]);
  const rows: [id: string, label: string, value: string | null][] = [
    ['docNumber', t('common.fact.docNumber'), f.docNumber],
    ['registrationNumber', t('common.fact.registrationNumber'), f.registrationNumber],
  ];
  if (full) rows.push(['issuer', t('common.fact.issuer'), f.issuer]);
  // The signing date (成文日期/落款) and the publication date are different facts: both are
  // shown in full, and in the compact table when the document states them.
  const signed = f.signedDate ?? null;
  if (full || signed) rows.push(['signedDate', t('common.fact.signedDate'), signed]);
  if (full || f.publishDate)
    rows.push(['publishDate', t('common.fact.publishDate'), f.publishDate]);
  rows.push(
    ['effectiveDate', t('common.fact.effectiveDate'), f.effectiveDate],
    ['validity', t('common.fact.validity'), validity],
    ['expiry', t('common.fact.expiry'), info.draft ? t('common.draftNoExpiry') : info.expiry],
  );
  if (full) {
    rows.push(['evaluationDue', t('common.fact.evaluationDue', [dueMonths]), info.evaluationFrom]);
    if (today) rows.push(['daysLeft', t('common.fact.daysLeft'), days]);
  }
  if (full || f.isDraft || f.commentDeadline) {
    rows.push(['commentDeadline', t('common.fact.commentDeadline'), f.commentDeadline]);
  }
  return (
    <table class="facts" aria-label={t('common.facts')}>
      <tbody>
        {rows.map(([id, label, val]) => (
          <tr key={id} data-fact={id}>
            <th scope="row">{label}</th>
            <td class={val ? '' : 'missing'}>{val ?? t('common.notStated')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
