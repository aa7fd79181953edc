/**
 * User-timing instrumentation of the content script, read by the in-page benchmark
 * (scripts/bench-browser.ts). The isolated world of a content script shares the performance
 * timeline with the page's main world, so a PerformanceObserver installed by the bench in
 * the page sees these entries.
 *
 * Each measure is cleared from the timeline right after it is created: observers have
 * already been handed the entry, and a long editing session (one re-check per pause) must
 * not grow the page's user-timing buffer without bound.
 */

/** Names of the measures; the bench reads them by these names. */
export const PERF = {
  /** Finding the review target (page, editor, textarea). */
  target: 'guishen:target',
  /** Extraction of the target into text + segments. */
  extract: 'guishen:extract',
  /** The engine: model + check. */
  check: 'guishen:check',
  /** Waiting for the engine in a worker (the file review page): no work of the page's thread. */
  offThread: 'guishen:off-thread',
  /** Registering the highlight ranges. */
  highlight: 'guishen:highlight',
  /** One whole review (target → extract → check → highlight → badge). */
  review: 'guishen:review',
  /** A review triggered by an edit (same span as review, separate name for the bench). */
  recheck: 'guishen:recheck',
  /** From the start of the first review to the second animation frame after it. */
  painted: 'guishen:painted',
  /** A re-check skipped because the text had not changed. */
  skipped: 'guishen:skipped',
} as const;

const perf: Performance | undefined = typeof performance !== 'undefined' ? performance : undefined;

/** `performance.now()`, or 0 where there is no performance object. */
export function now(): number {
  return perf ? perf.now() : 0;
}

/**
 * Record `[start, end]` as a user-timing measure named `name` (with optional detail), then
 * drop it from the buffer. Never throws (a page may have replaced `performance`).
 */
export function measure(name: string, start: number, end = now(), detail?: unknown): void {
  if (!perf) return;
  try {
    perf.measure(name, { start, end, detail });
    perf.clearMeasures(name);
  } catch {
    /* a hostile or old page: timing is optional */
  }
}
