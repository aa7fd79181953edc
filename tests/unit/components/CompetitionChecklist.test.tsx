import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { CompetitionChecklist } from '../../../components/CompetitionChecklist';
import { competitionCell } from '../../../lib/csv';
import { ReviewRecordSchema } from '../../../lib/entities';
import { competitionForRecord } from '../../../lib/review-data';
import { isCompetitionItem } from '../../../rules/competition';
import { run } from '../rules/helpers';
import { axeViolations, renderView } from './helpers';

/** A measure that names a company for a job and claims an exception without its reason. */
const measure = [
  '某县人民政府关于加快充电基础设施建设的实施意见',
  '某政发〔2026〕5号',
  '各乡镇人民政府，县政府各部门：',
  '第一条 为加快充电基础设施建设，结合本县实际，制定本意见。',
  '第二条 全县公共充电设施由县城市建设投资有限公司统一负责建设和运营，对新引进的充电企业落户本县的给予奖励。',
  '第三条 本意见适用公平竞争审查例外规定。',
  '第四条 本意见自2026年12月1日起施行，有效期3年。',
  '某县人民政府',
  '2026年11月1日',
].join('\n');

const report = run(measure);
const items = report.checklist.filter(isCompetitionItem);

function view(value = undefined as Parameters<typeof CompetitionChecklist>[0]['value']) {
  const onChange = vi.fn();
  const r = renderView(
    <CompetitionChecklist
      items={items}
      findings={report.findings}
      facts={report.facts}
      manual={{}}
      onToggle={() => {}}
      value={value}
      onChange={onChange}
    />,
  );
  return { ...r, onChange };
}

describe('CompetitionChecklist', () => {
  it('proposes 「涉及」 from the 实施办法 第二条 domains and shows the four categories', async () => {
    const { container } = view();
    expect(screen.getByTestId('competition-scope').textContent).toContain('自动判断：涉及（');
    expect(screen.getByTestId('competition-scope').textContent).toContain('招商引资');
    for (const g of ['市场准入和退出', '商品和要素自由流动', '生产经营成本', '生产经营行为'])
      expect(container.textContent).toContain(g);
    // The named company fails its item; manual items wait for the reviewer.
    expect(container.querySelector('[data-item="FC-C-8-3"]')?.getAttribute('data-status')).toBe(
      'fail',
    );
    expect(screen.getByRole('checkbox', { name: /无其他限制或者变相限制市场准入/ })).toBeTruthy();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('says what a claimed exception lacks', () => {
    view();
    const ex = screen.getByTestId('competition-exception').textContent ?? '';
    expect(ex).toContain('未写明属于第十二条所列哪种情形');
    expect(ex).toContain('未确定合理的实施期限或者终止条件');
  });

  it('records the conclusion and, for 适用例外, asks for the exception', () => {
    const { onChange, rerender } = view();
    fireEvent.click(screen.getByRole('radio', { name: '适用例外' }));
    expect(onChange).toHaveBeenLastCalledWith({ concerns: null, conclusion: '适用例外' });
    rerender(
      <CompetitionChecklist
        items={items}
        findings={report.findings}
        manual={{}}
        onToggle={() => {}}
        value={{ concerns: null, conclusion: '适用例外' }}
        onChange={onChange}
      />,
    );
    fireEvent.input(screen.getByTestId('competition-exception-text'), {
      target: { value: '为实现节约能源，实施期限至2028年' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      concerns: null,
      conclusion: '适用例外',
      exception: '为实现节约能源，实施期限至2028年',
    });
  });

  it('lets the reviewer say the text does not concern business: no items, no conclusion', () => {
    const { onChange } = view({ concerns: false, conclusion: null });
    expect(screen.getByTestId('competition-na').textContent).toContain('无须进行公平竞争审查');
    expect(screen.queryByTestId('competition-conclusion')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: '按自动判断' }));
    expect(onChange).toHaveBeenLastCalledWith({ concerns: null, conclusion: null });
  });
});

describe('the 公平竞争审查 in the record', () => {
  it('keeps the conclusion, the engine’s scope unless the reviewer overrode it, and the exception', () => {
    expect(competitionForRecord(report, { concerns: null, conclusion: '不符合' })).toEqual({
      competition: { concerns: true, conclusion: '不符合' },
    });
    expect(
      competitionForRecord(report, {
        concerns: null,
        conclusion: '适用例外',
        exception: '节约能源',
      }),
    ).toEqual({ competition: { concerns: true, conclusion: '适用例外', exception: '节约能源' } });
    expect(competitionForRecord(report, { concerns: false, conclusion: '符合' })).toEqual({
      competition: { concerns: false, conclusion: null },
    });
    // A text about dogs, nothing said by the reviewer: nothing recorded.
    const dogs = run(
      '某市养犬管理办法\n第一条 养犬人应当为犬只办理免疫登记。\n第二条 本办法自2026年12月1日起施行。',
    );
    expect(competitionForRecord(dogs, undefined)).toEqual({});
  });

  it('is an optional field: a record without it still validates, one with a bad value does not', () => {
    const base = {
      id: 'r1',
      docKey: 'k',
      url: 'https://example.gov.cn/a',
      title: 't',
      docNumber: null,
      registrationNumber: null,
      classification: 'normative',
      conclusion: '通过',
      opinion: '',
      reviewer: '张三',
      reviewedAt: '2026-11-27T00:00:00.000Z',
      round: 1,
      facts: { effectiveDate: null, validity: { years: null, until: null, expiry: null } },
      findingCounts: { error: 0, warning: 0, info: 0 },
      findings: [],
      packs: [],
      extensionVersion: '1.0.0',
      textHash: null,
      createdAt: '2026-11-27T00:00:00.000Z',
      updatedAt: '2026-11-27T00:00:00.000Z',
      deletedAt: null,
    };
    expect(ReviewRecordSchema.safeParse(base).success).toBe(true);
    expect(
      ReviewRecordSchema.safeParse({ ...base, competition: { concerns: true, conclusion: '符合' } })
        .success,
    ).toBe(true);
    expect(
      ReviewRecordSchema.safeParse({ ...base, competition: { concerns: true, conclusion: '通过' } })
        .success,
    ).toBe(false);
  });

  it('is a CSV cell: 符合, 适用例外 with its reason, 不涉及, 未作结论, or empty', () => {
    expect(competitionCell(undefined)).toBe('');
    expect(competitionCell({ concerns: false, conclusion: null })).toBe('不涉及');
    expect(competitionCell({ concerns: true, conclusion: null })).toBe('未作结论');
    expect(competitionCell({ concerns: true, conclusion: '符合' })).toBe('符合');
    expect(
      competitionCell({ concerns: true, conclusion: '适用例外', exception: '节约能源，至2028年' }),
    ).toBe('适用例外：节约能源，至2028年');
  });
});
