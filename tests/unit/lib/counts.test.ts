/**
 * The statistics aggregate (lib/counts.ts) must equal a recount from the records after any
 * sequence of writes, through every write path, and roll back with a failed transaction.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportBackup, restoreBackup } from '@/lib/backup';
import {
  COUNTS_META_KEY,
  currentZone,
  recountFromRows,
  type CountCell,
  type CountMeta,
} from '@/lib/counts';
import type { GuishenDB } from '@/lib/db';
import { CONCLUSIONS, type ClassificationKind } from '@/lib/entities';
import {
  createRecord,
  deleteRecord,
  purgeDeleted,
  restoreRecord,
  updateRecord,
} from '@/lib/records';
import { computeStats, rebuildCounts } from '@/lib/stats';
// The shared seeded PRNG (mulberry32): a failing sequence can be replayed from its seed.
import { rng } from '../rules/helpers';
import { dbPerTest, recordInput, rejectWithQuota, storedRecord } from './fixtures';

const db = dbPerTest();
afterEach(() => {
  vi.restoreAllMocks();
});

/** The aggregate's cells as a map, and whether its meta row is valid here. */
async function aggregate(d: GuishenDB): Promise<{ cells: Map<string, number>; meta: unknown }> {
  const rows = await d.recordCounts.toArray();
  const cells = new Map<string, number>();
  for (const r of rows) if (r.key !== COUNTS_META_KEY) cells.set(r.key, (r as CountCell).n);
  return { cells, meta: rows.find((r) => r.key === COUNTS_META_KEY) };
}

async function expectConsistent(d: GuishenDB): Promise<void> {
  const { cells, meta } = await aggregate(d);
  expect(meta).toMatchObject({ zone: currentZone() });
  expect(cells).toEqual(recountFromRows(await d.records.toArray()));
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const KINDS: readonly ClassificationKind[] = ['normative', 'non-normative'];
/** Instants around month and year boundaries (local time), where off-by-one errors live. */
function instant(r: () => number): string {
  const y = pick(r, [2024, 2025]);
  const m = pick(r, [1, 2, 12]);
  const d = pick(r, [1, 15, 28]);
  const h = pick(r, [0, 12, 23]);
  return new Date(y, m - 1, d, h, pick(r, [0, 59])).toISOString();
}

describe('the statistics aggregate', () => {
  it('starts valid and empty on a new database', async () => {
    const d = db();
    expect(await aggregate(d)).toEqual({
      cells: new Map(),
      meta: { key: COUNTS_META_KEY, format: 1, zone: currentZone() },
    });
  });

  it('equals a recount after a random mix of every write path', async () => {
    const r = rng(20251231);
    const d = db();
    const other = db();
    // A colleague's log to merge and restore from, overlapping ours by id.
    await other.records.bulkAdd(
      Array.from({ length: 12 }, (_, i) =>
        storedRecord({
          id: `shared-${i}`,
          classification: pick(r, KINDS),
          conclusion: pick(r, CONCLUSIONS),
          reviewedAt: instant(r),
          updatedAt: '2099-01-01T00:00:00.000Z',
          deletedAt: i % 5 === 0 ? '2025-01-02T00:00:00.000Z' : null,
        }),
      ),
    );
    const theirs = await exportBackup(other, { extensionVersion: '0.1.0' });
    const ids: string[] = [];
    for (let step = 0; step < 60; step++) {
      const op = Math.floor(r() * 10);
      const id = ids.length ? pick(r, ids) : undefined;
      if (op <= 2 || !id) {
        const rec = await createRecord(
          d,
          recordInput({
            docNumber: `某政发〔2025〕${step}号`,
            classification: pick(r, KINDS),
            conclusion: pick(r, CONCLUSIONS),
            reviewedAt: instant(r),
          }),
        );
        ids.push(rec.id);
      } else if (op === 3) {
        await updateRecord(d, id, {
          classification: pick(r, KINDS),
          conclusion: pick(r, CONCLUSIONS),
          reviewedAt: instant(r),
        });
      } else if (op === 4) {
        await updateRecord(d, id, { opinion: `改${step}` }); // no count changes
      } else if (op === 5) {
        await deleteRecord(d, id);
      } else if (op === 6) {
        await restoreRecord(d, id);
      } else if (op === 7) {
        await purgeDeleted(d);
        ids.splice(0, ids.length, ...((await d.records.toCollection().primaryKeys()) as string[]));
      } else if (op === 8) {
        // Direct table writes (bulk loads, tests, future code) are counted too.
        const row = storedRecord({ reviewedAt: instant(r), conclusion: pick(r, CONCLUSIONS) });
        await d.records.bulkPut([row]);
        await d.records.update(row.id, { classification: 'normative' });
        ids.push(row.id);
      } else {
        const result = await restoreBackup(d, theirs, 'merge');
        expect(result.ok).toBe(true);
        for (let i = 0; i < 12; i++) if (!ids.includes(`shared-${i}`)) ids.push(`shared-${i}`);
      }
      await expectConsistent(d);
    }
    // Replace: the database becomes the colleague's file, and so do the counts.
    const mine = await exportBackup(d, { extensionVersion: '0.1.0' });
    expect((await restoreBackup(d, theirs, 'replace')).ok).toBe(true);
    await expectConsistent(d);
    expect((await restoreBackup(d, mine, 'replace')).ok).toBe(true);
    await expectConsistent(d);
    // Bulk deletes by primary-key range and by index are counted too.
    await d.records.where(':id').between('a', 'm').delete();
    await d.records.where('reviewedAt').below('2025-01-01').delete();
    await expectConsistent(d);
    await d.records.clear();
    await expectConsistent(d);
  });

  it('gives the same statistics as counting the index, for years and partial ranges', async () => {
    const r = rng(7);
    const d = db();
    await d.records.bulkAdd(
      Array.from({ length: 300 }, (_, i) =>
        storedRecord({
          classification: pick(r, KINDS),
          conclusion: pick(r, CONCLUSIONS),
          reviewedAt: instant(r),
          deletedAt: i % 17 === 0 ? '2025-06-01T00:00:00.000Z' : null,
        }),
      ),
    );
    const periods = [
      { kind: 'year', year: 2024 },
      { kind: 'year', year: 2025 },
      { kind: 'range', from: '2024-01-15', to: '2025-02-14' },
      { kind: 'range', from: '2024-12-31', to: '2025-01-01' },
      { kind: 'range', from: '2025-02-28', to: '2025-02-28' },
    ] as const;
    for (const period of periods) {
      const fast = await computeStats(d, period);
      const slow = await computeStats(d, period, { source: 'index' });
      expect(fast).toEqual(slow);
    }
    expect((await computeStats(d, { kind: 'year', year: 2025 })).total).toBeGreaterThan(0);
  });

  it('rolls back with the transaction when a write fails (quota), and stays exact', async () => {
    const d = db();
    await createRecord(d, recordInput({ text: '旧' }));
    const before = await aggregate(d);
    vi.spyOn(d.docVersions, 'add').mockImplementation(rejectWithQuota);
    await expect(createRecord(d, recordInput({ text: '新' }))).rejects.toMatchObject({
      code: 'quota',
    });
    expect(await aggregate(d)).toEqual(before);
    await expectConsistent(d);
  });

  it('counts only the rows a bulk write really stored (a duplicate key fails alone)', async () => {
    const d = db();
    await d.records.add(storedRecord({ id: 'dup' }));
    await d.transaction('rw', d.records, async () => {
      await d.records
        .bulkAdd([storedRecord({ id: 'new-1' }), storedRecord({ id: 'dup' })])
        .catch(() => {}); // the BulkError is handled, so the transaction commits new-1
    });
    expect(await d.records.count()).toBe(2);
    await expectConsistent(d);
  });

  it('is not trusted in another time zone, and statistics rebuild it', async () => {
    const d = db();
    await d.records.bulkAdd([storedRecord({ reviewedAt: '2025-06-01T02:00:00.000Z' })]);
    const foreign: CountMeta = { key: COUNTS_META_KEY, format: 1, zone: 'Mars/Olympus' };
    await d.recordCounts.put(foreign);
    await d.records.add(storedRecord({ reviewedAt: '2025-07-01T02:00:00.000Z' }));
    // The write did not apply a difference to cells of another zone: it dropped the meta row.
    expect((await aggregate(d)).meta).toBeUndefined();
    const stats = await computeStats(d, { kind: 'year', year: 2025 });
    expect(stats.total).toBe(2);
    await expectConsistent(d);
    await d.recordCounts.clear();
    await rebuildCounts(d);
    await expectConsistent(d);
  });
});
