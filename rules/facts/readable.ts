/**
 * Is the text a readable document at all? Binary bytes saved as .txt, text decoded with the
 * wrong encoding (mojibake), or a text that is only headings yield a reason in Chinese; the
 * classifier then says the input is not a document, with that reason, instead of reviewing
 * noise. One pass over a bounded sample of the text, no allocation per character.
 */
import type { DocContext } from '../context';
import type { Classification } from '../schema';
import { foldUnit } from '../text';

/** At most this many characters are examined (a sample from the start, the middle and the end). */
const SAMPLE = 200_000;

let common: Uint8Array | null | undefined;
/**
 * The 3,755 commonest Chinese characters (GB 2312 level 1, rows B0–D7), built from the
 * platform's GBK decoder (Node and every browser have one); null where there is none.
 */
function commonHan(): Uint8Array | null {
  if (common !== undefined) return common;
  try {
    const dec = new TextDecoder('gbk');
    const t = new Uint8Array(65536);
    const bytes = new Uint8Array(2 * 94 * 40);
    let k = 0;
    for (let r = 0xb0; r <= 0xd7; r++)
      for (let c = 0xa1; c <= 0xfe; c++) {
        bytes[k++] = r;
        bytes[k++] = c;
      }
    const s = dec.decode(bytes.subarray(0, k));
    for (let i = 0; i < s.length; i++) t[s.charCodeAt(i)] = 1;
    t[0xfffd] = 0;
    common = t;
  } catch {
    common = null;
  }
  return common;
}

export type TextStats = {
  /** Characters examined (sampled on long texts). */
  seen: number;
  /** Not whitespace. */
  visible: number;
  /** U+FFFD, C0/C1 controls other than tab and line ends, private use, lone surrogates. */
  garbage: number;
  /** CJK unified ideographs. */
  han: number;
  /** Of them, among the commonest 3,755, traditional forms folded (−1 when the platform cannot tell). */
  commonHan: number;
  /** Latin-1 letters and symbols (U+00A1–U+00FF): UTF-8 read as Windows-1252 is full of them. */
  latin1: number;
};

function count(
  text: string,
  from: number,
  to: number,
  st: TextStats,
  tab: Uint8Array | null,
): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    st.seen++;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3000) continue;
    st.visible++;
    if (c >= 0x4e00 && c <= 0x9fff) {
      st.han++;
      // A traditional character counts as its simplified form (試 → 试).
      if (tab && (tab[c] || tab[foldUnit(c)])) st.commonHan++;
    } else if (c === 0xfffd || c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xe000 && c <= 0xf8ff))
      st.garbage++;
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is fine; a lone one is broken text.
      const pair =
        c <= 0xdbff
          ? i + 1 < to && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
          : i > from && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
      if (!pair) st.garbage++;
    } else if (c >= 0xa1 && c <= 0xff) st.latin1++;
  }
}

/** Character statistics of the text (a bounded sample of long texts). */
export function textStats(text: string): TextStats {
  const tab = commonHan();
  const st: TextStats = { seen: 0, visible: 0, garbage: 0, han: 0, commonHan: 0, latin1: 0 };
  const n = text.length;
  if (n <= SAMPLE) count(text, 0, n, st, tab);
  else {
    const part = Math.floor(SAMPLE / 3);
    const mid = Math.floor(n / 2 - part / 2);
    count(text, 0, part, st, tab);
    count(text, mid, mid + part, st, tab);
    count(text, n - part, n, st, tab);
  }
  if (!tab) st.commonHan = -1;
  return st;
}

/**
 * Why the text is not a readable document, in Chinese, or null when it is readable. Only the
 * character make-up is judged here; structure (title, number, articles) is the classifier's.
 */
export function unreadableReason(text: string): string | null {
  const st = textStats(text);
  if (st.visible === 0) return '文本为空';
  const pct = (x: number) => Math.round((x / st.visible) * 100);
  if (st.garbage / st.visible >= 0.05)
    return `文本含大量乱码或二进制字符（约${pct(st.garbage)}%），不是可读的文件（可能是二进制文件存成了 .txt，或编码无法识别）`;
  if (st.latin1 / st.visible >= 0.2 && st.han / st.visible < 0.2)
    return `文本编码错乱（约${pct(st.latin1)}%为西文扩展字符，常见于 UTF-8 文件被按其他编码读取），不是可读的文件`;
  if (st.commonHan >= 0 && st.han >= 100 && st.commonHan / st.han < 0.6)
    return `文本编码错乱（常用汉字仅占${Math.round((st.commonHan / st.han) * 100)}%，常见于 UTF-8 与 GBK 混用），不是可读的文件`;
  return null;
}

/** A line of a text that is only headings: 第X章/节, 一、, （一）, 1. or a short line without a sentence. */
const HEADING_LINE_RE =
  /^\s*(?:第[一二三四五六七八九十百零〇\d]{1,5}[章节编部分]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}(?:\.\d{1,2})*[、.．\s])/;

/**
 * Why the model is not a document before any rule looks at it, or null: unreadable characters
 * (see {@link unreadableReason}), or only headings — every line a chapter or list heading,
 * no sentence and no article with content.
 */
export function notADocumentReason(ctx: DocContext): string | null {
  const bad = unreadableReason(ctx.raw);
  if (bad) return bad;
  const blocks = ctx.model.blocks;
  if (blocks.length < 2 || blocks.length > 2000) return null;
  let headings = 0;
  for (const b of blocks) {
    if (b.end - b.start > 60) return null;
    const line = ctx.norm.slice(b.start, b.end);
    if (/[。；;！？]/.test(line)) return null;
    if (b.kind === 'article' && /^\s*第[^条]{1,6}条\s*\S{6,}/.test(line)) return null;
    if (b.kind === 'heading' || HEADING_LINE_RE.test(line)) headings++;
  }
  return headings >= 2 && headings >= blocks.length - 2
    ? '文本只有标题和章节名，没有正文，不是一份可审查的文件'
    : null;
}

/** The classification of an input that is not a document, with the reason first. */
export function notADocument(c: Classification, reason: string): Classification {
  return {
    ...c,
    isDocument: false,
    level: '其他',
    normative: false,
    score: 0,
    reasons: [{ text: reason, weight: -10 }, ...c.reasons],
  };
}
