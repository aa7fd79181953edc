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
/**
 * 「2018年10月26日第十三届全国人民代表大会常务委员会第六次会议通过」: a law of the 全国人大 or its
 * 常委会 is promulgated by the President's order on the day it is passed (立法法 第五十九条:
 * 法律由国家主席签署主席令予以公布), so with no 公布 on the line the 通过 date is the 公布 date.
 * Local 法规 are published by a later 公告 and get no such reading.
 */
const NPC_PASSED_RE = /^[^（(]*?全国人民代表大会(?:常务委员会)?[^，。；\n]{0,20}?通过/;
/** A short line that ends with a date (「行长：戴相龙二〇〇一年二月一日」: the signer and the date run together). */
const ENDS_WITH_DATE_RE = new RegExp(`(?:${D})\\s*$`);
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
      const npc = p ? null : NPC_PASSED_RE.exec(line);
      const passed = npc ? findDates(norm, b.start, b.start + npc[0].length)[0] : undefined;
      if (passed) return located(raw, passed.date, passed.start, passed.end);
    }
    // The 令's own date: the first date line after the order number.
    if (
      afterOrder &&
      orderEnd !== null &&
      b.start >= orderEnd &&
      (b.kind === 'date' || (b.end - b.start <= 40 && ENDS_WITH_DATE_RE.test(line)))
    ) {
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
