/**
 * CSV export of the review log that opens cleanly in Excel and LibreOffice: Chinese headers,
 * UTF-8 with a BOM (without it Excel reads UTF-8 as GBK and shows mojibake), CRLF line ends,
 * RFC 4180 quoting by papaparse, formula injection neutralised, long numeric ids kept as text.
 */
import Papa from 'papaparse';
import type { GuishenDB } from './db';
import { localIsoDate, rangeInstants, type DateRange } from './dates';
import type { ClassificationKind, RecordRow } from './entities';
import { expiryOf } from './register';

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

/** The columns, in order: Chinese header and how to read the cell from a record. */
export const CSV_COLUMNS: ReadonlyArray<{
  header: string;
  cell: (r: RecordRow) => string | number;
}> = [
  { header: '审查日期', cell: (r) => localIsoDate(new Date(r.reviewedAt)) },
  { header: '文件标题', cell: (r) => r.title },
  { header: '发文字号', cell: (r) => r.docNumber ?? '' },
  { header: '登记号', cell: (r) => keepAsText(r.registrationNumber ?? '') },
  { header: '文件类别', cell: (r) => KIND_LABEL[r.classification] },
  { header: '审查结论', cell: (r) => r.conclusion },
  { header: '审查意见', cell: (r) => r.opinion },
  { header: '审查人', cell: (r) => r.reviewer },
  { header: '审查轮次', cell: (r) => r.round },
  { header: '施行日期', cell: (r) => r.facts.effectiveDate ?? '' },
  { header: '有效期至', cell: (r) => expiryOf(r.facts) ?? '' },
  { header: '错误', cell: (r) => r.findingCounts.error },
  { header: '警告', cell: (r) => r.findingCounts.warning },
  { header: '提示', cell: (r) => r.findingCounts.info },
  { header: '网址', cell: (r) => r.url },
  { header: '规则包', cell: (r) => r.packs.map((p) => `${p.id}@${p.version}`).join('; ') },
  { header: '记录编号', cell: (r) => r.id },
];

/** Records → CSV text (BOM, CRLF, quoted where needed, formulas neutralised). */
export function recordsToCsv(records: readonly RecordRow[]): string {
  const data = records.map((r) => CSV_COLUMNS.map((c) => c.cell(r)));
  return (
    BOM +
    Papa.unparse(
      { fields: CSV_COLUMNS.map((c) => c.header), data },
      { newline: '\r\n', escapeFormulae: FORMULA_PREFIX, quotes: false },
    ) +
    '\r\n'
  );
}

/** Which records to export. */
export interface CsvFilter {
  /** Local calendar range of reviewedAt; all dates when absent. */
  range?: DateRange;
  classification?: ClassificationKind;
}

/** The live review log as CSV, oldest first, filtered by date range and classification. */
export async function exportCsv(db: GuishenDB, filter: CsvFilter = {}): Promise<string> {
  const [lower, upper] = filter.range ? rangeInstants(filter.range) : ['', '\uffff'];
  const rows = filter.classification
    ? await db.records
        .where('[classification+reviewedAt]')
        .between([filter.classification, lower], [filter.classification, upper], true, false)
        .toArray()
    : filter.range
      ? await db.records.where('reviewedAt').between(lower, upper, true, false).toArray()
      : await db.records.orderBy('reviewedAt').toArray();
  return recordsToCsv(rows.filter((r) => r.deletedAt === null));
}

/** A file name for the export, e.g. `审查台账_2025-01-01_2025-12-31.csv`. */
export function csvFileName(filter: CsvFilter = {}): string {
  const span = filter.range ? `_${filter.range.from}_${filter.range.to}` : '';
  const kind = filter.classification ? `_${KIND_LABEL[filter.classification]}` : '';
  return `审查台账${span}${kind}.csv`;
}
