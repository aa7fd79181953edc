import { describe, expect, it } from 'vitest';
import { placeCard } from '@/components/inpage/place';

const vp = { width: 1000, height: 800 };
const size = { width: 300, height: 200 };

describe('card placement next to a highlight', () => {
  it.each([
    [
      'below the range when there is room',
      { left: 100, top: 100, right: 200, bottom: 120 },
      { left: 100, top: 126 },
    ],
    [
      'above the range near the bottom edge',
      { left: 100, top: 700, right: 200, bottom: 720 },
      { left: 100, top: 494 },
    ],
    [
      'inside the right edge',
      { left: 900, top: 100, right: 960, bottom: 120 },
      { left: 692, top: 126 },
    ],
    [
      'inside the left edge for a range scrolled off to the left',
      { left: -50, top: 100, right: 10, bottom: 120 },
      { left: 8, top: 126 },
    ],
  ])('puts the card %s', (_, anchor, want) => {
    expect(placeCard(anchor, size, vp)).toEqual(want);
  });

  it('keeps a card taller than the viewport pinned to the top margin', () => {
    expect(
      placeCard({ left: 10, top: 300, right: 50, bottom: 320 }, { width: 300, height: 2000 }, vp)
        .top,
    ).toBe(8);
  });

  it('never leaves the viewport, wherever the range is', () => {
    for (let y = -500; y < 1500; y += 37)
      for (let x = -300; x < 1300; x += 53) {
        const p = placeCard({ left: x, top: y, right: x + 40, bottom: y + 20 }, size, vp);
        expect(p.left).toBeGreaterThanOrEqual(8);
        expect(p.left + size.width).toBeLessThanOrEqual(vp.width - 8);
        expect(p.top).toBeGreaterThanOrEqual(8);
        expect(p.top + size.height).toBeLessThanOrEqual(vp.height - 8);
      }
  });
});
