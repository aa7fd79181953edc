/**
 * The card shown next to a highlight on hover or keyboard focus: the findings under the
 * pointer (most severe first) and the facts recognised there. Positioned in viewport
 * coordinates next to the range (placeCard), measured after render so it never leaves the
 * viewport. All page text is rendered as text nodes.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FactSpan, Finding } from '../../rules/schema';
import { FindingCard } from '../FindingCard';
import { useT } from '../i18n';
import { clip } from '../labels';
import { placeCard, type Box } from './place';

/** Props of {@link HitCard}. */
export interface HitCardProps {
  /** DOM id, so the badge's navigation buttons can point at the card (aria-describedby). */
  id: string;
  findings: readonly Finding[];
  facts: readonly FactSpan[];
  /** The highlighted range's box in the top viewport. */
  anchor: Box;
  viewport: { width: number; height: number };
  /** Hover cards follow the pointer; keyboard cards stay until closed or moved. */
  source: 'hover' | 'keyboard';
  /** "第 n/N 处" for keyboard navigation. */
  position?: { index: number; total: number } | null;
  onClose(): void;
  /** The pointer entered or left the card (keeps a hover card open while it is read). */
  onPointerInside?(inside: boolean): void;
  /** For a reviewed file: where an offset is (「第 3 页第 12 行」); empty when unknown. */
  locate?(offset: number): string;
}

/** At most this many findings are listed in full; the rest are counted. */
const MAX_FINDINGS = 3;

/** The positioned card. */
export function HitCard(props: HitCardProps) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 360, height: 160 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    if (Math.abs(w - size.width) > 1 || Math.abs(h - size.height) > 1)
      setSize({ width: w, height: h });
  });
  const pos = placeCard(props.anchor, size, props.viewport);
  const shown = props.findings.slice(0, MAX_FINDINGS);
  const rest = props.findings.length - shown.length;
  const worst = props.findings[0]?.severity ?? 'fact';
  return (
    <div
      ref={ref}
      id={props.id}
      class={`gs-card gs-${worst}`}
      role={props.source === 'keyboard' ? 'dialog' : 'tooltip'}
      aria-label={t('badge.card.label')}
      data-source={props.source}
      style={{ left: `${pos.left}px`, top: `${pos.top}px` }}
      onMouseEnter={() => props.onPointerInside?.(true)}
      onMouseLeave={() => props.onPointerInside?.(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      {props.source === 'keyboard' && (
        <div class="gs-card-bar">
          {props.position && (
            <span class="gs-card-pos">
              {t('badge.position', [props.position.index + 1, props.position.total])}
            </span>
          )}
          <button
            type="button"
            class="gs-card-close"
            aria-label={t('badge.card.close')}
            onClick={props.onClose}
          >
            ×
          </button>
        </div>
      )}
      {shown.map((f, i) => (
        <FindingCard
          key={`${f.ruleId}:${f.range.start}:${i}`}
          finding={f}
          where={props.locate?.(f.range.start) || undefined}
        />
      ))}
      {rest > 0 && <p class="gs-card-more">{t('badge.card.more', [rest])}</p>}
      {props.facts.length > 0 && (
        <div class="gs-card-facts">
          <p class="gs-card-facts-head">{t('badge.card.facts')}</p>
          <dl>
            {props.facts.slice(0, 4).map((f, i) => (
              <div key={`${f.name}:${i}`} class="gs-fact" data-fact={f.name}>
                <dt>{t(`badge.fact.${f.name}`)}</dt>
                <dd>{clip(f.value, 120)}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
