/**
 * The two content-script bundles and where they run — one place for the manifest
 * (wxt.config.ts, entrypoints/loader.ts), the background, the popup and the sites registration.
 *
 * - The **loader** (entrypoints/loader.ts, `loader.js`, a few KB) runs on every matched page
 *   at document_start with the highlight stylesheet as content-script CSS
 *   (`content-scripts/highlight.css`): cheap pre-check, passive listeners.
 * - The **review bundle** (entrypoints/review.content, `content-scripts/review.js`: the engine,
 *   the session, the Preact UI) is injected only into frames that hold a document or a draft:
 *   by the background when the loader asks (`injectReview`), or by the popup's 审查此页面.
 *
 * Both run in the same isolated world of a frame, so they hand over through a global there
 * ({@link ReviewGlobal}); the page's own scripts cannot see it.
 *
 * Constants and types only: the loader imports this module, so it must stay tiny.
 */

/** Built-in sites: *.gov.cn portals (http and https) and the loopback demo portal. */
export const BUILTIN_MATCHES = ['*://*.gov.cn/*', 'http://127.0.0.1/*', 'http://localhost/*'];

/** The loader, as WXT builds it (also registered dynamically for user-enabled sites). */
export const LOADER_SCRIPT = '/loader.js';

/** The ::highlight stylesheet, written by the build (wxt.config.ts) from highlightCss(). */
export const HIGHLIGHT_CSS = '/content-scripts/highlight.css';

/** The review bundle, as WXT builds it (a runtime-registered content script: not in the manifest). */
export const REVIEW_SCRIPT = '/content-scripts/review.js';

/** What the review bundle leaves on the isolated world's global for the loader. */
export interface ReviewGlobal {
  /** Set while a review session runs in this frame: stops it (extension reloaded). */
  __guishenReviewStop?: () => void;
}
