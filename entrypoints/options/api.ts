/**
 * Options wiring: the `OptionsApi` the views use, over one Dexie database. Thin adapters
 * only — every rule lives in lib/. Tests build the same API over fake-indexeddb.
 */
import type {
  BinaryFileOut,
  ExportProgressView,
  FileOut,
  LogQueryView,
  OptionsApi,
  PackChanges,
  Problem,
  RecordMark,
  SubscriptionView,
} from '@/components/options/api';
import type { Subscription } from '@/lib/subscriptions';
import { localIsoDate } from '@/lib/dates';
import { layerClosure, type GuishenDB } from '@/lib/db';
import { DEFAULT_OFFICE_PACK, SettingsSchema } from '@/lib/entities';
import type { MessageOf, ResponseMap } from '@/lib/messages';
import { checkOfficeUrl } from '@/lib/office/connect';
import { getConfig, getState } from '@/lib/office/state';
import {
  deleteRecord,
  getRecord,
  getSettings,
  logSnapshot,
  queryLog,
  restoreRecord,
  updateRecord,
  updateSettings,
} from '@/lib/records';
import { ensureRecordOpinion, opinionFile } from '@/lib/opinion';
import type { ExportFile } from '@/lib/export/job';
import type { ExportFormat, ExportJob } from '@/lib/export/wanted';

// The log is what opens first and must paint fast: the rule engine, the seed packs, backup,
// CSV and statistics code (most of the page's script) load on first use of their section.
type PacksModule = typeof import('@/lib/packs');
type CsvModule = typeof import('@/lib/csv');
type BooksModule = typeof import('@/lib/export/books');
let packsModule: PacksModule | undefined;
let csvModule: CsvModule | undefined;
let booksModule: BooksModule | undefined;
async function packsLib(): Promise<PacksModule> {
  return (packsModule ??= await import('@/lib/packs'));
}
async function csvLib(): Promise<CsvModule> {
  return (csvModule ??= await import('@/lib/csv'));
}
async function booksLib(): Promise<BooksModule> {
  return (booksModule ??= await import('@/lib/export/books'));
}
/** For the checks run while typing: the section loaded the module before it can type. */
function loadedPacks(): PacksModule {
  if (!packsModule) throw new Error('规则包模块尚未加载');
  return packsModule;
}

/** What the API needs from the browser; tests pass stubs. */
export interface OptionsDeps {
  /** Tell open pages to re-check (`packsChanged`). Errors are swallowed by the caller. */
  notifyPacksChanged(): Promise<unknown>;
  /** The manifest version, stamped into backups. */
  extensionVersion: string;
  /** Offer a file for download. */
  download(file: FileOut | BinaryFileOut): void;
  /**
   * Run an export of the log off the page's main thread (the entrypoint passes the export
   * worker, lib/export/client.ts). Without it — tests over fake-indexeddb — the same job runs
   * on the calling thread, yielding between slices.
   */
  runExport?(job: ExportJob, onProgress?: (p: ExportProgressView) => void): Promise<ExportFile>;
  /** Make sure the background has seeded the packs (asked before the packs section loads). */
  ensureSeeded?(): Promise<unknown>;
  /**
   * The office's shared log: messages to the background (where replication runs) and the
   * host-permission prompt for the office's origin. Absent in tests that do not need it.
   */
  office?: {
    send<T extends OfficeMessage>(msg: MessageOf<T>): Promise<ResponseMap[T]>;
    /** Starts the permission prompt synchronously (inside the click). */
    requestOrigin(origin: string): Promise<boolean>;
  };
  /**
   * The host permission of a subscribed pack's origin (`https://host:port`). Starts the prompt
   * synchronously (inside the click). Absent in tests: loopback servers need none.
   */
  requestHost?(origin: string): Promise<boolean>;
  /** fetch for subscriptions (tests pass Node's). */
  fetch?: typeof fetch;
  /** Sites: permission prompt + registration (lib/sites.ts in the page). */
  sites: {
    parse(input: string): { ok: true; pattern: string } | { ok: false; reason: string };
    label(pattern: string): string;
    add(pattern: string): Promise<{ ok: true; sites: string[] } | { ok: false; reason: string }>;
    remove(pattern: string): Promise<string[]>;
  };
}

/** `Blob` + `<a download>`: works in Chrome and Firefox extension pages without `downloads`. */
export function downloadFile(file: FileOut | BinaryFileOut): void {
  const body = 'bytes' in file ? (file.bytes as Uint8Array<ArrayBuffer>) : file.text;
  // A Blob of the right type (the export worker's) is offered as it is, not wrapped again.
  const blob =
    body instanceof Blob && body.type === file.type ? body : new Blob([body], { type: file.type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: revoking at once can cancel the download in Firefox.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

type OfficeMessage =
  | 'officeTest'
  | 'officeConnect'
  | 'officeDisconnect'
  | 'officeSyncNow'
  | 'officeConflict'
  | 'officeResolve'
  | 'officeMarks'
  | 'officeReupload'
  | 'officeUploadHeld';

const problem = (e: unknown) => ({
  ok: false as const,
  errors: [{ path: '办公室共享日志', message: e instanceof Error ? e.message : String(e) }],
});

/** The options page's API, plus what only the entrypoint uses. */
export interface OptionsApiWiring extends OptionsApi {
  /**
   * Start a log query now (at module load, before the first render) so opening the database
   * and reading the first page overlap with rendering; the first `queryLog` asking exactly
   * this query gets the answer already on its way.
   */
  prefetchLog(q: Parameters<OptionsApi['queryLog']>[0]): ReturnType<OptionsApi['queryLog']>;
}

/** The options page's API over `db`. */
export function createOptionsApi(db: GuishenDB, deps: OptionsDeps): OptionsApiWiring {
  const subsDeps = () => ({
    fetch: deps.fetch ?? ((u: RequestInfo | URL, i?: RequestInit) => fetch(u, i)),
  });
  let todayOverride: string | null = null;
  let prefetched: { key: string; page: ReturnType<typeof queryLog> } | null = null;
  const today = () => todayOverride ?? localIsoDate(new Date());
  /** After any pack change: open pages re-check. A failure to notify never fails the change. */
  const changed = async <T extends { ok: boolean }>(result: T): Promise<T> => {
    if (result.ok) await deps.notifyPacksChanged().catch(() => {});
    return result;
  };
  /**
   * An export of the log as the page shows it: the page picks the records (its snapshot), the
   * export worker (or, without one, this thread) reads and writes them.
   */
  const exportLog = async (
    q: Omit<LogQueryView, 'offset' | 'limit'>,
    format: ExportFormat,
    onProgress?: (p: ExportProgressView) => void,
  ) => {
    // Only the small module that picks the records loads on the page; the writers load in
    // the worker (or here, where there is none).
    const [{ logExportJob }, settings] = await Promise.all([
      import('@/lib/export/wanted'),
      getSettings(db),
    ]);
    const job = await logExportJob(db, q, format, settings.officeName);
    if (deps.runExport) return deps.runExport(job, onProgress);
    return (await import('@/lib/export/job')).runExportJob(db, job, { onProgress });
  };

  return {
    async loadPacks() {
      await deps.ensureSeeded?.().catch(() => null);
      const { activeIds, effectiveParams, listPacks } = await packsLib();
      const [rows, settings] = await Promise.all([listPacks(db), getSettings(db)]);
      const officePack = settings.officePack ?? DEFAULT_OFFICE_PACK;
      const overrides = rows.flatMap((r) => r.overrides);
      return {
        packs: rows.map((r) => ({ ...r, layer: [...layerClosure(rows, [r.id])] })),
        officePack,
        active: [...activeIds(rows, officePack)],
        params: effectiveParams(rows, overrides, officePack),
      };
    },
    async setOfficePack(id) {
      return changed(await (await packsLib()).setOfficePack(db, id));
    },
    async setPackEnabled(id, enabled) {
      return changed(await (await packsLib()).setPackEnabled(db, id, enabled));
    },
    async setRuleOverride(packId, ruleId, patch) {
      return changed(await (await packsLib()).setRuleOverride(db, packId, ruleId, patch));
    },
    async setParam(packId, key, value) {
      return changed(await (await packsLib()).setParamOverride(db, packId, key, value));
    },
    async resetPack(packId) {
      return changed(await (await packsLib()).resetPack(db, packId));
    },
    async addCustomRule(rule) {
      return changed(await (await packsLib()).addOfficeRule(db, rule));
    },
    async removeCustomRule(packId, ruleId) {
      return changed(await (await packsLib()).removeOfficeRule(db, packId, ruleId));
    },
    async importPack(text, replace) {
      const r = await (await packsLib()).importPack(db, text, { replace });
      return changed(
        r.ok ? { ok: true as const, value: { id: r.value.pack.id, action: r.value.action } } : r,
      );
    },
    async exportPack(id, effective) {
      return {
        name: `${id}${effective ? '-本单位调整' : ''}.json`,
        text: await (await packsLib()).exportPack(db, id, { effective }),
        type: 'application/json',
      };
    },
    async deletePack(id) {
      return changed(await (await packsLib()).deletePack(db, id));
    },
    checkRuleOverride(pack, ruleId, patch): Problem[] {
      return loadedPacks().validateRuleOverride(pack.pack, pack.overrides, ruleId, patch);
    },
    checkParam(pack, key, value): Problem[] {
      return loadedPacks().validateParamValue(pack.pack, pack.overrides, key, value);
    },
    checkCustomRule(rule): Problem[] {
      return loadedPacks().validateCustomRule(rule);
    },
    ruleKinds() {
      return loadedPacks().ruleKinds();
    },

    prefetchLog(q) {
      const page = queryLog(db, q);
      page.catch(() => {}); // a failure surfaces when the view asks
      prefetched = { key: JSON.stringify(q), page };
      return page;
    },
    queryLog(q) {
      if (prefetched && prefetched.key === JSON.stringify(q)) {
        const { page } = prefetched;
        prefetched = null;
        return page;
      }
      prefetched = null;
      return queryLog(db, q);
    },
    async warmLog(onProgress) {
      return (await logSnapshot(db, onProgress)).reviewers();
    },
    getRecord(id) {
      return getRecord(db, id);
    },
    async generateOpinion(id) {
      try {
        return { ok: true, value: await ensureRecordOpinion(db, id) };
      } catch (e) {
        return { ok: false, errors: [{ path: '审查意见书', message: (e as Error).message }] };
      }
    },
    async opinionFile(opinion) {
      const { name, blob } = await opinionFile(opinion);
      return { name, text: blob, type: blob.type };
    },
    async updateRecord(id, edit, seen) {
      try {
        return { ok: true, value: await updateRecord(db, id, edit, seen) };
      } catch (e) {
        return { ok: false, errors: [{ path: '审查记录', message: (e as Error).message }] };
      }
    },
    deleteRecord(id, seen) {
      return deleteRecord(db, id, seen);
    },
    async restoreRecord(id, seen) {
      return (await restoreRecord(db, id, seen)).updatedAt;
    },
    async exportLogCsv(q, onProgress) {
      const { blob, name } = await exportLog(q, 'csv', onProgress);
      return { name, text: blob, type: blob.type };
    },
    async exportLogXlsx(q, onProgress) {
      const { blob, name } = await exportLog(q, 'xlsx', onProgress);
      return { name, text: blob, type: blob.type };
    },

    async loadRegister() {
      const [{ getActivePacks }, { dueMonthsFromPacks, validityRegister }] = await Promise.all([
        packsLib(),
        import('@/lib/register'),
        csvLib(),
      ]);
      const [settings, packs] = await Promise.all([getSettings(db), getActivePacks(db)]);
      todayOverride = settings.todayOverride;
      const dueMonths = dueMonthsFromPacks(packs);
      const entries = await validityRegister(db, { today: today(), dueMonths });
      return { today: today(), dueMonths, entries };
    },
    registerCsv(entries, day) {
      return {
        // loadRegister loaded the CSV module before there was a register to export.
        name: csvModule!.registerCsvFileName(day),
        text: csvModule!.registerToCsv(entries),
        type: 'text/csv;charset=utf-8',
      };
    },
    async registerXlsx(entries, day) {
      const [books, settings] = await Promise.all([booksLib(), getSettings(db)]);
      return {
        name: books.registerXlsxFileName(day),
        bytes: await books.registerToXlsx(entries, { office: settings.officeName }),
        type: books.XLSX_TYPE,
      };
    },
    async loadStats(year) {
      return (await import('@/lib/stats')).computeStats(db, { kind: 'year', year });
    },

    async exportBackup() {
      const { backupFileName, exportBackup } = await import('@/lib/backup');
      return {
        name: backupFileName(),
        text: await exportBackup(db, { extensionVersion: deps.extensionVersion }),
        type: 'application/json',
      };
    },
    async previewRestore(text, mode) {
      const r = await (await import('@/lib/backup')).previewRestore(db, text, mode);
      return r.ok ? { ok: true, value: r.report } : r;
    },
    async restore(text, mode) {
      const r = await (await import('@/lib/backup')).restoreBackup(db, text, mode);
      if (!r.ok) return r;
      // Packs may have changed (restoreBackup itself drops the log's search snapshot).
      await deps.notifyPacksChanged().catch(() => {});
      // Restored records keep their own updatedAt, older than the office push's mark: the
      // office looks at every record again (in the background; the reply does not wait).
      if (deps.office && (await getConfig(db)))
        void deps.office.send({ type: 'officeSyncNow', rescan: true }).catch(() => {});
      return { ok: true, value: r.report };
    },

    async loadSettings() {
      const s = await getSettings(db);
      todayOverride = s.todayOverride;
      return s;
    },
    async saveSettings(patch) {
      const probe = SettingsSchema.partial().safeParse(patch);
      if (!probe.success) {
        const issue = probe.error.issues[0];
        return {
          ok: false,
          errors: [{ path: issue?.path.join('.') ?? '', message: issue?.message ?? '' }],
        };
      }
      const s = await updateSettings(db, patch);
      todayOverride = s.todayOverride;
      // Highlights and "today" change what pages show: let them re-check.
      await deps.notifyPacksChanged().catch(() => {});
      return { ok: true, value: s };
    },
    parseSite: (input) => deps.sites.parse(input),
    siteLabel: (pattern) => deps.sites.label(pattern),
    async addSite(pattern) {
      const r = await deps.sites.add(pattern);
      return r.ok
        ? { ok: true, value: r.sites }
        : { ok: false, errors: [{ path: pattern, message: r.reason }] };
    },
    removeSite: (pattern) => deps.sites.remove(pattern),

    async loadOffice() {
      const [config, state, rejects, rejectCount] = await Promise.all([
        getConfig(db),
        getState(db),
        db.officeRejects.orderBy('docId').toArray(),
        db.officeRejects.count(),
      ]);
      return {
        config: config
          ? {
              url: config.url,
              user: config.user,
              shareTexts: config.shareTexts,
              lead: config.lead,
              plainHttp: config.url.startsWith('http:'),
              connectedAt: config.connectedAt,
            }
          : null,
        state: {
          status: config ? state.status : 'synced',
          pending: state.pending,
          error: state.error,
          lastSyncAt: state.lastSyncAt,
          conflicts: state.conflicts,
          held: config ? (state.held?.length ?? 0) : 0,
        },
        rejects: rejects.sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, 50),
        rejectCount,
      };
    },
    async testOffice(url, user, password) {
      if (!deps.office) return problem('本页面不能连接办公室共享日志');
      try {
        return {
          ok: true,
          value: await deps.office.send({ type: 'officeTest', url, user, password }),
        };
      } catch (e) {
        return problem(e);
      }
    },
    connectOffice(url, user, password) {
      const office = deps.office;
      if (!office) return Promise.resolve(problem('本页面不能连接办公室共享日志'));
      let origin: string;
      try {
        origin = checkOfficeUrl(url).origin;
      } catch (e) {
        return Promise.resolve(problem(e));
      }
      // The prompt starts now, inside the click; nothing is sent before it is granted.
      const granted = office.requestOrigin(origin);
      return (async () => {
        try {
          if (!(await granted))
            return problem(`未获得访问 ${origin} 的权限：规审只在您允许后才连接办公室服务器`);
          return {
            ok: true as const,
            value: await office.send({ type: 'officeConnect', url, user, password }),
          };
        } catch (e) {
          return problem(e);
        }
      })();
    },
    async disconnectOffice() {
      await deps.office?.send({ type: 'officeDisconnect' });
    },
    async syncOffice() {
      if (!deps.office) return problem('本页面不能连接办公室共享日志');
      try {
        return { ok: true, value: await deps.office.send({ type: 'officeSyncNow' }) };
      } catch (e) {
        return problem(e);
      }
    },
    async officeMarks(recordIds) {
      const [config, state] = await Promise.all([getConfig(db), getState(db)]);
      if (!config) return null;
      let marks: Record<string, RecordMark> = {};
      if (deps.office && recordIds.length)
        marks = await deps.office
          .send({ type: 'officeMarks', recordIds })
          .catch(() => Object.fromEntries(recordIds.map((id) => [id, 'unknown' as const])));
      // Conflicts come from the state row the pull keeps (no request).
      for (const docId of state.conflictIds ?? []) {
        const id = docId.startsWith('record:') ? docId.slice('record:'.length) : '';
        if (recordIds.includes(id)) marks[id] = 'conflict';
      }
      return marks;
    },
    async officeConflict(recordId) {
      if (!deps.office) return problem('本页面不能连接办公室共享日志');
      try {
        return { ok: true, value: await deps.office.send({ type: 'officeConflict', recordId }) };
      } catch (e) {
        return problem(e);
      }
    },
    async resolveOfficeConflict(recordId, rev, shown) {
      if (!deps.office) return problem('本页面不能连接办公室共享日志');
      try {
        const value = await deps.office.send({
          type: 'officeResolve',
          recordId,
          rev,
          ...(shown ? { shown: [...shown] } : {}),
        });
        return { ok: true, value };
      } catch (e) {
        return problem(e);
      }
    },
    async reuploadOffice() {
      if (!deps.office) return problem('本页面不能连接办公室共享日志');
      try {
        return { ok: true, value: await deps.office.send({ type: 'officeReupload' }) };
      } catch (e) {
        return problem(e);
      }
    },
    async uploadHeldOffice() {
      if (!deps.office) return problem('本页面不能连接办公室共享日志');
      try {
        return { ok: true, value: await deps.office.send({ type: 'officeUploadHeld' }) };
      } catch (e) {
        return problem(e);
      }
    },
    async officeStats(range, scope) {
      const { officeStats } = await import('@/lib/office/stats');
      const [settings, config] = await Promise.all([getSettings(db), getConfig(db)]);
      // A connection made since replicas are per database counts that database's records only
      // (one from before has no `base:` row for records synced before bases were kept).
      return officeStats(db, range, scope, settings.reviewerName, {
        inDatabase: !!config?.since,
      });
    },

    async listSubscriptions() {
      const { listSubscriptions } = await subsLib();
      return (await listSubscriptions(db)).map(subscriptionView);
    },
    subscribe({ url, pin, publicKey }) {
      let target: URL | null = null;
      try {
        target = new URL(url.trim());
      } catch {
        /* subscribe() says why */
      }
      // The prompt starts now, inside the click. Only https hosts are asked for: loopback is a
      // built-in host, and any other plain-http address is refused by subscribe() anyway.
      const origin = target?.protocol === 'https:' ? target.origin : null;
      const granted =
        origin && deps.requestHost
          ? deps.requestHost(origin).catch(() => false)
          : Promise.resolve(true);
      return (async () => {
        const { subscribe } = await subsLib();
        if (!(await granted))
          return subsProblem(`未获得访问 ${origin} 的权限：订阅只在您允许后才读取该网站上的规则包`);
        const r = await subscribe(db, { url, pin, publicKey }, subsDeps());
        return r.ok ? { ok: true as const, value: subscriptionView(r.value) } : r;
      })();
    },
    async checkSubscription(url) {
      const { checkSubscription } = await subsLib();
      return checkSubscription(db, url, subsDeps());
    },
    async applySubscription(url) {
      const { applyPending } = await subsLib();
      return changed(await applyPending(db, url));
    },
    async restoreSubscription(url) {
      const { restorePrevious } = await subsLib();
      return changed(await restorePrevious(db, url));
    },
    async unsubscribe(url, removePack) {
      const { unsubscribe } = await subsLib();
      return changed(await unsubscribe(db, url, { removePack }));
    },

    download: (file) => deps.download(file),
    today,
  };
}

type SubsModule = typeof import('@/lib/subscriptions');
let subsModule: SubsModule | undefined;
async function subsLib(): Promise<SubsModule> {
  return (subsModule ??= await import('@/lib/subscriptions'));
}

const subsProblem = (message: string) => ({
  ok: false as const,
  errors: [{ path: '规则包订阅', message }],
});

/** What the view shows of a subscription: the pending update's version and changes only. */
function subscriptionView(s: Subscription): SubscriptionView {
  const pending = s.pending as {
    pack: { version: string };
    fetchedAt: string;
    changes: PackChanges;
  } | null;
  const { previous, ...rest } = s;
  return {
    ...rest,
    pending: pending
      ? { version: pending.pack.version, fetchedAt: pending.fetchedAt, changes: pending.changes }
      : null,
    previousVersion: previous?.version ?? null,
  };
}
