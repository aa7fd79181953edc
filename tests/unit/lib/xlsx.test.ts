/**
 * The .xlsx writer and the books' workbooks, read back with a real reader (exceljs, a
 * devDependency used only here) and, for the zip itself, with fflate's unzip.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, REGISTER_CSV_COLUMNS } from '@/lib/csv';
import {
  exportLogXlsx,
  LOG_PRINT_COLUMNS,
  logXlsxFileName,
  recordsToXlsx,
  registerToXlsx,
  registerXlsxFileName,
  type ExportProgress,
} from '@/lib/export/books';
import {
  cellText,
  columnName,
  displayWidth,
  safeFileName,
  writeXlsx,
  type XlsxSheet,
} from '@/lib/export/xlsx';
import type { RegisterEntry } from '@/lib/register';
import { dbPerTest, storedRecord } from './fixtures';

const newDb = dbPerTest();

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs types its argument as an old Node Buffer; it reads any ArrayBuffer view.
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

/** Row `n` (1-based) of a sheet as plain values, empty cells as ''. */
function rowValues(ws: ExcelJS.Worksheet, n: number, width: number): unknown[] {
  const row = ws.getRow(n);
  return Array.from({ length: width }, (_, i) => {
    const v = row.getCell(i + 1).value;
    return v === null || v === undefined ? '' : v;
  });
}

const col = (header: string) => CSV_COLUMNS.findIndex((c) => c.header === header);

function sheet(rows: XlsxSheet['rows'], over: Partial<XlsxSheet> = {}): XlsxSheet {
  return {
    name: '表',
    columns: [{ header: '名称' }, { header: '数量' }],
    rows,
    ...over,
  };
}

describe('xlsx writer', () => {
  it('names columns A…Z, AA…', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('counts Chinese and full-width characters as two columns of width', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('审查台账')).toBe(8);
    expect(displayWidth('〔2025〕')).toBe(8);
    expect(displayWidth('（一）')).toBe(6);
  });

  it('writes text and number cells that a real reader gets back as written', async () => {
    const wb = await read(
      await writeXlsx([
        sheet([
          ['某市行政规范性文件管理办法', 3],
          ['  前后空格  ', 0],
          ['第一行\n第二行', -1.5],
          ['=SUM(A1:A2)', null],
          ['<b>&amp;"引号"</b>', ''],
          ['12345678901234567890', 7],
        ]),
      ]),
    );
    const ws = wb.getWorksheet('表')!;
    expect(rowValues(ws, 1, 2)).toEqual(['名称', '数量']);
    expect(rowValues(ws, 2, 2)).toEqual(['某市行政规范性文件管理办法', 3]);
    expect(rowValues(ws, 3, 2)).toEqual(['  前后空格  ', 0]);
    expect(rowValues(ws, 4, 2)).toEqual(['第一行\n第二行', -1.5]);
    // A string is never a formula in the file.
    expect(rowValues(ws, 5, 2)).toEqual(['=SUM(A1:A2)', '']);
    expect(ws.getCell('A5').type).toBe(ExcelJS.ValueType.String);
    expect(rowValues(ws, 6, 2)).toEqual(['<b>&amp;"引号"</b>', '']);
    // A long digit string stays text, every digit intact.
    expect(ws.getCell('A7').value).toBe('12345678901234567890');
  });

  it('freezes the header row, sets widths and prints A4 landscape, one page wide', async () => {
    const wb = await read(
      await writeXlsx(
        [sheet([['银湖市养犬管理办法（征求意见稿）', 1]], { printTitle: '审查台账' })],
        {
          office: '银湖市司法局',
        },
      ),
    );
    const ws = wb.getWorksheet('表')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // 名称 is as wide as its longest Chinese cell (16 characters × 2 + 2), within the cap.
    expect(ws.getColumn(1).width).toBe(24);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(6);
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(ws.headerFooter.oddHeader).toContain('银湖市司法局');
    expect(ws.headerFooter.oddHeader).toContain('审查台账');
    expect(ws.headerFooter.oddFooter).toContain('&P');
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getCell('A2').alignment?.wrapText).toBe(true);
  });

  it('repeats the header row on every printed page and limits the print area when asked', async () => {
    const bytes = await writeXlsx([
      sheet([['甲', 1]], {
        columns: [{ header: '名称' }, { header: '数量' }, { header: '备注' }],
        printColumns: 2,
      }),
    ]);
    const xml = strFromU8(unzipSync(bytes)['xl/workbook.xml']!);
    expect(xml).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">'表'!$1:$1`);
    expect(xml).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="0">'表'!$A$1:$B$2`);
  });

  it.each([
    ['a control character', '标题\u0001尾', '标题_x0001_尾'],
    ['a vertical tab from Word', '第一条\u000B第二条', '第一条_x000B_第二条'],
    ['a literal escape-like text', '编号_x0041_', '编号_x005F_x0041_'],
    ['a lone surrogate', '文\uD800件', '文\uFFFD件'],
    ['U+FFFF', '文\uFFFF件', '文_xFFFF_件'],
  ])('writes %s as ECMA-376 escapes, so the XML stays valid', (_, input, escaped) => {
    expect(cellText(input)).toBe(escaped);
  });

  it('stores a text repeated in many cells once, and every cell reads back as written', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [i % 3 ? '修改后通过' : `第${i}号`, i]);
    const bytes = await writeXlsx([sheet(rows)]);
    const strings = strFromU8(unzipSync(bytes)['xl/sharedStrings.xml']!);
    expect(strings.split('<si>').length - 1).toBe(101);
    expect(strings).toContain('count="300" uniqueCount="101"');
    const ws = (await read(bytes)).getWorksheet('表')!;
    for (const i of [0, 1, 2, 150, 299]) expect(rowValues(ws, i + 2, 2)).toEqual(rows[i]);
  });

  it('writes a title with XML-invalid characters into a file every reader opens', async () => {
    const title = '关于\u0001印发\u000B《办法》_x0041_的通知';
    const bytes = await writeXlsx([sheet([[title, 1]], { name: '台账[1]/2?' })], {
      title,
      office: '司法局 & 法制科',
    });
    const files = unzipSync(bytes);
    const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']!);
    // Cell text is in the shared-string table.
    const strings = strFromU8(files['xl/sharedStrings.xml']!);
    expect(sheetXml + strings).not.toMatch(/[\u0001\u000B]/);
    expect(strings).toContain('关于_x0001_印发_x000B_《办法》_x005F_x0041_的通知');
    // The header/footer code character is doubled, the sheet name made valid.
    expect(sheetXml).toContain('司法局 &amp;&amp; 法制科');
    const wb = await read(bytes);
    expect(wb.worksheets[0]!.name).toBe('台账_1__2_');
    expect(strFromU8(files['docProps/core.xml']!)).toContain(
      '<dc:title>关于印发《办法》_x0041_的通知</dc:title>',
    );
  });

  it('makes two sheets of the same name unique and gives an empty name a default', async () => {
    const wb = await read(
      await writeXlsx([
        sheet([], { name: '台账' }),
        sheet([], { name: '台账' }),
        sheet([], { name: '  ' }),
      ]),
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['台账', '台账(2)', 'Sheet']);
  });

  it('refuses a workbook without sheets', async () => {
    await expect(writeXlsx([])).rejects.toThrow('至少需要一个工作表');
  });

  it('reports progress slice by slice and yields between slices', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => [`文件${i}`, i]);
    const seen: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await writeXlsx([sheet(rows)], { sliceRows: 500, onProgress: (done) => seen.push(done) });
    clearInterval(timer);
    expect(seen).toEqual([500, 1000, 1500, 2000, 2500]);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('file names', () => {
  it.each([
    ['审查台账_2025-01-01_2025-12-31', '审查台账_2025-01-01_2025-12-31.xlsx'],
    ['关于《a/b》的通知: "草案"?', '关于《a_b》的通知_ _草案__.xlsx'],
    ['标题\u0001\u0007尾', '标题尾.xlsx'],
    ['尾部点和空格. . ', '尾部点和空格.xlsx'],
    ['CON', 'CON_.xlsx'],
    ['', '导出.xlsx'],
  ])('makes %j a valid file name', (input, out) => {
    expect(safeFileName(input, 'xlsx')).toBe(out);
  });

  it('keeps a very long title to 120 characters before the extension', () => {
    expect(safeFileName('长'.repeat(300), 'xlsx')).toBe(`${'长'.repeat(120)}.xlsx`);
  });

  it('names the books as the CSV files do', () => {
    expect(logXlsxFileName({ from: '2025-01-01', to: '2025-12-31' })).toBe(
      '审查台账_2025-01-01_2025-12-31.xlsx',
    );
    expect(logXlsxFileName()).toBe('审查台账.xlsx');
    expect(registerXlsxFileName('2026-11-27')).toBe('有效期台账_2026-11-27.xlsx');
  });
});

describe('the log and the register as .xlsx', () => {
  it('has the CSV columns, 行政规范性文件 as the class, typed counts and text ids', async () => {
    const wb = await read(
      await recordsToXlsx(
        [
          storedRecord({
            title: '关于公开征求《银湖市养犬管理办法（征求意见稿）》意见的公告',
            docTitle: '银湖市养犬管理办法（征求意见稿）',
            classification: 'normative',
            registrationNumber: '12345678901234567890',
            drafter: '银湖市公安局',
            office: '银湖市司法局',
            conclusionReason: '罚款条款系转述上位法',
            findingCounts: { error: 3, warning: 2, info: 0 },
          }),
        ],
        { office: '银湖市司法局' },
      ),
    );
    const ws = wb.getWorksheet('审查台账')!;
    expect(rowValues(ws, 1, CSV_COLUMNS.length)).toEqual(CSV_COLUMNS.map((c) => c.header));
    const row = rowValues(ws, 2, CSV_COLUMNS.length);
    expect(row[col('文件名称')]).toBe('银湖市养犬管理办法（征求意见稿）');
    expect(row[col('文件类别')]).toBe('行政规范性文件');
    expect(row[col('登记号')]).toBe('12345678901234567890');
    expect(row[col('错误')]).toBe(3);
    expect(row[col('提示')]).toBe(0);
    expect(row[col('结论理由')]).toBe('罚款条款系转述上位法');
    expect(ws.headerFooter.oddHeader).toContain('银湖市司法局');
    // The reviewing columns print; the technical ones stay on screen only.
    expect(CSV_COLUMNS[LOG_PRINT_COLUMNS - 1]!.header).toBe('审查轮次');
    expect(ws.pageSetup.printArea).toBe(`A1:${columnName(LOG_PRINT_COLUMNS - 1)}2`);
    expect(ws.pageSetup.printTitlesRow).toBe('1:1');
  });

  it('exports exactly what the log page filters, with progress for reading and writing', async () => {
    const db = newDb();
    await db.records.bulkAdd([
      storedRecord({ id: 'a', title: '养犬管理办法', reviewedAt: '2025-03-01T02:00:00.000Z' }),
      storedRecord({ id: 'b', title: '燃气管理办法', reviewedAt: '2025-04-01T02:00:00.000Z' }),
      storedRecord({ id: 'c', title: '养犬补充通知', reviewedAt: '2025-05-01T02:00:00.000Z' }),
      storedRecord({ id: 'd', title: '养犬旧稿', deletedAt: '2025-06-01T00:00:00.000Z' }),
    ]);
    const progress: ExportProgress[] = [];
    const bytes = await exportLogXlsx(
      db,
      { query: '养犬', sort: 'reviewedAt', desc: false },
      { onProgress: (p) => progress.push(p) },
    );
    const ws = (await read(bytes)).getWorksheet('审查台账')!;
    const titles = [2, 3, 4].map((n) => ws.getRow(n).getCell(col('页面标题') + 1).value ?? '');
    expect(titles.filter(Boolean).sort()).toEqual(['养犬管理办法', '养犬补充通知']);
    expect(progress.some((p) => p.phase === 'read' && p.done === p.total)).toBe(true);
    expect(progress.at(-1)).toEqual({ phase: 'write', done: 2, total: 2 });
  });

  it('exports the register with its columns, days left as numbers', async () => {
    const entries: RegisterEntry[] = [
      {
        recordId: 'r1',
        docKey: 'k1',
        title: '银湖市燃气管理办法',
        docNumber: '银政规〔2021〕3号',
        registrationNumber: '0012',
        effectiveDate: '2021-05-01',
        expiry: '2026-04-30',
        evaluationFrom: '2025-10-30',
        daysLeft: -12,
        state: 'lapsed',
      },
    ];
    const ws = (await read(await registerToXlsx(entries))).getWorksheet('有效期台账')!;
    expect(rowValues(ws, 1, REGISTER_CSV_COLUMNS.length)).toEqual(
      REGISTER_CSV_COLUMNS.map((c) => c.header),
    );
    expect(rowValues(ws, 2, REGISTER_CSV_COLUMNS.length)).toEqual([
      '已失效',
      '银湖市燃气管理办法',
      '银政规〔2021〕3号',
      '0012',
      '2021-05-01',
      '2026-04-30',
      '2025-10-30',
      -12,
      'r1',
    ]);
  });
});
