/**
 * The in-page badge (mounted in a shadow root by the content script): draft?, normative
 * likelihood, counts by severity, the document's title, attachments, keyboard navigation
 * through the highlighted findings (上一处/下一处), and buttons. Page text is rendered as text.
 */
import { useState } from 'preact/hooks';
import type { ComponentChildren, Ref } from 'preact';
import type { Report, Severity } from '../rules/schema';
import type { PendingAttachment } from '../rules/formats/attachments';
import { useT } from './i18n';
import { PendingAttachments } from './PendingAttachments';
import { SEVERITY_KEY, SEVERITY_ORDER, clip, countBySeverity, percent } from './labels';

/** Props of {@link Badge}. */
export interface BadgeProps {
  report: Report;
  highlightsOn: boolean;
  /** False when the browser lacks the CSS Custom Highlight API (older Firefox). */
  highlightsSupported?: boolean;
  /** Line numbers of findings when they cannot be highlighted (textarea). */
  lines?: { line: number; message: string; severity: Severity }[];
  /** Keyboard navigation: the current finding (−1 before the first move) of `total`. */
  nav?: { index: number; total: number } | null;
  /** Findings whose range could not be located on the page. */
  unresolved?: number;
  /** The reviewed text was cut at this many characters (a huge page). */
  truncatedAt?: number | null;
  /** id of the card element, so the navigation buttons describe themselves by it. */
  cardId?: string;
  /** Whether the card opened by the navigation buttons is showing. */
  cardOpen?: boolean;
  onOpenPanel(): void;
  onToggleHighlights(): void;
  onPrev?(): void;
  onNext?(): void;
  /**
   * The attachments that hold this notice's draft, not yet reviewed: the badge says so
   * instead of 「未发现问题」 0/0/0, and offers to review each.
   */
  pending?: readonly PendingAttachment[];
  onReviewAttachment?(a: PendingAttachment): void;
  /** Where the badge sits (viewport px); without it, the stylesheet's top right corner. */
  pos?: { left: number; top: number } | null;
  /** Over the page's focused field with no room beside it: translucent, pointer passes through. */
  faded?: boolean;
  /** The move handle, drawn before the head (components/inpage/PlacedBadge.tsx). */
  grip?: ComponentChildren;
  rootRef?: Ref<HTMLElement>;
}

/**
 * Each attachment once: the engine reports linked attachments and, again, names it read in
 * the text's 附件 line (no link). A name without a link that a linked entry already covers
 * is dropped.
 */
export function uniqueAttachments(
  atts: readonly { name: string; href: string }[],
): { name: string; href: string }[] {
  const linked = atts.filter((a) => a.href);
  const seen = new Set<string>();
  const out: { name: string; href: string }[] = [];
  for (const a of atts) {
    const key = a.href || a.name;
    if (seen.has(key)) continue;
    if (!a.href && linked.some((l) => l.name.includes(a.name) || a.name.includes(l.name))) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/** Attachment links are shown only for web URLs (never javascript:, data: …). */
function safeHref(href: string): string | null {
  return /^https?:\/\//i.test(href) ? href : null;
}

/** The badge. */
export function Badge({
  report,
  highlightsOn,
  highlightsSupported = true,
  lines,
  nav,
  unresolved = 0,
  truncatedAt = null,
  cardId,
  cardOpen,
  onOpenPanel,
  onToggleHighlights,
  onPrev,
  onNext,
  pending = [],
  onReviewAttachment,
  pos,
  faded = false,
  grip,
  rootRef,
}: BadgeProps) {
  const t = useT();
  // Untouched while the draft waits in an attachment: the reviewer must see why (open).
  const waiting = pending.length > 0 && report.findings.length === 0;
  const [open, setOpen] = useState(waiting);
  const c = report.classification;
  const counts = countBySeverity(report.findings);
  const atts = uniqueAttachments(report.facts.attachments);
  const title = report.facts.title;
  return (
    <section
      ref={rootRef}
      class={faded ? 'gs-badge gs-faded' : 'gs-badge'}
      role="region"
      aria-label={t('badge.region')}
      style={pos ? { left: `${pos.left}px`, top: `${pos.top}px`, right: 'auto' } : undefined}
      data-faded={faded || undefined}
    >
      <div class="gs-head-row">
        {grip}
        <button
          type="button"
          class="gs-head"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          title={open ? t('badge.collapse') : t('badge.expand')}
        >
          <span class="gs-logo">{t('badge.region')}</span>
          {c.isDraft && <span class="gs-tag gs-draft">{t('badge.draft')}</span>}
          <span class="gs-tag gs-score" title={t('badge.scoreTitle')}>
            {t('badge.score', [percent(c.score)])}
          </span>
          {waiting && (
            <span class="gs-tag gs-pending-tag" data-testid="pending-tag">
              {t('badge.pendingShort')}
            </span>
          )}
          {!waiting &&
            SEVERITY_ORDER.map((s) => (
              <span
                key={s}
                class={`gs-count gs-${s}`}
                data-severity={s}
                title={t('badge.countTitle', [t(SEVERITY_KEY[s]), counts[s]])}
              >
                {t(SEVERITY_KEY[s])} {counts[s]}
              </span>
            ))}
        </button>
      </div>
      {nav && nav.total > 0 && (
        <div class="gs-nav" role="group" aria-label={t('badge.navTitle')}>
          <button
            type="button"
            class="gs-prev"
            onClick={onPrev}
            aria-describedby={cardOpen ? cardId : undefined}
          >
            {t('badge.prev')}
          </button>
          <span class="gs-pos" aria-live="polite">
            {nav.index >= 0
              ? t('badge.position', [nav.index + 1, nav.total])
              : t('badge.total', [nav.total])}
          </span>
          <button
            type="button"
            class="gs-next"
            onClick={onNext}
            aria-describedby={cardOpen ? cardId : undefined}
          >
            {t('badge.next')}
          </button>
        </div>
      )}
      {open && (
        <div class="gs-body">
          {title && <p class="gs-title">{t('badge.docTitle', [clip(title, 80)])}</p>}
          <p class="gs-level">
            {c.isDocument
              ? t('badge.levelLine', [c.isDraft ? t('badge.draft') : t('badge.final'), c.level])
              : t('badge.notDocument')}
          </p>
          {c.reasons.length > 0 && (
            <ul class="gs-reasons" aria-label={t('badge.reasons')}>
              {c.reasons.slice(0, 3).map((r, i) => (
                <li key={i}>
                  {r.weight >= 0 ? '＋' : '－'} {r.text}
                </li>
              ))}
            </ul>
          )}
          {waiting && onReviewAttachment ? (
            <PendingAttachments pending={pending} onReview={onReviewAttachment} prefix="gs" />
          ) : (
            report.findings.length === 0 && <p class="gs-none">{t('badge.noFindings')}</p>
          )}
          {atts.length > 0 && (
            <div class="gs-atts">
              <p>{t('badge.attachments')}</p>
              <ul>
                {atts.slice(0, 8).map((a, i) => {
                  const href = safeHref(a.href);
                  const name = clip(a.name, 40);
                  return (
                    <li key={i}>
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer">
                          {name}
                        </a>
                      ) : (
                        name
                      )}
                    </li>
                  );
                })}
              </ul>
              {atts.length > 8 && <p>{t('badge.attachmentsMore', [atts.length - 8])}</p>}
            </div>
          )}
          {lines && lines.length > 0 && (
            <div class="gs-lines-box">
              <p>{t('badge.lines')}</p>
              <ol class="gs-lines">
                {lines.slice(0, 20).map((l, i) => (
                  <li key={i} class={`gs-${l.severity}`} data-line={l.line}>
                    {t('badge.lineItem', [l.line, clip(l.message, 60)])}
                  </li>
                ))}
              </ol>
              {lines.length > 20 && <p>{t('badge.linesMore', [lines.length - 20])}</p>}
            </div>
          )}
          {unresolved > 0 && <p class="gs-unresolved">{t('badge.unresolved', [unresolved])}</p>}
          {truncatedAt !== null && (
            <p class="gs-unresolved gs-truncated">{t('badge.truncated', [truncatedAt])}</p>
          )}
          {!highlightsSupported && <p class="gs-unsupported">{t('badge.highlightsUnsupported')}</p>}
          <div class="gs-actions">
            <button type="button" class="gs-open-panel" onClick={onOpenPanel}>
              {t('badge.openPanel')}
            </button>
            {highlightsSupported && (
              <button type="button" class="gs-toggle" onClick={onToggleHighlights}>
                {highlightsOn ? t('badge.hideHighlights') : t('badge.showHighlights')}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
