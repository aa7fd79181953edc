/**
 * Walking the schema versions: a database written under version 1 (the shipped v1 schema,
 * opened by a Dexie that knows only version 1) is opened by the real GuishenDB (version 2).
 * Records survive unchanged, the new indexes answer, and the rule layer is repaired once.
 */
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { COUNTS_META_KEY, currentZone, recountFromRows, type CountCell } from '@/lib/counts';
import {
  GuishenDB,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  SCHEMA_V5,
  SCHEMA_V8,
  SCHEMA_V9,
  SCHEMA_V11,
  upgradeToV4,
  upgradeToV2,
  upgradeToV3,
} from '@/lib/db';
import type { RecordRow, StoredPack } from '@/lib/entities';
import { createRecord, deleteRecord, getSettings, updateSettings } from '@/lib/records';
import { getActivePacks } from '@/lib/packs';
import { computeStats } from '@/lib/stats';
import { exportRecordOf, SUMMARY_FORMAT, summaryOf } from '@/lib/export/summary';
import { exportLogCsvBlob, recordsToCsv } from '@/lib/csv';
import { recordInput, pack, storedRecord } from './fixtures';

/** The schema version a database opens at today (every upgrade walks to it). */
const LATEST = 11;

function openV1(name: string): GuishenDB {
  const db = new Dexie(name);
  db.version(1).stores(SCHEMA_V1);
  // Dexie puts a property on the instance for every declared table, as GuishenDB types them.
  return db as unknown as GuishenDB;
}

const NOW = '2025-01-01T00:00:00.000Z';
function stored(p: ReturnType<typeof pack>, enabled: boolean): StoredPack {
  return {
    id: p.id,
    source: 'seed',
    enabled,
    pack: p,
    sha256: 'a'.repeat(64),
    installedAt: NOW,
    updatedAt: NOW,
  };
}

/** The seed set as version 1 left it: every pack enabled (the layering defect). */
function v1Seeds(enabled: Record<string, boolean> = {}): StoredPack[] {
  const packs = [
    pack(),
    pack({ id: 'common-local', extends: ['national'] }),
    pack({ id: 'lanzhou', extends: ['common-local'] }),
    pack({ id: 'guangzhou', extends: ['common-local'] }),
  ];
  return packs.map((p) => stored(p, enabled[p.id] ?? true));
}

/** A record as version 4 rewrites it: the office fields empty, the rest unchanged. */
function withV4Fields(r: RecordRow): RecordRow {
  return {
    ...r,
    docTitle: '',
    drafter: '',
    receivedDate: null,
    dueDate: null,
    office: '',
    facts: { ...r.facts, isDraft: r.facts.isDraft ?? false },
  };
}

async function name(): Promise<string> {
  return `guishen-migration-${Math.random().toString(36).slice(2)}`;
}

describe('schema migration 1 → 2', () => {
  it('keeps records written under version 1 unchanged, with the new indexes answering', async () => {
    const n = await name();
    const v1 = openV1(n);
    await v1.packs.bulkAdd(v1Seeds());
    const kept = await createRecord(v1, recordInput({ text: '正文' }));
    const binned = await createRecord(v1, recordInput({ docNumber: '某政发〔2025〕8号' }));
    await deleteRecord(v1, binned.id);
    const before = {
      records: await v1.records.toArray(),
      docVersions: await v1.docVersions.toArray(),
      recordFindings: await v1.recordFindings.toArray(),
    };
    expect(v1.verno).toBe(1);
    v1.close();

    const v2 = new GuishenDB(n);
    await v2.open();
    expect(v2.verno).toBe(LATEST); // the real schema walks on to versions 3, 4, 5 and 8
    expect(await v2.records.toArray()).toEqual(before.records.map(withV4Fields));
    expect(await v2.docVersions.toArray()).toEqual(before.docVersions);
    expect(await v2.recordFindings.toArray()).toEqual(before.recordFindings);
    expect(await v2.records.where('updatedAt').above('').count()).toBe(2);
    expect(
      await v2.records
        .where('[conclusion+reviewedAt]')
        .between(['通过', ''], ['通过', '\uffff'])
        .count(),
    ).toBe(2);
    // The v1 compound index the statistics count from is still there and still agrees.
    expect(
      await v2.records
        .where('[classification+conclusion+reviewedAt]')
        .between(['normative', '通过', ''], ['normative', '通过', '\uffff'])
        .count(),
    ).toBe(2);
    expect(kept.deletedAt).toBeNull();
    expect(await v2.logIndex.count()).toBe(0);
    v2.close();
    await Dexie.delete(n);
  });

  it('repairs the rule layer: all seeds on (the v1 defect) → only the default layer', async () => {
    const n = await name();
    const v1 = openV1(n);
    await v1.packs.bulkAdd(v1Seeds());
    // A v1 settings row: no officePack field yet.
    const { officePack: _none, ...v1Settings } = await updateSettings(v1, { reviewerName: '张三' });
    await v1.settings.put(v1Settings);
    v1.close();

    const v2 = new GuishenDB(n);
    const on = (await v2.packs.toArray()).filter((p) => p.enabled).map((p) => p.id);
    expect(on.sort()).toEqual(['common-local', 'national']);
    const settings = await getSettings(v2);
    expect(settings).toMatchObject({ reviewerName: '张三', officePack: 'common-local' });
    expect((await getActivePacks(v2)).map((p) => p.id)).toEqual(['common-local', 'national']);
    v2.close();
    await Dexie.delete(n);
  });

  it('keeps an office choice made under version 1 and takes its top as the office pack', async () => {
    const n = await name();
    const v1 = openV1(n);
    await v1.packs.bulkAdd(v1Seeds({ guangzhou: false }));
    v1.close();

    const v2 = new GuishenDB(n);
    const on = (await v2.packs.toArray()).filter((p) => p.enabled).map((p) => p.id);
    expect(on.sort()).toEqual(['common-local', 'lanzhou', 'national']);
    expect((await getSettings(v2)).officePack).toBe('lanzhou');
    v2.close();
    await Dexie.delete(n);
  });

  it('keeps the shipped schema strings stable (never edit a shipped version)', () => {
    expect(SCHEMA_V1).toMatchInlineSnapshot(`
      {
        "checklist": "docKey",
        "docVersions": "id, [docKey+createdAt], recordId",
        "overrides": "key, packId",
        "packs": "id",
        "recordFindings": "recordId",
        "records": "id, reviewedAt, docKey, deletedAt, [classification+reviewedAt], [classification+conclusion+reviewedAt]",
        "settings": "id",
      }
    `);
    expect(SCHEMA_V2).toMatchInlineSnapshot(`
      {
        "logIndex": "chunk",
        "records": "id, reviewedAt, docKey, deletedAt, updatedAt, [classification+reviewedAt], [classification+conclusion+reviewedAt], [conclusion+reviewedAt]",
      }
    `);
  });
});

describe('schema migration → 3 (the statistics aggregate)', () => {
  it('builds recordCounts from version 1 records, which survive unchanged', async () => {
    const n = await name();
    const v1 = openV1(n);
    await v1.packs.bulkAdd(v1Seeds());
    const at = (m: number, d: number) => new Date(2025, m - 1, d, 10).toISOString();
    await v1.records.bulkAdd([
      storedRecord({ id: 'a', reviewedAt: at(1, 31), classification: 'normative' }),
      storedRecord({ id: 'b', reviewedAt: at(2, 1), conclusion: '不予通过' }),
      storedRecord({ id: 'c', reviewedAt: at(2, 2) }),
      storedRecord({ id: 'binned', reviewedAt: at(2, 3), deletedAt: at(3, 1) }),
    ]);
    await createRecord(v1, recordInput({ reviewedAt: at(12, 31), text: '正文' }));
    const before = await v1.records.toArray();
    v1.close();

    const v3 = new GuishenDB(n);
    await v3.open();
    expect(v3.verno).toBe(LATEST);
    expect(await v3.records.toArray()).toEqual(before.map(withV4Fields));
    const rows = await v3.recordCounts.toArray();
    expect(rows.find((r) => r.key === COUNTS_META_KEY)).toMatchObject({ zone: currentZone() });
    const cells = new Map(
      rows.filter((r): r is CountCell => r.key !== COUNTS_META_KEY).map((r) => [r.key, r.n]),
    );
    expect(cells).toEqual(recountFromRows(before));
    expect(cells.get('2025-02|non-normative|通过')).toBe(1);
    const stats = await computeStats(v3, { kind: 'year', year: 2025 });
    expect(stats.sentence).toBe('本年度共审查各类文件4件，其中行政规范性文件2件，非规范性文件2件');
    expect(stats).toEqual(
      await computeStats(v3, { kind: 'year', year: 2025 }, { source: 'index' }),
    );
    v3.close();
    await Dexie.delete(n);
  });

  it('keeps the version 3 schema string stable', () => {
    expect(SCHEMA_V3).toMatchInlineSnapshot(`
      {
        "recordCounts": "key",
      }
    `);
  });
});

describe('schema migration 3 → 4 (office fields)', () => {
  /** A database as version 3 left it. */
  function openV3(n: string): GuishenDB {
    const db = new Dexie(n);
    db.version(1).stores(SCHEMA_V1);
    db.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    db.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
    return db as unknown as GuishenDB;
  }

  it('writes the new fields empty and leaves ids, document keys, rounds and findings as they were', async () => {
    const n = await name();
    const v3 = openV3(n);
    await v3.records.bulkAdd([
      storedRecord({ id: 'r1', docKey: 'no:某政发〔2025〕1号', round: 1 }),
      storedRecord({ id: 'r2', docKey: 'no:某政发〔2025〕1号', round: 2 }),
    ]);
    const kept = await createRecord(v3, recordInput({ text: '正文' }));
    const before = await v3.records.toArray();
    const findingsBefore = await v3.recordFindings.toArray();
    v3.close();

    const v4 = new GuishenDB(n);
    await v4.open();
    expect(v4.verno).toBe(LATEST);
    const after = await v4.records.toArray();
    expect(after).toEqual(before.map(withV4Fields));
    expect(after.map((r) => [r.id, r.docKey, r.round])).toEqual(
      before.map((r) => [r.id, r.docKey, r.round]),
    );
    expect(await v4.recordFindings.toArray()).toEqual(findingsBefore);
    // The migrated records still validate, and a new one takes the next round of its document.
    const next = await createRecord(v4, recordInput({ text: '修改稿' }));
    expect(next.round).toBe(kept.round + 1);
    v4.close();
    await Dexie.delete(n);
  });

  it('changes no index (version 4 only fills fields)', () => {
    expect(SCHEMA_V4).toEqual({});
  });
});

describe("schema migration 4 → 5 (the office's shared log)", () => {
  it('adds the office tables empty and leaves every record, finding and text as it was', async () => {
    const n = await name();
    const v4 = new Dexie(n);
    v4.version(1).stores(SCHEMA_V1);
    v4.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    v4.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
    v4.version(4).stores(SCHEMA_V4).upgrade(upgradeToV4);
    const old = v4 as unknown as GuishenDB;
    await createRecord(old, recordInput({ text: '正文' }));
    const before = {
      records: await old.records.toArray(),
      findings: await old.recordFindings.toArray(),
      texts: await old.docVersions.toArray(),
    };
    old.close();

    const v5 = new GuishenDB(n);
    await v5.open();
    expect(v5.verno).toBe(LATEST);
    expect(await v5.records.toArray()).toEqual(before.records);
    expect(await v5.recordFindings.toArray()).toEqual(before.findings);
    expect(await v5.docVersions.toArray()).toEqual(before.texts);
    expect(await v5.office.count()).toBe(0);
    expect(await v5.officeRejects.count()).toBe(0);
    v5.close();
    await Dexie.delete(n);
  });

  it('keeps the version 5 schema string stable', () => {
    expect(SCHEMA_V5).toEqual({ office: 'id', officeRejects: 'docId' });
  });
});

describe('schema migration 5 → 8 (rule-pack subscriptions)', () => {
  it('adds the subscriptions table empty and leaves records, packs and the office rows as they were', async () => {
    const n = await name();
    const v5 = new Dexie(n);
    v5.version(1).stores(SCHEMA_V1);
    v5.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    v5.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
    v5.version(4).stores(SCHEMA_V4).upgrade(upgradeToV4);
    v5.version(5).stores(SCHEMA_V5);
    const old = v5 as unknown as GuishenDB;
    await createRecord(old, recordInput({ text: '正文' }));
    const before = { records: await old.records.toArray(), packs: await old.packs.toArray() };
    old.close();

    const v8 = new GuishenDB(n);
    await v8.open();
    expect(v8.verno).toBe(LATEST);
    expect(await v8.records.toArray()).toEqual(before.records);
    expect(await v8.packs.toArray()).toEqual(before.packs);
    expect(await v8.subscriptions.count()).toBe(0);
    v8.close();
    await Dexie.delete(n);
  });

  it('keeps the version 8 schema string stable', () => {
    expect(SCHEMA_V8).toEqual({ subscriptions: 'url' });
  });
});

describe('schema migration 8 → 9 (the export summaries)', () => {
  it('writes the summary of every record, live and binned, and changes no record', async () => {
    const n = await name();
    const v8 = new Dexie(n);
    v8.version(1).stores(SCHEMA_V1);
    v8.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    v8.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
    v8.version(4).stores(SCHEMA_V4).upgrade(upgradeToV4);
    v8.version(5).stores(SCHEMA_V5);
    v8.version(8).stores(SCHEMA_V8);
    const old = v8 as unknown as GuishenDB;
    // More records than one rebuild batch (2,000), so the upgrade crosses batches.
    await old.records.bulkAdd(
      Array.from({ length: 2500 }, (_, i) =>
        storedRecord({
          id: `r${String(i).padStart(5, '0')}`,
          deletedAt: i % 9 === 0 ? '2025-06-01T00:00:00.000Z' : null,
        }),
      ),
    );
    await createRecord(old, recordInput({ text: '正文', conclusionReason: '理由' }));
    const deleted = await createRecord(old, recordInput({ text: '另一篇' }));
    await deleteRecord(old, deleted.id);
    const before = {
      records: await old.records.toArray(),
      findings: await old.recordFindings.toArray(),
      counts: await old.recordCounts.toArray(),
    };
    old.close();

    const v9 = new GuishenDB(n);
    await v9.open();
    expect(v9.verno).toBe(LATEST);
    expect(await v9.records.toArray()).toEqual(before.records);
    expect(await v9.recordFindings.toArray()).toEqual(before.findings);
    expect(await v9.recordCounts.toArray()).toEqual(before.counts);
    expect(await v9.recordSummaries.toArray()).toEqual(before.records.map(summaryOf));
    // The indexes the exports filter by answer.
    expect(await v9.recordSummaries.orderBy('[classification+reviewedAt]').count()).toBe(2502);
    expect(await v9.recordSummaries.where('reviewedAt').above('').count()).toBe(2502);
    v9.close();
    await Dexie.delete(n);
  });

  it('keeps the version 9 schema string stable', () => {
    expect(SCHEMA_V9).toEqual({ recordSummaries: 'id, reviewedAt, [classification+reviewedAt]' });
  });
});

describe('schema migration 9 → 11 (the export summaries as values)', () => {
  it('rewrites every summary as values in the upgrade; records, counts and the CSV unchanged', async () => {
    const n = await name();
    // A version 9 database as it shipped: summaries written as objects (format 1).
    const v9 = new Dexie(n);
    v9.version(1).stores(SCHEMA_V1);
    v9.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    v9.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
    v9.version(4).stores(SCHEMA_V4).upgrade(upgradeToV4);
    v9.version(5).stores(SCHEMA_V5);
    v9.version(8).stores(SCHEMA_V8);
    v9.version(9).stores(SCHEMA_V9);
    const old = v9 as unknown as GuishenDB;
    // More records than one rebuild batch (2,000), so the upgrade crosses batches.
    const records = Array.from({ length: 2100 }, (_, i) =>
      storedRecord({
        id: `r${String(i).padStart(5, '0')}`,
        title: `文件${i}`,
        reviewedAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
        classification: i % 3 ? 'non-normative' : 'normative',
        deletedAt: i % 9 === 0 ? '2025-06-01T00:00:00.000Z' : null,
        ...(i % 5 === 0
          ? { competition: { concerns: true, conclusion: '符合' as const }, drafter: '市商务局' }
          : {}),
      }),
    );
    await old.records.bulkAdd(records);
    await old
      .table('recordSummaries')
      .bulkAdd(records.map((r) => ({ ...exportRecordOf(summaryOf(r)), v: 1 })));
    const before = {
      records: await old.records.toArray(),
      counts: await old.table('recordCounts').toArray(),
    };
    old.close();

    const db = new GuishenDB(n);
    await db.open();
    expect(db.verno).toBe(LATEST);
    expect(await db.records.toArray()).toEqual(before.records);
    expect(await db.recordCounts.toArray()).toEqual(before.counts);
    const summaries = await db.recordSummaries.toArray();
    expect(summaries).toEqual(before.records.map(summaryOf));
    expect(summaries.every((s) => s.v === SUMMARY_FORMAT && Array.isArray(s.a))).toBe(true);
    // The indexes the exports filter by still answer, and the log's file is what the records give.
    expect(
      await db.recordSummaries
        .where('[classification+reviewedAt]')
        .between(['normative', ''], ['normative', '\uffff'])
        .count(),
    ).toBe(700);
    const live = before.records
      .filter((r) => r.deletedAt === null)
      .sort((a, b) => (a.reviewedAt < b.reviewedAt ? 1 : -1));
    const file = await exportLogCsvBlob(db, {});
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(
      new TextEncoder().encode(recordsToCsv(live)),
    );
    db.close();
    await Dexie.delete(n);
  });

  it('keeps the version 11 schema (no index change) stable', () => {
    expect(SCHEMA_V11).toEqual({});
  });
});
