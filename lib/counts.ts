/**
 * The statistics aggregate: how many live records each (local month, classification,
 * conclusion) holds, in the small `recordCounts` table (at most 6 rows a month, ~720 for ten
 * years). A year's statistics read ≤ 72 rows instead of counting ~10,000 index entries.
 *
 * Why a DBCore middleware and not a call in each write path: the aggregate must change in the
 * SAME transaction as every write to `records` — create, edit, soft delete, undo, purge,
 * restore (replace and merge), bulk loads, tests and any write path added later — or it
 * drifts. The middleware sees every mutation of `records` below Dexie's API, adds
 * `recordCounts` to every read-write transaction that covers `records`, reads the old rows it
 * needs (put/delete), and applies the difference before the write resolves. If the count
 * update fails (quota), the write fails and the transaction aborts with it.
 *
 * Months are local calendar months (what the report counts), so the aggregate depends on the
 * time zone it was built in. The meta row remembers that zone; in another zone the aggregate
 * is not trusted (writes stop maintaining it, statistics rebuild it first). The rebuild reads
 * index keys only — never a record value — so it is cheap even in Chromium.
 */
import type {
  DBCoreKeyRange,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Table,
} from 'dexie';
import { derivedTableMiddleware, succeeded } from './derived';
import type { ClassificationKind, Conclusion, RecordRow } from './entities';

/** The aggregate's table name (derived data: not in backups, rebuilt at will). */
const COUNTS_TABLE = 'recordCounts';

/** Key of the meta row; `#` sorts before every `YYYY-MM…` key. */
export const COUNTS_META_KEY = '#meta';
/** Bump when the meaning of the cells changes: older aggregates are then rebuilt. */
const COUNTS_FORMAT = 1;

/** One cell: live records of one local month, classification and conclusion. */
export interface CountCell {
  /** `YYYY-MM|classification|conclusion`, so a month range is one key range. */
  key: string;
  month: string;
  classification: ClassificationKind;
  conclusion: Conclusion;
  n: number;
}

/** The meta row: which time zone the months were computed in. */
export interface CountMeta {
  key: typeof COUNTS_META_KEY;
  format: number;
  zone: string;
}

export type CountRow = CountCell | CountMeta;

/** The IANA time zone of this context (pages and the service worker share the OS zone). */
export function currentZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** A valid meta row for this context. */
export function freshMeta(): CountMeta {
  return { key: COUNTS_META_KEY, format: COUNTS_FORMAT, zone: currentZone() };
}

/** True when the meta row says the cells were computed here, in this zone and format. */
export function metaIsCurrent(meta: unknown): boolean {
  const m = meta as Partial<CountMeta> | undefined;
  return !!m && m.format === COUNTS_FORMAT && m.zone === currentZone();
}

/** `YYYY-MM` of an instant in local time. */
function localMonth(instant: string): string {
  const d = new Date(instant);
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The cell key of a month, classification and conclusion. */
function cellKey(month: string, classification: string, conclusion: string): string {
  return `${month}|${classification}|${conclusion}`;
}

/** The cell a stored row counts in, or null when it does not count (recycle bin, not a row). */
function cellOf(row: unknown): string | null {
  const r = row as Partial<RecordRow> | undefined;
  if (!r || r.deletedAt !== null || typeof r.reviewedAt !== 'string') return null;
  return cellKey(localMonth(r.reviewedAt), String(r.classification), String(r.conclusion));
}

function parseCell(key: string, n: number): CountCell {
  const [month, classification, conclusion] = key.split('|') as [
    string,
    ClassificationKind,
    Conclusion,
  ];
  return { key, month, classification, conclusion, n };
}

/** Dexie's "every key" range (DBCoreRangeType.Any is a const enum, not importable). */
const ANY_RANGE: DBCoreKeyRange = { type: 3, lower: -Infinity, upper: [[]] };
/** Up to this many cells are read by key; more, and the whole table is read at once. */
const FEW_KEYS = 16;

/**
 * Apply count differences inside `trans`. `reset`: the records store was emptied, so the
 * aggregate is emptied too and becomes valid for this zone (nothing left to miscount).
 */
async function applyDeltas(
  counts: DBCoreTable,
  trans: DBCoreTransaction,
  deltas: Map<string, number>,
  reset: boolean,
): Promise<void> {
  if (reset) {
    await counts.mutate({ type: 'deleteRange', trans, range: ANY_RANGE });
    await counts.mutate({ type: 'put', trans, values: [freshMeta()] });
  }
  const keys = [...deltas.keys()].filter((k) => deltas.get(k) !== 0);
  if (!keys.length) return;
  let meta: CountMeta | undefined;
  let current: Array<CountCell | undefined>;
  if (keys.length <= FEW_KEYS) {
    [meta, ...current] = (await counts.getMany({ trans, keys: [COUNTS_META_KEY, ...keys] })) as [
      CountMeta | undefined,
      ...Array<CountCell | undefined>,
    ];
  } else {
    // A bulk write touches many cells: one getAll of the whole (small) table is one request,
    // where getMany would be one request per key.
    const { result } = await counts.query({
      trans,
      values: true,
      query: { index: counts.schema.primaryKey, range: ANY_RANGE },
    });
    const byKey = new Map((result as CountRow[]).map((r) => [r.key, r]));
    meta = byKey.get(COUNTS_META_KEY) as CountMeta | undefined;
    current = keys.map((k) => byKey.get(k) as CountCell | undefined);
  }
  if (!metaIsCurrent(meta)) {
    // Built in another zone (or never): stop trusting it; statistics rebuild it on next use.
    if (meta) await counts.mutate({ type: 'delete', trans, keys: [COUNTS_META_KEY] });
    return;
  }
  const puts: CountCell[] = [];
  const deletes: string[] = [];
  keys.forEach((key, i) => {
    const n = (current[i]?.n ?? 0) + deltas.get(key)!;
    if (n > 0) puts.push(parseCell(key, n));
    else deletes.push(key); // n < 0 cannot happen unless the aggregate was wrong; drop it
  });
  if (puts.length) await counts.mutate({ type: 'put', trans, values: puts });
  if (deletes.length) await counts.mutate({ type: 'delete', trans, keys: deletes });
}

/**
 * Wrap the `records` table: every mutation also updates the aggregate, in the same
 * transaction, before it resolves.
 */
function countingMutate(
  records: DBCoreTable,
  counts: DBCoreTable,
): (req: DBCoreMutateRequest) => Promise<DBCoreMutateResponse> {
  // One records mutation at a time per transaction: each reads old rows and count cells and
  // writes them back, so two interleaved in one transaction would read stale values.
  const queues = new WeakMap<DBCoreTransaction, Promise<unknown>>();
  const pk = records.schema.primaryKey;

  async function mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    const deltas = new Map<string, number>();
    const add = (row: unknown, sign: 1 | -1) => {
      const key = cellOf(row);
      if (key) deltas.set(key, (deltas.get(key) ?? 0) + sign);
    };
    const { trans } = req;
    let res: DBCoreMutateResponse;
    let reset = false;
    switch (req.type) {
      case 'add':
        res = await records.mutate(req);
        req.values.forEach((v, i) => succeeded(res, i) && add(v, 1));
        break;
      case 'put': {
        const keys = req.keys ?? req.values.map((v) => pk.extractKey!(v));
        const old = await records.getMany({ trans, keys });
        res = await records.mutate(req);
        req.values.forEach((v, i) => {
          if (!succeeded(res, i)) return;
          add(old[i], -1);
          add(v, 1);
        });
        break;
      }
      case 'delete': {
        const old = await records.getMany({ trans, keys: req.keys });
        res = await records.mutate(req);
        old.forEach((v, i) => succeeded(res, i) && add(v, -1));
        break;
      }
      case 'deleteRange': {
        if (req.range.type === 3) {
          // clear(): no need to read 100,000 rows to learn that nothing is left.
          res = await records.mutate(req);
          reset = true;
        } else {
          const { result } = await records.query({
            trans,
            values: true,
            query: { index: pk, range: req.range },
          });
          res = await records.mutate(req);
          for (const v of result) add(v, -1);
        }
        break;
      }
    }
    await applyDeltas(counts, trans, deltas, reset);
    return res;
  }

  return (req) => {
    const prev = queues.get(req.trans) ?? Promise.resolve();
    const next = prev.then(
      () => mutate(req),
      () => mutate(req),
    );
    queues.set(req.trans, next);
    return next;
  };
}

/** The DBCore middleware that keeps `recordCounts` in step with `records`. */
export const countsMiddleware = derivedTableMiddleware(
  'GuishenRecordCounts',
  COUNTS_TABLE,
  countingMutate,
);

/**
 * Recount the aggregate from the records, inside a transaction that covers both tables
 * (a normal one or an upgrade's). Reads the [classification+conclusion+reviewedAt] index
 * keys — no record values — and the few records in the recycle bin.
 */
export async function rebuildCountsIn(
  records: Table<RecordRow, string>,
  counts: Table<CountRow, string>,
): Promise<void> {
  const tally = new Map<string, number>();
  const keys = (await records
    .orderBy('[classification+conclusion+reviewedAt]')
    .keys()) as unknown as Array<[string, string, string]>;
  for (const [classification, conclusion, reviewedAt] of keys) {
    const key = cellKey(localMonth(reviewedAt), classification, conclusion);
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  // The index holds binned records too; the bin is small, so read it and take it back out.
  for (const r of await records.where('deletedAt').above('').toArray()) {
    const key = cellKey(localMonth(r.reviewedAt), r.classification, r.conclusion);
    tally.set(key, (tally.get(key) ?? 0) - 1);
  }
  await counts.clear();
  const cells = [...tally].filter(([, n]) => n > 0).map(([key, n]) => parseCell(key, n));
  await counts.bulkPut([freshMeta(), ...cells]);
}

/** Recount by reading every record (the slow, obviously correct way; for tests). */
export function recountFromRows(rows: readonly RecordRow[]): Map<string, number> {
  const tally = new Map<string, number>();
  for (const r of rows) {
    const key = cellOf(r);
    if (key) tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  return tally;
}
