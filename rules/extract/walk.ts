/**
 * Pass 1 of the extraction: walk the tree once with an explicit stack and record every kept
 * node with its sums (text, links, prose marks, metadata labels, paragraph score); and the
 * incremental update of that record when only the data of some text nodes changed.
 */
import {
  ATTACHMENT_NAME_RE,
  ATTACHMENT_RE,
  resolveAttachments,
  type PendingLink,
} from './attachments';
import { findLabels, startsWithLabel } from './metadata';
import { PROSE_RE, WS_RUN_RE } from './text';
import {
  BLOCK_TAGS,
  F_BOILER,
  F_KNOWN,
  F_LINK,
  F_NAMED,
  F_PHRASE_CHECK,
  F_SOFT,
  F_TEXT,
  F_TITLE_CAND,
  PARA_TAGS,
  Tree,
} from './tree';
import type { Attachment, ExtractOptions, ExtractState, TreeAdapter } from './types';
import {
  HARD_BOILER_TAGS,
  HARD_ROLES,
  KNOWN_MAIN_RE,
  SKIP_TAGS,
  SOFT_BOILER_RE,
  attrHidden,
  classId,
  decideBoiler,
} from './visibility';

export interface WalkState<N> extends ExtractState<N> {
  readonly _walk: true;
  adapter: TreeAdapter<N>;
  opts: ExtractOptions;
  t: Tree<N>;
  docTitle: string | null;
  headMeta: Record<string, string>;
  labelTextNodes: number[];
  attachments: Attachment[];
  truncated: boolean;
  /** Text node → tree index, built on the first re-extraction. */
  textIndex: Map<N, number> | null;
  /** Set when a re-extraction gave up half-way: the figures are no longer the tree's. */
  spoiled: boolean;
}

interface Frame<N> {
  idx: number;
  it: Iterator<N>;
  holder: number;
  inLink: boolean;
  pre: boolean;
}

/** Scratch results of {@link countChars} (module-level to avoid an allocation per node). */
let cLen = 0;
let cProse = 0;

/** Count non-space characters and prose punctuation of a text node. */
function countChars(data: string): void {
  // Native scans (see Emitter.text): whitespace runs, then prose punctuation with test(),
  // which advances lastIndex without allocating a match.
  let ws = 0;
  WS_RUN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WS_RUN_RE.exec(data))) ws += m[0].length;
  let prose = 0;
  PROSE_RE.lastIndex = 0;
  while (PROSE_RE.test(data)) prose++;
  cLen = data.length - ws;
  cProse = prose;
}

/** Units of {@link Tree.score}: a weight of 1 at level 1 is 600 (so levels 1–3 divide it). */
const SCORE_UNIT = 600;

/**
 * Credit (`sign` 1) or take back (`sign` -1) a paragraph holder's score to its nearest block
 * containers (Readability-style): weight 1 + its prose marks + up to 3 for length, divided by
 * the level. All in integer units, so crediting and taking back are exact.
 */
export function creditHolder<N>(t: Tree<N>, h: number, sign: 1 | -1): void {
  const len = t.ownLen[h];
  if (len < 8 || t.ownLink[h] * 2 > len) return;
  // (1 + prose + min(len / 100, 3)) × SCORE_UNIT, as an integer.
  const w = (100 + 100 * t.ownProse[h] + Math.min(len, 300)) * (SCORE_UNIT / 100);
  let target = PARA_TAGS.has(t.tag[h]) ? t.parent[h] : h;
  let level = 1;
  let steps = 0;
  while (target >= 0 && level <= 3 && steps < 12) {
    steps++;
    if (!BLOCK_TAGS.has(t.tag[target])) {
      target = t.parent[target];
      continue;
    }
    t.score[target] += (sign * w) / level;
    level++;
    target = t.parent[target];
  }
}

/** The first words of a text node, as the walk records them for its ancestors. */
function firstWords(data: string): string {
  return data.trimStart().slice(0, 24);
}

/** Pass 1: walk the tree once, recording the kept nodes and their sums (see rules/extract/index.ts). */
export function walkTree<N>(root: N, adapter: TreeAdapter<N>, opts: ExtractOptions): WalkState<N> {
  const maxNodes = opts.maxNodes ?? 600_000;

  const t = new Tree<N>();
  const add = (
    node: N,
    isText: boolean,
    tag: string,
    parent: number,
    flags: number,
    data: string,
  ) => t.add(node, tag, parent, isText ? flags | F_TEXT : flags, data);

  let docTitle: string | null = null;
  const headMeta: Record<string, string> = {};
  let baseHref: string | null = null;
  const labelTextNodes: number[] = [];
  const linkText: string[] = [];
  const pendingLinks: PendingLink[] = [];
  let truncated = false;
  let visited = 0;

  const nodeKind = adapter.nodeKind?.bind(adapter);
  const unrendered = adapter.unrendered?.bind(adapter);
  const rootTag = adapter.isElement(root) ? adapter.tag(root) : '#root';
  const rootIdx = add(root, false, rootTag, -1, 0, '');
  const stack: Frame<N>[] = [
    {
      idx: rootIdx,
      it: adapter.children(root)[Symbol.iterator](),
      holder: rootIdx,
      inLink: false,
      pre: false,
    },
  ];

  const finish = (f: Frame<N>) => {
    const i = f.idx;
    t.end[i] = t.n;
    const fl = t.flags[i];
    if (fl & F_LINK) {
      const text = linkText.pop() ?? '';
      const href = adapter.attr(t.nodes[i], 'href') ?? '';
      if (href && (ATTACHMENT_RE.test(href) || ATTACHMENT_NAME_RE.test(text))) {
        pendingLinks.push({
          name: text.replace(/\s+/g, ' ').trim(),
          href,
          title: adapter.attr(t.nodes[i], 'title'),
        });
      }
    }
    const boiler = decideBoiler(t, i);
    if (boiler) t.flags[i] |= F_BOILER;
    if (t.ownLen[i] > 0 && !boiler) creditHolder(t, i, 1);
    const p = t.parent[i];
    if (p >= 0) {
      // Label hits propagate even out of boilerplate: metadata often sits in a header box.
      t.labelHits[p] += t.labelHits[i];
      if (!boiler) {
        t.textLen[p] += t.textLen[i];
        t.linkLen[p] += t.linkLen[i];
        t.prose[p] += t.prose[i];
      }
    }
  };

  while (stack.length) {
    const top = stack[stack.length - 1];
    const step = top.it.next();
    if (step.done) {
      stack.pop();
      finish(top);
      continue;
    }
    if (++visited > maxNodes) {
      truncated = true;
      while (stack.length) finish(stack.pop()!);
      break;
    }
    const c = step.value;
    // One call instead of two where the host offers it (each DOM property read costs).
    const kind = nodeKind ? nodeKind(c) : adapter.isText(c) ? 3 : adapter.isElement(c) ? 1 : 0;
    if (kind === 3) {
      const data = adapter.text(c);
      if (!data) continue;
      const i = add(c, true, '#text', top.idx, 0, data);
      countChars(data);
      const len = cLen;
      const prose = cProse;
      t.ownLen[i] = len;
      t.ownProse[i] = prose;
      if (len === 0) continue; // kept for spacing between inline elements, no aggregates
      const p = top.idx;
      t.textLen[p] += len;
      t.prose[p] += prose;
      if (top.inLink) {
        t.linkLen[p] += len;
        const lt = linkText.length - 1;
        if (lt >= 0 && linkText[lt].length < 300) linkText[lt] += data;
      }
      const h = top.holder;
      t.ownLen[h] += len;
      t.ownProse[h] += prose;
      if (top.inLink) t.ownLink[h] += len;
      // First words of the enclosing elements that have none yet (a suffix of the stack).
      for (let s = stack.length - 1; s >= 0; s--) {
        const e = stack[s].idx;
        if (t.firstText[e]) break;
        t.firstText[e] = firstWords(data);
      }
      if (startsWithLabel(data)) {
        // An info line is often one text node: 发布时间：… 来源：… 浏览次数：…
        t.labelHits[p] += Math.max(
          1,
          findLabels(data.length > 400 ? data.slice(0, 400) : data).length,
        );
        labelTextNodes.push(i);
      }
      continue;
    }
    if (kind !== 1) continue;
    const tag = adapter.tag(c);
    if (SKIP_TAGS.has(tag)) {
      if (tag === 'title' && docTitle === null) docTitle = collectText(c, adapter, 2000);
      else if (tag === 'meta') {
        const name = (adapter.attr(c, 'name') ?? adapter.attr(c, 'property') ?? '').toLowerCase();
        const content = adapter.attr(c, 'content');
        if (name && content && !(name in headMeta)) headMeta[name] = content;
      } else if (tag === 'base' && baseHref === null) baseHref = adapter.attr(c, 'href');
      else if (tag === 'iframe' || tag === 'embed' || tag === 'object') {
        // A document shown in a PDF viewer (<embed src="….pdf">) is an attachment: its text
        // is not on the page.
        const src = adapter.attr(c, tag === 'object' ? 'data' : 'src');
        if (src && ATTACHMENT_RE.test(src))
          pendingLinks.push({ name: '', href: src, title: adapter.attr(c, 'title') });
      } else if (tag === 'head') {
        // Scan <head> one level for title/meta/base without recording it.
        for (const hc of adapter.children(c)) {
          if (++visited > maxNodes) break;
          if (!adapter.isElement(hc)) continue;
          const ht = adapter.tag(hc);
          if (ht === 'title' && docTitle === null) docTitle = collectText(hc, adapter, 2000);
          else if (ht === 'meta') {
            const name = (
              adapter.attr(hc, 'name') ??
              adapter.attr(hc, 'property') ??
              ''
            ).toLowerCase();
            const content = adapter.attr(hc, 'content');
            if (name && content && !(name in headMeta)) headMeta[name] = content;
          } else if (ht === 'base' && baseHref === null) baseHref = adapter.attr(hc, 'href');
        }
      }
      continue;
    }
    if (HARD_BOILER_TAGS.has(tag)) continue;
    // Most elements of a long body (bare <p>, <span>) have no attributes: skip six lookups.
    const hasAttrs = adapter.hasAttributes ? adapter.hasAttributes(c) : true;
    const role = hasAttrs ? adapter.attr(c, 'role') : null;
    if (role && HARD_ROLES.has(role.toLowerCase())) continue;
    if (hasAttrs && attrHidden(adapter, c)) continue;

    let flags = F_PHRASE_CHECK;
    const ci = hasAttrs ? classId(adapter, c) : '';
    // Text the page's CSS hides (a display:none print copy, a visibility:hidden old value)
    // is not what the reader sees and must not be checked.
    if (ci && unrendered?.(c)) continue;
    if (ci) {
      flags |= F_NAMED;
      if (SOFT_BOILER_RE.test(ci)) flags |= F_SOFT;
      if (KNOWN_MAIN_RE.test(ci)) flags |= F_KNOWN;
      if (/title|(?:^|[\s_-])(?:bt|tit|biaoti|headline)(?:$|[\s_-])/i.test(ci))
        flags |= F_TITLE_CAND;
    }
    if (tag === 'header' || role === 'banner' || role === 'contentinfo') flags |= F_SOFT;
    if (tag === 'h1' || tag === 'h2' || tag === 'h3') flags |= F_TITLE_CAND;
    if (tag === 'article' || tag === 'main' || role === 'main') flags |= F_KNOWN;
    const isLink = tag === 'a' && hasAttrs && adapter.attr(c, 'href') !== null;
    if (isLink) {
      flags |= F_LINK;
      linkText.push('');
    }
    const i = add(c, false, tag, top.idx, flags, '');
    stack.push({
      idx: i,
      it: adapter.children(c)[Symbol.iterator](),
      holder: BLOCK_TAGS.has(tag) ? i : top.holder,
      inLink: top.inLink || isLink,
      pre: top.pre || tag === 'pre',
    });
  }

  const attachments = resolveAttachments(pendingLinks, baseHref, opts.url);

  return {
    _walk: true,
    root,
    adapter,
    opts,
    t,
    docTitle,
    headMeta,
    labelTextNodes,
    attachments,
    truncated,
    textIndex: null,
    spoiled: false,
  };
}

/**
 * Apply edits of text node data to the walk's record: each changed node's counts, its
 * ancestors' sums, first words and score, exactly as a new walk would have found them.
 * False when an edit changes more than these (see {@link reextract}); the record is then
 * half-updated and must be dropped.
 */
export function updateWalk<N>(ws: WalkState<N>, changed: Iterable<N>): boolean {
  const { t, adapter } = ws;
  let index = ws.textIndex;
  if (!index) {
    index = new Map();
    for (let i = 0; i < t.n; i++) if (t.flags[i] & F_TEXT) index.set(t.nodes[i], i);
    ws.textIndex = index;
  }
  for (const node of changed) {
    const j = index.get(node);
    // Not a node the walk kept: inside a skipped subtree, or empty when walked.
    if (j === undefined) return false;
    const data = adapter.text(node);
    const old = t.data[j];
    if (data === old) continue;
    const oldLen = t.ownLen[j];
    countChars(data);
    const len = cLen;
    const prose = cProse;
    // A metadata label line before or after: label sums and the lone-label list change.
    if ((oldLen > 0 && startsWithLabel(old)) || (len > 0 && startsWithLabel(data))) return false;
    const p = t.parent[j];
    // The holder: the nearest block ancestor, or the root (index 0).
    let h = -1;
    for (let a = p; a >= 0; a = t.parent[a]) {
      // Link text names attachments: re-walk.
      if (t.flags[a] & F_LINK) return false;
      if (h < 0 && (a === 0 || BLOCK_TAGS.has(t.tag[a]))) h = a;
    }
    const dLen = len - oldLen;
    const dProse = prose - t.ownProse[j];
    t.data[j] = data;
    t.ownLen[j] = len;
    t.ownProse[j] = prose;
    // Sums: the parent always; above it, up to and including the first boilerplate element.
    if (dLen !== 0 || dProse !== 0) {
      for (let a = p; a >= 0; a = t.parent[a]) {
        t.textLen[a] += dLen;
        t.prose[a] += dProse;
        if (t.flags[a] & F_BOILER) break;
      }
      const credited = !(t.flags[h] & F_BOILER);
      if (credited) creditHolder(t, h, -1);
      t.ownLen[h] += dLen;
      t.ownProse[h] += dProse;
      if (credited) creditHolder(t, h, 1);
    }
    // First words and the boilerplate decision of every ancestor.
    for (let a = p; a >= 0; a = t.parent[a]) {
      t.firstText[a] = firstWordsIn(t, a);
      if (decideBoiler(t, a) !== !!(t.flags[a] & F_BOILER)) return false;
    }
  }
  return true;
}

/** The first words of the first text node below `e` that has any (the walk's rule). */
function firstWordsIn<N>(t: Tree<N>, e: number): string {
  const end = t.end[e];
  for (let k = e + 1; k < end; k++) {
    if (!(t.flags[k] & F_TEXT) || t.ownLen[k] === 0) continue;
    const w = firstWords(t.data[k]);
    if (w) return w;
  }
  return '';
}

/** Bounded text of a small subtree through the adapter (used for <title>). */
function collectText<N>(n: N, adapter: TreeAdapter<N>, cap: number): string {
  let out = '';
  const stack: Iterator<N>[] = [adapter.children(n)[Symbol.iterator]()];
  let steps = 0;
  while (stack.length && out.length < cap && steps++ < 10_000) {
    const s = stack[stack.length - 1].next();
    if (s.done) {
      stack.pop();
      continue;
    }
    if (adapter.isText(s.value)) out += adapter.text(s.value);
    else if (adapter.isElement(s.value)) stack.push(adapter.children(s.value)[Symbol.iterator]());
  }
  return out.replace(/\s+/g, ' ').trim();
}
