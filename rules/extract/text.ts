/**
 * The text of the extraction: whitespace rules, the emitter that builds the text with its
 * segment map back to the source text nodes, and the emission of a subtree (skipping
 * boilerplate and metadata blocks).
 */
import { BLOCK_TAGS, CELL_TAGS, F_BOILER, F_META, F_NAMED, F_TEXT, type Tree } from './tree';
import type { Segment, TreeAdapter } from './types';
import { safeHidden } from './visibility';
import { READING_AID_RE } from '../text';

export function isCollapsibleSpace(c: number): boolean {
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
export const WS_RUN_RE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]+/g;
/** Commas and stops of prose (not colons): metadata blocks have almost none. */
export const PROSE_RE = /[，。；！？、]/g;

export class Emitter<N> {
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
    this.content(data, node, 0);
  }

  /** Push a run of content, without the pinyin reading aids some law sites insert (「關(guān)」). */
  private content(s: string, node: N, off: number): void {
    if (s.indexOf('(') === -1) {
      this.push(s, node, off);
      return;
    }
    READING_AID_RE.lastIndex = 0;
    let from = 0;
    let m: RegExpExecArray | null;
    while ((m = READING_AID_RE.exec(s)) !== null) {
      if (m.index > from) this.push(s.slice(from, m.index), node, off + from);
      from = m.index + m[0].length;
    }
    if (from < s.length) this.push(from === 0 ? s : s.slice(from), node, off + from);
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
        this.content(wsStart === n && j === 0 ? data : data.slice(j, wsStart), node, j);
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

/** Is `i` inside a subtree the text pass skips, below `stop`? */
export function skippedBelow<N>(t: Tree<N>, i: number, stop: number): boolean {
  for (let a = t.parent[i]; a >= 0 && a !== stop; a = t.parent[a]) {
    if (t.flags[a] & (F_BOILER | F_META)) return true;
  }
  return false;
}

/** Text of a subtree with the same rules as the main text, no segments. */
export function subtreeText<N>(t: Tree<N>, i: number, cap: number): string {
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
export function compactText<N>(t: Tree<N>, i: number, cap: number): string {
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
export function joinTitle(s: string): string {
  return s.replace(/[\n\t]+/g, '').trim();
}

/**
 * Emit the subtree at `i`. When `titleIdx` lies inside, returns where its text landed.
 * `main` with an adapter enables the (costly) hidden check on main's direct children.
 */
export function emitRange<N>(
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

/** The text without any whitespace. */
export function compact(s: string): string {
  return s.replace(/[\s\u3000\u00a0]+/g, '');
}
