/**
 * The types of the page extraction (rules/extract/): the tree adapter a host implements, and
 * what the extraction returns.
 */

/** How the algorithm sees a tree. `N` is the node type of the host (domhandler or DOM). */
export interface TreeAdapter<N> {
  isElement(n: N): boolean;
  isText(n: N): boolean;
  /** Lowercase tag name. */
  tag(n: N): string;
  attr(n: N, name: string): string | null;
  children(n: N): Iterable<N>;
  /** Text node data (entities already decoded). */
  text(n: N): string;
  /** Optional: 1 for an element, 3 for a text node, 0 otherwise, in one call. */
  nodeKind?(n: N): number;
  /** Optional fast check that an element has any attribute at all. */
  hasAttributes?(n: N): boolean;
  /**
   * Optional expensive visibility check (e.g. computed style). Called only for a handful of
   * candidate containers and title candidates, never for every node; cheap attribute checks
   * (`hidden`, `aria-hidden`, inline `display:none`) are done by the algorithm itself.
   */
  hidden?(n: N): boolean;
  /**
   * Optional: the element is not rendered (a stylesheet hides it: display:none or
   * visibility:hidden, on it or an ancestor). Asked for each element with a class or id —
   * where page CSS hides things (a print copy, an old metadata block) — so the host must
   * answer from already computed style (the DOM's checkVisibility), not by computing it.
   */
  unrendered?(n: N): boolean;
}

/** `text.slice(start, end)` is `adapter.text(node).slice(nodeOffset, nodeOffset + end - start)` up to whitespace normalisation (nbsp → ' '). */
export interface Segment<N> {
  start: number;
  end: number;
  node: N;
  nodeOffset: number;
}

/** An attachment link of the document (.doc/.docx/.pdf/.wps/.ofd/…). */
export interface Attachment {
  name: string;
  href: string;
}

export interface Extract<N> {
  /** The main document text: blocks separated by '\n', table cells by '\t'. */
  text: string;
  title: string | null;
  /** Portal metadata with canonical keys: the label without spaces or colon, e.g. 发文字号. */
  meta: Record<string, string>;
  attachments: Attachment[];
  /** Sorted, non-overlapping; see {@link Segment}. */
  segments: Segment<N>[];
  /** Where the title element's text sits in `text`, when it was emitted. */
  titleRange: { start: number; end: number } | null;
  /** True when the char or node budget cut the walk or the output short. */
  truncated: boolean;
}

export interface ExtractOptions {
  /** The page URL, to resolve relative attachment links. */
  url?: string;
  /** Cap on `text` length. Default 2,000,000. */
  maxChars?: number;
  /** Cap on nodes visited. Default 600,000. */
  maxNodes?: number;
}

/**
 * Every attribute the algorithm reads. A page watching an edited tree for re-extraction
 * ({@link reextract}) treats a change to one of these as a change of structure (a test keeps
 * this list in step with the code).
 */
export const ATTRIBUTES_READ: readonly string[] = [
  'class',
  'id',
  'style',
  'hidden',
  'aria-hidden',
  'role',
  'href',
  'title',
  'name',
  'property',
  'content',
  'src',
  'data',
];

/**
 * The walk's record of a tree, kept by a caller that will re-extract the same tree after
 * edits to its text (rules/extract/index.ts `reextract`). Opaque outside rules/extract/. It
 * holds the tree's nodes, so keep it only as long as the tree is reviewed.
 */
export interface ExtractState<N> {
  readonly root: N;
  /** Brand: only rules/extract/walk.ts makes these. */
  readonly _walk: unknown;
}
