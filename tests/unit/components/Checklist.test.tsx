import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Checklist } from '../../../components/Checklist';
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
  it('shows progress: passed automatic items plus ticked manual ones', () => {
    const passed = report.checklist.filter((i) => i.status === 'pass').length;
    const manual = report.checklist.find((i) => i.status === 'manual')!;
    renderView(
      <Checklist items={report.checklist} manual={{ [manual.id]: true }} onToggle={() => {}} />,
    );
    expect(screen.getByTestId('progress').textContent).toBe(
      `完成 ${passed + 1}/${report.checklist.length}`,
    );
    expect(screen.getByRole('checkbox', { name: manual.label })).toHaveProperty('checked', true);
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
