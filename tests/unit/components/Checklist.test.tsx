import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Checklist } from '../../../components/Checklist';
import type { ChecklistResult } from '../../../rules/schema';
import { reviewed } from './fixtures';
import { axeViolations, renderView } from './helpers';

const { report } = reviewed('nb-cf-dog-fines.html');

/** The checklist as the side panel shows it: with the findings and facts behind its evidence. */
function renderFull(onSelectFinding: (index: number) => void = () => {}) {
  return renderView(
    <Checklist
      items={report.checklist}
      manual={{}}
      onToggle={() => {}}
      findings={report.findings}
      facts={report.facts}
      onSelectFinding={onSelectFinding}
    />,
  );
}

describe('Checklist', () => {
  it('shows progress: items a rule passed plus those the reviewer verified, not-applicable ones left out', () => {
    const passed = report.checklist.filter((i) => i.status === 'pass').length;
    const na = report.checklist.filter((i) => i.status === 'na').length;
    const manual = report.checklist.find((i) => i.status === 'manual')!;
    renderView(
      <Checklist items={report.checklist} manual={{ [manual.id]: true }} onToggle={() => {}} />,
    );
    expect(screen.getByTestId('progress').textContent).toContain(
      `完成 ${passed + 1}/${report.checklist.length - na}`,
    );
    expect(screen.getByRole('checkbox', { name: manual.label })).toHaveProperty('checked', true);
  });

  const item = (id: string, status: ChecklistResult['status'], extra = {}): ChecklistResult => ({
    id,
    group: '不得事项',
    label: `项目${id}`,
    status,
    evidence: [],
    ...extra,
  });

  it('shows the four states in words, and what a check looked at', () => {
    const { container } = renderView(
      <Checklist
        items={[
          item('A', 'pass', { checks: '发文字号格式' }),
          item('B', 'fail'),
          item('C', 'review', { checks: '关键词检索' }),
          item('D', 'na', { note: '草案尚未公布' }),
        ]}
        manual={{}}
        onToggle={() => {}}
      />,
    );
    const text = (id: string) => container.querySelector(`[data-item="${id}"]`)!.textContent;
    expect(text('A')).toContain('通过');
    expect(text('A')).toContain('检查内容：发文字号格式');
    expect(text('B')).toContain('未通过');
    expect(text('C')).toContain('待核实');
    expect(text('D')).toContain('不适用');
    expect(text('D')).toContain('草案尚未公布');
    expect(screen.getByTestId('progress').textContent).toContain('完成 1/3');
  });

  it('lets the reviewer verify a 待核实 item, which then counts; a failed item cannot be ticked', () => {
    const onToggle = vi.fn();
    const items = [item('C', 'review'), item('B', 'fail')];
    const { container } = renderView(
      <Checklist items={items} manual={{ C: true, B: true }} onToggle={onToggle} />,
    );
    expect(container.querySelector('[data-item="C"]')!.textContent).toContain('已核实');
    expect(screen.getByTestId('progress').textContent).toContain('完成 1/2');
    expect(screen.queryByRole('checkbox', { name: '项目B' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: '项目C' }));
    expect(onToggle).toHaveBeenCalledWith('C', false);
  });

  it('groups items and reports a manual tick', () => {
    const onToggle = vi.fn();
    const { container } = renderView(
      <Checklist items={report.checklist} manual={{}} onToggle={onToggle} />,
    );
    const groups = [...new Set(report.checklist.map((i) => i.group))];
    expect(container.querySelectorAll('.checklist fieldset')).toHaveLength(groups.length);
    const manual = report.checklist.find((i) => i.status === 'manual')!;
    fireEvent.click(screen.getByRole('checkbox', { name: manual.label }));
    expect(onToggle).toHaveBeenCalledWith(manual.id, true);
  });

  it('shows the evidence of a failed item and asks the page to show the finding', () => {
    const onSelect = vi.fn();
    const { container } = renderFull(onSelect);
    const failed = report.checklist.find((i) => i.id === 'BD-CF')!;
    expect(failed.status).toBe('fail');
    const row = container.querySelector('[data-item="BD-CF"]') as HTMLElement;
    expect(row.textContent).toContain('未通过');
    const buttons = within(row).getAllByRole('button');
    expect(buttons).toHaveLength(failed.evidence.length);
    const first = Number(failed.evidence[0]!.split(':')[1]);
    expect(buttons[0]!.textContent).toContain(report.findings[first]!.anchor.exact);
    fireEvent.click(buttons[0]!);
    expect(onSelect).toHaveBeenCalledWith(first);
  });

  it('shows fact evidence by its value', () => {
    renderView(
      <Checklist
        items={[
          {
            id: 'X',
            group: '有效期',
            label: '写明施行日期',
            status: 'pass',
            evidence: ['fact:effectiveDate'],
          },
        ]}
        manual={{}}
        onToggle={() => {}}
        facts={report.facts}
      />,
    );
    expect(screen.getByText(`施行日期：${report.facts.effectiveDate}`)).toBeTruthy();
  });

  it('has no accessibility violations', async () => {
    const { container } = renderFull();
    expect(await axeViolations(container)).toEqual([]);
  });
});
