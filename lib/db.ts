/**
 * The office's database: one Dexie database at the extension origin, shared by the background
 * service worker and the extension pages. Content scripts never open it (their IndexedDB is
 * the page's); they ask the background through lib/messages.ts.
 *
 * Schema rule (Dexie): `version(1).stores(SCHEMA_V1)` is never edited once shipped. A change
 * is a new `version(2).stores(…).upgrade(…)` plus a test that walks the versions
 * (tests/unit/lib/migration.test.ts shows the scaffold).
 */
import { Dexie, type Table } from 'dexie';
import type {
  ChecklistState,
  DocVersion,
  RecordFindings,
  RecordRow,
  RuleOverride,
  Settings,
  StoredPack,
} from './entities';

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

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
  }
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

/** Every row of every table, for tests and backups: `{tableName: rows sorted by key}`. */
export async function dumpAll(db: GuishenDB): Promise<Record<TableName, unknown[]>> {
  return db.transaction('r', TABLE_NAMES as unknown as string[], async () => {
    const out = {} as Record<TableName, unknown[]>;
    for (const name of TABLE_NAMES) out[name] = await tableOf(db, name).toArray();
    return out;
  });
}
