import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { FindingsList } from '../../../components/FindingsList';
import { clauseRef, findingKey } from '../../../rules/clauses';
import type { Finding } from '../../../rules/schema';
import { reviewed } from './fixtures';
import { axeViolations, renderView } from './helpers';

const { text, report } = reviewed('nb-cf-dog-fines.html');
const refs = report.findings.map((f) => clauseRef(text, f.range.start)?.text ?? null);

describe('FindingsList', () => {
  it('groups findings by category with message, clause, quote and basis', () => {
    const { container } = renderView(<FindingsList findings={report.findings} clauseRefs={refs} />);
    expect(
      screen.getByRole('heading', { name: `合法性（${report.findings.length}）` }),
    ).toBeTruthy();
    const items = container.querySelectorAll('.finding');
    expect(items).toHaveLength(report.findings.length);
    const fine = report.findings.findIndex((f) => f.ruleId.endsWith('NB-CF'));
    const li = items[fine] as HTMLElement;
    expect(li.textContent).toContain(report.findings[fine]!.message);
    expect(li.querySelector('.clause')!.textContent).toMatch(/^第[一二三四五六七八九十]+条/);
    // The citation form first; the pack's source keys after it, as links to its source list.
    expect(li.textContent).toContain(`依据：${report.findings[fine]!.cite}`);
    expect(li.textContent).not.toContain('[S-PEN]');
    expect(within(li).getByRole('link', { name: 'S-PEN' }).getAttribute('href')).toBe(
      'options.html#src-S-PEN',
    );
  });

  it('dismisses a finding with a reason, and restores it', () => {
    const onDismiss = vi.fn();
    const onRestore = vi.fn();
    const f = report.findings[0]!;
    const view = renderView(
      <FindingsList findings={report.findings} onDismiss={onDismiss} onRestore={onRestore} />,
    );
    const first = view.container.querySelector('.finding') as HTMLElement;
    fireEvent.click(within(first).getByRole('button', { name: '忽略' }));
    const reason = within(first).getByRole('combobox', { name: '忽略原因' });
    fireEvent.change(reason, { target: { value: '' } }); // 其他 → free text
    const other = within(first).getByRole('textbox', { name: '其他' });
    const confirm = within(first).getByRole('button', { name: '确认忽略' });
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.input(other, { target: { value: '已在起草说明中解释' } });
    fireEvent.click(confirm);
    expect(onDismiss).toHaveBeenCalledWith(findingKey(f), '已在起草说明中解释');

    view.rerender(
      <FindingsList
        findings={report.findings}
        dismissed={{ [findingKey(f)]: '已在起草说明中解释' }}
        onDismiss={onDismiss}
        onRestore={onRestore}
      />,
    );
    const group = view.container.querySelector('.dismissed-group') as HTMLElement;
    expect(group.textContent).toContain('已忽略的问题（1）');
    expect(group.textContent).toContain('已忽略（已在起草说明中解释）');
    fireEvent.click(within(group).getByRole('button', { name: '恢复' }));
    expect(onRestore).toHaveBeenCalledWith(findingKey(f));
  });

  it('says where each finding is in a reviewed file, as the hit card does', () => {
    const locations = report.findings.map((_, i) => (i === 1 ? '' : `第 2 页第 ${i + 3} 行`));
    const { container } = renderView(
      <FindingsList findings={report.findings} clauseRefs={refs} locations={locations} />,
    );
    const items = [...container.querySelectorAll('.finding')];
    expect(items.map((li) => li.querySelector('.where')?.textContent ?? null)).toEqual(
      locations.map((l) => (l ? `位置：${l}` : null)),
    );
  });

  it('shows no file location for a page (no locations given)', () => {
    const { container } = renderView(<FindingsList findings={report.findings} clauseRefs={refs} />);
    expect(container.querySelectorAll('.where')).toHaveLength(0);
  });

  it('asks the page to show a finding', () => {
    const onSelect = vi.fn();
    renderView(<FindingsList findings={report.findings} onSelect={onSelect} />);
    fireEvent.click(screen.getAllByRole('button', { name: '在页面上定位' })[1]!);
    expect(onSelect).toHaveBeenCalledWith(1);
  });

  it('renders a page of a huge list at a time, and markup as text', () => {
    const base = report.findings[0]!;
    const many: Finding[] = Array.from({ length: 600 }, (_, i) => ({
      ...base,
      message: `<img src=x onerror=alert(${i})>第${i}个问题`,
      anchor: { ...base.anchor, exact: `罚款${i}` },
      range: { start: i, end: i + 1 },
    }));
    const { container } = renderView(<FindingsList findings={many} onDismiss={() => {}} />);
    expect(container.querySelectorAll('.finding')).toHaveLength(50);
    expect(container.querySelector('img')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '显示其余 550 条' }));
    expect(container.querySelectorAll('.finding')).toHaveLength(250);
  });

  it('says so when there is nothing to show', () => {
    renderView(<FindingsList findings={[]} />);
    expect(screen.getByText('未发现问题。')).toBeTruthy();
  });

  it('has no accessibility violations, with a dismissal form open', async () => {
    const { container } = renderView(
      <FindingsList
        findings={report.findings}
        clauseRefs={refs}
        dismissed={{ [findingKey(report.findings[1]!)]: '误报' }}
        onSelect={() => {}}
        onDismiss={() => {}}
        onRestore={() => {}}
      />,
    );
    fireEvent.click(screen.getAllByRole('button', { name: '忽略' })[0]!);
    expect(await axeViolations(container)).toEqual([]);
  });
});
