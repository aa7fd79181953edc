/**
 * Issue 20: a backup is input like any other. A restore (replace and merge) runs the full pack
 * validation, keeps the shipped seed rules, checks overrides, settings and orphan rows, and
 * every refusal leaves the database exactly as it was (a full dump compared before and after).
 * A merge never replaces a record with another document.
 */
import { describe, expect, it } from 'vitest';
import { exportBackup, previewRestore, restoreBackup } from '@/lib/backup';
import { dumpAll, type GuishenDB } from '@/lib/db';
import { servePacks, setRuleOverride, syncSeeds } from '@/lib/packs';
import { createRecord, sha256Hex, updateSettings } from '@/lib/records';
import { seedPacks } from '@/rules/seeds';
import { dbPerTest, pack, recordInput } from './fixtures';

const db = dbPerTest();
const SEEDS = { seeds: [pack()] };

/** A database with the fixture seed, an override, a record and settings. */
async function populated(): Promise<GuishenDB> {
  const d = db();
  await syncSeeds(d, [pack()]);
  await setRuleOverride(d, 'national', 'no-fines', { severity: 'error' });
  await createRecord(d, recordInput({ text: '第一条 为了规范……' }));
  await updateSettings(d, { reviewerName: '张三', enabledSites: ['https://oa.example.gov.cn/*'] });
  return d;
}

async function exported(d: GuishenDB): Promise<Record<string, any>> {
  return JSON.parse(await exportBackup(d, { extensionVersion: '0.1.0' }));
}

/** Re-sign an edited backup, as a careful forger would, to reach the content checks. */
async function resign(file: Record<string, any>): Promise<string> {
  file.checksum = await sha256Hex(JSON.stringify(file.tables));
  return JSON.stringify(file);
}

const userPack = (over: Record<string, unknown> = {}) => ({
  id: 'office',
  name: '本单位规则',
  version: '1.0.0',
  jurisdiction: '本单位',
  extends: [],
  params: {},
  rules: [
    {
      id: 'R1',
      kind: 'pattern',
      severity: 'warning',
      category: '合法性',
      message: 'm',
      basis: 'b',
      enabled: true,
      options: { triggers: ['罚款'] },
    },
  ],
  checklist: [],
  ...over,
});
const userRow = (p: Record<string, unknown>) => ({
  id: p.id,
  source: 'user',
  enabled: true,
  pack: p,
  sha256: '0'.repeat(64),
  installedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const withRule = (options: unknown, extra: Record<string, unknown> = {}) =>
  userPack({
    rules: [
      {
        id: 'R1',
        kind: 'pattern',
        severity: 'warning',
        category: '合法性',
        message: 'm',
        basis: 'b',
        options,
        ...extra,
      },
    ],
  });

type Edit = (file: Record<string, any>) => void;

const BAD: Array<[string, Edit, RegExp, RegExp]> = [
  [
    'an office pack with a catastrophic trigger',
    (f) => f.tables.packs.push(userRow(withRule({ triggers: ['(a|a)*$'] }))),
    /规则包 office › 规则 R1 › options.triggers\[0\]/,
    /灾难性回溯/,
  ],
  [
    'an office pack with a catastrophic exclusion',
    (f) => f.tables.packs.push(userRow(withRule({ triggers: ['罚款'], exclude: ['\\d+\\d+x'] }))),
    /options.exclude\[0\]/,
    /相邻的/,
  ],
  [
    'an office pack with a catastrophic downgrade pattern',
    (f) =>
      f.tables.packs.push(
        userRow(withRule({ triggers: ['罚款'], downgrade: { patterns: ['.*.*='] } })),
      ),
    /options.downgrade.patterns\[0\]/,
    /灾难性回溯/,
  ],
  [
    'an office pack with a catastrophic registration pattern parameter',
    (f) =>
      f.tables.packs.push(
        userRow(
          userPack({
            params: { 'registration.patterns': { value: ['^(\\w+\\s?)*$'], basis: 'x' } },
          }),
        ),
      ),
    /params.registration.patterns\[0\]/,
    /灾难性回溯/,
  ],
  [
    'an office pack with a constructor parameter',
    (f) => {
      const p = userPack();
      (p.params as Record<string, unknown>) = JSON.parse('{"constructor":{"value":1,"basis":"x"}}');
      f.tables.packs.push(userRow(p));
    },
    /constructor/,
    /保留字/,
  ],
  [
    'an office pack with a __proto__ key in a rule’s options',
    (f) =>
      f.tables.packs.push(
        userRow(withRule(JSON.parse('{"triggers":["罚款"],"__proto__":{"x":1}}'))),
      ),
    /__proto__/,
    /保留字/,
  ],
  [
    'an office pack with an unknown rule kind',
    (f) => f.tables.packs.push(userRow(withRule({}, { kind: 'magic' }))),
    /规则 R1 › kind/,
    /未知的规则类型「magic」/,
  ],
  [
    'an office pack that extends itself',
    (f) => f.tables.packs.push(userRow(userPack({ extends: ['office'] }))),
    /extends/,
    /不能扩展它自己|循环/,
  ],
  [
    'an office pack that extends a missing pack',
    (f) => f.tables.packs.push(userRow(userPack({ extends: ['nowhere'] }))),
    /规则包/,
    /「nowhere」不存在/,
  ],
  [
    'two office packs extending each other',
    (f) => {
      f.tables.packs.push(userRow(userPack({ id: 'a', extends: ['b'] })));
      f.tables.packs.push(userRow(userPack({ id: 'b', extends: ['a'] })));
    },
    /规则包/,
    /形成循环/,
  ],
  [
    'an office pack with a seed pack’s id',
    (f) => {
      f.tables.packs = f.tables.packs.filter((r: { id: string }) => r.id !== 'national');
      f.tables.overrides = [];
      f.tables.packs.push(userRow(userPack({ id: 'national' })));
    },
    /规则包 › 第\d+条“national”/,
    /不能使用内置规则包的 id/,
  ],
  [
    'the seed pack with every rule switched off, version unchanged',
    (f) => {
      const row = f.tables.packs.find((r: { id: string }) => r.id === 'national');
      for (const r of row.pack.rules) r.enabled = false;
    },
    /第\d+条“national”/,
    /版本号相同而规则不同/,
  ],
  [
    'a seed pack this extension does not ship',
    (f) => {
      const row = structuredClone(f.tables.packs.find((r: { id: string }) => r.id === 'national'));
      row.id = 'martian';
      row.pack.id = 'martian';
      f.tables.packs.push(row);
    },
    /“martian”/,
    /本扩展没有这个内置规则包/,
  ],
  [
    'an override with a catastrophic pattern',
    (f) => {
      const o = f.tables.overrides[0];
      o.options = { triggers: ['(a+)+$'] };
    },
    /规则调整/,
    /灾难性回溯/,
  ],
  [
    'an override of a rule that does not exist',
    (f) => {
      const o = f.tables.overrides[0];
      o.ruleId = 'ghost';
      o.key = 'national/ghost';
    },
    /规则调整/,
    /没有规则“ghost”/,
  ],
  [
    'an override of a pack that does not exist',
    (f) => {
      const o = f.tables.overrides[0];
      o.packId = 'ghost';
      o.key = 'ghost/no-fines';
    },
    /规则调整/,
    /规则包“ghost”不存在/,
  ],
  [
    'an enabled site <all_urls>',
    (f) => (f.tables.settings[0].enabledSites = ['<all_urls>']),
    /启用的网站\(enabledSites\) › 第1项/,
    /不是 http 或 https 网站/,
  ],
  [
    'an enabled site javascript:',
    (f) => (f.tables.settings[0].enabledSites = ['javascript:alert(1)']),
    /启用的网站/,
    /不是 http 或 https 网站/,
  ],
  [
    'an office layer that does not exist',
    (f) => (f.tables.settings[0].officePack = 'nowhere'),
    /本单位规则层\(officePack\)/,
    /规则包“nowhere”不存在/,
  ],
  [
    'an opinion over the size limit',
    (f) => (f.tables.records[0].opinion = '意'.repeat(300_000)),
    /审查意见\(opinion\)/,
    /过长（300000 个字符，上限 200000）/,
  ],
  [
    'findings of a record that is not there',
    (f) => f.tables.recordFindings.push({ ...f.tables.recordFindings[0], recordId: 'orphan-1' }),
    /审查问题/,
    /“orphan-1”/,
  ],
  [
    'a document version of a record that is not there',
    (f) =>
      f.tables.docVersions.push({
        ...f.tables.docVersions[0],
        id: 'v-orphan',
        recordId: 'orphan-2',
      }),
    /文件版本/,
    /“v-orphan”/,
  ],
];

describe('restore refuses hostile content and changes nothing', () => {
  it.each(BAD)('refuses %s (replace and merge)', async (_what, edit, path, message) => {
    const d = await populated();
    const file = await exported(d);
    edit(file);
    const text = await resign(file);
    const before = await dumpAll(d);
    for (const mode of ['replace', 'merge'] as const) {
      for (const run of [previewRestore, restoreBackup]) {
        const r = await run(d, text, mode, SEEDS);
        expect(r.ok, `${mode} ${JSON.stringify(r).slice(0, 300)}`).toBe(false);
        if (!r.ok) {
          const all = r.errors.map((e) => `${e.path}：${e.message}`).join('\n');
          expect(all).toMatch(path);
          expect(all).toMatch(message);
          // Chinese reasons: no raw TypeError, no English sentence.
          expect(all).not.toMatch(/TypeError|is not a function|Expected/);
        }
      }
    }
    expect(await dumpAll(d)).toEqual(before);
  });
});

describe('restore repairs what it can, and says so', () => {
  it('accepts a file re-saved with a byte-order mark', async () => {
    const d = await populated();
    const text = await exportBackup(d, { extensionVersion: '0.1.0' });
    const r = await restoreBackup(d, `\uFEFF${text}`, 'replace', SEEDS);
    expect(r.ok).toBe(true);
  });

  it('accepts a re-indented file whose data is unchanged, and refuses an edited one saying so', async () => {
    const d = await populated();
    const file = await exported(d);
    const pretty = JSON.stringify(file, null, 2);
    expect((await restoreBackup(d, pretty, 'replace', SEEDS)).ok).toBe(true);
    const edited = pretty.replace('"reviewerName": "张三"', '"reviewerName": "李四"');
    expect(edited).not.toBe(pretty);
    const before = await dumpAll(d);
    const r = await restoreBackup(d, edited, 'replace', SEEDS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/内容在导出后被修改过（不只是换行或缩进）/);
    expect(await dumpAll(d)).toEqual(before);
  });

  it('restores a seed pack of another version as shipped, keeping its switch', async () => {
    const d = await populated();
    const file = await exported(d);
    const row = file.tables.packs.find((r: { id: string }) => r.id === 'national');
    row.pack.version = '0.9.0';
    for (const r of row.pack.rules) r.enabled = false;
    row.enabled = true;
    const r = await restoreBackup(d, await resign(file), 'replace', SEEDS);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.report.notes.join('')).toContain('按本扩展随附的版本 1.0.0 恢复');
    const stored = await d.packs.get('national');
    expect(stored?.pack).toEqual(pack());
    expect(stored?.enabled).toBe(true);
  });

  it('keeps serving the national rules after a backup that tried to switch them off', async () => {
    const d = db();
    await syncSeeds(d);
    const file = await exported(d);
    const row = file.tables.packs.find((r: { id: string }) => r.id === 'national');
    for (const r of row.pack.rules) r.enabled = false;
    const r = await restoreBackup(d, await resign(file), 'replace');
    expect(r.ok).toBe(false);
    const served = await servePacks(d);
    const national = served.packs.find((p) => p.id === 'national')!;
    expect(national.rules.filter((x) => x.enabled !== false).length).toBe(
      seedPacks.find((p) => p.id === 'national')!.rules.filter((x) => x.enabled !== false).length,
    );
  });

  it('says which tables and fields it leaves out', async () => {
    const d = await populated();
    const file = await exported(d);
    file.tables.futureTable = [{ id: 'x' }];
    file.tables.records[0].mood = '好';
    const r = await previewRestore(d, await resign(file), 'merge', SEEDS);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.report.notes).toContain('备份中的数据表“futureTable”本版本没有，将不恢复');
      expect(r.report.notes.join('\n')).toContain('审查记录中的字段 mood 本版本不认识');
    }
  });

  it('normalises enabled sites as the options page writes them', async () => {
    const d = await populated();
    const file = await exported(d);
    file.tables.settings[0].enabledSites = ['oa.example.gov.cn', 'https://cms.example.cn/a/b'];
    const r = await restoreBackup(d, await resign(file), 'replace', SEEDS);
    expect(r.ok).toBe(true);
    expect((await d.settings.get('settings'))?.enabledSites).toEqual([
      '*://oa.example.gov.cn/*',
      'https://cms.example.cn/*',
    ]);
  });
});

describe('merge never replaces a record with another document', () => {
  async function twoSides() {
    const mine = await populated();
    const [record] = await mine.records.toArray();
    const theirs = db();
    await syncSeeds(theirs, [pack()]);
    return { mine, record: record!, theirs };
  }

  it('keeps both when the same id is another document, and counts a conflict', async () => {
    const { mine, record } = await twoSides();
    const file = await exported(mine);
    const other = file.tables.records[0];
    other.title = '关于另一件事的通知';
    other.docNumber = '某政发〔2025〕9号';
    other.docKey = 'other-doc-key';
    other.conclusion = '不予通过';
    other.updatedAt = '2999-01-01T00:00:00.000Z';
    const text = await resign(file);
    const preview = await previewRestore(mine, text, 'merge', SEEDS);
    expect(preview.ok).toBe(true);
    if (preview.ok) {
      expect(preview.report.total.conflicts).toBe(1);
      expect(preview.report.conflicts[0]).toMatchObject({
        id: record.id,
        resolution: 'both',
        mine: { title: record.title, docKey: record.docKey },
        theirs: { title: '关于另一件事的通知', docKey: 'other-doc-key' },
      });
    }
    const r = await restoreBackup(mine, text, 'merge', SEEDS);
    expect(r.ok).toBe(true);
    const rows = await mine.records.toArray();
    expect(rows).toHaveLength(2);
    expect(await mine.records.get(record.id)).toMatchObject({
      title: record.title,
      conclusion: record.conclusion,
    });
    const kept = rows.find((x) => x.id !== record.id)!;
    expect(kept).toMatchObject({ title: '关于另一件事的通知', docKey: 'other-doc-key' });
    // Its findings and text follow it under its new id.
    expect(await mine.recordFindings.get(kept.id)).toBeDefined();
    expect(await mine.docVersions.where('recordId').equals(kept.id).count()).toBe(1);
  });

  it('reports equal stamps with different conclusions as a conflict, not a silent skip', async () => {
    const { mine, record } = await twoSides();
    const file = await exported(mine);
    file.tables.records[0].conclusion = record.conclusion === '通过' ? '不予通过' : '通过';
    const r = await restoreBackup(mine, await resign(file), 'merge', SEEDS);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.report.total.conflicts).toBe(1);
      expect(r.report.conflicts[0]!.why).toContain('修改时间相同');
    }
  });

  it('lets the reviewer keep mine or take theirs', async () => {
    for (const choice of ['mine', 'theirs'] as const) {
      const { mine, record } = await twoSides();
      const file = await exported(mine);
      Object.assign(file.tables.records[0], {
        docKey: 'k2',
        title: '另一份',
        updatedAt: '2999-01-01T00:00:00.000Z',
      });
      const r = await restoreBackup(mine, await resign(file), 'merge', {
        ...SEEDS,
        resolve: { [record.id]: choice },
      });
      expect(r.ok).toBe(true);
      expect(await mine.records.count()).toBe(1);
      expect((await mine.records.get(record.id))?.title).toBe(
        choice === 'mine' ? record.title : '另一份',
      );
    }
  });
});

describe('the shipped seed rules come back on every start', () => {
  it('repairs a seed row whose rules were switched off in place, its version and hash kept', async () => {
    const d = db();
    await syncSeeds(d, [pack()]);
    const row = (await d.packs.get('national'))!;
    await d.packs.put({
      ...row,
      pack: { ...row.pack, rules: row.pack.rules.map((r) => ({ ...r, enabled: false })) },
    });
    const report = await syncSeeds(d, [pack()]);
    expect(report.updated.map((u) => u.id)).toEqual(['national']);
    expect((await d.packs.get('national'))?.pack).toEqual(pack());
  });
});
