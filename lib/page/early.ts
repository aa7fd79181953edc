/**
 * The content script's start path. Runs at document_start on every matched page, so it does
 * almost nothing and loads almost nothing:
 *
 * 1. (the ::highlight stylesheet is not its business: the browser injects it with the loader
 *    as content-script CSS before the page is parsed — adopting a sheet on a finished 1 MB
 *    page would cost a full style recalculation of every element);
 * 2. when the DOM is ready, runs the cheap pre-check (lib/page/precheck.ts), synchronously in
 *    the DOMContentLoaded listener; at `load` only again if the DOM changed meanwhile (or has
 *    frames, whose documents may have become editable);
 * 3. only when the page holds a document (or a draft being edited) calls `load`, which
 *    brings in the review session and the UI (a separate bundle, injected on request: see
 *    entrypoints/loader.ts), so a page that is not a document never parses it.
 *
 * A page that fails the pre-check keeps two passive listeners: focus or typing in an editing
 * surface later (an OA screen that fills its editor after load) starts the review after all.
 */
import { editingSurface, hasFrames, pageLooksLikeDocument, shortBody } from './precheck';

/** Delays of the extra looks at a page whose body is still short after load. */
const LATE_LOOKS_MS = [1500, 3000, 6000];

/** The shadow-root host tag (duplicated from review.ts, which is not loaded this early). */
const UI_TAG = 'guishen-ui';

/**
 * Starts the start path. `load` imports and starts the session; it resolves to its stop
 * function. Returns a function that stops everything (extension reloaded or updated).
 */
export function startEarly(load: () => Promise<() => void>): () => void {
  let stopSession: (() => void) | null = null;
  let stopped = false;
  let started = false;
  let lateTimer: ReturnType<typeof setTimeout> | undefined;
  const go = () => {
    started = true;
    cleanup();
    load()
      .then((stop) => {
        if (stopped) stop();
        else stopSession = stop;
      })
      .catch((e) => console.warn('[规审]', e));
  };

  // Did the DOM change since the last negative pre-check? Then `load` looks again; a static
  // page is not checked twice. One mutation is enough to know: the observer then disconnects.
  let changed = true;
  let observer: MutationObserver | null = null;
  const watchChanges = () => {
    changed = false;
    observer = new MutationObserver(() => {
      changed = true;
      observer?.disconnect();
      observer = null;
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  };

  const precheck = (byEditor: boolean) => {
    if (started || stopped) return;
    if (byEditor) return go();
    // Frames: their documents can become editable (an editor frame) without a mutation here.
    if (!changed && !hasFrames(document)) {
      if (document.readyState === 'complete') afterLoad();
      return;
    }
    const info: { short?: boolean } = {};
    const yes = pageLooksLikeDocument(document, info) || editingSurface(document);
    short = info.short;
    changed = false;
    if (yes) return go();
    if (document.readyState === 'complete') afterLoad();
    else if (!observer) watchChanges();
  };

  // A shell page whose text arrives by script after load: a few more looks, later and later
  // (portals that fetch the article body take a second or several), while the body stays
  // short. `short`: the body was that short at the last pre-check (still so: nothing changed
  // since, or the pre-check just ran).
  let short: boolean | undefined;
  let lateLooks = 0;
  const afterLoad = () => {
    observer?.disconnect();
    observer = null;
    if (lateLooks >= LATE_LOOKS_MS.length) return;
    if (short === undefined ? shortBody(document) : short) {
      const delay = LATE_LOOKS_MS[lateLooks++]!;
      lateTimer = setTimeout(() => {
        changed = true;
        precheck(false);
      }, delay);
    } else lateLooks = LATE_LOOKS_MS.length;
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
    observer?.disconnect();
    observer = null;
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
