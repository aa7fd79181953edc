/** The validity arithmetic spelled out: 施行 + N年 → 届满; 届满 − N个月 → 评估到期. */
import type { Report } from '../rules/schema';
import type { ValidityDates } from '../lib/register';
import { useT } from './i18n';

/** Props of ValidityArithmetic. */
export interface ValidityArithmeticProps {
  report: Report;
  /** Months before expiry when evaluation falls due (pack param validity.evaluationMonths). */
  dueMonths: number;
  /** The report's validity arithmetic with those months (lib/register `validityOf`). */
  validity: ValidityDates;
}

/** How the expiry and the evaluation date were reached, line by line. */
export function ValidityArithmetic({ report, dueMonths, validity: info }: ValidityArithmeticProps) {
  const t = useT();
  const f = report.facts;
  return (
    <section class="validity" aria-label={t('panel.facts.validityHeading')}>
      <h3>{t('panel.facts.validityHeading')}</h3>
      {info.draft ? (
        <p class="muted" data-testid="validity-draft">
          {t('panel.facts.draftValidity')}
        </p>
      ) : !info.expiry ? (
        <p class="muted">{t('panel.facts.noValidity')}</p>
      ) : (
        <ul>
          {f.effectiveDate && f.validity.years != null && (
            <li data-testid="validity-expiry">
              {t('panel.facts.arithmetic', [
                f.effectiveDate,
                t('common.years', [f.validity.years]),
                info.expiry,
              ])}
            </li>
          )}
          <li data-testid="validity-evaluation">
            {t('panel.facts.evaluation', [info.expiry, dueMonths, info.evaluationFrom ?? ''])}
          </li>
        </ul>
      )}
    </section>
  );
}
