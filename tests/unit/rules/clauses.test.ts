/** Clause references (第X条第X款第X项) and the prefilled opinion. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clauseRef,
  findingKey,
  opinionLines,
  opinionText,
  toChineseNumber,
} from '../../../rules/clauses';
import { check } from '../../../rules/engine';
import { modelFromHtml } from '../../../rules/model';
import type { Finding } from '../../../rules/schema';
import { segmentClauses } from '../../../rules/segment';
import { seeds } from './helpers';

const TEXT = [
  '汀江市示例管理办法',
  '第一章　总则',
  '第一条　为了规范管理，根据《中华人民共和国行政处罚法》，制定本办法。',
  '第二条　本办法适用于本市行政区域。',
  '第七条　经营者应当公示收费标准。',
  '违反本条第一款规定的，由市场监督管理部门处以罚款。',
  '第八条　有下列情形之一的，不予办理：',
  '（一）未提交申请材料的；',
  '（二）逾期未缴纳保证金的。',
  '第十二条之一　本办法自2027年1月1日起施行。',
  '汀江市人民政府',
  '2026年8月10日',
].join('\n');

const at = (needle: string) => TEXT.indexOf(needle);

describe('clause references', () => {
  it.each([
    ['根据《中华人民共和国行政处罚法》', '第一条'],
    ['本办法适用于', '第二条'],
    ['经营者应当公示', '第七条第一款'],
    ['处以罚款', '第七条第二款'],
    ['不予办理', '第八条'],
    ['未提交申请材料', '第八条第一项'],
    ['缴纳保证金', '第八条第二项'],
    ['2027年1月1日', '第十二条之一'],
  ])('「%s」 stands in %s', (needle, ref) => {
    expect(clauseRef(TEXT, at(needle))?.text).toBe(ref);
  });

  it('gives no reference outside the articles (title, chapter heading, signature, date)', () => {
    for (const needle of ['汀江市示例管理办法', '第一章', '汀江市人民政府', '2026年8月10日'])
      expect(clauseRef(TEXT, at(needle)), needle).toBeNull();
  });

  it('reads article numbers and chapters', () => {
    const clauses = segmentClauses(TEXT);
    expect(clauses.map((c) => c.num)).toEqual([1, 2, 7, 8, 12]);
    expect(clauses[0]!.chapter).toContain('第一章');
    expect(clauses[3]!.paragraphs[0]!.items).toHaveLength(2);
  });

  it('does not take a cross-reference at the start of a line for a new article', () => {
    const t = '第五条　甲应当乙。\n第三条规定的情形，适用本条。';
    expect(segmentClauses(t)).toHaveLength(1);
    expect(clauseRef(t, t.indexOf('适用本条'))?.text).toBe('第五条第二款');
  });

  it.each([
    [1, '一'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [105, '一百零五'],
    [112, '一百一十二'],
    [520, '五百二十'],
  ])('%i is written %s', (n, s) => {
    expect(toChineseNumber(n)).toBe(s);
  });
});

function finding(needle: string, over: Partial<Finding> = {}): Finding {
  const start = at(needle);
  return {
    ruleId: 'national/NB-CF',
    kind: 'pattern',
    severity: 'error',
    category: '合法性',
    message: `规范性文件不得设定行政处罚：「${needle}」`,
    basis: '《中华人民共和国行政处罚法》第十六条',
    range: { start, end: start + needle.length },
    anchor: { exact: needle, prefix: TEXT.slice(start - 8, start), suffix: '' },
    ...over,
  };
}

describe('the prefilled opinion', () => {
  it('cites the clause of each open finding: 「第七条第二款设定罚款」', () => {
    const lines = opinionLines(TEXT, [finding('处以罚款')]);
    expect(lines).toEqual(['第七条第二款「处以罚款」：规范性文件不得设定行政处罚']);
  });

  it('merges findings of one rule in one clause, keeps text order, numbers the lines', () => {
    const text = opinionText(TEXT, [
      finding('缴纳保证金', { ruleId: 'national/NB-SF', message: '不得设定收费：「缴纳保证金」' }),
      finding('处以罚款'),
      finding('罚款'),
    ]);
    expect(text.split('\n')).toEqual([
      '1. 第七条第二款「处以罚款」「罚款」：规范性文件不得设定行政处罚',
      '2. 第八条第二项「缴纳保证金」：不得设定收费',
    ]);
  });

  it('leaves out dismissed findings and info', () => {
    const f = finding('处以罚款');
    expect(opinionLines(TEXT, [f], { dismissed: { [findingKey(f)]: '引用上位法' } })).toEqual([]);
    expect(opinionLines(TEXT, [finding('罚款', { severity: 'info' })])).toEqual([]);
  });

  it('cites findings outside the articles by their quote and adds the suggestion', () => {
    const f = finding('汀江市示例管理办法', {
      message: '发文字号格式不规范',
      suggestion: '汀府规〔2026〕4号',
    });
    expect(opinionLines(TEXT, [f])).toEqual([
      '「汀江市示例管理办法」：发文字号格式不规范（建议：汀府规〔2026〕4号）',
    ]);
  });

  it('cites the real engine findings of a seeded document by article', () => {
    const model = modelFromHtml(
      readFileSync(join(__dirname, '../../../seeds/documents/nb-cf-dog-fines.html'), 'utf8'),
    );
    const report = check(model, seeds(), { today: '2026-11-27' });
    const lines = opinionLines(model.text, report.findings);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => /^第[一二三四五六七八九十]+条.*不得设定行政处罚/.test(l))).toBe(true);
  });

  it('keys a finding by rule and quote, not by offset', () => {
    const a = finding('处以罚款');
    const b = { ...a, range: { start: a.range.start + 10, end: a.range.end + 10 } };
    expect(findingKey(a)).toBe(findingKey(b));
  });
});
