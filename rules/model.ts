/**
 * The document model the engine checks: the text as the reader sees it, split into typed
 * blocks, plus the portal metadata block and attachment links.
 */
import { extractDocument } from './html';
import { parseMetaText } from './extract';
import { DATE_SOURCE } from './facts/dates';
import { CN_NUM_CLASS } from './facts/numerals';
import { META_LABELS } from './facts/labels';
import { normalizeForMatching } from './text';

export type BlockKind =
  'title' | 'heading' | 'article' | 'paragraph' | 'signature' | 'date' | 'attachments' | 'meta';

/** A block is one line of the text; `[start, end)` excludes the newline. */
export type Block = { kind: BlockKind; start: number; end: number };

export type Attachment = { name: string; href: string };

export type DocumentModel = {
  text: string;
  blocks: Block[];
  meta: Record<string, string>;
  title: string | null;
  attachments: Attachment[];
  url?: string;
};

/** Metadata labels seen in portal 信息公开 blocks (and in text copies of them). */
export const META_KEYS: readonly string[] = META_LABELS;

const LABEL_ALT = META_KEYS.join('|');
/**
 * What may stand before a label on a metadata line copied from a page or a converted file:
 * a bullet 「•」「·」「●」「■」, a dash 「-」「—」, a table pipe 「|」, a list number 「1.」「（1）」.
 */
const LINE_LEAD = `(?:[•·●○◆◇■□▪▫►▶◎★☆※\\-–—*+>|｜]|\\d{1,2}[.、)）]|[（(]\\d{1,2}[)）])?`;
/**
 * A metadata line: a known label after the optional lead, followed by a colon, a table pipe or
 * a tab (a table row copied as text), or in lenticular brackets (「•【施行日期】2020.06.03」, as
 * law databases print their 文章属性).
 */
const META_LINE_RE = new RegExp(
  `^\\s*${LINE_LEAD}\\s*(?:(?:${LABEL_ALT})\\s*(?:[:：]|[|｜\\t])|【(?:${LABEL_ALT})】)`,
);
/** The lead of a metadata line, removed before its pairs are read. */
const LINE_LEAD_RE = new RegExp(`^\\s*${LINE_LEAD}\\s*`);
const ARTICLE_RE = new RegExp(`^\\s*第[${CN_NUM_CLASS}\\d]{1,6}条`);
const HEADING_RE = new RegExp(
  `^\\s*(?:第[${CN_NUM_CLASS}\\d]{1,5}[章节编]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])`,
);
const DATE_ONLY_RE = new RegExp(`^\\s*(?:${DATE_SOURCE})\\s*$`);
const ATTACH_RE = /^\s*附\s*件\s*[:：\d１-９一二三四五六七八九]?/;
const SIGNER_RE =
  /(?:人民政府|政府办公室|政府办公厅|委员会|办公室|办公厅|局|厅|委|院|部|中心|管委会|司法所|街道办事处)\s*$/;
/** A line that is only a 发文字号, possibly in round brackets under the title (「（浙政规〔2022〕3号）」). */
const DOCNO_ONLY_RE =
  /^\s*[（(]?\s*[\p{Script=Han}A-Za-z]{1,20}\s*[〔［[【(（〖﹝„]\s*\d{2,5}.{0,6}号\s*[）)]?\s*$/u;
const REGNO_ONLY_RE =
  /^\s*[A-Z]{2,6}\s*[—\-－–]\s*\d{4}\s*[—\-－–]\s*\d{1,6}\s*$|^\s*[A-Z]{2}\d{10}\s*$/;

/** True when a line looks like a title rather than body text or a header field. */
function looksLikeTitle(line: string): boolean {
  const t = line.trim();
  if (t.length < 4 || t.length > 150) return false;
  if (META_LINE_RE.test(t) || DOCNO_ONLY_RE.test(t) || REGNO_ONLY_RE.test(t)) return false;
  if (DATE_ONLY_RE.test(t) || ARTICLE_RE.test(t)) return false;
  if (/[。；，,：:]$/.test(t)) return false;
  // The 发文机关标志 (「××市人民政府文件」) heads the page but is not the title.
  if (/^.{2,40}(?:文件|公报|简报)$/.test(t)) return false;
  if (/^(?:首页|当前位置|您的位置|来源|发布时间|浏览次数|字号|打印|关闭|分享)/.test(t))
    return false;
  // Titles contain no sentence punctuation in the middle either.
  if (/[。；]/.test(t)) return false;
  return true;
}

/** Lines near the top among which the title is looked for. */
const TITLE_LINES = 16;
/**
 * The forms of a document title: 「关于…的通知/决定/意见…」 and a name ending in its type
 * (…办法、规定、细则、规则、条例 …), with a bracketed 试行/暂行/征求意见稿 after it.
 */
const TITLE_FORM_RE =
  /关于.{2,120}的(?:通知|决定|意见|通告|公告|批复|规定|办法|函|复函|报告|命令|公报|实施意见|指导意见|若干措施)(?:[（(][^（）()]{1,12}[）)])*$|(?:法|法典|办法|规定|细则|规则|条例|规程|意见|决定|通知|通告|公告|措施|方案|标准|指引|规划|目录|清单|制度|准则|纲要|决议)(?:[（(][^（）()]{1,12}[）)])*$/;
/**
 * A line that tells a text's history or status, not its title: it opens with a date
 * (「1990年9月7日…通过」) or is a bracketed note (「（2023年5月6日…公布）」).
 */
const HISTORY_LINE_RE = new RegExp(`^(?:[（(].*[）)]|(?:${DATE_SOURCE}).*)$`);
/**
 * Site chrome and spam that precede a copied document: print and close links, a portal's
 * name, a navigation bar (「首页 > 政务公开 > 文件」), counters, share widgets, adverts.
 */
const CHROME_RE =
  /打印|关闭(?:窗口|本页)|门户网站|政府网站|官方网站|网站$|政府网$|首页|当前位置|您的位置|所在位置|浏览(?:次数|量)|阅读(?:次数|量)|访问量|字号\s*[：:]?\s*[大中小]|[>＞»›]|分享到|扫一扫|收藏本页|加入收藏|设为首页|[Qq][Qq][:：号]|微信号|https?:|www\.|\.com|\.cn\b|点击|咨询电话|联系电话|热线电话|无障碍|繁體|长者模式|本站|本网|转载|整理发布|责任编辑/;
/** A portal's name: chrome alone, but a title may speak of a website (「…政府网站管理办法」). */
const PORTAL_NAME_RE = /门户网站|政府网站|官方网站|网站$/g;
/**
 * Site chrome, except a document title (关于…的通知, …办法) that names a website as its
 * subject: its portal words are not chrome when nothing else in the line is.
 */
function isChrome(line: string): boolean {
  if (!CHROME_RE.test(line)) return false;
  if (!TITLE_FORM_RE.test(line) || !/关于|办法|规定|细则|制度/.test(line)) return true;
  return CHROME_RE.test(line.replace(PORTAL_NAME_RE, ''));
}
/** The heading of a search result page or a list of documents. */
const LISTING_RE =
  /^(?:搜索结果|检索结果|站内搜索|全文检索|查询结果)|(?:搜索结果|检索结果|文件列表|政策文件库|文件库)$/;
/** The addressee line under a title: 「各区人民政府，市政府各部门：」. */
const ADDRESSEE_RE = /^.{2,80}[：:]$/;

/**
 * The title among the candidate lines near the top, by evidence: a title's form (关于…的通知,
 * …办法), its place (above the 发文字号, the addressees or the body; below the 发文字号), never
 * site chrome (a print link, a portal's name, a navigation bar, an advert). Ties go to the
 * earlier line. -1 when there is no candidate.
 */
function chooseTitleLine(text: string, blocks: Block[], candidates: number[]): number {
  let best = -1;
  let bestScore = -Infinity;
  for (const i of candidates) {
    const b = blocks[i]!;
    const line = normalizeForMatching(text.slice(b.start, b.end).trim());
    if (isChrome(line) || HISTORY_LINE_RE.test(line)) continue;
    // The first candidate line is likelier (a 令's header 「某省人民政府令」 comes after the
    // title on many copies, and scores only this base).
    let score = i === candidates[0] ? 1.5 : 1;
    // A search result page or a list of documents is titled so, whatever titles it lists
    // (the classifier then says it is not a document).
    if (LISTING_RE.test(line)) score += 10;
    if (TITLE_FORM_RE.test(line)) score += 3;
    // An organ's name alone (a portal header 「某市人民政府」) is the issuer, not the title.
    if (SIGNER_RE.test(line) && !TITLE_FORM_RE.test(line)) score -= 1;
    const next = blocks[i + 1];
    const nextLine = next ? normalizeForMatching(text.slice(next.start, next.end).trim()) : '';
    const prev = i > 0 ? blocks[i - 1] : undefined;
    const prevLine = prev ? normalizeForMatching(text.slice(prev.start, prev.end).trim()) : '';
    if (
      next &&
      (next.kind === 'article' ||
        next.kind === 'date' ||
        next.kind === 'meta' ||
        HISTORY_LINE_RE.test(nextLine) ||
        DOCNO_ONLY_RE.test(nextLine) ||
        REGNO_ONLY_RE.test(nextLine) ||
        ADDRESSEE_RE.test(nextLine) ||
        (next.kind === 'paragraph' && /[。，；]/.test(nextLine) && nextLine.length > 40))
    )
      score += 1.5;
    if (prev && (DOCNO_ONLY_RE.test(prevLine) || REGNO_ONLY_RE.test(prevLine))) score += 1;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** A short line that may continue or open a title broken over lines (no sentence punctuation). */
function titlePiece(text: string, b: Block | undefined): string | null {
  if (!b || (b.kind !== 'paragraph' && b.kind !== 'signature')) return null;
  const line = normalizeForMatching(text.slice(b.start, b.end).trim());
  return line.length <= 60 && !/[。，；：:,;]/.test(line) ? line : null;
}

/**
 * A title set over two or three lines, as letterheads and reposts print it (「某县交通运输局 /
 * 关于禁止在公路上打场晒粮的 / 通告」): the chosen line is joined with the lines right under it
 * (at most one blank line between) when only together they have a title's form, and with the issuing
 * organ's name right above a 「关于…」 line. The blocks become one title block; returns its index.
 */
function joinTitleLines(text: string, blocks: Block[], i: number): number {
  // At most one blank line between (reposts put one between every line).
  const adjacent = (a: Block, b: Block) =>
    !/\n[^\S\n]*\n[^\S\n]*\n/.test(text.slice(a.end, b.start));
  let line = normalizeForMatching(text.slice(blocks[i]!.start, blocks[i]!.end).trim());
  let last = i;
  for (let k = 1; k <= 2 && !TITLE_FORM_RE.test(line); k++) {
    const next = blocks[last + 1];
    const piece = titlePiece(text, next);
    if (piece === null || !adjacent(blocks[last]!, next!)) break;
    const joined = line + piece;
    if (joined.length > 150) break;
    line = joined;
    last++;
    if (TITLE_FORM_RE.test(line)) break;
  }
  if (last !== i && !TITLE_FORM_RE.test(line)) last = i;
  let first = i;
  let prev = blocks[i - 1];
  let head = titlePiece(text, prev);
  // The chosen line is the tail of a wrapped title: 「某市人民政府关于进一步加强城市道路 /
  // 停车管理工作的通知」.
  if (
    head !== null &&
    last === i &&
    /关于/.test(head) &&
    !/^关于/.test(line) &&
    !TITLE_FORM_RE.test(head) &&
    adjacent(prev!, blocks[i]!)
  ) {
    line = head + line;
    first = i - 1;
    prev = blocks[i - 2];
    head = titlePiece(text, prev);
  }
  const organ = head;
  if (
    organ !== null &&
    /^关于/.test(line) &&
    SIGNER_RE.test(organ) &&
    !isChrome(organ) &&
    adjacent(prev!, blocks[first]!)
  )
    first -= 1;
  if (first === i && last === i) return i;
  const merged: Block = { kind: 'paragraph', start: blocks[first]!.start, end: blocks[last]!.end };
  blocks.splice(first, last - first + 1, merged);
  return first;
}

/**
 * Builds a model from plain text: every non-empty line is a block; `key：value` lines with a
 * known metadata label become `meta` blocks and fill `meta` (values given in `extra.meta`
 * win); the title is `extra.title`, the title-like line near the top chosen by evidence
 * (see chooseTitleLine), or the 标题 meta field.
 */
export function modelFromText(
  text: string,
  extra: {
    meta?: Record<string, string>;
    title?: string | null;
    attachments?: Attachment[];
    url?: string;
  } = {},
): DocumentModel {
  const meta: Record<string, string> = {};
  const blocks: Block[] = [];
  const givenTitle = extra.title?.trim() || null;
  const n = text.length;
  const candidates: number[] = [];
  let seenBody = false;
  let pos = 0;
  let lineNo = 0;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    // Trim \r and surrounding whitespace for the block range.
    let s = pos;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) {
      // Lines longer than 300 chars are body text: skip the per-line regexes that only
      // make sense on short lines (keeps huge one-line inputs linear and cheap).
      // Typed on the matching copy, so a traditional-script copy (發佈時間, 決定) reads alike.
      const line = e - s <= 300 ? normalizeForMatching(text.slice(s, e)) : '';
      let kind: BlockKind = 'paragraph';
      if (line === '') kind = 'paragraph';
      else if (META_LINE_RE.test(line)) {
        kind = 'meta';
        parseMetaLine(line, meta);
      } else if (ARTICLE_RE.test(line)) kind = 'article';
      else if (HEADING_RE.test(line)) kind = 'heading';
      else if (DATE_ONLY_RE.test(line)) kind = 'date';
      else if (ATTACH_RE.test(line)) kind = 'attachments';
      else if (line.length <= 40 && SIGNER_RE.test(line) && !/[。，；]/.test(line)) {
        kind = 'signature';
      }
      if (
        (kind === 'paragraph' || kind === 'signature') &&
        !seenBody &&
        lineNo < TITLE_LINES &&
        givenTitle === null &&
        looksLikeTitle(line)
      )
        candidates.push(blocks.length);
      // Body text begins with an article, the addressees (「各区人民政府：」) or a sentence (a
      // long line without sentence punctuation is a title or a navigation bar, not the body).
      if (
        kind === 'article' ||
        (kind === 'paragraph' &&
          (line === '' ||
            /。/.test(line) ||
            (line.length > 40 && /[，；]/.test(line)) ||
            ADDRESSEE_RE.test(line)))
      )
        seenBody = true;
      blocks.push({ kind, start: s, end: e });
      lineNo++;
    }
    pos = end + 1;
  }
  let titleBlock = chooseTitleLine(text, blocks, candidates);
  if (titleBlock !== -1) titleBlock = joinTitleLines(text, blocks, titleBlock);
  if (titleBlock !== -1) blocks[titleBlock]!.kind = 'title';
  // A "signature" line counts only when a date block follows it (closing 落款); otherwise
  // it was a short paragraph such as a heading-like organ name.
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind !== 'signature') continue;
    const next = blocks[i + 1];
    const next2 = blocks[i + 2];
    if (!(next?.kind === 'date' || (next?.kind === 'signature' && next2?.kind === 'date')))
      b.kind = 'paragraph';
  }
  const metaOut = { ...meta, ...(extra.meta ?? {}) };
  let title: string | null = null;
  if (givenTitle !== null) {
    title = givenTitle;
    // Mark the first line equal to the given title as the title block.
    for (let i = 0; i < Math.min(blocks.length, 30); i++) {
      const b = blocks[i]!;
      if (b.kind === 'paragraph' && text.slice(b.start, b.end) === title) {
        b.kind = 'title';
        break;
      }
    }
  } else if (titleBlock !== -1) {
    const b = blocks[titleBlock]!;
    title = text.slice(b.start, b.end).replace(/\s*\n\s*/g, '');
  } else if (metaOut['标题'] || metaOut['名称']) {
    title = (metaOut['标题'] || metaOut['名称'])!.trim();
  }
  const model: DocumentModel = {
    text,
    blocks,
    meta: metaOut,
    title,
    attachments: extra.attachments ?? [],
  };
  if (extra.url !== undefined) model.url = extra.url;
  return model;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x3000 || c === 0xa0 || c === 0xfeff;
}

/**
 * `索引号：X　发文机关：Y`, `• 实施日期：…`, `| 发文字号 | X | 成文日期 | Y |` → meta entries;
 * the first value for a key wins. Table pipes and tabs separate cells; a label alone in its
 * cell takes the next cell (the page extraction's reading, rules/extract/metadata.ts parseMetaText).
 */
function parseMetaLine(line: string, meta: Record<string, string>): void {
  const cells = line.replace(LINE_LEAD_RE, '').replace(/\s*[|｜]\s*/g, '\t');
  parseMetaText(cells, meta);
}

/**
 * Builds a model from an HTML page: main-content extraction (rules/html.ts) followed by
 * modelFromText. The extractor's metadata and attachments win over what the text says.
 */
export function modelFromHtml(html: string, url?: string): DocumentModel {
  const doc = extractDocument(html, url);
  const extra: Parameters<typeof modelFromText>[1] = {
    meta: doc.meta,
    title: doc.title,
    attachments: doc.attachments,
  };
  if (url !== undefined) extra.url = url;
  return modelFromText(doc.text, extra);
}
