/**
 * The office's books as .xlsx: the review log (exactly what the log page filters, like its
 * CSV) and the validity register. Same columns and names as the CSV files (行政规范性文件 in
 * 文件类别, 审查台账 / 有效期台账 in the file names), typed cells, and a print setup that puts
 * the reviewing columns on A4 landscape pages one page wide.
 */
import type { GuishenDB } from '../db';
import { CSV_COLUMNS, logRows, REGISTER_CSV_COLUMNS, type Columns } from '../csv';
import type { LogQuery } from '../records';
import type { RegisterEntry } from '../register';
import type { ExportRecord } from './summary';
import type { Pause } from './tasks';
import { safeFileName, writeXlsx, type XlsxCell, type XlsxColumn } from './xlsx';

/** How far an export is: reading the records, then writing the file. */
export interface ExportProgress {
  phase: 'read' | 'write';
  done: number;
  total: number;
}

/** Widest a column may grow before its text wraps (Excel character units). */
const MAX_WIDTH: Record<string, number> = {
  文件名称: 36,
  文件标题: 40,
  起草单位: 18,
  审查意见: 44,
  结论理由: 30,
  公平竞争审查: 16,
  审查机构: 18,
  页面标题: 30,
  网址: 36,
  规则包: 30,
  记录编号: 26,
};

/**
 * The log's printed columns: the first 14 (审查日期 … 审查轮次) — what a reviewer reads on
 * paper. The dates of the document, counts, page title, URL, packs and id stay in the file and
 * on screen but off the page, so a page one sheet wide stays legible.
 */
export const LOG_PRINT_COLUMNS = CSV_COLUMNS.findIndex((c) => c.header === '审查轮次') + 1;

function columnsOf<T>(columns: Columns<T>): XlsxColumn[] {
  return columns.map((c) => ({ header: c.header, maxWidth: MAX_WIDTH[c.header] ?? 16 }));
}

function cellsOf<T>(columns: Columns<T>, item: T): XlsxCell[] {
  return columns.map((c) => (c.raw ?? c.cell)(item));
}

/** The sheet name and printed title of the log. */
const LOG_TITLE = '审查台账';
const REGISTER_TITLE = '有效期台账';

/** Records → the log workbook (in the given order). */
export function logWorkbook(
  rows: ReadonlyArray<readonly XlsxCell[]>,
  opts: {
    office?: string;
    onProgress?: (done: number, total: number) => void;
    /** Between slices of rows (default: a yield to the page). */
    pause?: Pause;
  } = {},
): Promise<Uint8Array> {
  const office = opts.office?.trim() || undefined;
  return writeXlsx(
    [
      {
        name: LOG_TITLE,
        printTitle: LOG_TITLE,
        columns: columnsOf(CSV_COLUMNS),
        rows,
        printColumns: LOG_PRINT_COLUMNS,
      },
    ],
    {
      title: office ? `${office} ${LOG_TITLE}` : LOG_TITLE,
      office,
      onProgress: opts.onProgress,
      pause: opts.pause,
    },
  );
}

/** The cells of one record in the log workbook. */
export function logCells(r: ExportRecord): XlsxCell[] {
  return cellsOf(CSV_COLUMNS, r);
}

/** Records → .xlsx bytes (tests and the popup's year export use this directly). */
export function recordsToXlsx(
  records: readonly ExportRecord[],
  opts: { office?: string } = {},
): Promise<Uint8Array> {
  return logWorkbook(
    records.map((r) => logCells(r)),
    opts,
  );
}

/**
 * The review log as the options page shows it — every filter, the search and the sort, all
 * pages — as .xlsx, with progress for both phases.
 */
export async function exportLogXlsx(
  db: GuishenDB,
  query: Omit<LogQuery, 'offset' | 'limit'>,
  opts: { office?: string; onProgress?: (p: ExportProgress) => void } = {},
): Promise<Uint8Array> {
  const rows = await logRows(db, query, logCells, (done, total) =>
    opts.onProgress?.({ phase: 'read', done, total }),
  );
  return logWorkbook(rows, {
    office: opts.office,
    onProgress: (done, total) => opts.onProgress?.({ phase: 'write', done, total }),
  });
}

/** The validity register → .xlsx bytes, in its order. */
export function registerToXlsx(
  entries: readonly RegisterEntry[],
  opts: { office?: string } = {},
): Promise<Uint8Array> {
  const office = opts.office?.trim() || undefined;
  return writeXlsx(
    [
      {
        name: REGISTER_TITLE,
        printTitle: REGISTER_TITLE,
        columns: columnsOf(REGISTER_CSV_COLUMNS),
        rows: entries.map((e) => cellsOf(REGISTER_CSV_COLUMNS, e)),
      },
    ],
    { title: office ? `${office} ${REGISTER_TITLE}` : REGISTER_TITLE, office },
  );
}

/** `审查台账_2025-01-01_2025-12-31.xlsx`, like the CSV's name; always a valid file name. */
export function logXlsxFileName(range?: { from: string; to: string }): string {
  return safeFileName(`${LOG_TITLE}${range ? `_${range.from}_${range.to}` : ''}`, 'xlsx');
}

/** `有效期台账_2026-11-27.xlsx`. */
export function registerXlsxFileName(today: string): string {
  return safeFileName(`${REGISTER_TITLE}_${today}`, 'xlsx');
}

/** The MIME type of .xlsx files. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
