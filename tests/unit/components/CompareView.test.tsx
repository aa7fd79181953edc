import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { CompareView } from '../../../components/CompareView';
import { compareTexts, unitsOf } from '../../../rules/compare';
import { reviewed } from './fixtures';
import { axeViolations, renderView } from './helpers';

const v1 = reviewed('rv-parking-rule-v1.html').text;
const v2 = reviewed('rv-parking-rule-v2.html').text;
const against = { round: 1, reviewedAt: '2026-09-20T02:00:00.000Z' };

describe('CompareView', () => {
  it('puts what matters first: the new obligation (可以 → 应当)', () => {
    renderView(<CompareView comparison={compareTexts(v1, v2)} against={against} />);
    const items = screen.getByTestId('compare-summary').querySelectorAll('li');
    expect(items[0]!.getAttribute('data-kind')).toBe('obligation');
    expect(items[0]!.textContent).toContain('义务 新增');
    expect(items[0]!.textContent).toContain('第五条 → 第六条');
    expect(items[0]!.textContent).toContain('「停车场经营者可以');
    expect(items[0]!.textContent).toContain('「停车场经营者应当');
    const text = screen.getByTestId('compare-summary').textContent!;
    expect(text).toContain('金额 改变');
    expect(text).toContain('删除条款');
    expect(text).toContain('公众责任保险');
    expect(screen.getByText(/对比对象：第1轮/)).toBeTruthy();
  });

  it('shows changed clauses with word-level differences, unchanged ones on request', () => {
    const { container } = renderView(<CompareView comparison={compareTexts(v1, v2)} />);
    const rows = () => screen.getByTestId('compare-rows').querySelectorAll('li');
    expect([...rows()].map((r) => r.getAttribute('data-status'))).toEqual([
      'inserted',
      'renumbered',
      'modified',
      'removed',
      'modified',
      'modified',
    ]);
    const modal = rows()[2]!;
    expect(modal.querySelector('del')!.textContent).toContain('可以');
    expect(modal.querySelector('ins')!.textContent).toContain('应当');
    fireEvent.click(screen.getByRole('checkbox', { name: '只显示有变化的条款' }));
    expect(rows()).toHaveLength(12);
    expect(container.querySelectorAll('[data-status=unchanged]')).toHaveLength(6);
  });

  it('says when nothing changed, and when there is no earlier round', () => {
    const view = renderView(<CompareView comparison={compareTexts(v1, v1)} />);
    expect(screen.getByTestId('compare-same').textContent).toBe(
      '与上一轮记录的文本相同，没有变化。',
    );
    view.rerender(<CompareView comparison={null} />);
    expect(screen.getByTestId('compare-none')).toBeTruthy();
  });

  it('renders a 520-article comparison a page at a time', () => {
    const long = reviewed('e-long-520-articles.html').text;
    const bodies = unitsOf(long).units.map((u) => u.body);
    const v = bodies.map(
      (b, k) => `第${k + 2}条　${k % 5 === 0 ? `${b}违反的，处1000元罚款。` : b}`,
    );
    const c = compareTexts(long, ['第1条　新增条款，不得占道。', ...v].join('\n'));
    const t0 = performance.now();
    renderView(<CompareView comparison={c} />);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(screen.getByTestId('compare-rows').querySelectorAll('li')).toHaveLength(60);
    expect(screen.getByTestId('compare-summary').querySelectorAll('li')).toHaveLength(60);
    expect(screen.getAllByRole('button', { name: /^显示其余 \d+ 条$/ })).toHaveLength(2);
  });

  it('has no accessibility violations', async () => {
    const { container } = renderView(
      <CompareView comparison={compareTexts(v1, v2)} against={against} />,
    );
    expect(await axeViolations(container)).toEqual([]);
  });
});
