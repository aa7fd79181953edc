/**
 * The content script's pre-check: does this page hold a document, or a draft being edited?
 * Runs on every matched page when its DOM is ready, so it is cheap by construction: a
 * bounded text sample (native TreeWalker, no layout, no innerText), selectors that stop at
 * the first match, and the shared pattern test of rules/extract.ts. Also same-origin iframe
 * discovery, used by the pre-check and by the review (editor iframes).
 */
import { looksLikeDocument } from '@/rules/extract';

/** ids of the main-content containers of common CMSs: getElementById is a hash lookup. */
const SAMPLE_IDS = ['zoom', 'Zoom', 'UCAP-CONTENT', 'fontzoom', 'content', 'article', 'main'];

/**
 * A cheap sample of the page for {@link looksLikeDocument}: the title (plus the
 * ArticleTitle meta that gov.cn CMSs write), up to `maxChars` of text from the start of the
 * body (where breadcrumbs, metadata tables and titles sit) and from a known content container
 * found by id. Gathered with native TreeWalkers, bounded in steps; no selector that would scan
 * the whole DOM when it matches nothing, no layout, no innerText.
 */
export function quickSample(doc: Document, maxChars = 3000): { title: string; sample: string } {
  let title = doc.title || '';
  const mt = doc.head?.querySelector('meta[name="ArticleTitle"]')?.getAttribute('content');
  if (mt) title = `${mt} ${title}`;
  const body = doc.body;
  if (!body) return { title, sample: '' };
  let sample = walkText(doc, body, maxChars);
  for (const id of SAMPLE_IDS) {
    const el = doc.getElementById(id);
    if (el) {
      sample += `\n${walkText(doc, el, maxChars)}`;
      break;
    }
  }
  return { title, sample };
}

/** Up to `max` characters of text under `root`, skipping script/style, bounded in steps. */
function walkText(doc: Document, root: Node, max: number): string {
  let out = '';
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let steps = 0;
  for (let n = walker.nextNode(); n && out.length < max && steps < 5000; n = walker.nextNode()) {
    steps++;
    const tag = (n.parentNode as Element | null)?.localName;
    if (tag === 'script' || tag === 'style' || tag === 'noscript' || tag === 'template') continue;
    out += (n as Text).data;
  }
  return out.length > max ? out.slice(0, max) : out;
}

/** The content script's start-path check: cheap, never throws. */
export function pageLooksLikeDocument(doc: Document): boolean {
  try {
    const { title, sample } = quickSample(doc);
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

const EDITABLE = '[contenteditable="true"],[contenteditable=""],[contenteditable="plaintext-only"]';

/** Has the document an editing surface (a draft may be written there)? Selectors only. */
export function hasEditor(doc: Document): boolean {
  try {
    return !!doc.querySelector(`textarea, iframe, ${EDITABLE}`);
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
  if (!hasEditor(doc)) return false;
  try {
    for (const el of doc.querySelectorAll('textarea')) if (el.value.length >= 20) return true;
    for (const el of doc.querySelectorAll<HTMLElement>(EDITABLE))
      if ((el.textContent?.length ?? 0) >= 20) return true;
    for (const d of sameOriginFrameDocuments(doc, 8))
      if (d.body?.isContentEditable || d.designMode === 'on') return true;
  } catch {
    /* odd page */
  }
  return false;
}
