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

import { META_LABELS } from './facts/labels';

export { META_LABELS };
import { isRegexSpace } from './text';

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

// ---------------------------------------------------------------------------------------------
// Tag classes

/** Never entered: cannot hold document text a reviewer reads. */
const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'select',
  'textarea',
  'button',
  'input',
  'option',
  'optgroup',
  'datalist',
  'map',
  'link',
  'head',
  'title',
  'meta',
  'base',
  'dialog',
]);

/** Never entered: navigation and page chrome by tag. `header` is soft (article headers). */
const HARD_BOILER_TAGS = new Set(['nav', 'aside', 'footer', 'menu']);
const HARD_ROLES = new Set(['navigation', 'search', 'menu', 'menubar', 'complementary']);

const BLOCK_TAGS = new Set([
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
const PARA_TAGS = new Set([
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

const CELL_TAGS = new Set(['td', 'th']);

/** Tags that may be the metadata block. */
const META_TAGS = new Set([
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

/** id/class values of the main-content containers of common CMSs (TRS, Hanweb, UCAP, …). */
const KNOWN_MAIN_RE =
  /(?:^|[\s_-])(?:zoom|fontzoom|trs_editor|ucap-content|article[-_]?content|articlecontent|article[-_]?body|pages?_content|main[-_]?content|news[-_]?content|content|contents|zw|zwnr|wzcon|detail|details|view|xxgk_content|text|txt|conTxt|mainText|bt_content)(?:$|[\s_-])/i;

/** id/class of page chrome. Soft: overruled when the element turns out to hold prose. */
const SOFT_BOILER_RE =
  /(?:^|[\s_-])(?:nav|navbar|menu|menus|breadcrumbs?|crumbs?|footer|foot|header|head|topbar|toolbar|share|sharebox|sidebar|side|aside|copyright|related|relate|comments?|pager|pagination|location|position|dqwz|weizhi|mianbao|fenxiang|print|tools?|friendlink|search|login|banner|bottom|ad|ads|advert)(?:$|[\s_-])|breadcrumb|bdshare|jiathis|fenxiang|copyright|sharebutton|social/i;

/** First words of widgets and page chrome, for small blocks only. */
const BOILER_PHRASE_RE =
  /^(?:分享到|分享：|当前位置|您(?:现在)?的位置|您所在(?:的)?位置|所在位置|位置[：:]|首页\s*[>＞»›]|打印本页|【\s*打印|\[\s*打印|打印\s*[|｜]|关闭窗口|【\s*关闭|返回顶部|扫一扫|【\s*字[体号]|\[\s*字[体号]|字[体号][：:]\s*[大中小]|上一篇|下一篇|相关链接|相关文章|相关阅读|相关信息|友情链接|网站地图|(?:免责)?声明[：:]\s*本(?:站|网))/;

// ---------------------------------------------------------------------------------------------
// Metadata labels

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

// ---------------------------------------------------------------------------------------------
// Characters

function isCollapsibleSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x1680 ||
    c === 0xfeff
  );
}

/** Whitespace runs: the collapsible spaces of {@link isCollapsibleSpace} plus U+3000. */
/** Whitespace, and the zero-width characters (U+200B–200D, 2060, FEFF) the emitter drops. */
const WS_RUN_RE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]+/g;
/** Commas and stops of prose (not colons): metadata blocks have almost none. */
const PROSE_RE = /[，。；！？、]/g;

const ATTACHMENT_RE = /\.(docx?|pdf|wps|ofd|xlsx?|zip|rar|et|dps)(\?|#|$)/i;
const ATTACHMENT_NAME_RE = /\.(docx?|pdf|wps|ofd|xlsx?|zip|rar)\s*$/i;

// ---------------------------------------------------------------------------------------------
// Emitter: text with whitespace rules and the segment map

class Emitter<N> {
  readonly parts: string[] = [];
  len = 0;
  readonly segments: Segment<N>[] | null;
  /** Nothing emitted since the last separator: leading whitespace is dropped. */
  private atLineStart = true;
  /** Separator owed before the next content ('\n' beats '\t'). */
  private pendingSep = '';
  /** Whitespace seen after content, emitted only if more content follows on the line. */
  private pendingWs: { node: N; off: number; ch: string }[] = [];
  full = false;
  truncated = false;

  constructor(
    private readonly cap: number,
    withSegments: boolean,
  ) {
    this.segments = withSegments ? [] : null;
  }

  /** End the current line (block boundary, <br>). Empty lines are never produced. */
  lineBreak(): void {
    if (!this.atLineStart) {
      this.pendingSep = '\n';
      this.atLineStart = true;
    }
    this.pendingWs.length = 0;
  }

  /** Start a new table cell on the same line. */
  cell(): void {
    if (!this.atLineStart) {
      if (this.pendingSep === '') this.pendingSep = '\t';
      this.atLineStart = true;
    }
    this.pendingWs.length = 0;
  }

  private push(str: string, node: N | null, off: number): void {
    if (this.full) return;
    let s = str;
    if (this.len + s.length > this.cap) {
      s = s.slice(0, Math.max(0, this.cap - this.len));
      this.full = true;
      this.truncated = true;
      if (!s) return;
    }
    const start = this.len;
    this.parts.push(s);
    this.len += s.length;
    if (node !== null && this.segments) {
      const last = this.segments[this.segments.length - 1];
      if (
        last &&
        last.node === node &&
        last.end === start &&
        last.nodeOffset + (last.end - last.start) === off
      ) {
        last.end = this.len;
      } else {
        this.segments.push({ start, end: this.len, node, nodeOffset: off });
      }
    }
  }

  private flushBeforeContent(): void {
    if (this.pendingSep) {
      if (this.len > 0) this.push(this.pendingSep, null, 0);
      this.pendingSep = '';
    }
    if (this.pendingWs.length) {
      for (const w of this.pendingWs) this.push(w.ch, w.node, w.off);
      this.pendingWs.length = 0;
    }
  }

  /**
   * Append a text node's data. `pre` keeps line breaks as line breaks. Content runs are
   * found with a native regex scan rather than a per-character loop: the content script runs
   * this cold (unoptimised) on every page, where a JS loop over a million characters costs
   * tens of milliseconds.
   */
  /** Whether nothing was emitted since the last separator (whitespace would be dropped). */
  get lineStart(): boolean {
    return this.atLineStart;
  }

  /** {@link text} for data without any whitespace: one run of content. */
  plain(node: N, data: string): void {
    if (this.full || data.length === 0) return;
    this.flushBeforeContent();
    this.atLineStart = false;
    this.push(data, node, 0);
  }

  text(node: N, data: string, pre: boolean): void {
    const n = data.length;
    let j = 0;
    while (j < n && !this.full) {
      WS_RUN_RE.lastIndex = j;
      const m = WS_RUN_RE.exec(data);
      const wsStart = m ? m.index : n;
      if (wsStart > j) {
        this.flushBeforeContent();
        this.atLineStart = false;
        this.push(wsStart === n && j === 0 ? data : data.slice(j, wsStart), node, j);
      }
      if (!m) break;
      const wsEnd = wsStart + m[0].length;
      for (let k = wsStart; k < wsEnd; k++) {
        const c = data.charCodeAt(k);
        if (pre && c === 10) {
          this.lineBreak();
        } else if ((c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) {
          // Zero-width: nothing to read (「罚\u200d款」 is 罚款, 「〔2025〕\u200b4号」 has no space).
        } else if (c === 0x3000) {
          // Full-width spaces are content inside a line (they may be the error a rule
          // reports), but paragraph indentation and trailing ones are layout.
          if (!this.atLineStart) this.pendingWs.push({ node, off: k, ch: '\u3000' });
        } else if (!this.atLineStart) {
          // Collapse: a run of spaces becomes the one space of its first character.
          const last = this.pendingWs[this.pendingWs.length - 1];
          if (!last || last.ch !== ' ') this.pendingWs.push({ node, off: k, ch: ' ' });
        }
      }
      j = wsEnd;
    }
  }

  result(): string {
    return this.parts.join('');
  }
}

// ---------------------------------------------------------------------------------------------
// The walk

const F_SOFT = 2; // soft boilerplate candidate (decided on exit)
const F_BOILER = 4; // confirmed boilerplate: skipped in text
const F_META = 8; // dense metadata block: parsed, skipped in text
const F_LINK = 16; // an <a href>
const F_KNOWN = 32; // known main-content id/class
const F_TITLE_CAND = 64;
const F_PHRASE_CHECK = 128;

interface Frame<N> {
  idx: number;
  it: Iterator<N>;
  holder: number;
  inLink: boolean;
  pre: boolean;
}

const F_TEXT = 256;
/** Has a class, id or style: the only children of main worth a computed-style check. */
const F_NAMED = 512;

/**
 * Flat pre-order record of the kept tree. Elements and text nodes share the index space, so a
 * subtree is the index range [i, end[i]). Numbers live in typed arrays (zero-initialised,
 * grown four-fold): a 1 MB page has tens of thousands of nodes and per-node object or
 * array pushes showed up as the main cost.
 */
class Tree<N> {
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
 * The walk's record of a tree, kept by a caller that will re-extract the same tree after
 * edits to its text ({@link reextract}). Opaque outside this module. It holds the tree's
 * nodes, so keep it only as long as the tree is reviewed.
 */
export interface ExtractState<N> {
  readonly root: N;
  /** Brand: only this module makes these. */
  readonly _walk: unknown;
}

interface WalkState<N> extends ExtractState<N> {
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

function classId<N>(adapter: TreeAdapter<N>, n: N): string {
  const c = adapter.attr(n, 'class');
  const i = adapter.attr(n, 'id');
  if (c && i) return `${i} ${c}`;
  return c || i || '';
}

function attrHidden<N>(adapter: TreeAdapter<N>, n: N): boolean {
  if (adapter.attr(n, 'hidden') !== null) return true;
  if (adapter.attr(n, 'aria-hidden') === 'true') return true;
  const style = adapter.attr(n, 'style');
  return !!style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** Units of {@link Tree.score}: a weight of 1 at level 1 is 600 (so levels 1–3 divide it). */
const SCORE_UNIT = 600;

/**
 * Credit (`sign` 1) or take back (`sign` -1) a paragraph holder's score to its nearest block
 * containers (Readability-style): weight 1 + its prose marks + up to 3 for length, divided by
 * the level. All in integer units, so crediting and taking back are exact.
 */
function creditHolder<N>(t: Tree<N>, h: number, sign: 1 | -1): void {
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

/** Whether element `i`, finished with its current figures, is boilerplate (see the walk). */
function decideBoiler<N>(t: Tree<N>, i: number): boolean {
  const fl = t.flags[i];
  if (!(fl & (F_SOFT | F_PHRASE_CHECK))) return false;
  const proseLike = t.textLen[i] >= 300 && t.prose[i] >= 5;
  if (fl & F_SOFT && !proseLike) return true;
  return !!(fl & F_PHRASE_CHECK && t.textLen[i] <= 80 && BOILER_PHRASE_RE.test(t.firstText[i]));
}

/** The first words of a text node, as the walk records them for its ancestors. */
function firstWords(data: string): string {
  return data.trimStart().slice(0, 24);
}

/** Pass 1: walk the tree once, recording the kept nodes and their sums (see the file's top). */
function walkTree<N>(root: N, adapter: TreeAdapter<N>, opts: ExtractOptions): WalkState<N> {
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
  const attachments: Attachment[] = [];
  const seenHref = new Set<string>();
  const linkText: string[] = [];
  const pendingLinks: { name: string; href: string; title: string | null }[] = [];
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

  // ---- attachments
  let base = opts.url;
  if (baseHref) base = resolveUrl(baseHref, opts.url) ?? base;
  for (const l of pendingLinks) {
    if (/^\s*javascript:/i.test(l.href)) continue;
    const href = resolveUrl(l.href, base) ?? l.href;
    if (seenHref.has(href)) continue;
    seenHref.add(href);
    let name = l.name || (l.title ?? '').trim();
    if (!name) {
      const file = href.split(/[?#]/)[0].split('/').pop() ?? href;
      try {
        name = decodeURIComponent(file);
      } catch {
        name = file;
      }
    }
    attachments.push({ name, href });
  }

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
function updateWalk<N>(ws: WalkState<N>, changed: Iterable<N>): boolean {
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

/** Pass 2 on a walk: metadata blocks, the main container, the title, and the text. */
function finishExtract<N>(ws: WalkState<N>): Extract<N> {
  const { adapter, docTitle, headMeta, labelTextNodes, attachments } = ws;
  const maxChars = ws.opts.maxChars ?? 2_000_000;
  const t = ws.t.fork();
  // ---- metadata blocks: the outermost dense label containers
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
    titleText = joinTitle(subtreeText(t, titleIdx, 2000));
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
    if (mt && mt.trim()) title = mt.replace(/\s+/g, ' ').trim();
    else if (docTitle) title = stripSiteSuffix(docTitle);
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

function resolveUrl(href: string, base: string | undefined): string | null {
  try {
    return base ? new URL(href, base).href : new URL(href).href;
  } catch {
    return null;
  }
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

/** Is `i` inside a subtree the text pass skips, below `stop`? */
function skippedBelow<N>(t: Tree<N>, i: number, stop: number): boolean {
  for (let a = t.parent[i]; a >= 0 && a !== stop; a = t.parent[a]) {
    if (t.flags[a] & (F_BOILER | F_META)) return true;
  }
  return false;
}

/** Text of a subtree with the same rules as the main text, no segments. */
function subtreeText<N>(t: Tree<N>, i: number, cap: number): string {
  const em = new Emitter<N>(cap, false);
  emitRange(t, i, em, -1, null, -1, -1);
  return em.result();
}

/**
 * `compact(subtreeText(t, i, cap))` — the subtree's text without any whitespace — without
 * the emitter when the cap cannot be reached: whitespace and the separators the emitter
 * inserts are all removed by `compact`, so joining the text nodes (outside boilerplate and
 * metadata blocks, which the emitter skips) gives the same string. The title search runs this
 * for up to 300 candidates, cold, on the first review of a page.
 */
function compactText<N>(t: Tree<N>, i: number, cap: number): string {
  const end = t.end[i];
  let out = '';
  for (let k = i + 1; k < end; k++) {
    const fl = t.flags[k];
    if (fl & F_TEXT) out += t.data[k];
    else if (fl & (F_BOILER | F_META)) k = t.end[k] - 1;
  }
  // The emitter's output is at most the data plus two separators per element: under the
  // cap, nothing was cut.
  if (out.length + 2 * (end - i) > cap) return compact(subtreeText(t, i, cap));
  return compact(out);
}

/** Titles broken over lines are one title. */
function joinTitle(s: string): string {
  return s.replace(/[\n\t]+/g, '').trim();
}

/**
 * Emit the subtree at `i`. When `titleIdx` lies inside, returns where its text landed.
 * `main` with an adapter enables the (costly) hidden check on main's direct children.
 */
function emitRange<N>(
  t: Tree<N>,
  i: number,
  em: Emitter<N>,
  titleIdx: number,
  adapter: TreeAdapter<N> | null,
  main: number,
  forceBlock: number,
): { start: number; end: number } | null {
  const end = t.end[i];
  const open: number[] = [];
  let titleStart = -1;
  let titleRange: { start: number; end: number } | null = null;
  let pre = 0;
  let hiddenChecks = 0;
  const exit = (e: number) => {
    const tag = t.tag[e];
    if (tag === 'pre') pre--;
    if ((BLOCK_TAGS.has(tag) && !CELL_TAGS.has(tag)) || e === forceBlock || e === titleIdx)
      em.lineBreak();
    if (e === titleIdx && titleStart >= 0) titleRange = { start: titleStart, end: em.len };
  };
  for (let k = i; k < end && !em.full; k++) {
    while (open.length && t.end[open[open.length - 1]] <= k) exit(open.pop()!);
    if (t.isText(k)) {
      // The walk counted the node's non-space characters: all of them (no whitespace to
      // collapse) or none (only whitespace, which is dropped at the start of a line) need no
      // scan. The emitter's own path gives the same result in both cases.
      const data = t.data[k];
      const len = t.ownLen[k];
      if (len === data.length) em.plain(t.nodes[k], data);
      else if (len !== 0 || !em.lineStart) em.text(t.nodes[k], data, pre > 0);
      continue;
    }
    const fl = t.flags[k];
    if (k !== i && fl & (F_BOILER | F_META)) {
      k = t.end[k] - 1;
      continue;
    }
    const tag = t.tag[k];
    if (k !== i && tag === 'form' && main >= 0 && t.textLen[k] * 2 < t.textLen[main]) {
      k = t.end[k] - 1;
      continue;
    }
    // Stylesheet-hidden blocks (class="hide") directly in main: a computed-style check, but
    // only for named blocks and at most 64 of them — a body of 4,000 bare <p>s costs nothing.
    if (
      adapter?.hidden &&
      main >= 0 &&
      fl & F_NAMED &&
      t.parent[k] === main &&
      hiddenChecks++ < 64 &&
      BLOCK_TAGS.has(tag) &&
      t.textLen[k] > 0 &&
      safeHidden(adapter, t.nodes[k])
    ) {
      k = t.end[k] - 1;
      continue;
    }
    if (CELL_TAGS.has(tag)) em.cell();
    else if (BLOCK_TAGS.has(tag) || k === forceBlock || k === titleIdx) em.lineBreak();
    if (tag === 'pre') pre++;
    if (k === titleIdx) titleStart = em.len + (em.len > 0 ? 1 : 0);
    if (tag === 'br' || tag === 'hr') {
      em.lineBreak();
      continue;
    }
    open.push(k);
  }
  while (open.length) exit(open.pop()!);
  return titleRange;
}

function safeHidden<N>(adapter: TreeAdapter<N>, n: N): boolean {
  try {
    return !!adapter.hidden?.(n);
  } catch {
    return false;
  }
}

/** Pick the main container: Readability-style score, then climb over thin wrappers. */
function chooseMain<N>(t: Tree<N>, adapter: TreeAdapter<N>): number {
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

function chooseTitle<N>(
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

function compact(s: string): string {
  return s.replace(/[\s\u3000\u00a0]+/g, '');
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

// ---------------------------------------------------------------------------------------------
// Metadata text

/** Label positions in one metadata cell or line: at its start, or after a space with a colon. */
function findLabels(tok: string): { key: string; start: number; end: number }[] {
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

// ---------------------------------------------------------------------------------------------
// Cheap pre-check: rules/precheck.ts (a module with no imports, so the content script's loader
// takes nothing else of the engine with it).

export { looksLikeDocument } from './precheck';
