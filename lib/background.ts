/**
 * The background service worker's message handlers. It owns the Dexie database, validates
 * every inbound message (zod + sender check, lib/messages.ts) and keeps per-tab reports in
 * `storage.session` — never only in globals, because the service worker may be stopped at
 * any time.
 */
import { browser, type Browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { getDb } from './db';
import {
  validateInbound,
  type Message,
  type MessageOf,
  type MessageType,
  type Reply,
  type ResponseMap,
} from './messages';
import { servePacks, syncSeeds } from './packs';
import { createRecord, getChecklistState, getSettings, saveChecklistState } from './records';
import { seedPacks } from '../rules/seeds';
import { GuishenError } from './quota';
import { restoreSiteScripts } from './sites';
import { REVIEW_SCRIPT } from './bundles';
import { tabKey, type TabEntry } from './tab-entry';
import { openChecklistForPage } from './tabs';
import { pendingAttachments } from '../rules/formats/attachments';
import {
  ensureOffice,
  OFFICE_ALARM,
  officeConnect,
  officeDisconnect,
  officeSyncNow,
  officeTest,
  officeConflict,
  officeResolve,
  officeMarks,
  officeReupload,
  officeUploadHeld,
} from './office/service';

let seeded: Promise<unknown> | null = null;

/** Bring the shipped packs into the database once per service-worker life (idempotent). */
export function ensureSeeded(): Promise<unknown> {
  seeded ??= syncSeeds(getDb(), seedPacks).catch((e) => {
    seeded = null;
    throw e;
  });
  return seeded;
}

type Handler<T extends MessageType> = (
  msg: MessageOf<T>,
  ctx: { tabId?: number; from: 'page' | 'content'; frameId?: number; documentId?: string },
) => Promise<ResponseMap[T]>;

/** The toolbar button: `action` (Chrome, MV3) or `browserAction` (the Firefox build is MV2). */
function toolbarButton(): typeof browser.action | undefined {
  return (
    browser.action ??
    (browser as unknown as { browserAction?: typeof browser.action }).browserAction
  );
}

function needTab(tabId: number | undefined): number {
  if (tabId === undefined) throw new GuishenError('invalid', '缺少标签页编号');
  return tabId;
}

async function forwardToTab(tabId: number, msg: Message): Promise<unknown> {
  try {
    return await browser.tabs.sendMessage(tabId, msg);
  } catch {
    return null; // no content script in that tab (yet)
  }
}

const handlers: { [T in MessageType]: Handler<T> } = {
  officeTest: (msg) => officeTest(msg.url, msg.user, msg.password),
  officeConnect: (msg) => officeConnect(getDb(), msg.url, msg.user, msg.password),
  async officeDisconnect() {
    await officeDisconnect(getDb());
    return null;
  },
  officeSyncNow: (msg) => officeSyncNow(getDb(), msg.rescan === true),
  officeConflict: (msg) => officeConflict(getDb(), msg.recordId),
  officeResolve: (msg) => officeResolve(getDb(), msg.recordId, msg.rev, msg.shown),
  officeMarks: (msg) => officeMarks(getDb(), msg.recordIds),
  officeReupload: () => officeReupload(getDb()),
  officeUploadHeld: () => officeUploadHeld(getDb()),
  async getActivePacks() {
    await ensureSeeded();
    return servePacks(getDb());
  },
  async reportUpdated(msg, { tabId }) {
    const id = needTab(tabId);
    const entry: TabEntry = {
      url: msg.url,
      docKey: msg.docKey,
      ...(msg.textHash ? { textHash: msg.textHash } : {}),
      report: msg.report,
      ...(msg.text !== undefined ? { text: msg.text } : {}),
      ...(msg.file ? { file: msg.file } : {}),
      // Kept only when they are the report's: one per finding, in its order.
      ...(msg.file && msg.locations?.length === msg.report.findings.length
        ? { locations: msg.locations }
        : {}),
      updatedAt: new Date().toISOString(),
    };
    await browser.storage.session.set({ [tabKey(id)]: entry });
    const errors = msg.report.findings.filter((f) => f.severity === 'error').length;
    // A notice whose draft is only in its attachments is not clear: 「附」 until it is reviewed.
    const waiting =
      msg.report.findings.length === 0 && pendingAttachments(msg.report, msg.text ?? '').length > 0;
    await toolbarButton()
      ?.setBadgeText({
        tabId: id,
        text: waiting ? '附' : msg.report.classification.isDocument ? String(errors || '') : '',
      })
      .catch(() => {});
    await toolbarButton()
      ?.setBadgeBackgroundColor({ tabId: id, color: waiting ? '#b26a00' : '#c62828' })
      .catch(() => {});
    return null;
  },
  async getTabReport(_msg, { tabId }) {
    const id = needTab(tabId);
    const got = await browser.storage.session.get(tabKey(id));
    const entry = got[tabKey(id)] as TabEntry | undefined;
    return entry
      ? { url: entry.url, docKey: entry.docKey, textHash: entry.textHash, report: entry.report }
      : null;
  },
  async getChecklistState(msg) {
    return getChecklistState(getDb(), msg.docKey);
  },
  async saveChecklistState(msg) {
    return saveChecklistState(getDb(), msg.state);
  },
  async getSettings() {
    return getSettings(getDb());
  },
  async saveRecord(msg) {
    return createRecord(getDb(), msg.record);
  },
  async openSidePanel(_msg, { tabId }) {
    // Within the user gesture that sent this message (the badge click); Firefox carries no
    // gesture through a message, and gets the checklist as a tab beside the page instead.
    await openChecklistForPage(needTab(tabId));
    return null;
  },
  async scrollToFinding(msg) {
    const r = (await forwardToTab(msg.tabId, msg)) as { found?: boolean } | null;
    return { found: !!r?.found };
  },
  async recheckTab(msg) {
    await forwardToTab(msg.tabId, msg);
    return null;
  },
  async packsChanged(msg) {
    const tabs = await browser.tabs.query({});
    await Promise.all(tabs.map((t) => (t.id != null ? forwardToTab(t.id, msg) : null)));
    return null;
  },
  async openFileReview(msg, { tabId }) {
    const id = needTab(tabId);
    const got = await browser.storage.session.get(tabKey(id));
    const entry = got[tabKey(id)] as TabEntry | undefined;
    // Only an attachment the tab's document lists: a message cannot make us fetch anything else.
    if (!entry?.report.facts.attachments.some((a) => a.href === msg.url))
      throw new GuishenError('invalid', '只能审查本页列出的附件');
    const tab = await browser.tabs.get(id).catch(() => null);
    await openFileReviewTab(msg.url, msg.name, id, tab?.index ?? null);
    return null;
  },
  async injectReview(_msg, { tabId, from, frameId, documentId }) {
    // validateInbound lets only a content script send this; the target is its own frame.
    if (from !== 'content' || frameId === undefined) {
      throw new GuishenError('invalid', '只有页面中的内容脚本可以请求审查本页');
    }
    const id = needTab(tabId);
    // Chrome names the sending document, so a frame that navigated meanwhile is not injected;
    // Firefox has no document ids (frame id only). Host permission: the manifest's
    // host_permissions (built-in sites) or the optional permission of a user-enabled site.
    await browser.scripting.executeScript({
      target: documentId
        ? { tabId: id, documentIds: [documentId] }
        : { tabId: id, frameIds: [frameId] },
      files: [REVIEW_SCRIPT],
    });
    return null;
  },
};

const REVIEW_LINK_MENU = 'guishen-review-link';

/**
 * Opens the file review page on one attachment URL, next to the page it came from; that page
 * fetches the URL once, when it opens (the reviewer's click), and joins the notice's facts.
 */
async function openFileReviewTab(
  url: string,
  name: string,
  fromTab: number | null,
  index: number | null,
): Promise<void> {
  if (!/^https?:\/\//i.test(url)) return;
  const q = new URLSearchParams({ src: url, name });
  if (fromTab !== null) q.set('notice', String(fromTab));
  await browser.tabs.create({
    url: browser.runtime.getURL(`/file-review.html?${q}` as never),
    ...(fromTab !== null && index !== null ? { index: index + 1, openerTabId: fromTab } : {}),
  });
}

/** Validates and dispatches one inbound message; the reply is always an envelope. */
export async function handleMessage(
  raw: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Reply<MessageType>> {
  const v = validateInbound(
    raw,
    sender,
    browser.runtime.id,
    new URL(browser.runtime.getURL('/')).origin,
  );
  if (!v.ok) return { ok: false, error: v.reason };
  try {
    const handler = handlers[v.message.type] as Handler<MessageType>;
    const data = await handler(v.message, {
      tabId: v.tabId,
      from: v.from,
      frameId: v.frameId,
      documentId: v.documentId,
    });
    return { ok: true, data } as Reply<MessageType>;
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Wires the listeners. Called from entrypoints/background.ts. */
export function startBackground(): void {
  browser.runtime.onInstalled.addListener(() => {
    void ensureSeeded();
    // 「用规审审查此文件」 on a link to a Word, PDF or OFD file (the path may carry a query).
    browser.contextMenus?.create({
      id: REVIEW_LINK_MENU,
      title: i18n.t('fileReview.menu'),
      contexts: ['link'],
      targetUrlPatterns: ['*://*/*.docx*', '*://*/*.pdf*', '*://*/*.ofd*'],
    });
  });
  browser.contextMenus?.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== REVIEW_LINK_MENU || !info.linkUrl) return;
    void openFileReviewTab(info.linkUrl, '', tab?.id ?? null, tab?.index ?? null);
  });
  // Sites the office enabled (options page): their dynamic content script registration.
  void restoreSiteScripts(getDb()).catch((e) => console.warn('[规审] 站点注册失败', e));
  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    handleMessage(raw, sender).then(sendResponse);
    return true; // async reply
  });
  // The office's shared log: replication restarts with the service worker, and the alarm wakes
  // the worker every minute so it restarts after Chrome stopped an idle one.
  void ensureOffice(getDb()).catch((e) => console.warn('[规审] 办公室共享日志未能启动', e));
  void browser.alarms?.create(OFFICE_ALARM, { periodInMinutes: 1 });
  browser.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name !== OFFICE_ALARM) return;
    void ensureOffice(getDb())
      .then((b) => b?.push())
      .catch(() => {});
  });
  // Pack subscriptions: the administrator's policy (storage.managed) on every start and when it
  // changes, and a daily check of every subscription (an update waits for the reviewer).
  void followSubscriptions();
  void browser.alarms?.create(SUBSCRIPTIONS_ALARM, { periodInMinutes: 24 * 60 });
  browser.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name === SUBSCRIPTIONS_ALARM) void followSubscriptions(true);
  });
  browser.storage.onChanged?.addListener((_changes, area) => {
    if (area === 'managed') void followSubscriptions();
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void browser.storage.session.remove(tabKey(tabId));
  });
}

/** The alarm of the daily subscription check. */
export const SUBSCRIPTIONS_ALARM = 'guishen-subscriptions';

/**
 * Apply the administrator's policy, then (on the daily alarm) check every subscription.
 * Failures are recorded on the subscriptions themselves; nothing here throws.
 */
async function followSubscriptions(check = false): Promise<void> {
  try {
    await ensureSeeded();
    const db = getDb();
    const deps = { fetch: (u: RequestInfo | URL, i?: RequestInit) => fetch(u, i) };
    const { applyManagedPolicy } = await import('./managed');
    // Throws where no policy schema is declared (Firefox without policies): no policy then.
    const policy = (await browser.storage.managed?.get().catch(() => ({}))) ?? {};
    const report = await applyManagedPolicy(db, policy, deps);
    if (report.errors.length) console.warn('[规审] 管理员策略', report.errors);
    if (check) {
      const { checkAll } = await import('./subscriptions');
      await checkAll(db, deps);
    }
  } catch (e) {
    console.warn('[规审] 规则包订阅检查失败', e);
  }
}
