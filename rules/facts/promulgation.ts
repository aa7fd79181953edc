/**
 * The date the document was 公布 (promulgated), where its own text gives it: the history line
 * under a 规章's title 「（2023年5月6日某市人民政府令第12号公布　自公布之日起施行）」, a line
 * 「2023年5月6日公布」, or the date that closes the 令 before the 规章's text (「市长　某某／
 * 2023年5月6日」). 「自公布之日起施行」 counts from it.
 */
import type { DocContext } from '../context';
import { DATE_SOURCE, findDates, type YMD } from './dates';
import type { Located } from './types';

const D = DATE_SOURCE;
/** A header line that tells the history: it opens with a bracket or a date. */
const HISTORY_START_RE = new RegExp(`^\\s*(?:[（(]\\s*)?(?:${D})`);
/** 公布/发布/颁布 as an event (not 「自公布之日起」). */
const PROMULGATED_RE = /(?:公布|发布|颁布)(?!之日)/;
const BLOCKS = 40;

/**
 * The promulgation date in the header, or null. `orderEnd` is the end of the document's own
 * order number when it is in the text (its closing date is the 令's date).
 */
export function findPromulgation(ctx: DocContext, orderEnd: number | null): Located<YMD> | null {
  const { norm, raw } = ctx;
  const blocks = ctx.model.blocks;
  const limit = ctx.headerEnd + 2000;
  let afterOrder = orderEnd !== null;
  for (let i = 0; i < blocks.length && i < BLOCKS; i++) {
    const b = blocks[i]!;
    if (b.start > limit) break;
    if (b.kind === 'article') break;
    if (b.end - b.start > 160) continue;
    const line = norm.slice(b.start, b.end);
    if (HISTORY_START_RE.test(line)) {
      // The date nearest before 公布: 「2021年12月31日…通过　2022年1月5日…令第12号公布」.
      const p = PROMULGATED_RE.exec(line);
      const ds = p ? findDates(norm, b.start, b.start + p.index) : [];
      const d = ds[ds.length - 1];
      if (d) return located(raw, d.date, d.start, d.end);
    }
    // The 令's own date: the first date line after the order number.
    if (afterOrder && orderEnd !== null && b.start >= orderEnd && b.kind === 'date') {
      const d = findDates(norm, b.start, b.end)[0];
      if (d) return located(raw, d.date, d.start, d.end);
      afterOrder = false;
    }
  }
  return null;
}

function located(raw: string, value: YMD, start: number, end: number): Located<YMD> {
  return { value, text: raw.slice(start, end), start, end, source: 'text' };
}
