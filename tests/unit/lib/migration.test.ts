/**
 * The migration scaffold. lib/db.ts ships `version(1)` only; when the schema changes, copy the
 * fixture below into lib/db.ts as the real `version(2)` and keep this test walking the versions.
 */
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { GuishenDB, SCHEMA_V1 } from '@/lib/db';
import { createRecord, deleteRecord } from '@/lib/records';
import { syncSeeds } from '@/lib/packs';
import { recordInput, pack } from './fixtures';

/** A fixture of a possible version 2: a reviewer index and a new table, with an upgrade. */
function openV2(name: string) {
  const db = new Dexie(name);
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores({
      records:
        'id, reviewedAt, docKey, deletedAt, reviewer, [classification+reviewedAt], [classification+conclusion+reviewedAt]',
      exports: '++id, createdAt',
    })
    .upgrade(async (tx) => {
      // A real upgrade would fill new fields here; the point is that it runs over v1 data.
      await tx.table('exports').add({ createdAt: '2025-01-01T00:00:00.000Z', note: 'migrated' });
    });
  return db;
}

describe('schema migration', () => {
  it('keeps records written under version 1 unchanged after upgrading to version 2', async () => {
    const name = `guishen-migration-${Math.random().toString(36).slice(2)}`;
    const v1 = new GuishenDB(name);
    await syncSeeds(v1, [pack()]);
    const kept = await createRecord(v1, recordInput({ text: '正文' }));
    const binned = await createRecord(v1, recordInput({ docNumber: '某政发〔2025〕8号' }));
    await deleteRecord(v1, binned.id);
    const before = {
      records: await v1.records.toArray(),
      docVersions: await v1.docVersions.toArray(),
      packs: await v1.packs.toArray(),
    };
    expect(v1.verno).toBe(1);
    v1.close();

    const v2 = openV2(name);
    await v2.open();
    expect(v2.verno).toBe(2);
    expect(await v2.table('records').toArray()).toEqual(before.records);
    expect(await v2.table('docVersions').toArray()).toEqual(before.docVersions);
    expect(await v2.table('packs').toArray()).toEqual(before.packs);
    expect(await v2.table('records').where('reviewer').equals('张三').count()).toBe(2);
    expect(await v2.table('exports').count()).toBe(1);
    expect(kept.deletedAt).toBeNull();
    // The v1 compound indexes the statistics count from are still there and still agree.
    expect(
      await v2
        .table('records')
        .where('[classification+conclusion+reviewedAt]')
        .between(['normative', '通过', ''], ['normative', '通过', '\uffff'])
        .count(),
    ).toBe(2);
    v2.close();
    await Dexie.delete(name);
  });

  it('keeps the version 1 schema string stable (never edit a shipped version)', () => {
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
  });
});
