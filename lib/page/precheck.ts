/**
 * The content script's pre-check: does this page hold a document, or a draft being edited?
 * Runs on every matched page when its DOM is ready, so it is cheap by construction: a
 * bounded text sample (native TreeWalker, no layout, no innerText), selectors that stop at
 * the first match, and the shared pattern test of rules/extract/. Also same-origin iframe
 * discovery, used by the pre-check and by the review (editor iframes).
 */
import { looksLikeDocument } from '@/rules/precheck';

/** Fewer characters of body text than this: a shell page whose text may arrive by script. */
const SHORT_BODY = 400;

/** ids of the main-content containers of common CMSs: getElementById is a hash lookup. */
const SAMPLE_IDS = ['zoom', 'Zoom', 'UCAP-CONTENT', 'fontzoom', 'content', 'article', 'main'];

/**
 * A cheap sample of the page for {@link looksLikeDocument}: the title (plus the
 * ArticleTitle meta that gov.cn CMSs write), up to `maxChars` of text from the start of the
 * body (where breadcrumbs, metadata tables and titles sit) and from a known content container
 * found by id. Gathered with native TreeWalkers, bounded in steps; no selector that would scan
 * the whole DOM when it matches nothing, no layout, no innerText.
 */
export function quickSample(
  doc: Document,
  maxChars = 3000,
): { title: string; sample: string; bodyChars: number } {
  let title = doc.title || '';
  const mt = doc.head?.querySelector('meta[name="ArticleTitle"]')?.getAttribute('content');
  if (mt) title = `${mt} ${title}`;
  const body = doc.body;
  if (!body) return { title, sample: '', bodyChars: 0 };
  let sample = walkText(doc, body, maxChars);
  const bodyChars = sample.length;
  for (const id of SAMPLE_IDS) {
    const el = doc.getElementById(id);
    if (el) {
      sample += `\n${walkText(doc, el, maxChars)}`;
      break;
    }
  }
  return { title, sample, bodyChars };
}

/** Text that may be code or markup rather than prose: CSS and script cannot do without these. */
const CODE_HINT = /[{};=<]/;
const NOT_PROSE = new Set(['script', 'style', 'noscript', 'template']);

/**
 * Up to `max` characters of text under `root`, skipping script/style, bounded in steps. A
 * text node's parent is looked at only when its text could be code (CODE_HINT): in the fresh
 * isolated world of a content script, the first wrapper of each element type costs the
 * instantiation of its interface, which was about half the cost of this walk.
 */
function walkText(doc: Document, root: Node, max: number): string {
  let out = '';
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let steps = 0;
  for (let n = walker.nextNode(); n && out.length < max && steps < 5000; n = walker.nextNode()) {
    steps++;
    const data = (n as Text).data;
    if (CODE_HINT.test(data) && NOT_PROSE.has((n.parentNode as Element | null)?.localName ?? ''))
      continue;
    out += data;
  }
  return out.length > max ? out.slice(0, max) : out;
}

/**
 * The content script's start-path check: cheap, never throws. `info.short` tells whether
 * the body had fewer than 400 characters of text (see {@link shortBody}), from the same walk.
 */
export function pageLooksLikeDocument(doc: Document, info?: { short?: boolean }): boolean {
  try {
    const { title, sample, bodyChars } = quickSample(doc);
    if (info) info.short = bodyChars < SHORT_BODY;
    return looksLikeDocument(sample, title);
  } catch {
    return false;
  }
}

/**
 * Documents of the accessible same-origin iframes below `doc` (editor iframes such as
 * TinyMCE's, about:blank/srcdoc frames), depth-first, at most `max`. Cross-origin, detached
 * and not-yet-loaded frames are skipped without throwing.
 */
export function sameOriginFrameDocuments(doc: Document, max = 32): Document[] {
  const out: Document[] = [];
  const queue: Document[] = [doc];
  while (queue.length && out.length < max) {
    const d = queue.shift()!;
    let frames: HTMLCollectionOf<HTMLIFrameElement> | NodeListOf<HTMLIFrameElement>;
    try {
      frames = d.querySelectorAll('iframe, frame') as NodeListOf<HTMLIFrameElement>;
    } catch {
      continue;
    }
    for (const f of Array.from(frames)) {
      if (out.length >= max) break;
      let child: Document | null;
      try {
        // Cross-origin: contentDocument is null (or a SecurityError in old engines).
        child = f.contentDocument;
        // Touching a property proves access; a detached frame's document may be gone.
        if (child && !child.documentElement) child = null;
      } catch {
        child = null;
      }
      if (child && child !== doc && !out.includes(child)) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** `contenteditable` values that make an element editable (the attribute is case-insensitive). */
const EDITABLE_VALUES = new Set(['', 'true', 'plaintext-only']);

/**
 * The editable elements of `doc` by their attribute. One `[contenteditable]` selector walk,
 * values checked here: a selector list of attribute values (`[contenteditable="true"],…`)
 * costs several times more on a large page, and `isContentEditable` would force a style
 * recalculation.
 */
function editables(doc: Document): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const el of doc.querySelectorAll<HTMLElement>('[contenteditable]'))
    if (EDITABLE_VALUES.has((el.getAttribute('contenteditable') ?? '').toLowerCase())) out.push(el);
  return out;
}

/**
 * Has the document an editing surface (a draft may be written there)? A textarea, an iframe
 * (editor frames) or an editable element. Tag lists are live collections (no walk); one
 * attribute selector walk for the editable elements.
 */
export function hasEditor(doc: Document): boolean {
  try {
    return (
      doc.getElementsByTagName('textarea').length > 0 ||
      doc.getElementsByTagName('iframe').length > 0 ||
      editables(doc).length > 0
    );
  } catch {
    return false;
  }
}

/**
 * An editing surface with a draft in it: a textarea or contenteditable with at least 20
 * characters, or a same-origin iframe whose body is editable (TinyMCE, UEditor). An empty
 * comment box on a portal page does not count.
 */
export function editingSurface(doc: Document): boolean {
  try {
    // querySelector first: on most pages it finds nothing, and no collection or iterator is
    // made (in the fresh isolated world of the start path, each first-used interface costs).
    if (doc.querySelector('textarea'))
      for (const el of doc.getElementsByTagName('textarea')) if (el.value.length >= 20) return true;
    if (doc.querySelector('[contenteditable]'))
      for (const el of editables(doc)) if ((el.textContent?.length ?? 0) >= 20) return true;
    // The window's child browsing contexts (iframes and frames): no DOM walk when there are none.
    if (hasFrames(doc))
      for (const d of sameOriginFrameDocuments(doc, 8))
        if (d.body?.isContentEditable || d.designMode === 'on') return true;
  } catch {
    /* odd page */
  }
  return false;
}

/** Has the document child frames (iframe, frame)? `window.length`, no DOM walk. */
export function hasFrames(doc: Document): boolean {
  const n = (doc.defaultView as { length?: unknown } | null)?.length;
  if (typeof n === 'number') return n > 0;
  return doc.getElementsByTagName('iframe').length + doc.getElementsByTagName('frame').length > 0;
}

/** Has the body fewer than `min` characters of text (a shell page filled by script)? Bounded. */
export function shortBody(doc: Document, min = SHORT_BODY): boolean {
  const body = doc.body;
  return !body || walkText(doc, body, min).length < min;
}
