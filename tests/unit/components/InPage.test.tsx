/**
 * The in-page view shared by portal pages and the file review page: the badge with its
 * counts and navigation, the keyboard card on the current finding, Escape to close it, and
 * the attachments a notice points to.
 */
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/preact';
import { InPage } from '../../../components/inpage/InPage';
import type { SessionView } from '../../../lib/page/session';
import { modelFromHtml } from '../../../rules/model';
import { reviewed } from './fixtures';
import { renderView, t } from './helpers';

function viewOf(file: string, card: boolean): SessionView {
  const { text, report } = reviewed(file);
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
    nav: { index: 0, total: report.findings.length },
    card: card
      ? {
          findings: [report.findings[0]!],
          facts: [],
          anchor: { left: 10, top: 10, right: 60, bottom: 30 },
          source: 'keyboard',
          position: { index: 0, total: report.findings.length },
        }
      : null,
    viewport: { width: 1200, height: 800 },
    openPanel: vi.fn(),
    toggleHighlights: vi.fn(),
    prev: vi.fn(),
    next: vi.fn(),
    closeCard: vi.fn(),
    pointerInCard: vi.fn(),
  } as unknown as SessionView;
}

describe('the in-page view', () => {
  it('shows the badge and, on keyboard navigation, the card of the current finding', () => {
    const view = viewOf('nb-cf-dog-fines.html', true);
    const { container } = renderView(<InPage view={view} cardId="gs-card" />);
    expect(screen.getByRole('region', { name: t('badge.region') })).toBeTruthy();
    const card = screen.getByRole('dialog', { name: t('badge.card.label') });
    expect(card.id).toBe('gs-card');
    expect(card.textContent).toContain(view.result.report.findings[0]!.message);
    fireEvent.keyDown(container.querySelector('.gs-root')!, { key: 'Escape' });
    expect(view.closeCard).toHaveBeenCalledTimes(1);
  });

  it('has no card and ignores Escape when no finding is open', () => {
    const view = viewOf('nb-cf-dog-fines.html', false);
    const { container } = renderView(<InPage view={view} cardId="gs-card" />);
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.keyDown(container.querySelector('.gs-root')!, { key: 'Escape' });
    expect(view.closeCard).not.toHaveBeenCalled();
  });

  it('says where a finding is in a reviewed file, and nothing on a page', () => {
    const view = viewOf('nb-cf-dog-fines.html', true);
    const at: number[] = [];
    const locate = (o: number) => (at.push(o), '第 2 页第 7 行');
    const { rerender } = renderView(<InPage view={view} cardId="gs-card" locate={locate} />);
    const card = screen.getByRole('dialog');
    expect(card.textContent).toContain(t('badge.card.where', ['第 2 页第 7 行']));
    expect([...new Set(at)]).toEqual([view.result.report.findings[0]!.range.start]);
    rerender(<InPage view={view} cardId="gs-card" />);
    expect(screen.getByRole('dialog').textContent).not.toContain(
      t('badge.card.where', ['']).trim(),
    );
  });
});
