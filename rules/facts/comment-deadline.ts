/**
 * The comment deadline of a draft for comment (and the start of the period when stated): the
 * notice's 「请于…前」, 「截止…」, a from–to period, a date in a sentence about 意见/建议, else
 * the consultation platform's fields, else N days counted from publication. Only a draft has
 * one: 请于…前报送 in a letter is another kind of deadline.
 */
import { CN_NUM_CLASS, parseChineseNumber } from './numerals';
import {
  DATE_SOURCE,
  addDays,
  dayNumber,
  findDates,
  parseDate,
  parseMonthDay,
  type YMD,
} from './dates';
import { PERIOD_KEYS } from './labels';
import { locateMeta, metaDate, metaValue } from './meta';
import { defineExtractor, type Located } from './types';

const CN = `[${CN_NUM_CLASS}]`;
const MD = `(?:\\d{1,2}\\s?月\\s?\\d{1,2}\\s?[日号]|${CN}{1,3}月${CN}{1,3}[日号])`;
/** A clock time after a deadline date: 「17时」「17:30」「18:00:00」「下午5点」 (folded digits). */
const CLOCK = `(?:\\s*(?:上午|下午)?\\s*\\d{1,2}(?::\\d{2}){1,2}|\\s*(?:上午|下午)?\\s*\\d{1,2}\\s*[时点](?:\\s*\\d{1,2}\\s*分)?)?`;
/** 「（含）」 between a deadline and 前. */
const INCL = `(?:\\s*[（(]含(?:当日|当天)?[）)])?`;
const DAY = `(${DATE_SOURCE}|${MD})`;
/**
 * The comment deadline, in the ways notices write it. Groups: 1 请于…前, 2 截止…, 3–4 a
 * from–to period, 5–8 a single date in a sentence that speaks of 意见/建议 (without 请, a
 * draft's own clause 「于…前完成改造」 must not be taken for it).
 */
const DEADLINE_RE = new RegExp(
  `(?:请(?:于|在)\\s*${DAY}${CLOCK}${INCL}[^。\\n]{0,12}?(?:前|之前|以前))` +
    `|(?:(?:截止|截至)(?:时间|日期)?(?:为|是|到|至)?[:：]?\\s*${DAY})` +
    `|(?:(?:征求意见|公示|公告|反馈意见|意见反馈|意见征集|征集)(?:时间|期限|期|日期)?(?:为|是)?[:：]?\\s*(?:自)?\\s*${DAY}${CLOCK}\\s*(?:起)?\\s*(?:至|到|—|－|-|~|～)\\s*${DAY})` +
    // 「社会各界可于…前（通过以下方式）提出意见建议」「公众可在…（含）前」
    `|(?:(?:于|在)\\s*${DAY}${CLOCK}${INCL}\\s*(?:前|之前|以前)[^。\\n]{0,40}?(?:意见|建议))` +
    // 「意见反馈时间为即日起至…」
    `|(?:(?:意见|建议)[^。\\n]{0,20}?即日起?\\s*(?:至|到)\\s*${DAY})` +
    // 「自即日起至…，社会各界可…反馈意见」
    `|(?:即日起?\\s*(?:至|到)\\s*${DAY}${CLOCK}(?:止)?[^。\\n]{0,40}?(?:意见|建议))` +
    // 「请将意见建议于…17时前」
    `|(?:(?:意见|建议)[^。\\n]{0,20}?(?:于|在)\\s*${DAY}${CLOCK}${INCL}\\s*(?:前|之前|以前))`,
  'g',
);
/** 「自本公告发布之日起30日内」「意见征集期限为30日」: N calendar days from publication. */
const DEADLINE_DAYS_RE = new RegExp(
  `(?:(?:自|从)\\s*本?(?:公告|通知|通告|意见稿)?(?:发布|公布|印发|发出|公开)之日起\\s*([\\d${CN_NUM_CLASS}]{1,4})\\s*(?:日|天)(?:内|止)?[^。\\n]{0,40}?(?:意见|建议))` +
    `|(?:(?:征求意见|意见征集|征集|反馈意见|意见反馈)(?:期限|时间|期)(?:为|是)?[:：]?\\s*([\\d${CN_NUM_CLASS}]{1,4})\\s*(?:日|天))`,
  'g',
);

export const commentDeadlineExtractor = defineExtractor({
  name: 'commentDeadline',
  needs: ['isDraft', 'publishDate'],
  provides: ['commentDeadline', 'commentStart'],
  run({ doc, facts, today }) {
    const { norm, raw } = doc;
    const { isDraft, publishDate } = facts;
    let commentDeadline: Located<YMD> | null = null;
    let commentStart: YMD | null = null;
    const yearHint = publishDate?.value.y ?? today.y;
    const re = new RegExp(DEADLINE_RE.source, 'g');
    let m: RegExpExecArray | null;
    const parse = (s: string, y: number) => parseDate(s) ?? parseMonthDay(s, y);
    const located = (value: YMD, s: number, len: number): Located<YMD> => ({
      value,
      text: raw.slice(s, s + len),
      start: s,
      end: s + len,
      source: 'text',
    });
    // Only a draft has a comment deadline; 请于…前报送 in a letter is another kind of deadline.
    if (!isDraft) re.lastIndex = norm.length;
    while ((m = re.exec(norm)) !== null) {
      if (m[3] && m[4]) {
        const a = parse(m[3], yearHint);
        const b = a ? parse(m[4], a.y) : null;
        if (a && b) {
          // 12月20日至1月5日 crosses a year end.
          const end =
            b.y === a.y && (b.m < a.m || (b.m === a.m && b.d < a.d)) && !/\d{4}|年/.test(m[4])
              ? { ...b, y: b.y + 1 }
              : b;
          commentDeadline = located(end, m.index + m[0].lastIndexOf(m[4]), m[4].length);
          commentStart = a;
          break;
        }
      } else {
        const v = m[1] ?? m[2] ?? m[5] ?? m[6] ?? m[7] ?? m[8];
        if (!v) continue;
        let d = parse(v, yearHint);
        if (!d) continue;
        // 「请于1月8日前」 on a notice of 26 November: next year's January.
        const pub = publishDate?.value;
        if (pub && !/\d{4}|年/.test(v.replace(/月.*$/, '')) && dayNumber(d) < dayNumber(pub))
          d = { ...d, y: d.y + 1 };
        commentDeadline = located(d, m.index + m[0].lastIndexOf(v), v.length);
        break;
      }
    }
    if (isDraft && !commentDeadline) {
      // A consultation platform's fields: 截止时间, or a 征集时间 from–to (the later date).
      const md = metaDate(doc, ['截止日期', '截止时间']);
      const range = metaValue(doc, PERIOD_KEYS);
      const ends = range ? findDates(range) : [];
      if (md) commentDeadline = md;
      else if (ends.length >= 2) {
        const last = ends[ends.length - 1]!;
        const span = locateMeta(doc, PERIOD_KEYS, last.text);
        commentDeadline = {
          value: last.date,
          text: last.text,
          ...span,
          source: span.end > span.start ? 'text' : 'meta',
        };
        commentStart = ends[0]!.date;
      }
    }
    if (isDraft && !commentDeadline && publishDate) {
      // 「自本公告发布之日起30日内」「意见征集期限为30日」: counted from publication.
      const rd = new RegExp(DEADLINE_DAYS_RE.source, 'g');
      while ((m = rd.exec(norm)) !== null) {
        const nText = m[1] ?? m[2]!;
        const n = /^\d+$/.test(nText) ? Number(nText) : parseChineseNumber(nText);
        if (!n || n > 366) continue;
        const s = m.index + m[0].indexOf(nText);
        commentDeadline = {
          ...located(addDays(publishDate.value, n), s, nText.length),
          text: raw.slice(m.index, m.index + m[0].length),
          start: m.index,
          end: m.index + m[0].length,
        };
        commentStart = publishDate.value;
        break;
      }
    }
    return { commentDeadline, commentStart };
  },
});
