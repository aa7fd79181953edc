/**
 * Where the in-page badge sits: pure placement, so every edge case is unit-tested without
 * layout (tests/unit/components/spot.test.ts).
 *
 * A place is kept as distances from the nearest horizontal and vertical edges of the viewport
 * (an {@link Anchor}): a badge dragged to the right stays at the right when the window widens,
 * one at the bottom grows upwards when it is expanded. Every computed box is clamped inside the
 * viewport. Without a stored place the badge takes the first corner where the page has nothing
 * to click ({@link chooseDefault}: portals put their top links and search box in the top right),
 * and it steps aside from — or fades over — the page's focused input ({@link avoid}).
 */
import type { Box } from './place';

export type { Box } from './place';

/** A place: distance from the left or right edge and from the top or bottom edge (px). */
export interface Anchor {
  h: 'left' | 'right';
  x: number;
  v: 'top' | 'bottom';
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Margin kept from the viewport's edges (px), and between the badge and a focused field. */
export const MARGIN = 8;
const GAP = 8;
/** The badge's place when nothing else is known: 12 px from the top right corner. */
export const DEFAULT_ANCHOR: Anchor = { h: 'right', x: 12, v: 'top', y: 12 };
/** Keyboard steps (px): an arrow key, and Shift with an arrow key. */
export const STEP = 16;
export const BIG_STEP = 64;

/** The badge's top-left corner inside the viewport: the anchor, clamped. */
export function boxFromAnchor(
  anchor: Anchor,
  size: Size,
  viewport: Size,
): { left: number; top: number } {
  const left = anchor.h === 'left' ? anchor.x : viewport.width - anchor.x - size.width;
  const top = anchor.v === 'top' ? anchor.y : viewport.height - anchor.y - size.height;
  return clamp({ left, top }, size, viewport);
}

/** A top-left corner moved inside the viewport (a box larger than it sits at the margin). */
export function clamp(
  pos: { left: number; top: number },
  size: Size,
  viewport: Size,
): { left: number; top: number } {
  const fit = (v: number, len: number, room: number) =>
    Math.round(Math.max(MARGIN, Math.min(v, room - MARGIN - len)));
  return {
    left: fit(pos.left, size.width, viewport.width),
    top: fit(pos.top, size.height, viewport.height),
  };
}

/** The anchor of a box: measured from the edges nearest to its centre. */
export function anchorFromBox(
  pos: { left: number; top: number },
  size: Size,
  viewport: Size,
): Anchor {
  const p = clamp(pos, size, viewport);
  const right = p.left + size.width / 2 > viewport.width / 2;
  const bottom = p.top + size.height / 2 > viewport.height / 2;
  return {
    h: right ? 'right' : 'left',
    x: Math.max(0, Math.round(right ? viewport.width - p.left - size.width : p.left)),
    v: bottom ? 'bottom' : 'top',
    y: Math.max(0, Math.round(bottom ? viewport.height - p.top - size.height : p.top)),
  };
}

/** The box a badge of `size` covers at `pos`. */
export function boxAt(pos: { left: number; top: number }, size: Size): Box {
  return {
    left: pos.left,
    top: pos.top,
    right: pos.left + size.width,
    bottom: pos.top + size.height,
  };
}

/** Whether two boxes share any area. */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * The four corners, top right first (where the badge has always been), then the other corners
 * in the order a reader's eye least needs them: bottom right, bottom left, top left.
 */
const CORNERS: Anchor[] = [
  DEFAULT_ANCHOR,
  { h: 'right', x: 12, v: 'bottom', y: 12 },
  { h: 'left', x: 12, v: 'bottom', y: 12 },
  { h: 'left', x: 12, v: 'top', y: 12 },
];

/**
 * The place of a badge that was never moved on this site: the first corner where `busy` (the
 * page has a link, button or field there) is false; the top right when every corner is busy.
 */
export function chooseDefault(size: Size, viewport: Size, busy: (box: Box) => boolean): Anchor {
  for (const c of CORNERS) if (!busy(boxAt(boxFromAnchor(c, size, viewport), size))) return c;
  return DEFAULT_ANCHOR;
}

/**
 * A badge at `pos` over the page's focused field `field`: unchanged when they do not overlap;
 * else the nearest place beside the field (below, above, left or right of it) that fits in the
 * viewport; else 'fade' (the badge turns translucent and lets the pointer through).
 */
export function avoid(
  pos: { left: number; top: number },
  size: Size,
  field: Box,
  viewport: Size,
): { left: number; top: number } | 'fade' {
  if (!overlaps(boxAt(pos, size), field)) return pos;
  const candidates = [
    { left: pos.left, top: field.bottom + GAP },
    { left: pos.left, top: field.top - GAP - size.height },
    { left: field.left - GAP - size.width, top: pos.top },
    { left: field.right + GAP, top: pos.top },
  ]
    .map((c) => clamp(c, size, viewport))
    .filter((c) => !overlaps(boxAt(c, size), field));
  if (candidates.length === 0) return 'fade';
  const dist = (c: { left: number; top: number }) =>
    Math.abs(c.left - pos.left) + Math.abs(c.top - pos.top);
  return candidates.reduce((a, b) => (dist(b) < dist(a) ? b : a));
}

/**
 * The place after a key on the badge's move handle: arrows move by {@link STEP} (Shift:
 * {@link BIG_STEP}) inside the viewport; Home goes back to the default place (null). Any other
 * key: undefined (not handled).
 */
export function nudge(
  pos: { left: number; top: number },
  size: Size,
  viewport: Size,
  key: string,
  shift: boolean,
): Anchor | null | undefined {
  const d = shift ? BIG_STEP : STEP;
  const moves: Record<string, [number, number]> = {
    ArrowLeft: [-d, 0],
    ArrowRight: [d, 0],
    ArrowUp: [0, -d],
    ArrowDown: [0, d],
  };
  if (key === 'Home') return null;
  const m = moves[key];
  if (!m) return undefined;
  return anchorFromBox({ left: pos.left + m[0], top: pos.top + m[1] }, size, viewport);
}

/** Whether a stored value is an anchor (storage may hold anything an older build wrote). */
export function isAnchor(v: unknown): v is Anchor {
  if (!v || typeof v !== 'object') return false;
  const a = v as Record<string, unknown>;
  const num = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n < 100_000;
  return (
    (a.h === 'left' || a.h === 'right') &&
    (a.v === 'top' || a.v === 'bottom') &&
    num(a.x) &&
    num(a.y)
  );
}
