/**
 * The cheap pre-checks in front of two regular expressions (they skip the regex where it
 * cannot match) must never change a result: each is compared with the bare regex on the
 * corpus-like strings a document produces and on random strings built from the characters
 * that matter to the pattern.
 */
import { describe, expect, it } from 'vitest';
import { EFFECTIVE_TAIL_RE, extractFacts, tailCanEnd } from '../../../rules/facts';
import { LABEL_START_RE, META_LABELS, startsWithLabel } from '../../../rules/extract';
import { isRegexSpace } from '../../../rules/text';
import { rng } from './helpers';
import { makeContext } from '../../../rules/context';
import { modelFromText } from '../../../rules/model';

function randomString(next: () => number, alphabet: string[], max: number): string {
  let s = '';
  const n = Math.floor(next() * max);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)]!;
  return s;
}

describe('isRegexSpace', () => {
  it('agrees with \\s on every UTF-16 code unit', () => {
    const re = /\s/;
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++)
      if (isRegexSpace(c) !== re.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });
});

describe('effective-date tail pre-check', () => {
  const tail = (s: string) => EFFECTIVE_TAIL_RE.test(s);

  it('lets every real clause through', () => {
    for (const s of [
      '本办法自2025年6月1日起',
      '本办法自发布之日起',
      '自印发之日起30日后',
      '本规定自二〇二五年一月一日起开始',
      '自2025-06-01',
      '于2025年6月1日 ',
      '自公布之日起三十天以后\u3000',
    ]) {
      expect(tail(s)).toBe(true);
      expect(tailCanEnd(s, 0, s.length)).toBe(true);
    }
  });

  it('never rules out a window the pattern matches (random windows)', () => {
    const next = rng(20261127);
    const alphabet = [
      ...'自从于起开始日天后以之号年月-./0123456789一二三十〇零印发公布之日 \u3000\n贯彻组织执行本办法',
      '之日',
      '印发之日',
      '2025年6月1日',
      '三十',
    ];
    let matched = 0;
    const wrong: string[] = [];
    for (let k = 0; k < 20000; k++) {
      const s = randomString(next, alphabet, 24);
      const m = tail(s);
      if (m) matched++;
      if (m && !tailCanEnd(s, 0, s.length)) wrong.push(s);
    }
    expect(wrong).toEqual([]);
    expect(matched).toBeGreaterThan(100); // the generator does produce matches
  });

  it('reads only its window', () => {
    const s = '起施行';
    expect(tailCanEnd(s, 0, 1)).toBe(true);
    expect(tailCanEnd(s, 1, 1)).toBe(false);
    expect(tailCanEnd('日 \u3000', 1, 3)).toBe(false);
  });

  it('finds the same 施行 facts as before around 组织实施 and 贯彻执行', () => {
    const text = [
      '某市停车管理办法',
      '第一条　市交通运输主管部门负责本办法的组织实施。',
      '第二条　各部门应当认真贯彻执行。',
      '第三条　本办法自2027年3月1日起施行，有效期5年。',
    ].join('\n');
    const f = extractFacts(makeContext(modelFromText(text)), { y: 2026, m: 11, d: 27 });
    expect(f.effective?.value).toEqual({ y: 2027, m: 3, d: 1 });
    expect(f.effectiveClauses.map((c) => c.text)).toEqual(['自2027年3月1日起施行']);
  });
});

describe('metadata label pre-check', () => {
  it('agrees with the bare pattern on labels, bodies and random strings', () => {
    const fixed = [
      '发文字号：汀府办规[2026]05号',
      '  发 文 字 号 ： 汀府',
      '\u3000【发布机构】市政府',
      '[索引号] 1234',
      '第一条　为了加强城市管理',
      '',
      '   ',
      '来源',
      '日期:2026-01-01',
    ];
    for (const s of fixed) expect([s, startsWithLabel(s)]).toEqual([s, LABEL_START_RE.test(s)]);
    const next = rng(7);
    const alphabet = [
      ...META_LABELS,
      ...META_LABELS.map((l) => l.slice(0, 1)),
      ...' \u3000\u00a0\t【】[]：:第一条文号',
    ];
    const wrong: string[] = [];
    let labelled = 0;
    for (let k = 0; k < 20000; k++) {
      const s = randomString(next, alphabet, 6);
      const want = LABEL_START_RE.test(s);
      if (want) labelled++;
      if (startsWithLabel(s) !== want) wrong.push(s);
    }
    expect(wrong).toEqual([]);
    expect(labelled).toBeGreaterThan(1000);
  });
});
