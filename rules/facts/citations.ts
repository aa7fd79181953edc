/**
 * The citations a text makes: every 《…》 title with the 第N条 that follows it and the document
 * number of a cited normative document. One linear scan with a bounded stack, so a 10,000-
 * character 《…》 or a run of nested 《《…》》 costs no more than plain text and yields nothing
 * absurd: a title longer than {@link MAX_TITLE} characters or spanning a line is not a citation;
 * nesting deeper than {@link MAX_DEPTH} is read as plain text.
 *
 * A mention that is not in 《》 (「物权法律关系」) is not a citation; the key of a citation is its
 * title without 「中华人民共和国」 and without a version note (（2017年修正）), so
 * 《中华人民共和国物权法》 and 《物权法》 are the same law and 《物权法律关系研究》 is not it.
 */
import { parseChineseNumber, CN_NUM_CLASS } from './numerals';

/** Longest title read as a citation (the longest law titles are about 40 characters). */
export const MAX_TITLE = 100;
/** Deepest nesting read (《关于印发《…》的通知》 is depth 2). */
export const MAX_DEPTH = 3;
/** At most this many article numbers are read after one title (第八条、第九条、第十条 …). */
export const MAX_ARTICLES = 8;

export type CitedArticle = { n: number; start: number; end: number };

export type Citation = {
  /** `[start, end)` of 《…》 with its brackets. */
  start: number;
  end: number;
  /** The title as written, between the brackets. */
  title: string;
  /** The title for lookups: no 中华人民共和国, no version note, no spaces. */
  key: string;
  /** A version named in the title or right after it, e.g. 「2017年修正」. */
  version: string | null;
  /** 第N条 right after the title (or after its version note). */
  articles: CitedArticle[];
  /** A 发文字号 in brackets right after the title (a cited normative document), e.g. 某政发〔2020〕3号. */
  docNumber: string | null;
  /** Inside another 《…》 (the document a 印发 notice issues). */
  nested: boolean;
  /** End of what was read with the citation (title, version, articles, number). */
  tail: number;
};

const VERSION = /[（(]\s*(\d{4}年[^（）()\n]{0,12}?(?:修正|修订|修改|版|发布|公布|施行))\s*[）)]/y;
const VERSION_IN_TITLE = /[（(]\s*\d{4}年[^（）()]{0,12}[）)]\s*$/;
const ARTICLE = new RegExp(`第([${CN_NUM_CLASS}\\d]{1,8})条`, 'y');
const ARTICLE_SEP = /\s*(?:[、，,和及与或至]|以及)\s*/y;
const DOC_NUMBER = /[（(]\s*([^（）()\n]{1,20}?〔\d{4}〕\d{1,5}号)\s*[）)]/y;

/** The lookup key of a law's title (see {@link Citation.key}). */
export function citationKey(title: string): string {
  return title
    .replace(VERSION_IN_TITLE, '')
    .replace(/\s+/g, '')
    .replace(/^中华人民共和国/, '');
}

function readTail(
  text: string,
  from: number,
): Pick<Citation, 'version' | 'articles' | 'docNumber' | 'tail'> {
  let i = from;
  let version: string | null = null;
  let docNumber: string | null = null;
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\u3000')) i++;
  };
  skipSpace();
  VERSION.lastIndex = i;
  let m = VERSION.exec(text);
  if (m) {
    version = m[1]!;
    i = VERSION.lastIndex;
    skipSpace();
  }
  DOC_NUMBER.lastIndex = i;
  m = DOC_NUMBER.exec(text);
  if (m) {
    docNumber = m[1]!.replace(/\s+/g, '');
    i = DOC_NUMBER.lastIndex;
    skipSpace();
  }
  const articles: CitedArticle[] = [];
  while (articles.length < MAX_ARTICLES) {
    ARTICLE.lastIndex = i;
    const a = ARTICLE.exec(text);
    if (!a) break;
    const n = /^\d+$/.test(a[1]!) ? Number(a[1]) : parseChineseNumber(a[1]!);
    if (n === null || n <= 0) break;
    articles.push({ n, start: a.index, end: ARTICLE.lastIndex });
    i = ARTICLE.lastIndex;
    // 第N条第M款/第（X）项 belong to the same article.
    const rest =
      /(?:第[一二三四五六七八九十\d]{1,4}款)?(?:第[（(]?[一二三四五六七八九十\d]{1,4}[）)]?项)?/y;
    rest.lastIndex = i;
    if (rest.exec(text)) i = rest.lastIndex;
    ARTICLE_SEP.lastIndex = i;
    const sep = ARTICLE_SEP.exec(text);
    if (!sep) break;
    ARTICLE.lastIndex = ARTICLE_SEP.lastIndex;
    if (!ARTICLE.test(text)) break;
    i = ARTICLE_SEP.lastIndex;
  }
  return { version, articles, docNumber, tail: i };
}

/** Every 《…》 citation in `text`, in order of their opening bracket. */
export function readCitations(text: string): Citation[] {
  const out: Citation[] = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x300a /* 《 */) {
      if (stack.length >= MAX_DEPTH) continue;
      stack.push(i);
    } else if (c === 0x300b /* 》 */) {
      const open = stack.pop();
      if (open === undefined) continue;
      const title = text.slice(open + 1, i).trim();
      if (title.length === 0 || i - open - 1 > MAX_TITLE) continue;
      const tail = readTail(text, i + 1);
      out.push({
        start: open,
        end: i + 1,
        title,
        key: citationKey(title),
        version: VERSION_IN_TITLE.exec(title)?.[0].replace(/[（()）\s]/g, '') ?? tail.version,
        articles: tail.articles,
        docNumber: tail.docNumber,
        nested: stack.length > 0,
        tail: tail.tail,
      });
    } else if (c === 0x0a /* \n */) {
      // A title never spans a line: an unclosed 《 ends here.
      stack.length = 0;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
