/**
 * The office's database: one Dexie database at the extension origin, shared by the background
 * service worker and the extension pages. Content scripts never open it (their IndexedDB is
 * the page's); they ask the background through lib/messages.ts.
 *
 * Schema rule (Dexie): a shipped `version(n).stores(…)` is never edited. A change is a new
 * `version(n+1).stores(…).upgrade(…)` plus a test that walks the versions
 * (tests/unit/lib/migration.test.ts).
 */
import { Dexie, type Table, type Transaction } from 'dexie';
import {
  DEFAULT_OFFICE_PACK,
  defaultSettings,
  SETTINGS_ID,
  type ChecklistState,
  type DocVersion,
  type RecordFindings,
  type RecordRow,
  type RuleOverride,
  type Settings,
  type StoredPack,
} from './entities';
import { countsMiddleware, freshMeta, rebuildCountsIn, type CountRow } from './counts';
import type { OfficeReject, OfficeRow } from './office/state';
import type { Subscription } from './subscriptions';
import { rebuildSummariesIn, summariesMiddleware, type RecordSummary } from './export/summary';

export const DB_NAME = 'guishen';

/**
 * Version 1 of the schema. Only what queries use is indexed:
 * - records.reviewedAt: the log and CSV export by date range;
 * - records.docKey: rounds of the same document;
 * - records.deletedAt: the recycle bin (live records hold null, which IndexedDB leaves out
 *   of the index, so this index stays as small as the bin);
 * - records.[classification+reviewedAt]: the register (normative only) and the log / CSV
 *   filtered by classification and date;
 * - records.[classification+conclusion+reviewedAt]: statistics, counted from the index
 *   without reading a single record;
 * - recordFindings: the findings of each record, apart (see RecordRowSchema for why);
 * - docVersions.[docKey+createdAt]: the latest reviewed text of a document; recordId: cleanup;
 * - overrides.packId: overrides of one pack.
 */
export const SCHEMA_V1 = {
  packs: 'id',
  overrides: 'key, packId',
  records:
    'id, reviewedAt, docKey, deletedAt, [classification+reviewedAt], [classification+conclusion+reviewedAt]',
  recordFindings: 'recordId',
  docVersions: 'id, [docKey+createdAt], recordId',
  checklist: 'docKey',
  settings: 'id',
} as const;

/**
 * Version 2 (changes only; Dexie keeps the rest of version 1):
 * - records.updatedAt: the log's search snapshot catches up with what changed since it was
 *   saved (a handful of rows) instead of re-reading 100,000 records;
 * - records.[conclusion+reviewedAt]: the log filtered by conclusion alone, paged from the index;
 * - logIndex: that snapshot — derived data in a few large chunk rows, because Chromium reads
 *   one large row far faster than thousands of small ones. Not part of backups.
 * The upgrade also repairs the rule layer (see `upgradeToV2`).
 */
export const SCHEMA_V2 = {
  records:
    'id, reviewedAt, docKey, deletedAt, updatedAt, [classification+reviewedAt], [classification+conclusion+reviewedAt], [conclusion+reviewedAt]',
  logIndex: 'chunk',
} as const;

/**
 * One chunk of the log's search snapshot (columns of up to `LOG_CHUNK` records), or the meta
 * row (`chunk: -1`). Derived from `records` by lib/records.ts; safe to delete at any time.
 */
export interface LogIndexRow {
  chunk: number;
  /** Meta row: snapshot format, record count and newest updatedAt it reflects. */
  format?: number;
  count?: number;
  maxUpdatedAt?: string;
  /** Chunk rows: one entry per record, all arrays the same length. */
  ids?: string[];
  reviewedAt?: string[];
  updatedAt?: string[];
  /** `n` normative / `x` non-normative, one character per record. */
  classification?: string;
  /** Index into CONCLUSIONS, one digit per record. */
  conclusion?: string;
  /** `1` when in the recycle bin, one digit per record. */
  deleted?: string;
  reviewer?: string[];
  /** Lowercased title, 发文字号, 登记号, opinion and reviewer, separated by U+0001. */
  haystack?: string[];
}

/**
 * Version 3 (changes only): `recordCounts`, the statistics aggregate — live records per local
 * month × classification × conclusion, kept in step with `records` by `countsMiddleware` in
 * the same transaction as every write (lib/counts.ts). Derived data: not part of backups.
 */
export const SCHEMA_V3 = {
  recordCounts: 'key',
} as const;

/** Build the aggregate from the records a version 1 or 2 database already holds. */
export async function upgradeToV3(tx: Transaction): Promise<void> {
  await rebuildCountsIn(tx.table('records'), tx.table('recordCounts'));
}

/**
 * Version 4 (no index changes): records gain the office fields — docTitle, drafter,
 * receivedDate, dueDate, office — written empty for the records already stored, and
 * facts.isDraft (false when unknown). Nothing else of a record changes: ids, docKeys and rounds
 * stay as they were.
 */
export const SCHEMA_V4 = {} as const;

/** Fill the version 4 fields of the records a version 1–3 database holds. */
export async function upgradeToV4(tx: Transaction): Promise<void> {
  await tx
    .table('records')
    .toCollection()
    .modify((r: Record<string, unknown>) => {
      r.docTitle ??= '';
      r.drafter ??= '';
      r.receivedDate ??= null;
      r.dueDate ??= null;
      r.office ??= '';
      const facts = r.facts as Record<string, unknown> | undefined;
      if (facts) facts.isDraft ??= false;
    });
}

/**
 * Version 5 (new tables only; records unchanged): the office's shared log (lib/office/).
 * - office: the connection (database URL, user, the password encrypted with a non-extractable
 *   key that never leaves this browser), the sync state the popup and options page show, and
 *   that key — one row each;
 * - officeRejects: documents from the server that were not imported, or local changes the
 *   server refused, with their Chinese reason, by document id.
 * Neither is part of backups, and neither replicates.
 */
export const SCHEMA_V5 = {
  office: 'id',
  officeRejects: 'docId',
} as const;

/**
 * Version 8 (a new table only): rule-pack subscriptions (lib/subscriptions.ts), by URL. Not
 * part of backups (a restored pack is an ordinary office pack; subscribing again re-links it).
 * Version 7 is left to the office log's next change.
 */
export const SCHEMA_V8 = {
  subscriptions: 'url',
} as const;

/**
 * Version 9 (a new table only; records unchanged): `recordSummaries`, the export summary of
 * every record — the fields the log's CSV and .xlsx exports read, about half a record's bytes —
 * kept in step with `records` by `summariesMiddleware` in the same transaction as every write
 * (lib/export/summary.ts). Indexed like records for the exports' filters (date range,
 * classification and date). Derived data: not part of backups.
 */
export const SCHEMA_V9 = {
  recordSummaries: 'id, reviewedAt, [classification+reviewedAt]',
} as const;

/** Write the summary of every record a version 1–8 database holds. */
export async function upgradeToV9(tx: Transaction): Promise<void> {
  await rebuildSummariesIn(tx.table('records'), tx.table('recordSummaries'));
}

/**
 * Version 11 (no index changes; records unchanged): the export summaries are rewritten in
 * format 2 — the same fields as one array of values per row instead of an object, which
 * Chromium reads some 40 % faster (lib/export/summary.ts). Rebuilt here, in the upgrade, so
 * the first export after an update never finds a log of summaries it cannot use. (Version 10
 * is left to the office log's next change.)
 */
export const SCHEMA_V11 = {} as const;

/** Rewrite every export summary in the current format. */
export async function upgradeToV11(tx: Transaction): Promise<void> {
  await rebuildSummariesIn(tx.table('records'), tx.table('recordSummaries'));
}

/** Table names, in the order backups list them. */
export const TABLE_NAMES = [
  'packs',
  'overrides',
  'records',
  'recordFindings',
  'docVersions',
  'checklist',
  'settings',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** The typed Dexie database. */
export class GuishenDB extends Dexie {
  packs!: Table<StoredPack, string>;
  overrides!: Table<RuleOverride, string>;
  records!: Table<RecordRow, string>;
  recordFindings!: Table<RecordFindings, string>;
  docVersions!: Table<DocVersion, string>;
  checklist!: Table<ChecklistState, string>;
  settings!: Table<Settings, string>;
  logIndex!: Table<LogIndexRow, number>;
  recordCounts!: Table<CountRow, string>;
  office!: Table<OfficeRow, string>;
  officeRejects!: Table<OfficeReject, string>;
  subscriptions!: Table<Subscription, string>;
  recordSummaries!: Table<RecordSummary, string>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    this.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
    this.version(4).stores(SCHEMA_V4).upgrade(upgradeToV4);
    this.version(5).stores(SCHEMA_V5);
    this.version(8).stores(SCHEMA_V8);
    this.version(9).stores(SCHEMA_V9).upgrade(upgradeToV9);
    this.version(11).stores(SCHEMA_V11).upgrade(upgradeToV11);
    this.use(countsMiddleware);
    this.use(summariesMiddleware);
    // A new database has no records, so an empty aggregate is exact (upgrades don't run then).
    this.on('populate', (tx) => tx.table('recordCounts').put(freshMeta()));
  }
}

/** The ids a pack layer contains: `top` and, recursively, every pack it extends. */
export function layerClosure(
  packs: ReadonlyArray<{ id: string; pack: { extends: readonly string[] } }>,
  tops: Iterable<string>,
): Set<string> {
  const byId = new Map(packs.map((p) => [p.id, p]));
  const out = new Set<string>();
  const visit = (id: string) => {
    const row = byId.get(id);
    if (!row || out.has(id)) return; // unknown ids and cycles stop here
    out.add(id);
    row.pack.extends.forEach(visit);
  };
  for (const top of tops) visit(top);
  return out;
}

/**
 * The office pack of a set of enabled packs: the enabled seed no other enabled pack extends,
 * preferring the one with the deepest layer (lanzhou over common-local).
 */
function topOfEnabled(packs: readonly StoredPack[]): string | undefined {
  const on = packs.filter((p) => p.enabled);
  const extended = new Set(on.flatMap((p) => p.pack.extends));
  return on
    .filter((p) => p.source === 'seed' && !extended.has(p.id))
    .map((p) => ({ id: p.id, depth: layerClosure(packs, [p.id]).size }))
    .sort((a, b) => b.depth - a.depth || a.id.localeCompare(b.id))[0]?.id;
}

/**
 * Version 1 installed every seed pack enabled, and the engine layered them all together (the
 * lanzhou checklist on a Yinhu page). Repair that once: when every seed is on — the state the
 * defect left, which no office chose — keep only the default layer; when the office had
 * already switched some off, respect that and take its top as the office pack. Records,
 * overrides and the office's own packs are untouched.
 */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  const packs = (await tx.table('packs').toArray()) as StoredPack[];
  const settings = (await tx.table('settings').get(SETTINGS_ID)) as Settings | undefined;
  if (settings?.officePack) return;
  const seeds = packs.filter((p) => p.source === 'seed');
  let office = DEFAULT_OFFICE_PACK;
  if (seeds.length && seeds.every((p) => p.enabled)) {
    const layer = layerClosure(packs, [DEFAULT_OFFICE_PACK]);
    for (const seed of seeds) {
      if (!layer.has(seed.id)) await tx.table('packs').put({ ...seed, enabled: false });
    }
  } else {
    office = topOfEnabled(packs) ?? DEFAULT_OFFICE_PACK;
  }
  await tx
    .table('settings')
    .put({ ...(settings ?? defaultSettings(new Date().toISOString())), officePack: office });
}

let shared: GuishenDB | undefined;
let persistRequested = false;

/**
 * The shared database of this JS context (page or service worker). The first call also asks
 * the browser to keep our storage persistent, so the log is not evicted under pressure.
 */
export function getDb(): GuishenDB {
  if (!shared) {
    shared = new GuishenDB();
    void requestPersistence();
  }
  return shared;
}

/**
 * Ask once for persistent storage. `persist()` exists only in window contexts (not in the
 * service worker) and may be refused; both are fine — `unlimitedStorage` already protects us
 * in Chrome, and this is a best effort for Firefox.
 */
export async function requestPersistence(): Promise<boolean> {
  if (persistRequested) return false;
  persistRequested = true;
  try {
    const storage = (globalThis.navigator as Navigator | undefined)?.storage;
    if (typeof storage?.persist !== 'function') return false;
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/**
 * A table by name. Use this rather than `db.table(name)`: Dexie keeps two Table objects per
 * table (the named property and an internal registry), and tests that stub a table's methods
 * stub the named property.
 */
export function tableOf(db: GuishenDB, name: TableName): Table<unknown, string> {
  return db[name] as unknown as Table<unknown, string>;
}

/**
 * Every row of a table in primary-key order, `size` rows per read (one `getAll` over a key
 * range each): few requests — what Chromium is slow at — and never the whole table alive at
 * once. Works inside a transaction (a consistent snapshot) or outside it.
 */
export async function* keyChunks<T>(table: Table<T, string>, size: number): AsyncGenerator<T[]> {
  const keyPath = table.schema.primKey.keyPath as string;
  for (let last: string | null = null; ;) {
    const rows: T[] = await (last === null
      ? table.limit(size).toArray()
      : table.where(':id').above(last).limit(size).toArray());
    if (rows.length) yield rows;
    if (rows.length < size) return;
    last = (rows[rows.length - 1] as Record<string, unknown>)[keyPath] as string;
  }
}

/** Every row of every table, for tests and backups: `{tableName: rows sorted by key}`. */
export async function dumpAll(db: GuishenDB): Promise<Record<TableName, unknown[]>> {
  return db.transaction('r', TABLE_NAMES as unknown as string[], async () => {
    const out = {} as Record<TableName, unknown[]>;
    for (const name of TABLE_NAMES) out[name] = await tableOf(db, name).toArray();
    return out;
  });
}
