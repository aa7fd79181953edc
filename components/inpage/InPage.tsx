/**
 * What a reviewed page shows in its own shadow root: the badge (counts, navigation, the lines
 * of an editor) and the hit card of the current finding. The same view on a portal page (the
 * content script) and on the file review page, so both behave alike; each host decides where
 * the shadow root sits. Page text reaches the DOM only as text (Preact text nodes).
 */
import type { PendingAttachment } from '@/rules/formats/attachments';
import type { SessionView } from '@/lib/page/session';
import { Badge, type BadgeProps } from '../Badge';
import { HitCard } from './HitCard';
import { PlacedBadge, type SpotProps } from './PlacedBadge';

export interface InPageProps {
  view: SessionView;
  /** The card's element id (the badge's navigation points at it with aria-controls). */
  cardId: string;
  /** Attachments that hold the draft when the page itself is only a notice. */
  pending?: readonly PendingAttachment[];
  onReviewAttachment?(a: PendingAttachment): void;
  /** For a reviewed file: the page and line, or paragraph, of a text offset. */
  locate?(offset: number): string;
  /** The badge's place on the page (draggable, remembered); without it, the top right. */
  spot?: SpotProps;
}

export function InPage({ view, cardId, pending, onReviewAttachment, locate, spot }: InPageProps) {
  const r = view.result;
  const lines = r.lines?.map((line, i) => ({
    line,
    message: r.report.findings[i]!.message,
    severity: r.report.findings[i]!.severity,
  }));
  const card = view.card;
  const badge: BadgeProps = {
    report: r.report,
    highlightsOn: view.highlightsOn,
    highlightsSupported: view.highlightsSupported,
    lines,
    nav: view.nav,
    unresolved: view.unresolved,
    truncatedAt: view.truncatedAt,
    cardId,
    cardOpen: card?.source === 'keyboard',
    onOpenPanel: view.openPanel,
    onToggleHighlights: view.toggleHighlights,
    onPrev: view.prev,
    onNext: view.next,
    pending,
    onReviewAttachment,
  };
  return (
    <div
      class="gs-root"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && card) view.closeCard();
      }}
    >
      {spot ? <PlacedBadge {...badge} spot={spot} /> : <Badge {...badge} />}
      {card && (
        <HitCard
          id={cardId}
          findings={card.findings}
          facts={card.facts}
          anchor={card.anchor}
          viewport={view.viewport}
          source={card.source}
          position={card.position}
          onClose={view.closeCard}
          onPointerInside={view.pointerInCard}
          locate={locate}
        />
      )}
    </div>
  );
}
