/**
 * The in-page UI: the badge (and, later, finding cards) in a shadow root via WXT's
 * createShadowRootUi, so page CSS cannot break it and it cannot break the page. Page text is
 * rendered by Preact as text nodes only.
 */
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Badge } from '@/components/Badge';
import { UI_TAG } from '@/lib/page/review';
import type { SessionView } from '@/lib/page/session';
import css from './badge.css?inline';

export interface Mounted {
  render(view: SessionView): void;
}

/** Mounts the shadow-root host lazily (only once there is something to show). */
export function createBadgeUi(ctx: ContentScriptContext): Mounted {
  let container: HTMLElement | null = null;
  let pending: SessionView | null = null;
  let mounting: Promise<unknown> | null = null;

  const draw = (view: SessionView) => {
    if (!container) return;
    const r = view.result;
    if (!r.report.classification.isDocument && r.target.kind === 'page') {
      render(null, container);
      return;
    }
    const lines =
      r.lines?.map((line, i) => ({
        line,
        message: r.report.findings[i]!.message,
        severity: r.report.findings[i]!.severity,
      })) ?? undefined;
    render(
      <Badge
        report={r.report}
        highlightsOn={view.highlightsOn}
        lines={lines}
        onOpenPanel={view.openPanel}
        onToggleHighlights={view.toggleHighlights}
      />,
      container,
    );
  };

  return {
    render(view) {
      pending = view;
      if (container) return draw(view);
      if (!view.result.report.classification.isDocument && view.result.target.kind === 'page')
        return;
      mounting ??= createShadowRootUi(ctx, {
        name: UI_TAG,
        position: 'overlay',
        alignment: 'top-right',
        zIndex: 2147483000,
        css,
        isolateEvents: true,
        onMount(uiContainer) {
          container = uiContainer;
        },
        onRemove() {
          if (container) render(null, container);
          container = null;
        },
      }).then((ui) => {
        ui.mount();
        if (pending) draw(pending);
      });
    },
  };
}
