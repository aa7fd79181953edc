/**
 * The options page's log queries: paging from the indexes, the search snapshot (built,
 * persisted, caught up, rebuilt), exact totals, and the exports of the current view and the
 * validity register (parsed back with papaparse).
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportBackup, restoreBackup } from '@/lib/backup';
import { BOM, exportLogCsv, REGISTER_CSV_COLUMNS, registerToCsv } from '@/lib/csv';
import type { ClassificationKind, Conclusion } from '@/lib/entities';
import {
  deleteRecord,
  invalidateLogSnapshot,
  logSnapshot,
  purgeDeleted,
  queryLog,
  readySnapshot,
  restoreRecord,
  updateRecord,
  type LogQuery,
} from '@/lib/records';
import { validityRegister } from '@/lib/register';
import { dbPerTest, storedRecord } from './fixtures';

const newDb = dbPerTest();

const CONCLUSIONS: Conclusion[] = ['通过', '修改后通过', '不予通过'];
const REVIEWERS = ['张三', '李四', '王五'];

/** 300 records over 2024–2025, one every ~2.4 days, varied in every filtered column. */
async function populated(n = 300) {
  const db = newDb();
  const start = Date.UTC(2024, 0, 1, 2);
  await db.records.bulkAdd(
    Array.from({ length: n }, (_, i) => {
      const at = new Date(start + i * 2.4 * 86_400_000).toISOString();
      return storedRecord({
        id: `r${String(i).padStart(4, '0')}`,
        title: i === 123 ? '银湖市住宅专项维修资金使用管理实施细则' : `某市第${i}号文件`,
        docNumber: `某政发〔${at.slice(0, 4)}〕${i}号`,
        classification: (i % 4 === 0 ? 'normative' : 'non-normative') as ClassificationKind,
        conclusion: CONCLUSIONS[i % 3]!,
        reviewer: REVIEWERS[i % 3]!,
        opinion: i % 10 === 0 ? '建议删除罚款条款。' : '同意。',
        reviewedAt: at,
        createdAt: at,
        updatedAt: at,
      });
    }),
  );
  return db;
}

const base: LogQuery = { offset: 0, limit: 20 };

describe('the log from the indexes', () => {
  it('pages newest first from the index (no count), and answers date, classification and conclusion', async () => {
    const db = await populated();
    const first = await queryLog(db, base);
    // Counting 100,000 index entries takes seconds in Chromium: the index path reads the page only.
    expect(first).toMatchObject({ total: null, via: 'index' });
    expect(first.rows.map((r) => r.id).slice(0, 2)).toEqual(['r0299', 'r0298']);
    const last = await queryLog(db, { ...base, offset: 290 });
    expect(last.rows.map((r) => r.id).at(-1)).toBe('r0000');
    expect(last.total).toBe(300); // the last page knows where it ends

    const y2024 = { from: '2024-01-01', to: '2024-12-31' };
    const all2024 = (await queryLog(db, { ...base, range: y2024, limit: 1000 })).rows;
    expect(all2024.every((r) => r.reviewedAt < '2025')).toBe(true);
    const normative = await queryLog(db, { ...base, classification: 'normative', limit: 100 });
    expect(normative.total).toBe(75);
    const both = await queryLog(db, {
      ...base,
      classification: 'normative',
      conclusion: '通过',
      limit: 1000,
    });
    expect(
      both.rows.every((r) => r.classification === 'normative' && r.conclusion === '通过'),
    ).toBe(true);
    expect(both.total).toBe(both.rows.length);
    const rejected = await queryLog(db, { ...base, conclusion: '不予通过', limit: 200 });
    expect(rejected.total).toBe(100);
    // With the snapshot loaded, the same queries come with exact totals at once.
    await logSnapshot(db);
    expect(await queryLog(db, base)).toMatchObject({ total: 300, via: 'snapshot' });
    expect((await queryLog(db, { ...base, conclusion: '不予通过' })).total).toBe(100);
    expect((await queryLog(db, { ...base, classification: 'normative' })).total).toBe(75);
  });

  it('leaves deleted records out of pages and totals, and lists them in the bin', async () => {
    const db = await populated();
    await deleteRecord(db, 'r0299');
    await deleteRecord(db, 'r0150');
    const page = await queryLog(db, base);
    expect(page.rows[0]?.id).toBe('r0298');
    expect(page.rows.map((r) => r.id)).not.toContain('r0150');
    await logSnapshot(db);
    expect((await queryLog(db, base)).total).toBe(298);
    const bin = await queryLog(db, { ...base, status: 'deleted' });
    expect(bin.rows.map((r) => r.id)).toEqual(['r0299', 'r0150']);
    expect(bin.total).toBe(2);
  });
});

describe('the log snapshot', () => {
  it('searches title, 文号 and opinion, filters by reviewer, sorts, with exact totals', async () => {
    const db = await populated();
    // Before the snapshot: a scan that fills the page, total unknown.
    const scan = await queryLog(db, { ...base, query: '罚款' });
    expect(scan).toMatchObject({ via: 'scan', total: null });
    expect(scan.rows).toHaveLength(20);

    await logSnapshot(db);
    const search = await queryLog(db, { ...base, query: '罚款' });
    expect(search).toMatchObject({ via: 'snapshot', total: 30 });
    expect((await queryLog(db, { ...base, query: '维修资金' })).rows.map((r) => r.id)).toEqual([
      'r0123',
    ]);
    expect((await queryLog(db, { ...base, query: '〔2024〕12号' })).rows[0]?.id).toBe('r0012');
    const li = await queryLog(db, { ...base, reviewer: '李四', conclusion: '修改后通过' });
    expect(li.total).toBe(100);
    expect(li.rows.every((r) => r.reviewer === '李四')).toBe(true);
    const byTitle = await queryLog(db, { ...base, sort: 'title', desc: false, limit: 3 });
    const titles = byTitle.rows.map((r) => r.title);
    expect([...titles].sort()).toEqual(titles);
  });

  it('is persisted, and catches up with edits, deletes and restores made since', async () => {
    const db = await populated();
    await logSnapshot(db);
    expect(await db.logIndex.count()).toBe(2); // meta + one chunk
    await updateRecord(db, 'r0007', { opinion: '独一无二的意见' });
    expect((await queryLog(db, { ...base, query: '独一无二' })).rows.map((r) => r.id)).toEqual([
      'r0007',
    ]);
    await deleteRecord(db, 'r0007');
    expect((await queryLog(db, { ...base, query: '独一无二' })).total).toBe(0);
    await restoreRecord(db, 'r0007');
    expect((await queryLog(db, { ...base, query: '独一无二' })).total).toBe(1);
    // A fresh page (a new snapshot promise) reads the stored rows and catches up.
    await invalidateLogSnapshot(db);
    expect(readySnapshot(db)).toBeUndefined();
    const rebuilt = await logSnapshot(db);
    expect(rebuilt.size).toBe(300);
    expect((await queryLog(db, { ...base, query: '独一无二' })).total).toBe(1);
  });

  it('is dropped by a backup restore, whose rows may carry older stamps than it has seen', async () => {
    const db = await populated();
    const text = await exportBackup(db, { extensionVersion: '0.1.0' });
    await updateRecord(db, 'r0007', { opinion: '恢复后应消失的意见' });
    await logSnapshot(db);
    expect((await queryLog(db, { ...base, query: '恢复后应消失' })).total).toBe(1);
    expect((await restoreBackup(db, text, 'replace')).ok).toBe(true);
    expect(readySnapshot(db)).toBeUndefined();
    expect(await db.logIndex.count()).toBe(0);
    await logSnapshot(db);
    expect((await queryLog(db, { ...base, query: '恢复后应消失' })).total).toBe(0);
  });

  it('drops the snapshot when records are removed for good (purge, or behind its back)', async () => {
    const db = await populated();
    await logSnapshot(db);
    await deleteRecord(db, 'r0001');
    expect(await purgeDeleted(db)).toBe(1);
    expect(await db.logIndex.count()).toBe(0);
    await logSnapshot(db);
    expect((await queryLog(db, base)).total).toBe(299);
    // Removed without telling anyone: the next query notices the missing ids and rebuilds.
    await db.records.bulkDelete(['r0299', 'r0298']);
    const page = await queryLog(db, base);
    expect(page.rows[0]?.id).toBe('r0297');
    await logSnapshot(db);
    expect((await queryLog(db, base)).total).toBe(297);
  });

  it('exports the current view to CSV: every page, the filter and the search', async () => {
    const db = await populated();
    const csv = await exportLogCsv(db, { query: '罚款', classification: 'normative' });
    expect(csv.startsWith(BOM)).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]?.[1]).toBe('文件名称');
    expect(rows.length - 1).toBe(15);
    expect(rows.slice(1).every((r) => r.includes('行政规范性文件'))).toBe(true);
  });
});

describe('register CSV', () => {
  it('writes the register with Chinese headers and states, and reads back intact', async () => {
    const db = newDb();
    await db.records.bulkAdd([
      storedRecord({
        id: 'a',
        classification: 'normative',
        title: '=HYPERLINK("x") 管理办法',
        registrationNumber: '000123456789012',
        facts: {
          effectiveDate: '2020-01-01',
          validity: { years: 5, until: null, expiry: '2024-12-31' },
        },
      }),
      storedRecord({
        id: 'b',
        classification: 'normative',
        facts: {
          effectiveDate: '2021-03-01',
          validity: { years: 5, until: null, expiry: '2026-02-28' },
        },
      }),
    ]);
    const entries = await validityRegister(db, { today: '2025-10-01', dueMonths: 6 });
    const csv = registerToCsv(entries);
    expect(csv.startsWith(BOM)).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [head, ...rows] = parsed.data;
    expect(head).toEqual(REGISTER_CSV_COLUMNS.map((c) => c.header));
    expect(rows.map((r) => r[0])).toEqual(['已失效', '评估期']);
    expect(rows[0]?.[1]?.startsWith("'")).toBe(true); // formula neutralised
    expect(rows[0]?.[3]).toBe('000123456789012\t'); // kept as text
    expect(rows[1]?.[5]).toBe('2026-02-28');
  });
});
