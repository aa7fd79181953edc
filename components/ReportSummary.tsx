/** The current page at a glance (popup): document?, draft?, normative likelihood and why, key facts. */
import type { Report } from '../rules/schema';
import { SEVERITY_LABEL, SEVERITY_ORDER, countBySeverity, percent, verdict } from './labels';

export function ReportSummary({ report }: { report: Report }) {
  const c = report.classification;
  const f = report.facts;
  const counts = countBySeverity(report.findings);
  return (
    <section class="summary" aria-label="本页概况">
      <h2 class="doc-title">{f.title ?? '（未识别标题）'}</h2>
      <p class="verdict" data-testid="verdict">
        {verdict(report)}
      </p>
      {c.isDocument && (
        <>
          <p class="score">
            规范性文件可能性 <strong data-testid="score">{percent(c.score)}</strong>
            {c.normative ? '（倾向：规范性文件）' : '（倾向：非规范性文件）'}
          </p>
          <ul class="reasons" aria-label="判断理由">
            {c.reasons.slice(0, 4).map((r, i) => (
              <li key={i} class={r.weight >= 0 ? 'pos' : 'neg'}>
                {r.text}
              </li>
            ))}
          </ul>
          <FactsTable report={report} />
          <p class="counts" data-testid="counts">
            {SEVERITY_ORDER.map((s) => (
              <span key={s} class={`count ${s}`}>
                {SEVERITY_LABEL[s]} {counts[s]}
              </span>
            ))}
          </p>
        </>
      )}
    </section>
  );
}

/** Key facts, including the validity arithmetic (施行 → expiry). */
export function FactsTable({ report }: { report: Report }) {
  const f = report.facts;
  const v = f.validity;
  const validity = v.years != null ? `${v.years}年` : v.until != null ? `至 ${v.until}` : null;
  const rows: [string, string | null][] = [
    ['发文字号', f.docNumber],
    ['登记号/统一编号', f.registrationNumber],
    ['发文机关', f.issuer],
    ['公布/印发日期', f.publishDate],
    ['施行日期', f.effectiveDate],
    ['有效期', validity],
    ['有效期届满', v.expiry],
    ['征求意见截止', f.commentDeadline],
  ];
  return (
    <table class="facts">
      <tbody>
        {rows.map(([k, val]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td class={val ? '' : 'missing'}>{val ?? '未载明'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
