/**
 * The office's shared log in the background service worker: the one place replication runs.
 * The bridge is rebuilt from the stored connection whenever the service worker starts (an
 * `alarms` tick every minute wakes it after it slept); Dexie writes from any page reach the
 * replica through a live query on the records' newest `updatedAt`.
 */
import { liveQuery, type Subscription } from 'dexie';
import PouchDB from 'pouchdb-browser';
import type { GuishenDB } from '../db';
import { seedPacks } from '@/rules/seeds';
import { describeError, OfficeBridge, type ConflictView, type UploadMark } from './bridge';
import type { ReviewRecord } from '../entities';
import { OfficeError, sessionFetch, testConnection, type ConnectionInfo } from './connect';
import { openPassword, sealPassword } from './secret';
import { LEGACY_REPLICA, migrateLegacy, storeConnection } from './replicas';
import { clearBases, getConfig, getState, type OfficeConfigRow } from './state';

export const OFFICE_ALARM = 'guishen-office';

let bridge: OfficeBridge | null = null;
let starting: Promise<OfficeBridge | null> | null = null;
let watch: Subscription | null = null;

function build(db: GuishenDB, config: OfficeConfigRow): OfficeBridge {
  return new OfficeBridge({
    db,
    url: config.url,
    user: config.user,
    lead: config.lead,
    shareTexts: config.shareTexts,
    fetch: sessionFetch(config.url, config.user, () => openPassword(db, config)),
    seeds: seedPacks,
    // This database+user's own replica (lib/office/replicas.ts).
    localName: config.replica ?? LEGACY_REPLICA,
    since: config.since ?? '',
  });
}

/** The replica of browsers from before per-database replicas: migrated once. */
const migrate = (db: GuishenDB) =>
  migrateLegacy(
    db,
    (name) => new PouchDB(name, { auto_compaction: true }),
    // (PouchDB's IndexedDB adapter names its database _pouch_<name>.)
    async () => {
      const list = await globalThis.indexedDB?.databases?.().catch(() => null);
      return !list || list.some((d) => d.name === `_pouch_${LEGACY_REPLICA}`);
    },
  );

/** Start replication if an office is connected and it is not running yet. */
export function ensureOffice(db: GuishenDB): Promise<OfficeBridge | null> {
  if (bridge) return Promise.resolve(bridge);
  starting ??= (async () => {
    await migrate(db);
    const config = await getConfig(db);
    if (!config) return null;
    const b = build(db, config);
    bridge = b;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A local write anywhere (popup, side panel, options) → the replica, half a second later.
    watch = liveQuery(() => db.records.orderBy('updatedAt').lastKey()).subscribe({
      next: () => {
        clearTimeout(timer);
        // The status follows at once (待同步 N 条 / 离线): waiting for the live replication to
        // notice left 已同步 showing while the server was down and it sat in its back-off.
        timer = setTimeout(
          () =>
            void b
              .push()
              .then(() => b.updateStatus())
              .catch(() => {}),
          500,
        );
      },
      error: () => {},
    });
    b.start();
    await b.push().catch(() => {});
    return b;
  })().finally(() => {
    starting = null;
  });
  return starting;
}

/** Stop replication (the connection stays stored unless `forget`). */
export async function stopOffice(): Promise<void> {
  watch?.unsubscribe();
  watch = null;
  const b = bridge;
  bridge = null;
  await b?.close().catch(() => {});
}

/** 连接测试: nothing is stored. */
export function officeTest(url: string, user: string, password: string): Promise<ConnectionInfo> {
  return testConnection(url, user, password);
}

/** Connect (after a successful test): store the connection with the password sealed, start. */
export async function officeConnect(
  db: GuishenDB,
  url: string,
  user: string,
  password: string,
): Promise<ConnectionInfo & { held: number }> {
  const info = await testConnection(url, user, password);
  await stopOffice();
  await migrate(db);
  const sealed = await sealPassword(db, password);
  // The same database and user: nothing changes but the password. Another: its own replica,
  // and the reviewer's earlier records go there only by choice (lib/office/replicas.ts).
  await storeConnection(db, {
    url: info.url,
    user: user.trim(),
    ...sealed,
    shareTexts: info.shareTexts,
    lead: info.lead,
  });
  await ensureOffice(db);
  return { ...info, held: (await getState(db)).held?.length ?? 0 };
}

/** 上传本人记录: the reviewer's earlier records this database does not have yet. */
export async function officeUploadHeld(db: GuishenDB): Promise<{ written: number }> {
  const b = await connected(db);
  const written = await b.uploadHeld();
  await b.updateStatus().catch(() => {});
  return { written };
}

/** Disconnect: replication stops and the connection is forgotten; the log stays as it is. */
export async function officeDisconnect(db: GuishenDB): Promise<void> {
  await stopOffice();
  await db.transaction('rw', db.office, db.officeRejects, async () => {
    await db.office.bulkDelete(['config', 'state']);
    await clearBases(db);
    await db.officeRejects.clear();
  });
}

/** 立即同步: one full round now. */
export async function officeSyncNow(
  db: GuishenDB,
  rescan = false,
): Promise<{ pushed: number; pulled: number }> {
  const b = await ensureOffice(db);
  if (!b) throw new OfficeError('bad-url', '尚未连接办公室共享日志');
  try {
    if (rescan) await b.rescan();
    return await b.syncOnce();
  } catch (e) {
    throw new Error(describeError(e), { cause: e });
  }
}

async function connected(db: GuishenDB): Promise<OfficeBridge> {
  const b = await ensureOffice(db);
  if (!b) throw new OfficeError('bad-url', '尚未连接办公室共享日志');
  return b;
}

/** The versions of a conflicting record (null: no conflict any more). */
export async function officeConflict(
  db: GuishenDB,
  recordId: string,
): Promise<ConflictView | null> {
  return (await connected(db)).conflictVersions(recordId);
}

/** Keep one version of a conflicting record; the live replication carries the choice. */
export async function officeResolve(
  db: GuishenDB,
  recordId: string,
  rev: string,
  shown?: readonly string[],
): Promise<ReviewRecord> {
  return (await connected(db)).resolveConflict(recordId, rev, shown);
}

/** 已上传 / 待上传 per record; null when no office is connected. */
export async function officeMarks(
  db: GuishenDB,
  recordIds: readonly string[],
): Promise<Record<string, UploadMark>> {
  return (await connected(db)).marks(recordIds);
}

/** 重新上传: everything this reviewer may write, whatever the checkpoints say. */
export async function officeReupload(db: GuishenDB): Promise<{ written: number }> {
  const b = await connected(db);
  try {
    return { written: await b.reupload() };
  } catch (e) {
    throw new Error(describeError(e), { cause: e });
  }
}
