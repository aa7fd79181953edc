/**
 * The log page's exports (CSV and .xlsx) as a job for the export worker (lib/export/export.worker.ts),
 * so that reading 20,000 summaries and writing the file never hold the page's main thread.
 *
 * The page decides WHAT is exported — the ids its log snapshot gives for the filter, search and
 * sort on screen, each with the updatedAt its summary must carry (`logExportJob`) — and posts
 * that; the worker opens the same database with Dexie itself, reads the summaries (a missing or
 * stale one is rebuilt from its record and rewritten, as on the page: lib/export/read.ts), builds
 * the file with the same column and writer code, and posts progress and, at the end, a Blob (a
 * handle: the file's bytes are not copied back). The page only shows progress and hands the
 * Blob to the browser. `runExportJob` is also what runs on the page where no worker is given
 * (unit tests over fake-indexeddb): one code path, the same bytes.
 */
import { z } from 'zod';
import { logCsvBlob, logCsvCells } from '../csv';
import { GuishenDB } from '../db';
import { logCells, logWorkbook, XLSX_TYPE, type ExportProgress } from './books';
import { readExportRecords } from './read';
import { yieldToPage, type Pause } from './tasks';
import type { ExportJob } from './wanted';

export { logExportJob, type ExportFormat, type ExportJob } from './wanted';

/** What the page posts to the worker. */
export const ExportJobSchema: z.ZodType<ExportJob> = z
  .object({
    format: z.enum(['csv', 'xlsx']),
    /** The database's name (the extension's `guishen`; tests use their own). */
    db: z.string().min(1).max(200),
    ids: z.array(z.string()),
    updatedAt: z.array(z.string()),
    scan: z.boolean(),
    /** The office's name, for the .xlsx page header and properties. */
    office: z.string().max(500).optional(),
  })
  .refine((j) => j.ids.length === j.updatedAt.length, {
    message: '导出任务的记录编号与更新时间数目不一致',
  });

/** What the worker posts back: progress, then the file or a Chinese message. */
export type ExportReply =
  | ({ type: 'progress' } & ExportProgress)
  | { type: 'done'; blob: Blob; rows: number }
  | { type: 'error'; message: string };

/** Summaries per read in the worker: no page waits on its thread, so reads can be large. */
export const WORKER_READ_CHUNK = 5000;

export interface RunOptions {
  onProgress?: (p: ExportProgress) => void;
  /** Between slices: a yield on a page (default), nothing in the worker. */
  pause?: Pause;
  /** Summaries per read (default WORKER_READ_CHUNK). */
  chunk?: number;
}

/** The file of a job, and how many records it holds. */
export async function runExportJob(
  db: GuishenDB,
  job: ExportJob,
  opts: RunOptions = {},
): Promise<{ blob: Blob; rows: number }> {
  const pause = opts.pause ?? yieldToPage;
  const read = <T>(map: Parameters<typeof readExportRecords<T>>[2]) =>
    readExportRecords(db, job, map, {
      chunk: opts.chunk ?? WORKER_READ_CHUNK,
      scan: job.scan,
      onProgress: (done, total) => opts.onProgress?.({ phase: 'read', done, total }),
    });
  const write = (done: number, total: number) => opts.onProgress?.({ phase: 'write', done, total });
  if (job.format === 'csv') {
    const rows = await read(logCsvCells);
    return { blob: await logCsvBlob(rows, { pause, onProgress: write }), rows: rows.length };
  }
  const rows = await read(logCells);
  const bytes = await logWorkbook(rows, { office: job.office, onProgress: write, pause });
  return {
    blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE }),
    rows: rows.length,
  };
}

/**
 * The worker's handling of one message: check it, open the database, run the job, post
 * progress and the result (or the error in Chinese), close the database. `open` is the
 * database by name (tests pass their fake-indexeddb one).
 */
export async function handleExportMessage(
  data: unknown,
  post: (reply: ExportReply) => void,
  open: (name: string) => GuishenDB = (name) => new GuishenDB(name),
): Promise<void> {
  const parsed = ExportJobSchema.safeParse(data);
  if (!parsed.success) {
    post({ type: 'error', message: `导出任务无效：${parsed.error.issues[0]?.message ?? ''}` });
    return;
  }
  let db: GuishenDB | undefined;
  try {
    db = open(parsed.data.db);
    const { blob, rows } = await runExportJob(db, parsed.data, {
      pause: () => Promise.resolve(),
      onProgress: (p) => post({ type: 'progress', ...p }),
    });
    post({ type: 'done', blob, rows });
  } catch (e) {
    post({ type: 'error', message: `导出失败：${e instanceof Error ? e.message : String(e)}` });
  } finally {
    db?.close();
  }
}
