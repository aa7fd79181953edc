/**
 * The badge with a place: dragged by its handle (pointer events) or moved with the arrow keys
 * on the handle (Shift: larger steps; Home: back to the default place), kept inside the
 * viewport as it resizes, and stepping aside from — or fading over — the page's focused field.
 * The arithmetic is in ./spot.ts; where the place is stored is the host's business (onMove).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Badge, type BadgeProps } from '../Badge';
import { useT } from '../i18n';
import {
  DEFAULT_ANCHOR,
  anchorFromBox,
  avoid,
  boxFromAnchor,
  chooseDefault,
  clamp,
  nudge,
  type Anchor,
  type Box,
  type Size,
} from './spot';

/** What the host knows about the page around the badge. */
export interface SpotProps {
  /** The place stored for this site; null: never moved here. */
  anchor: Anchor | null;
  viewport: Size;
  /** The box of the page's focused field (input, textarea, contenteditable), or null. */
  focused: Box | null;
  /** Whether the page has something to click under a box (for the default place). */
  busy?(box: Box): boolean;
  /** The reviewer moved the badge (null: back to the default place). */
  onMove(anchor: Anchor | null): void;
}

export function PlacedBadge({ spot, ...badge }: BadgeProps & { spot: SpotProps }) {
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  const [size, setSize] = useState<Size | null>(null);
  const [anchor, setAnchor] = useState<Anchor | null>(spot.anchor);
  const [dflt, setDflt] = useState<Anchor | null>(null);
  const [drag, setDrag] = useState<{ left: number; top: number } | null>(null);
  const start = useRef<{ x: number; y: number; left: number; top: number } | null>(null);

  useEffect(() => setAnchor(spot.anchor), [spot.anchor]);
  // Measured after every render and whenever the badge itself changes size (expanding it is
  // the badge's own state, which does not re-render this component).
  const measure = () => {
    const el = ref.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    setSize((s) =>
      s && Math.abs(w - s.width) <= 1 && Math.abs(h - s.height) <= 1 ? s : { width: w, height: h },
    );
  };
  useLayoutEffect(measure);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // The default place is chosen once, with the collapsed badge's size: it does not wander.
  useLayoutEffect(() => {
    if (size && !dflt)
      setDflt(spot.busy ? chooseDefault(size, spot.viewport, spot.busy) : DEFAULT_ANCHOR);
  }, [size, dflt]);

  const vp = spot.viewport;
  const base = size ? boxFromAnchor(anchor ?? dflt ?? DEFAULT_ANCHOR, size, vp) : null;
  let pos = drag ?? base;
  let faded = false;
  if (!drag && pos && size && spot.focused) {
    const aside = avoid(pos, size, spot.focused, vp);
    if (aside === 'fade') faded = true;
    else pos = aside;
  }

  const move = (a: Anchor | null) => {
    setAnchor(a);
    spot.onMove(a);
  };

  const grip = (
    <button
      type="button"
      class="gs-grip"
      aria-label={t('badge.move')}
      title={t('badge.move')}
      data-testid="badge-grip"
      onPointerDown={(e) => {
        if (!base || e.button !== 0) return;
        e.preventDefault();
        (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
        start.current = { x: e.clientX, y: e.clientY, ...(pos ?? base) };
      }}
      onPointerMove={(e) => {
        const s = start.current;
        if (!s || !size) return;
        setDrag(clamp({ left: s.left + e.clientX - s.x, top: s.top + e.clientY - s.y }, size, vp));
      }}
      onPointerUp={() => {
        start.current = null;
        if (drag && size) move(anchorFromBox(drag, size, vp));
        setDrag(null);
      }}
      onPointerCancel={() => {
        start.current = null;
        setDrag(null);
      }}
      onKeyDown={(e) => {
        if (!pos || !size) return;
        const next = nudge(pos, size, vp, e.key, e.shiftKey);
        if (next === undefined) return;
        e.preventDefault();
        move(next);
      }}
    >
      <span aria-hidden="true">⠿</span>
    </button>
  );
  return <Badge {...badge} rootRef={ref} pos={pos} faded={faded} grip={grip} />;
}
