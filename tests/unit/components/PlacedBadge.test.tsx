/**
 * The badge with a place on the page (components/inpage/PlacedBadge.tsx): drawn where the
 * stored place says, moved with the keys on its handle (the host is told, to store it), back
 * to the default with Home, and faded over a focused field that leaves it no room.
 */
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/preact';
import { InPage } from '../../../components/inpage/InPage';
import type { SpotProps } from '../../../components/inpage/PlacedBadge';
import type { SessionView } from '../../../lib/page/session';
import { modelFromHtml } from '../../../rules/model';
import { reviewed } from './fixtures';
import { renderView, t } from './helpers';

const VIEWPORT = { width: 1200, height: 800 };

function view(): SessionView {
  const { text, report } = reviewed('nb-cf-dog-fines.html');
  return {
    result: {
      target: { kind: 'page' },
      extract: null,
      model: modelFromHtml(`<p>${text}</p>`),
      report,
      lines: null,
    },
    highlightsOn: true,
    highlightsSupported: true,
    unresolved: 0,
    truncatedAt: null,
    nav: null,
    card: null,
    viewport: VIEWPORT,
    openPanel: vi.fn(),
    toggleHighlights: vi.fn(),
    prev: vi.fn(),
    next: vi.fn(),
    closeCard: vi.fn(),
    pointerInCard: vi.fn(),
  } as unknown as SessionView;
}

function draw(spot: Partial<SpotProps>) {
  const onMove = vi.fn();
  renderView(
    <InPage
      view={view()}
      cardId="gs-card"
      spot={{ anchor: null, viewport: VIEWPORT, focused: null, onMove, ...spot }}
    />,
  );
  const badge = screen.getByRole('region', { name: t('badge.region') });
  return { onMove, badge, grip: screen.getByRole('button', { name: t('badge.move') }) };
}

describe('the placed badge', () => {
  it('is drawn at the place stored for the site', () => {
    const { badge } = draw({ anchor: { h: 'left', x: 100, v: 'top', y: 200 } });
    expect(badge.style.left).toBe('100px');
    expect(badge.style.top).toBe('200px');
  });

  it('moves with the arrow keys on its handle and tells the host the new place', () => {
    const { badge, grip, onMove } = draw({ anchor: { h: 'left', x: 100, v: 'top', y: 200 } });
    fireEvent.keyDown(grip, { key: 'ArrowDown' });
    expect(onMove).toHaveBeenLastCalledWith({ h: 'left', x: 100, v: 'top', y: 216 });
    expect(badge.style.top).toBe('216px');
    fireEvent.keyDown(grip, { key: 'ArrowRight', shiftKey: true });
    expect(onMove).toHaveBeenLastCalledWith({ h: 'left', x: 164, v: 'top', y: 216 });
  });

  it('goes back to the default place with Home, and ignores other keys', () => {
    const { grip, onMove } = draw({ anchor: { h: 'left', x: 100, v: 'top', y: 200 } });
    fireEvent.keyDown(grip, { key: 'a' });
    expect(onMove).not.toHaveBeenCalled();
    fireEvent.keyDown(grip, { key: 'Home' });
    expect(onMove).toHaveBeenLastCalledWith(null);
  });

  it('fades and lets the pointer through over a focused field that fills the window', () => {
    const { badge } = draw({ focused: { left: 0, top: 0, right: 1200, bottom: 800 } });
    expect(badge.dataset.faded).toBe('true');
    expect(badge.classList.contains('gs-faded')).toBe(true);
  });

  it('is not faded when the focused field is elsewhere', () => {
    const { badge } = draw({ focused: { left: 0, top: 500, right: 300, bottom: 530 } });
    expect(badge.dataset.faded).toBeUndefined();
  });
});
