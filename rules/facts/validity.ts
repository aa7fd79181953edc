/**
 * The document's own validity period (有效期): a range, an end date, a number of years or
 * months, a 「…起施行，至…止」 span, else the metadata's 失效日期 or 有效期 field. Only the
 * document's own: not a licence's, a certificate's or a contract's, not a quoted or forwarded
 * document's (rules/facts/ownership.ts).
 */
import { DATE_SOURCE, parseDate } from './dates';
import { EXPIRY_KEYS } from './labels';
import { metaDate, metaValue } from './meta';
import { COUNT_SOURCE, parseChineseNumber } from './numerals';
import { clauseOwner } from './ownership';
import { defineExtractor, type ValidityFact } from './types';

const D = DATE_SOURCE;
const NUM = COUNT_SOURCE;
/**
 * 有效期, and the 执行期限/实施期限 of 若干措施 and 实施意见 and the 试行期 of a 试行 document (the
 * same period by other names), with or without a colon.
 */
const V_TERM = '(?:有效期|执行期|实施期|试行期)(?:限)?\\s*[:：]?';
const V_YEARS_RE = new RegExp(
  `${V_TERM}(?:为|是|暂定为?|均为)?\\s*(${NUM})\\s*(个)?\\s*(年|月)(半)?`,
  'g',
);
const V_RANGE_RE = new RegExp(
  `${V_TERM}(?:为|自|从)?\\s*(${D})\\s*(?:起)?\\s*(?:至|到|—|－|-|~|～)\\s*(${D})`,
  'g',
);
// 「有效期至…」, and a period extended: 「有效期延长至2028年12月31日」「有效期顺延至…」.
const V_UNTIL_RE = new RegExp(
  `${V_TERM}(?:为|(?:延长|延续|顺延|延期)(?:为)?)?(?:至|到|截至|截止(?:到|至)?)\\s*(${D})`,
  'g',
);
// 「2022年1月1日起施行，至2026年12月31日止」: anchored on the verb, start date read backwards.
// 「…起施行，2030年9月14日废止」 too (group 2).
const V_SPAN_RE = new RegExp(
  `(?:施行|实施|执行|生效)[，,；;]?\\s*(?:(?:至|到)\\s*(${D})\\s*(?:止|废止|失效)|(${D})\\s*(?:废止|失效))`,
  'g',
);
const V_SPAN_FROM_RE = new RegExp(`(${D})\\s*(?:起)?\\s*$`);
/**
 * 「本公告执行至2027年12月31日」, 「上述政策实施至…」, 「本通知有效至…」: the document (or the policy
 * it sets) applies until a date — its validity by another wording, common in 公告 of tax and
 * fee policies.
 */
const V_SELF_UNTIL_RE = new RegExp(
  `(?:本(?:公告|通告|通知|办法|规定|细则|意见|决定|措施|政策|文件)|(?:上述|以上)(?:政策|措施|规定))[^。；;\\n]{0,24}?(?:执行|实施|施行|有效)(?:期限?)?(?:至|到|截至|截止(?:到|至)?)\\s*(${D})`,
  'g',
);
/** The metadata's 有效期 field: 「5年」. */
const META_YEARS_RE = new RegExp(`^(${NUM})\\s*(个)?\\s*(年|月)`);

function toYearsMonths(n: number, unit: string): number {
  return unit === '月' ? n / 12 : n;
}

export const validityExtractor = defineExtractor({
  name: 'validity',
  needs: ['titleNorm', 'ownEnd'],
  provides: ['validity'],
  run({ doc, facts }) {
    const { norm, raw } = doc;
    const { titleNorm, ownEnd } = facts;
    const cands: ValidityFact[] = [];
    let m: RegExpExecArray | null;
    /** Where a match stands in the text, as a candidate's place. */
    const at = (x: RegExpExecArray) => ({
      start: x.index,
      end: x.index + x[0].length,
      text: raw.slice(x.index, x.index + x[0].length),
      source: 'text' as const,
    });
    const r1 = new RegExp(V_RANGE_RE.source, 'g');
    while ((m = r1.exec(norm)) !== null) {
      const a = parseDate(m[1]!);
      const b = parseDate(m[2]!);
      if (b) cands.push({ ...at(m), years: null, until: b, from: a });
    }
    const r2 = new RegExp(V_UNTIL_RE.source, 'g');
    while ((m = r2.exec(norm)) !== null) {
      const b = parseDate(m[1]!);
      if (b) cands.push({ ...at(m), years: null, until: b, from: null });
    }
    const r3 = new RegExp(V_YEARS_RE.source, 'g');
    while ((m = r3.exec(norm)) !== null) {
      const n = parseChineseNumber(m[1]!);
      if (n === null || n <= 0 || n > 100) continue;
      cands.push({
        ...at(m),
        // 两年半, 一年半
        years: toYearsMonths(n, m[3]!) + (m[4] && m[3] === '年' ? 0.5 : 0),
        until: null,
        from: null,
      });
    }
    const r5 = new RegExp(V_SELF_UNTIL_RE.source, 'g');
    while ((m = r5.exec(norm)) !== null) {
      const b = parseDate(m[1]!);
      if (b) cands.push({ ...at(m), years: null, until: b, from: null });
    }
    const r4 = new RegExp(V_SPAN_RE.source, 'g');
    while ((m = r4.exec(norm)) !== null) {
      const b = parseDate(m[1] ?? m[2]!);
      const fm = V_SPAN_FROM_RE.exec(norm.slice(Math.max(0, m.index - 30), m.index));
      const a = fm ? parseDate(fm[1]!) : null;
      const start = fm ? m.index - (Math.min(30, m.index) - fm.index) : m.index;
      if (b)
        cands.push({
          start,
          end: m.index + m[0].length,
          text: raw.slice(start, m.index + m[0].length),
          source: 'text',
          years: null,
          until: b,
          from: a,
        });
    }
    // Only the document's own period: not a licence's, a certificate's or a contract's
    // (「许可证有效期为3年」「颁发证书，有效期五年」), not a quoted document's (「《…》有效期至…」),
    // not the forwarded document's. A clause that names the document (本办法有效期…) wins;
    // otherwise the one in the closing articles, the last.
    const owners = new Map<ValidityFact, 'own' | 'neutral'>();
    for (const c of cands) {
      if (c.start >= ownEnd) continue;
      const o = clauseOwner(doc, c.start, norm.slice(c.start, c.end), titleNorm);
      if (o !== 'other') owners.set(c, o);
    }
    const kept = [...owners.keys()].sort((x, y) => x.start - y.start);
    const selfNamed = kept.filter((c) => owners.get(c) === 'own');
    let validity: ValidityFact | null =
      selfNamed[selfNamed.length - 1] ?? kept[kept.length - 1] ?? null;
    if (!validity) {
      const md = metaDate(doc, EXPIRY_KEYS);
      if (md)
        validity = {
          start: md.start,
          end: md.end,
          text: md.text,
          source: md.source,
          years: null,
          until: md.value,
          from: null,
        };
      else {
        const mv = metaValue(doc, ['有效期']);
        const ym = mv ? META_YEARS_RE.exec(mv) : null;
        const n = ym ? parseChineseNumber(ym[1]!) : null;
        if (ym && n)
          validity = {
            start: 0,
            end: 0,
            text: mv!,
            source: 'meta',
            years: toYearsMonths(n, ym[3]!),
            until: null,
            from: null,
          };
      }
    }
    return { validity };
  },
});
