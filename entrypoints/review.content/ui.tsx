/**
 * The in-page UI: the badge and the finding card in one shadow root via WXT's
 * createShadowRootUi, so page CSS cannot break it and it cannot break the page. Page text is
 * rendered by Preact as text nodes only.
 */
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { i18n } from '#i18n';
import { InPage } from '@/components/inpage/InPage';
import { I18nContext, type Translate } from '@/components/i18n';
import { UI_TAG } from '@/lib/page/review';
import { send } from '@/lib/client';
import { pendingAttachments } from '@/rules/formats/attachments';
import type { SessionView } from '@/lib/page/session';
import {
  loadSpot,
  pageBusy,
  saveSpot,
  viewportSize,
  watchFocusedField,
} from '@/lib/page/badge-spot';
import type { Anchor, Box } from '@/components/inpage/spot';
import css from './badge.css?inline';

/** The mounted UI: the session calls `render` with each new view. */
export interface Mounted {
  render(view: SessionView): void;
}

const CARD_ID = 'gs-card';

/** Whether the view has anything to show (a page that is not a document shows nothing). */
function visible(view: SessionView): boolean {
  return view.result.report.classification.isDocument || view.result.target.kind !== 'page';
}

/**
 * Caches translations: each `browser.i18n.getMessage` crosses into the extension bindings,
 * and the badge re-renders on every re-check while typing. Bounded (page text appears in
 * some substitutions).
 */
function memoize(t: Translate): Translate {
  const cache = new Map<string, string>();
  return (key, subs) => {
    const k =
      subs === undefined ? key : `${key}\u0000${Array.isArray(subs) ? subs.join('\u0001') : subs}`;
    let v = cache.get(k);
    if (v === undefined) {
      v = t(key, subs);
      if (cache.size > 500) cache.clear();
      cache.set(k, v);
    }
    return v;
  };
}

/** Mounts the shadow-root host lazily (only once there is something to show). */
export function createBadgeUi(ctx: ContentScriptContext): Mounted {
  let container: HTMLElement | null = null;
  let pending: SessionView | null = null;
  let mounting: Promise<unknown> | null = null;
  const t = memoize(i18n.t as unknown as Translate);
  // The badge's place on this site (storage.local, per origin), the viewport, the focused field.
  const origin = location.origin;
  let host: Element | null = null;
  let anchor: Anchor | null = null;
  let viewport = viewportSize();
  let focused: Box | null = null;
  const redraw = () => {
    if (pending) draw(pending);
  };
  const onResize = () => {
    viewport = viewportSize();
    redraw();
  };
  const onMove = (a: Anchor | null) => {
    anchor = a;
    void saveSpot(origin, a);
  };
  const busy = (box: Box) => pageBusy(box, host);
  let stopFocus: (() => void) | null = null;

  const draw = (view: SessionView) => {
    if (!container) return;
    if (!visible(view)) {
      render(null, container);
      return;
    }
    render(
      <I18nContext.Provider value={t}>
        <InPage
          view={view}
          cardId={CARD_ID}
          // A notice whose draft is only in its attachments: said, with the way to review them.
          pending={pendingAttachments(view.result.report, view.result.model.text)}
          spot={{ anchor, viewport, focused, busy, onMove }}
          onReviewAttachment={(a) =>
            void send({ type: 'openFileReview', url: a.href, name: a.name }).catch((e) =>
              console.warn('[规审]', e),
            )
          }
        />
      </I18nContext.Provider>,
      container,
    );
  };

  return {
    render(view) {
      pending = view;
      if (container) return draw(view);
      if (!visible(view)) return;
      mounting ??= loadSpot(origin).then(async (stored) => {
        anchor = stored;
        const ui = await createShadowRootUi(ctx, {
          name: UI_TAG,
          position: 'overlay',
          alignment: 'top-right',
          // The highest z-index there is: a page's own toolbar at 2147483647 must not cover the
          // badge (at equal z-index the later element, ours, is on top).
          zIndex: 2147483647,
          css,
          isolateEvents: true,
          onMount(uiContainer) {
            container = uiContainer;
            window.addEventListener('resize', onResize, { passive: true });
            stopFocus = watchFocusedField(
              () => host,
              (box) => {
                focused = box;
                redraw();
              },
            );
          },
          onRemove() {
            window.removeEventListener('resize', onResize);
            stopFocus?.();
            stopFocus = null;
            if (container) render(null, container);
            container = null;
          },
        });
        host = ui.shadowHost;
        ui.mount();
        if (pending) draw(pending);
      });
    },
  };
}
