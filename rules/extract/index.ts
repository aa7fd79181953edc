/**
 * Main-content extraction for portal pages, written once against an abstract tree so the SAME
 * algorithm runs on htmlparser2/domhandler nodes in Node (rules/html.ts) and on the live DOM
 * in the page (lib/page/extract.ts).
 *
 * PURE: no DOM globals, no browser APIs, no imports from lib/, wxt, dexie or preact. Only the
 * standard `URL` class is used (to resolve attachment links), which exists in Node and pages.
 *
 * The algorithm, in two linear passes:
 *
 * 1. **Walk** the tree once with an explicit stack (deep nesting cannot blow the call stack)
 *    and record every kept node in flat pre-order arrays. Subtrees that can never hold the
 *    document (script/style/…, nav/aside/footer, hidden nodes, form controls) are not even
 *    entered. On the way out of each element the walk aggregates text length, link text
 *    length, punctuation counts and metadata-label hits, and credits a Readability-style
 *    paragraph score to the nearest block containers. Soft boilerplate (header, share widgets,
 *    breadcrumbs, menus by class/id or by their first words) is decided on exit, when its size
 *    is known, so a big prose container with an unlucky class name is kept.
 * 2. **Emit** the text of the chosen main container (the pre-order arrays make a subtree one
 *    contiguous index range), skipping boilerplate and the metadata block, with a segment map
 *    from every emitted character range back to its source text node.
 *
 * Decisions (documented for the engine):
 * - The portal metadata block (索引号 / 发文字号 / … table, list or line) is parsed into `meta`
 *   and EXCLUDED from `text` when it is a dense block of two or more labels: it is the portal's
 *   record about the document, not the document, and keeping it would double every fact.
 *   A lone `label：value` line inside the body stays in `text` (it may be the document's own
 *   登记号 line) and is also copied into `meta`.
 * - The title element is emitted as the first line when it lies outside the main container,
 *   so the title fact has a range in `text`; `titleRange` says where it is.
 * - Characters the algorithm inserts (the '\n' between blocks and the '\t' between table
 *   cells) have no segment: a boundary inside such a gap snaps to the neighbouring segment.
 *   A collapsed whitespace run becomes one ' ' mapped to the run's first source character.
 */
//
// The modules, by concern: types.ts (the adapter and the result), walk.ts (pass 1 and its
// incremental update), tree.ts (the flat record and the block tags), visibility.ts (what is
// skipped: hidden nodes, page chrome), metadata.ts (labels, metadata blocks, metadata text),
// attachments.ts (file links), text.ts (whitespace rules, the emitter and the segment map),
// choose.ts (the main container and the title). This module runs them and is the public API.

import { chooseMain, chooseTitle, stripSiteSuffix } from './choose';
import { collectMeta } from './metadata';
import { Emitter, emitRange, joinTitle, skippedBelow, subtreeText } from './text';
import type { Extract, ExtractOptions, ExtractState, TreeAdapter } from './types';
import { updateWalk, walkTree, type WalkState } from './walk';
import { dropReadingAids } from '../text';

export type {
  Attachment,
  Extract,
  ExtractOptions,
  ExtractState,
  Segment,
  TreeAdapter,
} from './types';
export { ATTRIBUTES_READ } from './types';
export { LABEL_START_RE, META_LABELS, parseMetaText, startsWithLabel } from './metadata';
export { stripSiteSuffix } from './choose';

/**
 * Extract the main document of a page from any tree. Never throws on odd trees; work is
 * bounded by `maxNodes` and `maxChars`.
 */
export function extractFrom<N>(
  root: N,
  adapter: TreeAdapter<N>,
  opts: ExtractOptions = {},
): Extract<N> {
  return extractKeep(root, adapter, opts).extract;
}

/** What a hostile tree gets: nothing rather than something half-built. */
function emptyExtract<N>(): Extract<N> {
  return {
    text: '',
    title: null,
    meta: {},
    attachments: [],
    segments: [],
    titleRange: null,
    truncated: true,
  };
}

/**
 * {@link extractFrom}, also returning the walk's state for {@link reextract}. Never throws:
 * a hostile adapter (live DOM mutating under us, a getter that throws) gets an empty,
 * truncated extract and no state.
 */
export function extractKeep<N>(
  root: N,
  adapter: TreeAdapter<N>,
  opts: ExtractOptions = {},
): { extract: Extract<N>; state: ExtractState<N> | null } {
  try {
    const ws = walkTree(root, adapter, opts);
    return { extract: finishExtract(ws), state: ws };
  } catch {
    return { extract: emptyExtract(), state: null };
  }
}

/**
 * Re-extract a tree of which only the data of some text nodes changed since `state` was made
 * (the caller knows which: a MutationObserver's characterData records), without walking it
 * again. The result equals {@link extractFrom} on the edited tree. Returns null when the edit
 * may change more than the walk's sums — a changed node the walk did not keep, one inside a
 * link, a metadata label appearing or going, a boilerplate decision flipping, a truncated
 * walk — and the caller then extracts afresh. After a null `state` must not be used again.
 * Never throws.
 */
export function reextract<N>(
  state: ExtractState<N>,
  changed: Iterable<N>,
): { extract: Extract<N>; state: ExtractState<N> } | null {
  const ws = state as WalkState<N>;
  if (ws._walk !== true || ws.spoiled || ws.truncated) return null;
  try {
    if (!updateWalk(ws, changed)) {
      ws.spoiled = true;
      return null;
    }
    return { extract: finishExtract(ws), state: ws };
  } catch {
    ws.spoiled = true;
    return null;
  }
}

/** Pass 2 on a walk: metadata blocks, the main container, the title, and the text. */
function finishExtract<N>(ws: WalkState<N>): Extract<N> {
  const { adapter, docTitle, headMeta, labelTextNodes, attachments } = ws;
  const maxChars = ws.opts.maxChars ?? 2_000_000;
  const t = ws.t.fork();
  const meta = collectMeta(t, labelTextNodes, maxChars);

  // ---- main container
  const main = chooseMain(t, adapter);

  // ---- title
  const titleIdx = chooseTitle(t, adapter, main, docTitle, headMeta);

  // ---- text
  const em = new Emitter<N>(maxChars, true);
  let titleRange: { start: number; end: number } | null = null;
  let titleText: string | null = null;
  const mainEnd = t.end[main];
  if (titleIdx >= 0) {
    titleText = dropReadingAids(joinTitle(subtreeText(t, titleIdx, 2000)));
    const inMain = titleIdx > main && titleIdx < mainEnd && !skippedBelow(t, titleIdx, main);
    if (!inMain) {
      em.lineBreak();
      const s = em.len;
      emitRange(t, titleIdx, em, -1, adapter, main, -1);
      titleRange = { start: s, end: em.len };
      em.lineBreak();
    }
  }
  const tr = emitRange(t, main, em, titleRange ? -1 : titleIdx, adapter, main, titleIdx);
  if (tr) titleRange = tr;

  let title = titleText && titleText.length >= 2 ? titleText : null;
  if (!title) {
    const mt = headMeta['articletitle'] ?? headMeta['og:title'];
    if (mt && mt.trim()) title = dropReadingAids(mt.replace(/\s+/g, ' ').trim());
    else if (docTitle) {
      const t = stripSiteSuffix(docTitle);
      title = t === null ? null : dropReadingAids(t);
    }
  }

  return {
    text: em.result(),
    title,
    meta,
    attachments,
    segments: em.segments ?? [],
    titleRange,
    truncated: ws.truncated || em.truncated,
  };
}

// ---------------------------------------------------------------------------------------------
// Cheap pre-check: rules/precheck.ts (a module with no imports, so the content script's loader
// takes nothing else of the engine with it).

export { looksLikeDocument } from '../precheck';
