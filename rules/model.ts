/**
 * The document model the engine checks: the text as the reader sees it, split into typed
 * blocks, plus the portal metadata block and attachment links.
 */
import { extractDocument } from './html';
import { DATE_SOURCE } from './facts/dates';
import { CN_NUM_CLASS } from './facts/numerals';
import { PERIOD_KEYS, REG_META_KEYS } from './facts/labels';

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
export const META_KEYS = [
  '索引号',
  '发文机关',
  '发布机构',
  '发布机关',
  '制发机关',
  '发文字号',
  '文号',
  '成文日期',
  '印发日期',
  '发布日期',
  '公布日期',
  '公开日期',
  '发布时间',
  '公开时间',
  '公布时间',
  '生成日期',
  '有效性',
  '效力状态',
  '时效性',
  '实施日期',
  '施行日期',
  '生效日期',
  '生效时间',
  '失效日期',
  '失效时间',
  '废止日期',
  '废止时间',
  '有效期',
  ...REG_META_KEYS,
  '主题分类',
  '主题词',
  '标题',
  '名称',
  '征集部门',
  ...PERIOD_KEYS,
  '截止日期',
  '截止时间',
]
  .slice()
  // Longer labels first: 统一登记号 before 登记号 in the alternations below.
  .sort((a, b) => b.length - a.length);

const META_KEY_RE = new RegExp(`(${META_KEYS.join('|')})\\s*[:：]`, 'g');
const META_LINE_RE = new RegExp(`^\\s*(?:${META_KEYS.join('|')})\\s*[:：]`);
const ARTICLE_RE = new RegExp(`^\\s*第[${CN_NUM_CLASS}\\d]{1,6}条`);
const HEADING_RE = new RegExp(
  `^\\s*(?:第[${CN_NUM_CLASS}\\d]{1,5}[章节编]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])`,
);
const DATE_ONLY_RE = new RegExp(`^\\s*(?:${DATE_SOURCE})\\s*$`);
const ATTACH_RE = /^\s*附\s*件\s*[:：\d１-９一二三四五六七八九]?/;
const SIGNER_RE =
  /(?:人民政府|政府办公室|政府办公厅|委员会|办公室|办公厅|局|厅|委|院|部|中心|管委会|司法所|街道办事处)\s*$/;
const DOCNO_ONLY_RE = /^\s*[\p{Script=Han}A-Za-z]{1,20}\s*[〔［[【(（〖﹝„]\s*\d{2,5}.{0,6}号\s*$/u;
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

/**
 * Builds a model from plain text: every non-empty line is a block; `key：value` lines with a
 * known metadata label become `meta` blocks and fill `meta` (values given in `extra.meta`
 * win); the title is `extra.title`, the 标题 meta field, or the first title-like line near
 * the top.
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
  let titleBlock = -1;
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
      const line = e - s <= 300 ? text.slice(s, e) : '';
      let kind: BlockKind = 'paragraph';
      if (line === '') kind = 'paragraph';
      else if (META_LINE_RE.test(line)) {
        kind = 'meta';
        parseMetaLine(line, meta);
      } else if (ARTICLE_RE.test(line)) kind = 'article';
      else if (HEADING_RE.test(line)) kind = 'heading';
      else if (DATE_ONLY_RE.test(line)) kind = 'date';
      else if (ATTACH_RE.test(line)) kind = 'attachments';
      else if (
        titleBlock === -1 &&
        !seenBody &&
        lineNo < 12 &&
        givenTitle === null &&
        looksLikeTitle(line)
      ) {
        kind = 'title';
        titleBlock = blocks.length;
      } else if (line.length <= 40 && SIGNER_RE.test(line) && !/[。，；]/.test(line)) {
        kind = 'signature';
      }
      if (kind === 'article' || (kind === 'paragraph' && (line === '' || line.length > 40)))
        seenBody = true;
      blocks.push({ kind, start: s, end: e });
      lineNo++;
    }
    pos = end + 1;
  }
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
    title = text.slice(b.start, b.end);
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

/** `索引号：X 发文机关：Y` → meta entries; the first value for a key wins. */
function parseMetaLine(line: string, meta: Record<string, string>): void {
  META_KEY_RE.lastIndex = 0;
  const hits: { key: string; start: number; valueStart: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = META_KEY_RE.exec(line)) !== null) {
    hits.push({ key: m[1]!, start: m.index, valueStart: m.index + m[0].length });
  }
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    const end = i + 1 < hits.length ? hits[i + 1]!.start : line.length;
    const value = line.slice(h.valueStart, end).trim();
    if (value && meta[h.key] === undefined) meta[h.key] = value;
  }
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
