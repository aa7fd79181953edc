import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ANCHOR,
  MARGIN,
  anchorFromBox,
  avoid,
  boxAt,
  boxFromAnchor,
  chooseDefault,
  isAnchor,
  nudge,
  overlaps,
  type Box,
} from '../../../components/inpage/spot';

const VP = { width: 1280, height: 800 };
const SIZE = { width: 300, height: 40 };

describe('the badge place', () => {
  it.each([
    ['top right', { h: 'right', x: 12, v: 'top', y: 12 }, { left: 968, top: 12 }],
    ['bottom right', { h: 'right', x: 20, v: 'bottom', y: 30 }, { left: 960, top: 730 }],
    ['top left', { h: 'left', x: 100, v: 'top', y: 200 }, { left: 100, top: 200 }],
    ['bottom left', { h: 'left', x: 0, v: 'bottom', y: 0 }, { left: MARGIN, top: 752 }],
  ] as const)('is measured from the %s edges', (_, anchor, box) => {
    expect(boxFromAnchor(anchor, SIZE, VP)).toEqual(box);
  });

  it('stays inside a viewport that shrank below the stored distance', () => {
    const anchor = { h: 'left', x: 1200, v: 'top', y: 780 } as const;
    expect(boxFromAnchor(anchor, SIZE, { width: 600, height: 400 })).toEqual({
      left: 600 - MARGIN - 300,
      top: 400 - MARGIN - 40,
    });
  });

  it('sits at the margin when the badge is larger than the viewport', () => {
    expect(
      boxFromAnchor(DEFAULT_ANCHOR, { width: 500, height: 900 }, { width: 320, height: 480 }),
    ).toEqual({
      left: MARGIN,
      top: MARGIN,
    });
  });

  it('keeps its distance from the right edge when the window widens', () => {
    const anchor = anchorFromBox({ left: 900, top: 10 }, SIZE, VP);
    expect(anchor).toEqual({ h: 'right', x: 80, v: 'top', y: 10 });
    expect(boxFromAnchor(anchor, SIZE, { width: 1600, height: 800 }).left).toBe(1600 - 80 - 300);
  });

  it('grows upwards from the bottom edge when it was dropped in the lower half', () => {
    const anchor = anchorFromBox({ left: 40, top: 700 }, SIZE, VP);
    expect(anchor).toEqual({ h: 'left', x: 40, v: 'bottom', y: 60 });
    expect(boxFromAnchor(anchor, { width: 300, height: 300 }, VP).top).toBe(800 - 60 - 300);
  });

  it('round-trips a box through its anchor', () => {
    for (const pos of [
      { left: 8, top: 8 },
      { left: 500, top: 300 },
      { left: 972, top: 752 },
    ])
      expect(boxFromAnchor(anchorFromBox(pos, SIZE, VP), SIZE, VP)).toEqual(pos);
  });
});

describe('the default place on a site where the badge was never moved', () => {
  const links: Box = { left: 1000, top: 0, right: 1280, bottom: 60 };
  const footer: Box = { left: 0, top: 740, right: 1280, bottom: 800 };
  const busyWith = (boxes: Box[]) => (b: Box) => boxes.some((o) => overlaps(o, b));

  it.each([
    ['nothing to click anywhere', [], DEFAULT_ANCHOR],
    ['top links in the top right', [links], { h: 'right', x: 12, v: 'bottom', y: 12 }],
    ['top links and a footer bar', [links, footer], { h: 'left', x: 12, v: 'top', y: 12 }],
  ] as const)('with %s is the first free corner', (_, boxes, expected) => {
    expect(chooseDefault(SIZE, VP, busyWith([...boxes]))).toEqual(expected);
  });

  it('is the top right when every corner is busy', () => {
    expect(chooseDefault(SIZE, VP, () => true)).toEqual(DEFAULT_ANCHOR);
  });
});

describe('a focused field under the badge', () => {
  const at = { left: 968, top: 12 };

  it('leaves the badge where it is when they do not overlap', () => {
    expect(avoid(at, SIZE, { left: 0, top: 0, right: 400, bottom: 30 }, VP)).toBe(at);
  });

  it('moves the badge just below a search box it covered', () => {
    const search = { left: 1000, top: 10, right: 1200, bottom: 36 };
    const pos = avoid(at, SIZE, search, VP);
    expect(pos).toEqual({ left: 968, top: 44 });
    expect(overlaps(boxAt(pos as { left: number; top: number }, SIZE), search)).toBe(false);
  });

  it('moves the badge beside a tall editor rather than far below it', () => {
    const editor = { left: 700, top: 0, right: 1100, bottom: 800 };
    const pos = avoid(at, SIZE, editor, VP) as { left: number; top: number };
    expect(overlaps(boxAt(pos, SIZE), editor)).toBe(false);
    expect(pos.top).toBe(12);
  });

  it('fades the badge when the field fills the viewport', () => {
    expect(avoid(at, SIZE, { left: 0, top: 0, right: 1280, bottom: 800 }, VP)).toBe('fade');
  });
});

describe('moving the badge with the keyboard', () => {
  const at = { left: 500, top: 300 };
  it.each([
    ['ArrowLeft', false, { left: 484, top: 300 }],
    ['ArrowRight', false, { left: 516, top: 300 }],
    ['ArrowUp', true, { left: 500, top: 236 }],
    ['ArrowDown', true, { left: 500, top: 364 }],
  ])('%s (shift %s) moves it by a step', (key, shift, expected) => {
    const a = nudge(at, SIZE, VP, key, shift);
    expect(boxFromAnchor(a!, SIZE, VP)).toEqual(expected);
  });

  it('stops at the viewport edge', () => {
    const a = nudge({ left: MARGIN, top: MARGIN }, SIZE, VP, 'ArrowLeft', true);
    expect(boxFromAnchor(a!, SIZE, VP)).toEqual({ left: MARGIN, top: MARGIN });
  });

  it('goes back to the default place with Home and ignores other keys', () => {
    expect(nudge(at, SIZE, VP, 'Home', false)).toBeNull();
    expect(nudge(at, SIZE, VP, 'a', false)).toBeUndefined();
  });
});

describe('a stored place', () => {
  it.each([
    [{ h: 'right', x: 12, v: 'top', y: 12 }, true],
    [{ h: 'middle', x: 12, v: 'top', y: 12 }, false],
    [{ h: 'left', x: -5, v: 'top', y: 12 }, false],
    [{ h: 'left', x: Number.NaN, v: 'bottom', y: 12 }, false],
    [{ h: 'left', x: 1, v: 'bottom' }, false],
    ['top right', false],
    [null, false],
  ])('%j is an anchor: %s', (value, ok) => {
    expect(isAnchor(value)).toBe(ok);
  });
});
