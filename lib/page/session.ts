/**
 * One page's review session in the review bundle (injected once the loader's pre-check found
 * a document or a draft: lib/page/early.ts): packs from the background, the review loop,
 * highlights, hover and keyboard cards, the report to the background, and the messages the
 * extension sends to the page (scroll to a finding, re-check, packs changed). The badge and
 * card are drawn by the caller (entrypoints/review.content/ui.tsx) through `hooks.render`.
 */
import { browser } from 'wxt/browser';
import { compilePacks, type CompiledPacks } from '../../rules/engine';
import type { DocumentModel } from '../../rules/model';
import type { Category, FactSpan, Finding, Pack, Report } from '../../rules/schema';
import type { ExtractState } from '../../rules/extract';
import type { Box } from '@/components/inpage/place';
import type { FileRef } from '../entities';
import { send } from '../client';
import { docKeyFor } from '../dockey';
import { localIsoDate } from '../dates';
import { anchorQuote } from './anchor';
import {
  checkExtracted,
  extractScope,
  extractTarget,
  findTarget,
  hasEditor,
  sameSegments,
  targetAlive,
  watchTarget,
  EditLog,
  UI_TAG,
  type Extracted,
  type ReviewResult,
  type Target,
} from './review';
import {
  applyHighlights,
  clearHighlights,
  findingAtPoint,
  highlightHits,
  highlightsSupported,
  setHighlightsEnabled,
  type ApplyOptions,
  type HighlightHit,
} from './highlight';
import { PERF, measure, now } from './perf';
import { EDITOR_SCHEDULE, PAGE_SCHEDULE, createScheduler, type Scheduler } from './schedule';
import { rangeBox, trackPointer } from './pointer';
import { loadHighlightsOn, onHighlightsOnChanged, saveHighlightsOn } from './prefs';

/** The card next to a highlight (hover) or a navigated finding (keyboard). */
export interface CardView {
  findings: Finding[];
  facts: FactSpan[];
  anchor: Box;
  source: 'hover' | 'keyboard';
  position: { index: number; total: number } | null;
}

/** What the badge and card need to draw. */
export interface SessionView {
  result: ReviewResult;
  highlightsOn: boolean;
  highlightsSupported: boolean;
  /** Findings whose range could not be mapped to the page. */
  unresolved: number;
  /** The text was cut at this many characters (a huge page), or null. */
  truncatedAt: number | null;
  nav: { index: number; total: number } | null;
  card: CardView | null;
  viewport: { width: number; height: number };
  openPanel(): void;
  toggleHighlights(): void;
  prev(): void;
  next(): void;
  closeCard(): void;
  /** The pointer is over the card (keeps a hover card open while it is read). */
  pointerInCard(inside: boolean): void;
}

/**
 * A fixed document the session reviews instead of the page it runs in (the file review page,
 * an extension page showing a Word/PDF/OFD file as text).
 */
export interface ReviewSource {
  /** The address the report is filed under: the attachment's URL, or file:///name. */
  url: string;
  /** The extension page's own tab: its reports must name it, and messages for it carry it. */
  tabId?: number;
  /** The file the text was read from (kept with the report and the record). */
  file?: FileRef;
  /** The text and its segments (the document does not change: extracted once). */
  extract(): Extracted;
  /** Where a text offset is in the file (「第 3 页第 12 行」, 「第 5 段」), '' when unknown. */
  locate?(offset: number): string;
  /** Opens the side panel (an extension page does it directly, within the click). */
  openPanel?(): void;
  /**
   * Runs the engine elsewhere — the file page's worker — instead of on this page's thread (a
   * 100-page PDF's check is over a hundred milliseconds). Gets the active packs whenever they
   * change; `check` makes the model and report of the extract's text exactly as
   * `checkExtracted` does. If it fails, the session checks on this thread instead.
   */
  checker?: RemoteChecker;
}

/** An engine off the page's thread (see {@link ReviewSource.checker}). */
export interface RemoteChecker {
  setPacks(packs: Pack[]): void;
  check(
    input: {
      text: string;
      title: string | null;
      meta: Record<string, string>;
      attachments: { name: string; href: string }[];
    },
    opts: { today: string; url: string },
  ): Promise<{ model: DocumentModel; report: Report; ms?: number }>;
}

/** How the session draws (the shadow-root UI), and what it reviews when not the page. */
export interface SessionHooks {
  render(view: SessionView): void;
  source?: ReviewSource;
}

interface Flags {
  __guishenStarted?: boolean;
}

/** The messages the extension sends to a page's content script (see lib/messages.ts). */
type Inbound =
  | { type: 'scrollToFinding'; findingIndex: number }
  | { type: 'recheckTab' }
  | { type: 'packsChanged' };

/**
 * Validates an inbound message by hand: the content script must not load the zod schemas of
 * the whole message contract (tens of milliseconds of module initialisation on every
 * reviewed page) to read three message types. Unknown or malformed messages give null.
 */
export function parseInbound(raw: unknown): Inbound | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  if (m.type === 'scrollToFinding') {
    const i = m.findingIndex;
    return typeof i === 'number' && Number.isInteger(i) && i >= 0
      ? { type: 'scrollToFinding', findingIndex: i }
      : null;
  }
  if (m.type === 'recheckTab' || m.type === 'packsChanged') return { type: m.type };
  return null;
}

/** Is an event target the extension's own UI host? (Events from a shadow root retarget.) */
function isUiTarget(t: EventTarget | null): boolean {
  return !!t && (t as Node).nodeName?.toLowerCase() === UI_TAG;
}

/** Resolves after the next animation frame has been produced (or 300 ms in a hidden tab). */
function afterFirstFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve();
    };
    // rAF runs before the frame's style/layout/paint; the task after it runs after them.
    requestAnimationFrame(() => setTimeout(finish, 0));
    setTimeout(finish, 300);
  });
}

/** Findings the keyboard can step through: the hits that carry a finding, in text order. */
function navHits(doc: Document): HighlightHit[] {
  return highlightHits(doc).filter((h) => h.finding);
}

/** Settings of the office that shape the in-page view. */
interface ViewSettings {
  today: string;
  show: ApplyOptions['show'];
}

/**
 * Starts reviewing this page (the pre-check has passed). Resolves, once the first review is
 * done, to a function that stops the session.
 */
export async function startReview(hooks: SessionHooks): Promise<() => void> {
  const flags = globalThis as Flags;
  if (flags.__guishenStarted) return () => {}; // injected twice (popup「审查此页面」)
  flags.__guishenStarted = true;

  const [{ packs }, settings, storedOn] = await Promise.all([
    send({ type: 'getActivePacks' }),
    send({ type: 'getSettings' }).catch(() => null),
    loadHighlightsOn(),
  ]);
  const source = hooks.source;
  // With a checker the packs are compiled where the checks run; here only if it ever fails.
  let activePacks = packs;
  let compiledHere: CompiledPacks | null = null;
  const compiled = (): CompiledPacks =>
    (compiledHere ??= compilePacks(activePacks, undefined, { validated: true }));
  const setPacks = (p: Pack[]) => {
    activePacks = p;
    compiledHere = null;
    source?.checker?.setPacks(p);
  };
  setPacks(packs);
  if (!source?.checker) compiled();
  const toView = (s: typeof settings): ViewSettings => {
    const h = s?.highlights as Partial<Record<Category | 'facts', boolean>> | undefined;
    return {
      today: s?.todayOverride ?? localIsoDate(new Date()),
      show: h ? { facts: h.facts !== false, categories: h } : undefined,
    };
  };
  let view: ViewSettings = toView(settings);
  let highlightsOn = storedOn;
  const supported = highlightsSupported(document);
  // The address the report is filed under: the page's, or the reviewed file's.
  const docUrl = () => source?.url ?? location.href;
  let target: Target = source ? { kind: 'page', doc: document } : findTarget(document);
  let last: ReviewResult | null = null;
  let unresolved = 0;
  let firstPaintPending = true;
  let stopped = false;

  // Keyboard navigation: the current finding, remembered by its quote so it survives edits.
  let navIndex = -1;
  let navKey: { ruleId: string; finding: Finding } | null = null;
  let card: CardView | null = null;
  let pointerInCard = false;

  // ---- report to the background: not inside the review task, and at most every 400 ms.
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  let lastSent = -Infinity;
  const pushReport = () => {
    clearTimeout(reportTimer);
    const wait = Math.max(0, lastSent + 400 - now());
    reportTimer = setTimeout(() => idle(send1), wait);
  };
  // Serialising a big report for the message is tens of milliseconds on a 1 MB page: do it
  // when the page is idle, not in the frame that shows the highlights.
  const idle = (fn: () => void) => {
    const ric = (globalThis as { requestIdleCallback?: (f: () => void, o: object) => number })
      .requestIdleCallback;
    if (ric) ric(fn, { timeout: 1000 });
    else fn();
  };
  const send1 = () => {
    const r = last;
    if (!r || stopped) return;
    lastSent = now();
    void send({
      type: 'reportUpdated',
      ...(source?.tabId !== undefined ? { tabId: source.tabId } : {}),
      url: docUrl(),
      docKey: docKeyFor({
        docNumber: r.report.facts.docNumber,
        title: r.report.facts.title,
        url: docUrl(),
      }),
      report: r.report,
      text: r.model.text,
      ...(source?.file ? { file: source.file } : {}),
      ...(source?.file && source.locate
        ? { locations: r.report.findings.map((f) => source.locate!(f.range.start)) }
        : {}),
    }).catch(() => {});
  };

  // ---- drawing
  const viewport = () => ({
    width: document.documentElement.clientWidth || window.innerWidth,
    height: document.documentElement.clientHeight || window.innerHeight,
  });
  const render = () => {
    if (!last || stopped) return;
    const hits = last.extract ? navHits(last.target.doc) : [];
    hooks.render({
      result: last,
      highlightsOn,
      highlightsSupported: supported,
      unresolved,
      truncatedAt: last.extract?.truncated ? last.model.text.length : null,
      nav: hits.length ? { index: navIndex, total: hits.length } : null,
      card,
      viewport: viewport(),
      openPanel: source?.openPanel ?? (() => void send({ type: 'openSidePanel' }).catch(() => {})),
      toggleHighlights: () => {
        highlightsOn = !highlightsOn;
        void saveHighlightsOn(highlightsOn);
        applyOn();
      },
      prev: () => go(-1),
      next: () => go(1),
      closeCard: () => {
        card = null;
        pointerInCard = false;
        render();
      },
      pointerInCard: (inside) => {
        pointerInCard = inside;
      },
    });
  };

  const applyOn = () => {
    setHighlightsEnabled(highlightsOn);
    if (!highlightsOn && card?.source === 'hover') card = null;
    render();
  };

  const paint = (r: ReviewResult) => {
    // A page that is not a document (a news list, a portal home) gets no highlights; a file
    // the reviewer opened always does.
    const isDoc = r.report.classification.isDocument || r.target.kind !== 'page' || !!source;
    if (r.extract && isDoc) {
      const h0 = now();
      const res = applyHighlights(r.target.doc, r.extract, r.report.findings, r.report.factSpans, {
        enabled: highlightsOn,
        show: view.show,
      });
      unresolved = res.unresolved;
      measure(PERF.highlight, h0, now(), { ranges: res.ranges, unresolved: res.unresolved });
    } else {
      clearHighlights(r.target.doc);
      unresolved = 0;
    }
  };

  /** After a re-check: find the navigated finding again, or drop the keyboard card. */
  const reanchorNav = () => {
    if (!navKey || !last) return;
    const hits = navHits(last.target.doc);
    const old = navKey.finding;
    const m = anchorQuote(last.model.text, old.anchor, old.range.start);
    let best = -1;
    let bestDist = Infinity;
    if (m) {
      for (let i = 0; i < hits.length; i++) {
        const f = hits[i]!.finding!;
        if (f.ruleId !== navKey.ruleId) continue;
        const d = Math.abs(f.range.start - m.start);
        if (d < bestDist) {
          bestDist = d;
          best = i;
        }
      }
    }
    if (best >= 0 && bestDist <= Math.max(8, old.anchor.exact.length)) {
      navIndex = best;
      navKey = { ruleId: navKey.ruleId, finding: hits[best]!.finding! };
      if (card?.source === 'keyboard') {
        const box = rangeBox(hits[best]!.range);
        card = box ? cardFor(hits, best, box) : null;
      }
    } else {
      navIndex = -1;
      navKey = null;
      if (card?.source === 'keyboard') card = null;
    }
  };

  const cardFor = (hits: HighlightHit[], i: number, anchor: Box): CardView => {
    const h = hits[i]!;
    // Other findings on exactly the same text belong on the same card.
    const same = hits.filter((x) => x !== h && x.start === h.start && x.end === h.end && x.finding);
    return {
      findings: [h.finding!, ...same.map((x) => x.finding!)],
      facts: [],
      anchor,
      source: 'keyboard',
      position: { index: i, total: hits.length },
    };
  };

  const go = (dir: 1 | -1) => {
    if (!last) return;
    const doc = last.target.doc;
    const hits = navHits(doc);
    if (!hits.length) return;
    navIndex =
      navIndex < 0 ? (dir > 0 ? 0 : hits.length - 1) : (navIndex + dir + hits.length) % hits.length;
    const h = hits[navIndex]!;
    navKey = { ruleId: h.finding!.ruleId, finding: h.finding! };
    try {
      const el =
        h.range.startContainer.nodeType === 1
          ? (h.range.startContainer as Element)
          : h.range.startContainer.parentElement;
      el?.scrollIntoView({ block: 'center', inline: 'nearest' });
      // Select the text: visible, and it changes no DOM.
      const sel = doc.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(h.range);
    } catch {
      /* a range into a node that just went away: the re-check will fix it */
    }
    const box = rangeBox(h.range);
    card = box ? cardFor(hits, navIndex, box) : null;
    render();
  };

  // ---- the review loop
  let stopWatching = () => {};
  let scheduler: Scheduler | null = null;
  // Edits to an editing surface since its last extraction, and that extraction's state: a
  // re-check after typing re-extracts from the edited text nodes alone.
  let edits = new EditLog();
  let kept: { state: ExtractState<Node>; edits: EditLog } | null = null;
  let stopPointer = () => {};

  const watch = () => {
    stopWatching();
    scheduler?.dispose();
    const t = target;
    if (source) {
      // A file does not change under the reviewer: only the pointer is followed.
      stopPointer();
      stopPointer = trackPointer([document], isUiTarget, onPointer);
      return;
    }
    const isPage = t.kind === 'page';
    scheduler = createScheduler(() => run('edit'), isPage ? PAGE_SCHEDULE : EDITOR_SCHEDULE);
    // On a page without editors, only mutations in the reviewed text matter; while an editor
    // may still appear (TinyMCE initialises after load), every mutation is a cue.
    const scoped = isPage && !hasEditor(t.doc);
    edits = new EditLog();
    // The first review runs right before the first watch, with no page code in between:
    // its extraction stays usable. One of another target never is.
    kept =
      kept && t.kind === 'editable' && kept.state.root === t.root
        ? { state: kept.state, edits }
        : null;
    stopWatching = watchTarget(t, () => scheduler?.notify(), {
      scope: scoped ? () => extractScope(last?.extract ?? null) : undefined,
      log: edits,
    });
    stopPointer();
    const docs = t.doc === document ? [document] : [document, t.doc];
    stopPointer = trackPointer(docs, isUiTarget, onPointer);
  };

  let lastPointer: { doc: Document; x: number; y: number; overUi: boolean } | null = null;
  const onPointer = (p: { doc: Document; x: number; y: number; overUi: boolean }) => {
    lastPointer = p;
    if (!last || !highlightsOn || p.overUi || pointerInCard) return;
    const at = findingAtPoint(p.x, p.y, p.doc);
    if (!at) {
      if (card?.source === 'hover') {
        card = null;
        render();
      }
      return;
    }
    const findings = at.findings.map((h) => h.finding!);
    const facts = at.facts.map((h) => h.fact!);
    if (
      card?.source === 'hover' &&
      card.findings[0] === findings[0] &&
      card.facts[0] === facts[0] &&
      card.findings.length === findings.length
    )
      return;
    const anchor = rangeBox(at.range, { x: p.x, y: p.y });
    if (!anchor) return;
    card = { findings, facts, anchor, source: 'hover', position: null };
    render();
  };

  /** The latest review of the source (an older one that finishes later is dropped). */
  let sourceRun = 0;
  const runSource = async (src: ReviewSource) => {
    const seq = ++sourceRun;
    const t0 = now();
    const x = src.extract();
    const opts = { today: view.today, url: docUrl() };
    let result: ReviewResult | null = null;
    if (src.checker) {
      try {
        const { model, report, ms } = await src.checker.check(
          { text: x.text, title: x.title, meta: x.meta, attachments: x.attachments },
          opts,
        );
        result = { target: x.target, extract: x.extract, model, report, lines: null };
        // The wait for the worker (its own time in the detail): not work of this thread.
        measure(PERF.offThread, t0, now(), { what: 'check', ms });
      } catch (e) {
        console.warn('[guishen] checking in the worker failed; checking on the page', e);
      }
    }
    if (stopped || seq !== sourceRun) return;
    if (!result) {
      const c0 = now();
      result = checkExtracted(x, compiled(), opts);
      measure(PERF.check, c0, now(), { findings: result.report.findings.length });
    }
    last = result;
    paint(result);
    reanchorNav();
    render();
    measure(PERF.review, t0, now(), {
      chars: x.text.length,
      findings: result.report.findings.length,
      target: 'file',
    });
    pushReport();
  };

  const run = (reason: 'initial' | 'edit' | 'request'): Promise<void> | void => {
    if (stopped) return;
    if (source) return runSource(source);
    const t0 = now();
    // An editor may appear after load (TinyMCE initialises asynchronously), or be destroyed
    // and re-created: re-pick the target while on the page itself or when it went away.
    if (target.kind === 'page' || !targetAlive(target)) {
      const t = findTarget(document);
      const changed =
        t.kind !== target.kind ||
        (t.kind === 'editable' && target.kind === 'editable' && t.root !== target.root) ||
        (t.kind === 'textarea' && target.kind === 'textarea' && t.el !== target.el);
      if (changed) {
        if (last) clearHighlights(last.target.doc);
        target = t;
        last = null;
        watch();
      }
    }
    measure(PERF.target, t0);
    const e0 = now();
    const changes = edits.take();
    const since =
      kept && kept.edits === edits && !changes.structural
        ? { state: kept.state, texts: changes.texts }
        : undefined;
    const x = extractTarget(target, location.href, since);
    kept = x.state ? { state: x.state, edits } : null;
    const e1 = now();
    measure(PERF.extract, e0, e1, { chars: x.text.length, incremental: x.incremental });
    if (reason === 'edit' && last && x.text === last.model.text) {
      // Same text. Same nodes too: nothing to do. Other nodes (the page re-rendered the
      // same words): the report stands, only the ranges must be rebuilt.
      if (!sameSegments(last.extract, x.extract)) {
        last = { ...last, extract: x.extract };
        paint(last);
        reanchorNav();
        render();
      }
      measure(PERF.skipped, t0);
      return;
    }
    const result = checkExtracted(x, compiled(), { today: view.today, url: location.href });
    measure(PERF.check, e1, now(), { findings: result.report.findings.length });
    last = result;
    paint(result);
    reanchorNav();
    if (card?.source === 'hover') {
      // The ranges were rebuilt: hit-test again where the pointer rests (the card follows
      // the finding if it is still there, and goes if it is not).
      card = null;
      if (lastPointer) onPointer(lastPointer);
    }
    render();
    const end = now();
    measure(reason === 'edit' ? PERF.recheck : PERF.review, t0, end, {
      chars: x.text.length,
      findings: result.report.findings.length,
      target: target.kind,
    });
    if (firstPaintPending) {
      firstPaintPending = false;
      requestAnimationFrame(() => requestAnimationFrame(() => measure(PERF.painted, t0)));
    }
    pushReport();
  };

  // ---- messages from the extension
  const onMessage = (
    raw: unknown,
    sender: { id?: string; tab?: unknown },
    sendResponse: (r: unknown) => void,
  ) => {
    // Only our own extension (its pages or background) talks to the page's content script.
    if (sender.id !== browser.runtime.id || sender.tab) return;
    const msg = parseInbound(raw);
    if (!msg) return;
    if (source) {
      // On an extension page the side panel's and popup's messages to the background arrive
      // too: act on those about this page's tab, and leave the reply to the background.
      const about = (raw as { tabId?: unknown }).tabId;
      if (msg.type !== 'packsChanged' && about !== source.tabId) return;
      sendResponse = () => {};
    }
    if (msg.type === 'scrollToFinding') {
      const f = last?.report.findings[msg.findingIndex];
      const hits = last ? navHits(last.target.doc) : [];
      const i = f ? hits.findIndex((h) => h.finding === f) : -1;
      if (i >= 0) {
        navIndex = i - 1;
        go(1);
      }
      sendResponse({ found: i >= 0 });
      return;
    }
    if (msg.type === 'recheckTab') {
      void send({ type: 'getSettings' })
        .then((s) => {
          view = toView(s);
        })
        .catch(() => {})
        .finally(() => void run('request'));
    }
    if (msg.type === 'packsChanged') {
      void send({ type: 'getActivePacks' }).then(({ packs: p }) => {
        setPacks(p);
        void run('request');
      });
    }
  };
  browser.runtime.onMessage.addListener(onMessage);

  const stopPref = onHighlightsOnChanged((on) => {
    if (on === highlightsOn) return;
    highlightsOn = on;
    applyOn();
  });

  // Cards are placed in viewport coordinates: a scroll moves the range under them.
  let scrollFrame = 0;
  const onScroll = () => {
    if (!card || scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      if (!card || !last) return;
      if (card.source === 'hover') card = null;
      else if (navIndex >= 0) {
        const h = navHits(last.target.doc)[navIndex];
        const box = h ? rangeBox(h.range) : null;
        card = box ? { ...card, anchor: box } : null;
      }
      render();
    });
  };
  window.addEventListener('scroll', onScroll, { capture: true, passive: true });
  window.addEventListener('resize', onScroll, { passive: true });

  // The first review waits for the page's first frame: extraction asks for computed style
  // (hidden blocks), and before the first frame that would force the page's whole initial
  // style recalculation into our task. After it, style is clean and the same check is cheap;
  // the browser did that work for its own paint anyway. (Hidden tabs get no frames: a
  // timeout stands in.)
  await afterFirstFrame();
  if (stopped) return () => {};
  await run('initial');
  if (stopped) return () => {};
  watch();

  return () => {
    stopped = true;
    // A re-injected copy of the script (the popup's 审查此页面) stops this one and starts anew.
    flags.__guishenStarted = false;
    stopWatching();
    scheduler?.dispose();
    stopPointer();
    stopPref();
    clearTimeout(reportTimer);
    browser.runtime.onMessage.removeListener(onMessage);
    window.removeEventListener('scroll', onScroll, { capture: true });
    window.removeEventListener('resize', onScroll);
    clearHighlights();
  };
}
