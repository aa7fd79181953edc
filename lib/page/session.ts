/**
 * One page's review session in the content script: pre-check, packs from the background,
 * review loop, highlights, report to the background, and the messages the extension sends to
 * the page (scroll to a finding, re-check, packs changed). The badge is drawn by the caller
 * (entrypoints/content/ui.tsx) through `hooks.render`.
 */
import { browser } from 'wxt/browser';
import { compilePacks, type CompiledPacks } from '../../rules/engine';
import { MessageSchema } from '../messages';
import { send } from '../client';
import { docKeyFor } from '../dockey';
import { localIsoDate } from '../dates';
import { pageLooksLikeDocument } from './extract';
import { findTarget, reviewTarget, watchTarget, type ReviewResult, type Target } from './review';
import { applyHighlights, clearHighlights } from './highlight';
import { rangeFor } from './extract';

/** What the badge needs to draw. */
export interface SessionView {
  result: ReviewResult;
  highlightsOn: boolean;
  openPanel(): void;
  toggleHighlights(): void;
}

export interface SessionHooks {
  render(view: SessionView): void;
}

interface Flags {
  __guishenStarted?: boolean;
  __guishenForce?: boolean;
}

/** Has the page an editing surface (a draft being written)? Cheap: selectors only. */
function hasEditor(doc: Document): boolean {
  return !!doc.querySelector('textarea, [contenteditable="true"], [contenteditable=""], iframe');
}

/**
 * Starts reviewing this page, unless it holds no document. Resolves once the first review
 * is done (or immediately on pages that are not documents).
 */
export async function startReview(hooks: SessionHooks): Promise<void> {
  const flags = globalThis as Flags;
  if (flags.__guishenStarted) return; // injected twice (popup「审查此页面」after the manifest one)
  const forced = !!flags.__guishenForce;
  if (!forced && !pageLooksLikeDocument(document) && !hasEditor(document)) return;
  flags.__guishenStarted = true;

  const [{ packs }, settings] = await Promise.all([
    send({ type: 'getActivePacks' }),
    send({ type: 'getSettings' }).catch(() => null),
  ]);
  let compiled: CompiledPacks = compilePacks(packs);
  const today = settings?.todayOverride ?? localIsoDate(new Date());
  let highlightsOn = true;
  let target: Target = findTarget(document);
  let last: ReviewResult | null = null;
  let stopWatching = () => {};

  const run = () => {
    // An editor may appear after load (TinyMCE initialises asynchronously): re-pick the target
    // while we are still on the page itself.
    if (target.kind === 'page') {
      const t = findTarget(document);
      if (t.kind !== 'page') {
        stopWatching();
        target = t;
        stopWatching = watchTarget(target, run);
      }
    }
    const result = reviewTarget(target, compiled, { today, url: location.href });
    last = result;
    paint();
    void send({
      type: 'reportUpdated',
      url: location.href,
      docKey: docKeyFor({
        docNumber: result.report.facts.docNumber,
        title: result.report.facts.title,
        url: location.href,
      }),
      report: result.report,
      text: result.model.text,
    }).catch(() => {});
  };

  const paint = () => {
    if (!last) return;
    const r = last;
    // A page that is not a document (a news list, a portal home) gets no highlights.
    const isDoc = r.report.classification.isDocument || r.target.kind !== 'page';
    if (r.extract && isDoc) {
      applyHighlights(r.target.doc, r.extract, r.report.findings, r.report.factSpans, {
        enabled: highlightsOn,
      });
    } else clearHighlights(r.target.doc);
    hooks.render({
      result: r,
      highlightsOn,
      openPanel: () => void send({ type: 'openSidePanel' }).catch(() => {}),
      toggleHighlights: () => {
        highlightsOn = !highlightsOn;
        paint();
      },
    });
  };

  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    // Only our own extension (its pages or background) talks to the page's content script.
    if (sender.id !== browser.runtime.id || sender.tab) return;
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'scrollToFinding') {
      const f = last?.report.findings[msg.findingIndex];
      const range = f && last?.extract ? rangeFor(last.extract, f.range.start, f.range.end) : null;
      if (range) {
        range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        // Select the text: visible, keyboard-reachable, and it changes no DOM.
        const sel = last!.target.doc.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
      sendResponse({ found: !!range });
      return;
    }
    if (msg.type === 'recheckTab') run();
    if (msg.type === 'packsChanged') {
      void send({ type: 'getActivePacks' }).then(({ packs: p }) => {
        compiled = compilePacks(p);
        run();
      });
    }
  });

  run();
  stopWatching = watchTarget(target, run);
}
