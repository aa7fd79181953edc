/**
 * The walk's flat record of a tree (pre-order typed arrays), its node flags and the tag
 * classes of block structure shared by the walk, the emitter and the choice of the main
 * container.
 */

export const BLOCK_TAGS = new Set([
  '#root',
  'html',
  'body',
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'dd',
  'details',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'legend',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
  'caption',
  'br',
  'td',
  'th',
]);

/** Paragraph-like blocks: their score goes to their container, not to themselves. */
export const PARA_TAGS = new Set([
  'p',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'blockquote',
  'dd',
  'dt',
  'caption',
]);

export const CELL_TAGS = new Set(['td', 'th']);

export const F_SOFT = 2; // soft boilerplate candidate (decided on exit)
export const F_BOILER = 4; // confirmed boilerplate: skipped in text
export const F_META = 8; // dense metadata block: parsed, skipped in text
export const F_LINK = 16; // an <a href>
export const F_KNOWN = 32; // known main-content id/class
export const F_TITLE_CAND = 64;
export const F_PHRASE_CHECK = 128;
export const F_TEXT = 256;
/** Has a class, id or style: the only children of main worth a computed-style check. */
export const F_NAMED = 512;

/**
 * Flat pre-order record of the kept tree. Elements and text nodes share the index space, so a
 * subtree is the index range [i, end[i]). Numbers live in typed arrays (zero-initialised,
 * grown four-fold): a 1 MB page has tens of thousands of nodes and per-node object or
 * array pushes showed up as the main cost.
 */
export class Tree<N> {
  n = 0;
  private cap = 0;
  readonly nodes: N[] = [];
  readonly tag: string[] = [];
  readonly data: string[] = [];
  readonly firstText: string[] = [];
  parent = new Int32Array(0);
  end = new Int32Array(0);
  flags = new Int32Array(0);
  /** Non-whitespace characters in the (non-boilerplate) subtree. */
  textLen = new Int32Array(0);
  linkLen = new Int32Array(0);
  prose = new Int32Array(0);
  labelHits = new Int32Array(0);
  /**
   * For an element: the text directly held when it is a paragraph holder (its own text, not
   * its nested blocks'). For a text node: its own count (kept for incremental re-extraction).
   */
  ownLen = new Int32Array(0);
  ownProse = new Int32Array(0);
  ownLink = new Int32Array(0);
  /**
   * Readability-style score, in integer units (see {@link creditHolder}): integer sums are
   * exact in any order, so an incremental update gives the same score as a full walk.
   */
  score = new Float64Array(0);

  constructor() {
    this.grow(1024);
  }

  /**
   * A copy for the passes after the walk, which mark metadata blocks and take them out of
   * their ancestors' sizes: the walk's own figures stay as they were, for re-extraction.
   * Arrays the passes only read are shared.
   */
  fork(): Tree<N> {
    const f = Object.create(Tree.prototype) as Tree<N>;
    Object.assign(f, this);
    f.flags = this.flags.slice(0, this.n);
    f.textLen = this.textLen.slice(0, this.n);
    f.linkLen = this.linkLen.slice(0, this.n);
    f.prose = this.prose.slice(0, this.n);
    return f;
  }

  private grow(cap: number): void {
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(cap);
      b.set(a);
      return b;
    };
    this.parent = g(this.parent);
    this.end = g(this.end);
    this.flags = g(this.flags);
    this.textLen = g(this.textLen);
    this.linkLen = g(this.linkLen);
    this.prose = g(this.prose);
    this.labelHits = g(this.labelHits);
    this.ownLen = g(this.ownLen);
    this.ownProse = g(this.ownProse);
    this.ownLink = g(this.ownLink);
    this.score = g(this.score);
    this.cap = cap;
  }

  add(node: N, tag: string, parent: number, flags: number, data: string): number {
    const i = this.n;
    // Four-fold: a 1 MB page grows 1,024 → 65,536 in three steps, not six (each allocates and
    // copies eleven arrays, and large typed arrays count towards the next collection).
    if (i === this.cap) this.grow(this.cap * 4);
    this.nodes[i] = node;
    this.tag[i] = tag;
    this.data[i] = data;
    this.firstText[i] = '';
    this.parent[i] = parent;
    this.end[i] = i + 1;
    this.flags[i] = flags;
    this.n = i + 1;
    return i;
  }

  isText(i: number): boolean {
    return (this.flags[i] & F_TEXT) !== 0;
  }
}
