/**
 * The export summary of every record (table `recordSummaries`, Dexie version 9; stored as
 * value arrays since version 11): only the
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
 * The columns run on `exportRecordOf(summary)` exactly as on a record (`ExportRecord` is a
 * subset of `RecordRow`; the CSV and .xlsx columns are typed over it), so the files stay the
 * same byte for byte. A summary of an older `SUMMARY_FORMAT` (a column that needs a new field) or one
 * that does not match its record's `updatedAt` is never trusted: the export reads that record
 * instead and rewrites its summary.
 */
import type { DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, Table } from 'dexie';
import { derivedTableMiddleware, succeeded } from '../derived';
import type { ClassificationKind, PackRef, RecordFacts, RecordRow } from '../entities';

/** The summaries' table name (derived data: not in backups, rebuilt at will). */
export const SUMMARIES_TABLE = 'recordSummaries';

/**
 * The stored form of the summaries. Bump it when `ExportRecord` gains a field (a new column) or
 * the stored form changes, and add a Dexie version whose upgrade rebuilds them (as version 11
 * did for format 2): a summary of another format is never trusted — the export reads its record.
 *
 * 1 (version 9): the fields as an object.
 * 2 (version 11): the same fields as one array of values (`a`, in `VALUES` order), beside the
 *   key and the two indexed fields. Reading 20,000 of them is some 40 % cheaper in Chromium:
 *   deserialising an object costs per property (each key read and looked up), an array of
 *   values does not (measured in the built extension, object vs array rows of the same log,
 *   interleaved reads: median 4.9 s vs 3.0 s at 5,000 rows per read on a loaded machine).
 */
export const SUMMARY_FORMAT = 2;

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

/** One stored value: what the fields hold (text, numbers, flags, null; absent = undefined). */
type Value = string | number | boolean | null | undefined;

/**
 * A stored summary: the key, the two fields the summaries' indexes cover (the exports' filters
 * by date and classification), the format, and every other field as a value in `a`.
 */
export interface RecordSummary {
  id: string;
  reviewedAt: string;
  classification: ClassificationKind;
  v: number;
  a: Value[];
  /** The packs' ids and versions, in turn (id, version, id, version …). */
  p: string[];
}

/** Top-level fields stored as values, in this order. */
const PLAIN = [
  'updatedAt',
  'deletedAt',
  'conclusion',
  'title',
  'docTitle',
  'drafter',
  'receivedDate',
  'dueDate',
  'docNumber',
  'registrationNumber',
  'opinion',
  'conclusionReason',
  'reviewer',
  'round',
  'office',
  'url',
] as const satisfies ReadonlyArray<keyof ExportRecord>;

/**
 * Nested objects stored key by key after the plain fields. An object is absent when all its
 * keys are (none of them is ever undefined when it is present: each has a non-optional key).
 */
const NESTED = [
  ['findingCounts', ['error', 'warning', 'info']],
  ['competition', ['concerns', 'conclusion', 'exception']],
  ['opinionRef', ['items', 'conclusion']],
] as const;
const FACTS = ['signedDate', 'publishDate', 'effectiveDate'] as const;
const VALIDITY = ['years', 'until', 'expiry'] as const;

type Loose = Record<string, unknown> | undefined;

/** The summary of a record row (or of a full record: its findings are left out). */
export function summaryOf(r: ExportRecord): RecordSummary {
  const a: Value[] = [];
  const rec = r as unknown as Record<string, unknown>;
  for (const k of PLAIN) a.push(rec[k] as Value);
  for (const [field, keys] of NESTED) {
    const o = rec[field] as Loose;
    for (const k of keys) a.push(o?.[k] as Value);
  }
  const facts = (r.facts ?? {}) as Record<string, unknown>;
  for (const k of FACTS) a.push(facts[k] as Value);
  const validity = facts.validity as Loose;
  for (const k of VALIDITY) a.push(validity?.[k] as Value);
  const p: string[] = [];
  for (const pack of r.packs ?? []) p.push(pack.id, pack.version);
  return {
    id: r.id,
    reviewedAt: r.reviewedAt,
    classification: r.classification,
    v: SUMMARY_FORMAT,
    a,
    p,
  };
}

/** Set the keys whose values are present; an object with none stays absent. */
function objectOf(keys: readonly string[], a: readonly Value[], at: number): Loose {
  let o: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const v = a[at + i];
    if (v !== undefined) (o ??= {})[keys[i]!] = v;
  }
  return o;
}

/**
 * The record fields a current summary stands for — what the columns read, exactly as
 * `summaryOf` took them (an absent optional field stays absent).
 */
export function exportRecordOf(s: RecordSummary): ExportRecord {
  const { a } = s;
  const out: Record<string, unknown> = {
    id: s.id,
    reviewedAt: s.reviewedAt,
    classification: s.classification,
  };
  let i = 0;
  for (const k of PLAIN) {
    const v = a[i++];
    if (v !== undefined) out[k] = v;
  }
  for (const [field, keys] of NESTED) {
    const o = objectOf(keys, a, i);
    i += keys.length;
    if (o) out[field] = o;
  }
  const facts = objectOf(FACTS, a, i) ?? {};
  i += FACTS.length;
  const validity = objectOf(VALIDITY, a, i);
  if (validity) facts.validity = validity;
  out.facts = facts;
  const packs: Array<{ id: string; version: string }> = [];
  for (let k = 0; k + 1 < s.p.length; k += 2) packs.push({ id: s.p[k]!, version: s.p[k + 1]! });
  out.packs = packs;
  return out as ExportRecord;
}

/**
 * True when `s` is of the current format and may stand for the record whose updatedAt is
 * `updatedAt` (any, when absent).
 */
export function summaryIsCurrent(s: RecordSummary | undefined, updatedAt?: string): boolean {
  return (
    !!s &&
    s.v === SUMMARY_FORMAT &&
    Array.isArray(s.a) &&
    (updatedAt === undefined || s.a[0] === updatedAt)
  );
}

// ---------------------------------------------------------------------------------------------
// Kept in step with `records`

/** Wrap the records table: every mutation writes the summaries too, before it resolves. */
function summarisingMutate(
  records: DBCoreTable,
  summaries: DBCoreTable,
): (req: DBCoreMutateRequest) => Promise<DBCoreMutateResponse> {
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
  return mutate;
}

/** The DBCore middleware that keeps `recordSummaries` in step with `records`. */
export const summariesMiddleware = derivedTableMiddleware(
  'GuishenRecordSummaries',
  SUMMARIES_TABLE,
  summarisingMutate,
);

/** Records per read and write while rebuilding (a few MB at a time). */
const REBUILD_BATCH = 2000;

/**
 * Write the summary of every record, inside a transaction that covers both tables (the
 * version 9 and 11 upgrades', or a normal one): records in key order, a batch at a time.
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
