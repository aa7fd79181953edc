/**
 * Walking the schema versions: a database written under version 1 (the shipped v1 schema,
 * opened by a Dexie that knows only version 1) is opened by the real GuishenDB (version 2).
 * Records survive unchanged, the new indexes answer, and the rule layer is repaired once.
 */
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { COUNTS_META_KEY, currentZone, recountFromRows, type CountCell } from '@/lib/counts';
import { GuishenDB, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3 } from '@/lib/db';
import type { StoredPack } from '@/lib/entities';
import { createRecord, deleteRecord, getSettings, updateSettings } from '@/lib/records';
import { getActivePacks } from '@/lib/packs';
import { computeStats } from '@/lib/stats';
import { recordInput, pack, storedRecord } from './fixtures';

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
    expect(v2.verno).toBe(3); // the real schema walks on to version 3 (lib/counts.ts)
    expect(await v2.records.toArray()).toEqual(before.records);
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
    expect(v3.verno).toBe(3);
    expect(await v3.records.toArray()).toEqual(before);
    const rows = await v3.recordCounts.toArray();
    expect(rows.find((r) => r.key === COUNTS_META_KEY)).toMatchObject({ zone: currentZone() });
    const cells = new Map(
      rows.filter((r): r is CountCell => r.key !== COUNTS_META_KEY).map((r) => [r.key, r.n]),
    );
    expect(cells).toEqual(recountFromRows(before));
    expect(cells.get('2025-02|non-normative|通过')).toBe(1);
    const stats = await computeStats(v3, { kind: 'year', year: 2025 });
    expect(stats.sentence).toBe('本年度共审查各类文件4件,其中行政规范性文件2件,非规范性文件2件');
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
