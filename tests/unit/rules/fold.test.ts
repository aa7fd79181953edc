import fc from 'fast-check';
import TS_CHARACTERS from 'opencc-js/dict/TSCharacters';
import { describe, expect, it } from 'vitest';
import { KEEP, foldUnit, normalizeForMatching } from '../../../rules/text';
import { problems, run } from './helpers';

/**
 * Traditional characters are folded with OpenCC's full table (issue 14 item 6), in the
 * matching copy only: the raw text the format rules read is untouched, offsets are shared.
 */
describe('traditional → simplified in the matching copy', () => {
  it.each([
    ['試行', '试行'],
    ['暫行', '暂行'],
    ['關於印發《管理辦法》的通知', '关于印发《管理办法》的通知'],
    ['規範性文件', '规范性文件'],
    ['罰款、沒收、吊銷許可證', '罚款、没收、吊销许可证'],
    ['徵收費用', '征收费用'],
    ['本辦法自發佈之日起施行', '本办法自发布之日起施行'],
    ['爲 僞 啓 衆 綫 説', '为 伪 启 众 线 说'],
    ['\uF902\uF90A', '车金'], // compatibility ideographs from PDF converters
  ])('folds %s', (raw, folded) => {
    expect(normalizeForMatching(raw)).toBe(folded);
  });

  it.each([['乾坤'], ['著作权'], ['夥伴'], ['一个'], ['吃'], ['台'], ['面']])(
    'leaves %s (everyday simplified) alone',
    (s) => {
      expect(normalizeForMatching(s)).toBe(s);
    },
  );

  it('KEEP is exactly the table’s sources that GB 2312 also has, less 於後徵', () => {
    const dec = new TextDecoder('gbk');
    const gb = new Set<string>();
    for (let r = 0xb0; r <= 0xf7; r++)
      for (let c = 0xa1; c <= 0xfe; c++) gb.add(dec.decode(new Uint8Array([r, c])));
    const both = TS_CHARACTERS.split('|')
      .map((e) => e.split(' '))
      .filter(([from, to]) => from!.length === 1 && to!.length === 1 && gb.has(from!))
      .map(([from]) => from!)
      .filter((c) => !'於後徵'.includes(c));
    expect([...KEEP].sort()).toEqual(both.sort());
  });

  it('keeps the length, so raw and matching offsets are the same, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(normalizeForMatching(s).length).toBe(s.length);
      }),
      { numRuns: 300 },
    );
    // Every unit maps to one unit; surrogate halves are never produced or consumed.
    for (let c = 0; c < 65536; c++) {
      const f = foldUnit(c);
      if ((c & 0xf800) === 0xd800 || (f & 0xf800) === 0xd800) expect(f).toBe(c);
    }
  });

  it('a 試行 document in traditional characters gets the 暂行/试行 validity cap', () => {
    const text = [
      '某市人民政府關於印發《某市某某補貼管理辦法（試行）》的通知',
      '某政規〔2024〕3號',
      '各區人民政府，市政府各部門：',
      '現將《某市某某補貼管理辦法（試行）》印發給你們，請認真貫徹執行。',
      '某市人民政府',
      '2024年1月5日',
      '第一條　為了規範管理，根據有關法律法規，制定本辦法。',
      '第二條　本辦法適用於本市行政區域內的單位和個人。',
      '第三條　本辦法自2024年3月1日起施行，有效期3年。',
    ].join('\n');
    const r = run(text);
    expect(r.facts.trial).toBe(true);
    expect(problems(r)).toContain('VP-TRIAL-OVERCAP');
    // The raw text still shows what the page shows: 號 stays 號 in the fact.
    expect(r.facts.docNumber).toBe('某政規〔2024〕3號');
  });
});
