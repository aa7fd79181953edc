import { describe, expect, it } from 'vitest';
import {
  EDITOR_SCHEDULE,
  PAGE_SCHEDULE,
  createScheduler,
  type Clock,
  type ScheduleOptions,
} from '@/lib/page/schedule';

/** A manual clock: timers fire when time is advanced past them. */
function fakeClock() {
  let t = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock & { advance(ms: number): void; cost: number } = {
    cost: 0,
    now: () => t,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: t + ms, fn });
      return id;
    },
    clearTimeout(h) {
      timers.delete(h as number);
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | null = null;
        for (const e of timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
        if (!next) break;
        timers.delete(next[0]);
        t = next[1].at;
        next[1].fn();
      }
      t = end;
    },
  };
  return clock;
}

function setup(opts: ScheduleOptions, cost = 0) {
  const clock = fakeClock();
  const runs: number[] = [];
  const s = createScheduler(
    () => {
      runs.push(clock.now());
      clock.advance(cost); // the run itself takes `cost` ms
    },
    opts,
    clock,
  );
  return { clock, runs, s };
}

describe('re-check scheduling', () => {
  it('runs once, debounceMs after the last of a burst of edits', () => {
    const { clock, runs, s } = setup(EDITOR_SCHEDULE);
    for (let i = 0; i < 10; i++) {
      s.notify();
      clock.advance(30);
    }
    expect(runs).toEqual([]);
    clock.advance(EDITOR_SCHEDULE.debounceMs);
    expect(runs).toEqual([270 + EDITOR_SCHEDULE.debounceMs]);
    expect(s.pending).toBe(false);
  });

  it('still runs every maxWaitMs while edits never pause', () => {
    const { clock, runs, s } = setup(EDITOR_SCHEDULE);
    for (let i = 0; i < 100; i++) {
      s.notify();
      clock.advance(50);
    }
    // 5 s of continuous typing: a run about every second, never starved.
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(runs.length).toBeLessThanOrEqual(6);
  });

  it('keeps a page that mutates every 10 ms to a bounded share of the time', () => {
    const cost = 80; // an expensive review of a big page
    const { clock, runs, s } = setup(PAGE_SCHEDULE, cost);
    for (let i = 0; i < 1000; i++) {
      s.notify();
      clock.advance(10);
    }
    const busy = runs.length * cost;
    expect(busy / 10_000).toBeLessThan(1 / PAGE_SCHEDULE.costFactor);
    // And consecutive runs are at least costFactor × cost apart.
    for (let i = 1; i < runs.length; i++)
      expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(cost * PAGE_SCHEDULE.costFactor);
  });

  it('runs at once on request, and not at all once disposed', () => {
    const { clock, runs, s } = setup(EDITOR_SCHEDULE);
    s.notify();
    s.runNow();
    expect(runs).toEqual([0]);
    clock.advance(1000);
    expect(runs).toEqual([0]);
    s.notify();
    s.dispose();
    clock.advance(5000);
    expect(runs).toEqual([0]);
  });

  it('survives a run that throws', () => {
    const clock = fakeClock();
    let n = 0;
    const s = createScheduler(
      () => {
        n++;
        throw new Error('boom');
      },
      EDITOR_SCHEDULE,
      clock,
    );
    s.notify();
    clock.advance(500);
    s.notify();
    clock.advance(500);
    expect(n).toBe(2);
  });
});
