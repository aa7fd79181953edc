/**
 * CSV export of the review log that opens cleanly in Excel and LibreOffice: Chinese headers,
 * UTF-8 with a BOM (without it Excel reads UTF-8 as GBK and shows mojibake), CRLF line ends,
 * RFC 4180 quoting by papaparse, formula injection neutralised, long numeric ids kept as text.
 */
import Papa from 'papaparse';
import { competitionLabel } from '@/rules/competition';
import { keyChunks, type GuishenDB } from './db';
import { localIsoDate, rangeInstants, type DateRange } from './dates';
import type { ClassificationKind } from './entities';
import { readExportRecords } from './export/read';
import { logWanted } from './export/wanted';
import {
  exportRecordOf,
  summaryIsCurrent,
  type ExportRecord,
  type RecordSummary,
} from './export/summary';
import { yieldToPage, type Pause } from './export/tasks';
import { expiryOf, type RegisterEntry, type RegisterState } from './register';
import type { LogQuery } from './records';

/** Byte order mark: tells Excel the file is UTF-8. */
export const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula: it starts with = + - @, or with a tab or CR
 * (Excel strips those and then evaluates), possibly after leading whitespace (Excel and
 * LibreOffice skip leading spaces before deciding). Such cells get a leading apostrophe
 * (OWASP's advice; papaparse's `escapeFormulae` does the prefixing and quoting).
 */
export const FORMULA_PREFIX = /^(?:\s*[=+\-@]|[\t\r])/;

/**
 * Digit strings a spreadsheet would mangle: 12+ digits become 1.23E+19 and lose precision
 * (Excel keeps 15 significant digits), a leading zero is dropped. A trailing tab makes both
 * Excel and LibreOffice keep the cell as text (the usual trick for 身份证号 and 登记号) without
 * writing a formula, and is invisible in the cell.
 */
const LONG_NUMBER = /^(?:\d{12,}|0\d+)$/;

/** Keep a digit string as text in spreadsheets (see LONG_NUMBER). */
export function keepAsText(value: string): string {
  return LONG_NUMBER.test(value) ? `${value}\t` : value;
}

const KIND_LABEL: Record<ClassificationKind, string> = {
  normative: '行政规范性文件',
  'non-normative': '非规范性文件',
};

/** 「符合」「适用例外：…」「不涉及」, or empty when the record has no 公平竞争审查. */
export function competitionCell(c: ExportRecord['competition']): string {
  return competitionLabel(c);
}

/** The columns of a CSV file, in order: Chinese header and how to read the cell from an item. */
export type Columns<T> = ReadonlyArray<{
  header: string;
  cell: (item: T) => string | number;
  /** The value itself, where the CSV cell is dressed for spreadsheets (a .xlsx types it). */
  raw?: (item: T) => string | number;
}>;

/**
 * The log's columns. They read an `ExportRecord` — a record row or its export summary, which
 * holds exactly these fields (lib/export/summary.ts): a column that needs another field must
 * add it there and bump `SUMMARY_FORMAT`.
 */
export const CSV_COLUMNS: Columns<ExportRecord> = [
  { header: '审查日期', cell: (r) => localIsoDate(new Date(r.reviewedAt)) },
  { header: '文件名称', cell: (r) => r.docTitle || r.title },
  { header: '起草单位', cell: (r) => r.drafter ?? '' },
  { header: '收到日期', cell: (r) => r.receivedDate ?? '' },
  { header: '审查时限', cell: (r) => r.dueDate ?? '' },
  { header: '发文字号', cell: (r) => r.docNumber ?? '' },
  {
    header: '登记号',
    cell: (r) => keepAsText(r.registrationNumber ?? ''),
    raw: (r) => r.registrationNumber ?? '',
  },
  { header: '文件类别', cell: (r) => KIND_LABEL[r.classification] },
  { header: '审查结论', cell: (r) => r.conclusion },
  { header: '公平竞争审查', cell: (r) => competitionCell(r.competition) },
  { header: '审查意见', cell: (r) => r.opinion },
  { header: '结论理由', cell: (r) => r.conclusionReason ?? '' },
  // The written opinion (合法性审查意见书): its items and conclusion; empty for older records.
  { header: '意见书条数', cell: (r) => r.opinionRef?.items ?? '' },
  { header: '意见书结论', cell: (r) => r.opinionRef?.conclusion ?? '' },
  { header: '审查人', cell: (r) => r.reviewer },
  { header: '审查轮次', cell: (r) => r.round },
  { header: '成文日期', cell: (r) => r.facts.signedDate ?? '' },
  { header: '公布日期', cell: (r) => r.facts.publishDate ?? '' },
  { header: '施行日期', cell: (r) => r.facts.effectiveDate ?? '' },
  { header: '有效期至', cell: (r) => expiryOf(r.facts) ?? '' },
  { header: '错误', cell: (r) => r.findingCounts.error },
  { header: '警告', cell: (r) => r.findingCounts.warning },
  { header: '提示', cell: (r) => r.findingCounts.info },
  { header: '审查机构', cell: (r) => r.office ?? '' },
  { header: '页面标题', cell: (r) => r.title },
  { header: '网址', cell: (r) => r.url },
  { header: '规则包', cell: (r) => r.packs.map((p) => `${p.id}@${p.version}`).join('; ') },
  { header: '记录编号', cell: (r) => r.id },
];

/** papaparse options shared by every call, so chunks quote exactly like one call would. */
const UNPARSE: Papa.UnparseConfig = {
  newline: '\r\n',
  escapeFormulae: FORMULA_PREFIX,
  quotes: false,
};

/**
 * Rows per papaparse call and per IndexedDB read. Large enough that per-call overhead is
 * nothing, small enough to keep peak memory at a few MB of cells instead of 100,000 rows of
 * them at once. The output does not depend on it (tests compare chunked and single calls).
 */
export const CSV_CHUNK = 5000;

/** The cells of one record, in column order. */
function cellsOf(r: ExportRecord): Array<string | number> {
  return CSV_COLUMNS.map((c) => c.cell(r));
}

/**
 * Rows of cells → CSV lines, each ending in CRLF. papaparse gets arrays, not objects: with
 * `fields` it calls Object.keys on every row, and the quoting is the same either way.
 */
function unparseRows(data: ReadonlyArray<Array<string | number>>): string {
  let out = '';
  for (let i = 0; i < data.length; i += CSV_CHUNK) {
    out += `${Papa.unparse(data.slice(i, i + CSV_CHUNK) as unknown[][], UNPARSE)}\r\n`;
  }
  return out;
}

/** Rows per papaparse call between pauses (and progress reports) of the log's export. */
const UNPARSE_SLICE = 1000;

/**
 * `unparseRows`, a slice at a time with a pause between slices (a yield on the page, so a large
 * export never holds the main thread for long) and progress after each. The slices' text, in
 * order (joined, the same text as one call: slices do not change the output).
 */
async function unparseSlices(
  data: ReadonlyArray<Array<string | number>>,
  pause: Pause = yieldToPage,
  onProgress?: (done: number, total: number) => void,
): Promise<string[]> {
  const parts: string[] = [];
  for (let i = 0; i < data.length; i += UNPARSE_SLICE) {
    parts.push(unparseRows(data.slice(i, i + UNPARSE_SLICE)));
    onProgress?.(Math.min(i + UNPARSE_SLICE, data.length), data.length);
    if (i + UNPARSE_SLICE < data.length) await pause();
  }
  return parts;
}

/** The header line of a CSV file, with the BOM. */
function csvHead(columns: ReadonlyArray<{ header: string }>): string {
  return `${BOM}${Papa.unparse([columns.map((c) => c.header)], UNPARSE)}\r\n`;
}

/** Items → CSV text (BOM, header, CRLF, quoted where needed, formulas neutralised). */
function toCsv<T>(columns: Columns<T>, items: readonly T[]): string {
  return csvHead(columns) + unparseRows(items.map((item) => columns.map((c) => c.cell(item))));
}

/** Records → CSV text (BOM, CRLF, quoted where needed, formulas neutralised). */
export function recordsToCsv(records: readonly ExportRecord[]): string {
  return toCsv(CSV_COLUMNS, records);
}

/** Which records to export. */
export interface CsvFilter {
  /** Local calendar range of reviewedAt; all dates when absent. */
  range?: DateRange;
  classification?: ClassificationKind;
}

/** `a` before `b` in the reviewedAt index's order (reviewedAt, then primary key). */
function byIndexOrder(a: { at: string; id: string }, b: { at: string; id: string }): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The live review log as CSV, oldest first, filtered by date range and classification.
 *
 * Read from the records' export summaries (lib/export/summary.ts: the exported fields only) in
 * chunks of `CSV_CHUNK` inside one read transaction (a consistent snapshot), and each chunk is
 * reduced to its cells at once, so 100,000 rows are never held together:
 * - the whole log: by primary key (getAll over a key range — the cheapest read IndexedDB
 *   has; through the reviewedAt index every row costs an extra lookup), then sorted in memory
 *   into the index's order (reviewedAt, then id), which the file has always had;
 * - a date range or a classification: through its index, continuing after the last key.
 * A summary of an older format is replaced by its record.
 */
export async function exportCsv(
  db: GuishenDB,
  filter: CsvFilter = {},
  /** Rows per read; only tests change it (to cross chunk boundaries with few rows). */
  chunk = CSV_CHUNK,
): Promise<string> {
  const [lower, upper] = filter.range ? rangeInstants(filter.range) : ['', '\uffff'];
  const picked: Array<{ at: string; id: string; cells: Array<string | number> }> = [];
  const pick = (r: ExportRecord) => {
    if (r.deletedAt === null) picked.push({ at: r.reviewedAt, id: r.id, cells: cellsOf(r) });
  };
  const stale: string[] = [];
  const keep = (rows: readonly RecordSummary[]) => {
    for (const s of rows) {
      if (summaryIsCurrent(s)) pick(exportRecordOf(s));
      else stale.push(s.id);
    }
  };
  const summaries = db.recordSummaries;
  await db.transaction('r', summaries, db.records, async () => {
    if (!filter.range && !filter.classification) {
      for await (const rows of keyChunks(summaries, chunk)) keep(rows);
    } else {
      // Index order is (reviewedAt, id): continue from the last reviewedAt inclusive and skip
      // the rows of that instant already taken (ties are rare; a chunk of nothing but ties
      // grows the next read instead of looping).
      const cls = filter.classification;
      let from = lower;
      let seen = new Set<string>();
      for (let limit = chunk; ;) {
        const coll = cls
          ? summaries
              .where('[classification+reviewedAt]')
              .between([cls, from], [cls, upper], true, false)
          : summaries.where('reviewedAt').between(from, upper, true, false);
        const rows = await coll.limit(limit).toArray();
        const fresh = rows.filter((r) => !(r.reviewedAt === from && seen.has(r.id)));
        keep(fresh);
        if (rows.length < limit) break;
        const lastAt = rows[rows.length - 1]!.reviewedAt;
        if (!fresh.length) {
          limit *= 2;
          continue;
        }
        if (lastAt !== from) seen = new Set();
        for (const r of fresh) if (r.reviewedAt === lastAt) seen.add(r.id);
        from = lastAt;
        limit = chunk;
      }
    }
    for (let i = 0; i < stale.length; i += chunk) {
      for (const r of await db.records.bulkGet(stale.slice(i, i + chunk))) if (r) pick(r);
    }
  });
  picked.sort(byIndexOrder);
  return csvHead(CSV_COLUMNS) + unparseRows(picked.map((p) => p.cells));
}

/** A file name for the export, e.g. `审查台账_2025-01-01_2025-12-31.csv`. */
export function csvFileName(filter: CsvFilter = {}): string {
  const span = filter.range ? `_${filter.range.from}_${filter.range.to}` : '';
  const kind = filter.classification ? `_${KIND_LABEL[filter.classification]}` : '';
  return `审查台账${span}${kind}.csv`;
}

// ---------------------------------------------------------------------------------------------
// The validity register

const STATE_LABEL: Record<RegisterState, string> = {
  lapsed: '已失效',
  evaluationDue: '评估期',
  valid: '有效',
  unknown: '无有效期',
};

/** The register's columns, in order (same escaping as the log). */
export const REGISTER_CSV_COLUMNS: Columns<RegisterEntry> = [
  { header: '状态', cell: (e) => STATE_LABEL[e.state] },
  { header: '文件标题', cell: (e) => e.title },
  { header: '发文字号', cell: (e) => e.docNumber ?? '' },
  {
    header: '登记号',
    cell: (e) => keepAsText(e.registrationNumber ?? ''),
    raw: (e) => e.registrationNumber ?? '',
  },
  { header: '施行日期', cell: (e) => e.effectiveDate ?? '' },
  { header: '有效期至', cell: (e) => e.expiry ?? '' },
  { header: '评估起始日', cell: (e) => e.evaluationFrom ?? '' },
  { header: '剩余天数', cell: (e) => (e.daysLeft === null ? '' : e.daysLeft) },
  { header: '记录编号', cell: (e) => e.recordId },
];

/** The validity register as CSV (BOM, CRLF, quoting, formulas neutralised), in its order. */
export function registerToCsv(entries: readonly RegisterEntry[]): string {
  return toCsv(REGISTER_CSV_COLUMNS, entries);
}

/** A file name for the register, e.g. `有效期台账_2026-11-27.csv`. */
export function registerCsvFileName(today: string): string {
  return `有效期台账_${today}.csv`;
}

// ---------------------------------------------------------------------------------------------
// The log page's export

/** The cells of one record in the log's CSV (the export worker maps summaries with it). */
export const logCsvCells = cellsOf;

/**
 * The log's CSV as UTF-8 bytes in pieces — the header line, then one piece per slice of rows —
 * encoded a piece at a time with a pause between (a 20,000-row log is some 10 MB of text). The
 * same bytes as `new Blob([recordsToCsv(…)])` of the same records.
 */
export async function logCsvBlob(
  rows: ReadonlyArray<Array<string | number>>,
  opts: { pause?: Pause; onProgress?: (done: number, total: number) => void } = {},
): Promise<Blob> {
  const pause = opts.pause ?? yieldToPage;
  const encoder = new TextEncoder();
  const bytes: Uint8Array<ArrayBuffer>[] = [encoder.encode(csvHead(CSV_COLUMNS))];
  for (const part of await unparseSlices(rows, pause, opts.onProgress)) {
    bytes.push(encoder.encode(part) as Uint8Array<ArrayBuffer>);
    await pause();
  }
  return new Blob(bytes, { type: CSV_TYPE });
}

/**
 * The review log as the options page shows it — every filter, the search and the sort, all
 * pages — as CSV. Ids come from the log snapshot; rows from the export summaries.
 */
export async function exportLogCsv(
  db: GuishenDB,
  query: Omit<LogQuery, 'offset' | 'limit'>,
): Promise<string> {
  const rows = await logRows(db, query, cellsOf);
  return csvHead(CSV_COLUMNS) + (await unparseSlices(rows)).join('');
}

/**
 * `exportLogCsv` as the file a page offers, read and written on the calling thread (the
 * options page hands the same work to the export worker: lib/export/job.ts). The same bytes as
 * `new Blob([exportLogCsv(…)])`.
 */
export async function exportLogCsvBlob(
  db: GuishenDB,
  query: Omit<LogQuery, 'offset' | 'limit'>,
): Promise<Blob> {
  return logCsvBlob(await logRows(db, query, cellsOf));
}

/** The MIME type of the CSV files. */
export const CSV_TYPE = 'text/csv;charset=utf-8';

/** Records per read of the log's exports on a page (each read's deserialising is one task). */
export const LOG_READ_CHUNK = 1000;

/**
 * The records the log page shows, each reduced by `map` as soon as its batch is read (so full
 * rows are never all held at once). `onProgress(done, total)` after each batch. Rows from their
 * export summaries; a missing or stale summary is replaced by its record (lib/export/read.ts).
 */
export async function logRows<T>(
  db: GuishenDB,
  query: Omit<LogQuery, 'offset' | 'limit'>,
  map: (r: ExportRecord) => T,
  onProgress?: (done: number, total: number) => void,
  /** Records per read. */
  chunk = LOG_READ_CHUNK,
): Promise<T[]> {
  const wanted = await logWanted(db, query);
  return readExportRecords(db, wanted, map, { chunk, scan: wanted.scan, onProgress });
}
