import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { FactsTable, ReportSummary } from '../../../components/ReportSummary';
import { ValidityArithmetic } from '../../../components/ValidityArithmetic';
import { YearTally } from '../../../components/YearTally';
import { validityOf } from '../../../lib/register';
import { reviewed } from './fixtures';
import { axeViolations, renderView } from './helpers';

describe('ReportSummary and facts', () => {
  it('shows verdict, likelihood, top reasons, key facts with the computed expiry, counts', async () => {
    const { report } = reviewed('nb-cf-dog-fines.html');
    const { container } = renderView(
      <ReportSummary report={report} validity={validityOf(report.facts, 6)} />,
    );
    expect(screen.getByTestId('verdict').textContent).toBe('正式文件 · 行政规范性文件');
    expect(screen.getByTestId('score').textContent).toBe('100%');
    expect(container.querySelectorAll('.reasons li')).toHaveLength(3);
    expect(container.querySelector('[data-fact=expiry] td')!.textContent).toBe('2030-07-31');
    expect(screen.getByTestId('counts').textContent).toContain('错误 2');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('shows the signing date beside the publication date when the document states them', () => {
    const { report } = reviewed('nb-cf-dog-fines.html');
    const facts = { ...report.facts, signedDate: '2025-07-20', publishDate: '2025-07-28' };
    const { container } = renderView(
      <FactsTable report={{ ...report, facts }} validity={validityOf(facts, 6)} />,
    );
    expect(container.querySelector('[data-fact=signedDate] th')!.textContent).toBe('成文日期');
    expect(container.querySelector('[data-fact=signedDate] td')!.textContent).toBe('2025-07-20');
    expect(container.querySelector('[data-fact=publishDate] td')!.textContent).toBe('2025-07-28');
    const none = { ...report.facts, signedDate: null, publishDate: null };
    const compact = renderView(
      <FactsTable report={{ ...report, facts: none }} validity={validityOf(none, 6)} />,
    ).container;
    expect(compact.querySelector('[data-fact=signedDate]')).toBeNull();
  });

  it('renders a title with markup as text', () => {
    const { report } = reviewed('e-markup-in-title.html');
    const { container } = renderView(
      <ReportSummary report={report} validity={validityOf(report.facts, 6)} />,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('.doc-title')!.textContent).toContain('<script>');
  });

  it('spells out the validity arithmetic: 施行 → expiry → evaluation due', async () => {
    const { report } = reviewed('nb-cf-dog-fines.html');
    const validity = validityOf(report.facts, 6, '2026-11-27');
    const { container } = renderView(
      <>
        <FactsTable report={report} full dueMonths={6} today="2026-11-27" validity={validity} />
        <ValidityArithmetic report={report} dueMonths={6} validity={validity} />
      </>,
    );
    expect(container.querySelector('[data-fact=evaluationDue] td')!.textContent).toBe('2030-01-31');
    expect(screen.getByTestId('validity-expiry').textContent).toBe(
      '施行 2025-08-01 ＋ 5年 → 届满 2030-07-31',
    );
    expect(screen.getByTestId('validity-evaluation').textContent).toContain('− 6个月 = 2030-01-31');
    expect(container.querySelector('[data-fact=daysLeft] td')!.textContent).toBe('还有1342天');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('shows the year tallies with an export button', async () => {
    const { container } = renderView(
      <YearTally
        year={2026}
        total={285}
        normative={71}
        nonNormative={214}
        onExport={async () => ({ name: 'a.csv', blob: new Blob(['x']) })}
      />,
    );
    expect(screen.getByTestId('tally').textContent).toBe('285总数71行政规范性文件214非规范性文件');
    expect(screen.getByTestId('export-csv').textContent).toBe('导出本年度台账（CSV）');
    expect(await axeViolations(container)).toEqual([]);
  });
});
