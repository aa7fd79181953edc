/**
 * Tables derived from `records` and kept in step with it by a Dexie DBCore middleware
 * (`recordCounts` in lib/counts.ts, `recordSummaries` in lib/export/summary.ts): every
 * read-write transaction on `records` is widened to cover the derived table, and the `records`
 * table is wrapped so that each of its mutations updates the derived table in the same
 * transaction, before it resolves. The shell is shared here; each derived table supplies only
 * how a records mutation changes it.
 */
import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
} from 'dexie';

const RECORDS_TABLE = 'records';

/** The successful operations of a mutate response (bulk writes may fail row by row). */
export function succeeded(res: DBCoreMutateResponse, i: number): boolean {
  return !res.numFailures || !(i in res.failures);
}

/**
 * True when a transaction of the IndexedDB layer covers `store` (while an upgrade step of a
 * version older than the store runs, it does not, and there is nothing to keep).
 */
function covers(trans: DBCoreTransaction, store: string): boolean {
  const names = (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
  return !!names && names.contains(store);
}

/**
 * The middleware that keeps `derived` in step with `records`. `wrap` receives the records and
 * the derived table and returns the records mutation that also writes the derived one; it is
 * called only for transactions that cover the derived store (others go straight down).
 */
export function derivedTableMiddleware(
  name: string,
  derived: string,
  wrap: (
    records: DBCoreTable,
    table: DBCoreTable,
  ) => (req: DBCoreMutateRequest) => Promise<DBCoreMutateResponse>,
): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name,
    create(down) {
      if (!down.schema.tables.some((t) => t.name === derived)) return down;
      return {
        ...down,
        transaction(stores, mode, options) {
          // Every read-write transaction on records also covers the derived table.
          const widen =
            mode === 'readwrite' && stores.includes(RECORDS_TABLE) && !stores.includes(derived);
          return down.transaction(widen ? [...stores, derived] : stores, mode, options);
        },
        table(tableName) {
          const table = down.table(tableName);
          if (tableName !== RECORDS_TABLE) return table;
          const mutate = wrap(table, down.table(derived));
          return {
            ...table,
            mutate: (req) => (covers(req.trans, derived) ? mutate(req) : table.mutate(req)),
          };
        },
      };
    },
  };
}
