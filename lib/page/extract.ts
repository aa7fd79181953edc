/**
 * Live-DOM side of extraction: the DOM adapter over rules/extract/, DOM Ranges from engine
 * offsets, the cheap "is this a document?" sample, and same-origin iframe discovery.
 *
 * Nothing here writes to the page.
 */
import { extractFrom, type Extract, type Segment, type TreeAdapter } from '@/rules/extract';

/**
 * Children of a node by firstChild/nextSibling, as the iterable the algorithm walks. The
 * iterator is its own result object: `next()` updates `value`/`done` and returns `this`.
 * Every consumer (the walk, for…of) reads the result before calling `next()` again, and a
 * page of tens of thousands of nodes then allocates nothing per child.
 */
class Siblings implements Iterator<Node>, Iterable<Node> {
  value: Node | undefined = undefined;
  done = false;
  private started = false;
  constructor(private readonly parent: Node) {}
  next(): IteratorResult<Node> {
    const cur: Node | null = this.started
      ? (this.value?.nextSibling ?? null)
      : this.parent.firstChild;
    this.started = true;
    if (cur) this.value = cur;
    else {
      this.value = undefined;
      this.done = true;
    }
    return this as IteratorResult<Node>;
  }
  [Symbol.iterator](): Iterator<Node> {
    return this;
  }
}

/**
 * The live DOM through the extraction adapter. `hidden` uses computed style; the algorithm
 * calls it only for a few candidate containers and titles, so the page is not forced to
 * compute style for every node.
 */
export const domAdapter: TreeAdapter<Node> = {
  isElement: (n) => n.nodeType === 1,
  isText: (n) => n.nodeType === 3,
  // localName is already lowercase for HTML elements; foreign (SVG/MathML) subtrees, where
  // it may not be, are skipped by the algorithm.
  tag: (n) => (n as Element).localName,
  nodeKind: (n) => {
    const t = n.nodeType;
    return t === 1 || t === 3 ? t : 0;
  },
  hasAttributes: (n) => (n as Element).hasAttributes(),
  attr: (n, name) => (n as Element).getAttribute(name),
  // firstChild/nextSibling rather than childNodes: no live NodeList is created (and cached
  // by the engine) per element, and each step is one property read.
  children: (n) => new Siblings(n),
  text: (n) => (n as Text).data,
  hidden: (n) => {
    const el = n as Element;
    const view = el.ownerDocument?.defaultView;
    if (!view) return false;
    const cs = view.getComputedStyle(el);
    return cs.display === 'none' || cs.visibility === 'hidden';
  },
  // checkVisibility reads the style the page already computed for rendering (no forced
  // layout); it is false under a display:none ancestor too.
  unrendered: (n) => {
    const el = n as Element;
    return (
      typeof el.checkVisibility === 'function' && !el.checkVisibility({ visibilityProperty: true })
    );
  },
};

/** Extraction of a live page; segments point at live Text nodes. */
export type PageExtract = Extract<Node>;

/** Extract the main document of a live document (or of a same-origin iframe's document). */
export function extractPage(
  doc: Document,
  url: string = doc.URL,
  opts: { maxChars?: number; maxNodes?: number } = {},
): PageExtract {
  return extractFrom<Node>(doc, domAdapter, { url, ...opts });
}

/** Index of the first segment whose end is after `pos` (segments are sorted). */
function firstEndingAfter<N>(segs: Segment<N>[], pos: number): number {
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].end > pos) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the last segment whose start is before `pos`, or -1. */
function lastStartingBefore<N>(segs: Segment<N>[], pos: number): number {
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * A DOM Range for the engine range `[start, end)` of `extract.text`, or null when it covers
 * only inserted characters, or when the page changed under the segments (node detached,
 * data shortened).
 */
export function rangeFor(
  extract: Pick<PageExtract, 'segments'>,
  start: number,
  end: number,
): Range | null {
  if (!(end > start) || start < 0) return null;
  const segs = extract.segments;
  const i = firstEndingAfter(segs, start);
  const j = lastStartingBefore(segs, end);
  // Entirely inside one gap (an inserted separator): the start snapped past the end.
  if (i > j || i >= segs.length || j < 0) return null;
  const a = segs[i];
  const b = segs[j];
  const an = a.node as Text;
  const bn = b.node as Text;
  const ao = a.nodeOffset + Math.max(0, start - a.start);
  const bo = b.nodeOffset + Math.min(end, b.end) - b.start;
  // The page may have changed under the segments: detached nodes, shortened data.
  if (!an.isConnected || !bn.isConnected || ao > an.length || bo > bn.length) return null;
  try {
    const r = (an.ownerDocument ?? document).createRange();
    r.setStart(an, ao);
    r.setEnd(bn, bo);
    return r;
  } catch {
    return null;
  }
}

/**
 * The text offset of a DOM point (e.g. from caretPositionFromPoint), through the segments.
 * Builds a per-extract node index lazily (one pass over the segments).
 */
export function offsetForPoint(extract: PageExtract, node: Node, offset: number): number | null {
  let index = nodeIndex.get(extract);
  if (!index) {
    index = new Map();
    const segs = extract.segments;
    for (let i = 0; i < segs.length; i++) {
      const list = index.get(segs[i].node);
      if (list) list.push(i);
      else index.set(segs[i].node, [i]);
    }
    nodeIndex.set(extract, index);
  }
  const list = index.get(node);
  if (!list) return null;
  let best: number | null = null;
  for (const i of list) {
    const s = extract.segments[i];
    const len = s.end - s.start;
    if (offset >= s.nodeOffset && offset <= s.nodeOffset + len)
      return s.start + offset - s.nodeOffset;
    // Offsets inside a collapsed whitespace run map to the nearest preceding segment end.
    if (offset > s.nodeOffset + len) best = s.end;
  }
  return best;
}
const nodeIndex = new WeakMap<object, Map<Node, number[]>>();

export { pageLooksLikeDocument, quickSample, sameOriginFrameDocuments } from './precheck';
