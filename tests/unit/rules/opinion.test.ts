/**
 * The written opinion drafted from a review (rules/opinion): one item per accepted finding with
 * its place, problem, basis and 修改建议; dismissed findings out; 未发现问题 with the structure
 * kept; the 公平竞争审查 paragraph where the text concerns business; bad input clipped.
 */
import { describe, expect, it } from 'vitest';
import { findingKey } from '../../../rules/clauses';
import {
  buildOpinion,
  lawsOf,
  moveItem,
  newItem,
  withConclusion,
  type OpinionInput,
} from '../../../rules/opinion';
import { opinionPlainText, opinionSections, opinionSummary } from '../../../rules/opinion/text';
import { OpinionSchema, type Finding, type Report } from '../../../rules/schema';
import { run } from './helpers';

const DRAFT = [
  '银湖市犬只管理办法（征求意见稿）',
  '第一条 为了规范犬只管理，根据有关规定，制定本办法。',
  '第二条 违反本办法的，由公安机关处以500元罚款。',
  '第三条 养犬人应当办理养犬许可证。',
  '未办理的，不得养犬。',
  '第四条 本办法自2026年12月1日起施行。',
].join('\n');

function inputOf(report: Report, text: string, extra: Partial<OpinionInput> = {}): OpinionInput {
  return {
    findings: report.findings,
    text,
    checklist: report.checklist,
    packs: report.packs,
    docTitle: '银湖市犬只管理办法（征求意见稿）',
    drafter: '银湖市公安局',
    receivedDate: '2026-11-20',
    office: '银湖市司法局',
    reviewer: '张三',
    date: '2026-11-27',
    ...extra,
  };
}

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'national/NB-CF',
  kind: 'pattern',
  severity: 'error',
  category: '合法性',
  message: '规范性文件不得设定行政处罚',
  basis: '《中华人民共和国行政处罚法》第十六条 [S-XZCF]',
  cite: '《中华人民共和国行政处罚法》第十六条',
  range: { start: 0, end: 2 },
  anchor: { exact: '罚款', prefix: '', suffix: '' },
  suggestion: '删除该处罚规定',
  ...over,
});

describe('buildOpinion', () => {
  const report = run(DRAFT);
  const opinion = buildOpinion(inputOf(report, DRAFT));

  it('makes one item per accepted finding, naming the article, the basis and the suggestion', () => {
    const cf = opinion.items.find((i) => i.ruleId?.endsWith('/NB-CF'));
    expect(cf).toMatchObject({
      source: 'finding',
      place: '第二条',
      basis: expect.stringContaining('行政处罚法'),
      suggestion: expect.stringContaining('删除该处罚规定'),
    });
    expect(cf?.quote).toMatch(/^「.+」$/);
    const xk = opinion.items.find((i) => i.ruleId?.endsWith('/NB-XK'));
    expect(xk?.place).toMatch(/^第三条/);
  });

  it('lists the higher law the findings cite and the packs used under 审查依据', () => {
    expect(opinion.bases.some((b) => b.includes('行政处罚法'))).toBe(true);
    expect(opinion.bases.at(-1)).toMatch(/^规审规则包：.*common-local/);
  });

  it('proposes 修改后通过 when there are items, and keeps the header and reviewer block', () => {
    expect(opinion.conclusion).toBe('修改后通过');
    expect(opinion.conclusionText).toContain('修改完善');
    const text = opinionPlainText(opinion);
    for (const s of [
      '合法性审查意见书',
      '文件名称：银湖市犬只管理办法',
      '起草单位：银湖市公安局',
      '收到日期：2026-11-20',
      '审查人：张三',
      '2026年11月27日',
      '银湖市司法局',
    ])
      expect(text).toContain(s);
  });

  it('leaves dismissed findings out (by the side panel state and by a stored dismissal)', () => {
    const cf = report.findings.find((f) => f.ruleId.endsWith('/NB-CF'))!;
    const byState = buildOpinion(
      inputOf(report, DRAFT, { dismissed: { [findingKey(cf)]: '误报' } }),
    );
    expect(byState.items.some((i) => i.ruleId?.endsWith('/NB-CF'))).toBe(false);
    const stored = report.findings.map((f) => (f === cf ? { ...f, dismissed: '误报' } : f));
    const byRecord = buildOpinion(inputOf(report, DRAFT, { findings: stored }));
    expect(byRecord.items.map((i) => i.id)).toEqual(byState.items.map((i) => i.id));
    expect(byRecord.items.length).toBe(opinion.items.length - 1);
  });

  it('says 未发现问题 for an empty review and still has every section', () => {
    const empty = buildOpinion(inputOf({ ...report, findings: [] }, DRAFT));
    expect(empty.items).toEqual([]);
    expect(empty.conclusion).toBe('通过');
    const sections = opinionSections(empty).map((s) => s.heading);
    expect(sections).toContain('一、审查依据');
    expect(sections).toContain('二、审查意见');
    expect(sections.at(-1)).toMatch(/审查结论$/);
    expect(opinionPlainText(empty)).toContain('未发现问题');
  });

  it.each([
    [
      'a 10,000-character quote',
      { anchor: { exact: '罚'.repeat(10_000), prefix: '', suffix: '' } },
    ],
    ['a 10,000-character message', { message: '不得'.repeat(5_000) }],
    ['a 10,000-character suggestion', { suggestion: '删'.repeat(10_000) }],
  ])('clips %s to the schema limits', (_, over) => {
    const o = buildOpinion({
      findings: [finding(over)],
      text: '',
      packs: [],
      docTitle: '标'.repeat(10_000),
      date: '2026-11-27',
    });
    expect(OpinionSchema.safeParse(o).success).toBe(true);
    expect(o.items[0]!.quote.length).toBeLessThanOrEqual(200);
    expect(o.docTitle.length).toBeLessThanOrEqual(500);
  });

  it.each([
    ['no article: the file location', (o: number) => `第 3 页第 ${o} 行`, '第 3 页第 7 行'],
    ['no article and no file', undefined, ''],
  ])('names the place for %s', (_, locate, place) => {
    const o = buildOpinion({
      findings: [finding({ range: { start: 7, end: 9 } })],
      text: '第一段文字没有条款标题。',
      packs: [],
      docTitle: 'x',
      date: '2026-11-27',
      ...(locate ? { locate } : {}),
    });
    expect(o.items[0]!.place).toBe(place);
  });

  it('merges the same rule in the same article into one item with up to three quotes', () => {
    const text = '第一条 处以罚款；没收违法所得；处以罚款并处罚金。';
    const fs = [3, 8, 15, 20].map((s, i) =>
      finding({
        range: { start: s, end: s + 2 },
        anchor: { exact: `罚款${i}`, prefix: '', suffix: '' },
      }),
    );
    const o = buildOpinion({ findings: fs, text, packs: [], docTitle: 'x', date: '2026-11-27' });
    expect(o.items).toHaveLength(1);
    expect(o.items[0]!.quote).toBe('「罚款0」「罚款1」「罚款2」');
  });

  it('leaves info findings out unless asked', () => {
    const fs = [finding({ severity: 'info' })];
    const base = { text: '', packs: [], docTitle: 'x', date: '2026-11-27' };
    expect(buildOpinion({ ...base, findings: fs }).items).toHaveLength(0);
    expect(buildOpinion({ ...base, findings: fs, includeInfo: true }).items).toHaveLength(1);
  });

  it('lists the manual checklist items the reviewer ticked, and only those', () => {
    const manualItem = report.checklist.find(
      (i) => !i.id.startsWith('FC-') && (i.status === 'manual' || i.status === 'review'),
    );
    expect(manualItem).toBeDefined();
    const ticked = buildOpinion(inputOf(report, DRAFT, { manual: { [manualItem!.id]: true } }));
    expect(ticked.checked).toEqual([`${manualItem!.group}：${manualItem!.label}`]);
    expect(opinion.checked).toEqual([]);
  });
});

describe('the 公平竞争审查 paragraph', () => {
  const base = {
    findings: [] as Finding[],
    text: '',
    packs: [],
    docTitle: 'x',
    date: '2026-11-27',
  };
  const scope = finding({
    ruleId: 'fair-competition/FC-SCOPE',
    severity: 'info',
    category: '公平竞争',
    message: '文件涉及招商引资、政府采购等方面，应当进行公平竞争审查',
  });
  it.each([
    ['no business, nothing said', base, null],
    [
      'business found, no conclusion yet',
      { ...base, findings: [scope] },
      /涉及招商引资、政府采购.*尚未作出结论/,
    ],
    [
      'the reviewer concluded 符合',
      { ...base, competition: { concerns: true, conclusion: '符合' as const } },
      /符合公平竞争审查要求/,
    ],
    [
      'the reviewer claimed an exception',
      {
        ...base,
        competition: { concerns: true, conclusion: '适用例外' as const, exception: '维护国家安全' },
      },
      /第十二条.*例外情形：维护国家安全/,
    ],
    [
      'the reviewer said the text concerns no business',
      { ...base, findings: [scope], competition: { concerns: false, conclusion: null } },
      null,
    ],
  ])('%s', (_, input, expected) => {
    const o = buildOpinion(input);
    if (expected === null) expect(o.competition).toBeNull();
    else expect(o.competition).toMatch(expected);
    // The scope note is no 审查意见 item.
    expect(o.items).toEqual([]);
  });
});

describe('lawsOf (what 审查依据 lists of a citation)', () => {
  it.each([
    ['《中华人民共和国行政处罚法》第十六条', ['《中华人民共和国行政处罚法》']],
    [
      '《行政许可法》第十七条；《规章制定程序条例》第三条',
      ['《行政许可法》', '《规章制定程序条例》'],
    ],
    ['国办发〔2018〕37号 （一）严禁越权发文（不得规定出具循环证明）', ['国办发〔2018〕37号']],
    ['GB/T 9704-2012 第7.2.4条', ['GB/T 9704-2012']],
    [
      '地方规范性文件管理办法：规范性文件应当载明制定依据',
      ['地方规范性文件管理办法：规范性文件应当载明制定依据'],
    ],
  ])('%s', (citation, laws) => {
    expect(lawsOf(citation)).toEqual(laws);
  });
});

describe('editing helpers', () => {
  const o = buildOpinion({
    findings: [
      finding({}),
      finding({
        ruleId: 'national/NB-XK',
        message: '不得设定行政许可',
        range: { start: 5, end: 6 },
      }),
    ],
    text: '',
    packs: [],
    docTitle: 'x',
    date: '2026-11-27',
  });

  it('moves an item and keeps the others in order', () => {
    expect(moveItem(o.items, 1, 0).map((i) => i.id)).toEqual(['f2', 'f1']);
    expect(moveItem(o.items, 0, 99).map((i) => i.id)).toEqual(['f2', 'f1']);
  });

  it('adds an empty manual item with a fresh id', () => {
    const it = newItem([...o.items, { ...o.items[0]!, id: 'm3' }]);
    expect(it).toMatchObject({ source: 'manual', problem: '' });
    expect(it.id).toBe('m4');
  });

  it.each([
    ['follows the default text', o, '不予通过', /不予通过/],
    [
      'keeps a rewritten text',
      { ...o, conclusionText: '请补充说明。' },
      '不予通过',
      /^请补充说明。$/,
    ],
  ] as const)('a new conclusion %s', (_, start, c, text) => {
    const next = withConclusion(start, c);
    expect(next.conclusion).toBe(c);
    expect(next.conclusionText).toMatch(text);
  });

  it('summarises items and conclusion for the log', () => {
    expect(opinionSummary(o)).toEqual({
      items: 2,
      conclusion: '修改后通过',
      text: '2 条意见，修改后通过',
    });
  });
});
