/**
 * In-page highlights with the CSS Custom Highlight API: the page's DOM is never modified.
 *
 * - One `Highlight` per severity × category (`gs-err-legal`, `gs-warn-format`, …) and one per
 *   fact kind (`gs-fact-docnum`, …), registered in the document's `CSS.highlights`. Names are
 *   ASCII because they appear in CSS `::highlight()` selectors, where CJK identifiers would
 *   need escaping.
 * - Their `::highlight()` styles live in a constructed stylesheet put in
 *   `document.adoptedStyleSheets`. An adopted sheet belongs to the Document object, not to
 *   the node tree: no <style> element is inserted, `outerHTML` and MutationObservers see
 *   nothing, and the page's own `document.styleSheets` is unchanged. (The e2e test compares a
 *   serialisation of the DOM before and after.)
 * - Ranges are added with `hl.add(r)` in a loop: `new Highlight(...ranges)` spreads every
 *   range as an argument and can overflow the stack on pages with many findings.
 *
 * State is kept per document, so the same module serves same-origin editor iframes.
 */
import type { Category, FactSpan, Finding, Severity } from '@/rules/schema';
import { offsetForPoint, rangeFor, type PageExtract } from './extract';
import {
  PRIORITY,
  adoptHighlightSheet,
  dropHighlightSheet,
  factHighlightName,
  findingHighlightName,
} from './highlight-css';

export {
  CATEGORY_CODES,
  FACT_CODES,
  SEVERITY_CODES,
  factHighlightName,
  findingHighlightName,
  highlightCss,
} from './highlight-css';

/** A located highlight, for hit-testing and keyboard navigation. */
export interface HighlightHit {
  start: number;
  end: number;
  range: Range;
  /** Set for findings: the finding and its index in the array passed to applyHighlights. */
  finding?: Finding;
  index?: number;
  fact?: FactSpan;
}

interface DocState {
  doc: Document;
  highlights: Map<string, Highlight>;
  registered: boolean;
  extract: PageExtract | null;
  /** Sorted by start; maxEnd[i] = max end of hits[0..i] for overlap-safe search. */
  hits: HighlightHit[];
  maxEnd: number[];
}

const states = new Map<Document, DocState>();

interface HighlightGlobals {
  registry: HighlightRegistry;
  Highlight: typeof Highlight;
}

function globalsFor(doc: Document): HighlightGlobals | null {
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (!view) return null;
  const registry = view.CSS?.highlights;
  const H = view.Highlight;
  if (!registry || typeof H !== 'function') return null;
  return { registry, Highlight: H };
}

/** Whether this document's window supports the CSS Custom Highlight API. */
export function highlightsSupported(doc: Document = document): boolean {
  return globalsFor(doc) !== null;
}

function stateFor(doc: Document): DocState {
  let s = states.get(doc);
  if (!s) {
    s = {
      doc,
      highlights: new Map(),
      registered: false,
      extract: null,
      hits: [],
      maxEnd: [],
    };
    states.set(doc, s);
  }
  return s;
}

function ensureSheet(s: DocState): void {
  adoptHighlightSheet(s.doc);
}

function register(s: DocState, g: HighlightGlobals): void {
  for (const [name, hl] of s.highlights) g.registry.set(name, hl);
  s.registered = true;
}

function unregister(s: DocState, g: HighlightGlobals | null): void {
  if (g) {
    for (const [name, hl] of s.highlights) {
      if (g.registry.get(name) === hl) g.registry.delete(name);
    }
  }
  s.registered = false;
}

/** What applyHighlights did. */
export interface ApplyResult {
  /** Ranges added to highlights. */
  ranges: number;
  /** Findings or facts whose range could not be mapped to the DOM (inserted text, stale). */
  unresolved: number;
  supported: boolean;
}

/** Options of {@link applyHighlights}. */
export interface ApplyOptions {
  /** Paint (true, default) or only prepare ranges for hover and navigation (false). */
  enabled?: boolean;
  /**
   * Which kinds to show (the office's per-category switches in the settings). A kind that is
   * off is neither painted nor offered on hover or in keyboard navigation.
   */
  show?: { facts?: boolean; categories?: Partial<Record<Category, boolean>> };
}

/**
 * Show `findings` and `factSpans` (engine ranges into `extract.text`) on `doc`. Replaces what
 * was shown before on this document. With `enabled: false` the ranges are prepared (hover
 * and navigation still work) but not painted.
 */
export function applyHighlights(
  doc: Document,
  extract: PageExtract,
  findings: readonly Finding[],
  factSpans: readonly FactSpan[],
  opts: ApplyOptions = {},
): ApplyResult {
  const g = globalsFor(doc);
  const s = stateFor(doc);
  s.extract = extract;
  const hits: HighlightHit[] = [];
  let unresolved = 0;

  for (const hl of s.highlights.values()) hl.clear();
  const get = (name: string, priority: number): Highlight | null => {
    if (!g) return null;
    let hl = s.highlights.get(name);
    if (!hl) {
      hl = new g.Highlight();
      hl.priority = priority;
      s.highlights.set(name, hl);
      if (s.registered) g.registry.set(name, hl);
    }
    return hl;
  };

  const cats = opts.show?.categories;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (cats && cats[f.category] === false) continue;
    // The main place and the finding's further places (other hits in the same clause) are
    // painted alike and each opens the finding's card.
    const places = f.ranges?.length ? [f.range, ...f.ranges] : [f.range];
    let mapped = 0;
    for (const p of places) {
      const r = rangeFor(extract, p.start, p.end);
      if (!r) continue;
      mapped++;
      get(findingHighlightName(f.severity, f.category), PRIORITY[f.severity])?.add(r);
      hits.push({ start: p.start, end: p.end, range: r, finding: f, index: i });
    }
    if (mapped === 0) unresolved++;
  }
  for (const fact of opts.show?.facts === false ? [] : factSpans) {
    const r = rangeFor(extract, fact.range.start, fact.range.end);
    if (!r) {
      unresolved++;
      continue;
    }
    get(factHighlightName(fact.name), 0)?.add(r);
    hits.push({ start: fact.range.start, end: fact.range.end, range: r, fact });
  }

  hits.sort((a, b) => a.start - b.start || a.end - b.end);
  const maxEnd: number[] = new Array(hits.length);
  let m = -1;
  for (let i = 0; i < hits.length; i++) {
    m = Math.max(m, hits[i].end);
    maxEnd[i] = m;
  }
  s.hits = hits;
  s.maxEnd = maxEnd;

  const enabled = opts.enabled ?? true;
  if (g) {
    if (enabled) {
      ensureSheet(s);
      if (!s.registered) register(s, g);
    } else if (s.registered) unregister(s, g);
  }
  return { ranges: hits.length, unresolved, supported: g !== null };
}

/** Paint or hide the highlights of `doc` (all documents when omitted) without losing them. */
export function setHighlightsEnabled(enabled: boolean, doc?: Document): void {
  for (const s of doc ? [states.get(doc)].filter(Boolean) : [...states.values()]) {
    const st = s as DocState;
    const g = globalsFor(st.doc);
    if (!g) continue;
    if (enabled && !st.registered) {
      ensureSheet(st);
      register(st, g);
    } else if (!enabled && st.registered) unregister(st, g);
  }
}

/** Flip the highlights of `doc`; returns whether they are now shown. */
export function toggleHighlights(doc: Document = document): boolean {
  const s = states.get(doc);
  const next = !(s?.registered ?? false);
  setHighlightsEnabled(next, doc);
  return next;
}

/** Whether highlights are currently painted on `doc`. */
export function highlightsEnabled(doc: Document = document): boolean {
  return states.get(doc)?.registered ?? false;
}

/**
 * Remove every highlight and the stylesheet from `doc` (all documents when omitted) and forget
 * the ranges. Detached documents are dropped silently.
 */
export function clearHighlights(doc?: Document): void {
  const list = doc ? [states.get(doc)].filter(Boolean) : [...states.values()];
  for (const s of list as DocState[]) {
    const g = globalsFor(s.doc);
    unregister(s, g);
    for (const hl of s.highlights.values()) hl.clear();
    dropHighlightSheet(s.doc);
    states.delete(s.doc);
  }
}

/** The hits of `doc` in text order (findings and facts), e.g. for keyboard navigation. */
export function highlightHits(doc: Document = document): readonly HighlightHit[] {
  return states.get(doc)?.hits ?? [];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** What lies under a point: findings most severe first, then facts. */
export interface PointHits {
  findings: HighlightHit[];
  facts: HighlightHit[];
  /** The range to anchor a card to: the first finding's, else the first fact's. */
  range: Range;
}

function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  const d = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  try {
    if (typeof d.caretPositionFromPoint === 'function') {
      const p = d.caretPositionFromPoint(x, y);
      if (p) return { node: p.offsetNode, offset: p.offset };
    }
    if (typeof d.caretRangeFromPoint === 'function') {
      const r = d.caretRangeFromPoint(x, y);
      if (r) return { node: r.startContainer, offset: r.startOffset };
    }
  } catch {
    /* unsupported or hostile page override */
  }
  return null;
}

function rectsContain(r: Range, x: number, y: number): boolean | null {
  let rects: DOMRectList;
  try {
    rects = r.getClientRects();
  } catch {
    return null;
  }
  if (!rects || rects.length === 0) return null;
  let sized = false;
  for (let i = 0; i < rects.length; i++) {
    const b = rects[i];
    if (b.width > 0 || b.height > 0) sized = true;
    if (x >= b.left && x <= b.right && y >= b.top && y <= b.bottom) return true;
  }
  return sized ? false : null;
}

/**
 * Hit-test the highlights of `doc` at viewport point (x, y), for hover cards. The caret
 * position under the point is mapped to a text offset through the extract's segments, the
 * candidate hits are found by binary search on start (with a running max of ends, so
 * overlapping long ranges are not missed), and confirmed against their client rects when
 * layout gives any.
 */
export function findingAtPoint(x: number, y: number, doc: Document = document): PointHits | null {
  const s = states.get(doc);
  if (!s || !s.extract || s.hits.length === 0) return null;
  const caret = caretAt(doc, x, y);
  if (!caret) return null;
  const pos = offsetForPoint(s.extract, caret.node, caret.offset);
  if (pos === null) return null;
  return hitsAtOffset(s, pos, x, y);
}

/** Hits covering the character before or after text offset `pos` (a caret sits between). */
export function hitsAtOffset(
  s: Pick<DocState, 'hits' | 'maxEnd'>,
  pos: number,
  x?: number,
  y?: number,
): PointHits | null {
  const { hits, maxEnd } = s;
  // Last hit with start <= pos.
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid].start <= pos) lo = mid + 1;
    else hi = mid;
  }
  const cands: HighlightHit[] = [];
  for (let i = lo - 1; i >= 0 && maxEnd[i] > pos - 1; i--) {
    const h = hits[i];
    const coversBefore = h.start <= pos - 1 && pos - 1 < h.end;
    const coversAfter = h.start <= pos && pos < h.end;
    if (coversBefore || coversAfter) cands.push(h);
    if (cands.length > 64) break;
  }
  if (cands.length === 0) return null;
  let picked = cands;
  if (x !== undefined && y !== undefined) {
    const confirmed = cands.filter((h) => rectsContain(h.range, x, y) !== false);
    picked = confirmed;
  }
  if (picked.length === 0) return null;
  const findings = picked
    .filter((h) => h.finding)
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding!.severity] - SEVERITY_RANK[b.finding!.severity] ||
        a.end - a.start - (b.end - b.start),
    );
  const facts = picked.filter((h) => h.fact).sort((a, b) => a.end - a.start - (b.end - b.start));
  return { findings, facts, range: (findings[0] ?? facts[0]).range };
}
