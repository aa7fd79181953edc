/**
 * The page side of the badge's place (components/inpage/spot.ts holds the pure placement):
 * the place the reviewer dragged it to on each site, kept per origin in
 * `browser.storage.local` (never the page's own localStorage, which the page can read and
 * clear); the page's focused field, so the badge steps aside from it; and whether the page has
 * something to click under a box, so a badge never moved on a site avoids the portal's top
 * links and search box.
 */
import { browser } from 'wxt/browser';
import { isAnchor, type Anchor, type Box } from '@/components/inpage/spot';

/** The storage.local key: origin → { place, when it was set }. */
export const SPOT_KEY = 'guishen.badgeSpot';
/** Places kept for at most this many sites (the oldest are forgotten). */
const MAX_SITES = 300;

type Stored = Record<string, { anchor: Anchor; at: number }>;

async function readAll(): Promise<Stored> {
  const got = await browser.storage.local.get(SPOT_KEY);
  const all = got[SPOT_KEY];
  return all && typeof all === 'object' ? (all as Stored) : {};
}

/** The place stored for `origin`, or null (never moved there, or storage unavailable). */
export async function loadSpot(origin: string): Promise<Anchor | null> {
  try {
    const a = (await readAll())[origin]?.anchor;
    return isAnchor(a) ? a : null;
  } catch {
    return null;
  }
}

/** Remembers (or, with null, forgets) the badge's place on `origin`. Never throws. */
export async function saveSpot(origin: string, anchor: Anchor | null): Promise<void> {
  try {
    const all = await readAll();
    if (anchor) all[origin] = { anchor, at: Date.now() };
    else delete all[origin];
    const keys = Object.keys(all);
    if (keys.length > MAX_SITES)
      for (const k of keys
        .sort((a, b) => all[a]!.at - all[b]!.at)
        .slice(0, keys.length - MAX_SITES))
        delete all[k];
    await browser.storage.local.set({ [SPOT_KEY]: all });
  } catch {
    /* storage unavailable (the extension was reloaded): the place holds on this page */
  }
}

/** Input types a reviewer types into (not buttons, checkboxes, ranges …). */
const TEXT_INPUTS = new Set([
  '',
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'week',
  'time',
]);

/** Whether `el` is a field the reviewer types into. */
export function isEditable(el: Element | null): el is HTMLElement {
  if (!el || !(el instanceof HTMLElement)) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return TEXT_INPUTS.has(el.type.toLowerCase());
  if (el.isContentEditable) return true;
  // A same-origin editor frame (designMode or an editable body inside).
  if (el instanceof HTMLIFrameElement) {
    try {
      const doc = el.contentDocument;
      return (
        !!doc &&
        (doc.designMode === 'on' || !!(doc.activeElement as HTMLElement | null)?.isContentEditable)
      );
    } catch {
      return false;
    }
  }
  return false;
}

function rectBox(r: DOMRect): Box {
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
}

/**
 * Follows the page's focused field: calls `fn` with its box in viewport coordinates while a
 * field the reviewer types into has focus (again as the page scrolls, resizes or the field
 * grows), with null when focus leaves it. `host` is the extension's own element (focus inside
 * the badge is not the page's). Returns a stop function.
 */
export function watchFocusedField(
  host: () => Element | null,
  fn: (box: Box | null) => void,
): () => void {
  let frame = 0;
  let last = '';
  const measure = () => {
    frame = 0;
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement && el !== host()) el = el.shadowRoot.activeElement;
    const box = el && el !== host() && isEditable(el) ? rectBox(el.getBoundingClientRect()) : null;
    const key = box ? `${box.left},${box.top},${box.right},${box.bottom}` : '';
    if (key === last) return;
    last = key;
    fn(box);
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(measure);
  };
  const events: [EventTarget, string][] = [
    [document, 'focusin'],
    [document, 'focusout'],
    [document, 'input'],
    [window, 'scroll'],
    [window, 'resize'],
  ];
  for (const [t, e] of events) t.addEventListener(e, schedule, { capture: true, passive: true });
  schedule();
  return () => {
    cancelAnimationFrame(frame);
    for (const [t, e] of events) t.removeEventListener(e, schedule, { capture: true });
  };
}

/** What a reader clicks or types into. */
const INTERACTIVE =
  'a[href], button, input, select, textarea, summary, [contenteditable=""], [contenteditable="true"], [role="button"], [role="link"], [role="searchbox"], [role="search"], [tabindex]:not([tabindex="-1"])';

/**
 * Whether the page shows something to click or type into under `box` (viewport coordinates),
 * sampled on a grid of points (the topmost element under each, our own host skipped).
 */
export function pageBusy(box: Box, host: Element | null): boolean {
  const cols = 6;
  const rows = 3;
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < rows; j++) {
      const x = box.left + ((i + 0.5) * (box.right - box.left)) / cols;
      const y = box.top + ((j + 0.5) * (box.bottom - box.top)) / rows;
      const under = document.elementsFromPoint(x, y).find((e) => e !== host && !host?.contains(e));
      if (under?.closest(INTERACTIVE)) return true;
    }
  return false;
}

/** The page's viewport size (without scroll bars). */
export function viewportSize(): { width: number; height: number } {
  return {
    width: document.documentElement.clientWidth || window.innerWidth,
    height: document.documentElement.clientHeight || window.innerHeight,
  };
}
