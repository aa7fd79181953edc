/**
 * The date the document takes effect (施行): its own 「自…起施行」 clause (the self-naming
 * one, else the last), else the metadata's 实施日期, else the start of a stated validity
 * period; every absolute 施行 clause is kept for the retroactivity check. 「自公布之日起」
 * counts from the 公布 date wherever the text or the portal gives it; in a draft such a
 * date is the future adoption's and stays unknown.
 */
import { isRegexSpace } from '../text';
import { DATE_SOURCE, addDays, parseDate, type YMD } from './dates';
import { EFFECTIVE_KEYS } from './labels';
import { metaDate } from './meta';
import { COUNT_SOURCE, parseChineseNumber } from './numerals';
import { clauseOwner } from './ownership';
import { defineExtractor, type EffectiveFact } from './types';

const D = DATE_SOURCE;
const NUM = COUNT_SOURCE;

// The effective clause is found from its verb (a literal, so the scan is fast) and read
// backwards over a bounded window; scanning for dates everywhere would be several times slower.
// 「自…起试行」 is a 施行 clause too; 「施行以来」 tells of the past.
const EFFECTIVE_VERB_RE = /(?:施行|实施|执行|生效|试行)(?!的|以来)/g;
export const EFFECTIVE_TAIL_RE = new RegExp(
  `(?:自|从|于)?\\s*(${D}|印发之日|公布之日|发布之日|颁布之日|发文之日|下发之日|公开发布之日|签发之日|签署之日)` +
    // 「2026年1月1日零时起」
    `(?:\\s*(?:零|〇|\\d{1,2})\\s*(?:时|点))?\\s*(?:起)?\\s*(?:(${NUM})\\s*(?:日|天)(?:后|以后|之后))?\\s*(?:起)?\\s*(?:开始)?$`,
);
const EFFECTIVE_WINDOW = 40;

/**
 * Whether `text[from, to)` can match {@link EFFECTIVE_TAIL_RE} at all. The pattern is
 * anchored at the end and, past optional whitespace, its last character is always one of
 * 始 (开始), 起, 后 (日后/天后), 日 or 号 (a date, 之日) or a digit (an ISO date): a window that
 * ends with anything else cannot match, and skipping it saves a slice and a regex run that
 * tries every start position. Exact: it only rules out windows the pattern cannot match.
 */
export function tailCanEnd(text: string, from: number, to: number): boolean {
  let i = to - 1;
  while (i >= from && isRegexSpace(text.charCodeAt(i))) i--;
  if (i < from) return false;
  const c = text.charCodeAt(i);
  return (
    c === 0x59cb || // 始
    c === 0x8d77 || // 起
    c === 0x540e || // 后
    c === 0x65e5 || // 日
    c === 0x53f7 || // 号
    (c >= 0x30 && c <= 0x39)
  );
}
/** The clause's subject is another (older) document: 现行《…》, 原《…》. */
const OTHER_DOC_RE = /(?:现行|原|旧)《[^》]{1,40}》[^。\n]{0,12}$/;
/**
 * 「现予发布施行」, 「现予以公布施行」, 「现予发布实施」, 「现予发布实行」: the order (令) or notice takes effect on
 * the day it is issued, so its 施行 date is the 公布/signing date of the order.
 */
const ISSUE_AND_EFFECT_RE = /现予(?:以)?(?:发布|公布|颁布)(?:施行|实施|实行|生效)/;
/**
 * 「决定自2024年1月1日起，在本市行政区域内禁止…」: a 通告 or 决定 that decides a measure from a
 * date takes effect on that date.
 */
const DECIDED_FROM_RE = new RegExp(
  `决定[，,\\s]{0,2}(?:自|从|于)\\s*(${D})(?:\\s*(?:零|〇|\\d{1,2})\\s*(?:时|点))?\\s*起`,
);
const SELF_REF_RE =
  /本(?:办法|规定|细则|意见|通知|决定|规则|通告|公告|文件|措施|制度|方案|标准|指引|规范|条例|实施细则|实施意见|暂行办法|试行办法|若干措施|若干规定|管理办法|政策)/;

export const effectiveExtractor = defineExtractor({
  name: 'effective',
  needs: [
    'titleNorm',
    'ownEnd',
    'writtenDate',
    'publishedDate',
    'promulgatedDate',
    'validity',
    'isDraft',
  ],
  provides: ['effective', 'effectiveClauses'],
  run({ doc, facts }) {
    const { norm, raw } = doc;
    const { titleNorm, ownEnd, writtenDate, publishedDate, promulgatedDate, validity, isDraft } =
      facts;
    const effectiveClauses: EffectiveFact[] = [];
    let best: EffectiveFact | null = null;
    let bestScore = -1;
    const re = new RegExp(EFFECTIVE_VERB_RE.source, 'g');
    let v: RegExpExecArray | null;
    while ((v = re.exec(norm)) !== null) {
      if (v.index >= ownEnd) break;
      const winStart = Math.max(0, v.index - EFFECTIVE_WINDOW);
      // Most verbs (贯彻执行, 组织实施 …) are not preceded by a date or 之日: skip the window
      // unless it can end the tail pattern (see tailCanEnd).
      if (!tailCanEnd(norm, winStart, v.index)) continue;
      const m = EFFECTIVE_TAIL_RE.exec(norm.slice(winStart, v.index));
      if (!m) continue;
      const start = winStart + m.index;
      // 「现行《某某办法》自2021年3月1日起施行」 in a 修订说明 tells of the old version.
      if (OTHER_DOC_RE.test(norm.slice(Math.max(0, start - 40), start))) continue;
      // 「《中华人民共和国某某法》自…起施行」: another document's, unless this one issues it.
      if (clauseOwner(doc, start, norm.slice(start, v.index), titleNorm) === 'other') continue;
      const end = v.index + v[0].length;
      const what = m[1]!;
      const n = m[2] ? (parseChineseNumber(m[2]) ?? 0) : 0;
      let relativeTo: EffectiveFact['relativeTo'] = null;
      let value: YMD | null;
      if (what.endsWith('之日')) {
        relativeTo = /印发|发文|下发|签发|签署/.test(what) ? 'issue' : 'publish';
        // 「自公布之日起」: the 公布 date wherever the text or the portal gives it.
        const base =
          relativeTo === 'issue'
            ? (writtenDate ?? promulgatedDate ?? publishedDate)
            : (promulgatedDate ?? publishedDate ?? writtenDate);
        value = base ? addDays(base.value, n) : null;
      } else {
        value = parseDate(what);
        if (!value) continue;
      }
      const f: EffectiveFact = {
        value,
        text: raw.slice(start, end),
        start,
        end,
        source: 'text',
        relativeTo,
        offsetDays: n,
      };
      if (relativeTo === null) effectiveClauses.push(f);
      const before = norm.slice(Math.max(0, start - 30), start);
      const score = (SELF_REF_RE.test(before) ? 2 : 0) + (start >= norm.length * 0.5 ? 1 : 0);
      if (score >= bestScore) {
        best = f;
        bestScore = score;
      }
      if (effectiveClauses.length > 200) break;
    }
    let effective: EffectiveFact | null = best;
    if (!effective)
      effective = issuedAndEffective(doc, ownEnd, promulgatedDate ?? writtenDate ?? publishedDate);
    if (!effective) effective = decidedFrom(doc, ownEnd, titleNorm);
    if (!effective) {
      const md = metaDate(doc, EFFECTIVE_KEYS);
      if (md) effective = { ...md, value: md.value, relativeTo: null, offsetDays: 0 };
    }
    if (!effective && validity?.from) {
      // 「本规定有效期自2025年9月15日起至2030年9月14日止」 with no 施行 clause of its own: the
      // period's start is the date it takes effect.
      effective = {
        value: validity.from,
        text: validity.text,
        start: validity.start,
        end: validity.end,
        source: validity.source,
        relativeTo: null,
        offsetDays: 0,
      };
    }
    if (isDraft && effective && effective.relativeTo !== null) {
      // 「自印发之日起施行」 in a draft: the date is the future adoption's, not the date of the
      // consultation notice this page carries. Keep the clause (the rules read its offset),
      // drop the date.
      effective = { ...effective, value: null };
    }
    return { effective, effectiveClauses };
  },
});

/** 「现予发布施行」: 施行 on the order's own date (`base`: 公布, else signing, else portal). */
function issuedAndEffective(
  doc: Parameters<typeof clauseOwner>[0],
  ownEnd: number,
  base: { value: YMD } | null,
): EffectiveFact | null {
  const m = ISSUE_AND_EFFECT_RE.exec(doc.norm);
  if (!m || m.index >= ownEnd) return null;
  const start = m.index;
  const end = start + m[0].length;
  return {
    value: base ? base.value : null,
    text: doc.raw.slice(start, end),
    start,
    end,
    source: 'text',
    relativeTo: 'publish',
    offsetDays: 0,
  };
}

/** 「决定自…起…禁止」: the decided measure's start date is the document's 施行. */
function decidedFrom(
  doc: Parameters<typeof clauseOwner>[0],
  ownEnd: number,
  titleNorm: string,
): EffectiveFact | null {
  const m = DECIDED_FROM_RE.exec(doc.norm);
  if (!m || m.index >= ownEnd) return null;
  const value = parseDate(m[1]!);
  if (!value) return null;
  const start = m.index;
  const end = start + m[0].length;
  if (clauseOwner(doc, start, doc.norm.slice(start, end), titleNorm) === 'other') return null;
  return {
    value,
    text: doc.raw.slice(start, end),
    start,
    end,
    source: 'text',
    relativeTo: null,
    offsetDays: 0,
  };
}
