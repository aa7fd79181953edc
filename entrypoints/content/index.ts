/**
 * Content script wiring: the start path (lib/page/early.ts) and, on pages that hold a
 * document, the review session (lib/page/session.ts) drawing its badge and cards through the
 * shadow-root UI (./ui.tsx).
 *
 * It runs at document_start so that the ::highlight stylesheet is adopted while the DOM is
 * still empty. The session and the UI are imported dynamically: the bundler keeps them in
 * this one file but defers their module initialisation (the engine, zod schemas, Preact)
 * until the pre-check says the page holds a document, so other pages pay almost nothing.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startEarly } from '@/lib/page/early';

export default defineContentScript({
  // *.gov.cn portals (http and https) and the loopback demo portal. Other sites: enabled by
  // the user (optional host permissions) or one tab at a time via the popup (activeTab).
  matches: ['*://*.gov.cn/*', 'http://127.0.0.1/*', 'http://localhost/*'],
  runAt: 'document_start',
  main(ctx) {
    try {
      const stop = startEarly(async () => {
        const [{ startReview }, { createBadgeUi }] = await Promise.all([
          import('@/lib/page/session'),
          import('./ui'),
        ]);
        const ui = createBadgeUi(ctx);
        return startReview({ render: (view) => ui.render(view) });
      });
      // The extension was updated or reloaded: leave the page as it was.
      ctx.onInvalidated(stop);
    } catch (e) {
      // Never throw into the page; leave a trace for the reviewer's console.
      console.warn('[规审]', e);
    }
  },
});
