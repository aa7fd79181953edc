/**
 * Pointer tracking for hover cards, and where a range is in the top viewport.
 *
 * Hover cards hit-test the highlights under the pointer (findingAtPoint) at most once per
 * animation frame: mousemove fires far more often than frames are drawn, and the hit-test
 * asks the engine for a caret position, which needs a clean layout.
 */
import type { Box } from '@/components/inpage/place';

/** Offset of `doc`'s viewport inside the top document's viewport (same-origin frames). */
export function frameOffset(doc: Document): { x: number; y: number } {
  let x = 0;
  let y = 0;
  let win: Window | null = doc.defaultView;
  for (let guard = 0; win && guard < 16; guard++) {
    let fe: Element | null;
    try {
      fe = win.frameElement;
    } catch {
      break; // cross-origin parent: no further offset is knowable
    }
    if (!fe) break;
    const r = fe.getBoundingClientRect();
    x += r.left + (fe as HTMLElement).clientLeft;
    y += r.top + (fe as HTMLElement).clientTop;
    win = win.parent === win ? null : win.parent;
  }
  return { x, y };
}

/**
 * The box of `range` in the top viewport: the client rect under the pointer (`at`, in the
 * range's own viewport) when the range wraps over lines, else its first line.
 */
export function rangeBox(range: Range, at?: { x: number; y: number }): Box | null {
  let rects: DOMRectList;
  try {
    rects = range.getClientRects();
  } catch {
    return null;
  }
  let pick: DOMRect | null = null;
  for (let i = 0; i < rects.length; i++) {
    const b = rects[i]!;
    if (b.width === 0 && b.height === 0) continue;
    if (!pick) pick = b;
    if (at && at.x >= b.left && at.x <= b.right && at.y >= b.top && at.y <= b.bottom) {
      pick = b;
      break;
    }
  }
  if (!pick) return null;
  const doc = range.startContainer.ownerDocument;
  const off = doc ? frameOffset(doc) : { x: 0, y: 0 };
  return {
    left: pick.left + off.x,
    top: pick.top + off.y,
    right: pick.right + off.x,
    bottom: pick.bottom + off.y,
  };
}

/** A pointer position in one document's viewport. */
export interface PointerAt {
  doc: Document;
  x: number;
  y: number;
  /** The pointer is over the extension's own UI (the shadow-root host). */
  overUi: boolean;
}

/**
 * Calls `onFrame` at most once per animation frame with the latest pointer position over any
 * of `docs`. Listeners are passive and never stop the page's own handlers. Returns a stop
 * function.
 */
export function trackPointer(
  docs: readonly Document[],
  isUi: (target: EventTarget | null) => boolean,
  onFrame: (p: PointerAt) => void,
): () => void {
  let latest: PointerAt | null = null;
  let frame = 0;
  let frameWin: Window | null = null;
  const flush = () => {
    frame = 0;
    const p = latest;
    latest = null;
    if (p) onFrame(p);
  };
  const listeners: [Document, (e: MouseEvent) => void][] = [];
  for (const doc of docs) {
    const onMove = (e: MouseEvent) => {
      latest = { doc, x: e.clientX, y: e.clientY, overUi: isUi(e.target) };
      if (!frame) {
        frameWin = doc.defaultView;
        frame = frameWin?.requestAnimationFrame(flush) ?? 0;
      }
    };
    try {
      doc.addEventListener('mousemove', onMove, { passive: true, capture: true });
      listeners.push([doc, onMove]);
    } catch {
      /* a document that went away */
    }
  }
  return () => {
    if (frame) frameWin?.cancelAnimationFrame(frame);
    for (const [doc, fn] of listeners) {
      try {
        doc.removeEventListener('mousemove', fn, { capture: true });
      } catch {
        /* gone */
      }
    }
  };
}
