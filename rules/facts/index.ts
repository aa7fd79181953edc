/**
 * Fact extraction: every fact the rules and the UI need, each with its source range.
 * One pass per pattern family over the matching copy; no per-match rescans.
 */
import type { DocContext } from '../context';
import {
  EFFECTIVE_KEYS,
  EXPIRY_KEYS,
  ISSUER_KEYS,
  PERIOD_KEYS,
  PUBLISHED_KEYS,
  WRITTEN_KEYS,
} from './labels';
import { clauseOwner } from './ownership';
import { findPromulgation } from './promulgation';
import type { Block } from '../model';
import { isRegexSpace } from '../text';
import type { Facts, FactSpan } from '../schema';
import { CN_NUM_CLASS, parseChineseNumber } from './numerals';
import {
  DATE_SOURCE,
  type YMD,
  fromISO,
  parseDate,
  parseMonthDay,
  periodEnd,
  addDays,
  dayNumber,
  addMonths,
  toISO,
  findDates,
} from './dates';
import { type DocNumberHit, findDocNumbers } from './docnumber';
import { findOrderNumber } from './order-number';
import { type RegNumberHit, findRegNumbers } from './regnumber';

export type Span = { start: number; end: number };
export type Located<T> = Span & { value: T; text: string; source: 'text' | 'meta' };

export type EffectiveFact = Located<YMD | null> & {
  /** null for an absolute date; otherwise which event it counts from. */
  relativeTo: 'issue' | 'publish' | null;
  /** N in 自公布之日起N日后施行. */
  offsetDays: number;
};

export type ValidityFact = Span & {
  text: string;
  source: 'text' | 'meta';
  years: number | null;
  until: YMD | null;
  /** Explicit start of the period when stated (有效期自A至B). */
  from: YMD | null;
};

export type ExtractedFacts = {
  title: Located<string> | null;
  docNumbers: DocNumberHit[];
  ownDocNumber: DocNumberHit | null;
  regNumbers: RegNumberHit[];
  registration: RegNumberHit | null;
  issuer: Located<string> | null;
  /** The signing date: 成文日期 (metadata) or the 落款 date that closes the document. */
  writtenDate: Located<YMD> | null;
  /** The portal's publication date (发布日期/公布日期 fields). */
  publishedDate: Located<YMD> | null;
  /**
   * The 公布 date the document's own text gives: the history line under a 规章's title, the
   * 令's date (rules/facts/promulgation.ts).
   */
  promulgatedDate: Located<YMD> | null;
  /** Publication as the rules use it: the text's 公布 date, else 公布/发布 fields, else 成文/印发. */
  publishDate: Located<YMD> | null;
  effective: EffectiveFact | null;
  /** Every 自…起施行/执行 clause with an absolute date, for retroactivity checks. */
  effectiveClauses: EffectiveFact[];
  validity: ValidityFact | null;
  /** Computed last day of validity. */
  expiry: YMD | null;
  trial: Located<string> | null;
  notice: boolean;
  draftMarkers: Located<string>[];
  isDraft: boolean;
  /** A 转发 notice with the forwarded text on the page: where that text begins, else null. */
  forwardedAt: number | null;
  commentDeadline: Located<YMD> | null;
  commentStart: YMD | null;
  attachments: { name: string; href: string }[];
  /** 规章 order number (…人民政府令第N号) found in the header. */
  orderNumber: Located<string> | null;
};

const D = DATE_SOURCE;
const CN = `[${CN_NUM_CLASS}]`;
const NUM = `(?:\\d{1,3}|${CN}{1,4})`;
const MD = `(?:\\d{1,2}\\s?月\\s?\\d{1,2}\\s?[日号]|${CN}{1,3}月${CN}{1,3}[日号])`;

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
const SELF_REF_RE =
  /本(?:办法|规定|细则|意见|通知|决定|规则|通告|公告|文件|措施|制度|方案|标准|指引|规范|条例|实施细则|实施意见|暂行办法|试行办法|若干措施|若干规定|管理办法|政策)/;
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
const DRAFT_RE =
  /[（(][^（）()\n]{0,8}?(?:征求意见稿|送审稿|草案|讨论稿|修改稿|代拟稿|审议稿)[）)]|修订草案征求意见稿|修订征求意见稿|征求意见稿|送审稿|讨论稿|草案修改稿|审议稿|公开征求[^。\n]{0,30}意见|向社会(?:公开)?征求[^。\n]{0,30}意见|征询[^。\n]{0,15}意见|意见征集/g;
const NOTICE_PHRASE_RE =
  /公开征求[^。\n]{0,30}意见|向社会(?:公开)?征求[^。\n]{0,30}意见|征询[^。\n]{0,15}意见/g;
/** 「已经公开征求意见…审议通过」: a final document telling its history, not a notice. */
const PAST_STEP_RE = /(?:已经?|经过?|曾|先后|业经)[^。，,；\n]{0,6}$/;
const POST_CONSULT_RE =
  /采纳情况|反馈情况|意见反馈|意见采纳|征求意见情况|情况的说明|结果公示|结果的公告|结果反馈|征求意见结果|意见(?:建议)?(?:的)?(?:处理|办理)情况/;
/** A clock time after a deadline date: 「17时」「17:30」「18:00:00」「下午5点」 (folded digits). */
const CLOCK = `(?:\\s*(?:上午|下午)?\\s*\\d{1,2}(?::\\d{2}){1,2}|\\s*(?:上午|下午)?\\s*\\d{1,2}\\s*[时点](?:\\s*\\d{1,2}\\s*分)?)?`;
/** 「（含）」 between a deadline and 前. */
const INCL = `(?:\\s*[（(]含(?:当日|当天)?[）)])?`;
const DAY = `(${D}|${MD})`;
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
const TRIAL_RE = /暂行|试行/;
/** File extensions of attachments; the name is read backwards from the extension. */
const ATTACH_EXT_RE = /\.(?:docx?|pdf|wps|ofd|xlsx?|et|zip|rar)(?![A-Za-z])/gi;
const ATTACH_NAME_STOP = /[\s:：、，,;；]/;
/** 「附件1：」「1.」「2、」 before an attachment's name. */
const ATTACH_NUMBERING_RE = /^\s*(?:附件\s*\d*\s*[.．、:：]?|\d+\s*[.．、])\s*/;
/** Everything up to the last file extension inside a name (two names run together). */
const ATTACH_INNER_RE = /^.*\.(?:docx?|pdf|wps|ofd|xlsx?|et|zip|rar)(?![A-Za-z])/i;

/** First value of the first meta key present, trimmed. */
function metaValue(ctx: DocContext, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = ctx.model.meta[k];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/** A metadata date, located in the text when the meta line is part of it. */
function metaDate(ctx: DocContext, keys: readonly string[]): Located<YMD> | null {
  const v = metaValue(ctx, keys);
  if (!v) return null;
  const hits = findDates(v);
  const date = hits[0]?.date ?? parseDate(v);
  if (!date) return null;
  const text = hits[0]?.text ?? v;
  const span = locateMeta(ctx, keys, text);
  return { value: date, text, ...span, source: span.end > span.start ? 'text' : 'meta' };
}

/** Where a meta value appears in the text (the `key：value` line), or an empty span. */
function locateMeta(ctx: DocContext, keys: readonly string[], value: string): Span {
  for (const b of ctx.model.blocks) {
    if (b.start > ctx.headerEnd + 2000) break;
    if (b.kind !== 'meta') continue;
    const line = ctx.norm.slice(b.start, b.end);
    if (!keys.some((k) => line.includes(k))) continue;
    const i = ctx.raw.indexOf(value, b.start);
    if (i !== -1 && i + value.length <= b.end) return { start: i, end: i + value.length };
  }
  return { start: 0, end: 0 };
}

function toYearsMonths(n: number, unit: string): number {
  return unit === '月' ? n / 12 : n;
}

/**
 * Extracts all facts. `regPatterns` are extra registration-number patterns from the packs.
 * `today` only fills the year of a month-day deadline when nothing else gives it.
 */
export function extractFacts(
  ctx: DocContext,
  today: YMD,
  regPatterns: RegExp[] = [],
): ExtractedFacts {
  const { model, norm, raw } = ctx;

  // Title.
  let title: Located<string> | null = null;
  const tb = model.blocks.find((b) => b.kind === 'title');
  if (tb) {
    const text = raw.slice(tb.start, tb.end);
    title = { value: text, text, start: tb.start, end: tb.end, source: 'text' };
  } else if (model.title) {
    title = { value: model.title, text: model.title, start: 0, end: 0, source: 'meta' };
  }
  const titleNorm = title
    ? title.source === 'text'
      ? norm.slice(title.start, title.end)
      : model.title!
    : '';

  // A 转发 notice carries the forwarded document after its own signature and date: that
  // document's number, dates and periods are not the notice's.
  const forwardEnd = forwardedFrom(ctx, titleNorm);
  const ownEnd = forwardEnd?.end ?? Infinity;

  // Numbers.
  const docNumbers = findDocNumbers(ctx, ownEnd);
  const ownDocNumber = docNumbers.find((h) => h.own) ?? null;
  const regNumbers = findRegNumbers(ctx, regPatterns, ownEnd);
  const registration = regNumbers[0] ?? null;
  const orderNumber = findOrderNumber(ctx, titleNorm);

  // Issuer.
  let issuer: Located<string> | null = null;
  const mi = metaValue(ctx, ISSUER_KEYS);
  if (mi) {
    const span = locateMeta(ctx, ISSUER_KEYS, mi);
    issuer = { value: mi, text: mi, ...span, source: span.end > span.start ? 'text' : 'meta' };
  } else {
    const sig = [...model.blocks]
      .reverse()
      .find((b) => b.kind === 'signature' && b.start >= ctx.closingStart - 200);
    if (sig) {
      const text = raw.slice(sig.start, sig.end);
      issuer = { value: text.trim(), text, start: sig.start, end: sig.end, source: 'text' };
    } else if (title) {
      const m =
        /^(.{2,30}?(?:人民政府办公厅|人民政府办公室|人民政府|委员会|办公室|办公厅|局|厅|委|院|中心))(?:关于|印发)/.exec(
          titleNorm,
        );
      if (m)
        issuer = {
          value: m[1]!,
          text: m[1]!,
          start: title.start,
          end: title.source === 'text' ? title.start + m[1]!.length : 0,
          source: title.source,
        };
    }
  }

  // Dates of issue and publication.
  let writtenDate = metaDate(ctx, WRITTEN_KEYS);
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
  if (!writtenDate && forwardEnd) writtenDate = dateIn(forwardEnd);
  if (!writtenDate) {
    for (let i = model.blocks.length - 1; i >= 0 && i >= model.blocks.length - 15; i--) {
      const b = model.blocks[i]!;
      if (b.start < ctx.closingStart) break;
      if (b.kind !== 'date') continue;
      writtenDate = dateIn(b);
      if (writtenDate) break;
    }
  }
  if (!writtenDate) {
    // 「2021年12月1日印发」 in the closing lines.
    const tail = Math.max(0, norm.length - 400);
    const re = new RegExp(`(${D})\\s*印发`, 'g');
    re.lastIndex = tail;
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
  const publishedDate = metaDate(ctx, PUBLISHED_KEYS);
  const promulgatedDate = findPromulgation(
    ctx,
    orderNumber && orderNumber.end > orderNumber.start ? orderNumber.end : null,
  );
  // A 规章's 令 is signed on the day it is 公布: with no 成文日期 or 落款, the 令's date is it.
  if (!writtenDate && promulgatedDate && orderNumber) writtenDate = promulgatedDate;
  const publishDate = promulgatedDate ?? publishedDate ?? writtenDate;

  // Effective date.
  const effectiveClauses: EffectiveFact[] = [];
  let best: EffectiveFact | null = null;
  let bestScore = -1;
  {
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
      if (clauseOwner(ctx, start, norm.slice(start, v.index), titleNorm) === 'other') continue;
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
  }
  let effective: EffectiveFact | null = best;
  if (!effective) {
    const md = metaDate(ctx, EFFECTIVE_KEYS);
    if (md) effective = { ...md, value: md.value, relativeTo: null, offsetDays: 0 };
  }

  // Validity.
  let validity: ValidityFact | null;
  {
    const cands: ValidityFact[] = [];
    let m: RegExpExecArray | null;
    const r1 = new RegExp(V_RANGE_RE.source, 'g');
    while ((m = r1.exec(norm)) !== null) {
      const a = parseDate(m[1]!);
      const b = parseDate(m[2]!);
      if (b)
        cands.push({
          start: m.index,
          end: m.index + m[0].length,
          text: raw.slice(m.index, m.index + m[0].length),
          source: 'text',
          years: null,
          until: b,
          from: a,
        });
    }
    const r2 = new RegExp(V_UNTIL_RE.source, 'g');
    while ((m = r2.exec(norm)) !== null) {
      const b = parseDate(m[1]!);
      if (b)
        cands.push({
          start: m.index,
          end: m.index + m[0].length,
          text: raw.slice(m.index, m.index + m[0].length),
          source: 'text',
          years: null,
          until: b,
          from: null,
        });
    }
    const r3 = new RegExp(V_YEARS_RE.source, 'g');
    while ((m = r3.exec(norm)) !== null) {
      const n = parseChineseNumber(m[1]!);
      if (n === null || n <= 0 || n > 100) continue;
      cands.push({
        start: m.index,
        end: m.index + m[0].length,
        text: raw.slice(m.index, m.index + m[0].length),
        source: 'text',
        // 两年半, 一年半
        years: toYearsMonths(n, m[3]!) + (m[4] && m[3] === '年' ? 0.5 : 0),
        until: null,
        from: null,
      });
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
      const o = clauseOwner(ctx, c.start, norm.slice(c.start, c.end), titleNorm);
      if (o !== 'other') owners.set(c, o);
    }
    const kept = [...owners.keys()].sort((x, y) => x.start - y.start);
    const selfNamed = kept.filter((c) => owners.get(c) === 'own');
    validity = selfNamed[selfNamed.length - 1] ?? kept[kept.length - 1] ?? null;
    if (!validity) {
      const md = metaDate(ctx, EXPIRY_KEYS);
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
        const mv = metaValue(ctx, ['有效期']);
        const ym = mv ? new RegExp(`^(${NUM})\\s*(个)?\\s*(年|月)`).exec(mv) : null;
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
  let expiry: YMD | null = null;
  if (validity) {
    if (validity.until) expiry = validity.until;
    else if (validity.years !== null) {
      const start = validity.from ?? effective?.value ?? publishDate?.value ?? null;
      if (start) expiry = periodEnd(start, validity.years);
    }
  }

  // 暂行/试行 and 通告.
  let trial: Located<string> | null = null;
  if (title) {
    const tm = TRIAL_RE.exec(titleNorm);
    if (tm) {
      const s = title.source === 'text' ? title.start + tm.index : 0;
      trial = {
        value: tm[0],
        text: tm[0],
        start: s,
        end: title.source === 'text' ? s + 2 : 0,
        source: title.source,
      };
    }
  }
  if (!trial && effective && /试行$/.test(effective.text)) {
    // 「本办法自2026年1月1日起试行」: a trial document whatever its title says.
    const s = effective.end - 2;
    trial = {
      value: '试行',
      text: raw.slice(s, effective.end),
      start: s,
      end: effective.end,
      source: 'text',
    };
  }
  const notice =
    /通告\s*$|通告[（(]|的通告/.test(titleNorm) && !/关于.{0,40}通告.{0,10}的通知/.test(titleNorm);

  // Draft markers: the title, short standalone header lines (「（征求意见稿）」), metadata and
  // attachment names; in the opening paragraphs only the notice phrase 公开征求…意见. A
  // marker inside running text (a meeting minute mentioning a 送审稿) does not make a draft.
  const draftMarkers: Located<string>[] = [];
  const postConsultation = POST_CONSULT_RE.test(titleNorm);
  {
    const pushMarker = (m: RegExpExecArray, offset: number) =>
      draftMarkers.push({
        value: m[0],
        text: raw.slice(offset + m.index, offset + m.index + m[0].length),
        start: offset + m.index,
        end: offset + m.index + m[0].length,
        source: 'text',
      });
    let body = 0;
    for (const b of model.blocks) {
      const inHeader = b.start < ctx.headerEnd;
      if (!inHeader && ++body > 3) break;
      const line = norm.slice(b.start, b.end);
      const standalone = b.kind === 'title' || (inHeader && line.length <= 16);
      const re = new RegExp(standalone ? DRAFT_RE.source : NOTICE_PHRASE_RE.source, 'g');
      let m: RegExpExecArray | null;
      while ((m = re.exec(line)) !== null && draftMarkers.length < 20) {
        if (!standalone && PAST_STEP_RE.test(line.slice(Math.max(0, m.index - 8), m.index)))
          continue;
        pushMarker(m, b.start);
      }
    }
    // A standalone 「（征求意见稿）」 line under the inner title of a draft also counts.
    for (const b of model.blocks) {
      if (draftMarkers.length >= 20) break;
      if (b.end - b.start > 16 || b.start < ctx.headerEnd) continue;
      const line = norm.slice(b.start, b.end);
      const m =
        /^[（(][^（）()\n]{0,8}?(?:征求意见稿|送审稿|草案|讨论稿|修改稿|代拟稿|审议稿)[）)]$/.exec(
          line,
        );
      if (m) pushMarker(m, b.start);
    }
    if (title && title.source === 'meta') {
      const tm = new RegExp(DRAFT_RE.source).exec(titleNorm);
      if (tm) draftMarkers.push({ value: tm[0], text: tm[0], start: 0, end: 0, source: 'meta' });
    }
    for (const a of model.attachments) {
      const am = new RegExp(DRAFT_RE.source).exec(a.name);
      if (am) draftMarkers.push({ value: am[0], text: am[0], start: 0, end: 0, source: 'meta' });
    }
  }
  const isDraft = draftMarkers.length > 0 && !postConsultation;
  if (isDraft && effective && effective.relativeTo !== null) {
    // 「自印发之日起施行」 in a draft: the date is the future adoption's, not the date of the
    // consultation notice this page carries. Keep the clause (the rules read its offset),
    // drop the date, and the expiry counted from it.
    if (validity && !validity.until && !validity.from && expiry) expiry = null;
    effective = { ...effective, value: null };
  }

  // Comment deadline.
  let commentDeadline: Located<YMD> | null = null;
  let commentStart: YMD | null = null;
  {
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
      const md = metaDate(ctx, ['截止日期', '截止时间']);
      const range = metaValue(ctx, PERIOD_KEYS);
      const ends = range ? findDates(range) : [];
      if (md) commentDeadline = md;
      else if (ends.length >= 2) {
        const last = ends[ends.length - 1]!;
        const span = locateMeta(ctx, PERIOD_KEYS, last.text);
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
  }

  // Attachments: links from the page plus file names written in the text.
  const attachments = [...model.attachments];
  {
    const re = new RegExp(ATTACH_EXT_RE.source, 'gi');
    let m: RegExpExecArray | null;
    // A link 「1. 起草说明.docx」 and the text's 「起草说明.docx」 are one file.
    const key = (name: string) => name.replace(ATTACH_NUMBERING_RE, '').replace(/\s+/g, '');
    const names = new Set(attachments.map((a) => key(a.name)));
    while ((m = re.exec(raw)) !== null) {
      let s = m.index;
      while (s > 0 && m.index - s < 80 && !ATTACH_NAME_STOP.test(raw[s - 1]!)) s--;
      if (s === m.index) continue;
      let name = raw.slice(s, m.index + m[0].length);
      // Links printed without a separator: 「…意见稿.docx2.起草说明.pdf」.
      const before = ATTACH_INNER_RE.exec(name.slice(0, -m[0].length));
      if (before) name = name.slice(before[0].length);
      name = name.replace(ATTACH_NUMBERING_RE, '');
      if (!/[\p{Script=Han}A-Za-z]/u.test(name.slice(0, -m[0].length))) continue;
      if (!names.has(key(name))) {
        names.add(key(name));
        attachments.push({ name, href: '' });
      }
      if (attachments.length > 200) break;
    }
  }

  return {
    title,
    docNumbers,
    ownDocNumber,
    regNumbers,
    registration,
    issuer,
    writtenDate,
    publishedDate,
    promulgatedDate,
    publishDate,
    effective,
    effectiveClauses,
    validity,
    expiry,
    trial,
    notice,
    draftMarkers,
    isDraft,
    forwardedAt: forwardEnd ? forwardEnd.end : null,
    commentDeadline,
    commentStart,
    attachments,
    orderNumber,
  };
}

/**
 * The date block that closes a 转发 notice's own part (「青岚市人民政府办公室／2025年12月1日」
 * before the forwarded text), or null when the page is not a forwarding notice or the
 * forwarded text is not on it.
 */
function forwardedFrom(ctx: DocContext, titleNorm: string): Block | null {
  if (!/转发/.test(titleNorm)) return null;
  const blocks = ctx.model.blocks;
  for (let i = 0; i < blocks.length - 2 && i < 60; i++) {
    const b = blocks[i]!;
    if (b.kind !== 'date' || b.start < ctx.headerEnd) continue;
    // Something substantial must follow: the forwarded document itself.
    const rest = blocks.slice(i + 1).reduce((n, x) => n + (x.end - x.start), 0);
    return rest > 80 ? b : null;
  }
  return null;
}

/** The plain facts as the CLI and storage see them (dates ISO, absent facts null). */
export function toFacts(f: ExtractedFacts): Facts {
  const iso = (d: YMD | null | undefined) => (d ? toISO(d) : null);
  return {
    title: f.title?.value ?? null,
    docNumber: f.ownDocNumber?.text ?? f.orderNumber?.text ?? null,
    registrationNumber: f.registration?.text ?? null,
    issuer: f.issuer?.value ?? null,
    publishDate: iso(f.publishDate?.value),
    signedDate: iso(f.writtenDate?.value),
    effectiveDate: iso(f.effective?.value),
    validity: {
      years: validityYears(f),
      until: iso(f.validity?.until),
      expiry: iso(f.expiry),
    },
    trial: f.trial !== null,
    isDraft: f.isDraft,
    commentDeadline: iso(f.commentDeadline?.value),
    attachments: f.attachments,
    citedDocNumbers: f.docNumbers.filter((h) => !h.own).map((h) => h.text),
    notice: f.notice,
  };
}

/**
 * The validity period in years: stated (有效期5年), or computed from an end date and the
 * start it counts from (explicit start, else the effective date, else publication).
 */
export function validityYears(f: ExtractedFacts): number | null {
  const v = f.validity;
  if (!v) return null;
  if (v.years !== null) return v.years;
  if (!v.until) return null;
  const from = v.from ?? f.effective?.value ?? f.publishDate?.value ?? null;
  return from ? yearsBetween(from, v.until) : null;
}

/** Length of [from, until] in years, rounded to months (2022-01-01…2026-12-31 → 5). */
export function yearsBetween(from: YMD, until: YMD): number {
  const end = addDays(until, 1);
  const months = (end.y - from.y) * 12 + (end.m - from.m) + (end.d - from.d) / 31;
  return Math.round(months) / 12;
}

/** Located facts for highlighting. */
export function toFactSpans(f: ExtractedFacts): FactSpan[] {
  const out: FactSpan[] = [];
  const add = (name: FactSpan['name'], value: string, s: Span | null | undefined) => {
    if (s && s.end > s.start) out.push({ name, value, range: { start: s.start, end: s.end } });
  };
  if (f.title) add('title', f.title.value, f.title);
  for (const h of f.docNumbers) add(h.own ? 'docNumber' : 'citedDocNumber', h.text, h);
  if (f.registration) add('registrationNumber', f.registration.text, f.registration);
  if (f.issuer) add('issuer', f.issuer.value, f.issuer);
  if (f.publishDate) add('publishDate', toISO(f.publishDate.value), f.publishDate);
  if (f.writtenDate && f.writtenDate !== f.publishDate)
    add('signedDate', toISO(f.writtenDate.value), f.writtenDate);
  if (f.effective)
    add(
      'effectiveDate',
      f.effective.value ? toISO(f.effective.value) : f.effective.text,
      f.effective,
    );
  if (f.validity) add('validity', f.validity.text, f.validity);
  if (f.trial) add('trial', f.trial.value, f.trial);
  for (const d of f.draftMarkers) add('draft', d.value, d);
  if (f.commentDeadline) add('commentDeadline', toISO(f.commentDeadline.value), f.commentDeadline);
  out.sort((a, b) => a.range.start - b.range.start);
  return out;
}

export { fromISO, addMonths };
