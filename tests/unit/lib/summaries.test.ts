/**
 * The export summaries (lib/export/summary.ts): every log column reads the same cell from a
 * summary as from its record; the table equals the summaries of the records after any sequence
 * of writes, through every write path, and rolls back with a failed transaction; an export
 * never trusts a missing, stale or older-format summary.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportBackup, restoreBackup } from '@/lib/backup';
import { CSV_COLUMNS, exportCsv, exportLogCsv, exportLogCsvBlob, recordsToCsv } from '@/lib/csv';
import type { GuishenDB } from '@/lib/db';
import { CONCLUSIONS, type ClassificationKind, type RecordRow } from '@/lib/entities';
import { logCells } from '@/lib/export/books';
import {
  exportRecordOf,
  SUMMARY_FORMAT,
  summaryIsCurrent,
  summaryOf,
  type RecordSummary,
} from '@/lib/export/summary';
import {
  createRecord,
  deleteRecord,
  logSnapshot,
  purgeDeleted,
  restoreRecord,
  updateRecord,
} from '@/lib/records';
import { rng } from '../rules/helpers';
import { dbPerTest, recordInput, rejectWithQuota, storedRecord } from './fixtures';

const db = dbPerTest();
afterEach(() => {
  vi.restoreAllMocks();
});

/** The summaries table must be exactly the summaries of the records, row for row. */
async function expectInStep(d: GuishenDB): Promise<void> {
  const records = await d.records.toArray();
  expect(await d.recordSummaries.toArray()).toEqual(records.map(summaryOf));
}

/** An updatedAt a second after the row's (a newer version from the server). */
const nowLater = (r: RecordRow) => new Date(Date.parse(r.updatedAt) + 1000).toISOString();

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const KINDS: readonly ClassificationKind[] = ['normative', 'non-normative'];

/** Records with every field the columns read present, absent or awkward. */
const VARIED: RecordRow[] = [
  storedRecord({ id: 'bare' }),
  storedRecord({
    id: 'full',
    docTitle: '某市住宅专项维修资金管理办法',
    drafter: '市住房和城乡建设局',
    receivedDate: '2025-05-20',
    dueDate: '2025-06-10',
    office: '某市司法局',
    registrationNumber: '000123456789012',
    classification: 'normative',
    conclusion: '修改后通过',
    conclusionReason: '错误已另行说明',
    opinion: '=SUM(A1) 建议删除第五条。\n第二行',
    competition: { concerns: true, conclusion: '适用例外', exception: '维护国家安全' },
    opinionRef: { hash: 'd'.repeat(64), items: 3, conclusion: '修改后通过' },
    facts: {
      isDraft: false,
      commentDeadline: '2025-05-01',
      signedDate: '2025-05-30',
      publishDate: '2025-06-02',
      effectiveDate: '2025-07-01',
      validity: { years: 5, until: null, expiry: null },
    },
    findingCounts: { error: 2, warning: 1, info: 4 },
    packs: [
      { id: 'national', version: '1.7.0', sha256: 'a'.repeat(64) },
      { id: 'common-local', version: '1.2.0', sha256: 'b'.repeat(64) },
    ],
    history: [
      {
        reviewedAt: '2025-06-01T01:00:00.000Z',
        conclusion: '通过',
        opinion: '旧',
        reviewer: '张三',
      },
    ],
    file: { name: '办法.docx', format: 'docx', size: 1234, sha256: 'e'.repeat(64) },
    round: 2,
  }),
  storedRecord({
    id: 'until',
    facts: {
      effectiveDate: '2024-01-01',
      validity: { years: null, until: '2026-12-31', expiry: null },
    },
    competition: { concerns: false, conclusion: null },
    deletedAt: '2025-07-01T00:00:00.000Z',
  }),
];

describe('the export summary', () => {
  it.each(VARIED.map((r) => [r.id, r] as const))(
    'gives every CSV and .xlsx column the cell its record gives (%s)',
    (_, r) => {
      const s = exportRecordOf(summaryOf(r));
      expect(CSV_COLUMNS.map((c) => c.cell(s))).toEqual(CSV_COLUMNS.map((c) => c.cell(r)));
      expect(logCells(s)).toEqual(logCells(r));
      expect(recordsToCsv([s])).toBe(recordsToCsv([r]));
    },
  );

  it('leaves out what the exports never read (findings history, file, hashes, document key)', () => {
    const full = VARIED[1]!;
    const stored = summaryOf(full);
    // Stored: the key, the two indexed fields, the format and the values (format 2).
    expect(Object.keys(stored).sort()).toEqual([
      'a',
      'classification',
      'id',
      'p',
      'reviewedAt',
      'v',
    ]);
    expect(stored.v).toBe(SUMMARY_FORMAT);
    const s = exportRecordOf(stored) as Record<string, unknown>;
    for (const k of ['history', 'file', 'docKey', 'textHash', 'createdAt', 'extensionVersion'])
      expect(s).not.toHaveProperty(k);
    expect(s.packs).toEqual([
      { id: 'national', version: '1.7.0' },
      { id: 'common-local', version: '1.2.0' },
    ]);
    expect(s.opinionRef).toEqual({ items: 3, conclusion: '修改后通过' });
    expect(s.competition).toEqual(full.competition);
    expect(s.facts).toEqual({
      signedDate: full.facts.signedDate,
      publishDate: full.facts.publishDate,
      effectiveDate: full.facts.effectiveDate,
      validity: full.facts.validity,
    });
    // Absent optional fields stay absent (no `undefined` keys given back).
    const bare = exportRecordOf(summaryOf(VARIED[0]!));
    expect(Object.keys(bare)).not.toContain('drafter');
    expect(Object.keys(bare)).not.toContain('competition');
    expect(Object.keys(bare)).not.toContain('opinionRef');
  });

  it.each(VARIED.map((r) => [r.id, r] as const))(
    'gives back every field the columns read, as the record holds it (%s)',
    (_, r) => {
      const s = exportRecordOf(summaryOf(r)) as Record<string, unknown>;
      const rec = r as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(s)) {
        // Projections (only the keys the columns read), compared in the test above.
        if (k === 'facts' || k === 'packs' || k === 'opinionRef') continue;
        expect(v).toEqual(rec[k]);
      }
      for (const k of ['title', 'docNumber', 'registrationNumber', 'opinion', 'reviewer', 'round'])
        expect(s[k]).toEqual(rec[k]);
    },
  );

  it('is never current in another format, or for another updatedAt', () => {
    const r = VARIED[1]!;
    const s = summaryOf(r);
    expect(summaryIsCurrent(s, r.updatedAt)).toBe(true);
    expect(summaryIsCurrent(s)).toBe(true);
    expect(summaryIsCurrent(s, '2000-01-01T00:00:00.000Z')).toBe(false);
    expect(summaryIsCurrent({ ...s, v: SUMMARY_FORMAT - 1 })).toBe(false);
    // A format 1 row (the fields as an object, version 9) is not read as values.
    const v1 = { ...exportRecordOf(s), v: 1 } as unknown as RecordSummary;
    expect(summaryIsCurrent(v1)).toBe(false);
    expect(summaryIsCurrent(undefined)).toBe(false);
  });
});

describe('the summaries table', () => {
  it('equals the summaries of the records after a random mix of every write path', async () => {
    const r = rng(20261207);
    const d = db();
    const other = db();
    await other.records.bulkAdd(
      Array.from({ length: 12 }, (_, i) =>
        storedRecord({
          id: `shared-${i}`,
          title: `同事的文件${i}`,
          classification: pick(r, KINDS),
          updatedAt: '2099-01-01T00:00:00.000Z',
          deletedAt: i % 5 === 0 ? '2025-01-02T00:00:00.000Z' : null,
        }),
      ),
    );
    const theirs = await exportBackup(other, { extensionVersion: '0.1.0' });
    const ids: string[] = [];
    for (let step = 0; step < 60; step++) {
      const op = Math.floor(r() * 11);
      const id = ids.length ? pick(r, ids) : undefined;
      if (op <= 2 || !id) {
        const rec = await createRecord(
          d,
          recordInput({
            docNumber: `某政发〔2025〕${step}号`,
            classification: pick(r, KINDS),
            conclusion: pick(r, CONCLUSIONS),
          }),
        );
        ids.push(rec.id);
      } else if (op === 3) {
        await updateRecord(d, id, { opinion: `改${step}`, conclusion: pick(r, CONCLUSIONS) });
      } else if (op === 4) {
        await deleteRecord(d, id);
      } else if (op === 5) {
        await restoreRecord(d, id);
      } else if (op === 6) {
        await purgeDeleted(d);
        ids.splice(0, ids.length, ...((await d.records.toCollection().primaryKeys()) as string[]));
      } else if (op === 7) {
        // Direct table writes: bulk loads, Table.update, Collection.modify.
        const row = storedRecord({ title: `直写${step}` });
        await d.records.bulkPut([row]);
        await d.records.update(row.id, { drafter: `起草${step}` });
        await d.records
          .where('reviewedAt')
          .above('')
          .modify({ office: `机构${step}` });
        ids.push(row.id);
      } else if (op === 8) {
        // What the office log's pull writes (lib/office/bridge.ts): a batch of rows and their
        // findings in one read-write transaction, newer rows replacing ours.
        const batch = [storedRecord({ title: `拉取${step}` })];
        const ours = await d.records.get(id);
        if (ours) batch.push({ ...ours, title: `服务器${step}`, updatedAt: nowLater(ours) });
        await d.transaction('rw', [d.records, d.recordFindings], async () => {
          await d.records.bulkPut(batch);
          await d.recordFindings.bulkPut(
            batch.map((b) => ({ recordId: b.id, findings: [], updatedAt: b.updatedAt })),
          );
        });
        ids.push(batch[0]!.id);
      } else if (op === 9) {
        // A hard delete of one record with its findings and texts.
        await d.transaction('rw', [d.records, d.recordFindings, d.docVersions], async () => {
          await d.records.bulkDelete([id]);
          await d.recordFindings.delete(id);
          await d.docVersions.where('recordId').equals(id).delete();
        });
        ids.splice(ids.indexOf(id), 1);
      } else {
        const result = await restoreBackup(d, theirs, 'merge');
        expect(result.ok).toBe(true);
        for (let i = 0; i < 12; i++) if (!ids.includes(`shared-${i}`)) ids.push(`shared-${i}`);
      }
      await expectInStep(d);
    }
    // Replace: the database becomes the colleague's file, and back.
    const mine = await exportBackup(d, { extensionVersion: '0.1.0' });
    expect((await restoreBackup(d, theirs, 'replace')).ok).toBe(true);
    await expectInStep(d);
    expect((await restoreBackup(d, mine, 'replace')).ok).toBe(true);
    await expectInStep(d);
    // Bulk deletes by primary-key range and by index, and clearing the table.
    await d.records.where(':id').between('a', 'm').delete();
    await d.records.where('reviewedAt').below('2025-06-01').delete();
    await expectInStep(d);
    await d.records.clear();
    await expectInStep(d);
    expect(await d.recordSummaries.count()).toBe(0);
  });

  it('rolls back with the transaction when a write fails (quota)', async () => {
    const d = db();
    await createRecord(d, recordInput({ text: '旧' }));
    const before = await d.recordSummaries.toArray();
    vi.spyOn(d.docVersions, 'add').mockImplementation(rejectWithQuota);
    await expect(createRecord(d, recordInput({ text: '新' }))).rejects.toMatchObject({
      code: 'quota',
    });
    expect(await d.recordSummaries.toArray()).toEqual(before);
    await expectInStep(d);
  });

  it('keeps only the rows a bulk write really stored (a duplicate key fails alone)', async () => {
    const d = db();
    await d.records.add(storedRecord({ id: 'dup', title: '原来的' }));
    await d.transaction('rw', d.records, async () => {
      await d.records
        .bulkAdd([storedRecord({ id: 'new-1' }), storedRecord({ id: 'dup', title: '重复的' })])
        .catch(() => {}); // the BulkError is handled, so the transaction commits new-1
    });
    await expectInStep(d);
    expect(exportRecordOf((await d.recordSummaries.get('dup'))!).title).toBe('原来的');
  });
});

describe('exports over the summaries', () => {
  /** 60 records; the log's CSV as the records themselves would give it. */
  async function log() {
    const d = db();
    const start = Date.UTC(2025, 0, 1, 2);
    await d.records.bulkAdd(
      Array.from({ length: 60 }, (_, i) => {
        const at = new Date(start + i * 86_400_000).toISOString();
        return storedRecord({
          id: `r${String(i).padStart(3, '0')}`,
          title: i % 7 === 0 ? `罚款办法${i}` : `文件${i}`,
          classification: i % 3 === 0 ? 'normative' : 'non-normative',
          reviewedAt: at,
          updatedAt: at,
        });
      }),
    );
    const expected = async (filter: (r: RecordRow) => boolean = () => true) =>
      recordsToCsv(
        (await d.records.toArray())
          .filter(filter)
          .sort((a, b) => (a.reviewedAt < b.reviewedAt ? 1 : -1)),
      );
    return { d, expected };
  }

  it('reads the same file by key ranges (most of the log) and by id (a search)', async () => {
    const { d, expected } = await log();
    expect(await exportLogCsv(d, {})).toBe(await expected());
    expect(await exportLogCsv(d, { query: '罚款' })).toBe(
      await expected((r) => r.title.includes('罚款')),
    );
  });

  it('offers the page the same bytes as a Blob, BOM first', async () => {
    const { d, expected } = await log();
    const blob = await exportLogCsvBlob(d, {});
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes).toEqual(new TextEncoder().encode(await expected()));
  });

  it('reads a record whose summary is missing, stale or of an older format, and rewrites it', async () => {
    const { d, expected } = await log();
    const right = await expected();
    await logSnapshot(d);
    // Written behind Dexie's back (as the benchmark seeds): no summary at all.
    await d.recordSummaries.delete('r001');
    // Out of step with its record's updatedAt.
    const stale = exportRecordOf((await d.recordSummaries.get('r002'))!);
    await d.recordSummaries.put(
      summaryOf({ ...stale, title: '旧标题', updatedAt: '2000-01-01T00:00:00.000Z' }),
    );
    // Written by an older format (a column added since).
    const old = (await d.recordSummaries.get('r003'))!;
    await d.recordSummaries.put({
      ...summaryOf({ ...exportRecordOf(old), title: '旧格式' }),
      v: SUMMARY_FORMAT - 1,
    });
    expect(await exportLogCsv(d, {})).toBe(right);
    await expectInStep(d);
  });

  it('the popup export reads a summary of an older format from its record', async () => {
    const { d } = await log();
    const right = await exportCsv(d, { classification: 'normative' });
    const old = (await d.recordSummaries.get('r003'))!;
    // A format 1 row, as version 9 wrote it: the fields as an object.
    await d.recordSummaries.put({
      ...exportRecordOf(old),
      title: '旧格式',
      v: 1,
    } as unknown as RecordSummary);
    expect(await exportCsv(d, { classification: 'normative' })).toBe(right);
    expect(await exportCsv(d, {}, 7)).toContain('文件3,');
    expect(await exportCsv(d, {})).not.toContain('旧格式');
  });

  it('leaves out a record removed for good behind the snapshot', async () => {
    const { d, expected } = await log();
    await logSnapshot(d);
    // Removed straight from IndexedDB: neither the snapshot nor anything else was told.
    await d.transaction('rw', d.records, () => d.records.delete('r010'));
    expect(await exportLogCsv(d, {})).toBe(await expected());
  });
});
