/**
 * What the options page's views need from the office's books, as one injected interface.
 *
 * Views never import lib/'s code or Dexie (ESLint enforces it): the entrypoint builds an `OptionsApi`
 * over the real database (entrypoints/options/api.ts) and provides it through `ApiContext`;
 * component tests provide the same builder over fake-indexeddb, or a stub. Records, log
 * queries, the register, statistics and restore reports are lib/'s own types, imported as
 * types only (ESLint allows nothing else from lib/ here): no runtime code of lib/ or Dexie
 * reaches the views. The types that exist only for the views are defined below.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { CONCLUSION_KEY } from '../labels';
import type { Category, Opinion, Severity } from '@/rules/schema';
import type { RestoreReport } from '@/lib/backup';
import type {
  ClassificationKind,
  Conclusion,
  HighlightToggles,
  RecordRow,
  ReviewRecord,
  RuleOverride,
  Settings,
  StoredPack,
} from '@/lib/entities';
import type { Issue } from '@/lib/issues';
import type { EffectiveParam } from '@/lib/packs';
import type { LogPage, LogQuery, LogSortKey } from '@/lib/records';
import type { RegisterEntry, RegisterState } from '@/lib/register';
import type { Stats } from '@/lib/stats';
import type { OfficeInfo } from '@/lib/messages';
import type { OfficeReject, SyncStatus } from '@/lib/office/state';
import type { OfficeStats } from '@/lib/office/stats';
import type { ConflictView, UploadMark } from '@/lib/office/bridge';
import type { Subscription } from '@/lib/subscriptions';
import type { PackChanges } from '@/rules/pack-diff';

/** A problem with a Chinese place (pack › rule › field) and reason. */
export type Problem = Issue;

/** A change that was written, or refused with its problems (nothing written). */
export type Result<T = unknown> = { ok: true; value: T } | { ok: false; errors: Problem[] };

export type { ClassificationKind, Conclusion, LogSortKey, RegisterState };
/** The three conclusions as stored, in display order. */
export const CONCLUSION_VALUES = Object.keys(CONCLUSION_KEY) as readonly Conclusion[];

// ---------------------------------------------------------------------------------------------
// Rule packs

/** The office's change to one rule (or, with ruleId `@params`, to the pack's parameters). */
export type OverrideView = RuleOverride;

/** A stored pack as the packs table shows it. */
export interface PackView extends Pick<StoredPack, 'id' | 'source' | 'enabled' | 'pack'> {
  overrides: OverrideView[];
  /** The ids of the pack's layer, top first: lanzhou → common-local → national. */
  layer: string[];
}

/** A parameter as the office's layer sees it (value of the latest layer that sets it). */
export type ParamView = EffectiveParam;

/** Everything the packs section shows. */
export interface PacksState {
  packs: PackView[];
  /** The top of the office's layer. */
  officePack: string;
  /** The ids the engine runs. */
  active: string[];
  params: ParamView[];
}

/** What a rule override may change. */
export type RulePatch = Pick<RuleOverride, 'severity' | 'enabled' | 'options'>;

/** A custom rule of an existing kind, as the office writes it. */
export interface CustomRule {
  id: string;
  kind: string;
  severity: Severity;
  category: Category;
  message: string;
  basis: string;
  options: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The log

/** A row of the review log (without its findings). */
export type RecordView = RecordRow;

/** A record with its findings. */
export type RecordDetail = ReviewRecord;

/** Fields the reviewer may edit. */
export type RecordEdit = Partial<
  Pick<
    RecordView,
    | 'title'
    | 'docNumber'
    | 'registrationNumber'
    | 'classification'
    | 'conclusion'
    | 'opinion'
    | 'reviewer'
  >
>;

/** One query of the log. */
export type LogQueryView = LogQuery;

/** One page of the log. */
export type LogPageView = LogPage;

// ---------------------------------------------------------------------------------------------
// Register, report, backup, settings

export type RegisterEntryView = RegisterEntry;

export type StatsView = Stats;

export type RestoreReportView = RestoreReport;

export type HighlightKey = keyof HighlightToggles;

export type SettingsView = Pick<
  Settings,
  'reviewerName' | 'enabledSites' | 'highlights' | 'todayOverride' | 'officeName'
>;

// ---------------------------------------------------------------------------------------------
// The office's shared log

export type { SyncStatus };
export type OfficeInfoView = OfficeInfo;
export type OfficeRejectView = OfficeReject;
export type OfficeStatsView = OfficeStats;

/** A conflicting record's versions (each checked like an incoming document). */
export type ConflictViewData = ConflictView;
/** Per record of a log page: on the server, not yet, unknown (offline), or in conflict. */
export type RecordMark = UploadMark | 'conflict';

/** The connection and sync state the 办公室共享日志 section shows. */
export interface OfficeView {
  config: {
    url: string;
    user: string;
    shareTexts: boolean;
    lead: boolean;
    /** Plain http (a loopback test server or a host the policy allows): a permanent warning. */
    plainHttp: boolean;
    connectedAt: string;
  } | null;
  state: {
    status: SyncStatus;
    pending: number;
    error: string;
    lastSyncAt: string | null;
    conflicts: number;
    /** The reviewer's earlier records this database does not have (uploaded only by choice). */
    held: number;
  };
  /** Documents not imported, changes refused (newest first, at most 50). */
  rejects: OfficeRejectView[];
  rejectCount: number;
}

/** A file the page offers for download. */
export interface FileOut {
  name: string;
  /** The content: text (CSV, JSON) or bytes (the .docx of a written opinion). */
  text: string | Blob;
  type: string;
}

/** A binary file the page offers for download (an .xlsx workbook). */
export interface BinaryFileOut {
  name: string;
  bytes: Uint8Array;
  type: string;
}

/** How far a long export is: reading the records, then writing the file. */
export interface ExportProgressView {
  phase: 'read' | 'write';
  done: number;
  total: number;
}

// ---------------------------------------------------------------------------------------------
// Rule-pack subscriptions

/** A subscription as the 规则包订阅 section shows it (the pending pack itself stays in lib/). */
export interface SubscriptionView extends Omit<Subscription, 'pending' | 'previous'> {
  pending: { version: string; fetchedAt: string; changes: PackChanges } | null;
  previousVersion: string | null;
}

export type { PackChanges };

/** Everything the options page does with the books. */
export interface OptionsApi {
  // Rule packs
  loadPacks(): Promise<PacksState>;
  setOfficePack(id: string): Promise<Result>;
  setPackEnabled(id: string, enabled: boolean): Promise<Result>;
  setRuleOverride(packId: string, ruleId: string, patch: RulePatch | null): Promise<Result>;
  setParam(packId: string, key: string, value: unknown): Promise<Result>;
  resetPack(packId: string): Promise<Result>;
  addCustomRule(rule: CustomRule): Promise<Result>;
  removeCustomRule(packId: string, ruleId: string): Promise<Result>;
  importPack(text: string, replace: boolean): Promise<Result<{ id: string; action: string }>>;
  exportPack(id: string, effective: boolean): Promise<FileOut>;
  deletePack(id: string): Promise<Result>;
  /** Checks while typing (no write). */
  checkRuleOverride(pack: PackView, ruleId: string, patch: RulePatch): Problem[];
  checkParam(pack: PackView, key: string, value: unknown): Problem[];
  checkCustomRule(rule: CustomRule): Problem[];
  /** Rule kinds a custom rule may use. */
  ruleKinds(): string[];

  // Rule-pack subscriptions
  listSubscriptions(): Promise<SubscriptionView[]>;
  /** Must be called synchronously from the click: it asks for the pack host's permission first. */
  subscribe(input: {
    url: string;
    pin: string;
    publicKey: string;
  }): Promise<Result<SubscriptionView>>;
  checkSubscription(url: string): Promise<Result<{ status: string; error?: string }>>;
  applySubscription(url: string): Promise<Result>;
  restoreSubscription(url: string): Promise<Result>;
  unsubscribe(url: string, removePack: boolean): Promise<Result>;

  // The log
  queryLog(q: LogQueryView): Promise<LogPageView>;
  /** Load the search snapshot in the background; resolves with the reviewer names. */
  warmLog(onProgress?: (done: number, total: number) => void): Promise<string[]>;
  getRecord(id: string): Promise<RecordDetail | undefined>;
  /** Give a record made before written opinions its 审查意见书 (drafted from its findings). */
  generateOpinion(id: string): Promise<Result<RecordDetail>>;
  /** The .docx of a written opinion, as a file to download. */
  opinionFile(opinion: Opinion): Promise<FileOut>;
  /** `seen`: the updatedAt of the version the edit was made on (the dialog's). */
  updateRecord(id: string, edit: RecordEdit, seen?: string): Promise<Result<RecordView>>;
  /**
   * `seen`: the updatedAt of the row the reviewer acted on (a deletion or restore made on a
   * version that a colleague's revision replaced meanwhile becomes an office conflict, not an
   * overwrite). Resolves to the record's new updatedAt.
   */
  deleteRecord(id: string, seen?: string): Promise<string>;
  restoreRecord(id: string, seen?: string): Promise<string>;
  /**
   * The log as the page shows it (filter, search, sort; all pages) as CSV; `onProgress` while
   * reading and writing. Made off the page's main thread (the export worker).
   */
  exportLogCsv(
    q: Omit<LogQueryView, 'offset' | 'limit'>,
    onProgress?: (p: ExportProgressView) => void,
  ): Promise<FileOut>;
  /** The same records as an .xlsx workbook (a Blob in `text`), likewise. */
  exportLogXlsx(
    q: Omit<LogQueryView, 'offset' | 'limit'>,
    onProgress?: (p: ExportProgressView) => void,
  ): Promise<FileOut>;

  // Register and report
  loadRegister(): Promise<{ today: string; dueMonths: number; entries: RegisterEntryView[] }>;
  registerCsv(entries: RegisterEntryView[], today: string): FileOut;
  registerXlsx(entries: RegisterEntryView[], today: string): Promise<BinaryFileOut>;
  loadStats(year: number): Promise<StatsView>;

  // Backup
  exportBackup(): Promise<FileOut>;
  previewRestore(text: string, mode: 'replace' | 'merge'): Promise<Result<RestoreReportView>>;
  restore(text: string, mode: 'replace' | 'merge'): Promise<Result<RestoreReportView>>;

  // Settings
  loadSettings(): Promise<SettingsView>;
  saveSettings(patch: Partial<SettingsView>): Promise<Result<SettingsView>>;
  parseSite(input: string): { ok: true; pattern: string } | { ok: false; reason: string };
  siteLabel(pattern: string): string;
  /** Must be called synchronously from the click: it asks for the host permission first. */
  addSite(pattern: string): Promise<Result<string[]>>;
  removeSite(pattern: string): Promise<string[]>;

  // The office's shared log
  loadOffice(): Promise<OfficeView>;
  testOffice(url: string, user: string, password: string): Promise<Result<OfficeInfoView>>;
  /** Must be called synchronously from the click: it asks for the office origin first. */
  connectOffice(url: string, user: string, password: string): Promise<Result<OfficeInfoView>>;
  disconnectOffice(): Promise<void>;
  syncOffice(): Promise<Result<{ pushed: number; pulled: number }>>;
  /**
   * 已上传 / 待上传 / 冲突 of the records of one log page (one request for the page); null
   * when no office is connected.
   */
  officeMarks(recordIds: string[]): Promise<Record<string, RecordMark> | null>;
  /** The versions of a conflicting record (null: the conflict is gone). */
  officeConflict(recordId: string): Promise<Result<ConflictViewData | null>>;
  /** Keep one version of a conflicting record. */
  /** `shown`: the revisions the dialog showed (the choice is refused when there are others). */
  resolveOfficeConflict(
    recordId: string,
    rev: string,
    shown?: readonly string[],
  ): Promise<Result<RecordDetail>>;
  /** 重新上传 everything this reviewer may write (after the server's database was wiped). */
  reuploadOffice(): Promise<Result<{ written: number }>>;
  /** 上传本人记录: the reviewer's earlier records this database does not have yet. */
  uploadHeldOffice(): Promise<Result<{ written: number }>>;
  /** 本人 / 全办公室, each document once (latest round), for a date range. */
  officeStats(
    range: { from: string; to: string },
    scope: 'mine' | 'office',
  ): Promise<OfficeStatsView>;

  /** Offer a file for download (Blob + <a download>). */
  download(file: FileOut | BinaryFileOut): void;
  /** The reviewer's today (`YYYY-MM-DD`, the override when pinned). */
  today(): string;
}

/** The API of the surrounding provider. */
export const ApiContext = createContext<OptionsApi | null>(null);

/** The injected API; throws when a view is rendered without a provider (a wiring bug). */
export function useApi(): OptionsApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('OptionsApi missing: wrap the view in <ApiContext.Provider>');
  return api;
}

/** Read a file input's file as text (UTF-8). */
export function readFileText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}
