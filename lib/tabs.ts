/**
 * Extension pages (popup, side panel) and the tab they describe. A page opened as a tab (tests,
 * `npm start` screenshots) names its tab with `?tabId=N`; otherwise it is the active tab.
 */
import { browser } from 'wxt/browser';
import { tabKey, type TabEntry } from './tab-entry';
import { REVIEW_SCRIPT } from './bundles';

/** The tab a page's query string names (`?tabId=N`), or null when it names none validly. */
export function tabIdFromSearch(search = location.search): number | null {
  const fromQuery = Number(new URLSearchParams(search).get('tabId'));
  return Number.isInteger(fromQuery) && fromQuery > 0 ? fromQuery : null;
}

/** The tab this page is about, or null when there is none. */
export async function resolveTabId(search = location.search): Promise<number | null> {
  const fromQuery = tabIdFromSearch(search);
  if (fromQuery !== null) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/**
 * Calls `cb` with the tab this page is about (`resolveTabId`) and, unless the query string
 * pins a tab (has a `tabId`), again with each tab that becomes active. Returns the unsubscribe.
 */
export function followTab(
  cb: (tabId: number | null) => void,
  search = location.search,
): () => void {
  void resolveTabId(search).then(cb);
  if (new URLSearchParams(search).has('tabId')) return () => {};
  const onActivated = (info: { tabId: number }) => cb(info.tabId);
  browser.tabs.onActivated.addListener(onActivated);
  return () => browser.tabs.onActivated.removeListener(onActivated);
}

/**
 * Calls `cb` with each loading status (`loading`, `complete`) the tab reports: a navigation
 * starts, a page has loaded. Returns the unsubscribe.
 */
export function watchTabStatus(tabId: number, cb: (status: string) => void): () => void {
  const onUpdated = (id: number, info: { status?: string }) => {
    if (id === tabId && info.status !== undefined) cb(info.status);
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  return () => browser.tabs.onUpdated.removeListener(onUpdated);
}

/** The last report the content script of a tab sent (null before any). */
export async function readTabEntry(tabId: number): Promise<TabEntry | null> {
  const got = await browser.storage.session.get(tabKey(tabId));
  return (got[tabKey(tabId)] as TabEntry | undefined) ?? null;
}

/** Calls `cb` whenever the tab's report changes (live updates while a draft is edited). */
export function watchTabEntry(tabId: number, cb: (e: TabEntry | null) => void): () => void {
  const key = tabKey(tabId);
  const listener = (changes: Record<string, { newValue?: unknown }>) => {
    if (key in changes) cb((changes[key]?.newValue as TabEntry | undefined) ?? null);
  };
  browser.storage.session.onChanged.addListener(listener);
  return () => browser.storage.session.onChanged.removeListener(listener);
}

/**
 * Reviews a tab whatever its pre-check says — on a site the user has not enabled too, after
 * the popup click (activeTab + scripting): injects the review bundle into the top frame
 * directly (no loader: the sheet is adopted by the bundle). A session already running there
 * is replaced by the new copy.
 */
export async function reviewTabNow(tabId: number): Promise<void> {
  await browser.scripting.executeScript({
    target: { tabId },
    files: [REVIEW_SCRIPT],
  });
}

/**
 * Opens the side panel for a tab (Chrome `sidePanel`; Firefox's sidebar otherwise). Must run
 * within the user's gesture (a click, or the message a click sent).
 */
export async function openSidePanel(tabId: number): Promise<void> {
  const b = browser as unknown as {
    sidePanel?: { open(o: { tabId: number }): Promise<void> };
    sidebarAction?: { open(): Promise<void> };
  };
  if (b.sidePanel) await b.sidePanel.open({ tabId });
  else if (b.sidebarAction) await b.sidebarAction.open();
}

/**
 * Opens the checklist for a tab when the page asks (the badge's button, through a message).
 * Chrome carries the click's user gesture through the message, so the side panel opens. Firefox
 * does not (sidebarAction.open() refuses outside a user input handler, and a content script has
 * no sidebarAction): there the checklist page opens as a tab beside the document instead; it
 * follows the tab named in its URL, like the sidebar follows the active tab.
 */
export async function openChecklistForPage(tabId: number): Promise<void> {
  try {
    await openSidePanel(tabId);
    return;
  } catch (e) {
    if ((browser as unknown as { sidePanel?: unknown }).sidePanel) throw e;
  }
  const tab = await browser.tabs.get(tabId).catch(() => null);
  await browser.tabs.create({
    url: browser.runtime.getURL(`/sidepanel.html?tabId=${tabId}` as never),
    openerTabId: tabId,
    ...(tab ? { index: tab.index + 1, windowId: tab.windowId } : {}),
  });
}
