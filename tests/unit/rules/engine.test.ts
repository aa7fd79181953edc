import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compilePacks, check } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import { seedPacks } from '../../../rules/seeds';
import { ReportSchema, PackSchema } from '../../../rules/schema';
import { normativeDoc, problems, run, seeds } from './helpers';

const overlay = (json: Record<string, unknown>) =>
  PackSchema.parse({
    id: 'office',
    name: '本单位',
    version: '2',
    jurisdiction: '本地',
    extends: ['common-local'],
    ...json,
  });

describe('pack layering', () => {
  it('orders layers bases first and reports their versions', () => {
    expect(seeds('huizhou').packs.map((p) => p.id)).toEqual([
      'fair-competition',
      'higher-law',
      'national',
      'common-local',
      'huizhou',
    ]);
    expect(run(normativeDoc({})).packs).toEqual([
      { id: 'fair-competition', version: '1.3.1' },
      { id: 'higher-law', version: '1.0.0' },
      { id: 'national', version: '1.11.0' },
      { id: 'common-local', version: '1.2.0' },
    ]);
  });

  it('lets a later layer override a parameter (validity cap 5 → 3 years)', () => {
    const c = compilePacks(
      [
        ...seedPacks,
        overlay({ params: { 'validity.maxYears.default': { value: 3, basis: '本地办法' } } }),
      ],
      ['office'],
    );
    const r = check(modelFromText(normativeDoc({})), c, { today: '2026-11-27' });
    expect(problems(r)).toContain('VP-OVERCAP');
    expect(r.findings.find((f) => f.ruleId.endsWith('VP-OVERCAP'))!.message).toContain('上限3年');
  });

  it('lets a later layer switch a base rule off or replace it under the same id', () => {
    const base = normativeDoc({ number: '国办发[2025]6号' });
    const off = compilePacks(
      [
        ...seedPacks,
        overlay({
          rules: [
            {
              id: 'DN-BR',
              kind: 'doc-number',
              severity: 'error',
              category: '格式',
              message: 'x',
              basis: 'y',
              enabled: false,
              options: { check: 'brackets' },
            },
          ],
        }),
      ],
      ['office'],
    );
    expect(problems(check(modelFromText(base), off, { today: '2026-11-27' }))).not.toContain(
      'DN-BR',
    );
    const replaced = compilePacks(
      [
        ...seedPacks,
        overlay({
          rules: [
            {
              id: 'DN-BR',
              kind: 'doc-number',
              severity: 'info',
              category: '格式',
              message: '本地提示',
              basis: '本地',
              options: { check: 'brackets' },
            },
          ],
        }),
      ],
      ['office'],
    );
    const f = check(modelFromText(base), replaced, { today: '2026-11-27' }).findings.find((x) =>
      x.ruleId.endsWith('/DN-BR'),
    )!;
    expect([f.ruleId, f.severity, f.message]).toEqual(['office/DN-BR', 'info', '本地提示']);
  });

  it('skips an invalid pack with a Chinese warning instead of throwing', () => {
    const c = compilePacks(
      [...seedPacks, { id: 'bad', rules: 'no' } as never],
      ['common-local', 'bad'],
    );
    expect(c.warnings.join('\n')).toMatch(/规则包 bad/);
    expect(c.rules.length).toBeGreaterThan(20);
  });
});

describe('report', () => {
  it('matches the report schema and sorts findings by position', () => {
    const r = run(normativeDoc({ number: '国办发[2025]6号', closing: '本办法自印发之日起施行。' }));
    expect(ReportSchema.safeParse(r).success).toBe(true);
    const starts = r.findings.map((f) => f.range.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const f of r.findings) expect(f.basis).not.toBe('');
  });

  it('ticks the checklist from findings and facts, leaving the manual items manual', () => {
    const r = run(normativeDoc({ closing: '本办法自2025年12月1日起施行。' }));
    const st = Object.fromEntries(r.checklist.map((c) => [c.id, c.status]));
    expect(st['YX-01']).toBe('fail');
    expect(st['ZT-01']).toBe('manual');
    const item = r.checklist.find((c) => c.id === 'YX-01')!;
    expect(item.evidence[0]).toMatch(/^finding:\d+$/);
  });

  it('marks checklist items 不适用 when their rules are for other levels (a non-normative 通报)', () => {
    const r = run(
      '汀江市人民政府关于表彰先进集体的通报\n汀府〔2026〕9号\n各单位：经研究，决定予以表彰。\n汀江市人民政府\n2026年1月5日',
    );
    expect(r.classification.normative).toBe(false);
    const item = r.checklist.find((c) => c.id === 'YX-01')!;
    expect(item.status).toBe('na');
    expect(item.note).toMatch(/^(?:仅适用于行政规范性文件|不适用于其他)$/);
  });
});

describe('checklist states', () => {
  const states = (text: string) => Object.fromEntries(run(text).checklist.map((c) => [c.id, c]));
  const draft = [
    '关于公开征求《银湖市某某管理办法（征求意见稿）》意见的公告',
    '为广泛听取意见，现将征求意见稿全文公布。公众可于2025年11月20日前提出意见。',
    '银湖市司法局',
    '2025年11月1日',
    '银湖市某某管理办法（征求意见稿）',
    '第一条　为了规范管理，根据《中华人民共和国某某法》，制定本办法。',
    '第二条　本办法适用于本市行政区域内的单位和个人。',
    '第三条　本办法由市司法局负责解释。',
    '第四条　本办法自2026年1月1日起施行，有效期5年。',
  ].join('\n');

  it('passes an item a rule checks fully, and says what it checked (发文字号)', () => {
    const sy01 = states(normativeDoc({}))['SY-01']!;
    expect(sy01.status).toBe('pass');
    expect(sy01.checks).toMatch(/GB\/T 9704/);
    expect(sy01.evidence).toContain('fact:docNumber');
  });

  it('leaves a keyword-scanned item 待核实 when the scan found nothing (不得设定处罚)', () => {
    const c = states(normativeDoc({}));
    expect(c['BD-CF']!.status).toBe('review');
    expect(c['BD-JS']!.status).toBe('review');
  });

  it('fails a keyword-scanned item when the scan found something', () => {
    const c = states(normativeDoc({ articles: ['违反本办法的，处以五千元罚款。'] }));
    expect(c['BD-CF']!.status).toBe('fail');
  });

  it.each([['SY-01'], ['SY-02'], ['SY-03'], ['YX-03'], ['CX-05']])(
    'marks %s 不适用 on a draft, with why',
    (id) => {
      const item = states(draft)[id]!;
      expect(item.status).toBe('na');
      expect(item.note).toMatch(/草案/);
    },
  );

  it('marks 公平竞争 不适用 on a text that does not touch business, and applies it when it does', () => {
    expect(states(normativeDoc({}))['BD-GP']!.status).toBe('na');
    const market = states(
      normativeDoc({ articles: ['本市支持市场主体公平参与政府采购。', '本办法适用于本市。'] }),
    );
    expect(market['BD-GP']!.status).toBe('review');
    expect(market['CX-03']!.status).toBe('manual');
  });

  it('does not pass the number format when the text states no number (nothing was checked)', () => {
    const text = normativeDoc({}).replace('银政规发〔2025〕6号\n', '');
    const sy01 = states(text)['SY-01']!;
    expect(sy01.status).not.toBe('pass');
  });

  it('takes an item whose pack does not say what its check can reach as 待核实', () => {
    const c = compilePacks(
      [
        ...seedPacks,
        overlay({
          checklist: [{ id: 'X-1', group: '程序', label: '写明施行日期', rules: ['ED-MISSING'] }],
        }),
      ],
      ['office'],
    );
    const r = check(modelFromText(normativeDoc({})), c, { today: '2026-11-27' });
    expect(r.checklist.find((i) => i.id === 'X-1')!.status).toBe('review');
  });
});

describe('robustness', () => {
  const compiled = seeds('huizhou');
  const safeCheck = (text: string) => check(modelFromText(text), compiled, { today: '2026-11-27' });

  it('never throws on any string (unicode, CJK, brackets, control characters)', () => {
    const alphabet = fc.constantFrom(
      ...'〔〕[]（）()【】﹝﹞第号號年月日一二〇○O0123456789规发令自起施行有效期至罚款征收征求《》，。；\n\r\t -—HFGS',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.string({ unit: alphabet, maxLength: 400 }),
          fc.string({ unit: 'grapheme', maxLength: 200 }),
        ),
        (s) => {
          const r = safeCheck(s);
          expect(ReportSchema.safeParse(r).success).toBe(true);
          for (const f of r.findings) {
            expect(f.range.end).toBeLessThanOrEqual(s.length);
            expect(s.slice(f.range.start, f.range.end)).toBe(f.anchor.exact);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on an invalid today or a malformed url', () => {
    expect(() =>
      check(modelFromText(normativeDoc({})), compiled, { today: 'yesterday', url: '::' }),
    ).not.toThrow();
  });

  it('handles 10 MB of random CJK in one run', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const buf = new Uint16Array(10_000_000);
    for (let i = 0; i < buf.length; i++) {
      const r = rand() % 100;
      buf[i] = r < 3 ? 0x0a : r < 6 ? 0x3002 : 0x4e00 + (rand() % 0x5000);
    }
    const text = new TextDecoder('utf-16le').decode(buf);
    const t0 = performance.now();
    const r = safeCheck(text);
    expect(ReportSchema.safeParse(r).success).toBe(true);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
