/**
 * A reviewer's walk through what the screens promise (issue 18), by visible labels in the BUILT
 * extension: review a draft with errors, see the checklist's honest states, try to pass it,
 * record 通过 with a reason, save the same text again (the round is updated, not added), open
 * the log and export the CSV and the .xlsx (read back with exceljs and converted by LibreOffice
 * headless, Chinese intact). Screenshots go to .output/e2e/trust-*.png.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openExtensionPage, screenshot, tabIdOf, useExtension } from './helpers';

/** A county 养犬 draft: 许可 and 罚款/没收 (three errors), no 文号 or 登记号 yet. */
const DRAFT = 'd-xiyuan-dog-county-table.html';
const REASON = '许可与处罚条款系转述《溪原县养犬管理条例》，起草单位已承诺在送审稿中改为援引。';

const env = useExtension();

/**
 * LibreOffice Calc, for the headless conversion: `soffice` with the Calc module (Debian's
 * libreoffice-calc-nogui; the Writer-only install cannot open a spreadsheet).
 */
const CALC = existsSync('/usr/lib/libreoffice/program/libsclo.so') ? 'soffice' : null;
/** The .xlsx the log exported (the LibreOffice step reads it). */
let xlsxPath = '';

async function records(page: Page): Promise<any[]> {
  return page.evaluate(
    () =>
      new Promise<any[]>((resolve, reject) => {
        const open = indexedDB.open('guishen');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['records'], 'readonly');
          const rows = tx.objectStore('records').getAll();
          tx.oncomplete = () => resolve(rows.result);
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

describe('a reviewer can trust what the screens say', () => {
  let tabId = 0;
  let page: Page;

  it('shows the checklist of a draft in honest states', async () => {
    page = await env.ext.context.newPage();
    const url = `${env.portal.url}/${DRAFT}`;
    await page.goto(url);
    tabId = await tabIdOf(env.ext, url);
    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${tabId}`, {
      width: 420,
      height: 900,
    });
    const item = (id: string) => panel.locator(`.checklist [data-item="${id}"]`);
    await expect.poll(() => item('SY-01').count(), { timeout: 15_000 }).toBe(1);
    // 发文字号 and 登记号 are not judged on a draft; publication neither.
    for (const id of ['SY-01', 'SY-02', 'SY-03'])
      expect(await item(id).textContent()).toContain(env.t('common.status.na'));
    expect(await item('BD-CF').textContent()).toContain(env.t('common.status.fail'));
    // A keyword scan that found nothing asks the reviewer.
    expect(await item('BD-QZ').textContent()).toContain(env.t('common.status.review'));
    await screenshot(panel, 'trust-sidepanel-checklist');
    await panel.close();
  });

  it('asks for a reason before 通过 over open errors, then records it; the save stays in view', async () => {
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${tabId}`, {
      width: 420,
      height: 600,
    });
    const save = popup.getByTestId('save-record');
    await expect.poll(() => save.count(), { timeout: 15_000 }).toBe(1);
    await popup.getByRole('radio', { name: env.t('common.conclusionPass'), exact: true }).check();
    await expect.poll(() => popup.getByTestId('pass-guard').count()).toBe(1);
    // The save action is within the 600 px popup without scrolling.
    const box = await save.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(600);
    await popup.getByLabel(env.t('common.record.reviewer')).fill('李审查');
    await save.click();
    await expect
      .poll(() => popup.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('通过');
    expect(await records(popup)).toHaveLength(0);
    await screenshot(popup, 'trust-popup-guard');

    // A reason of 10,000 characters is refused with its length and kept in the form.
    const reason = popup.getByLabel(env.t('common.record.reason'));
    await reason.fill('理'.repeat(10_000));
    await save.click();
    await expect
      .poll(() => popup.getByRole('alert').textContent())
      .toContain(env.t('common.record.reasonTooLong', [2000, 10000]).slice(0, 8));
    expect((await reason.inputValue()).length).toBe(10_000);
    expect(await records(popup)).toHaveLength(0);

    // A 审查时限 that is not a number is refused by name.
    await popup.getByText(env.t('common.record.officeFields')).click();
    const days = popup.getByLabel(env.t('common.record.reviewDays'));
    await days.fill('十五天');
    await reason.fill(REASON);
    await save.click();
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('十五天');
    await days.fill('15');
    await popup.getByLabel(env.t('common.record.drafter')).fill('溪原县公安局');
    await save.click();
    await expect
      .poll(() => popup.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.saved', [1, '']).split('·')[0]!.trim());
    await screenshot(popup, 'trust-popup-saved');
    const [rec] = await records(popup);
    expect(rec).toMatchObject({
      conclusion: '通过',
      conclusionReason: REASON,
      round: 1,
      docTitle: '溪原县城市养犬管理办法（征求意见稿）',
      drafter: '溪原县公安局',
      facts: { isDraft: true },
    });
    expect(rec.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Saving the same text again updates round 1.
    expect(await save.textContent()).toBe(env.t('common.record.update', [1]));
    await popup.getByRole('radio', { name: env.t('common.conclusionAmend'), exact: true }).check();
    await save.click();
    await expect
      .poll(() => popup.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.updated', [1, '']).split('·')[0]!.trim());
    const after = await records(popup);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ round: 1, conclusion: '修改后通过' });
    expect(after[0].history).toHaveLength(1);
    await screenshot(popup, 'trust-popup-updated');
    await popup.close();
  });

  it('lists the draft in the log under its own title, not in the register, and exports it', async () => {
    const options = await openExtensionPage(env.ext, 'options.html#log', {
      width: 1280,
      height: 900,
    });
    const log = options.getByTestId('log');
    await expect
      .poll(() => log.textContent(), { timeout: 15_000 })
      .toContain('溪原县城市养犬管理办法（征求意见稿）');
    expect(await log.textContent()).toContain(env.t('options.log.due'));
    await screenshot(options, 'trust-options-log');

    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByTestId('export-csv').click(),
    ]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [head, row] = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    const cell = (h: string) => row![head!.indexOf(h)];
    expect(cell('文件名称')).toBe('溪原县城市养犬管理办法（征求意见稿）');
    expect(cell('起草单位')).toBe('溪原县公安局');
    expect(cell('审查结论')).toBe('修改后通过');

    const [xlsx] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: env.t('options.log.exportXlsx') }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('审查台账.xlsx');
    xlsxPath = join(await mkdtemp(join(tmpdir(), 'guishen-xlsx-')), '审查台账.xlsx');
    await copyFile((await xlsx.path())!, xlsxPath);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(xlsxPath)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('审查台账')!;
    const heads = (ws.getRow(1).values as unknown[]).slice(1);
    const xcell = (h: string) => ws.getRow(2).getCell(heads.indexOf(h) + 1).value;
    expect(xcell('文件名称')).toBe('溪原县城市养犬管理办法（征求意见稿）');
    expect(xcell('起草单位')).toBe('溪原县公安局');
    expect(xcell('审查结论')).toBe('修改后通过');
    expect(xcell('文件类别')).toBe(cell('文件类别'));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    await expect
      .poll(() => options.locator('[data-section="log"] .status').textContent(), {
        timeout: 10_000,
      })
      .toContain('.xlsx');
    await screenshot(options, 'trust-options-xlsx');

    await options.goto(options.url().replace(/#.*$/, '#register'));
    await options.reload();
    await expect
      .poll(() => options.locator('[data-section="register"]').textContent(), { timeout: 15_000 })
      .not.toContain('溪原县城市养犬管理办法');
    await screenshot(options, 'trust-options-register');
    await options.close();
  });

  it.skipIf(!CALC)(
    'converts the exported .xlsx with LibreOffice headless, Chinese intact (skipped only without LibreOffice Calc: apt-get install libreoffice-calc-nogui)',
    async () => {
      expect(xlsxPath).not.toBe('');
      const out = await mkdtemp(join(tmpdir(), 'guishen-lo-'));
      execFileSync(
        CALC!,
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=file://${out}/profile`,
          // 44,34,76: comma, double quote, UTF-8 (76) for the CSV LibreOffice writes.
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1',
          '--outdir',
          out,
          xlsxPath,
        ],
        { stdio: 'ignore', timeout: 90_000 },
      );
      const text = await readFile(join(out, '审查台账.csv'), 'utf8');
      const [head, row] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
      expect(head!.slice(0, 3)).toEqual(['审查日期', '文件名称', '起草单位']);
      expect(row![head!.indexOf('文件名称')]).toBe('溪原县城市养犬管理办法（征求意见稿）');
      expect(row![head!.indexOf('审查结论')]).toBe('修改后通过');
    },
    120_000,
  );
});
