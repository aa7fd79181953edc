/**
 * Per-browser preferences of the in-page UI in `browser.storage.local` (not IndexedDB: the
 * content script reads them without a round trip to the background). Only whether
 * highlights are painted; everything the office configures lives in the settings record.
 */
import { browser } from 'wxt/browser';

/** The storage.local key of the highlight switch. */
export const HIGHLIGHTS_KEY = 'guishen.highlightsOn';

/** Whether highlights should be painted (default: yes). Never throws. */
export async function loadHighlightsOn(): Promise<boolean> {
  try {
    const got = await browser.storage.local.get(HIGHLIGHTS_KEY);
    return got[HIGHLIGHTS_KEY] !== false;
  } catch {
    return true;
  }
}

/** Remember the highlight switch for every tab of this browser. Never throws. */
export async function saveHighlightsOn(on: boolean): Promise<void> {
  try {
    await browser.storage.local.set({ [HIGHLIGHTS_KEY]: on });
  } catch {
    /* storage unavailable (e.g. the extension was reloaded): the switch still works here */
  }
}

/** Calls `fn` when another tab changes the switch. Returns a stop function. */
export function onHighlightsOnChanged(fn: (on: boolean) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(HIGHLIGHTS_KEY in changes)) return;
    fn(changes[HIGHLIGHTS_KEY]!.newValue !== false);
  };
  try {
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  } catch {
    return () => {};
  }
}
