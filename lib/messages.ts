/**
 * The one typed contract for everything that crosses between content script, background and
 * extension pages. Every message is a member of `MessageSchema` (a zod discriminated union on
 * `type`); the background parses each inbound message with it and checks the sender with
 * `validateInbound` before acting.
 *
 * Types only here: no `browser.*` call, so this module loads in every context and in tests.
 */
import { z } from 'zod';
import { PackSchema, ReportSchema } from '@/rules/schema';
import {
  ChecklistStateSchema,
  ClassificationKindSchema,
  ConclusionSchema,
  FileRefSchema,
  PackRefSchema,
  RecordFactsSchema,
  ReviewRecordSchema,
  SettingsSchema,
  StoredFindingSchema,
} from './entities';
import { toIssues, zhErrorMap } from './issues';
import type { ConflictView, UploadMark } from './office/bridge';

const TabId = z.number().int().nonnegative();

/** The office's database URL, the reviewer's CouchDB user name and password. */
const OfficeLogin = {
  url: z.string().min(1).max(2000),
  user: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
};

/** A record id as the office messages carry it. */
const OfficeRecordId = z.string().min(1).max(200);
/** A CouchDB revision (`3-0123abcd…`). */
const OfficeRev = z
  .string()
  .max(200)
  .regex(/^\d+-[0-9a-f]+$/, '版本号格式不正确');

/** What a successful 连接测试 reports (lib/office/connect.ts ConnectionInfo). */
export interface OfficeInfo {
  url: string;
  origin: string;
  database: string;
  plainHttp: boolean;
  server: string;
  shareTexts: boolean;
  lead: boolean;
  docCount: number;
  /** (officeConnect) The reviewer's earlier records this database does not have: offered. */
  held?: number;
}

/** The reviewer records an outcome (popup / side panel → background). */
export const SaveRecordInputSchema = z.object({
  url: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  classification: ClassificationKindSchema,
  conclusion: ConclusionSchema,
  opinion: z.string(),
  reviewer: z.string(),
  reviewedAt: z.string().optional(),
  round: z.number().int().positive().optional(),
  facts: RecordFactsSchema,
  findings: z.array(StoredFindingSchema),
  packs: z.array(PackRefSchema),
  extensionVersion: z.string(),
  text: z.string().optional(),
  /** The file reviewed (file review page). */
  file: FileRefSchema.optional(),
});

/**
 * Every message. `tabId` on a message sent by a content script may be omitted (the background
 * takes it from the sender); if present it must be the sender's own tab.
 */
export const MessageSchema = z.discriminatedUnion('type', [
  /** content/page → background: the effective packs for the engine. */
  z.object({ type: z.literal('getActivePacks') }),
  /** content → background: the latest report for the sender's tab (badge, side panel). */
  z.object({
    type: z.literal('reportUpdated'),
    tabId: TabId.optional(),
    url: z.string(),
    docKey: z.string().min(1),
    textHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    report: ReportSchema,
    /** The reviewed text (kept per tab in session storage so a saved record can store this
     * version for round-to-round comparison). Capped like the extraction itself. */
    text: z.string().max(2_000_000).optional(),
    /** The file the text was read from (the file review page, an extension page). */
    file: FileRefSchema.optional(),
    /**
     * Where each finding is in that file (「第 3 页第 12 行」, 「第 5 段」, '' when unknown), by
     * finding index: the side panel lists them as the hit card shows them.
     */
    locations: z.array(z.string().max(40)).max(100_000).optional(),
  }),
  /** page (side panel, popup) or content → background: the last report of a tab. */
  z.object({ type: z.literal('getTabReport'), tabId: TabId.optional() }),
  /** content/page → background: manual ticks and dismissals of a document. */
  z.object({ type: z.literal('getChecklistState'), docKey: z.string().min(1) }),
  /** page → background: save manual ticks and dismissals. */
  z.object({
    type: z.literal('saveChecklistState'),
    state: ChecklistStateSchema.omit({ updatedAt: true }),
  }),
  /** content/page → background: highlight toggles, enabled sites, reviewer name. */
  z.object({ type: z.literal('getSettings') }),
  /** page → background: record the outcome of a review. */
  z.object({ type: z.literal('saveRecord'), record: SaveRecordInputSchema }),
  /** content → background (after a user gesture in the page card): open the side panel. */
  z.object({ type: z.literal('openSidePanel'), tabId: TabId.optional() }),
  /** page → background → content: scroll the page to a finding and flash it. */
  z.object({
    type: z.literal('scrollToFinding'),
    tabId: TabId,
    findingIndex: z.number().int().nonnegative(),
  }),
  /** page → background → content: run the engine again (packs or settings changed). */
  z.object({ type: z.literal('recheckTab'), tabId: TabId }),
  /** background → content (broadcast): packs changed; ask again with getActivePacks. */
  z.object({ type: z.literal('packsChanged') }),
  /**
   * content (the loader) → background: the pre-check found a document or a draft; inject the
   * review bundle into the sender's own frame. No tab or frame field on purpose: the target
   * is taken from the sender, so a content script cannot name another tab or frame.
   */
  z.object({ type: z.literal('injectReview') }).strict(),
  /**
   * content (the badge's 「审查此附件」) or page (the popup) → background: open the file review
   * page on one attachment of the tab's document. Only an attachment the tab's report lists is
   * opened, and it is fetched by that page, once, then.
   */
  z.object({
    type: z.literal('openFileReview'),
    tabId: TabId.optional(),
    url: z
      .string()
      .max(4000)
      .regex(/^https?:\/\//i, '附件地址应为 http(s) 地址'),
    name: z.string().max(500),
  }),
  /** options → background: 连接测试 of the office's shared log (nothing stored). */
  z.object({ type: z.literal('officeTest'), ...OfficeLogin }).strict(),
  /** options → background: connect (test, store with the password sealed, start syncing). */
  z.object({ type: z.literal('officeConnect'), ...OfficeLogin }).strict(),
  /** options → background: stop syncing and forget the connection (the log stays). */
  z.object({ type: z.literal('officeDisconnect') }).strict(),
  /** options/popup → background: one sync round now. */
  z
    .object({
      type: z.literal('officeSyncNow'),
      /** After a backup restore: look at every record again, not only those past the mark. */
      rescan: z.literal(true).optional(),
    })
    .strict(),
  /** options → background: the versions of a record whose revisions conflict. */
  z.object({ type: z.literal('officeConflict'), recordId: OfficeRecordId }).strict(),
  /** options → background: keep one version of a conflicting record (its revision). */
  z
    .object({
      type: z.literal('officeResolve'),
      recordId: OfficeRecordId,
      rev: OfficeRev,
      /** The revisions the dialog showed: the choice was made among them. */
      shown: z.array(OfficeRev).max(100).optional(),
    })
    .strict(),
  /** options → background: 已上传 / 待上传 of the records on one page of the log. */
  z
    .object({
      type: z.literal('officeMarks'),
      recordIds: z.array(OfficeRecordId).max(200, '一次最多查询200条记录'),
    })
    .strict(),
  /** options → background: 重新上传 (after the server's database was wiped and set up again). */
  z.object({ type: z.literal('officeReupload') }).strict(),
  /** options → background: 上传本人记录 (earlier records this database does not have yet). */
  z.object({ type: z.literal('officeUploadHeld') }).strict(),
]);
export type Message = z.infer<typeof MessageSchema>;
export type MessageType = Message['type'];
/** The message of one type. */
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** What each message answers (the `data` of a successful reply). */
export interface ResponseMap {
  /** `packs` are validated (lib/packs.ts servePacks): compile them with `validated: true`. */
  getActivePacks: { packs: z.infer<typeof PackSchema>[]; refs: z.infer<typeof PackRefSchema>[] };
  reportUpdated: null;
  getTabReport: {
    url: string;
    docKey: string;
    textHash?: string;
    report: z.infer<typeof ReportSchema>;
  } | null;
  getChecklistState: z.infer<typeof ChecklistStateSchema>;
  saveChecklistState: z.infer<typeof ChecklistStateSchema>;
  getSettings: z.infer<typeof SettingsSchema>;
  saveRecord: z.infer<typeof ReviewRecordSchema>;
  openSidePanel: null;
  scrollToFinding: { found: boolean };
  recheckTab: null;
  packsChanged: null;
  injectReview: null;
  openFileReview: null;
  officeTest: OfficeInfo;
  officeConnect: OfficeInfo;
  officeDisconnect: null;
  officeSyncNow: { pushed: number; pulled: number };
  officeConflict: ConflictView | null;
  officeResolve: z.infer<typeof ReviewRecordSchema>;
  officeMarks: Record<string, UploadMark>;
  officeReupload: { written: number };
  officeUploadHeld: { written: number };
}

/** Every reply has this envelope, so an error in the background reaches the UI as text. */
export type Reply<T extends MessageType> =
  { ok: true; data: ResponseMap[T] } | { ok: false; error: string };

/** Messages a content script may send. Everything else is for extension pages only. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set<MessageType>([
  'getActivePacks',
  'reportUpdated',
  'getTabReport',
  'getChecklistState',
  'getSettings',
  'openSidePanel',
  'injectReview',
  'openFileReview',
]);

/** Messages only a content script may send (they act on the sender's own frame). */
export const CONTENT_SCRIPT_ONLY: ReadonlySet<MessageType> = new Set<MessageType>(['injectReview']);

/** The parts of `runtime.MessageSender` the check uses (structurally compatible). */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
  /** Chrome: the sending document (Firefox has none). */
  documentId?: string;
}

/** Why a message was refused. */
export type RejectCode =
  'bad-shape' | 'foreign-sender' | 'unknown-sender' | 'not-allowed' | 'wrong-tab' | 'wrong-frame';

/** The outcome of `validateInbound`. */
export type InboundResult =
  | {
      ok: true;
      message: Message;
      /** `page`: an extension page (popup, side panel, options); `content`: a content script. */
      from: 'page' | 'content';
      /** The tab the message is about: the sender's own tab for a content script. */
      tabId?: number;
      /** A content script's own frame (0 = top) and, in Chrome, its document. */
      frameId?: number;
      documentId?: string;
    }
  | { ok: false; code: RejectCode; reason: string };

function reject(code: RejectCode, reason: string): InboundResult {
  return { ok: false, code, reason };
}

/**
 * Check an inbound message and its sender.
 * - The message must match the contract (zod).
 * - `sender.id` must be our extension id (other extensions are refused).
 * - An extension page (sender URL at our origin) may send any message.
 * - A content script (`sender.tab` present, URL not ours) may send only
 *   `CONTENT_SCRIPT_MESSAGES`, and only about its own tab; the result carries its own frame
 *   (and document), which is all `CONTENT_SCRIPT_ONLY` messages may act on.
 * - `CONTENT_SCRIPT_ONLY` messages (inject into the sender's frame) are refused from
 *   extension pages, which have no frame to act on.
 * - Anything else is refused with a reason.
 *
 * @param extensionOrigin our origin; defaults to `chrome-extension://<id>`. Pass
 *   `new URL(browser.runtime.getURL('/')).origin` in Firefox, where the origin's host is an
 *   internal UUID rather than the id.
 */
export function validateInbound(
  msg: unknown,
  sender: SenderLike,
  extensionId: string,
  extensionOrigin = `chrome-extension://${extensionId}`,
): InboundResult {
  if (!sender || sender.id !== extensionId) {
    return reject(
      'foreign-sender',
      `拒绝来自其他扩展或网页的消息（发送方 ${sender?.id ?? '未知'}）`,
    );
  }
  const parsed = MessageSchema.safeParse(msg, { error: zhErrorMap });
  if (!parsed.success) {
    const issue = toIssues(parsed.error, msg, '消息')[0];
    return reject('bad-shape', `消息格式不正确：${issue ? `${issue.path}：${issue.message}` : ''}`);
  }
  const message = parsed.data;
  const url = sender.url ?? '';
  const fromOurOrigin = url === extensionOrigin || url.startsWith(`${extensionOrigin}/`);
  if (fromOurOrigin) {
    if (CONTENT_SCRIPT_ONLY.has(message.type)) {
      return reject('not-allowed', `“${message.type}”消息只能由页面中的内容脚本发送`);
    }
    const tabId = 'tabId' in message ? message.tabId : undefined;
    return { ok: true, message, from: 'page', ...(tabId !== undefined ? { tabId } : {}) };
  }
  const ownTab = sender.tab?.id;
  if (ownTab === undefined || ownTab < 0) {
    return reject('unknown-sender', '拒绝来源不明的消息：既不是扩展页面，也不是标签页中的内容脚本');
  }
  if (!CONTENT_SCRIPT_MESSAGES.has(message.type)) {
    return reject('not-allowed', `内容脚本不能发送“${message.type}”消息`);
  }
  if ('tabId' in message && message.tabId !== undefined && message.tabId !== ownTab) {
    return reject(
      'wrong-tab',
      `内容脚本只能处理自己所在的标签页（${ownTab}），不能涉及标签页 ${message.tabId}`,
    );
  }
  const frameId = sender.frameId;
  if (CONTENT_SCRIPT_ONLY.has(message.type) && (frameId === undefined || frameId < 0)) {
    return reject('wrong-frame', `内容脚本的框架不明，不能处理“${message.type}”消息`);
  }
  return {
    ok: true,
    message,
    from: 'content',
    tabId: ownTab,
    ...(frameId !== undefined ? { frameId } : {}),
    ...(sender.documentId ? { documentId: sender.documentId } : {}),
  };
}
