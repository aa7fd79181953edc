/**
 * The review bundle: the session (lib/page/session.ts: engine, highlights, cards, reports)
 * drawing its badge and cards through the shadow-root UI (./ui.tsx).
 *
 * Not in the manifest (`registration: 'runtime'`): it is injected only into a frame that holds
 * a document or a draft — by the background when the loader (entrypoints/loader.ts) asks after
 * its pre-check, or by the popup's 审查此页面 on any site (activeTab). Pages that are not
 * documents never parse it. See lib/bundles.ts.
 *
 * Injecting it again into the same frame (审查此页面 twice) starts a new copy: WXT's context
 * invalidates the older copy, which stops its session first.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startReview } from '@/lib/page/session';
import { adoptHighlightSheet } from '@/lib/page/highlight-css';
import type { ReviewGlobal } from '@/lib/bundles';
import { createBadgeUi } from './ui';

export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    const g = globalThis as ReviewGlobal;
    let stopSession: (() => void) | null = null;
    let stopped = false;
    const stop = () => {
      stopped = true;
      if (g.__guishenReviewStop === stop) delete g.__guishenReviewStop;
      stopSession?.();
      stopSession = null;
    };
    try {
      // Where the loader runs, the browser injected the sheet with it as content-script CSS
      // (adoptHighlightSheet then does nothing); injected by the popup into a page the loader
      // does not run on, the sheet is adopted here (the highlights adopt it per document too,
      // this only saves the restyle inside the first review).
      if (window.top === window && 'highlights' in CSS) adoptHighlightSheet(document);
      g.__guishenReviewStop = stop;
      ctx.onInvalidated(stop);
      const ui = createBadgeUi(ctx);
      startReview({ render: (view) => ui.render(view) })
        .then((s) => {
          if (stopped) s();
          else stopSession = s;
        })
        .catch((e) => console.warn('[规审]', e));
    } catch (e) {
      // Never throw into the page; leave a trace for the reviewer's console.
      console.warn('[规审]', e);
    }
  },
});
