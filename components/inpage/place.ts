/**
 * Where to put a finding card next to a highlighted range: below it when there is room,
 * else above, else on whichever side has more room; always inside the viewport. Pure, so
 * the edge cases are unit-tested without layout.
 */

/** A rectangle in viewport coordinates (DOMRect-like). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Margin kept from the viewport edges and gap between the range and the card (px). */
const MARGIN = 8;
const GAP = 6;

/** The card's top-left corner for an anchor box, a card size and a viewport size. */
export function placeCard(
  anchor: Box,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number } {
  const below = viewport.height - anchor.bottom - GAP - MARGIN;
  const above = anchor.top - GAP - MARGIN;
  let top: number;
  if (size.height <= below) top = anchor.bottom + GAP;
  else if (size.height <= above) top = anchor.top - GAP - size.height;
  else if (below >= above) top = viewport.height - MARGIN - size.height;
  else top = MARGIN;
  top = Math.max(MARGIN, Math.min(top, viewport.height - MARGIN - size.height));
  // A card taller than the viewport: pin it to the top margin (it scrolls inside).
  if (size.height > viewport.height - 2 * MARGIN) top = MARGIN;
  let left = anchor.left;
  left = Math.min(left, viewport.width - MARGIN - size.width);
  left = Math.max(MARGIN, left);
  return { left: Math.round(left), top: Math.round(top) };
}
