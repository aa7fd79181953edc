/**
 * One local replica per office database and user, and which local records go to a database.
 *
 * The PouchDB replica holds what one database has (every colleague's records included) and
 * PouchDB replicates all of it: a browser that connected to another database — or as another
 * user — with the same replica would offer the first office's documents to the second server,
 * where a lead could write them. So each database+user gets its own replica, named from a hash
 * of the normalised URL and the user name; another connection starts from an empty one, and
 * the old one is kept (its checkpoints mean a return to that office syncs only what changed,
 * and it still holds the edits it had not sent; it contains nothing Dexie does not).
 *
 * Which Dexie records a database gets (lib/office/bridge.ts push):
 * - records already in its replica (pulled from it, or pushed to it): their edits, as before;
 * - records created in this browser after the connection to that database+user began;
 * - the reviewer's other records (reviewed before, offline, or for another office) only when
 *   the reviewer chooses to upload them (「本机有 N 条本人记录尚未在此数据库中，上传？」);
 * - never a colleague's record that came from another database (`from:` rows remember who
 *   owned each record the pull brought in).
 * Reconnecting to the same database as the same user (after a password change) changes none
 * of this: same replica, same checkpoints, nothing new to send.
 */
import type { GuishenDB } from '../db';
import {
  clearBases,
  freshState,
  getConfig,
  type OfficeConfigRow,
  type OfficeFromRow,
  type OfficeLegacyRow,
} from './state';

/** The replica of browsers connected before replicas were per database+user. */
export const LEGACY_REPLICA = 'guishen-office';

/** `from:<record id>` rows: a record the pull brought in whose owner is a colleague. */
export const FROM_PREFIX = 'from:';

/** The database URL as one string whatever the spelling: host lowercased, path decoded. */
export function normalisedUrl(url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .replace(/\/+$/, '')
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
  return `${u.protocol}//${u.host.toLowerCase()}${path}`;
}

/** The key of a database+user: 24 hex digits of SHA-256 over the normalised URL and user. */
export async function replicaKey(url: string, user: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${normalisedUrl(url)}\n${user.trim()}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...hash.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function replicaName(key: string): string {
  return `${LEGACY_REPLICA}-${key}`;
}

/** The replica of a connection: its own, or the legacy one when that belongs to it. */
async function replicaOf(db: GuishenDB, key: string): Promise<string> {
  const legacy = (await db.office.get('legacy')) as OfficeLegacyRow | undefined;
  return legacy?.key === key ? LEGACY_REPLICA : replicaName(key);
}

/**
 * Store a connection (after a successful 连接测试). The same database and user as now: the
 * replica, checkpoints, bases and the admission instant stay (a password change changes
 * nothing). Another database or user: its own replica (empty the first time), fresh sync
 * state, no bases, no rejects, and records from before now go there only by choice.
 */
export async function storeConnection(
  db: GuishenDB,
  next: Omit<OfficeConfigRow, 'id' | 'replica' | 'since' | 'connectedAt'>,
  now = new Date().toISOString(),
): Promise<OfficeConfigRow> {
  const key = await replicaKey(next.url, next.user);
  const replica = await replicaOf(db, key);
  return db.transaction('rw', db.office, db.officeRejects, async () => {
    const previous = await getConfig(db);
    const same =
      !!previous &&
      normalisedUrl(previous.url) === normalisedUrl(next.url) &&
      previous.user === next.user;
    const config: OfficeConfigRow = {
      id: 'config',
      ...next,
      replica: same ? (previous.replica ?? LEGACY_REPLICA) : replica,
      since: same ? (previous.since ?? '') : now,
      connectedAt: now,
    };
    await db.office.put(config);
    if (!same) {
      // Another database or user: its checkpoints and bases mean nothing here.
      await db.office.put(freshState());
      await clearBases(db);
      await db.officeRejects.clear();
    }
    return config;
  });
}

/**
 * A browser connected before replicas were per database+user: its connection keeps the legacy
 * replica (and its checkpoints) and every record may go there as before (`since` ''); the
 * colleagues' records in that replica are remembered as theirs (`from:` rows), so they never
 * go to another database. Without a connection the legacy replica is read for that and
 * removed. Runs once (the `legacy` row says it ran). `open` opens a replica by name.
 */
export async function migrateLegacy(
  db: GuishenDB,
  open: (name: string) => PouchDB.Database,
  /** Does the legacy replica exist at all (false: nothing to read, nothing is created)? */
  exists: () => Promise<boolean> = async () => true,
): Promise<void> {
  if (await db.office.get('legacy')) return;
  const config = await getConfig(db);
  if (!(config && !config.replica) && !(await exists())) {
    await db.office.put({ id: 'legacy', key: '' } satisfies OfficeLegacyRow);
    return;
  }
  const local = open(LEGACY_REPLICA);
  try {
    const info = await local.info();
    let key = '';
    if (config && !config.replica) key = await replicaKey(config.url, config.user);
    if (info.doc_count > 0 || info.update_seq) {
      // Colleagues' records: everything the legacy connection's user did not own. Without a
      // connection nobody knows who "I" was there: every record of it counts as a colleague's
      // (never sent elsewhere; the reviewer's own can still be uploaded by a lead or from a
      // backup), the safe side.
      const me = config && !config.replica ? config.user : null;
      let startkey = 'record:';
      for (;;) {
        const page = await local.allDocs({
          include_docs: true,
          startkey,
          endkey: 'record:\uffff',
          limit: 500,
          skip: startkey === 'record:' ? 0 : 1,
        });
        if (!page.rows.length) break;
        const rows: OfficeFromRow[] = [];
        for (const r of page.rows) {
          const owner = (r.doc as { owner?: unknown } | undefined)?.owner;
          if (typeof owner === 'string' && owner !== me)
            rows.push({ id: FROM_PREFIX + r.id.slice('record:'.length), owner });
        }
        if (rows.length) await db.office.bulkPut(rows);
        startkey = page.rows[page.rows.length - 1]!.id;
        if (page.rows.length < 500) break;
      }
    }
    if (config && !config.replica) {
      await db.office.put({ ...config, replica: LEGACY_REPLICA, since: '' });
    } else if (!config || config.replica !== LEGACY_REPLICA) {
      await local.destroy();
      key = '';
    }
    await db.office.put({ id: 'legacy', key } satisfies OfficeLegacyRow);
  } finally {
    await local.close().catch(() => {});
  }
}

/** Is a record a colleague's that the pull brought in (from any database)? */
export async function colleagues(
  db: GuishenDB,
  recordIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db.office.bulkGet(recordIds.map((id) => FROM_PREFIX + id));
  const out = new Set<string>();
  rows.forEach((r, i) => r && out.add(recordIds[i]!));
  return out;
}
