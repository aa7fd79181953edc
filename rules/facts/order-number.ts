/**
 * The 规章 order number (令号) that is the document's own: where it is read from and which
 * forms are accepted.
 */
import type { DocContext } from '../context';
import type { Located } from './index';

/** 规章 order numbers without a year bracket: 山东省人民政府令第337号, 兰州市人民政府令〔2025〕第1号, 省政府令第218号. */
export const ORDER_RE =
  /(?:人民)?政府令\s*(?:[〔[［(（]\s*\d{4}\s*[〕\]］)）])?\s*第\s*[\d一二三四五六七八九十百零〇]+\s*号/;

function metaValue(ctx: DocContext, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = ctx.model.meta[k];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/**
 * A 规章 order number (「银湖市人民政府令第52号」) that is the document's own: the title, a
 * line of its own in the header, or the metadata 发文字号. Orders cited in running text
 * (「（银湖市人民政府令第45号）同时废止」) are not.
 */
export function findOrderNumber(ctx: DocContext, titleNorm: string): Located<string> | null {
  const { norm, raw } = ctx;
  const metaNo = metaValue(ctx, ['发文字号', '文号']);
  const blocks = ctx.model.blocks;
  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi]!;
    if (b.start > ctx.headerEnd + 200) break;
    if (b.end - b.start > 40 || (b.kind !== 'title' && b.kind !== 'paragraph' && b.kind !== 'meta'))
      continue;
    const line = norm.slice(b.start, b.end);
    const found = ORDER_RE.exec(line);
    const m = found && !orderInBrackets(line, found.index) ? found : null;
    if (!m) {
      // 「青岚市人民政府令」 and 「第45号」 centred on two lines.
      const next = blocks[bi + 1];
      if (!/^\s*[\p{Script=Han}]{2,20}政府令\s*$/u.test(line) || !next) continue;
      const nl = norm.slice(next.start, next.end);
      if (!/^\s*第\s*[\d一二三四五六七八九十百零〇]+\s*号\s*$/.test(nl)) continue;
      const s = b.start + line.search(/\S/);
      const e = next.start + nl.trimEnd().length;
      const value = `${line.trim()}${nl.trim()}`;
      const text = `${raw.slice(b.start, b.end).trim()}${raw.slice(next.start, next.end).trim()}`;
      return { value, text, start: s, end: e, source: 'text' };
    }
    // Extend back over the government's name (银湖市人民政府令).
    let s = b.start + m.index;
    while (s > b.start && /[\p{Script=Han}]/u.test(norm[s - 1]!) && b.start + m.index - s < 12) s--;
    if (b.kind === 'meta') s = Math.max(s, b.start + line.search(/[:：]/) + 1);
    while (s < b.start + m.index && /\s/.test(norm[s]!)) s++;
    const e = b.start + m.index + m[0].length;
    return { value: norm.slice(s, e), text: raw.slice(s, e), start: s, end: e, source: 'text' };
  }
  if (metaNo && /政府令|^第\s*[\d一二三四五六七八九十百零〇]+\s*号令$/.test(metaNo))
    return { value: metaNo, text: metaNo, start: 0, end: 0, source: 'meta' };
  // A title that is an order (「青岚市人民政府令第45号」), not one citing an order in brackets
  // (「贯彻实施《…》（市政府令第18号）的实施意见」).
  const tm = ORDER_RE.exec(titleNorm);
  if (tm && !orderInBrackets(titleNorm, tm.index))
    return { value: titleNorm, text: titleNorm, start: 0, end: 0, source: 'meta' };
  return null;
}

/** An order number cited in brackets: 「《…办法》（青岚市人民政府令第18号）」. */
function orderInBrackets(line: string, at: number): boolean {
  return /[（(]\s*$/.test(line.slice(0, at).replace(/[\p{Script=Han}]+$/u, ''));
}
