/** Something to await between slices of a long export: a yield on the page, nothing in a worker. */
export type Pause = () => Promise<void>;

/** Let the page handle input and paint between slices of a long export. */
export function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * No pause: in the export worker (lib/export/export.worker.ts) no page waits on the thread, and a
 * yield there only adds time.
 */
export function noPause(): Promise<void> {
  return Promise.resolve();
}
