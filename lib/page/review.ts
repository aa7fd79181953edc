/**
 * The content script's review loop: find what to review on the page (the portal article, or
 * a draft being edited in a textarea, a contenteditable or a same-origin editor iframe),
 * extract it, run the pure engine locally, and hand the report to the caller (highlights,
 * badge, background). Watching for edits is here too; *when* to re-run is lib/page/schedule.ts.
 */
import type { CompiledPacks } from '../../rules/engine';
import { check } from '../../rules/engine';
import { modelFromText, type DocumentModel } from '../../rules/model';
import { LineIndex } from '../../rules/text';
import type { Report } from '../../rules/schema';
import { ATTRIBUTES_READ, extractKeep, reextract, type ExtractState } from '../../rules/extract';
import { domAdapter, extractPage, sameOriginFrameDocuments, type PageExtract } from './extract';

/** What is being reviewed on this page. */
export type Target =
  | { kind: 'page'; doc: Document }
  | { kind: 'editable'; doc: Document; root: HTMLElement }
  | { kind: 'textarea'; doc: Document; el: HTMLTextAreaElement };

/** The tag of the shadow-root host of the in-page UI (see entrypoints/review.content/ui.tsx). */
export const UI_TAG = 'guishen-ui';

/** The minimum text an editing surface needs before it counts as "the draft". */
const MIN_EDITOR_CHARS = 20;

function editableRoots(doc: Document): HTMLElement[] {
  const out: HTMLElement[] = [];
  // An editor iframe's body (TinyMCE, UEditor) is itself contenteditable.
  if (doc.body?.isContentEditable) out.push(doc.body);
  for (const el of doc.querySelectorAll<HTMLElement>(
    '[contenteditable=""],[contenteditable="true"],[contenteditable="plaintext-only"]',
  )) {
    // Only outermost editable roots.
    if (!el.parentElement?.isContentEditable) out.push(el);
  }
  return out;
}

export { hasEditor } from './precheck';

/**
 * Picks the review target: the largest editing surface with text (in the page or a
 * same-origin iframe), else the page itself.
 */
export function findTarget(doc: Document): Target {
  let best: Target | null = null;
  let bestLen = MIN_EDITOR_CHARS - 1;
  const docs = [doc, ...sameOriginFrameDocuments(doc)];
  for (const d of docs) {
    let roots: HTMLElement[];
    let areas: Iterable<HTMLTextAreaElement>;
    try {
      roots = editableRoots(d);
      areas = d.querySelectorAll('textarea');
    } catch {
      continue; // a frame document that went away between listing and reading
    }
    for (const root of roots) {
      const len = root.textContent?.length ?? 0;
      if (len > bestLen) {
        best = { kind: 'editable', doc: d, root };
        bestLen = len;
      }
    }
    for (const el of areas) {
      // A textarea a rich editor has replaced is hidden; its editor is found above.
      if (hiddenTextarea(el)) continue;
      const len = el.value.length;
      if (len > bestLen) {
        best = { kind: 'textarea', doc: d, el };
        bestLen = len;
      }
    }
  }
  return best ?? { kind: 'page', doc };
}

function hiddenTextarea(el: HTMLTextAreaElement): boolean {
  return el.style.display === 'none' || !!el.hidden || el.getAttribute('aria-hidden') === 'true';
}

/** Whether a target still stands in its page (editors get destroyed and re-created). */
export function targetAlive(t: Target): boolean {
  try {
    if (!t.doc.defaultView) return false;
    if (t.kind === 'editable') return t.root.isConnected && t.root.isContentEditable;
    // A rich editor (TinyMCE) hides the textarea it replaces once it has initialised.
    if (t.kind === 'textarea') return t.el.isConnected && !hiddenTextarea(t.el);
    return true;
  } catch {
    return false;
  }
}

/** The target's text, ready for the engine (no check yet). */
export interface Extracted {
  target: Target;
  /** Text + segments back to DOM text nodes; null for a textarea (its value is not DOM). */
  extract: PageExtract | null;
  text: string;
  title: string | null;
  meta: Record<string, string>;
  attachments: { name: string; href: string }[];
  /**
   * For an editing surface: the walk's state, so the next re-check can re-extract from the
   * edited text nodes alone ({@link EditLog}). Null for the page and a textarea.
   */
  state: ExtractState<Node> | null;
  /** Whether this extract was re-made from the edited text nodes without a new walk. */
  incremental: boolean;
}

/**
 * The in-page cap on reviewed text. The longest real normative documents run to about 100,000
 * characters; a page with more is a compilation or a hostile page, and reviewing the first
 * 600,000 characters keeps one review under a second even on a slow machine (the engine's
 * own cap of 2,000,000 would block the page for several seconds).
 */
export const PAGE_MAX_CHARS = 600_000;

/**
 * Extracts the target's text. For an editing surface, `since` — the state of the previous
 * extraction of the same surface and the text nodes edited since, when nothing else changed —
 * lets it re-extract without walking the editor again (the result is the same; see
 * rules/extract/index.ts `reextract`). Never throws for odd pages.
 */
export function extractTarget(
  target: Target,
  url: string,
  since?: { state: ExtractState<Node>; texts: Iterable<Node> },
): Extracted {
  if (target.kind === 'textarea') {
    const value = target.el.value;
    return {
      target,
      extract: null,
      text: value.length > PAGE_MAX_CHARS ? value.slice(0, PAGE_MAX_CHARS) : value,
      title: null,
      meta: {},
      attachments: [],
      state: null,
      incremental: false,
    };
  }
  let extract: PageExtract;
  let state: ExtractState<Node> | null = null;
  let incremental = false;
  if (target.kind === 'page') {
    extract = extractPage(target.doc, url, { maxChars: PAGE_MAX_CHARS });
  } else {
    const again =
      since && since.state.root === target.root ? reextract(since.state, since.texts) : null;
    const r =
      again ?? extractKeep<Node>(target.root, domAdapter, { url, maxChars: PAGE_MAX_CHARS });
    extract = r.extract;
    state = r.state;
    incremental = again !== null;
  }
  return {
    target,
    extract,
    text: extract.text,
    title: target.kind === 'page' ? extract.title : (extract.title ?? pageTitle(target.doc)),
    meta: extract.meta,
    attachments: extract.attachments,
    state,
    incremental,
  };
}

/** One review of the target: the extract (for ranges), the model and the report. */
export interface ReviewResult {
  target: Target;
  extract: PageExtract | null;
  model: DocumentModel;
  report: Report;
  /** For a textarea: the 1-based line of each finding (ranges cannot be highlighted there). */
  lines: number[] | null;
}

/** Runs the engine on extracted text. */
export function checkExtracted(
  x: Extracted,
  compiled: CompiledPacks,
  opts: { today: string; url: string },
): ReviewResult {
  const model =
    x.target.kind === 'textarea'
      ? modelFromText(x.text, { url: opts.url })
      : modelFromText(x.text, {
          meta: x.meta,
          title: x.title,
          attachments: x.attachments,
          url: opts.url,
        });
  const report = check(model, compiled, { today: opts.today, url: opts.url });
  let lines: number[] | null = null;
  if (x.target.kind === 'textarea') {
    const index = new LineIndex(model.text);
    lines = report.findings.map((f) => index.lineOf(f.range.start) + 1);
  }
  return { target: x.target, extract: x.extract, model, report, lines };
}

/**
 * Whether two extracts map the same text to the same DOM nodes, so highlights made from the
 * old one are still right (the page changed elsewhere, or not at all).
 */
export function sameSegments(a: PageExtract | null, b: PageExtract | null): boolean {
  if (!a || !b) return a === b;
  if (a.text !== b.text) return false;
  const sa = a.segments;
  const sb = b.segments;
  if (sa.length !== sb.length) return false;
  for (let i = 0; i < sa.length; i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x.node !== y.node || x.start !== y.start || x.nodeOffset !== y.nodeOffset) return false;
  }
  return true;
}

function pageTitle(doc: Document): string | null {
  try {
    return doc.defaultView?.top?.document.title || doc.title || null;
  } catch {
    // A cross-origin top (the editor page embedded elsewhere): this frame's own title.
    return doc.title || null;
  }
}

/**
 * The node whose subtree holds every emitted segment: the lowest common ancestor of the first
 * and last (segments are in document order). Mutations elsewhere cannot change the text.
 */
export function extractScope(extract: PageExtract | null): Node | null {
  const segs = extract?.segments;
  if (!segs || segs.length === 0) return null;
  const a = segs[0]!.node;
  const b = segs[segs.length - 1]!.node;
  if (!a.isConnected || !b.isConnected) return null;
  try {
    const r = (a.ownerDocument ?? document).createRange();
    r.setStart(a, 0);
    r.setEnd(b, 0);
    return r.commonAncestorContainer;
  } catch {
    return null;
  }
}

/**
 * What changed in an editing surface since the last extraction, as its watch saw it: the
 * text nodes whose data changed, and whether anything else did (nodes added or removed, an
 * attribute the extraction reads). Filled by {@link watchTarget}; read with {@link take}.
 */
export class EditLog {
  private texts = new Set<Node>();
  private structural = false;
  /** Set by the watch: delivers the records its observer still holds. */
  flush: () => void = () => {};

  /** Notes one mutation record. */
  note(r: MutationRecord): void {
    if (this.structural) return;
    if (r.type === 'characterData') this.texts.add(r.target);
    else {
      this.structural = true;
      this.texts.clear();
    }
  }

  /** Notes that something unknown changed (too many records to look at). */
  noteStructural(): void {
    this.structural = true;
    this.texts.clear();
  }

  /** The changes so far (after delivering pending records), and a fresh start. */
  take(): { texts: Set<Node>; structural: boolean } {
    this.flush();
    const out = { texts: this.texts, structural: this.structural };
    this.texts = new Set();
    this.structural = false;
    return out;
  }
}

/** Options of {@link watchTarget}. */
export interface WatchOptions {
  /**
   * For an editing surface: where to note what changed, for incremental re-extraction.
   * Attribute changes are noted too (they do not by themselves call `onChange`).
   */
  log?: EditLog;
  /**
   * For the page target: only mutations inside this node (or on its ancestors) matter.
   * Returns the current scope, so it can follow re-extractions.
   */
  scope?: () => Node | null;
}

/**
 * Watches the target for edits and calls `onChange` (at once; the caller schedules). Typing
 * in a textarea fires `input` (its value is not in the DOM); rich editors and contenteditable
 * change the DOM, which a MutationObserver sees. Returns a function that stops watching.
 */
export function watchTarget(
  target: Target,
  onChange: () => void,
  opts: WatchOptions = {},
): () => void {
  if (target.kind === 'textarea') {
    const el = target.el;
    el.addEventListener('input', onChange);
    // A rich editor taking the textarea over hides it (style/hidden/aria-hidden): that is a
    // cue to look for the editor, which then becomes the target.
    const view = target.doc.defaultView as (Window & typeof globalThis) | null;
    const MO = view?.MutationObserver ?? MutationObserver;
    const attrs = new MO(() => {
      if (hiddenTextarea(el)) onChange();
    });
    attrs.observe(el, { attributes: true, attributeFilter: ['style', 'hidden', 'aria-hidden'] });
    return () => {
      el.removeEventListener('input', onChange);
      attrs.disconnect();
    };
  }
  const root = target.kind === 'editable' ? target.root : target.doc.body;
  if (!root) return () => {};
  const view = target.doc.defaultView as (Window & typeof globalThis) | null;
  const MO = view?.MutationObserver ?? MutationObserver;
  // Our own badge host (a custom element appended to the page) must not trigger a re-check.
  const ours = (n: Node) => n.nodeName.toLowerCase() === UI_TAG;
  /** A record about our own UI host only. */
  const oursOnly = (r: MutationRecord) => {
    if (ours(r.target)) return true;
    if (r.type !== 'childList' || r.addedNodes.length + r.removedNodes.length === 0) return false;
    for (const n of r.addedNodes) if (!ours(n)) return false;
    for (const n of r.removedNodes) if (!ours(n)) return false;
    return true;
  };
  const log = target.kind === 'editable' ? opts.log : undefined;
  const logRecords = (records: MutationRecord[]) => {
    if (!log) return;
    if (records.length > 1000) return log.noteStructural();
    for (const r of records) if (!oursOnly(r)) log.note(r);
  };
  const trigger = (records: MutationRecord[]) => {
    const scope = opts.scope?.() ?? null;
    // A page that rewrites thousands of nodes per tick: look at a bounded number of records;
    // past that, something big happened anyway.
    const max = Math.min(records.length, 200);
    if (records.length > max) return onChange();
    for (let i = 0; i < max; i++) {
      const r = records[i]!;
      // Attribute records are observed only for the edit log.
      if (r.type === 'attributes' || oursOnly(r)) continue;
      // Outside the reviewed text and not above it: a clock, a ticker, an ad rotating.
      if (scope && scope.isConnected && !scope.contains(r.target) && !r.target.contains(scope))
        continue;
      return onChange();
    }
  };
  const observer = new MO((records) => {
    logRecords(records);
    trigger(records);
  });
  observer.observe(
    root,
    log
      ? {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true,
          attributeFilter: [...ATTRIBUTES_READ],
        }
      : { childList: true, subtree: true, characterData: true },
  );
  // Records still queued when a re-check starts: noted, not a cue (the re-check sees them).
  if (log) log.flush = () => logRecords(observer.takeRecords());
  return () => {
    observer.disconnect();
    if (log) log.flush = () => {};
  };
}
