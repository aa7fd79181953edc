/**
 * What the log page's exports want, decided on the page from the log snapshot it already
 * holds. Kept apart from the writers (lib/csv.ts, lib/export/books.ts): the options page loads
 * only this and the worker client, never papaparse, fflate or the column code, for an export.
 */
import type { GuishenDB } from '../db';
import { logSnapshot, type LogQuery } from '../records';

/**
 * The records an export wants, in the file's order: their ids and the updatedAt each summary
 * must carry (two arrays of the same length: what the page posts to the export worker).
 */
export interface Wanted {
  ids: readonly string[];
  updatedAt: readonly string[];
}

/** The log page's: the ids in the page's order, and how to read them. */
export interface LogWanted extends Wanted {
  ids: string[];
  updatedAt: string[];
  /**
   * Read the whole summaries table in key ranges and pick (at least a quarter of the log is
   * wanted: one `getAll` per chunk; one `get` per id costs more than the rows it skips), or
   * read by id.
   */
  scan: boolean;
}

/**
 * The records the log page shows — every filter, the search and the sort, all pages: ids and
 * their updatedAt from the log snapshot (the one the page holds, caught up).
 */
export async function logWanted(
  db: GuishenDB,
  query: Omit<LogQuery, 'offset' | 'limit'>,
): Promise<LogWanted> {
  const snap = await logSnapshot(db);
  await snap.catchUp(db);
  const { ids } = snap.query({ ...query, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const updatedAt = ids.map((id) => snap.updatedAtOf(id) ?? '');
  return { ids, updatedAt, scan: ids.length * 4 >= snap.size };
}

/** The export's file format. */
export type ExportFormat = 'csv' | 'xlsx';

/**
 * The job the page posts to the export worker (checked there by `ExportJobSchema`,
 * lib/export/job.ts).
 */
export interface ExportJob {
  format: ExportFormat;
  /** The database's name (the extension's `guishen`; tests use their own). */
  db: string;
  ids: string[];
  updatedAt: string[];
  scan: boolean;
  /** The office's name, for the .xlsx page header and properties. */
  office?: string;
}

/** The page's side: the job for the log as the page shows it (filter, search, sort). */
export async function logExportJob(
  db: GuishenDB,
  query: Omit<LogQuery, 'offset' | 'limit'>,
  format: ExportFormat,
  office?: string,
): Promise<ExportJob> {
  const { ids, updatedAt, scan } = await logWanted(db, query);
  const name = office?.trim();
  return { format, db: db.name, ids, updatedAt, scan, ...(name ? { office: name } : {}) };
}
