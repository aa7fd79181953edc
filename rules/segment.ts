/**
 * The article structure of a document text: 条 (articles), 款 (paragraphs within an article)
 * and 项 (numbered items 「（一）」 within a paragraph), with `[start, end)` offsets into the
 * text. Pure and linear in the text length; shared by clause references (rules/clauses.ts)
 * and round-to-round comparison (rules/compare.ts).
 *
 * The model text has one block per line (rules/model.ts), so the structure is read line by
 * line: a line opening with 第X条 starts an article; the lines after it are its further 款
 * until the next article, a chapter heading, or a line that is clearly not body text (a
 * signature, a date, an attachment label).
 */
import { CN_NUM_CLASS, parseChineseNumber } from './facts/numerals';

/** One 项: a line opening with 「（一）」 inside an article. */
export interface ItemSpan {
  start: number;
  end: number;
  /** 3 for 「（三）」; null when the numeral cannot be read. */
  num: number | null;
}

/** One 款: a line of an article (the first 款 is the article's own first line) and its 项. */
export interface ParagraphSpan {
  start: number;
  end: number;
  items: ItemSpan[];
}

/** One 条 with its 款 and 项. */
export interface ClauseSpan {
  /** Position among the document's articles, from 0. */
  index: number;
  /** 7 for 第七条; null when the numeral cannot be read. */
  num: number | null;
  /** The label as written, e.g. 「第七条」 or 「第十二条之一」. */
  label: string;
  /** From the label to the end of the article's last line. */
  start: number;
  end: number;
  /** Where the article's text after the label (and the space after it) starts. */
  bodyStart: number;
  paragraphs: ParagraphSpan[];
  /** The chapter heading the article stands under (「第二章　监督管理」), or null. */
  chapter: string | null;
}

// 第X条, but not a cross-reference that merely opens a line (「第五条规定的情形…」).
const ARTICLE_RE = new RegExp(
  `^第([${CN_NUM_CLASS}\\d]{1,6})条(之[${CN_NUM_CLASS}]{1,3})?(?!规定|所|的|第|中|和|、|至|款|项)`,
);
const CHAPTER_RE = new RegExp(`^第[${CN_NUM_CLASS}\\d]{1,5}[章节编](?:[\\s\\u3000]|$)`);
const ITEM_RE = new RegExp(`^[（(]([${CN_NUM_CLASS}\\d]{1,4})[）)]`);
const DATE_LINE_RE =
  /^[\d〇○零一二三四五六七八九十]{2,4}\s*年[\d〇○零一二三四五六七八九十]{1,2}\s*月[\d〇○零一二三四五六七八九十]{1,3}\s*日$/;
const ATTACHMENT_RE = /^附\s*件/;
const BODY_END_RE = /[。；;：:！!？?…」”）)]$/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x3000 || c === 0xa0 || c === 0xfeff;
}

/** An issuer's name standing alone: the signature after the last article. */
const SIGNATURE_RE = /(?:人民政府|办公室|办公厅|局|委员会|委|厅|院|中心|公司|协会)$/;

/**
 * True when a short line after an article reads as more of it: it ends like a sentence, or
 * the article stopped mid-sentence (a hard-wrapped line, 「…接到预警」/「通知后，并」/「在2小时
 * 内停止作业。」, as <br> inside a paragraph gives).
 */
function continuesArticle(line: string, midSentence: boolean): boolean {
  if (DATE_LINE_RE.test(line) || ATTACHMENT_RE.test(line)) return false;
  if (BODY_END_RE.test(line)) return true;
  return midSentence && !SIGNATURE_RE.test(line);
}

/** The articles of a text, in document order (empty when it is not written in articles). */
export function segmentClauses(text: string): ClauseSpan[] {
  const clauses: ClauseSpan[] = [];
  let current: ClauseSpan | null = null;
  let chapter: string | null = null;
  const n = text.length;
  let pos = 0;
  while (pos <= n) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = n;
    let s = pos;
    let e = lineEnd;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    pos = lineEnd + 1;
    if (e <= s) continue;
    // Only the head of a line is needed to classify it; long lines stay cheap.
    const head = text.slice(s, Math.min(e, s + 24));
    const article = ARTICLE_RE.exec(head);
    if (article) {
      let bodyStart = s + article[0].length;
      while (bodyStart < e && isSpace(text.charCodeAt(bodyStart))) bodyStart++;
      current = {
        index: clauses.length,
        num: parseChineseNumber(article[1]!),
        label: article[0],
        start: s,
        end: e,
        bodyStart,
        paragraphs: [{ start: s, end: e, items: [] }],
        chapter,
      };
      clauses.push(current);
      continue;
    }
    if (CHAPTER_RE.test(head)) {
      chapter = text.slice(s, Math.min(e, s + 40));
      current = null;
      continue;
    }
    if (!current) continue;
    const item = ITEM_RE.exec(head);
    if (item) {
      const para = current.paragraphs[current.paragraphs.length - 1]!;
      para.items.push({ start: s, end: e, num: parseChineseNumber(item[1]!) });
      para.end = e;
      current.end = e;
      continue;
    }
    const midSentence = !BODY_END_RE.test(
      text.slice(Math.max(current.start, current.end - 1), current.end),
    );
    if (e - s > 40 || continuesArticle(text.slice(s, e), midSentence)) {
      current.paragraphs.push({ start: s, end: e, items: [] });
      current.end = e;
    } else {
      current = null;
    }
  }
  return clauses;
}

/** The article containing `offset` (binary search), or null outside every article. */
export function clauseAt(clauses: readonly ClauseSpan[], offset: number): ClauseSpan | null {
  let lo = 0;
  let hi = clauses.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = clauses[mid]!;
    if (offset < c.start) hi = mid - 1;
    else if (offset >= c.end) lo = mid + 1;
    else return c;
  }
  return null;
}
