/**
 * Document keys: how the same document is recognised across review rounds. Pure string
 * functions (no Dexie), shared by the content script, the background and the pages.
 */

/**
 * Bracket variants people type for 〔〕 in a 发文字号. Matching is done on this explicit map
 * rather than NFKC, which would also fold characters the rules must keep seeing (the design's
 * "check on raw text" convention); the key is only for recognising the same document.
 */
const BRACKETS: Record<string, string> = {
  '[': '〔',
  ']': '〕',
  '［': '〔',
  '］': '〕',
  '【': '〔',
  '】': '〕',
  '(': '〔',
  ')': '〕',
  '（': '〔',
  '）': '〕',
  '﹝': '〔',
  '﹞': '〕',
  '〖': '〔',
  '〗': '〕',
};

/**
 * Normalise a 发文字号 for matching: bracket variants → 〔〕, 號 → 号, full-width digits →
 * ASCII, all whitespace removed. Returns null when nothing is left.
 */
export function normalizeDocNumber(docNumber: string | null | undefined): string | null {
  if (!docNumber) return null;
  let out = '';
  for (const ch of docNumber) {
    if (/\s/u.test(ch)) continue;
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 0x30);
    else if (ch === '號') out += '号';
    else out += BRACKETS[ch] ?? ch;
  }
  return out || null;
}

/**
 * Draft-stage markers that change between rounds of the same document, in brackets, possibly
 * chained: （征求意见稿）, （送审稿）, （修订草案征求意见稿）, （征求意见稿修改稿）, （第二稿）.
 */
const DRAFT_SUFFIX =
  /[（(〔[【]\s*(?:修订|公开|再次)*(?:征求意见稿|征求意见|送审稿|草案|草稿|修订稿|修改稿|讨论稿|审议稿|报审稿|代拟稿|第[一二三四五六七八九十\d]{1,3}稿)+\s*[)）〕\]】]/gu;

/** A title that wraps the document's name: 关于（再次）公开征求《X》意见的公告, 关于印发《X》的通知. */
const WRAPPER = /(?:征求|征询|印发|公布|发布|转发)/u;
const INNER_TITLE = /《([^《》]{2,200})》/u;

/**
 * Normalise a title for matching: the document's own name when the title is a consultation or
 * issuing wrapper (so 「关于再次公开征求《X（征求意见稿修改稿）》意见的公告」 matches round 1's
 * 「关于公开征求《X（征求意见稿）》意见的公告」), without draft-stage markers, whitespace or 《》.
 */
export function normalizeTitle(title: string): string {
  const inner = INNER_TITLE.exec(title);
  const name = inner && WRAPPER.test(title.replace(inner[0], '')) ? inner[1]! : title;
  return name.replace(DRAFT_SUFFIX, '').replace(/[\s《》]/gu, '');
}

/**
 * The key that recognises the same document across rounds: the normalised 发文字号 when the
 * document has one (`no:…`), otherwise the normalised title plus the page's host
 * (`title:…@host`), because a draft usually has no number yet but comes back on the same site.
 */
export function docKeyFor(doc: {
  docNumber?: string | null;
  title?: string | null;
  url?: string | null;
}): string {
  const number = normalizeDocNumber(doc.docNumber);
  if (number) return `no:${number}`;
  let host: string;
  try {
    host = doc.url ? new URL(doc.url).hostname.toLowerCase() : '';
  } catch {
    host = '';
  }
  return `title:${normalizeTitle(doc.title ?? '')}@${host}`;
}
