/**
 * When to re-check after the page or the draft changed. Pure timing logic (the clock is
 * injected), so its bounds are unit-tested rather than hoped for.
 *
 * - **Debounce**: a burst of edits (typing) gives one re-check `debounceMs` after the last one.
 * - **Max wait**: a burst that never pauses (a page rewriting itself every 50 ms, a fast
 *   typist) still gets a re-check every `maxWaitMs`, instead of starving the reviewer.
 * - **Back-off by cost**: the next run starts no sooner than `max(minGapMs, costFactor ×
 *   last duration)` after the last one ended, so however often a page mutates, the share of
 *   the main thread spent re-checking stays below about 1 / (costFactor + 1).
 */

/** Timing parameters of a {@link createScheduler}. */
export interface ScheduleOptions {
  debounceMs: number;
  maxWaitMs: number;
  minGapMs: number;
  costFactor: number;
}

/** Re-checking a draft while it is being typed: quick, the budget is 500 ms after a pause. */
export const EDITOR_SCHEDULE: ScheduleOptions = {
  debounceMs: 120,
  maxWaitMs: 1000,
  minGapMs: 0,
  costFactor: 4,
};

/** Re-checking a portal page that changed: pages that rewrite themselves must stay cheap. */
export const PAGE_SCHEDULE: ScheduleOptions = {
  debounceMs: 400,
  maxWaitMs: 3000,
  minGapMs: 1000,
  costFactor: 10,
};

/** The clock the scheduler reads and sets timers on (real one by default). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A scheduler created by {@link createScheduler}. */
export interface Scheduler {
  /** Something changed: schedule a run per the options. */
  notify(): void;
  /** Run now (an explicit request, e.g. packs changed), resetting the burst. */
  runNow(): void;
  /** Forget pending work and stop. */
  dispose(): void;
  /** Whether a run is scheduled. */
  readonly pending: boolean;
}

/**
 * Calls `run` per {@link ScheduleOptions}. `run`'s own duration (measured with the clock)
 * feeds the back-off. A throwing `run` is contained: the scheduler keeps working.
 */
export function createScheduler(
  run: () => void,
  opts: ScheduleOptions,
  clock: Clock = realClock,
): Scheduler {
  let timer: unknown = null;
  let burstStart = -1;
  let lastEnd = -Infinity;
  let lastCost = 0;
  let disposed = false;

  const fire = () => {
    timer = null;
    burstStart = -1;
    if (disposed) return;
    const t0 = clock.now();
    try {
      run();
    } catch {
      /* contained: a failing review must not stop later ones */
    }
    lastEnd = clock.now();
    lastCost = lastEnd - t0;
  };

  const schedule = () => {
    const t = clock.now();
    if (burstStart < 0) burstStart = t;
    const debounced = Math.min(t + opts.debounceMs, burstStart + opts.maxWaitMs);
    const earliest = lastEnd + Math.max(opts.minGapMs, opts.costFactor * lastCost);
    const due = Math.max(debounced, earliest);
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(fire, Math.max(0, due - t));
  };

  return {
    notify() {
      if (!disposed) schedule();
    },
    runNow() {
      if (disposed) return;
      if (timer !== null) clock.clearTimeout(timer);
      fire();
    },
    dispose() {
      disposed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
    get pending() {
      return timer !== null;
    },
  };
}
