/**
 * The reviewer's 公平竞争审查 conclusion is its own column of the log's exports: records saved
 * the way the popup and side panel save them, exported from the database as CSV (read back
 * with papaparse) and as .xlsx (read back with exceljs), each row saying what was recorded.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOM, CSV_COLUMNS, exportCsv } from '@/lib/csv';
import { exportLogXlsx } from '@/lib/export/books';
import type { ReviewRecord } from '@/lib/entities';
import { createRecord } from '@/lib/records';
import { competitionLabel } from '@/rules/competition';
import { dbPerTest, recordInput } from './fixtures';

const newDb = dbPerTest();

const CASES: Array<[string, ReviewRecord['competition'], string]> = [
  ['符合', { concerns: true, conclusion: '符合' }, '符合'],
  ['不符合', { concerns: true, conclusion: '不符合' }, '不符合'],
  [
    '适用例外 with the exception claimed',
    {
      concerns: true,
      conclusion: '适用例外',
      exception: '第十二条第（三）项：救灾救助，实施至2027年底',
    },
    '适用例外：第十二条第（三）项：救灾救助，实施至2027年底',
  ],
  ['适用例外 without a text', { concerns: true, conclusion: '适用例外' }, '适用例外'],
  ['concerns business, no conclusion yet', { concerns: true, conclusion: null }, '未作结论'],
  ['does not concern business', { concerns: false, conclusion: null }, '不涉及'],
  ['no 公平竞争审查 recorded (older record)', undefined, ''],
];

/** Saves one record per case, a day apart, oldest first (the exports' order). */
async function saved() {
  const db = newDb();
  for (const [i, [what, competition]] of CASES.entries()) {
    await createRecord(
      db,
      recordInput({
        title: what,
        docNumber: `某政发〔2026〕${i + 1}号`,
        reviewedAt: new Date(Date.UTC(2026, 2, 1 + i, 2)).toISOString(),
        ...(competition ? { competition } : {}),
      }),
    );
  }
  return db;
}

const col = CSV_COLUMNS.findIndex((c) => c.header === '公平竞争审查');

describe('the 公平竞争审查 column of the log exports', () => {
  it('sits right after 审查结论', () => {
    expect(CSV_COLUMNS[col - 1]!.header).toBe('审查结论');
  });

  it('reads back from the CSV as recorded, one row per record', async () => {
    const csv = await exportCsv(await saved());
    expect(csv.startsWith(BOM)).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header![col]).toBe('公平竞争审查');
    expect(rows.map((r) => [r[1], r[col]])).toEqual(CASES.map(([what, , cell]) => [what, cell]));
  });

  it('reads back from the .xlsx as recorded, one row per record', async () => {
    const bytes = await exportLogXlsx(await saved(), {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('审查台账')!;
    expect(ws.getRow(1).getCell(col + 1).value).toBe('公平竞争审查');
    // The .xlsx lists what the log page shows (newest first): match rows by their title.
    const title = CSV_COLUMNS.findIndex((c) => c.header === '文件名称');
    const byTitle = new Map<unknown, unknown>();
    for (let n = 2; n <= ws.rowCount; n++) {
      const v = ws.getRow(n).getCell(col + 1).value;
      byTitle.set(ws.getRow(n).getCell(title + 1).value, v === null || v === undefined ? '' : v);
    }
    expect(byTitle.size).toBe(CASES.length);
    for (const [what, , cell] of CASES) expect(byTitle.get(what), what).toBe(cell);
  });

  it('is shortened in the log table, the exception kept for the tooltip and the record', () => {
    const c = CASES[2]![1];
    expect(competitionLabel(c, false)).toBe('适用例外');
    expect(competitionLabel(c)).toBe(CASES[2]![2]);
  });
});
