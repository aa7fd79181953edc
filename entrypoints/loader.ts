/**
 * The content-script loader: the start path (lib/page/early.ts) and nothing else. The
 * manifest (wxt.config.ts) runs it at document_start on every built-in site, together with
 * the ::highlight stylesheet as content-script CSS; lib/sites.ts registers the same pair for
 * the sites the user enables. When the DOM is ready it runs the cheap pre-check.
 *
 * The review itself (engine, session, Preact UI: a few hundred KB) is a separate bundle,
 * entrypoints/review.content, which the background injects into this frame only when the
 * pre-check (or an editor getting focus or input later) says there is a document or a draft.
 * A page that is not a document therefore never parses it.
 *
 * Why an unlisted script with a hand-written manifest entry rather than WXT's
 * defineContentScript: that wrapper builds a ContentScriptContext at start, which reads
 * `browser.runtime.id` (instantiating the extension bindings in the fresh isolated world) and
 * posts a message to the page — together about a quarter of the 2 ms budget of a page that is
 * not a document, for a context the loader does not need (it is never injected twice; the
 * review bundle has its own). For the same reason the extension API is touched only when a
 * review is requested.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startEarly } from '@/lib/page/early';
import { markHighlightCssInjected } from '@/lib/page/highlight-css';
import type { ReviewGlobal } from '@/lib/bundles';

interface RuntimeLike {
  runtime?: { id?: string; sendMessage(msg: unknown): Promise<unknown> };
}

/**
 * Asks the background to inject the review bundle into this frame (validated there: a content
 * script can only ask for its own frame). Resolves to a function that stops that session.
 */
async function loadReview(): Promise<() => void> {
  const g = globalThis as ReviewGlobal & { browser?: RuntimeLike; chrome?: RuntimeLike };
  // Already running here (the popup's 审查此页面 injected it): do not start a second copy.
  if (!g.__guishenReviewStop) {
    // Firefox: `browser` (promises); Chrome: `chrome` (promises in MV3). Not touched earlier.
    const api = g.browser?.runtime?.id ? g.browser : g.chrome;
    // The extension was reloaded or removed: this loader is orphaned, leave the page alone.
    if (!api?.runtime?.id) return () => {};
    const reply = (await api.runtime.sendMessage({ type: 'injectReview' })) as
      { ok: true } | { ok: false; error: string } | undefined;
    if (!reply) throw new Error('后台没有应答');
    if (!reply.ok) throw new Error(reply.error);
  }
  return () => g.__guishenReviewStop?.();
}

export default defineUnlistedScript(() => {
  try {
    markHighlightCssInjected();
    startEarly(loadReview);
  } catch (e) {
    // Never throw into the page; leave a trace for the reviewer's console.
    console.warn('[规审]', e);
  }
});
