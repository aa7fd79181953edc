/**
 * The order number (令号) that is the document's own, and who issued it.
 *
 * 规章 and 行政法规 are published by an order (立法法 第七十七条, 第九十七条; 规章制定程序条例
 * 第三十一条): 「中华人民共和国国务院令第588号」, 「生态环境部令第12号」, 「中国人民银行令〔2021〕第3号」,
 * 「商务部令2019年第1号」, 「银湖市人民政府令第52号」, 「青岚市人民政府令45号」. The number is read
 * from a short line of the header (one line, or the issuer's 「…令」 over 「第45号」), from the
 * issuance line under the title (「（2010年5月1日青岚市人民政府令第45号公布，2018年…修订）」,
 * 「1994年2月3日 中华人民共和国国务院令第146号发布」), from the metadata 发文字号, or from the
 * title. An order cited as another document's (「根据《…办法》（市政府令第18号）」, 「市人民政府令
 * 第18号公布的《…》同时废止」) is not the document's own.
 */
import type { DocContext } from '../context';
import { defineExtractor, type Located } from './types';

const SERIAL = '[\\d一二三四五六七八九十百零〇]+';
/** A year before the serial: 〔2021〕, (2021), 2019年. */
const YEAR_PART = '(?:[〔[［(（]\\s*\\d{4}\\s*[〕\\]］)）]|\\d{4}\\s*年)';
/**
 * What ends an issuing body's name before 令: a government, the State Council, the President,
 * a ministry or commission (部, 委员会, 委, 证监会-style 会, 总局, 署, 局, 银行/行, 办公室/办, 院), a
 * 厅, or a government's abbreviation (渝府令).
 */
const ISSUER_END = '(?:政府|府|国务院|主席|部|委员会|委|会|总局|署|局|银行|行|办公室|办|院|厅)';
/**
 * 令号 with its issuer's last word: 「…部令第12号」, 「…政府令〔2025〕第1号」, 「…令2019年第1号」,
 * 「…政府令45号」 (no 第), 「…政府第218号令」.
 */
export const ORDER_RE = new RegExp(
  `${ISSUER_END}\\s*令\\s*${YEAR_PART}?\\s*(?:第\\s*)?${SERIAL}\\s*号(?!令)|${ISSUER_END}\\s*${YEAR_PART}?\\s*第\\s*${SERIAL}\\s*号令`,
);
const ORDER_G = new RegExp(ORDER_RE.source, 'g');
/** The serial line under an issuer's 「…令」: 「第45号」, 「〔2021〕第3号」, 「2019年第5号」, 「45号」. */
const SERIAL_LINE_RE = new RegExp(
  `^\\s*[（(]?\\s*${YEAR_PART}?\\s*第?\\s*${SERIAL}\\s*号\\s*[）)]?\\s*$`,
);
/** An issuer line that ends in 令 (「青岚市人民政府令」, 「中华人民共和国生态环境部令」) or is 令 alone. */
const ISSUER_LINE_RE = new RegExp(
  `^\\s*(?:[\\p{Script=Han}\\s]{0,40}${ISSUER_END})?\\s*令\\s*$`,
  'u',
);
/** A line that names an issuing body only (joint orders print one body a line above 「令」). */
const BODY_LINE_RE = new RegExp(`^\\s*[\\p{Script=Han}]{2,30}${ISSUER_END}\\s*$`, 'u');
/** The words that follow an own order in an issuance or history line. */
const ISSUED_AFTER_RE = /^\s*(?:公布|发布|颁布|施行|修订|修正|修改|废止)/;
/** The words that make an order another document's: 「…令第18号公布的《…》」, 「根据…令」. */
const CITED_AFTER_RE = /^\s*(?:公布|发布|印发|颁布)?\s*(?:的|之)|^\s*[）)]\s*\S/;
const CITED_BEFORE_RE = /(?:根据|依据|按照|依照|参照|执行|贯彻|见|即)[^，。；,;]{0,30}$/;

export type OrderIssuerKind =
  /** 主席令: a 法律. */
  | 'president'
  /** 国务院令 (alone or with the 中央军事委员会): a 行政法规. */
  | 'state-council'
  /** 中央军事委员会令: a 军事法规. */
  | 'military'
  /** A 国务院部门 (部, 委员会, 总局, 署, 局, 行, 办): a 部门规章. */
  | 'department'
  /** A province's, 设区的市's or 自治州's government: a 地方政府规章. */
  | 'local-government'
  /** A county's or district's government: it makes no 规章 (立法法 第九十三条). */
  | 'county-government'
  /** A local department (「某市公安局令」): it makes no 规章 either. */
  | 'local-department'
  | 'unknown';

export type OrderIssuer = { issuer: string; kind: OrderIssuerKind };

function metaValue(ctx: DocContext, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = ctx.model.meta[k];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/** A place name before the body's own name: 「青岚市公安局」, 「某省财政厅」, not 「市场监管总局」. */
const LOCAL_PREFIX_RE =
  /^(?!中华人民共和国|国家|中国|国务院)[\p{Script=Han}]{1,12}?(?:省|自治区|市|自治州|州|盟|县|旗|区)(?!场)/u;

/**
 * Who issued an order, from the order's text (「中国人民银行令〔2021〕第3号」 → 中国人民银行, a
 * department). An order without a name (「政府令〔2010〕第15号」) is a government's.
 */
export function orderIssuer(order: string): OrderIssuer {
  const t = order.replace(/\s+/g, ' ').trim();
  const at = t.search(
    /令\s*(?:[〔[［(（]|\d|第|[一二三四五六七八九十百零〇])|第\s*[\d一二三四五六七八九十百零〇]+\s*号令/,
  );
  let issuer = (at >= 0 ? t.slice(0, at) : t).trim();
  issuer = issuer.replace(/^(?:根据|依据|经|由|以)/, '');
  const bodies = issuer.split(/[ 、，,]+/).filter((x) => x !== '');
  const last = bodies[bodies.length - 1] ?? '';
  let kind: OrderIssuerKind;
  if (/主席$/.test(issuer)) kind = 'president';
  else if (bodies.some((b) => /^(?:中华人民共和国)?国务院$/.test(b))) kind = 'state-council';
  else if (/^(?:中华人民共和国)?中央军(?:事)?委(?:员会)?$/.test(last)) kind = 'military';
  else if (/(?:人民政府|政府|府)$/.test(last) || issuer === '')
    kind = /(?<!自治)(?:县|区|旗)(?:人民)?政府$/.test(last)
      ? 'county-government'
      : 'local-government';
  else if (new RegExp(`${ISSUER_END}$`).test(last))
    kind = LOCAL_PREFIX_RE.test(last) ? 'local-department' : 'department';
  else kind = 'unknown';
  return { issuer, kind };
}

/** The issuer's name before an order's 令: back over Han characters and joint-order spaces. */
function issuerStart(line: string, at: number): number {
  let s = at;
  while (s > 0 && at - s < 40 && /[\p{Script=Han} \u3000、]/u.test(line[s - 1]!)) s--;
  // A date before the name (「1994年2月3日 中华人民共和国国务院令」, 「二〇一〇年五月一日青岚市…」):
  // the name starts after it.
  const head = line.slice(s, at);
  if (s > 0 && /\d/.test(line[s - 1]!) && /^[日年月号]/.test(head)) s++;
  else {
    const cd =
      /^[〇零一二三四五六七八九]{4}年(?:[〇零一二三四五六七八九十]{1,2}月(?:[〇零一二三四五六七八九十]{1,3}日)?)?/.exec(
        head,
      );
    if (cd) s += cd[0].length;
  }
  while (s < at && /\s/.test(line[s]!)) s++;
  return s;
}

/**
 * Whether the order at `[at, end)` of `line` is cited (another document's): inside 《…》（…）,
 * inside brackets in running text, after 根据/依据…, or before 公布的《…》.
 */
function orderCited(line: string, at: number, end: number, history: boolean): boolean {
  const before = line.slice(0, at).replace(/[\p{Script=Han}]+$/u, '');
  if (/》\s*[（(]?\s*$/.test(before)) return true;
  if (CITED_BEFORE_RE.test(line.slice(Math.max(0, at - 30), at))) return true;
  const after = line.slice(end);
  if (CITED_AFTER_RE.test(after)) return true;
  // In brackets in running text: the bracket opens after other text of the line.
  if (!history && /[（(]\s*$/.test(before) && before.trim().length > 1) return true;
  return false;
}

/** Whether a header line is an issuance or history line: it opens with a bracket or a date. */
function issuanceLine(line: string): boolean {
  return /^\s*[（(]|^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年/.test(line);
}

/**
 * The document's own order number, or null. See the module comment for where it is read.
 */
export function findOrderNumber(ctx: DocContext, titleNorm: string): Located<string> | null {
  const { norm, raw } = ctx;
  const blocks = ctx.model.blocks;
  let articleSeen = false;
  for (let bi = 0; bi < blocks.length && bi < 40; bi++) {
    const b = blocks[bi]!;
    if (b.kind === 'article') articleSeen = true;
    const len = b.end - b.start;
    const short = len <= 40 && b.start <= ctx.headerEnd + 200;
    if (!short && (articleSeen || bi >= 15 || len > 400)) continue;
    // An issuance line under the title, before the first article (in the first blocks).
    const line = norm.slice(b.start, b.end);
    const history = !short && issuanceLine(line);
    if (!short && !history) continue;
    if (b.kind !== 'title' && b.kind !== 'paragraph' && b.kind !== 'meta' && b.kind !== 'heading')
      continue;
    ORDER_G.lastIndex = 0;
    let m: RegExpExecArray | null;
    let own: { s: number; e: number } | null = null;
    while ((m = ORDER_G.exec(line)) !== null) {
      const e = m.index + m[0].length;
      // The issuer's last word is part of the match; its name starts further back.
      const s = issuerStart(line, m.index);
      if (orderCited(line, s, e, history)) continue;
      if (history && !short && !ISSUED_AFTER_RE.test(line.slice(e)) && !/[）)]\s*$/.test(line))
        continue;
      own = { s, e };
      break;
    }
    if (own) {
      let s = b.start + own.s;
      if (b.kind === 'meta') s = Math.max(s, b.start + line.search(/[:：]/) + 1);
      while (s < b.start + own.e && /\s/.test(norm[s]!)) s++;
      const e = b.start + own.e;
      return { value: norm.slice(s, e), text: raw.slice(s, e), start: s, end: e, source: 'text' };
    }
    // 「青岚市人民政府令」 over 「第45号」; 「中华人民共和国商务部」 / 「令」 / 「2019年第1号」.
    if (!short) continue;
    const issuerLine = ISSUER_LINE_RE.test(line);
    // 「吉林省长春市人民政府」 over 「第63号」 over 「《…》…现予发布施行」: the order page without 令.
    const bodyLine = !issuerLine && BODY_LINE_RE.test(line);
    if (!issuerLine && !bodyLine) continue;
    const next = blocks[bi + 1];
    if (!next) continue;
    const nl = norm.slice(next.start, next.end);
    if (!SERIAL_LINE_RE.test(nl)) continue;
    if (bodyLine) {
      const after = blocks
        .slice(bi + 2, bi + 4)
        .map((p) => norm.slice(p.start, Math.min(p.end, p.start + 300)));
      if (!after.some((t) => /现予(?:公布|发布|颁布)/.test(t))) continue;
      const text = `${raw.slice(b.start, b.end).trim()}${raw.slice(next.start, next.end).trim()}`;
      const s = b.start + line.search(/\S/);
      return {
        value: `${line.trim()}令${nl.trim()}`,
        text,
        start: s,
        end: next.start + nl.trimEnd().length,
        source: 'text',
      };
    }
    let first = b;
    if (/^\s*令\s*$/.test(line)) {
      // The bodies of a joint order stand on the lines above 「令」.
      let k = bi - 1;
      while (k >= 0 && bi - k <= 4) {
        const pb = blocks[k]!;
        if (!BODY_LINE_RE.test(norm.slice(pb.start, pb.end))) break;
        first = pb;
        k--;
      }
      if (first === b) continue;
    }
    const parts = blocks.slice(blocks.indexOf(first), bi + 1);
    const issuerPart = parts.map((p) => norm.slice(p.start, p.end).trim()).join(' ');
    const value = `${issuerPart.replace(/\s+令$/, '令')}${nl.trim()}`;
    const text = [...parts, next].map((p) => raw.slice(p.start, p.end).trim()).join('');
    const s = first.start + norm.slice(first.start, first.end).search(/\S/);
    const e = next.start + nl.trimEnd().length;
    return { value, text, start: s, end: e, source: 'text' };
  }
  const metaNo = metaValue(ctx, ['发文字号', '文号', '文件编号', '令号']);
  if (
    metaNo &&
    (ORDER_RE.test(metaNo) || /^第\s*[\d一二三四五六七八九十百零〇]+\s*号令$/.test(metaNo))
  )
    return { value: metaNo, text: metaNo, start: 0, end: 0, source: 'meta' };
  // A title that is an order (「青岚市人民政府令第45号」), not one citing an order in brackets
  // (「贯彻实施《…》（市政府令第18号）的实施意见」).
  const tm = ORDER_RE.exec(titleNorm);
  if (
    tm &&
    !orderCited(titleNorm, issuerStart(titleNorm, tm.index), tm.index + tm[0].length, false)
  )
    return { value: titleNorm, text: titleNorm, start: 0, end: 0, source: 'meta' };
  return null;
}

/** The 令号 that is the document's own. */
export const orderNumberExtractor = defineExtractor({
  name: 'orderNumber',
  needs: ['titleNorm'],
  provides: ['orderNumber'],
  run({ doc, facts }) {
    return { orderNumber: findOrderNumber(doc, facts.titleNorm) };
  },
});
