/**
 * Content script wiring: the review session (lib/page/session.ts) drawing its badge through
 * the shadow-root UI (./ui.tsx). On pages that hold no document it does nothing further.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startReview } from '@/lib/page/session';
import { createBadgeUi } from './ui';

export default defineContentScript({
  // *.gov.cn portals (http and https) and the loopback demo portal. Other sites: enabled by
  // the user (optional host permissions) or one tab at a time via the popup (activeTab).
  matches: ['*://*.gov.cn/*', 'http://127.0.0.1/*', 'http://localhost/*'],
  runAt: 'document_idle',
  main(ctx) {
    const ui = createBadgeUi(ctx);
    startReview({ render: (view) => ui.render(view) }).catch((e) => {
      // Never throw into the page; leave a trace for the reviewer's console.
      console.warn('[规审]', e);
    });
  },
});
