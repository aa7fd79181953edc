/**
 * The 公平竞争审查 end to end in the BUILT extension (real Chromium): a demo 征求意见稿 on
 * government procurement that names a company to deliver (由…集团有限公司统一配送), prefers
 * local products and requires outside suppliers to set up a local branch. The side panel's
 * 公平竞争审查 tab says the text concerns business (政府采购、招标投标), flags the items of 条例
 * 第八条第（三）项 and 第九条 with the findings, and takes the reviewer's conclusion; it is
 * kept for the document, goes into the record saved from the popup, and shows in the log.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openExtensionPage, screenshot, tabIdOf, useExtension } from './helpers';

const DRAFT = 'd-tingjiang-canteen-food-procurement.html';
const env = useExtension();

/** A whole object store of the extension's database (raw IndexedDB, the extension's origin). */
async function storeRows(page: Page, store: string): Promise<any[]> {
  return page.evaluate(
    (name) =>
      new Promise<any[]>((resolve, reject) => {
        const open = indexedDB.open('guishen');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction([name], 'readonly');
          const all = tx.objectStore(name).getAll();
          tx.oncomplete = () => resolve(all.result);
          tx.onerror = () => reject(tx.error);
        };
      }),
    store,
  );
}

describe('公平竞争审查 in Chromium', () => {
  let tabId: number;
  let url: string;

  it('flags the restrictions in the side panel and keeps the reviewer’s conclusion', async () => {
    const page = await env.ext.context.newPage();
    url = `${env.portal.url}/${DRAFT}`;
    await page.goto(url);
    tabId = await tabIdOf(env.ext, url);
    expect(tabId).toBeGreaterThan(0);

    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${tabId}`, {
      width: 480,
      height: 1400,
    });
    await panel.getByRole('tab', { name: env.t('panel.tabCompetition') }).click();
    const section = panel.getByTestId('competition');
    // Concerns business, proposed from 实施办法 第二条's domains.
    await expect
      .poll(() => section.getByTestId('competition-scope').textContent(), { timeout: 15_000 })
      .toContain('政府采购');
    expect(await section.getByTestId('competition-na').count()).toBe(0);

    // The named company (第八条第（三）项) and the local preferences (第九条) fail their items,
    // each with the quoted text as evidence.
    const item = (id: string) => section.locator(`[data-item="${id}"]`);
    for (const [id, quote] of [
      ['FC-C-8-3', '汀江市粮油储备集团有限公司'],
      ['FC-C-9-1', '优先采购本地企业'],
      ['FC-C-9-2', '须在本市设立分支机构'],
      ['FC-C-9-3', '供应商须在本市设立'],
    ] as const) {
      expect(await item(id).getAttribute('data-status'), id).toBe('fail');
      expect(await item(id).textContent(), id).toContain(quote);
    }
    // An open, non-restrictive item is not failed by the text.
    expect(await item('FC-C-10-1').getAttribute('data-status')).not.toBe('fail');

    await section.getByRole('radio', { name: '不符合', exact: true }).check();
    // Kept for the document (the side panel's state row), before any record is saved.
    await expect
      .poll(
        async () =>
          (await storeRows(panel, 'checklist')).find((s) => s.competition)?.competition ?? null,
        { timeout: 10_000 },
      )
      .toEqual({ concerns: null, conclusion: '不符合' });
    await screenshot(panel, 'competition-sidepanel');
    await panel.close();
  });

  it('stores the conclusion with the record saved from the popup and shows it in the log', async () => {
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${tabId}`, {
      width: 420,
      height: 1100,
    });
    await popup.getByRole('radio', { name: env.t('common.conclusionAmend') }).check();
    await popup
      .getByLabel(env.t('common.record.opinion'))
      .fill('第四条至第六条限定经营者、排斥外地经营者，应当删除。');
    await popup.getByLabel(env.t('common.record.reviewer')).fill('张审查');
    await popup.getByTestId('save-record').click();
    await expect
      .poll(() => popup.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.saved', [1, '']).trim());
    const rows = await storeRows(popup, 'records');
    expect(rows).toHaveLength(1);
    expect(rows[0].url).toBe(url);
    expect(rows[0].competition).toEqual({ concerns: true, conclusion: '不符合' });
    await popup.close();

    const log = await openExtensionPage(env.ext, 'options.html', { width: 1280, height: 900 });
    const table = log.getByTestId('log');
    const headers = table.locator('thead th');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    const names = await headers.allTextContents();
    const at = names.indexOf(env.t('options.log.competition'));
    expect(at).toBeGreaterThan(0);
    expect(await table.locator('tbody tr').first().locator('td').nth(at).textContent()).toBe(
      '不符合',
    );
    await log.close();
  });
});
