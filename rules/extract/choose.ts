/**
 * Pass 2's choices: the main container (a Readability-style score, then a climb over thin
 * wrappers) and the title element; and the page <title> minus the site name.
 */
import { compact, compactText } from './text';
import {
  BLOCK_TAGS,
  F_BOILER,
  F_KNOWN,
  F_META,
  F_TEXT,
  F_TITLE_CAND,
  PARA_TAGS,
  type Tree,
} from './tree';
import type { TreeAdapter } from './types';
import { safeHidden } from './visibility';

/** Pick the main container: Readability-style score, then climb over thin wrappers. */
export function chooseMain<N>(t: Tree<N>, adapter: TreeAdapter<N>): number {
  const n = t.n;
  const top: { i: number; s: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (t.isText(i)) continue;
    const fl = t.flags[i];
    if (fl & (F_BOILER | F_META)) {
      i = t.end[i] - 1;
      continue;
    }
    let s = t.score[i];
    if (s <= 0 || !BLOCK_TAGS.has(t.tag[i]) || PARA_TAGS.has(t.tag[i])) continue;
    const tl = t.textLen[i];
    const ld = tl > 0 ? t.linkLen[i] / tl : 1;
    s *= 1 - ld;
    if (fl & F_KNOWN) s *= 1.25;
    if (top.length < 5 || s > top[top.length - 1].s) {
      top.push({ i, s });
      top.sort((a, b) => b.s - a.s);
      if (top.length > 5) top.pop();
    }
  }
  let best = -1;
  for (const c of top) {
    if (!safeHidden(adapter, t.nodes[c.i])) {
      best = c.i;
      break;
    }
  }
  if (best < 0) {
    // No prose anywhere: the body (or the root).
    for (let i = 0; i < n; i++) if (t.tag[i] === 'body') return i;
    return 0;
  }
  // Climb over wrappers that add little, or add more prose (a document split across sibling
  // blocks: 正文 in one div, 附件 text in the next).
  let c = best;
  for (let guard = 0; guard < 64; guard++) {
    const p = t.parent[c];
    if (p < 0 || t.tag[p] === 'body' || t.tag[p] === 'html' || t.tag[p] === '#root') break;
    const extra = t.textLen[p] - t.textLen[c];
    const extraLink = t.linkLen[p] - t.linkLen[c];
    const extraProse = t.prose[p] - t.prose[c];
    // Thin: little text and not a link column (a left menu beside the body stops the climb).
    const thin = extra <= 0.1 * t.textLen[c] + 30 && extraLink * 2 <= extra;
    const prose =
      extraProse >= 3 &&
      extraProse >= 0.02 * (extra - extraLink) &&
      extraLink <= 0.3 * extra &&
      extra <= 1.5 * t.textLen[c];
    if (thin || prose) c = p;
    else break;
  }
  // A known content container (#zoom, .TRS_Editor, article, main…) just above wins if it adds
  // little link text.
  for (let a = t.parent[c], s = 0; a >= 0 && s < 3; a = t.parent[a], s++) {
    if (t.tag[a] === 'body' || t.tag[a] === 'html' || t.tag[a] === '#root') break;
    if (t.flags[a] & F_KNOWN) {
      const extra = t.textLen[a] - t.textLen[c];
      const ld = t.textLen[a] > 0 ? t.linkLen[a] / t.textLen[a] : 1;
      if (extra <= 0.5 * t.textLen[c] && ld < 0.35) c = a;
      break;
    }
  }
  return c;
}

const TITLE_WORDS_RE =
  /关于|办法|规定|细则|规则|意见|决定|通知|公告|通告|条例|方案|征求意见|草案|送审稿|批复|规划|实施/;

export function chooseTitle<N>(
  t: Tree<N>,
  adapter: TreeAdapter<N>,
  main: number,
  docTitle: string | null,
  headMeta: Record<string, string>,
): number {
  const pageTitles = [
    headMeta['articletitle'],
    headMeta['og:title'],
    docTitle,
    docTitle ? stripSiteSuffix(docTitle) : null,
  ]
    .filter((s): s is string => !!s)
    .map(compact)
    .filter((s) => s.length >= 4);
  const titleLens = pageTitles.map((p) => p.length);
  // The lengths a "sized" candidate may have, as one range for a quick reject (this loop
  // visits every element of the page, cold, on the first review).
  const sizedMin = Math.min(...titleLens) - 2;
  const sizedMax = Math.max(...titleLens) + 2;
  const n = t.n;
  const mainEnd = t.end[main];
  let best = -1;
  let bestScore = -Infinity;
  let seen = 0;
  for (let i = 0; i < n && seen < 300; i++) {
    const fl = t.flags[i];
    if (fl & F_TEXT) continue;
    if (fl & F_META) {
      i = t.end[i] - 1;
      continue;
    }
    const len = t.textLen[i];
    if (len < 4 || len > 200) continue;
    const tag = t.tag[i];
    const heading = tag === 'h1' || tag === 'h2' || tag === 'h3';
    // Class-named candidates (.title, .bt) must look like a title, not a content cell.
    const named = !heading && fl & F_TITLE_CAND && len <= 120 && t.prose[i] <= 3;
    // Any element whose text has the length of the page's <title>/ArticleTitle: old portals
    // put the title in <font><b> with no name at all.
    const sized =
      len >= sizedMin && len <= sizedMax && titleLens.some((l) => Math.abs(l - len) <= 2);
    if (!heading && !named && !sized) continue;
    seen++;
    let s = tag === 'h1' ? 30 : tag === 'h2' ? 18 : tag === 'h3' ? 10 : named ? 20 : 5;
    if (fl & F_BOILER || hasFlagAbove(t, i, F_BOILER, 32)) s -= 15;
    if (t.linkLen[i] * 2 > len) s -= 30;
    if (i >= mainEnd) s -= 20;
    else if (i < main || i < main + 200) s += 10;
    const text = compactText(t, i, 600);
    if (text.length < 4) continue;
    if (pageTitles.some((p) => p === text)) s += 50;
    else if (pageTitles.some((p) => p.includes(text) || (text.length >= 8 && text.includes(p))))
      s += 40;
    else if (!heading && !named) continue;
    if (TITLE_WORDS_RE.test(text)) s += 10;
    if (s > bestScore) {
      if (safeHidden(adapter, t.nodes[i])) continue;
      bestScore = s;
      best = i;
    }
  }
  return bestScore >= 20 ? best : -1;
}

function hasFlagAbove<N>(t: Tree<N>, i: number, flag: number, max: number): boolean {
  for (let a = t.parent[i], s = 0; a >= 0 && s < max; a = t.parent[a], s++) {
    if (t.flags[a] & flag) return true;
  }
  return false;
}

/**
 * `<title>` minus the site name: portals write 「标题_站点名」, 「标题-站点名」 or
 * 「标题|站点名」. A '-' between digits (2021-2025) is not a separator.
 */
export function stripSiteSuffix(title: string): string | null {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  const parts = t
    .split(/\s*(?:[_|｜]|\s[-–—]\s|--|(?<!\d)-|-(?!\d)|—(?![\d〇一二三四五六七八九]))\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length <= 1) return t;
  const isSite = (p: string) =>
    /(?:门户网站|政府网|官网|网站|人民政府|政务服务网|信息公开|首页|政府信息公开平台)$/.test(p);
  const cands = parts.filter((p) => !isSite(p));
  const pool = cands.length ? cands : parts;
  // The title is normally first; prefer it unless a later part is clearly longer.
  let best = pool[0];
  for (const p of pool) if (p.length > best.length * 1.5) best = p;
  return best;
}
