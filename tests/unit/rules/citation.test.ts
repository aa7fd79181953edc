/**
 * Citations of higher law (rules/facts/citations.ts, rules/kinds/citation.ts) against the
 * higher-law register (seeds/packs/higher-law.json): laws repealed before the document's date,
 * article numbers an amendment moved, and normative documents given as the basis of a 不得 item.
 */
import { describe, expect, it } from 'vitest';
import { compilePacks, check } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import { readCitations, MAX_TITLE } from '../../../rules/facts/citations';
import { articleName } from '../../../rules/kinds/citation';
import { validatePack } from '../../../rules/validate';
import higherLaw from '../../../seeds/packs/higher-law.json';
import { run } from './helpers';

/** A normative document of the given date with the clause as its first article. */
function doc(clause: string, date = '2026年10月9日'): string {
  return [
    '某市人民政府关于印发《某市物业管理办法》的通知',
    '某政规〔2026〕4号',
    '各区人民政府，市政府各部门：',
    '现将《某市物业管理办法》印发给你们，请认真贯彻执行。',
    '某市物业管理办法',
    `第一条 ${clause}`,
    '第二条 本办法自2026年12月1日起施行，有效期5年。',
    '某市人民政府',
    date,
  ].join('\n');
}

const hits = (text: string, rule: string) =>
  run(text).findings.filter((f) => f.ruleId === `higher-law/${rule}`);

describe('reading citations', () => {
  it('reads titles, version notes, article lists and cited document numbers', () => {
    const cs = readCitations(
      '根据《中华人民共和国行政处罚法》（2017年修正）第八条、第九条和《某市人民政府关于加强管理的通知》（某政发〔2020〕3号）',
    );
    expect(cs.map((c) => c.key)).toEqual(['行政处罚法', '某市人民政府关于加强管理的通知']);
    expect(cs[0]!.version).toBe('2017年修正');
    expect(cs[0]!.articles.map((a) => a.n)).toEqual([8, 9]);
    expect(cs[1]!.docNumber).toBe('某政发〔2020〕3号');
  });

  it('is no citation without 书名号, and a longer title is another work', () => {
    expect(readCitations('依法调整物权法律关系')).toEqual([]);
    expect(readCitations('参考《物权法律关系研究》一书').map((c) => c.key)).toEqual([
      '物权法律关系研究',
    ]);
  });

  it('bounds a 10,000-character 《…》 and runs of nested brackets', () => {
    const long = `《${'长'.repeat(10_000)}》第三条`;
    const t0 = performance.now();
    expect(readCitations(long)).toEqual([]);
    expect(
      readCitations('《'.repeat(5000) + '物权法' + '》'.repeat(5000)).length,
    ).toBeLessThanOrEqual(3);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(MAX_TITLE).toBeLessThan(10_000);
  });

  it('reads the inner title of 《关于印发《…》的通知》 as nested', () => {
    const cs = readCitations('《关于印发《某市物业管理办法》的通知》');
    expect(cs.map((c) => [c.key, c.nested])).toEqual([
      ['关于印发《某市物业管理办法》的通知', false],
      ['某市物业管理办法', true],
    ]);
  });

  it('names articles as laws write them', () => {
    expect([9, 10, 16, 20, 108, 1260].map(articleName)).toEqual([
      '第九条',
      '第十条',
      '第十六条',
      '第二十条',
      '第一百零八条',
      '第1260条',
    ]);
  });
});

describe('cites a repealed law (HL-REPEALED)', () => {
  it('a 2026 draft citing 物权法 and 民法通则 gets two errors naming the 民法典', () => {
    const f = hits(
      doc('根据《中华人民共和国物权法》《中华人民共和国民法通则》等法律，制定本办法。'),
      'HL-REPEALED',
    );
    expect(f.map((x) => x.severity)).toEqual(['error', 'error']);
    expect(f[0]!.message).toBe(
      '引用的《中华人民共和国物权法》已于2021-01-01被取代，继受为《中华人民共和国民法典》（依据：' +
        higherLaw.params['higherLaw.register'].value[6]!.basis +
        '）',
    );
    expect(f[0]!.suggestion).toBe('改为引用《中华人民共和国民法典》的相应条文');
  });

  it.each([
    ['a short title', '根据《合同法》第五十二条的规定'],
    ['a tax regulation replaced by a law', '依照《中华人民共和国契税暂行条例》执行'],
    ['a registration regulation', '依据《公司登记管理条例》办理'],
  ])('catches %s', (_, clause) => {
    expect(hits(doc(clause), 'HL-REPEALED')).toHaveLength(1);
  });

  it.each([
    [
      'a document dated before the repeal',
      '根据《中华人民共和国物权法》制定本办法。',
      '2019年3月1日',
    ],
    ['a law in force', '根据《中华人民共和国民法典》制定本办法。', '2026年10月9日'],
    ['a mention without 书名号', '依法处理物权法律关系。', '2026年10月9日'],
    [
      'a citation the text marks as past',
      '原《中华人民共和国合同法》规定的合同继续有效。',
      '2026年10月9日',
    ],
    [
      'a statement of the repeal',
      '《中华人民共和国物权法》已于2021年1月1日废止。',
      '2026年10月9日',
    ],
  ])('leaves %s alone', (_, clause, date) => {
    expect(hits(doc(clause, date), 'HL-REPEALED')).toEqual([]);
  });

  it('reads nested 《《…》》 once', () => {
    expect(hits(doc('根据《《中华人民共和国物权法》》制定本办法。'), 'HL-REPEALED')).toHaveLength(
      1,
    );
  });
});

describe('cites an article an amendment moved (HL-RENUMBERED)', () => {
  it('行政处罚法 第十四条 for 「其他规范性文件不得设定行政处罚」 is now 第十六条', () => {
    const f = hits(
      doc('根据《中华人民共和国行政处罚法》第十四条，其他规范性文件不得设定行政处罚。'),
      'HL-RENUMBERED',
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.anchor.exact).toBe('第十四条');
    expect(f[0]!.message).toContain(
      '2021年修改后第十四条已不是「其他规范性文件不得设定行政处罚」，该内容现为第十六条',
    );
    expect(f[0]!.suggestion).toBe('将「第十四条」改为「第十六条」');
  });

  it('行政处罚法 第八条 cited for the kinds of penalty is now 第九条', () => {
    expect(
      hits(doc('《行政处罚法》第八条规定了行政处罚的种类。'), 'HL-RENUMBERED').map(
        (f) => f.anchor.exact,
      ),
    ).toEqual(['第八条']);
  });

  it.each([
    [
      'the current number',
      '根据《中华人民共和国行政处罚法》第十六条，其他规范性文件不得设定行政处罚。',
      '2026年10月9日',
    ],
    [
      'an older version named on purpose',
      '根据《中华人民共和国行政处罚法》（2017年修正）第十四条，其他规范性文件不得设定行政处罚。',
      '2026年10月9日',
    ],
    [
      'a document before the amendment',
      '根据《中华人民共和国行政处罚法》第十四条，其他规范性文件不得设定行政处罚。',
      '2020年5月1日',
    ],
    [
      'an article cited without its old content',
      '依照《中华人民共和国行政处罚法》第十四条的规定执行。',
      '2026年10月9日',
    ],
  ])('leaves %s alone', (_, clause, date) => {
    expect(hits(doc(clause, date), 'HL-RENUMBERED')).toEqual([]);
  });
});

describe('a normative document as the basis of a 不得 item (HL-NORMATIVE-BASIS)', () => {
  it.each([
    '依据《某市人民政府关于加强城市管理的通知》（某政发〔2020〕3号），对违反规定的处以500元罚款。',
    '按照《关于规范停车秩序的实施意见》，对占道停车的车辆予以扣押。',
    '根据市政府《关于加强建筑垃圾管理的通知》（某政办发〔2021〕12号）收取处置费。',
  ])('catches 「%s」', (clause) => {
    const f = hits(doc(clause), 'HL-NORMATIVE-BASIS');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
  });

  it.each([
    '依据《中华人民共和国行政处罚法》和《某市市容管理办法》（某市人民政府令第5号），处以500元罚款。',
    '依据《某市城市管理条例》第三十条，处以500元罚款。',
    '根据《某市人民政府关于加强城市管理的通知》（某政发〔2020〕3号），做好宣传工作。',
  ])('leaves 「%s」 alone', (clause) => {
    expect(hits(doc(clause), 'HL-NORMATIVE-BASIS')).toEqual([]);
  });
});

describe('the register as data', () => {
  it('validates, and every entry names its date, successor and basis', () => {
    expect(validatePack(higherLaw)).toMatchObject({ ok: true });
    const reg = higherLaw.params['higherLaw.register'].value;
    const civil = reg.filter((e) => e.successor === '中华人民共和国民法典').map((e) => e.title);
    expect(civil).toHaveLength(9);
    for (const e of reg) expect(e.basis.length, e.title).toBeGreaterThan(10);
  });

  type Reg = { params: Record<string, { value: unknown[]; basis: string }> };
  const broken = (edit: (reg: Record<string, unknown>[]) => void): Reg => {
    const p = structuredClone(higherLaw) as unknown as Reg;
    edit(p.params['higherLaw.register']!.value as Record<string, unknown>[]);
    return p;
  };

  it.each([
    [
      'an impossible date',
      (r: Record<string, unknown>[]) => (r[0]!.date = '2021-02-30'),
      '日期不存在',
    ],
    [
      'a cycle of successors',
      (r: Record<string, unknown>[]) =>
        r.push({
          title: '中华人民共和国民法典',
          event: '被取代',
          date: '2030-01-01',
          successor: '中华人民共和国物权法',
          basis: '测试用的错误登记项',
        }),
      '继受关系形成循环',
    ],
    [
      'a replacement without successor',
      (r: Record<string, unknown>[]) => delete r[0]!.successor,
      '须写明继受',
    ],
    [
      'a title of 10,000 characters',
      (r: Record<string, unknown>[]) => (r[0]!.title = '法'.repeat(10_000)),
      '[0].title：过长（上限 60 个字符）',
    ],
    [
      'a title with 书名号',
      (r: Record<string, unknown>[]) => (r[0]!.title = '《物权法》'),
      '不得含书名号',
    ],
  ])('refuses %s with a precise message, and nothing of the pack is loaded', (_, edit, words) => {
    const bad = broken(edit);
    const v = validatePack(bad);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors[0]!.message).toMatch(
      /^规则包 higher-law › params\.higherLaw\.register › \[\d+\]\.\w+：/,
    );
    expect(v.errors.map((e) => e.message).join('\n')).toContain(words);
    expect(v.partial).toBeUndefined();
    const c = compilePacks([bad as never], ['higher-law']);
    expect(c.rules).toEqual([]);
    expect(c.warnings.join('\n')).toContain(words);
    // And a document citing a repealed law gets nothing from a pack that did not load.
    const r = check(modelFromText(doc('根据《中华人民共和国物权法》制定本办法。')), c, {
      today: '2026-11-27',
    });
    expect(r.findings.filter((f) => f.ruleId.startsWith('higher-law/'))).toEqual([]);
  });
});
