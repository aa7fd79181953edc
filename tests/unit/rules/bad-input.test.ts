import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import { ReportSchema, type Report } from '../../../rules/schema';
import { normativeDoc, seeds } from './helpers';

const compiled = seeds();
const review = (text: string): Report =>
  check(modelFromText(text), compiled, { today: '2026-11-27' });
const DOC = normativeDoc({});
const SAMPLE = readFileSync(join(__dirname, '../../../seeds/documents/p-dn-cndate-letter-o.txt'));

/** A deterministic PRNG, so a failing input can be replayed. */
function prng(seed: number) {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff);
}

/** `n` characters of text with no structure: common and rare CJK, punctuation, no lines. */
function noStructure(n: number, seed = 7): string {
  const rand = prng(seed);
  const common = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你';
  let s = '';
  const chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand() % 100;
    chunk.push(r < 4 ? '，' : r < 6 ? '。' : common[rand() % common.length]!);
    if (chunk.length === 4096) {
      s += chunk.join('');
      chunk.length = 0;
    }
  }
  return s + chunk.join('');
}

function notADocument(r: Report, reason: RegExp) {
  expect(ReportSchema.safeParse(r).success).toBe(true);
  expect(r.classification.isDocument).toBe(false);
  expect(r.classification.normative).toBe(false);
  expect(r.findings).toEqual([]);
  expect(r.classification.reasons[0]!.text).toMatch(reason);
}

/** Issue 14 “Bad input”: a clear result, never a throw, time bounded and linear in size. */
describe('bad input gets a clear result: not a document, with the reason', () => {
  it('binary bytes saved as .txt (decoded as UTF-8, as the CLI and the file reader do)', () => {
    const rand = prng(11);
    for (const size of [200, 5_000, 200_000]) {
      const bytes = Uint8Array.from({ length: size }, () => rand() & 0xff);
      notADocument(review(new TextDecoder('utf-8').decode(bytes)), /乱码或二进制/);
    }
  });

  it('a PNG header and zero bytes saved as .txt', () => {
    const bytes = new Uint8Array(4000);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    notADocument(review(new TextDecoder('utf-8').decode(bytes)), /乱码或二进制/);
  });

  it.each([
    ['UTF-8 read as GBK', () => new TextDecoder('gbk').decode(SAMPLE), /编码错乱|乱码/],
    [
      'UTF-8 read as Windows-1252',
      () => new TextDecoder('windows-1252').decode(SAMPLE),
      /乱码|编码错乱/,
    ],
    [
      'GBK bytes read as UTF-8',
      () => {
        // Encode the sample as GBK by looking each character up in the decoder's table.
        const dec = new TextDecoder('gbk');
        const map = new Map<string, number[]>();
        for (let r = 0x81; r <= 0xfe; r++)
          for (let c = 0x40; c <= 0xfe; c++) map.set(dec.decode(new Uint8Array([r, c])), [r, c]);
        const out: number[] = [];
        for (const ch of SAMPLE.toString('utf8')) {
          const b = ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : map.get(ch);
          if (b) out.push(...b);
        }
        return new TextDecoder('utf-8').decode(Uint8Array.from(out));
      },
      /乱码|编码错乱/,
    ],
  ])('mixed encodings: %s', (_what, make, reason) => {
    notADocument(review(make()), reason);
  });

  it('a correctly decoded document is not taken for mojibake, in simplified or traditional script', () => {
    expect(review(SAMPLE.toString('utf8')).classification.isDocument).toBe(true);
    expect(review(DOC).classification.isDocument).toBe(true);
    const traditional = DOC.replace(/办/g, '辦').replace(/规/g, '規').replace(/为/g, '為');
    expect(review(traditional).classification.isDocument).toBe(true);
  });

  it.each([
    [
      [
        '某市某某管理办法',
        '第一章　总则',
        '第二章　申请与审批',
        '第三章　监督管理',
        '第四章　附则',
      ],
    ],
    [['一、总体要求', '二、主要任务', '（一）加强管理', '（二）强化监督', '三、保障措施']],
    [['1. 背景', '2. 目标', '2.1 近期目标', '2.2 远期目标', '3. 措施']],
  ])('a text of only headings: %j', (lines) => {
    notADocument(review(lines.join('\n')), /只有标题和章节名/);
  });

  it('a short notice with sentences is still a document', () => {
    const r = review('关于某某的通知\n一、工作要求\n各单位应当于每月5日前报送材料。\n二、其他');
    expect(r.classification.reasons.map((x) => x.text).join('；')).not.toMatch(/只有标题|乱码/);
  });

  it('5 MB of text with no structure: no document, no finding, in bounded, linear time', () => {
    const small = noStructure(500_000);
    const big = noStructure(5_000_000);
    const time = (s: string) => {
      const t0 = performance.now();
      const r = review(s);
      return { r, ms: performance.now() - t0 };
    };
    time(small); // warm up
    const a = time(small);
    const b = time(big);
    expect(a.r.classification.isDocument).toBe(false);
    expect(b.r.classification.isDocument).toBe(false);
    expect(b.r.classification.reasons.length).toBeGreaterThan(0);
    expect(b.r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(b.ms).toBeLessThan(20_000);
    // 10× the size costs at most about 10× the time (20× leaves room for a loaded machine).
    expect(b.ms).toBeLessThan(Math.max(20 * a.ms, 1000));
  });

  it('never throws and always gives a valid report on any mix of bytes, encodings and structure', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 600 }).map((b) => new TextDecoder('utf-8').decode(b)),
      fc.uint8Array({ maxLength: 600 }).map((b) => new TextDecoder('gbk').decode(b)),
      fc.constantFrom(DOC, '第一章　总则', '一、总体要求', '发文字号：某政规〔2024〕3号', '\n'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
        const text = parts.join('\n');
        const r = review(text);
        expect(ReportSchema.safeParse(r).success).toBe(true);
        if (!r.classification.isDocument)
          expect(r.classification.reasons.length).toBeGreaterThan(0);
        for (const f of r.findings) expect(f.range.end).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 150 },
    );
  });
});
