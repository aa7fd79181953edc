import { describe, expect, it } from 'vitest';
import { computeStats, reportSentence } from '@/lib/stats';
import { deleteRecord } from '@/lib/records';
import type { Conclusion, RecordRow } from '@/lib/entities';
import { dbPerTest, storedRecord } from './fixtures';

const newDb = dbPerTest();

/** Local wall-clock time → stored UTC instant (the tests hold in any time zone). */
const at = (y: number, m: number, d: number, h = 10, min = 0) =>
  new Date(y, m - 1, d, h, min).toISOString();

/** The office's real year: 285 documents, 71 normative and 214 non-normative. */
function officeYear(): RecordRow[] {
  const rows: RecordRow[] = [];
  const conclusions: Conclusion[] = ['通过', '修改后通过', '不予通过'];
  for (let i = 0; i < 285; i++) {
    rows.push(
      storedRecord({
        classification: i < 71 ? 'normative' : 'non-normative',
        conclusion: conclusions[i % 10 === 0 ? 2 : i % 3 === 0 ? 1 : 0],
        reviewedAt: at(2025, (i % 12) + 1, (i % 28) + 1),
      }),
    );
  }
  return rows;
}

describe('statistics', () => {
  it('writes the annual report sentence for 285 / 71 / 214 exactly', async () => {
    const db = newDb();
    await db.records.bulkAdd(officeYear());
    const s = await computeStats(db, { kind: 'year', year: 2025 });
    expect(s.total).toBe(285);
    expect(s.normative).toBe(71);
    expect(s.nonNormative).toBe(214);
    expect(s.sentence).toBe('本年度共审查各类文件285件，其中行政规范性文件71件，非规范性文件214件');
  });

  it('counts by conclusion and by classification × conclusion', async () => {
    const db = newDb();
    const rows = officeYear();
    await db.records.bulkAdd(rows);
    const s = await computeStats(db, { kind: 'year', year: 2025 });
    const expected = { 通过: 0, 修改后通过: 0, 不予通过: 0 };
    for (const r of rows) expected[r.conclusion]++;
    expect(s.byConclusion).toEqual(expected);
    const normativeRejected = rows.filter(
      (r) => r.classification === 'normative' && r.conclusion === '不予通过',
    ).length;
    expect(s.byClassification.normative.不予通过).toBe(normativeRejected);
  });

  it('counts by month, with every month present', async () => {
    const db = newDb();
    await db.records.bulkAdd([
      storedRecord({ reviewedAt: at(2025, 1, 5), classification: 'normative' }),
      storedRecord({ reviewedAt: at(2025, 1, 31, 23, 59) }),
      storedRecord({ reviewedAt: at(2025, 3, 1, 0, 0) }),
    ]);
    const s = await computeStats(db, { kind: 'year', year: 2025 });
    expect(s.byMonth).toHaveLength(12);
    expect(s.byMonth[0]).toEqual({ month: '2025-01', total: 2, normative: 1, nonNormative: 1 });
    expect(s.byMonth[1]).toEqual({ month: '2025-02', total: 0, normative: 0, nonNormative: 0 });
    expect(s.byMonth[2]).toEqual({ month: '2025-03', total: 1, normative: 0, nonNormative: 1 });
  });

  it('puts a review late on 31 December (local time) in that year, not the next', async () => {
    const db = newDb();
    await db.records.bulkAdd([
      storedRecord({ reviewedAt: at(2025, 12, 31, 23, 30) }),
      storedRecord({ reviewedAt: at(2026, 1, 1, 0, 0) }),
      storedRecord({ reviewedAt: at(2024, 12, 31, 23, 59) }),
    ]);
    expect((await computeStats(db, { kind: 'year', year: 2025 })).total).toBe(1);
    expect((await computeStats(db, { kind: 'year', year: 2026 })).total).toBe(1);
  });

  it('leaves records in the recycle bin out of every count', async () => {
    const db = newDb();
    const rows = officeYear();
    await db.records.bulkAdd(rows);
    await deleteRecord(db, rows[0]!.id); // normative, 不予通过, January
    const s = await computeStats(db, { kind: 'year', year: 2025 });
    expect([s.total, s.normative, s.nonNormative]).toEqual([284, 70, 214]);
    expect(s.byClassification.normative.不予通过).toBe(
      rows.filter((r) => r.classification === 'normative' && r.conclusion === '不予通过').length -
        1,
    );
    expect(s.byMonth.reduce((n, m) => n + m.total, 0)).toBe(284);
  });

  it('handles a custom range across years with a dated sentence', async () => {
    const db = newDb();
    await db.records.bulkAdd([
      storedRecord({ reviewedAt: at(2024, 11, 30), classification: 'normative' }),
      storedRecord({ reviewedAt: at(2024, 12, 1), classification: 'normative' }),
      storedRecord({ reviewedAt: at(2025, 2, 28, 23, 0) }),
      storedRecord({ reviewedAt: at(2025, 3, 1) }),
    ]);
    const s = await computeStats(db, { kind: 'range', from: '2024-12-01', to: '2025-02-28' });
    expect(s.total).toBe(2);
    expect(s.byMonth.map((m) => [m.month, m.total])).toEqual([
      ['2024-12', 1],
      ['2025-01', 0],
      ['2025-02', 1],
    ]);
    expect(s.sentence).toBe(
      '2024年12月1日至2025年2月28日共审查各类文件2件，其中行政规范性文件1件，非规范性文件1件',
    );
  });

  it.each([
    [
      { kind: 'year', year: 2025 } as const,
      {},
      '本年度共审查各类文件0件，其中行政规范性文件0件，非规范性文件0件',
    ],
    [
      { kind: 'year', year: 2025 } as const,
      { yearLabel: 'explicit' } as const,
      '2025年度共审查各类文件0件，其中行政规范性文件0件，非规范性文件0件',
    ],
    [
      { kind: 'range', from: '2025-05-04', to: '2025-05-04' } as const,
      {},
      '2025年5月4日共审查各类文件0件，其中行政规范性文件0件，非规范性文件0件',
    ],
  ])('words the sentence for %o', (period, options, sentence) => {
    expect(reportSentence({ period, total: 0, normative: 0, nonNormative: 0 }, options)).toBe(
      sentence,
    );
  });

  it('refuses a range that ends before it starts', async () => {
    const db = newDb();
    await expect(
      computeStats(db, { kind: 'range', from: '2025-03-01', to: '2025-02-01' }),
    ).rejects.toThrow(/晚于/);
  });
});
