/**
 * Portal metadata (索引号 / 发文字号 / 成文日期 … in a table, a list or a line): the labels,
 * the dense metadata blocks of a walked tree (parsed into `meta` and kept out of the text),
 * lone `label：value` lines (parsed, kept in the text), and the parsing of metadata text.
 */
import { META_LABELS } from '../facts/labels';
import { isRegexSpace } from '../text';
import { compact, isCollapsibleSpace, subtreeText } from './text';
import { F_META, type Tree } from './tree';

export { META_LABELS };

/** Tags that may be the metadata block. */
export const META_TAGS = new Set([
  'table',
  'tbody',
  'thead',
  'ul',
  'ol',
  'dl',
  'div',
  'section',
  'p',
  'header',
  'td',
  'li',
  'span',
  'font',
]);

/** A label, its inner characters possibly separated by (full-width) spaces: 发 文 字 号. */
const LABEL_ALT = META_LABELS.map((l) => [...l].join('[\\s\\u3000\\u00a0]*')).join('|');
const WS = '[\\s\\u3000\\u00a0]';
/** A text node that starts with a label followed by a colon, a space or its end. */
export const LABEL_START_RE = new RegExp(
  `^${WS}*[【\\[]?(?:${LABEL_ALT})(?:[】\\]]|${WS}*[：:]|${WS}|$)`,
);
/** First characters a {@link LABEL_START_RE} match can have after its leading spaces. */
const LABEL_FIRST = new Set([...META_LABELS.map((l) => l.charCodeAt(0)), 0x3010, 0x5b]); // 【 [
/**
 * `LABEL_START_RE.test(s)`, with a first-character pre-check: nearly every text node of a
 * body (「第一条　…」) cannot start with a label, and the 50-label alternation is then not run.
 */
export function startsWithLabel(s: string): boolean {
  let i = 0;
  while (i < s.length && isRegexSpace(s.charCodeAt(i))) i++;
  if (i < s.length && !LABEL_FIRST.has(s.charCodeAt(i))) return false;
  return LABEL_START_RE.test(s);
}
/** Labels anywhere in a metadata line (global). */
const LABEL_ANY_RE = new RegExp(`(${LABEL_ALT})${WS}*([：:]|[】\\]])?`, 'g');
/**
 * Noise after a value on portal info lines: font-size switchers, print links, counters, the
 * next 「label：」 (not a clock time: 「2026-11-16 09:00:00 至 …」 is one value).
 */
const META_STOP_RE =
  /[【[]\s*(?:字[体号]|打印|关闭|分享)|字[体号][：:]\s*[大中小]|浏览(?:次数|量)|访问(?:次数|量)|点击(?:数|率|量|次数)|阅读(?:次数|量)|责任编辑|作者[：:]|[\s\u3000]+[^\s\u3000：:\d０-９][^\s\u3000：:]{0,5}[：:]/;

/**
 * Pass 2's metadata step on the walk's copy `t`: marks the outermost dense label containers
 * as metadata blocks (F_META) and takes their sizes out of their ancestors', so the choice of
 * the main container judges only what will be emitted; parses them and the lone label lines
 * outside them into the returned `meta`.
 */
export function collectMeta<N>(
  t: Tree<N>,
  labelTextNodes: readonly number[],
  maxChars: number,
): Record<string, string> {
  const meta: Record<string, string> = {};
  const n = t.n;
  let metaBlocks = 0;
  // A page has one or two metadata blocks; the cap bounds the ancestor walks below.
  for (let i = 0; i < n && metaBlocks < 32; i++) {
    if (t.isText(i)) continue;
    const hits = t.labelHits[i];
    if (hits < 2) {
      if (hits === 0) i = t.end[i] - 1; // no labels below: skip the subtree
      continue;
    }
    if (
      META_TAGS.has(t.tag[i]) &&
      t.textLen[i] <= 70 * hits + 40 &&
      t.prose[i] <= 1 + (hits >> 1)
    ) {
      t.flags[i] |= F_META;
      metaBlocks++;
      parseMetaText(subtreeText(t, i, maxChars), meta);
      // The block is not document text: keep it out of its ancestors' sizes, so the climb
      // from the body container over its siblings judges only what will be emitted.
      for (let a = t.parent[i], s = 0; a >= 0 && s < 10_000; a = t.parent[a], s++) {
        t.textLen[a] -= t.textLen[i];
        t.linkLen[a] -= t.linkLen[i];
        t.prose[a] -= t.prose[i];
      }
      i = t.end[i] - 1;
    }
  }
  // Lone label lines outside the blocks: parse, keep in text.
  for (const ti of labelTextNodes) {
    let e = t.parent[ti];
    let inMeta = false;
    for (let a = e, s = 0; a >= 0 && s < 64; a = t.parent[a], s++) {
      if (t.flags[a] & F_META) {
        inMeta = true;
        break;
      }
    }
    if (inMeta) continue;
    let steps = 0;
    while (
      e >= 0 &&
      steps < 6 &&
      !/^(tr|li|p|div|dl|dd|dt|section|td|h\d|span|font|#root|body)$/.test(t.tag[e])
    ) {
      e = t.parent[e];
      steps++;
    }
    // The value of a 'label' cell is in the next cell: take the row.
    if (
      e >= 0 &&
      (t.tag[e] === 'td' || t.tag[e] === 'dt' || t.tag[e] === 'span') &&
      t.parent[e] >= 0
    )
      e = t.parent[e];
    if (e >= 0 && t.textLen[e] <= 160) parseMetaText(subtreeText(t, e, 2000), meta, false);
  }
  return meta;
}

/** Label positions in one metadata cell or line: at its start, or after a space with a colon. */
export function findLabels(tok: string): { key: string; start: number; end: number }[] {
  const hits: { key: string; start: number; end: number }[] = [];
  LABEL_ANY_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LABEL_ANY_RE.exec(tok))) {
    const atStart = tok.slice(0, m.index).replace(/[\s\u3000\u00a0【[]/g, '') === '';
    const before = m.index > 0 ? tok.charCodeAt(m.index - 1) : 32;
    const afterWs =
      isCollapsibleSpace(before) || before === 0x3000 || before === 0x3011 || before === 0x5d;
    const hasColon = !!m[2];
    const next = tok[m.index + m[1].length] ?? ' ';
    if ((atStart && (hasColon || /\s/.test(next))) || (afterWs && hasColon)) {
      hits.push({ key: compact(m[1]), start: m.index, end: m.index + m[0].length });
    }
    if (hits.length >= 32) break;
  }
  return hits;
}

/**
 * Parse metadata text (cells separated by '\t', rows by '\n') into `meta`. Labels may have
 * inner spaces and a trailing ：/:. A label alone in its cell takes the next cell as value.
 * Existing keys are kept (the first occurrence wins).
 */
export function parseMetaText(s: string, meta: Record<string, string>, overwrite = false): void {
  const tokens = s.split(/[\t\n]+/).map((x) => x.trim());
  for (let ti = 0; ti < tokens.length; ti++) {
    const tok = tokens[ti];
    if (!tok) continue;
    const hits = findLabels(tok);
    for (let h = 0; h < hits.length; h++) {
      const { key } = hits[h];
      let value = tok.slice(hits[h].end, h + 1 < hits.length ? hits[h + 1].start : tok.length);
      value = value.replace(/^[\s\u3000\u00a0】\]：:]+/, '');
      const stop = value.search(META_STOP_RE);
      if (stop >= 0) value = value.slice(0, stop);
      value = value.replace(/[\s\u00a0]+/g, ' ').trim();
      if (!value && h === hits.length - 1 && ti + 1 < tokens.length) {
        const next = tokens[ti + 1];
        if (next && !startsWithLabel(next)) {
          value = next.replace(/[\s\u00a0]+/g, ' ').trim();
          const st = value.search(META_STOP_RE);
          if (st > 0) value = value.slice(0, st).trim();
          ti++;
        }
      }
      if (value && (overwrite || !(key in meta))) meta[key] = value;
    }
  }
}
