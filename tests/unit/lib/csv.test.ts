import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  BOM,
  CSV_CHUNK,
  CSV_COLUMNS,
  csvFileName,
  exportCsv,
  FORMULA_PREFIX,
  recordsToCsv,
} from '@/lib/csv';
import { rangeInstants } from '@/lib/dates';
import type { RecordRow } from '@/lib/entities';
import { dbPerTest, storedRecord } from './fixtures';

const newDb = dbPerTest();

/** Parse our CSV back the way a careful reader would (strip the BOM first). */
function parse(csv: string): string[][] {
  expect(csv.startsWith(BOM)).toBe(true);
  const result = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

const col = (header: string) => CSV_COLUMNS.findIndex((c) => c.header === header);

describe('CSV export', () => {
  it('starts with a UTF-8 BOM, has Chinese headers and CRLF line ends', () => {
    const csv = recordsToCsv([storedRecord({ title: '某市行政规范性文件管理办法' })]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parse(csv);
    expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.header));
    expect(rows[0]?.slice(0, 9)).toEqual([
      '审查日期',
      '文件名称',
      '起草单位',
      '收到日期',
      '审查时限',
      '发文字号',
      '登记号',
      '文件类别',
      '审查结论',
    ]);
    expect(rows[1]?.[col('文件名称')]).toBe('某市行政规范性文件管理办法');
    expect(rows[1]?.[col('文件类别')]).toBe('非规范性文件');
  });

  it('has the signing date and the publication date as columns, empty for older records', () => {
    const csv = recordsToCsv([
      storedRecord({
        facts: {
          signedDate: '2025-03-01',
          publishDate: '2025-03-05',
          effectiveDate: '2025-04-05',
          validity: { years: 5, until: null, expiry: '2030-04-04' },
        },
      }),
      storedRecord(),
    ]);
    const rows = parse(csv);
    expect([rows[1]?.[col('成文日期')], rows[1]?.[col('公布日期')]]).toEqual([
      '2025-03-01',
      '2025-03-05',
    ]);
    expect([rows[2]?.[col('成文日期')], rows[2]?.[col('公布日期')]]).toEqual(['', '']);
    expect(col('成文日期')).toBeLessThan(col('施行日期'));
  });

  it('has the written opinion’s item count and conclusion, empty for records without one', () => {
    const csv = recordsToCsv([
      storedRecord({ opinionRef: { hash: 'c'.repeat(64), items: 3, conclusion: '不予通过' } }),
      storedRecord(),
    ]);
    const rows = parse(csv);
    expect([rows[1]?.[col('意见书条数')], rows[1]?.[col('意见书结论')]]).toEqual(['3', '不予通过']);
    expect([rows[2]?.[col('意见书条数')], rows[2]?.[col('意见书结论')]]).toEqual(['', '']);
  });

  it('quotes commas, quotes and line breaks per RFC 4180 and reads them back intact', () => {
    const opinion = '第一，删除"罚款"条款,\r\n第二，补充有效期。\n第三行';
    const csv = recordsToCsv([storedRecord({ opinion })]);
    expect(csv).toContain('"第一，删除""罚款""条款,\r\n第二，补充有效期。\n第三行"');
    expect(parse(csv)[1]?.[col('审查意见')]).toBe(opinion);
  });

  it.each([
    ['=HYPERLINK("http://x.example","点我")'],
    ['+1+2'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['   =1+1'],
    [" \u3000+cmd|' /C calc'!A0"],
  ])('neutralises the formula %j with a leading apostrophe', (danger) => {
    const rows = parse(
      recordsToCsv([storedRecord({ opinion: danger, title: danger, reviewer: danger })]),
    );
    for (const header of ['审查意见', '文件名称', '审查人']) {
      const cell = rows[1]?.[col(header)];
      expect(cell).toBe(`'${danger}`);
    }
  });

  it('leaves ordinary text, including inner = and -, alone', () => {
    const rows = parse(recordsToCsv([storedRecord({ opinion: '有效期-5年，a=b' })]));
    expect(rows[1]?.[col('审查意见')]).toBe('有效期-5年，a=b');
  });

  it('exports the office fields and the reason of a guarded conclusion', () => {
    const rows = parse(
      recordsToCsv([
        storedRecord({
          title: '关于公开征求《银湖市养犬管理办法（征求意见稿）》意见的公告',
          docTitle: '银湖市养犬管理办法（征求意见稿）',
          drafter: '银湖市公安局',
          receivedDate: '2025-05-06',
          dueDate: '2025-05-27',
          office: '银湖市司法局',
          conclusionReason: '罚款条款系转述上位法',
        }),
      ]),
    );
    const row = rows[1]!;
    expect(row[col('文件名称')]).toBe('银湖市养犬管理办法（征求意见稿）');
    expect(row[col('页面标题')]).toContain('关于公开征求');
    expect(row[col('起草单位')]).toBe('银湖市公安局');
    expect(row[col('收到日期')]).toBe('2025-05-06');
    expect(row[col('审查时限')]).toBe('2025-05-27');
    expect(row[col('审查机构')]).toBe('银湖市司法局');
    expect(row[col('结论理由')]).toBe('罚款条款系转述上位法');
  });

  it('keeps a 20-digit id and a leading zero as text, digits intact', () => {
    const rows = parse(
      recordsToCsv([
        storedRecord({ registrationNumber: '12345678901234567890' }),
        storedRecord({ registrationNumber: '0012' }),
        storedRecord({ registrationNumber: 'HNSG-2025-00012' }),
      ]),
    );
    const cells = rows.slice(1).map((r) => r[col('登记号')]);
    expect(cells[0]).toBe('12345678901234567890\t');
    expect(cells[0]?.trim()).toBe('12345678901234567890');
    expect(cells[1]).toBe('0012\t');
    expect(cells[2]).toBe('HNSG-2025-00012');
    // A spreadsheet-like reader that types numbers would still not get a number for it.
    const typed = Papa.parse<unknown[]>(
      recordsToCsv([storedRecord({ registrationNumber: '12345678901234567890' })]).slice(1),
      {
        dynamicTyping: true,
        skipEmptyLines: true,
      },
    );
    expect(typeof typed.data[1]?.[col('登记号')]).toBe('string');
  });

  it('exports the live log filtered by date range and classification, oldest first', async () => {
    const db = newDb();
    await db.records.bulkAdd([
      storedRecord({
        id: 'b',
        title: '乙',
        reviewedAt: '2025-05-01T02:00:00.000Z',
        classification: 'normative',
      }),
      storedRecord({ id: 'a', title: '甲', reviewedAt: '2025-02-01T02:00:00.000Z' }),
      storedRecord({ id: 'old', title: '旧', reviewedAt: '2024-02-01T02:00:00.000Z' }),
      storedRecord({
        id: 'del',
        title: '删',
        reviewedAt: '2025-03-01T02:00:00.000Z',
        deletedAt: '2025-03-02T00:00:00.000Z',
      }),
    ]);
    const year = { from: '2025-01-01', to: '2025-12-31' };
    const titles = async (f: Parameters<typeof exportCsv>[1]) =>
      parse(await exportCsv(db, f))
        .slice(1)
        .map((r) => r[col('文件名称')]);
    expect(await titles({ range: year })).toEqual(['甲', '乙']);
    expect(await titles({ range: year, classification: 'normative' })).toEqual(['乙']);
    expect(await titles({})).toEqual(['旧', '甲', '乙']);
    expect(csvFileName({ range: year, classification: 'normative' })).toBe(
      '审查台账_2025-01-01_2025-12-31_行政规范性文件.csv',
    );
  });
});

describe('CSV export in chunks', () => {
  /** The export as it was before chunking: one papaparse call over objects with `fields`. */
  function oneCall(rows: readonly RecordRow[]): string {
    const data = rows.map((r) => CSV_COLUMNS.map((c) => c.cell(r)));
    return (
      BOM +
      Papa.unparse(
        { fields: CSV_COLUMNS.map((c) => c.header), data },
        { newline: '\r\n', escapeFormulae: FORMULA_PREFIX, quotes: false },
      ) +
      '\r\n'
    );
  }

  const nasty = ['=1+1', ' -2', '"引号",逗号', '换行\r\n第二行', '@x', '\t=y', '普通文字', ''];
  /** More than two chunks, with dangerous cells, ties on reviewedAt and a few binned rows. */
  function manyRows(chunk = CSV_CHUNK): RecordRow[] {
    return Array.from({ length: chunk * 2 + 321 }, (_, i) =>
      storedRecord({
        id: `r-${String((i * 7919) % 100_003).padStart(6, '0')}`,
        title: `文件${i}${nasty[i % nasty.length]}`,
        opinion: nasty[(i + 3) % nasty.length],
        registrationNumber: i % 11 === 0 ? `0${i}` : null,
        classification: i % 3 === 0 ? 'normative' : 'non-normative',
        // Runs of one instant longer than a chunk (ties are ordered by id).
        reviewedAt: new Date(
          Date.UTC(2024, 0, 1) + Math.floor(i / (chunk * 1.2)) * 86_400_000 * 40,
        ).toISOString(),
        deletedAt: i % 997 === 0 ? '2025-01-01T00:00:00.000Z' : null,
      }),
    );
  }

  it('writes exactly what one papaparse call over all rows writes', () => {
    const rows = manyRows();
    expect(recordsToCsv(rows)).toBe(oneCall(rows));
    // No records: the header line alone. (One call with `fields` and no data used to add an
    // empty line after it, which a reader without skipEmptyLines takes for a blank record.)
    expect(recordsToCsv([])).toBe(`${BOM}${CSV_COLUMNS.map((c) => c.header).join(',')}\r\n`);
    expect(oneCall([])).toBe(`${recordsToCsv([])}\r\n`);
  });

  it('exports the same file as reading everything through the index at once', async () => {
    const db = newDb();
    // Chunks of 100 rows here (the real size only makes the test slow; the logic is the same).
    const chunk = 100;
    await db.records.bulkAdd(manyRows(chunk));
    const live = (rows: RecordRow[]) => rows.filter((r) => r.deletedAt === null);
    expect(await exportCsv(db, {}, chunk)).toBe(
      oneCall(live(await db.records.orderBy('reviewedAt').toArray())),
    );
    const range = { from: '2024-01-01', to: '2024-03-31' };
    const [lower, upper] = rangeInstants(range);
    expect(await exportCsv(db, { range }, chunk)).toBe(
      oneCall(
        live(await db.records.where('reviewedAt').between(lower, upper, true, false).toArray()),
      ),
    );
    expect(await exportCsv(db, { classification: 'normative' }, chunk)).toBe(
      oneCall(
        live(
          await db.records
            .where('[classification+reviewedAt]')
            .between(['normative', ''], ['normative', '\uffff'])
            .toArray(),
        ),
      ),
    );
  });
});
