/**
 * The annual report: a chosen year's totals, the sentence for the 法治政府建设 report, the
 * conclusions by classification, and the monthly chart as plain SVG (with a title, a
 * description and the same numbers as a table for screen readers and print). Printable: the
 * print stylesheet hides the navigation and controls.
 */
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { CONCLUSION_VALUES, useApi, type StatsView } from './api';
import { ErrorLine, Section, useLoad } from './common';

export function ReportSection({
  initialYear,
  onPrint,
}: {
  initialYear?: number;
  onPrint?(): void;
}) {
  const t = useT();
  const api = useApi();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(initialYear ?? thisYear);
  const stats = useLoad(() => api.loadStats(year), [api, year]);
  const s = stats.data;
  return (
    <Section
      id="report"
      title={t('options.report.title', [year])}
      actions={
        <>
          <label class="no-print">
            {t('options.report.year')}{' '}
            <select
              data-testid="report-year"
              value={String(year)}
              onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {Array.from({ length: 10 }, (_, i) => thisYear - i).map((y) => (
                <option key={y} value={String(y)}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="no-print"
            onClick={() => (onPrint ? onPrint() : window.print())}
          >
            {t('options.report.print')}
          </button>
        </>
      }
    >
      <ErrorLine error={stats.error} />
      {!s && !stats.error && <p class="muted">{t('options.loading')}</p>}
      {s && (
        <>
          <blockquote class="sentence">
            <p data-testid="sentence">{s.sentence}</p>
          </blockquote>
          <div class="totals">
            <div>
              <span class="big">{s.total}</span> {t('options.report.total')}
            </div>
            <div>
              <span class="big">{s.normative}</span> {t('common.normative')}
            </div>
            <div>
              <span class="big">{s.nonNormative}</span> {t('common.nonNormative')}
            </div>
          </div>
          <Conclusions stats={s} />
          <MonthChart stats={s} year={year} />
        </>
      )}
    </Section>
  );
}

function Conclusions({ stats }: { stats: StatsView }) {
  const t = useT();
  return (
    <table class="list compact" data-testid="conclusions">
      <caption>{t('options.report.conclusions')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('options.log.conclusion')}</th>
          <th scope="col">{t('common.normative')}</th>
          <th scope="col">{t('common.nonNormative')}</th>
          <th scope="col">{t('options.report.sum')}</th>
        </tr>
      </thead>
      <tbody>
        {CONCLUSION_VALUES.map((c) => (
          <tr key={c}>
            <th scope="row">{c}</th>
            <td class="num">{stats.byClassification.normative[c]}</td>
            <td class="num">{stats.byClassification['non-normative'][c]}</td>
            <td class="num">{stats.byConclusion[c]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Stacked monthly bars: normative below, non-normative above. Plain SVG, no library. */
function MonthChart({ stats, year }: { stats: StatsView; year: number }) {
  const t = useT();
  const [showTable, setShowTable] = useState(false);
  const months = stats.byMonth;
  const max = Math.max(1, ...months.map((m) => m.total));
  const W = 720;
  const H = 240;
  const pad = { l: 36, r: 8, t: 12, b: 28 };
  const bw = (W - pad.l - pad.r) / Math.max(1, months.length);
  const y = (n: number) => pad.t + (H - pad.t - pad.b) * (1 - n / max);
  const ticks = [0, Math.round(max / 2), max];
  const label = (m: string) => t('options.report.month', [Number(m.slice(5))]);
  return (
    <figure class="chart" data-testid="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="chart-title chart-desc"
        width="100%"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id="chart-title">{t('options.report.chartTitle', [year])}</title>
        <desc id="chart-desc">
          {months
            .map((m) => t('options.report.chartDesc', [label(m.month), m.total, m.normative]))
            .join('；')}
        </desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} class="grid-line" />
            <text x={pad.l - 6} y={y(v) + 4} text-anchor="end" class="axis">
              {v}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x = pad.l + i * bw + bw * 0.15;
          const w = bw * 0.7;
          return (
            <g key={m.month}>
              <rect
                x={x}
                y={y(m.normative)}
                width={w}
                height={y(0) - y(m.normative)}
                class="bar-normative"
              />
              <rect
                x={x}
                y={y(m.total)}
                width={w}
                height={y(m.normative) - y(m.total)}
                class="bar-other"
              />
              {m.total > 0 && (
                <text x={x + w / 2} y={y(m.total) - 3} text-anchor="middle" class="axis">
                  {m.total}
                </text>
              )}
              <text x={x + w / 2} y={H - 10} text-anchor="middle" class="axis">
                {label(m.month)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span class="swatch bar-normative" aria-hidden="true" /> {t('common.normative')}{' '}
        <span class="swatch bar-other" aria-hidden="true" /> {t('common.nonNormative')}
      </figcaption>
      <button
        type="button"
        class="no-print"
        aria-expanded={showTable}
        aria-controls="month-table"
        onClick={() => setShowTable(!showTable)}
      >
        {t('options.report.asTable')}
      </button>
      {/* Always in the DOM: print shows it, and screen readers reach it from the chart. */}
      <table
        id="month-table"
        class={`list compact month-table${showTable ? '' : ' screen-hidden'}`}
        data-testid="months"
      >
        <caption class="sr-only">{t('options.report.chartTitle', [year])}</caption>
        <thead>
          <tr>
            <th scope="col">{t('options.report.monthCol')}</th>
            <th scope="col">{t('options.report.total')}</th>
            <th scope="col">{t('common.normative')}</th>
            <th scope="col">{t('common.nonNormative')}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{m.month}</th>
              <td class="num">{m.total}</td>
              <td class="num">{m.normative}</td>
              <td class="num">{m.nonNormative}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
