/**
 * The content script's review loop: find what to review on the page (the portal article, or
 * a draft being edited in a textarea, a contenteditable or a same-origin editor iframe),
 * extract it, run the pure engine locally, and hand the report to the caller (highlights,
 * badge, background). Re-runs, debounced, when the reviewed text changes.
 */
import type { CompiledPacks } from '../../rules/engine';
import { check } from '../../rules/engine';
import { modelFromText, type DocumentModel } from '../../rules/model';
import type { Report } from '../../rules/schema';
import { extractFrom } from '../../rules/extract';
import { domAdapter, extractPage, sameOriginFrameDocuments, type PageExtract } from './extract';

/** What is being reviewed on this page. */
export type Target =
  | { kind: 'page'; doc: Document }
  | { kind: 'editable'; doc: Document; root: HTMLElement }
  | { kind: 'textarea'; doc: Document; el: HTMLTextAreaElement };

/** The tag of the shadow-root host of the in-page UI (see entrypoints/content/ui.tsx). */
export const UI_TAG = 'guishen-ui';

/** The minimum text an editing surface needs before it counts as "the draft". */
const MIN_EDITOR_CHARS = 20;

function editableRoots(doc: Document): HTMLElement[] {
  const out: HTMLElement[] = [];
  // An editor iframe's body (TinyMCE, UEditor) is itself contenteditable.
  if (doc.body?.isContentEditable) out.push(doc.body);
  for (const el of doc.querySelectorAll<HTMLElement>(
    '[contenteditable=""],[contenteditable="true"]',
  )) {
    // Only outermost editable roots.
    if (!el.parentElement?.isContentEditable) out.push(el);
  }
  return out;
}

/**
 * Picks the review target: the largest editing surface with text (in the page or a
 * same-origin iframe), else the page itself.
 */
export function findTarget(doc: Document): Target {
  let best: Target | null = null;
  let bestLen = MIN_EDITOR_CHARS - 1;
  const docs = [doc, ...sameOriginFrameDocuments(doc)];
  for (const d of docs) {
    for (const root of editableRoots(d)) {
      const len = root.textContent?.length ?? 0;
      if (len > bestLen) {
        best = { kind: 'editable', doc: d, root };
        bestLen = len;
      }
    }
    for (const el of d.querySelectorAll('textarea')) {
      // A textarea a rich editor has replaced is hidden; its editor is found above.
      if (el.style.display === 'none' || el.hidden || el.getAttribute('aria-hidden') === 'true')
        continue;
      const len = el.value.length;
      if (len > bestLen) {
        best = { kind: 'textarea', doc: d, el };
        bestLen = len;
      }
    }
  }
  return best ?? { kind: 'page', doc };
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

function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Extracts the target and runs the engine on it. Never throws for odd pages. */
export function reviewTarget(
  target: Target,
  compiled: CompiledPacks,
  opts: { today: string; url: string },
): ReviewResult {
  let extract: PageExtract | null = null;
  let model: DocumentModel;
  if (target.kind === 'textarea') {
    model = modelFromText(target.el.value, { url: opts.url });
  } else {
    extract =
      target.kind === 'page'
        ? extractPage(target.doc, opts.url)
        : extractFrom<Node>(target.root, domAdapter, { url: opts.url });
    model = modelFromText(extract.text, {
      meta: extract.meta,
      title: target.kind === 'page' ? extract.title : (extract.title ?? pageTitle(target.doc)),
      attachments: extract.attachments,
      url: opts.url,
    });
  }
  const report = check(model, compiled, { today: opts.today, url: opts.url });
  let lines: number[] | null = null;
  if (target.kind === 'textarea') {
    const starts = lineIndex(model.text);
    lines = report.findings.map((f) => lineOf(starts, f.range.start));
  }
  return { target, extract, model, report, lines };
}

function pageTitle(doc: Document): string | null {
  const top = doc.defaultView?.top?.document ?? doc;
  try {
    return top.title || null;
  } catch {
    return doc.title || null;
  }
}

/**
 * Watches the target for edits and calls `onChange` after `delayMs` of quiet. Typing in a
 * textarea fires `input` (its value is not in the DOM); rich editors and contenteditable
 * change the DOM, which a MutationObserver sees. Returns a function that stops watching.
 */
export function watchTarget(target: Target, onChange: () => void, delayMs = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, delayMs);
  };
  if (target.kind === 'textarea') {
    target.el.addEventListener('input', fire);
    return () => {
      clearTimeout(timer);
      target.el.removeEventListener('input', fire);
    };
  }
  const root = target.kind === 'editable' ? target.root : target.doc.body;
  if (!root) return () => {};
  // Our own badge host (a custom element appended to the page) must not trigger a re-check.
  const ours = (n: Node) => n.nodeName.toLowerCase() === UI_TAG;
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (ours(r.target)) continue;
      const nodes = [...r.addedNodes, ...r.removedNodes];
      if (nodes.length > 0 && nodes.every(ours)) continue;
      fire();
      return;
    }
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  return () => {
    clearTimeout(timer);
    observer.disconnect();
  };
}
