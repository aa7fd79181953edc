import { describe, expect, it } from 'vitest';
import { dumpAll } from '@/lib/db';
import {
  canonicalJson,
  compareVersions,
  deletePack,
  exportPack,
  getActivePacks,
  importPack,
  listPacks,
  packRefs,
  setPackEnabled,
  setRuleOverride,
  syncSeeds,
} from '@/lib/packs';
import { dbPerTest, pack } from './fixtures';

const db = dbPerTest();

const local = () =>
  pack({
    id: 'office',
    name: '本单位补充规则',
    jurisdiction: '某市',
    extends: ['national'],
    rules: [
      {
        id: 'no-fines',
        kind: 'pattern',
        severity: 'error',
        category: '合法性',
        message: '规范性文件不得设定罚款',
        basis: '《行政处罚法》第十六条',
        enabled: true,
        options: { triggers: ['罚款'] },
      },
    ],
  });

describe('seeding', () => {
  it('installs every seed pack but switches on only the office layer', async () => {
    const d = db();
    const report = await syncSeeds(d, [pack(), pack({ id: 'hunan', extends: ['national'] })]);
    expect(report.added).toEqual(['national', 'hunan']);
    // No common-local in this set: the layer falls back to the root pack.
    expect((await getActivePacks(d)).map((p) => p.id)).toEqual(['national']);
    expect((await d.packs.get('hunan'))?.enabled).toBe(false);
  });

  it('is idempotent when nothing changed', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    const before = await dumpAll(d);
    expect(await syncSeeds(d, [pack()])).toMatchObject({
      added: [],
      updated: [],
      unchanged: ['national'],
    });
    expect(await dumpAll(d)).toEqual(before);
  });

  it('brings in a new seed version: the override survives, a new rule arrives, switches stay', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    expect(
      await setRuleOverride(d, 'national', 'no-fines', {
        severity: 'error',
        options: { triggers: ['罚款', '没收'] },
      }),
    ).toMatchObject({ ok: true });
    // The office's own switch on a pack outside its layer survives the update too.
    await syncSeeds(d, [pack(), pack({ id: 'hunan', extends: ['national'] })]);
    expect(await setPackEnabled(d, 'hunan', true)).toMatchObject({ ok: true });

    const v2 = pack({ version: '1.1.0' });
    v2.rules[1]!.options = { triggers: ['罚款'], exclude: ['罚款上缴国库'] };
    v2.rules.push({
      id: 'effective-gap',
      kind: 'pattern',
      severity: 'warning',
      category: '程序',
      message: '施行日期距公布不足30日',
      basis: '示例',
      enabled: true,
      options: { triggers: ['收费'] },
    });
    const report = await syncSeeds(d, [v2, pack({ id: 'hunan', extends: ['national'] })]);
    expect(report.updated).toEqual([{ id: 'national', from: '1.0.0', to: '1.1.0' }]);

    const rows = await listPacks(d);
    expect(rows.find((r) => r.id === 'hunan')?.enabled).toBe(true);
    expect(rows.find((r) => r.id === 'national')?.pack.version).toBe('1.1.0');
    const effective = (await getActivePacks(d)).find((p) => p.id === 'national');
    const cap = effective?.rules.find((r) => r.id === 'no-fines');
    expect(cap?.severity).toBe('error');
    expect(cap?.options).toEqual({ triggers: ['罚款', '没收'], exclude: ['罚款上缴国库'] });
    expect(effective?.rules.map((r) => r.id)).toContain('effective-gap');
  });

  it('never overwrites an office pack that has a seed id, nor downgrades a seed', async () => {
    const d = db();
    await importPack(d, pack({ id: 'hunan', name: '本单位湖南规则' }));
    await syncSeeds(d, [pack({ version: '2.0.0' })]);
    const report = await syncSeeds(d, [pack({ id: 'hunan' }), pack({ version: '1.0.0' })]);
    expect(report.skipped.map((s) => s.id)).toEqual(['hunan', 'national']);
    expect((await d.packs.get('hunan'))?.pack.name).toBe('本单位湖南规则');
    expect((await d.packs.get('national'))?.pack.version).toBe('2.0.0');
  });
});

describe('overrides', () => {
  it('switches a single rule off for the engine', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    await setRuleOverride(d, 'national', 'no-license', { enabled: false });
    const [p] = await getActivePacks(d);
    expect(p?.rules.find((r) => r.id === 'no-license')?.enabled).toBe(false);
    await setRuleOverride(d, 'national', 'no-license', null);
    const [q] = await getActivePacks(d);
    expect(q?.rules.find((r) => r.id === 'no-license')?.enabled).toBe(true);
  });

  it('refuses an override that makes the rule invalid, or names an unknown rule', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    const before = await dumpAll(d);
    const bad = await setRuleOverride(d, 'national', 'no-fines', {
      severity: 'fatal' as never,
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.path).toContain('严重程度(severity)');
    // An option the rule kind refuses (checked by rules/validate.ts).
    const empty = await setRuleOverride(d, 'national', 'no-fines', { options: { triggers: [] } });
    expect(empty.ok).toBe(false);
    if (!empty.ok) {
      expect(empty.errors[0]?.path).toMatch(/规则包 national › 规则 no-fines/);
      expect(empty.errors[0]?.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const unknown = await setRuleOverride(d, 'national', 'nope', { enabled: false });
    expect(unknown).toMatchObject({ ok: false, errors: [{ message: '该规则包中没有这条规则' }] });
    expect(await dumpAll(d)).toEqual(before);
  });
});

describe('import and export', () => {
  it('imports an office pack and exports it back identically', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    const result = await importPack(d, JSON.stringify(local()));
    expect(result).toMatchObject({ ok: true, value: { action: 'added' } });
    expect(JSON.parse(await exportPack(d, 'office'))).toEqual(local());
    expect((await getActivePacks(d)).map((p) => p.id)).toEqual(['national', 'office']);
  });

  it('rejects a pack with an error, naming the pack, rule and field in Chinese, and writes nothing', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    const before = await dumpAll(d);
    const broken = local() as unknown as { rules: Array<Record<string, unknown>> };
    broken.rules.push({ ...broken.rules[0], id: 'second', basis: '' });
    const result = await importPack(d, JSON.stringify(broken));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.path).toBe(
        '规则包“office” › 规则(rules) › 第2条规则“second” › 依据(basis)',
      );
      expect(result.errors[0]?.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await dumpAll(d)).toEqual(before);
  });

  it.each([
    ['not JSON', '{"id": "office",', '（整个文件）', /不是有效的 JSON/],
    [
      'a seed id',
      JSON.stringify(pack({ name: '冒名' })),
      '规则包“national” › 标识(id)',
      /内置规则包重名/,
    ],
    [
      'a missing parent',
      JSON.stringify({ ...local(), extends: ['zhejiang'] }),
      '规则包 office › extends[0]',
      /扩展的规则包「zhejiang」不存在/,
    ],
  ])('rejects %s with a precise reason and writes nothing', async (_name, text, path, message) => {
    const d = db();
    await syncSeeds(d, [pack()]);
    const before = await dumpAll(d);
    const result = await importPack(d, text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.path).toBe(path);
      expect(result.errors[0]?.message).toMatch(message);
    }
    expect(await dumpAll(d)).toEqual(before);
  });

  it('replaces an office pack only when asked', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    await importPack(d, local());
    const again = await importPack(d, { ...local(), version: '2.0.0' });
    expect(again.ok).toBe(false);
    expect(await importPack(d, { ...local(), version: '2.0.0' }, { replace: true })).toMatchObject({
      ok: true,
      value: { action: 'replaced' },
    });
    expect((await d.packs.get('office'))?.pack.version).toBe('2.0.0');
  });

  it('exports the effective pack with overrides applied when asked', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    await setRuleOverride(d, 'national', 'no-fines', { severity: 'info' });
    const effective = JSON.parse(await exportPack(d, 'national', { effective: true }));
    expect(effective.rules[1].severity).toBe('info');
    expect(JSON.parse(await exportPack(d, 'national')).rules[1].severity).toBe('warning');
  });

  it('deletes office packs with their overrides but never a seed pack', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    await importPack(d, local());
    await setRuleOverride(d, 'office', 'no-fines', { severity: 'warning' });
    expect(await deletePack(d, 'national')).toMatchObject({ ok: false });
    expect(await deletePack(d, 'office')).toEqual({ ok: true, value: true });
    expect(await d.overrides.count()).toBe(0);
  });
});

describe('hashes and versions', () => {
  it('hashes packs independent of key order', async () => {
    const a = pack();
    const b = JSON.parse(canonicalJson(a));
    const reversed = Object.fromEntries(Object.entries(b).reverse()) as typeof a;
    const [ra] = await packRefs([a]);
    const [rb] = await packRefs([reversed]);
    expect(ra?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ra?.sha256).toBe(rb?.sha256);
  });

  it.each([
    ['1.10.0', '1.9.2', 1],
    ['1.0', '1.0.0', 0],
    ['2025.1', '2025.12', -1],
  ])('compares %s with %s', (a, b, sign) => {
    expect(compareVersions(a, b)).toBe(sign);
  });
});

describe('the shipped seed packs', () => {
  it('seed cleanly on install and give the engine a valid set', async () => {
    const { seedPacks, shippedPatterns } = await import('@/rules/seeds');
    const { validatePackSet } = await import('@/rules/validate');
    const { dueMonthsFromPacks } = await import('@/lib/register');
    const d = db();
    const report = await syncSeeds(d);
    expect(report.skipped).toEqual([]);
    expect(report.added.sort()).toEqual(seedPacks.map((p) => p.id).sort());
    const active = await getActivePacks(d);
    expect(validatePackSet(active, { trusted: shippedPatterns() })).toMatchObject({ ok: true });
    expect(dueMonthsFromPacks(active)).toBe(6);
    expect(await syncSeeds(d)).toMatchObject({ added: [], updated: [] });
  });
});
