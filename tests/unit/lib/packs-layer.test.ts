/**
 * The office's rule layer and its tuning: which packs run (never every seed at once), the
 * office pack choice, parameter overrides (validity caps, 施行 gap, patterns with ReDoS
 * vetting), resets, and the office's own rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpAll } from '@/lib/db';
import {
  addOfficeRule,
  effectiveParams,
  getActivePacks,
  listPacks,
  removeOfficeRule,
  resetPack,
  servePacks,
  setOfficePack,
  setPackEnabled,
  setParamOverride,
  setRuleOverride,
  syncSeeds,
  validateCustomRule,
  validateParamValue,
  validateRuleOverride,
} from '@/lib/packs';
import { getSettings } from '@/lib/records';
import { compilePacks, check } from '@/rules/engine';
import { modelFromText } from '@/rules/model';
import { seedPacks } from '@/rules/seeds';
import { dbPerTest } from './fixtures';

const newDb = dbPerTest();
async function seeded() {
  const d = newDb();
  await syncSeeds(d, seedPacks);
  return d;
}

const ids = async (d: Awaited<ReturnType<typeof seeded>>) =>
  (await getActivePacks(d)).map((p) => p.id).sort();

const customRule = {
  id: 'YH-NO-DEPOSIT',
  kind: 'pattern',
  severity: 'warning',
  category: '合法性',
  message: '不得要求缴纳保证金',
  basis: '银湖市司法局审查要点第3条',
  options: { triggers: ['保证金'] },
};

describe('the office layer', () => {
  it('runs only national + common-local (and the fair-competition pack national extends) on a fresh install, not every seed', async () => {
    const d = await seeded();
    expect(await ids(d)).toEqual(['common-local', 'fair-competition', 'higher-law', 'national']);
    const on = (await listPacks(d)).filter((p) => p.enabled).map((p) => p.id);
    expect(on.sort()).toEqual(['common-local', 'fair-competition', 'higher-law', 'national']);
    expect((await getSettings(d)).officePack).toBe('common-local');
    // No regional checklist item reaches the engine.
    const compiled = compilePacks(await getActivePacks(d));
    expect(
      compiled.checklist.every((c) =>
        ['fair-competition', 'higher-law', 'national', 'common-local'].includes(c.packId),
      ),
    ).toBe(true);
  });

  it('switches to a regional layer and back, and keeps the choice over a seed update', async () => {
    const d = await seeded();
    expect(await setOfficePack(d, 'lanzhou')).toMatchObject({ ok: true });
    expect(await ids(d)).toEqual([
      'common-local',
      'fair-competition',
      'higher-law',
      'lanzhou',
      'national',
    ]);
    await syncSeeds(d, seedPacks);
    expect(await ids(d)).toEqual([
      'common-local',
      'fair-competition',
      'higher-law',
      'lanzhou',
      'national',
    ]);
    await setOfficePack(d, 'guangzhou');
    expect(await ids(d)).toEqual([
      'common-local',
      'fair-competition',
      'guangzhou',
      'higher-law',
      'national',
    ]);
    expect((await getSettings(d)).officePack).toBe('guangzhou');
  });

  it('refuses to switch off a pack of the layer, with the reason', async () => {
    const d = await seeded();
    const before = await dumpAll(d);
    const r = await setPackEnabled(d, 'national', false);
    expect(r).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/规则层/) }] });
    expect(await dumpAll(d)).toEqual(before);
  });

  it('refuses an unknown layer or pack, and removing a rule from a seed pack, writing nothing', async () => {
    const d = await seeded();
    const before = await dumpAll(d);
    expect(await setOfficePack(d, 'zhejiang')).toMatchObject({
      ok: false,
      errors: [{ path: '规则包“zhejiang”', message: '找不到该规则包' }],
    });
    expect(await setPackEnabled(d, 'zhejiang', true)).toMatchObject({
      ok: false,
      errors: [{ message: '找不到该规则包' }],
    });
    const national = seedPacks.find((p) => p.id === 'national')!;
    expect(await removeOfficeRule(d, 'national', national.rules[0]!.id)).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/本单位规则包/) }],
    });
    expect(await dumpAll(d)).toEqual(before);
  });

  it('switching a pack on brings what it extends', async () => {
    const d = await seeded();
    await setOfficePack(d, 'national');
    expect(await ids(d)).toEqual(['fair-competition', 'higher-law', 'national']);
    await setPackEnabled(d, 'huizhou', true);
    expect(await ids(d)).toEqual([
      'common-local',
      'fair-competition',
      'higher-law',
      'huizhou',
      'national',
    ]);
    expect(await setPackEnabled(d, 'common-local', false)).toMatchObject({ ok: false });
  });
});

describe('parameters', () => {
  it('changes the validity cap from 5 to 3 years: a 5-year document gets the over-cap finding', async () => {
    const d = await seeded();
    const text = readFileSync(
      join(__dirname, '../../../seeds/documents/n-yinhu-maintenance-fund-rules.txt'),
      'utf8',
    );
    const run = async () =>
      check(modelFromText(text), compilePacks(await getActivePacks(d)), {
        today: '2026-11-27',
      }).findings.map((f) => f.ruleId);
    const capRule = 'common-local/VP-OVERCAP';
    const before = await run();
    expect(before).not.toContain(capRule);
    const params = effectiveParams(await listPacks(d), [], 'common-local');
    const cap = params.find((p) => p.key === 'validity.maxYears.default');
    expect(cap).toMatchObject({ value: 5, packId: 'common-local', overridden: false });

    expect(await setParamOverride(d, 'common-local', 'validity.maxYears.default', 3)).toMatchObject(
      { ok: true },
    );
    const rows = await listPacks(d);
    const changed = effectiveParams(
      rows,
      rows.flatMap((r) => r.overrides),
      'common-local',
    ).find((p) => p.key === 'validity.maxYears.default');
    expect(changed).toMatchObject({ value: 3, overridden: true, original: 5 });
    expect(changed?.basis).toMatch(/上海/);
    expect(await run()).toContain(capRule);

    expect(await setParamOverride(d, 'common-local', 'validity.maxYears.default', null)).toEqual({
      ok: true,
      value: null,
    });
    expect(await d.overrides.count()).toBe(0);
  });

  it("validates the office's other values of the pack with the one it sets", async () => {
    const d = await seeded();
    // A value that no longer fits (written before a seed update changed the parameter's type).
    await d.overrides.put({
      key: 'common-local/@params',
      packId: 'common-local',
      ruleId: '@params',
      options: { 'effective.minGapDays': '三十' },
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    const before = await dumpAll(d);
    const r = await setParamOverride(d, 'common-local', 'validity.maxYears.default', 3);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await dumpAll(d)).toEqual(before);
  });

  it('refuses a wrong value type and a catastrophic pattern, writing nothing', async () => {
    const d = await seeded();
    const before = await dumpAll(d);
    const text = await setParamOverride(d, 'common-local', 'effective.minGapDays', '三十');
    expect(text.ok).toBe(false);
    const redos = await setParamOverride(d, 'national', 'registration.patterns', ['(a+)+$']);
    expect(redos.ok).toBe(false);
    if (!redos.ok) expect(redos.errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await dumpAll(d)).toEqual(before);
    // The same check runs while typing, without a database.
    const national = seedPacks.find((p) => p.id === 'national')!;
    expect(validateParamValue(national, [], 'registration.patterns', ['(a+)+$'])).not.toEqual([]);
    expect(
      validateParamValue(national, [], 'registration.patterns', ['^YHGF-\\d{4}-\\d{3}$']),
    ).toEqual([]);
  });
});

describe('rule overrides and resets', () => {
  it('validates an override as typed and resets a rule and a whole pack', async () => {
    const d = await seeded();
    const national = seedPacks.find((p) => p.id === 'national')!;
    const pattern = national.rules.find((r) => r.kind === 'pattern')!;
    expect(validateRuleOverride(national, [], pattern.id, { severity: 'info' })).toEqual([]);
    const bad = validateRuleOverride(national, [], pattern.id, {
      options: { triggers: ['(x+)+y'] },
    });
    expect(bad[0]?.path).toContain(pattern.id);

    await setRuleOverride(d, 'national', pattern.id, { severity: 'info' });
    await setParamOverride(d, 'national', 'citation.window', 10);
    expect(await d.overrides.count()).toBe(2);
    await setRuleOverride(d, 'national', pattern.id, null);
    expect(await d.overrides.count()).toBe(1);
    expect(await resetPack(d, 'national')).toEqual({ ok: true, value: 1 });
    expect(await d.overrides.count()).toBe(0);
  });
});

describe("the office's own rules", () => {
  it('adds a custom rule of an existing kind to the office pack, which then runs', async () => {
    const d = await seeded();
    expect(validateCustomRule(customRule)).toEqual([]);
    const added = await addOfficeRule(d, customRule);
    expect(added).toMatchObject({ ok: true, value: { id: 'office', version: '1.0.0' } });
    expect(await ids(d)).toEqual([
      'common-local',
      'fair-competition',
      'higher-law',
      'national',
      'office',
    ]);
    const again = await addOfficeRule(d, { ...customRule, severity: 'error' });
    expect(again).toMatchObject({ ok: true, value: { version: '1.0.1' } });
    expect(await removeOfficeRule(d, 'office', customRule.id)).toMatchObject({ ok: true });
    expect((await d.packs.get('office'))?.pack.rules).toEqual([]);
  });

  it('refuses a custom rule with a bad field, naming it, and writes nothing', async () => {
    const d = await seeded();
    const before = await dumpAll(d);
    const r = await addOfficeRule(d, { ...customRule, options: { triggers: ['(a+)+$'] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toMatch(/YH-NO-DEPOSIT/);
    expect(validateCustomRule({ ...customRule, basis: '' })[0]?.path).toMatch(/依据|basis/);
    expect(await addOfficeRule(d, customRule, 'national')).toMatchObject({ ok: false });
    expect(await dumpAll(d)).toEqual(before);
  });
});

describe('the packs served to the page engine', () => {
  it('serves the active packs validated, so the page compiles them without validating again', async () => {
    const d = await seeded();
    const served = await servePacks(d);
    expect(served.packs.map((p) => p.id)).toEqual((await getActivePacks(d)).map((p) => p.id));
    expect(served.refs.map((r) => r.id)).toEqual(served.packs.map((p) => p.id));
    const text =
      '某某市某某管理办法\n第一条　违反本办法的，处2000元罚款。\n第二条　本办法自2026年1月1日起施行。';
    const opts = { today: '2026-11-27' };
    const trusted = check(
      modelFromText(text),
      compilePacks(served.packs, undefined, { validated: true }),
      opts,
    );
    const checked = check(modelFromText(text), compilePacks(await getActivePacks(d)), opts);
    expect(trusted).toEqual(checked);
    expect(trusted.findings.map((f) => f.ruleId)).toContain('national/NB-CF');
  });

  it('drops what a stored pack got wrong (a restored backup is not vetted rule by rule)', async () => {
    const d = await seeded();
    const stored = (await d.packs.get('common-local'))!;
    const bad = {
      ...stored.pack.rules[0]!,
      id: 'BAD-REDOS',
      kind: 'pattern',
      options: { triggers: ['(a+)+$'] },
    };
    // Written past the import checks, as a restore writes rows.
    await d.packs.put({ ...stored, pack: { ...stored.pack, rules: [...stored.pack.rules, bad] } });
    const served = await servePacks(d);
    const cl = served.packs.find((p) => p.id === 'common-local')!;
    expect(cl.rules.map((r) => r.id)).not.toContain('BAD-REDOS');
    expect(cl.rules.length).toBe(stored.pack.rules.length);
    // The record still names the pack as stored.
    expect(served.refs.find((r) => r.id === 'common-local')?.version).toBe(stored.pack.version);
    // A pack invalid as a whole is left out rather than half-run.
    await d.packs.put({ ...stored, pack: { ...stored.pack, version: '' } });
    expect((await servePacks(d)).packs.map((p) => p.id)).toEqual([
      'fair-competition',
      'higher-law',
      'national',
    ]);
  });
});
