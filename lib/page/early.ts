/**
 * The content script's start path. Runs at document_start on every matched page, so it does
 * almost nothing and loads almost nothing:
 *
 * 1. adopts the ::highlight stylesheet while the DOM is still empty — adopting it on a
 *    finished 1 MB page costs a full style recalculation of every element;
 * 2. when the DOM is ready, runs the cheap pre-check (lib/page/precheck.ts);
 * 3. only when the page holds a document (or a draft being edited) loads the review session
 *    and the UI, which are imported lazily by the caller: the bundler defers their module
 *    initialisation (zod schemas, the engine, Preact) until then, so a page that is not a
 *    document never pays for it.
 *
 * A page that fails the pre-check keeps two passive listeners: focus or typing in an editing
 * surface later (an OA screen that fills its editor after load) starts the review after all.
 */
import { adoptHighlightSheet } from './highlight-css';
import { PERF, measure, now } from './perf';

/** The shadow-root host tag (duplicated from review.ts, which is not loaded this early). */
const UI_TAG = 'guishen-ui';

interface Flags {
  __guishenForce?: boolean;
}

/**
 * Starts the start path. `load` imports and starts the session; it resolves to its stop
 * function. Returns a function that stops everything (extension reloaded or updated).
 */
export function startEarly(load: () => Promise<() => void>): () => void {
  const t0 = now();
  let stopSession: (() => void) | null = null;
  let stopped = false;
  let started = false;
  let lateTimer: ReturnType<typeof setTimeout> | undefined;
  // Top frame only (the manifest does not ask for all frames); same-origin editor frames are
  // reached from the top frame. Browsers without the Highlight API get no sheet.
  if (window.top === window && 'highlights' in CSS) {
    adoptHighlightSheet(document);
    measure(PERF.sheet, t0);
  }

  const go = () => {
    started = true;
    cleanup();
    // Put the sheet back if the page replaced adoptedStyleSheets wholesale meanwhile, so the
    // restyle that causes happens in the next frame (the review waits for it), not inside
    // the extraction.
    if (window.top === window && 'highlights' in CSS) adoptHighlightSheet(document);
    load()
      .then((stop) => {
        if (stopped) stop();
        else stopSession = stop;
      })
      .catch((e) => console.warn('[规审]', e));
  };

  const precheck = (byEditor: boolean) => {
    if (started || stopped) return;
    if (byEditor || (globalThis as Flags).__guishenForce) return go();
    void import('./precheck').then((p) => {
      if (started || stopped) return;
      const c0 = now();
      const yes = p.pageLooksLikeDocument(document) || p.editingSurface(document);
      measure(PERF.start, c0);
      if (yes) go();
      else if (document.readyState === 'complete') afterLoad();
    });
  };

  // A shell page whose text arrives by script after load: one more look, a little later.
  let lookedAfterLoad = false;
  const afterLoad = () => {
    if (lookedAfterLoad) return;
    lookedAfterLoad = true;
    if ((document.body?.textContent?.length ?? 0) < 400)
      lateTimer = setTimeout(() => precheck(false), 1500);
  };

  const onFocusOrInput = (e: Event) => {
    const el = e.target as HTMLElement | null;
    if (!el || el.localName === UI_TAG) return;
    if (el.localName === 'textarea' || el.localName === 'iframe' || el.isContentEditable)
      precheck(true);
  };
  const onReady = () => precheck(false);
  const onLoad = () => precheck(false);
  const cleanup = () => {
    document.removeEventListener('DOMContentLoaded', onReady);
    window.removeEventListener('load', onLoad);
    document.removeEventListener('focusin', onFocusOrInput, true);
    document.removeEventListener('input', onFocusOrInput, true);
    clearTimeout(lateTimer);
  };

  document.addEventListener('focusin', onFocusOrInput, { capture: true, passive: true });
  document.addEventListener('input', onFocusOrInput, { capture: true, passive: true });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', onReady, { once: true });
    window.addEventListener('load', onLoad, { once: true });
  } else if (document.readyState === 'interactive') {
    onReady();
    window.addEventListener('load', onLoad, { once: true });
  } else onReady();

  return () => {
    stopped = true;
    cleanup();
    stopSession?.();
  };
}
