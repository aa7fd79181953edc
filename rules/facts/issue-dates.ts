/**
 * The dates of issue and publication: the signing date (成文日期, the 转发 notice's own date,
 * the 落款 date, 「…印发」 in the closing lines), the portal's 发布日期, the 公布 date the text
 * gives (rules/facts/promulgation.ts), and the publication date the rules use.
 */
import type { Block } from '../model';
import { DATE_SOURCE, findDates, parseDate, type YMD } from './dates';
import { PUBLISHED_KEYS, WRITTEN_KEYS } from './labels';
import { metaDate } from './meta';
import { findPromulgation } from './promulgation';
import { defineExtractor, type Located } from './types';

const ISSUED_RE = new RegExp(`(${DATE_SOURCE})\\s*印发`, 'g');

export const issueDatesExtractor = defineExtractor({
  name: 'issueDates',
  needs: ['forwarded', 'orderNumber'],
  provides: ['writtenDate', 'publishedDate', 'promulgatedDate', 'publishDate'],
  run({ doc, facts }) {
    const { model, norm, raw } = doc;
    const { forwarded, orderNumber } = facts;
    let writtenDate = metaDate(doc, WRITTEN_KEYS);
    // The first date written in a block, located.
    const dateIn = (b: Block): Located<YMD> | null => {
      const d = findDates(norm, b.start, b.end)[0];
      return d
        ? {
            value: d.date,
            text: raw.slice(d.start, d.end),
            start: d.start,
            end: d.end,
            source: 'text',
          }
        : null;
    };
    if (!writtenDate && forwarded) writtenDate = dateIn(forwarded);
    if (!writtenDate) {
      for (let i = model.blocks.length - 1; i >= 0 && i >= model.blocks.length - 15; i--) {
        const b = model.blocks[i]!;
        if (b.start < doc.closingStart) break;
        if (b.kind !== 'date') continue;
        writtenDate = dateIn(b);
        if (writtenDate) break;
      }
    }
    if (!writtenDate) {
      // 「2021年12月1日印发」 in the closing lines.
      const re = new RegExp(ISSUED_RE.source, 'g');
      re.lastIndex = Math.max(0, norm.length - 400);
      const m = re.exec(norm);
      const d = m ? parseDate(m[1]!) : null;
      if (m && d)
        writtenDate = {
          value: d,
          text: m[1]!,
          start: m.index,
          end: m.index + m[1]!.length,
          source: 'text',
        };
    }
    const publishedDate = metaDate(doc, PUBLISHED_KEYS);
    const promulgatedDate = findPromulgation(
      doc,
      orderNumber && orderNumber.end > orderNumber.start ? orderNumber.end : null,
    );
    // A 规章's 令 is signed on the day it is 公布: with no 成文日期 or 落款, the 令's date is it.
    if (!writtenDate && promulgatedDate && orderNumber) writtenDate = promulgatedDate;
    const publishDate = promulgatedDate ?? publishedDate ?? writtenDate;
    return { writtenDate, publishedDate, promulgatedDate, publishDate };
  },
});
