/**
 * The export summary of every record (table `recordSummaries`, Dexie version 9): only the
 * fields the log's CSV and .xlsx exports read, one small row per record, kept in step with
 * `records` in the same transaction as every write.
 *
 * Why: an export of 20,000 records spent most of its time reading them — Chromium's
 * IndexedDB cost grows with the bytes deserialised per row, and a record carries much the
 * export never shows (its document key, hashes of its text and packs, the history of earlier
 * saves, the file it came from, timestamps). The summary is about half a record's bytes, and the
 * export reads it in key ranges (one `getAll` per thousand rows) instead of one `get` per id.
 *
 * Why a DBCore middleware (like the statistics aggregate in lib/counts.ts): the summary must
 * change with every write to `records` — create, edit, soft delete and undo, purge, restore of
 * a backup (replace and merge), the office log's pulls, bulk loads and any write path added
 * later. Below Dexie's API every one of them is a `mutate` of the records table; the
 * middleware writes the summaries of the stored values (or deletes the same keys or key range)
 * before the write resolves, in the same transaction, so a failed transaction rolls both back.
 *
 * The columns themselves run on the summary exactly as on a record (`ExportRecord` is a subset
 * of `RecordRow`; the CSV and .xlsx columns are typed over it), so the files stay the same
 * byte for byte. A summary of an older `SUMMARY_FORMAT` (a column that needs a new field) or one
 * that does not match its record's `updatedAt` is never trusted: the export reads that record
 * instead and rewrites its summary.
 */
import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
  Table,
} from 'dexie';
import type { PackRef, RecordFacts, RecordRow } from '../entities';

/** The summaries' table name (derived data: not in backups, rebuilt at will). */
export const SUMMARIES_TABLE = 'recordSummaries';
const RECORDS_TABLE = 'records';

/**
 * Bump when `ExportRecord` gains a field (a new column): summaries of another format are read
 * from their records again (and rewritten) until every one is current.
 */
export const SUMMARY_FORMAT = 1;

/** What the log's exports read of a record: a subset of `RecordRow`, field for field. */
export type ExportRecord = Pick<
  RecordRow,
  | 'id'
  | 'reviewedAt'
  | 'updatedAt'
  | 'deletedAt'
  | 'classification'
  | 'conclusion'
  | 'title'
  | 'docTitle'
  | 'drafter'
  | 'receivedDate'
  | 'dueDate'
  | 'docNumber'
  | 'registrationNumber'
  | 'competition'
  | 'opinion'
  | 'conclusionReason'
  | 'reviewer'
  | 'round'
  | 'findingCounts'
  | 'office'
  | 'url'
> & {
  facts: Pick<RecordFacts, 'signedDate' | 'publishDate' | 'effectiveDate' | 'validity'>;
  opinionRef?: Pick<NonNullable<RecordRow['opinionRef']>, 'items' | 'conclusion'>;
  packs: Array<Pick<PackRef, 'id' | 'version'>>;
};

/** A stored summary: the export's fields and the format they were written in. */
export type RecordSummary = ExportRecord & { v: number };

/** Copy the fields that are present (an absent optional field stays absent, not undefined). */
function copy<K extends keyof ExportRecord>(
  out: Record<string, unknown>,
  r: Partial<ExportRecord>,
  keys: readonly K[],
): void {
  for (const k of keys) if (r[k] !== undefined) out[k] = r[k];
}

const PLAIN_FIELDS = [
  'id',
  'reviewedAt',
  'updatedAt',
  'deletedAt',
  'classification',
  'conclusion',
  'title',
  'docTitle',
  'drafter',
  'receivedDate',
  'dueDate',
  'docNumber',
  'registrationNumber',
  'competition',
  'opinion',
  'conclusionReason',
  'reviewer',
  'round',
  'findingCounts',
  'office',
  'url',
] as const satisfies ReadonlyArray<keyof ExportRecord>;

const FACT_FIELDS = ['signedDate', 'publishDate', 'effectiveDate', 'validity'] as const;

/** The summary of a record row (or of a full record: its findings are left out). */
export function summaryOf(r: ExportRecord): RecordSummary {
  const out: Record<string, unknown> = { v: SUMMARY_FORMAT };
  copy(out, r, PLAIN_FIELDS);
  const facts: Record<string, unknown> = {};
  const f = (r.facts ?? {}) as Partial<ExportRecord['facts']>;
  for (const k of FACT_FIELDS) if (f[k] !== undefined) facts[k] = f[k];
  out.facts = facts;
  if (r.opinionRef) {
    out.opinionRef = { items: r.opinionRef.items, conclusion: r.opinionRef.conclusion };
  }
  out.packs = (r.packs ?? []).map((p) => ({ id: p.id, version: p.version }));
  return out as RecordSummary;
}

/** True when `s` may stand for the record whose updatedAt is `updatedAt` (any, when absent). */
export function summaryIsCurrent(s: RecordSummary | undefined, updatedAt?: string): boolean {
  return !!s && s.v === SUMMARY_FORMAT && (updatedAt === undefined || s.updatedAt === updatedAt);
}

// ---------------------------------------------------------------------------------------------
// Kept in step with `records`

/** The successful operations of a mutate response (bulk writes may fail row by row). */
function succeeded(res: DBCoreMutateResponse, i: number): boolean {
  return !res.numFailures || !(i in res.failures);
}

/** A transaction of the IndexedDB layer; true when it covers the summaries' store. */
function coversSummaries(trans: DBCoreTransaction): boolean {
  const names = (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
  // Before version 9 (an older upgrade step running) there is no store to keep.
  return !!names && names.contains(SUMMARIES_TABLE);
}

/** Wrap the records table: every mutation writes the summaries too, before it resolves. */
function summarisingTable(records: DBCoreTable, summaries: DBCoreTable): DBCoreTable {
  async function mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    const res = await records.mutate(req);
    const { trans } = req;
    switch (req.type) {
      case 'add':
      case 'put': {
        const values = req.values.flatMap((v, i) =>
          succeeded(res, i) ? [summaryOf(v as ExportRecord)] : [],
        );
        if (values.length) await summaries.mutate({ type: 'put', trans, values });
        break;
      }
      case 'delete':
        // A key that failed to delete is still there; its summary is then deleted and
        // rebuilt from the record on the next export (never a summary without a record).
        await summaries.mutate({ type: 'delete', trans, keys: req.keys });
        break;
      case 'deleteRange':
        // Both tables are keyed by the record id, so the same range is the same records.
        await summaries.mutate({ type: 'deleteRange', trans, range: req.range });
        break;
    }
    return res;
  }
  return {
    ...records,
    mutate: (req) => (coversSummaries(req.trans) ? mutate(req) : records.mutate(req)),
  };
}

/** The DBCore middleware that keeps `recordSummaries` in step with `records`. */
export const summariesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'GuishenRecordSummaries',
  create(down) {
    if (!down.schema.tables.some((t) => t.name === SUMMARIES_TABLE)) return down;
    return {
      ...down,
      transaction(stores, mode, options) {
        // Every read-write transaction on records also covers the summaries.
        const widen =
          mode === 'readwrite' &&
          stores.includes(RECORDS_TABLE) &&
          !stores.includes(SUMMARIES_TABLE);
        return down.transaction(widen ? [...stores, SUMMARIES_TABLE] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        return name === RECORDS_TABLE
          ? summarisingTable(table, down.table(SUMMARIES_TABLE))
          : table;
      },
    };
  },
};

/** Records per read and write while rebuilding (a few MB at a time). */
const REBUILD_BATCH = 2000;

/**
 * Write the summary of every record, inside a transaction that covers both tables (the
 * version 9 upgrade's, or a normal one): records in key order, a batch at a time.
 */
export async function rebuildSummariesIn(
  records: Table<RecordRow, string>,
  summaries: Table<RecordSummary, string>,
): Promise<void> {
  await summaries.clear();
  for (let last: string | null = null; ;) {
    const rows: RecordRow[] = await (last === null
      ? records.limit(REBUILD_BATCH).toArray()
      : records.where(':id').above(last).limit(REBUILD_BATCH).toArray());
    if (rows.length) await summaries.bulkPut(rows.map(summaryOf));
    if (rows.length < REBUILD_BATCH) return;
    last = rows[rows.length - 1]!.id;
  }
}
