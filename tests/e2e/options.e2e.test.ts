/**
 * The options page end to end: the BUILT extension in real Chromium. Pack import (refused with
 * the rule and field named, nothing changed; then accepted and applied on a demo page), a
 * parameter change re-checking an open page, the log showing records saved through the
 * background, its CSV download, and backup → wipe → restore.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openExtensionPage, reportOf, screenshot, useExtension } from './helpers';

let dir: string;
let options: Page;

const env = useExtension();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guishen-options-e2e-'));
  options = await openExtensionPage(env.ext, 'options.html#packs', { width: 1280, height: 900 });
  await options.getByTestId('packs').waitFor({ timeout: 15_000 });
});

/** Rows of some tables of the extension's database, read with raw IndexedDB in a page. */
function dump(page: Page, tables: string[]): Promise<Record<string, unknown[]>> {
  return page.evaluate(async (names) => {
    const db: IDBDatabase = await new Promise((res, rej) => {
      const q = indexedDB.open('guishen');
      q.onsuccess = () => res(q.result);
      q.onerror = () => rej(q.error);
    });
    const out: Record<string, unknown[]> = {};
    for (const name of names) {
      out[name] = await new Promise((res, rej) => {
        const q = db.transaction(name).objectStore(name).getAll();
        q.onsuccess = () => res(q.result);
        q.onerror = () => rej(q.error);
      });
    }
    db.close();
    return out;
  }, tables);
}

/** The findings the background holds for the tab showing `url` (rule ids). */
async function findingsOf(url: string): Promise<string[] | null> {
  return (await reportOf(env.ext, url))?.findings.map((f) => f.ruleId) ?? null;
}

/** A pack of this office: one pattern rule that fires on the ride-hailing demo draft. */
const officePack = {
  id: 'yinhu-office',
  name: '银湖市司法局补充规则',
  version: '1.0.0',
  jurisdiction: '银湖市',
  extends: ['common-local'],
  params: {},
  rules: [
    {
      id: 'YH-RIDE',
      kind: 'pattern',
      severity: 'warning',
      category: '合法性',
      message: '涉及网约车经营的，应征求交通运输部门意见（本单位审查要点）',
      basis: '银湖市司法局规范性文件审查要点第7条',
      options: { triggers: ['网络预约出租汽车'] },
    },
  ],
  checklist: [],
};

describe('options page in Chromium', () => {
  it('refuses a pack file with an error, naming the rule and field, and changes nothing', async () => {
    const before = await dump(options, ['packs', 'overrides', 'settings']);
    const broken = structuredClone(officePack);
    (broken.rules[0] as Record<string, unknown>).severity = 'fatal';
    const file = join(dir, 'yinhu-office-broken.json');
    await writeFile(file, JSON.stringify(broken, null, 2));
    await options.getByTestId('import-pack').setInputFiles(file);
    const errors = options.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.textContent();
    expect(text).toContain('YH-RIDE');
    expect(text).toMatch(/严重程度|severity/);
    await screenshot(options, 'options-import-error');
    expect(await dump(options, ['packs', 'overrides', 'settings'])).toEqual(before);
    expect(await options.getByTestId('packs').textContent()).not.toContain('yinhu-office');
  });

  it('imports the fixed pack; its rule applies on a demo page', async () => {
    const file = join(dir, 'yinhu-office.json');
    await writeFile(file, JSON.stringify(officePack, null, 2));
    await options.getByTestId('import-pack').setInputFiles(file);
    await expect
      .poll(() => options.getByTestId('packs').textContent(), { timeout: 10_000 })
      .toContain('yinhu-office');
    expect(await options.getByTestId('import-errors').count()).toBe(0);

    const url = `${env.portal.url}/d-yinhu-ride-hailing-5d.html`;
    const page = await env.ext.context.newPage();
    await page.goto(url);
    await expect.poll(() => findingsOf(url), { timeout: 15_000 }).toContain('yinhu-office/YH-RIDE');
    await page.close();
  });

  it('changing the validity cap from 5 to 3 years gives an open 5-year document the over-cap finding', async () => {
    const url = `${env.portal.url}/n-baiyun-talent-apartment.html`;
    const page = await env.ext.context.newPage();
    await page.goto(url);
    await expect.poll(() => findingsOf(url), { timeout: 15_000 }).not.toBeNull();
    expect(await findingsOf(url)).not.toContain('common-local/VP-OVERCAP');

    await options.bringToFront();
    const row = options.locator('[data-param="validity.maxYears.default"]');
    await row.locator('input').fill('3');
    await row.locator('button[type="submit"]').click();
    await expect
      .poll(() => options.getByTestId('packs-status').textContent())
      .toContain('validity.maxYears.default');
    await screenshot(options, 'options-packs');

    // The page was told (packsChanged) and re-checked without a reload.
    await expect
      .poll(() => findingsOf(url), { timeout: 15_000 })
      .toContain('common-local/VP-OVERCAP');
    await page.close();
  });

  it('the log shows records saved through the background; its CSV parses with Chinese headers', async () => {
    const saved = await options.evaluate(async () => {
      const chrome = (globalThis as any).chrome;
      const conclusions = ['通过', '修改后通过', '不予通过'];
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const reply = await chrome.runtime.sendMessage({
          type: 'saveRecord',
          record: {
            url: `http://127.0.0.1/doc-${i}.html`,
            title: `银湖市第${i + 1}号测试文件管理办法`,
            docNumber: `银政规〔2026〕${i + 1}号`,
            registrationNumber: i % 2 ? `YHGF-2026-00${i}` : null,
            classification: i % 2 ? 'normative' : 'non-normative',
            conclusion: conclusions[i % 3],
            opinion: i === 2 ? '建议删除第五条，"罚款"不得设定。' : '同意出台。',
            reviewer: '张三',
            reviewedAt: new Date(Date.UTC(2026, i, 10, 2)).toISOString(),
            facts: {
              effectiveDate: '2026-03-01',
              validity: { years: 5, until: null, expiry: null },
            },
            findings: [],
            packs: [{ id: 'national', version: '1.0.0', sha256: 'a'.repeat(64) }],
            extensionVersion: '0.1.0',
          },
        });
        if (!reply.ok) throw new Error(reply.error);
        ids.push(reply.data.id);
      }
      return ids;
    });
    expect(saved).toHaveLength(6);

    await options.goto(options.url().replace(/#.*$/, '#log'));
    await options.reload();
    await expect
      .poll(() => options.getByTestId('log-count').textContent(), { timeout: 10_000 })
      .toMatch(/6/);
    expect(await options.locator('[data-testid="log"] tbody tr').count()).toBe(6);
    expect(await options.getByTestId('log').textContent()).toContain('银湖市第6号测试文件管理办法');
    await screenshot(options, 'options-log');

    // The file is made in the export worker (lib/export/export.worker.ts), not on the page's thread.
    const [download, worker] = await Promise.all([
      options.waitForEvent('download'),
      options.waitForEvent('worker'),
      options.getByTestId('export-csv').click(),
    ]);
    expect(worker.url()).toMatch(
      /^chrome-extension:\/\/[a-z]+\/assets\/export\.worker-[\w-]+\.js$/,
    );
    expect(download.suggestedFilename()).toMatch(/^审查台账.*\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [head, ...rows] = parsed.data;
    expect(head?.slice(0, 9)).toEqual([
      '审查日期',
      '文件名称',
      '起草单位',
      '收到日期',
      '审查时限',
      '发文字号',
      '登记号',
      '文件类别',
      '审查结论',
    ]);
    expect(rows).toHaveLength(6);
    const titleCol = head!.indexOf('文件名称');
    const opinionCol = head!.indexOf('审查意见');
    expect(rows.map((r) => r[titleCol]).sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => `银湖市第${i + 1}号测试文件管理办法`).sort(),
    );
    expect(rows.map((r) => r[opinionCol])).toContain('建议删除第五条，"罚款"不得设定。');
  });

  it('backup → wipe → restore gives the same log', async () => {
    const before = await dump(options, ['records', 'recordFindings']);
    const logBefore = await options.getByTestId('log').textContent();

    await options.getByTestId('nav-backup').click();
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByTestId('download-backup').click(),
    ]);
    const backup = join(dir, download.suggestedFilename());
    await download.saveAs(backup);

    // Wipe the log behind the page's back (as a lost profile would).
    await options.evaluate(async () => {
      const db: IDBDatabase = await new Promise((res, rej) => {
        const q = indexedDB.open('guishen');
        q.onsuccess = () => res(q.result);
        q.onerror = () => rej(q.error);
      });
      await new Promise<void>((res, rej) => {
        const tx = db.transaction(
          ['records', 'recordFindings', 'docVersions', 'logIndex'],
          'readwrite',
        );
        for (const n of ['records', 'recordFindings', 'docVersions', 'logIndex'])
          tx.objectStore(n).clear();
        tx.oncomplete = () => res();
        tx.onerror = () => rej(tx.error);
      });
      db.close();
    });
    await options.goto(options.url().replace(/#.*$/, '#log'));
    await options.reload();
    await expect
      .poll(() => options.getByTestId('log-count').textContent())
      .toMatch(/没有|No matching/);

    await options.getByTestId('nav-backup').click();
    await options.getByTestId('mode-replace').check();
    await options.getByTestId('restore-file').setInputFiles(backup);
    const preview = options.getByTestId('restore-preview');
    await preview.waitFor();
    expect(await preview.locator('[data-table="records"] td').first().textContent()).toBe('6');
    await screenshot(options, 'options-restore-preview');
    await options.getByTestId('confirm-restore').click();

    await expect.poll(() => options.locator('[data-testid="log"] tbody tr').count()).toBe(6);
    expect(await options.getByTestId('log').textContent()).toBe(logBefore);
    expect(await dump(options, ['records', 'recordFindings'])).toEqual(before);
  });

  it('the register and the annual report read the same log', async () => {
    await options.getByTestId('nav-register').click();
    await options.getByTestId('register').waitFor();
    // Three normative records, one of them 不予通过 (never issued, so not in the register).
    expect(await options.locator('[data-testid="register"] tbody tr').count()).toBe(2);
    await screenshot(options, 'options-register');
    await options.getByTestId('nav-report').click();
    await options.getByTestId('report-year').selectOption('2026');
    await expect
      .poll(() => options.getByTestId('sentence').textContent())
      .toBe('本年度共审查各类文件6件，其中行政规范性文件3件，非规范性文件3件');
    await screenshot(options, 'options-report');
    await options.emulateMedia({ media: 'print' });
    expect(await options.locator('nav.tabs').isVisible()).toBe(false);
    await options.emulateMedia({ media: 'screen' });
  });
});
