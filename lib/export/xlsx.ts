/**
 * A minimal .xlsx (Office Open XML SpreadsheetML) writer on fflate: text and number cells, a
 * bold header row frozen at the top, column widths, wrapped text, and a print setup (A4
 * landscape, fit to one page wide, the header row repeated on every page, a page header with
 * the office and the sheet's title, 「第 N 页，共 M 页」 in the footer).
 *
 * Why not a library: exceljs (the maintained full writer) brings jszip, archiver, streams and a
 * Node polyfill layer into an extension page for what is a zip of six short XML files; SheetJS's
 * npm build is years old. What is written here is the subset of ECMA-376 that Excel, LibreOffice
 * and WPS all read, and the tests read every file back with exceljs and (where installed)
 * LibreOffice.
 *
 * Text cells are shared strings (`t="s"`, one `xl/sharedStrings.xml` for the workbook): a log
 * repeats most of its values (dates, 类别, 结论, 审查人, 起草单位), so each is escaped and
 * written once and a cell is a short index — on 20,000 log rows the sheet's XML is about half
 * as long, and turning it into XML and deflating it take about half the time they took with
 * inline strings. A string cell is never a formula, so the CSV's formula neutralising and the
 * trailing-tab trick for long digit strings are not needed here — a 登记号 stays text because
 * it is written as text.
 *
 * The log page's exports run in a worker (lib/export/export.worker.ts); where the writer runs on a page
 * (the register, the popup's year), rows are turned into XML and deflated in slices, and the
 * writer yields to the event loop between slices (`scheduler.yield` where the browser has it,
 * else a timeout) and reports progress.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { yieldToPage, type Pause } from './tasks';

/** One cell: text, a number, or empty (null, undefined or ''). */
export type XlsxCell = string | number | null | undefined;

/** A column of a sheet. */
export interface XlsxColumn {
  header: string;
  /** Width in Excel character units; computed from the content when absent. */
  width?: number;
  /** Widest a computed width may grow (long text wraps instead). Default 24. */
  maxWidth?: number;
}

/** One worksheet. */
export interface XlsxSheet {
  /** The tab's name; made valid (no []:*?/\, ≤ 31 characters, unique) by the writer. */
  name: string;
  columns: readonly XlsxColumn[];
  rows: ReadonlyArray<readonly XlsxCell[]>;
  /** Print only the first N columns (the rest stay in the file and on screen). */
  printColumns?: number;
  /** The centre of the printed page header (e.g. 「审查台账」). */
  printTitle?: string;
}

export interface XlsxOptions {
  /** The workbook's title (document properties) and the left of the page header. */
  title?: string;
  /** The office's name: the left of the printed page header. */
  office?: string;
  /** When the file was made (document properties; default now). */
  created?: Date;
  /**
   * Deflate level 0–9 (default 1: on 20,000 log rows level 6 makes the file a fifth smaller,
   * 1.7 instead of 2.1 MB, and takes about twice as long).
   */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Called with rows written so far and all rows, after each slice. */
  onProgress?(done: number, total: number): void;
  /** Rows per slice between yields (default 500: some 40 ms of work each on a log sheet). */
  sliceRows?: number;
  /** Awaited between slices (default: a yield to the page; the export worker passes none). */
  pause?: Pause;
}

// ---------------------------------------------------------------------------------------------
// Text that is valid XML and survives the round trip

/**
 * Characters XML 1.0 does not allow (C0 controls other than tab, LF and CR; U+FFFE/U+FFFF) and
 * lone surrogates (not encodable as UTF-8).
 */
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A quick test for either of the two (the replacements below are slower). */
const NEEDS_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x/;

/** A literal `_xHHHH_` in text, which readers would otherwise decode as an escape. */
const ESCAPE_LIKE = /_(?=x[0-9A-Fa-f]{4}_)/g;

/**
 * Cell text as ECMA-376 writes it (ST_Xstring, §22.9.2.19): a character XML cannot carry is
 * written `_xHHHH_`, which Excel and LibreOffice decode back to the character, so nothing is
 * lost; a literal `_xHHHH_` gets its underscore escaped (`_x005F_`) so it reads back as
 * written. Lone surrogates cannot be stored in UTF-8 at all and become U+FFFD.
 */
export function cellText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s; // nearly every cell: no work
  return s.replace(ESCAPE_LIKE, '_x005F_').replace(XML_INVALID, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
    return `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`;
  });
}

/** Text outside cells (names, titles, headers): invalid characters are dropped. */
export function plainXmlText(s: string): string {
  return s.replace(XML_INVALID, '');
}

/** Escape for XML element content and attribute values. */
function esc(s: string): string {
  if (!/[&<>"]/.test(s)) return s;
  return s.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

// ---------------------------------------------------------------------------------------------
// Names

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

/**
 * A valid, unique sheet name: Excel refuses []:*?/\ , a leading or trailing apostrophe, an
 * empty name, more than 31 characters, and two sheets whose names differ only in case.
 */
function sheetName(name: string, taken: Set<string>): string {
  let base = plainXmlText(name)
    .replace(/[[\]:*?/\\]/g, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  if (!base) base = 'Sheet';
  base = [...base].slice(0, 31).join('');
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i++) {
    const suffix = `(${i})`;
    out = [...base].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(out.toLowerCase());
  return out;
}

/**
 * Text for a printed header/footer section: `&` starts a code there and must be doubled;
 * Excel refuses a header/footer of more than 255 characters, so each part is kept short (the
 * full text is in the cells and the document properties).
 */
function headerPart(s: string, max: number): string {
  const clean = plainXmlText(s).replace(/\s+/g, ' ').trim();
  const cut = [...clean].length > max ? `${[...clean].slice(0, max - 1).join('')}…` : clean;
  return cut.replace(/&/g, '&&');
}

/** Characters Windows, macOS or Linux refuse in a file name, and controls. */
const FILE_NAME_INVALID = /[<>:"/\\|?*\u0000-\u001F\u007F]/g;

/**
 * A file name every system accepts: the characters Windows refuses become 「_」, controls are
 * dropped (they carry nothing a reader needs), no trailing dot or space, a reserved device name
 * (CON, NUL …) gets a suffix, and at most 120 characters before the extension. The full text
 * remains inside the file.
 */
export function safeFileName(name: string, ext: string): string {
  let base = name
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .replace(FILE_NAME_INVALID, '_')
    .replace(/[. ]+$/g, '')
    .trim();
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)) base += '_';
  if (!base) base = '导出';
  base = [...base].slice(0, 120).join('');
  return `${base}.${ext}`;
}

// ---------------------------------------------------------------------------------------------
// Widths

/** Display width of a code point: CJK and full-width forms count two. */
function wide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    c >= 0x20000
  );
}

/**
 * Display width of text in Excel character units: CJK and full-width forms count two. A loop
 * over code units (a surrogate pair is one code point; a lone surrogate counts one): the
 * string iterator allocated per character was most of a large export's width pass.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    w += c < 0x1100 ? 1 : wide(c) ? 2 : 1;
  }
  return w;
}

/** Rows looked at for the widths: all of a small sheet, an even sample of a large one. */
const WIDTH_SAMPLE = 2000;

/** Widths from the header (bold, so a little wider) and the longest first line of each cell. */
function widthsOf(sheet: XlsxSheet): number[] {
  const step = Math.max(1, Math.floor(sheet.rows.length / WIDTH_SAMPLE));
  return sheet.columns.map((col, i) => {
    if (col.width) return col.width;
    let w = displayWidth(col.header) * 1.1 + 2;
    for (let k = 0; k < sheet.rows.length; k += step) {
      const row = sheet.rows[k]!;
      const v = row[i];
      if (v === null || v === undefined || v === '') continue;
      const s = typeof v === 'number' ? String(v) : v;
      const line = s.length > 200 ? s.slice(0, 200) : s;
      w = Math.max(w, displayWidth(line.split('\n', 1)[0]!) + 2);
    }
    return Math.round(Math.min(Math.max(w, 6), col.maxWidth ?? 24) * 10) / 10;
  });
}

// ---------------------------------------------------------------------------------------------
// Parts

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function contentTypes(sheets: number): string {
  const sheetParts = Array.from(
    { length: sheets },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    sheetParts +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    '</Types>'
  );
}

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="xl/workbook.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  `<Relationship Id="rId3" Type="${REL_TYPE}/extended-properties" Target="docProps/app.xml"/>` +
  '</Relationships>';

function workbookRels(sheets: number): string {
  let rels = '';
  for (let i = 1; i <= sheets; i++) {
    rels += `<Relationship Id="rId${i}" Type="${REL_TYPE}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  }
  rels += `<Relationship Id="rId${sheets + 1}" Type="${REL_TYPE}/styles" Target="styles.xml"/>`;
  rels += `<Relationship Id="rId${sheets + 2}" Type="${REL_TYPE}/sharedStrings" Target="sharedStrings.xml"/>`;
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${rels}</Relationships>`;
}

/** The quoted sheet name in a reference: 'name' with inner apostrophes doubled. */
function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function workbook(names: string[], sheets: readonly XlsxSheet[]): string {
  const tabs = names
    .map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  // Print titles (the header row on every printed page) and the print area per sheet.
  let defined = '';
  sheets.forEach((s, i) => {
    const q = esc(quoteSheet(names[i]!));
    defined += `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${q}!$1:$1</definedName>`;
    if (s.printColumns && s.printColumns < s.columns.length) {
      const last = columnName(s.printColumns - 1);
      defined += `<definedName name="_xlnm.Print_Area" localSheetId="${i}">${q}!$A$1:$${last}$${s.rows.length + 1}</definedName>`;
    }
  });
  return (
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<bookViews><workbookView/></bookViews>' +
    `<sheets>${tabs}</sheets><definedNames>${defined}</definedNames></workbook>`
  );
}

/** Style ids (cellXfs order below). */
const STYLE_HEADER = 1;
const STYLE_TEXT = 2;
const STYLE_NUMBER = 3;

/**
 * Fonts: 等线 11 (Excel's default for Chinese; charset 134 = GB2312, so readers pick a Chinese
 * face), bold for the header. Header: grey fill, thin borders, centred, wrapped. Body: thin
 * borders, top-aligned, text wrapped.
 */
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2">' +
  '<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>' +
  '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>' +
  '</fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color rgb="FFBFBFBF"/></left><right style="thin"><color rgb="FFBFBFBF"/></right>' +
  '<top style="thin"><color rgb="FFBFBFBF"/></top><bottom style="thin"><color rgb="FFBFBFBF"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

function coreProps(title: string, created: Date): string {
  const when = `${created.toISOString().slice(0, 19)}Z`;
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${esc(plainXmlText(title))}</dc:title><dc:creator>规审 Guishen</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

const APP_PROPS =
  `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
  '<Application>规审 Guishen</Application></Properties>';

/** Everything of a worksheet before its rows. */
function sheetHead(sheet: XlsxSheet, widths: number[]): string {
  const lastCol = columnName(Math.max(sheet.columns.length - 1, 0));
  const cols = widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const header = sheet.columns
    .map(
      (c, i) =>
        `<c r="${columnName(i)}1" s="${STYLE_HEADER}" t="inlineStr"><is><t>${esc(cellText(c.header))}</t></is></c>`,
    )
    .join('');
  return (
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    `<dimension ref="A1:${lastCol}${sheet.rows.length + 1}"/>` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
    '</sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols>` +
    `<sheetData><row r="1">${header}</row>`
  );
}

/** Everything of a worksheet after its rows: print options, margins, A4 landscape, headers. */
function sheetTail(sheet: XlsxSheet, opts: XlsxOptions): string {
  const left = opts.office ? `&L${headerPart(opts.office, 60)}` : '';
  const centre = sheet.printTitle ? `&C&"-,Bold"${headerPart(sheet.printTitle, 60)}` : '';
  return (
    '</sheetData>' +
    '<printOptions horizontalCentered="1"/>' +
    '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>' +
    // paperSize 9 = A4; fit to one page wide, as many pages tall as needed.
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    `<headerFooter><oddHeader>${esc(left + centre + '&R&D')}</oddHeader>` +
    `<oddFooter>${esc('&C第 &P 页，共 &N 页')}</oddFooter></headerFooter>` +
    '</worksheet>'
  );
}

/**
 * The workbook's shared strings: each distinct text once, in order of first use; a cell holds
 * its index.
 */
class SharedStrings {
  private index = new Map<string, number>();
  private list: string[] = [];
  /** Cells that refer to the table (the `count` attribute). */
  uses = 0;

  /** The index of `s`, added when new. */
  of(s: string): number {
    this.uses++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }

  /** `xl/sharedStrings.xml`, in pieces of a few thousand strings (joined by the caller). */
  *xml(): Generator<string> {
    yield `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.uses}" uniqueCount="${this.list.length}">`;
    const parts: string[] = [];
    for (const raw of this.list) {
      const t = cellText(raw);
      const space = /^\s|\s$/.test(t) ? ' xml:space="preserve"' : '';
      parts.push(`<si><t${space}>${esc(t)}</t></si>`);
      if (parts.length === 2000) {
        yield parts.join('');
        parts.length = 0;
      }
    }
    yield `${parts.join('')}</sst>`;
  }
}

/** The XML of rows [from, to) of a sheet (row 1 is the header, so data row i is r = i + 2). */
function rowsXml(
  sheet: XlsxSheet,
  refs: string[],
  from: number,
  to: number,
  sst: SharedStrings,
): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const r = i + 2;
    const row = sheet.rows[i]!;
    parts.push(`<row r="${r}">`);
    for (let j = 0; j < refs.length; j++) {
      const v = row[j];
      if (v === null || v === undefined || v === '') continue;
      if (typeof v === 'number' && Number.isFinite(v))
        parts.push(`<c r="${refs[j]}${r}" s="${STYLE_NUMBER}"><v>${v}</v></c>`);
      else
        parts.push(`<c r="${refs[j]}${r}" s="${STYLE_TEXT}" t="s"><v>${sst.of(String(v))}</v></c>`);
    }
    parts.push('</row>');
  }
  return parts.join('');
}

const encoder = new TextEncoder();
/** UTF-8 bytes of a string (the native encoder: faster than a JavaScript one). */
function strToU8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Sheets → the bytes of an .xlsx file. Rows are written in slices of `sliceRows`, yielding to
 * the event loop between slices and calling `onProgress(done, total)`.
 */
export async function writeXlsx(
  sheets: readonly XlsxSheet[],
  opts: XlsxOptions = {},
): Promise<Uint8Array> {
  if (!sheets.length) throw new Error('工作簿至少需要一个工作表');
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else chunks.push(data);
  });
  const level = opts.level ?? 1;
  const small = (path: string, text: string) => {
    const f = new ZipDeflate(path, { level });
    zip.add(f);
    f.push(strToU8(text), true);
  };
  const taken = new Set<string>();
  const names = sheets.map((s) => sheetName(s.name, taken));
  small('[Content_Types].xml', contentTypes(sheets.length));
  small('_rels/.rels', ROOT_RELS);
  small('docProps/core.xml', coreProps(opts.title ?? names[0]!, opts.created ?? new Date()));
  const app = new ZipPassThrough('docProps/app.xml');
  zip.add(app);
  app.push(strToU8(APP_PROPS), true);
  small('xl/workbook.xml', workbook(names, sheets));
  small('xl/_rels/workbook.xml.rels', workbookRels(sheets.length));
  small('xl/styles.xml', STYLES);

  const total = sheets.reduce((n, s) => n + s.rows.length, 0);
  const pause = opts.pause ?? yieldToPage;
  const slice = Math.max(1, opts.sliceRows ?? 500);
  let done = 0;
  const sst = new SharedStrings();
  for (const [k, sheet] of sheets.entries()) {
    const refs = sheet.columns.map((_, i) => columnName(i));
    const file = new ZipDeflate(`xl/worksheets/sheet${k + 1}.xml`, { level });
    zip.add(file);
    file.push(strToU8(sheetHead(sheet, widthsOf(sheet))));
    for (let from = 0; from < sheet.rows.length; from += slice) {
      const to = Math.min(from + slice, sheet.rows.length);
      file.push(strToU8(rowsXml(sheet, refs, from, to, sst)));
      done += to - from;
      opts.onProgress?.(done, total);
      await pause();
    }
    file.push(strToU8(sheetTail(sheet, opts)), true);
  }
  const strings = new ZipDeflate('xl/sharedStrings.xml', { level });
  zip.add(strings);
  // The shared strings (every distinct text of the workbook) are deflated a piece at a time
  // with yields between pieces, like the rows: in one go they were the export's longest task.
  for (const part of sst.xml()) {
    strings.push(strToU8(part));
    await pause();
  }
  strings.push(new Uint8Array(0), true);
  zip.end();
  if (failure) throw failure;
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
