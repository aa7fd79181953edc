/**
 * What the office's shared log keeps in Dexie (schema version 5, tables `office` and
 * `officeRejects`): the connection, the sync state every screen shows, and what was refused.
 * Types and small accessors only; the bridge (lib/office/bridge.ts) writes them.
 */
import type { GuishenDB } from '../db';

/** The connection the reviewer set up (options page 办公室共享日志). */
export interface OfficeConfigRow {
  id: 'config';
  /** The database URL, e.g. https://couch.office.local/guishen-log */
  url: string;
  /** The reviewer's CouchDB user name. */
  user: string;
  /** The password, AES-GCM-encrypted with the `key` row's non-extractable key. */
  cipher: ArrayBuffer;
  iv: Uint8Array<ArrayBuffer>;
  /** The office turned on text sharing for this database (its design document says so). */
  shareTexts: boolean;
  /** The user has the guishen-lead role (may correct any record). */
  lead: boolean;
  connectedAt: string;
  /**
   * The local PouchDB replica of this database+user (lib/office/replicas.ts). Absent in a
   * connection stored before replicas were per database+user (its replica is the legacy one).
   */
  replica?: string;
  /**
   * Records created from this instant on go to the database by themselves; the reviewer's
   * older records not in it only when they choose to upload them. '' (or absent): all, as
   * before per-database replicas. Kept while the database and user stay the same.
   */
  since?: string;
}

/** The key that encrypts the password: a CryptoKey that cannot be exported. */
export interface OfficeKeyRow {
  id: 'key';
  key: CryptoKey;
}

/** 已同步 / 待同步 N 条 / 离线 / 错误：… */
export type SyncStatus = 'synced' | 'pending' | 'offline' | 'error' | 'connecting';

/** The sync state the popup and options page show. */
export interface OfficeStateRow {
  id: 'state';
  status: SyncStatus;
  /** Local changes not yet on the server. */
  pending: number;
  /** The reason, in Chinese, when status is `error` (or why we are offline). */
  error: string;
  /** The last time both directions were caught up. */
  lastSyncAt: string | null;
  /** Records of the office database whose revisions are in conflict (both sides kept). */
  conflicts: number;
  /** Their document ids, kept by the pull from the changes feed (no scan of the replica). */
  conflictIds?: string[];
  /** Dexie records up to this updatedAt are in the local replica. */
  pushMark: string;
  /** The local replica's changes up to this sequence are in Dexie (or were refused). */
  pullSeq: string | number;
  /**
   * The local replica's changes up to this sequence are on the server (a push replication
   * reported them, or revs_diff confirmed them). Kept here, not in the service worker's
   * memory: after a restart the pending count and the per-record marks start from it.
   */
  pushedSeq?: string | number;
  /** Text documents whose record has not arrived yet. */
  waiting: string[];
  /** Bumped whenever documents from the server were written into Dexie (pages re-read). */
  importedAt: string | null;
  /**
   * The reviewer's own records that are not in this database and were not created since the
   * connection began (lib/office/replicas.ts): sent only when the reviewer chooses to
   * (「本机有 N 条本人记录尚未在此数据库中，上传？」).
   */
  held?: string[];
}

/**
 * The replica revision a record's row in the log was last synced with (pulled from, or pushed
 * as): the revision the reviewer saw. A local edit is made on it, so the push writes the edit as
 * that revision's child — a colleague's revision that reached the replica meanwhile becomes a
 * conflict, never a silent overwrite either way. While the log's row differs from `updatedAt`,
 * it holds a local edit the replica does not have yet, and the pull leaves it alone.
 */
export interface OfficeBaseRow {
  /** `base:<record id>` */
  id: string;
  rev: string;
  /** The record's updatedAt in that revision. */
  updatedAt: string;
  /**
   * The bases before the last pulls that replaced the log's row with a colleague's revision
   * (newest first, a few): a record dialog opened before such a pull saves an edit made on one
   * of them, and that edit must go on the revision the reviewer saw (see `editedOn`).
   */
  prev?: Array<{ rev: string; updatedAt: string }>;
}

/** How many earlier bases a record keeps. */
const PREV_BASES = 4;

/** A base row for a revision the pull writes into the log over `old` (which it remembers). */
export function replacedBase(
  next: { id: string; rev: string; updatedAt: string },
  old: OfficeBaseRow | undefined,
): OfficeBaseRow {
  if (!old || old.rev === next.rev) return { ...next, ...(old?.prev ? { prev: old.prev } : {}) };
  const prev = [{ rev: old.rev, updatedAt: old.updatedAt }, ...(old.prev ?? [])];
  return { ...next, prev: prev.slice(0, PREV_BASES) };
}

/**
 * A local edit of record `id` is being saved by a reviewer who saw the version `seen` (its
 * updatedAt), while the log's row is `current`. When a pull replaced what they saw with a
 * colleague's revision in between, the record's base goes back to the revision they saw: the
 * push then writes the edit beside the colleague's (a conflict, both kept), not over it. Runs in
 * the edit's transaction (which includes the office table).
 */
export async function editedOn(
  db: GuishenDB,
  id: string,
  current: string,
  seen: string,
): Promise<void> {
  if (current === seen) return;
  const base = (await db.office.get(BASE_PREFIX + id)) as OfficeBaseRow | undefined;
  const was = base?.prev?.find((p) => p.updatedAt === seen);
  if (!base || !was) return;
  await db.office.put({ ...base, rev: was.rev, updatedAt: was.updatedAt });
}

export const BASE_PREFIX = 'base:';

/** `from:<record id>`: a record the pull brought in whose owner is a colleague. */
export interface OfficeFromRow {
  id: string;
  /** The CouchDB user who owns it in the database it came from. */
  owner: string;
}

/** Where the legacy replica went (written once, when a browser first runs this version). */
export interface OfficeLegacyRow {
  id: 'legacy';
  /** The database+user key the legacy replica belongs to ('' when it was removed). */
  key: string;
}

export type OfficeRow =
  OfficeConfigRow | OfficeKeyRow | OfficeStateRow | OfficeBaseRow | OfficeFromRow | OfficeLegacyRow;

/** A document from the server that was not imported, or a local change the server refused. */
export interface OfficeReject {
  docId: string;
  rev: string;
  /** `in`: from the server, not imported; `out`: ours, refused (by the server or before sending). */
  direction: 'in' | 'out';
  reason: string;
  at: string;
}

export function freshState(): OfficeStateRow {
  return {
    id: 'state',
    status: 'connecting',
    pending: 0,
    error: '',
    lastSyncAt: null,
    conflicts: 0,
    pushMark: '',
    pullSeq: 0,
    pushedSeq: 0,
    waiting: [],
    importedAt: null,
    held: [],
  };
}

/** Forget every record's base revision (another database, or disconnected). */
export async function clearBases(db: GuishenDB): Promise<void> {
  await db.office.where('id').startsWith(BASE_PREFIX).delete();
}

export async function getConfig(db: GuishenDB): Promise<OfficeConfigRow | undefined> {
  return (await db.office.get('config')) as OfficeConfigRow | undefined;
}

export async function getState(db: GuishenDB): Promise<OfficeStateRow> {
  return ((await db.office.get('state')) as OfficeStateRow | undefined) ?? freshState();
}

export async function patchState(
  db: GuishenDB,
  patch: Partial<Omit<OfficeStateRow, 'id'>>,
): Promise<OfficeStateRow> {
  return db.transaction('rw', db.office, async () => {
    const next = { ...(await getState(db)), ...patch };
    await db.office.put(next);
    return next;
  });
}
