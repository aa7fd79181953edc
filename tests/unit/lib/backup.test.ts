import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BACKUP_FORMAT,
  MERGE_SCAN_MIN,
  MERGE_SCAN_RATIO,
  backupFileName,
  exportBackup,
  parseBackup,
  previewRestore,
  restoreBackup,
} from '@/lib/backup';
import { dumpAll, TABLE_NAMES, type GuishenDB } from '@/lib/db';
import { setRuleOverride, syncSeeds } from '@/lib/packs';
import { QUOTA_MESSAGE } from '@/lib/quota';
import { createRecord, saveChecklistState, sha256Hex, updateSettings } from '@/lib/records';
import { dbPerTest, pack, recordInput, rejectWithQuota, storedRecord } from './fixtures';

const db = dbPerTest();
/** The fixture's seed pack stands for the shipped ones, as in syncSeeds(d, [pack()]). */
const SEEDS = { seeds: [pack()] };
afterEach(() => {
  vi.restoreAllMocks();
});

/** A database with a row in every table. */
async function populated(): Promise<GuishenDB> {
  const d = db();
  await syncSeeds(d, [pack()]);
  await setRuleOverride(d, 'national', 'validity-cap', { severity: 'error' });
  const r = await createRecord(d, recordInput({ text: '第一条 为了规范……' }));
  await createRecord(
    d,
    recordInput({
      docNumber: null,
      title: '关于做好防汛工作的通知',
      classification: 'non-normative',
    }),
  );
  await saveChecklistState(d, { docKey: r.docKey, manual: { 'cx-1': true }, dismissed: {} });
  await updateSettings(d, { reviewerName: '张三', enabledSites: ['https://oa.example.gov.cn/*'] });
  return d;
}

/** Re-sign an edited backup, as a careful forger would, to reach the schema checks. */
async function resign(file: Record<string, unknown>): Promise<string> {
  file.checksum = await sha256Hex(JSON.stringify(file.tables));
  return JSON.stringify(file);
}

describe('backup', () => {
  it('exports every table with a format version and a checksum', async () => {
    const d = await populated();
    const file = JSON.parse(await exportBackup(d, { extensionVersion: '0.1.0' }));
    expect(file).toMatchObject({
      format: BACKUP_FORMAT,
      formatVersion: 1,
      schemaVersion: d.verno,
      extensionVersion: '0.1.0',
    });
    expect(Object.keys(file.tables)).toEqual([...TABLE_NAMES]);
    expect(file.tables.records).toHaveLength(2);
    expect(file.checksum).toBe(await sha256Hex(JSON.stringify(file.tables)));
    expect(backupFileName(new Date(2025, 11, 31))).toBe('规审备份_2025-12-31.json');
  });

  it('round-trips: export → wipe → restore gives identical data', async () => {
    const d = await populated();
    const before = await dumpAll(d);
    const text = await exportBackup(d, { extensionVersion: '0.1.0' });
    await d.transaction('rw', [...TABLE_NAMES], async () => {
      for (const name of TABLE_NAMES) await d.table(name).clear();
    });
    expect((await dumpAll(d)).records).toEqual([]);
    const result = await restoreBackup(d, text, 'replace', SEEDS);
    expect(result).toMatchObject({ ok: true, report: { mode: 'replace' } });
    if (result.ok)
      expect(result.report.tables.records).toEqual({
        added: 2,
        updated: 0,
        skipped: 0,
        removed: 0,
        conflicts: 0,
      });
    expect(await dumpAll(d)).toEqual(before);
  });

  it('replace mode removes what the backup does not have, and the preview says so first', async () => {
    const d = await populated();
    const text = await exportBackup(d, { extensionVersion: '0.1.0' });
    await createRecord(d, recordInput({ docNumber: '某政发〔2025〕99号' }));
    const preview = await previewRestore(d, text, 'replace', SEEDS);
    expect(preview.ok && preview.report.tables.records).toEqual({
      added: 0,
      updated: 2,
      skipped: 0,
      removed: 1,
      conflicts: 0,
    });
    expect(await d.records.count()).toBe(3);
    await restoreBackup(d, text, 'replace', SEEDS);
    expect(await d.records.count()).toBe(2);
  });

  it('merges a colleague’s log: newer wins, and reports added / updated / skipped', async () => {
    const mine = db();
    const theirs = db();
    const t = (day: number) => `2025-06-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    // The same id is the same document on both sides (see the conflict tests otherwise).
    const rec = (o: Parameters<typeof storedRecord>[0] & { id: string }) =>
      storedRecord({ docKey: `k:${o.id}`, ...o });
    const same = rec({ id: 'same', opinion: '我的', updatedAt: t(10) });
    await mine.records.bulkAdd([
      same,
      rec({ id: 'mine-newer', opinion: '我的新', updatedAt: t(20) }),
      rec({ id: 'only-mine', updatedAt: t(1) }),
    ]);
    await theirs.records.bulkAdd([
      same,
      rec({ id: 'mine-newer', opinion: '他的旧', updatedAt: t(15) }),
      rec({ id: 'theirs-newer', opinion: '他的新', updatedAt: t(25) }),
      rec({ id: 'only-theirs', updatedAt: t(2) }),
    ]);
    await mine.records.add(rec({ id: 'theirs-newer', opinion: '我的旧', updatedAt: t(5) }));
    const text = await exportBackup(theirs, { extensionVersion: '0.1.0' });

    const before = await dumpAll(mine);
    const preview = await previewRestore(mine, text, 'merge', SEEDS);
    expect(await dumpAll(mine)).toEqual(before);
    const result = await restoreBackup(mine, text, 'merge', SEEDS);
    expect(result.ok).toBe(true);
    if (!result.ok || !preview.ok) return;
    const counts = { added: 1, updated: 1, skipped: 2, removed: 0, conflicts: 0 };
    expect(result.report.tables.records).toEqual(counts);
    expect(preview.report).toEqual(result.report);
    expect(result.report.total).toEqual(counts);
    const opinions = Object.fromEntries(
      (await mine.records.toArray()).map((r) => [r.id, r.opinion]),
    );
    expect(opinions['mine-newer']).toBe('我的新');
    expect(opinions['theirs-newer']).toBe('他的新');
    expect(opinions['only-mine']).toBeDefined();
    expect(opinions['only-theirs']).toBeDefined();
  });

  it('merges the same way whether it looks rows up by key or scans the table', async () => {
    const t = (day: number) => `2025-06-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    const incoming = Array.from({ length: MERGE_SCAN_MIN + 6 }, (_, i) =>
      storedRecord({
        id: `r${String(i).padStart(4, '0')}`,
        docKey: `k${i}`,
        opinion: `新${i}`,
        updatedAt: t(20),
      }),
    );
    const theirs = db();
    await theirs.records.bulkAdd(incoming);
    const text = await exportBackup(theirs, { extensionVersion: '0.1.0' });
    // Never the same stamp: equal stamps with other content are a conflict (tested apart).
    const stamp = (i: number) => [10, 25, 30, 0][i % 4]!; // 0: not here
    const outcome = async (localRows: number) => {
      const mine = db();
      // Local rows are older (→ updated), newer or as new (→ skipped), or absent (→ added).
      await mine.records.bulkAdd(
        Array.from({ length: localRows }, (_, i) =>
          storedRecord({
            id: `r${String(i).padStart(4, '0')}`,
            docKey: `k${i}`,
            opinion: `旧${i}`,
            updatedAt: t(stamp(i)),
          }),
        ).filter((_, i) => stamp(i) > 0),
      );
      const bulkGet = vi.spyOn(mine.records, 'bulkGet');
      const result = await restoreBackup(mine, text, 'merge', SEEDS);
      const byKey = bulkGet.mock.calls.length > 0;
      bulkGet.mockRestore();
      const rows = await mine.records.toArray();
      return { result, byKey, opinions: rows.slice(0, incoming.length).map((r) => r.opinion) };
    };
    // Many local rows per incoming row: look up by key. Few: one scan of the table.
    const lookedUp = await outcome(incoming.length * MERGE_SCAN_RATIO * 2);
    const scanned = await outcome(incoming.length);
    expect(lookedUp.byKey).toBe(true);
    expect(scanned.byKey).toBe(false);
    expect(lookedUp.result).toEqual(scanned.result);
    expect(lookedUp.opinions).toEqual(scanned.opinions);
    if (!scanned.result.ok) throw new Error('merge failed');
    const expected = { added: 0, updated: 0, skipped: 0, removed: 0, conflicts: 0 };
    incoming.forEach((_, i) => {
      const local = stamp(i);
      if (!local) expected.added++;
      else if (local < 20) expected.updated++;
      else expected.skipped++;
    });
    expect(expected.added && expected.updated && expected.skipped).toBeGreaterThan(0);
    expect(scanned.result.report.tables.records).toEqual(expected);
    expect(scanned.opinions.filter((o) => o.startsWith('新'))).toHaveLength(
      expected.added + expected.updated,
    );
  });

  it('merging never downgrades a seed pack, but takes the colleague’s newer on/off switch', async () => {
    const mine = db();
    const theirs = db();
    await syncSeeds(mine, [pack({ version: '2.0.0' })]);
    await syncSeeds(theirs, [pack({ version: '1.0.0' })]);
    await theirs.packs.update('national', {
      enabled: false,
      updatedAt: '2999-01-01T00:00:00.000Z',
    });
    await restoreBackup(
      mine,
      await exportBackup(theirs, { extensionVersion: '0.1.0' }),
      'merge',
      SEEDS,
    );
    const row = await mine.packs.get('national');
    expect(row?.pack.version).toBe('2.0.0');
    expect(row?.enabled).toBe(false);
  });
});

describe('bad backups leave the database exactly as it was', () => {
  async function expectRejected(text: string, path: string | RegExp, message: RegExp) {
    const d = await populated();
    const before = await dumpAll(d);
    for (const mode of ['replace', 'merge'] as const) {
      const result = await restoreBackup(d, text, mode, SEEDS);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        if (typeof path === 'string') expect(result.errors[0]?.path).toBe(path);
        else expect(result.errors[0]?.path).toMatch(path);
        expect(result.errors[0]?.message).toMatch(message);
      }
    }
    expect(await dumpAll(d)).toEqual(before);
  }

  it('rejects a tampered file (a conclusion edited by hand) by its checksum', async () => {
    const text = await exportBackup(await populated(), { extensionVersion: '0.1.0' });
    const tampered = text.replace('"conclusion":"通过"', '"conclusion":"不予通过"');
    expect(tampered).not.toBe(text);
    await expectRejected(tampered, '备份 › 校验和(checksum)', /校验和不符/);
  });

  it('rejects a truncated file', async () => {
    const text = await exportBackup(await populated(), { extensionVersion: '0.1.0' });
    await expectRejected(text.slice(0, text.length / 2), '（整个文件）', /不是有效的 JSON/);
  });

  it('rejects a re-signed file with an invalid row, naming table, row and field', async () => {
    const file = JSON.parse(await exportBackup(await populated(), { extensionVersion: '0.1.0' }));
    file.tables.records[1].conclusion = '同意';
    const id = file.tables.records[1].id;
    await expectRejected(
      await resign(file),
      `备份 › 数据表(tables) › 审查记录 › 第2条审查记录“${id}” › 审查结论(conclusion)`,
      /无效选项/,
    );
  });

  it('rejects a re-signed file with a missing table or duplicate keys', async () => {
    const file = JSON.parse(await exportBackup(await populated(), { extensionVersion: '0.1.0' }));
    delete file.tables.settings;
    await expectRejected(await resign(file), '备份 › 数据表(tables) › 设置', /期望 数组/);
    const dup = JSON.parse(await exportBackup(await populated(), { extensionVersion: '0.1.0' }));
    dup.tables.records.push(dup.tables.records[0]);
    await expectRejected(await resign(dup), /第3条审查记录/, /重复/);
  });

  it.each([
    ['another program’s JSON', JSON.stringify({ hello: 1 }), '格式(format)', /不是规审的备份/],
    ['a future format version', null, '备份 › 格式版本(formatVersion)', /不支持/],
    ['a newer database version', null, '备份 › 数据库版本(schemaVersion)', /请先升级/],
  ])('rejects %s', async (name, given, path, message) => {
    let text = given;
    if (!text) {
      const file = JSON.parse(await exportBackup(await populated(), { extensionVersion: '0.1.0' }));
      if (name.includes('format')) file.formatVersion = 2;
      else file.schemaVersion = 99;
      text = JSON.stringify(file);
    }
    await expectRejected(text, path, message);
  });

  it('reports a quota error in Chinese and writes nothing (replace and merge)', async () => {
    const target = await restoreTarget();
    vi.spyOn(target.d.records, 'bulkPut').mockImplementation(rejectWithQuota);
    vi.spyOn(target.d.records, 'bulkAdd').mockImplementation(rejectWithQuota);
    await expectQuotaRefused(target);
  });

  it('checks a file without a database', async () => {
    const d = await populated();
    const text = await exportBackup(d, { extensionVersion: '0.1.0' });
    const parsed = await parseBackup(text, d.verno);
    expect(parsed.ok && parsed.backup.tables.records.length).toBe(2);
    // A file from schema version 1 (before the rule-layer repair) still reads.
    const v1 = JSON.parse(text);
    v1.schemaVersion = 1;
    expect((await parseBackup(JSON.stringify(v1), d.verno)).ok).toBe(true);
  });
});

/** A populated database with one record more than `text`, the backup of another one. */
async function restoreTarget() {
  const text = await exportBackup(await populated(), { extensionVersion: '0.1.0' });
  const d = await populated();
  await d.records.add(storedRecord({ id: 'extra' }));
  return { d, text, before: await dumpAll(d), counts: await d.recordCounts.toArray() };
}

/** Both restore modes fail with the Chinese quota message and leave every table as it was. */
async function expectQuotaRefused(target: Awaited<ReturnType<typeof restoreTarget>>) {
  const { d, text, before, counts } = target;
  for (const mode of ['replace', 'merge'] as const) {
    const result = await restoreBackup(d, text, mode, SEEDS);
    expect(result).toEqual({ ok: false, errors: [{ path: '（存储）', message: QUOTA_MESSAGE }] });
  }
  expect(await dumpAll(d)).toEqual(before);
  expect(await d.recordCounts.toArray()).toEqual(counts);
}

describe('restore is all-or-nothing at any size', () => {
  it('writes nothing when a row halfway through the file fails validation', async () => {
    const source = await populated();
    await source.records.bulkAdd(
      Array.from({ length: 60 }, (_, i) => storedRecord({ id: `bulk-${i}` })),
    );
    const file = JSON.parse(await exportBackup(source, { extensionVersion: '0.1.0' }));
    const half = Math.floor(file.tables.records.length / 2);
    file.tables.records[half].reviewedAt = '2025-13-01';
    const text = await resign(file);
    const d = await populated();
    const before = await dumpAll(d);
    const counts = await d.recordCounts.toArray();
    for (const mode of ['replace', 'merge'] as const) {
      const result = await restoreBackup(d, text, mode, SEEDS);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]?.path).toContain(`第${half + 1}条审查记录`);
    }
    expect(await dumpAll(d)).toEqual(before);
    expect(await d.recordCounts.toArray()).toEqual(counts);
  });

  it('rolls back tables already cleared and written when a later table hits the quota', async () => {
    const target = await restoreTarget();
    // docVersions come after packs, overrides, records and findings in the write order.
    vi.spyOn(target.d.docVersions, 'bulkAdd').mockImplementation(rejectWithQuota);
    vi.spyOn(target.d.docVersions, 'bulkPut').mockImplementation(rejectWithQuota);
    await expectQuotaRefused(target);
  });

  it('exports exactly JSON.stringify of every table, read in chunks', async () => {
    const d = await populated();
    await d.records.bulkAdd(Array.from({ length: 30 }, (_, i) => storedRecord({ id: `c-${i}` })));
    const file = JSON.parse(await exportBackup(d, { extensionVersion: '0.1.0' }));
    expect(file.tables).toEqual(await dumpAll(d));
    expect(file.checksum).toBe(await sha256Hex(JSON.stringify(await dumpAll(d))));
  });
});
