/**
 * Reading records for an export: their summaries (lib/export/summary.ts), in key ranges when
 * most of the log is wanted, by id when few are; a record whose summary is missing or not
 * current is read whole and its summary rewritten.
 */
import type { GuishenDB } from '../db';
import type { RecordRow } from '../entities';
import type { Wanted } from './wanted';
import {
  exportRecordOf,
  summaryIsCurrent,
  summaryOf,
  type ExportRecord,
  type RecordSummary,
} from './summary';

export interface ReadOptions {
  /** Rows per read: each read's deserialising and mapping is one task of the page. */
  chunk: number;
  /**
   * Read the whole summaries table in key order and pick the wanted ones (one `getAll` per
   * chunk) rather than one `get` per id. Cheaper once a good part of the log is wanted.
   */
  scan: boolean;
  /** After each read: records done so far, of all wanted. */
  onProgress?: (done: number, total: number) => void;
}

/** Summaries in key order, `chunk` at a time, the next read already asked for. */
async function* summaryChunks(db: GuishenDB, chunk: number): AsyncGenerator<RecordSummary[]> {
  const read = (after: string | null) =>
    (after === null
      ? db.recordSummaries.limit(chunk)
      : db.recordSummaries.where(':id').above(after).limit(chunk)
    ).toArray();
  let next: Promise<RecordSummary[]> | null = read(null);
  while (next) {
    const rows: RecordSummary[] = await next;
    // Ask for the next chunk before this one is mapped: the database reads it meanwhile.
    next = rows.length === chunk ? read(rows[rows.length - 1]!.id) : null;
    yield rows;
  }
}

/**
 * The records whose summaries were missing or stale, read whole; their summaries are rewritten
 * in the same transaction (so the next export finds them). If that write fails (quota), the
 * records are still returned — an export never fails for want of derived data.
 */
async function readAndRefresh(db: GuishenDB, ids: string[]): Promise<Array<RecordRow | undefined>> {
  try {
    return await db.transaction('rw', db.records, db.recordSummaries, async () => {
      const rows = await db.records.bulkGet(ids);
      const found = rows.filter((r): r is RecordRow => !!r);
      if (found.length) await db.recordSummaries.bulkPut(found.map(summaryOf));
      return rows;
    });
  } catch {
    return db.records.bulkGet(ids);
  }
}

/**
 * The wanted records, in the order given, each reduced by `map` as soon as it is read (full
 * rows are never all held at once). Records that no longer exist are left out.
 */
export async function readExportRecords<T>(
  db: GuishenDB,
  wanted: Wanted,
  map: (r: ExportRecord) => T,
  opts: ReadOptions,
): Promise<T[]> {
  const { ids, updatedAt } = wanted;
  const n = ids.length;
  const pos = new Map<string, number>();
  ids.forEach((id, i) => pos.set(id, i));
  const out = new Array<T>(n);
  const have = new Uint8Array(n);
  let done = 0;
  const take = (rows: ReadonlyArray<RecordSummary | undefined>) => {
    for (const s of rows) {
      if (!s) continue;
      const i = pos.get(s.id);
      if (i === undefined || have[i] || !summaryIsCurrent(s, updatedAt[i])) continue;
      out[i] = map(exportRecordOf(s));
      have[i] = 1;
      done++;
    }
    opts.onProgress?.(done, n);
  };
  if (opts.scan) {
    for await (const rows of summaryChunks(db, opts.chunk)) take(rows);
  } else {
    for (let i = 0; i < n; i += opts.chunk) {
      take(await db.recordSummaries.bulkGet(ids.slice(i, i + opts.chunk)));
    }
  }
  if (done < n) {
    const rest: string[] = [];
    for (let i = 0; i < n; i++) if (!have[i]) rest.push(ids[i]!);
    for (let i = 0; i < rest.length; i += opts.chunk) {
      for (const r of await readAndRefresh(db, rest.slice(i, i + opts.chunk))) {
        if (!r) continue;
        const k = pos.get(r.id)!;
        out[k] = map(r);
        have[k] = 1;
      }
      opts.onProgress?.(Math.min(done + i + opts.chunk, n), n);
    }
    if (have.includes(0)) return out.filter((_, i) => have[i]);
  }
  return out;
}
