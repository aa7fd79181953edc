/**
 * 发文字号 candidates (GB/T 9704-2012 §7.2.5) with the parts needed by the format checks, and
 * the decision which one is the document's own number and which are citations.
 *
 * Matching is deliberately tolerant (any bracket, 2–5 digit years, 第, spaces, a lost
 * closing bracket) so that malformed numbers are found and can be flagged; the checks then
 * read the raw characters.
 */
import type { DocContext } from '../context';
import { DATE_SOURCE } from './dates';
import { NUMBER_KEYS } from './labels';
import { defineExtractor } from './types';

export type DocNumberHit = {
  /** Raw text of the whole number as written. */
  text: string;
  start: number;
  end: number;
  /** 代字 (issuing body's code), from the matching copy (號辦發 → 号办发). */
  agency: string;
  /** Raw bracket characters ('' when missing). */
  open: string;
  close: string;
  /** Year digits as written. */
  year: string;
  hasDi: boolean;
  serial: string;
  hasHao: boolean;
  /** A government order: 代字 ends in 令 (令号 legitimately use 第). */
  isOrder: boolean;
  /**
   * An organ's 公告 series, 「国家税务总局公告2024年第3号」, 「中国人民银行 公安部公告〔2025〕第4号」:
   * numbered per the organ's own series, not a GB/T 9704 发文字号, so the format checks leave it
   * alone (第, no 〔〕 and the spaces between joint organs are how these are written).
   */
  announcement?: boolean;
  /** Inside （…） or 《…》（…） in running text. */
  cited: boolean;
  /** The document's own number (header area, a line of its own, or the metadata value). */
  own: boolean;
  /** Where it was found. */
  source: 'text' | 'meta';
  /** GB/T 9704 form of the number, when it can be rebuilt: 国办发〔2018〕37号. */
  normalized: string;
};

// Opening bracket, year (2–5 digits so that 〔202026 is caught), optional closing bracket,
// optional 第, serial, optional 号. Spaces (ASCII, ideographic) allowed and flagged later.
const CORE_RE =
  /([[［【(（〖﹝〔„])[ \u3000]{0,2}(\d{2,6})[ \u3000]{0,2}([\]］】)）〗﹞〕‟]?)[ \u3000]{0,2}(第?)[ \u3000]{0,2}(\d{0,5})[ \u3000]{0,2}([号號]?)/g;

// The old pre-standard form with the year first: 「(78)交公路字412号」, 「（1987）财税字第51号」.
// The 代字 must end in 字 or 发 so that 「(2020)12号」-like fragments are not taken.
const OLD_FORM_RE =
  /([(（])[ \u3000]?(\d{2}|\d{4})[ \u3000]?([)）])[ \u3000]?(\p{Script=Han}{1,7}?[字发])[ \u3000]?(第?)[ \u3000]?(\d{1,5})[ \u3000]?([号號])/gu;
/** What a document title ends with, before its own number in brackets. */
const TITLE_END_RE =
  /(?:通知|办法|规定|意见|决定|通告|公告|细则|方案|批复|函|规则|制度|规范|措施|标准|指引|令)[\s\u3000]*[（(][\s\u3000]*$/;
const DATE_IN_LINE_RE = new RegExp(DATE_SOURCE, 'g');
const AGENCY_CHAR = /[\p{Script=Han}A-Za-z]/u;
const REG_LABEL_BEFORE_RE = /(?:登记号|登记编号|统一编号|统一登记号|登记编码|备案号)\s*[:：]?\s*$/;
/** 「…公告2024年第3号」: an organ's 公告 series numbered by year (see {@link DocNumberHit.announcement}). */
const ANNOUNCEMENT_YEAR_RE =
  /公告[ \u3000]?(\d{4})[ \u3000]?年[ \u3000]?(?:度[ \u3000]?)?第[ \u3000]?(\d{1,4})[ \u3000]?[号號]/g;
// Words that precede a cited number in running text and are not part of the 代字.
const LEAD_WORDS =
  /^(?:根据|依据|按照|依照|参照|对照|遵照|执行|落实|贯彻|转发|印发|参见|详见|见|据|按|依|及|和|与|或|即|是|为|的|经|由|以|文件|通知|规定|精神|要求|关于)/;

/**
 * Finds every 发文字号-like string in the document. Linear: one regex pass over the raw
 * text and a bounded walk back (≤ 14 characters) per hit. The own number is looked for
 * before `ownBefore` only (the end of a 转发 notice's own part).
 */
export function findDocNumbers(ctx: DocContext, ownBefore = Infinity): DocNumberHit[] {
  const { raw, norm } = ctx;
  const out: DocNumberHit[] = [];
  const re = new RegExp(CORE_RE.source, 'g');
  // Matched on the matching copy (same length; full-width digits 〔２０２５〕４号 folded, the
  // brackets the checks read kept as they are); the hit's text is taken from raw.
  let m: RegExpExecArray | null;
  while ((m = re.exec(norm)) !== null) {
    const [, open, year, close, di, serial, hao] = m as unknown as string[];
    const coreStart = m.index;
    let coreEnd = coreStart + m[0].length;
    // Trim trailing spaces the regex may have swallowed after the serial.
    while (coreEnd > coreStart && /[ \u3000]/.test(raw[coreEnd - 1]!)) coreEnd--;
    const yr = year!;
    const hasClose = close !== '';
    // A plausible number: closed bracket + serial, or the lost-bracket form 〔202026.
    const broken = !hasClose && open === '〔' && yr.length >= 5;
    if (!hasClose && !broken) continue;
    if (hasClose && serial === '') continue;
    if (!broken && !(yr.length >= 2 && yr.length <= 4)) continue;
    // Round brackets: only accept with 号, otherwise (2020)12 is too ambiguous.
    if ((open === '(' || open === '（') && hao === '') continue;
    // Walk back over the 代字.
    let a = coreStart;
    // Allow one space between 代字 and bracket (科工法字 [2000]).
    let k = a;
    if (k > 0 && (raw[k - 1] === ' ' || raw[k - 1] === '\u3000')) k--;
    let s = k;
    while (s > 0 && k - s < 14 && AGENCY_CHAR.test(raw[s - 1]!)) s--;
    if (s === k) continue;
    let agency = norm.slice(s, k);
    // A number that is its line (「和平区政发〔2024〕3号」, 「（经信规〔2024〕2号）」 under the
    // title) is read whole: its 代字 may begin with a character that is also a word (和, 经, 即).
    const line = ctx.blockAt(s);
    // The same for a metadata value: 「- 发文字号：和平政发〔2024〕3号」, a table cell.
    const wholeLine = line !== null && standsAlone(raw, line, s, coreEnd);
    // Strip leading function words of running text (按照国办发 → 国办发).
    if (!wholeLine) agency = stripLeadWords(agency, 1);
    // Also cut everything up to the last 》/的 inside a long walk (关于…的通知国办发).
    const cut = Math.max(agency.lastIndexOf('的'), agency.lastIndexOf('了'));
    if (cut >= 0 && cut < agency.length - 1) agency = agency.slice(cut + 1);
    // A long walk took in the sender's name (省政府办公厅苏政办发): keep what follows it.
    if (agency.length > 6) {
      const org = /(?:人民政府|政府|办公厅|办公室|委员会)/g;
      let cutAt = -1;
      let om: RegExpExecArray | null;
      while ((om = org.exec(agency)) !== null) cutAt = om.index + om[0].length;
      const rest = cutAt > 0 ? agency.slice(cutAt) : '';
      if (rest.length >= 2 && !/^令/.test(rest)) agency = rest;
    }
    a = k - agency.length;
    const announcement = agency.endsWith('公告');
    if (announcement && line !== null) {
      // Joint organs separated by spaces on the number's own line: 「中国人民银行 公安部公告〔…〕」.
      const back = jointOrgans(raw, line.start, a);
      if (back < a && standsAlone(raw, line, back, coreEnd)) {
        a = back;
        agency = norm.slice(a, k);
      }
    }
    // 「登记号：青管规〔2025〕001」: a registration number in the 代字 form (Shaanxi), not a
    // 发文字号.
    if (REG_LABEL_BEFORE_RE.test(norm.slice(Math.max(0, a - 8), a))) continue;
    const isOrder = agency.endsWith('令');
    // Old pre-standard form (78)交公路字412号 has the 代字 after the year: skip it.
    const text = raw.slice(a, coreEnd);
    // In brackets in running text it is cited; alone on its line in brackets (under the title,
    // 「（浙政规〔2022〕3号）」) it is the document's own.
    const cited =
      quotedIn(raw, a, coreEnd, wholeLine) &&
      !(line !== null && headingTail(norm, line, a, coreEnd));
    const serialNum = serial!.replace(/^0+(?=\d)/, '');
    const yearFull = yr.length === 4 ? yr : broken ? yr.slice(0, 4) : yr;
    const normalized =
      broken && serial === ''
        ? `${agency}〔${yr.slice(0, 4)}〕${yr.slice(4)}号`
        : `${agency}〔${yearFull}〕${(isOrder || agency.endsWith('公告')) && di ? '第' : ''}${serialNum}号`;
    out.push({
      text,
      start: a,
      end: coreEnd,
      agency,
      open: open!,
      close: close!,
      year: yr,
      hasDi: di === '第',
      serial: serial!,
      hasHao: hao !== '',
      isOrder,
      ...(announcement ? { announcement } : {}),
      cited,
      own: false,
      source: 'text',
      normalized,
    });
  }
  findOldForm(ctx, out);
  findAnnouncements(ctx, out);
  markOwn(ctx, out, ownBefore);
  return out;
}

/**
 * The old form 「(78)交公路字412号」 (year first, in round brackets, then the 代字): added to
 * `out` in text order. Its 代字 is what follows the year, so no walk back is needed.
 */
function findOldForm(ctx: DocContext, out: DocNumberHit[]): void {
  const { raw, norm } = ctx;
  const re = new RegExp(OLD_FORM_RE.source, 'gu');
  let m: RegExpExecArray | null;
  let added = false;
  while ((m = re.exec(norm)) !== null) {
    const [, open, year, close, agency, di, serial, hao] = m as unknown as string[];
    const start = m.index;
    const end = start + m[0].length;
    // Not the tail of a longer number or a figure: 「12(78)…」.
    if (start > 0 && /\d/.test(norm[start - 1]!)) continue;
    if (out.some((h) => h.start < end && h.end > start)) continue;
    const line = ctx.blockAt(start);
    const wholeLine = line !== null && standsAlone(raw, line, start, end);
    const cited = quotedIn(raw, start, end, wholeLine);
    out.push({
      text: raw.slice(start, end),
      start,
      end,
      agency: agency!,
      open: open!,
      close: close!,
      year: year!,
      hasDi: di === '第',
      serial: serial!,
      hasHao: hao !== '',
      isOrder: false,
      cited,
      own: false,
      source: 'text',
      normalized: `${agency}〔${year}〕${serial!.replace(/^0+(?=\d)/, '')}号`,
    });
    added = true;
  }
  if (added) out.sort((x, y) => x.start - y.start);
}

/**
 * Where a run of organ names separated by single spaces ends, walking back from `a` (the start
 * of the last organ's name) no further than `lineStart` and 40 characters: 「财政部 税务总局 海关总署」.
 */
function jointOrgans(raw: string, lineStart: number, a: number): number {
  let s = a;
  for (;;) {
    let j = s;
    if (j - 1 < lineStart || !/[ \u3000]/.test(raw[j - 1]!)) break;
    j--;
    let h = j;
    while (h > lineStart && a - h < 40 && AGENCY_CHAR.test(raw[h - 1]!)) h--;
    if (j - h < 2) break;
    s = h;
  }
  return s;
}

/** 「国家税务总局公告2024年第3号」, 「财政部 税务总局公告2023年第12号」: added to `out` in text order. */
function findAnnouncements(ctx: DocContext, out: DocNumberHit[]): void {
  const { raw, norm } = ctx;
  if (!norm.includes('公告')) return;
  const re = new RegExp(ANNOUNCEMENT_YEAR_RE.source, 'g');
  let m: RegExpExecArray | null;
  let added = false;
  while ((m = re.exec(norm)) !== null) {
    const [, year, serial] = m as unknown as string[];
    const k = m.index;
    const end = k + m[0].length;
    let s = k;
    while (s > 0 && k - s < 20 && AGENCY_CHAR.test(raw[s - 1]!)) s--;
    if (k - s < 2) continue;
    const line = ctx.blockAt(s);
    const back = line !== null ? jointOrgans(raw, line.start, s) : s;
    const wholeLine = line !== null && standsAlone(raw, line, back, end);
    // On its own line the organs are read whole (joint ones too); in running text the words
    // before them are cut (根据国家税务总局公告… → 国家税务总局公告…).
    s = wholeLine ? back : k - stripLeadWords(norm.slice(s, k), 2).length;
    const agency = `${norm.slice(s, k)}公告`;
    if (out.some((h) => h.start < end && h.end > s)) continue;
    // Not cited when it is its line, even in brackets.
    const cited = !wholeLine && quotedIn(raw, s, end, false);
    out.push({
      text: raw.slice(s, end),
      start: s,
      end,
      agency,
      open: '',
      close: '',
      year: year!,
      hasDi: true,
      serial: serial!,
      hasHao: true,
      isOrder: false,
      announcement: true,
      cited,
      own: false,
      source: 'text',
      normalized: `${agency}${year}年第${serial!.replace(/^0+(?=\d)/, '')}号`,
    });
    added = true;
  }
  if (added) out.sort((x, y) => x.start - y.start);
}

/**
 * 「关于…的通知（财建〔2006〕689号）」: the number in brackets that closes a heading line is the
 * document's own, not a citation.
 */
function headingTail(
  norm: string,
  line: { start: number; end: number },
  s: number,
  e: number,
): boolean {
  if (!/^[\s\u3000]*[）)][\s\u3000]*$/.test(norm.slice(e, Math.min(line.end, e + 12))))
    return false;
  if (line.end - e > 12) return false;
  const pre = norm.slice(Math.max(line.start, s - 12), s);
  return TITLE_END_RE.test(pre) && !/》[\s\u3000]*[（(][\s\u3000]*$/.test(pre);
}

/**
 * What else a header line may hold beside the document's own number: a date
 * (「2002年4月23日　财税〔2002〕59号」), or the heading glued after it
 * (「梁政发【2023】7号关于印发…的通知」).
 */
function ownBesideNumber(
  norm: string,
  line: { start: number; end: number },
  h: { start: number; end: number },
): boolean {
  const pre = norm.slice(line.start, h.start);
  const post = norm.slice(h.end, line.end);
  if (/^[\s\u3000]*$/.test(pre) && /^[\s\u3000]*关于/.test(post)) return true;
  if (line.end - line.start > 80) return false;
  const rest = (pre + ' ' + post).replace(DATE_IN_LINE_RE, '').replace(/[\s\u3000]/g, '');
  return rest.length <= 6 && rest.length < (pre + post).replace(/[\s\u3000]/g, '').length;
}

/**
 * Whether `[s, e)` is all its line holds, or all of a metadata value or table cell: only
 * spaces and round brackets around it, up to the line's ends or a label's colon, a pipe, a
 * tab or a wide gap. Reads at most 12 characters each side (lines may be huge).
 */
function standsAlone(
  raw: string,
  line: { start: number; end: number },
  s: number,
  e: number,
): boolean {
  const from = Math.max(line.start, s - 12);
  const pre = raw.slice(from, s);
  const startOk =
    from === line.start ? /(?:^|[：:|｜\t])[\s（(]*$/.test(pre) : /[：:|｜\t][\s（(]*$/.test(pre);
  if (!startOk) return false;
  const to = Math.min(line.end, e + 12);
  const post = raw.slice(e, to);
  return to === line.end
    ? /^[\s）)]*(?:$|[|｜\t]|\s{2}|\u3000)/.test(post)
    : /^[ \t\u3000）)]*(?:[|｜\t]|\s{2}|\u3000)/.test(post);
}

/** `agency` without the function words of running text before it, keeping at least `keep` characters. */
function stripLeadWords(agency: string, keep: number): string {
  let out = agency;
  for (let guard = 0; guard < 6; guard++) {
    const lw = LEAD_WORDS.exec(out);
    if (!lw || out.length - lw[0].length < keep) break;
    out = out.slice(lw[0].length);
  }
  return out;
}

/**
 * Whether the number at `[s, e)` stands quoted in running text — in round brackets, after
 * 《…》 or an opening quotation mark — rather than on its own line in brackets (「（浙政规〔2022〕
 * 3号）」 under the title is the document's own; after 》 it is cited all the same).
 */
function quotedIn(raw: string, s: number, e: number, wholeLine: boolean): boolean {
  const before = prevNonSpace(raw, s);
  const after = raw[e];
  const quoted =
    ((before === '（' || before === '(') && (after === '）' || after === ')')) ||
    before === '》' ||
    before === '“' ||
    before === '"';
  return quoted && !(wholeLine && before !== '》');
}

function prevNonSpace(s: string, i: number): string {
  let j = i - 1;
  while (j >= 0 && (s[j] === ' ' || s[j] === '\u3000')) j--;
  return j >= 0 ? s[j]! : '';
}

/**
 * Own number: the metadata value when the portal gives one (matched back into the text when
 * possible), else a number in the header area that stands on its own line or directly under
 * the title, else a line that holds nothing but the number.
 */
function markOwn(ctx: DocContext, hits: DocNumberHit[], ownBefore: number): void {
  const { model, raw, norm } = ctx;
  let metaValue: string | undefined;
  for (const k of NUMBER_KEYS) {
    const v = model.meta[k];
    if (v && v.trim() !== '' && !/^[无\-—/]+$/.test(v.trim())) {
      metaValue = v.trim();
      break;
    }
  }
  const metaNorm = metaValue ? canonical(metaValue) : null;
  // 1. A text hit whose canonical form equals the metadata value's, outside the meta block.
  if (metaNorm) {
    const hit = hits.find((h) => canonical(norm.slice(h.start, h.end)) === metaNorm && !h.cited);
    if (hit) {
      hit.own = true;
      return;
    }
  }
  // 2. Header area or a line on its own (before `ownBefore`: a forwarded document's number
  // is not the forwarding notice's).
  for (const h of hits) {
    if (h.cited || h.start >= ownBefore) continue;
    const b = ctx.blockAt(h.start);
    if (!b) continue;
    const lineLen = b.end - b.start;
    const restLen = lineLen - (h.end - h.start);
    // Joint issue: 「青政办规〔2025〕4号　青财规〔2025〕2号」 on one line, the lead body's first.
    const onLine = hits.filter((x) => x.start >= b.start && x.end <= b.end);
    const jointLine =
      onLine.length > 1 &&
      onLine[0] === h &&
      lineLen - onLine.reduce((n, x) => n + (x.end - x.start), 0) <= 6 * onLine.length;
    const ownLine =
      restLen <= 6 ||
      jointLine ||
      ownBesideNumber(norm, b, h) ||
      headingTail(norm, b, h.start, h.end) ||
      (b.kind === 'meta' && /发文字号|文号/.test(raw.slice(b.start, h.start)));
    if (
      (h.start < ctx.headerEnd && (ownLine || b.kind === 'meta')) ||
      (ownLine && h.start < ctx.headerEnd + 200)
    ) {
      h.own = true;
      return;
    }
  }
  // 3. Metadata only: a synthetic hit without a usable range (checks still run on its text).
  if (metaValue) {
    const parsed = parseStandalone(metaValue);
    if (parsed) hits.push({ ...parsed, own: true, source: 'meta' });
  }
}

/** Canonical comparison form: no spaces, brackets unified, traditional folded. */
function canonical(s: string): string {
  return s
    .replace(/[\s\u3000]/g, '')
    .replace(/[[［【(（〖﹝〔„]/g, '〔')
    .replace(/[\]］】)）〗﹞〕‟]/g, '〕')
    .replace(/號/g, '号')
    .replace(/辦/g, '办')
    .replace(/發/g, '发')
    .replace(/規/g, '规');
}

/** Parses a lone number string (metadata value) into a hit with an empty range. */
export function parseStandalone(value: string): Omit<DocNumberHit, 'own' | 'source'> | null {
  const re = new RegExp(CORE_RE.source, 'g');
  const m = re.exec(value);
  if (!m) {
    const y = new RegExp(ANNOUNCEMENT_YEAR_RE.source).exec(value);
    const organs = y ? value.slice(0, y.index).trim() : '';
    if (!y || organs === '') return null;
    return {
      text: value,
      start: 0,
      end: 0,
      agency: `${organs}公告`,
      open: '',
      close: '',
      year: y[1]!,
      hasDi: true,
      serial: y[2]!,
      hasHao: true,
      isOrder: false,
      announcement: true,
      cited: false,
      normalized: `${organs}公告${y[1]}年第${y[2]!.replace(/^0+(?=\d)/, '')}号`,
    };
  }
  const [, open, year, close, di, serial, hao] = m as unknown as string[];
  const agency = value.slice(0, m.index).trim();
  if (agency === '') return null;
  const isOrder = agency.endsWith('令');
  const announcement = agency.endsWith('公告');
  return {
    text: value,
    start: 0,
    end: 0,
    agency,
    open: open!,
    close: close!,
    year: year!,
    hasDi: di === '第',
    serial: serial!,
    hasHao: hao !== '',
    isOrder,
    ...(announcement ? { announcement } : {}),
    cited: false,
    normalized: `${agency}〔${year}〕${(isOrder || announcement) && di ? '第' : ''}${serial!.replace(/^0+(?=\d)/, '')}号`,
  };
}

/** 发文字号: every number found, and the document's own (before a forwarded text). */
export const docNumberExtractor = defineExtractor({
  name: 'docNumber',
  needs: ['ownEnd'],
  provides: ['docNumbers', 'ownDocNumber'],
  run({ doc, facts }) {
    const docNumbers = findDocNumbers(doc, facts.ownEnd);
    return { docNumbers, ownDocNumber: docNumbers.find((h) => h.own) ?? null };
  },
});
