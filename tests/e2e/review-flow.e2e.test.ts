/**
 * The reviewer's flow end to end in the BUILT extension (real Chromium): open a draft on the
 * demo portal, record 「修改后通过」 with an opinion in the popup, tick a manual checklist item
 * in the side panel (kept across a reload), then open the revised draft of the same document
 * and see the clause-by-clause comparison. Screenshots go to .output/e2e/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openExtensionPage, screenshot, tabIdOf, useExtension } from './helpers';

const V1 = 'rv-parking-rule-v1.html';
const V2 = 'rv-parking-rule-v2.html';
const FINES = 'nb-cf-dog-fines.html';
const OPINION = '第九条设定罚款，超出规范性文件权限，建议删除或改为援引上位法。';

const env = useExtension();

async function openDoc(file: string): Promise<{ page: Page; tabId: number }> {
  const page = await env.ext.context.newPage();
  const url = `${env.portal.url}/${file}`;
  await page.goto(url);
  const tabId = await tabIdOf(env.ext, url);
  expect(tabId).toBeGreaterThan(0);
  return { page, tabId };
}

/** Every review record in the extension's database (read with the raw IndexedDB API). */
async function records(page: Page): Promise<any[]> {
  return page.evaluate(
    () =>
      new Promise<any[]>((resolve, reject) => {
        const open = indexedDB.open('guishen');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['records', 'recordFindings', 'docVersions'], 'readonly');
          const rows = tx.objectStore('records').getAll();
          const findings = tx.objectStore('recordFindings').getAll();
          const versions = tx.objectStore('docVersions').getAll();
          tx.oncomplete = () =>
            resolve(
              rows.result.map((r: any) => ({
                ...r,
                findings: findings.result.find((f: any) => f.recordId === r.id)?.findings ?? [],
                version: versions.result.find((v: any) => v.recordId === r.id) ?? null,
              })),
            );
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

describe('review flow in Chromium', () => {
  let v1: { page: Page; tabId: number };

  it('records 「修改后通过」 with an opinion from the popup', async () => {
    v1 = await openDoc(V1);
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${v1.tabId}`, {
      width: 420,
      height: 1100,
    });
    await expect
      .poll(() => popup.getByTestId('verdict').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.draft'));
    expect(await popup.getByTestId('round-note').textContent()).toBe(
      env.t('common.record.firstRound'),
    );
    // The engine's classification is preselected (this draft is a 规章 draft → 非规范性文件).
    expect(await popup.getByRole('radio', { name: env.t('common.nonNormative') }).isChecked()).toBe(
      true,
    );
    await popup.getByRole('radio', { name: env.t('common.conclusionAmend') }).check();
    await popup.getByLabel(env.t('common.record.opinion')).fill(OPINION);
    await popup.getByLabel(env.t('common.record.reviewer')).fill('张审查');
    await popup.getByTestId('save-record').click();
    await expect
      .poll(() => popup.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.saved', [1, '']).trim());
    // The form lists round 1 and, the text being the same, offers to update it (a round is a
    // version of the text); the year's tally counts it.
    await expect.poll(() => popup.getByTestId('previous-round').count()).toBe(1);
    expect(await popup.getByTestId('previous-round').textContent()).toContain(
      env.t('common.conclusionAmend'),
    );
    expect(await popup.getByTestId('save-record').textContent()).toBe(
      env.t('common.record.update', [1]),
    );
    await expect
      .poll(() => popup.getByTestId('tally').textContent())
      .toMatch(new RegExp(`^1${env.t('popup.total')}`));
    await screenshot(popup, 'review-popup');

    const [rec] = await records(popup);
    expect(rec).toMatchObject({
      conclusion: '修改后通过',
      classification: 'non-normative',
      opinion: OPINION,
      reviewer: '张审查',
      round: 1,
      facts: { effectiveDate: '2027-01-01' },
    });
    expect(rec.extensionVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(rec.packs.length).toBeGreaterThan(0);
    expect(rec.packs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.version.text).toContain('第九条');
    await popup.close();
  });

  it('keeps a manual checklist tick in the side panel across a reload', async () => {
    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${v1.tabId}`, {
      width: 420,
      height: 1000,
    });
    await expect
      .poll(() => panel.getByTestId('progress').textContent(), { timeout: 10_000 })
      .toMatch(new RegExp(env.t('panel.checklist.progress', ['\\d+', '\\d+']).replace('/', '\\/')));
    const before = await panel.getByTestId('progress').textContent();
    const box = panel
      .locator('.checklist .item[data-status="manual"] input[type=checkbox]')
      .first();
    const itemId = await panel
      .locator('.checklist .item[data-status="manual"]')
      .first()
      .getAttribute('data-item');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await expect.poll(() => panel.getByTestId('progress').textContent()).not.toBe(before);
    // Let the write land, then reload the panel.
    await panel.waitForTimeout(300);
    await panel.reload();
    await expect
      .poll(() => panel.locator(`.checklist .item[data-item="${itemId}"] input`).isChecked(), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(await panel.getByTestId('round-banner').textContent()).toBe(
      env.t('common.record.updatesRound', [1]),
    );
    await screenshot(panel, 'review-sidepanel-checklist');
    await panel.close();
  });

  it('compares the revised draft with the recorded round, clause by clause', async () => {
    const v2 = await openDoc(V2);
    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${v2.tabId}`, {
      width: 420,
      height: 1400,
    });
    // Same document (the title without 征求意见稿/送审稿): round 2, compared with round 1.
    await expect
      .poll(() => panel.getByTestId('round-banner').textContent(), { timeout: 10_000 })
      .toBe(env.t('panel.roundBanner', [1, 2]));
    await panel.getByRole('tab', { name: env.t('panel.tabCompare') }).click();
    const summary = panel.getByTestId('compare-summary');
    await expect.poll(() => summary.count(), { timeout: 10_000 }).toBe(1);
    const text = (await summary.textContent()) ?? '';
    // 可以公示 → 应当公示, first in the list.
    expect(text).toContain(
      env.t('panel.compare.item', [
        env.t('panel.compare.kind.obligation'),
        env.t('panel.compare.direction.added'),
      ]),
    );
    expect(text).toContain('应当');
    expect(text).toContain('500'); // 200元 → 500元以上1000元以下
    expect(text).toContain('公众责任保险'); // removed after consultation
    expect(await summary.locator('li').first().getAttribute('data-kind')).toBe('obligation');
    const rows = panel.getByTestId('compare-rows');
    expect(await rows.locator('[data-status=inserted]').textContent()).toContain('第四条');
    expect(await rows.locator('[data-status=removed]').textContent()).toContain('第六条');
    expect(await rows.locator('[data-status=renumbered]').first().textContent()).toContain(
      env.t('panel.compare.arrow', ['第四条', '第五条']),
    );
    expect(await rows.locator('ins').count()).toBeGreaterThan(0);
    expect(await rows.locator('del').count()).toBeGreaterThan(0);
    await screenshot(panel, 'review-sidepanel-compare');

    // The popup of the revised draft shows round 1 and offers round 2.
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${v2.tabId}`, {
      width: 420,
      height: 1100,
    });
    await expect
      .poll(() => popup.getByTestId('round-note').textContent(), { timeout: 10_000 })
      .toBe(env.t('common.record.thisRound', [1, 2]));
    await screenshot(popup, 'review-popup-round2');
    await popup.close();
    await panel.close();
    await v2.page.close();
  });

  it('shows a checklist finding on the page and keeps a dismissal in the record', async () => {
    const doc = await openDoc(FINES);
    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${doc.tabId}`, {
      width: 420,
      height: 1000,
    });
    const failed = panel.locator('.checklist .item.fail').first();
    await expect.poll(() => failed.count(), { timeout: 10_000 }).toBe(1);
    await failed.locator('.evidence button').first().click();
    await expect
      .poll(() => doc.page.evaluate(() => String(getSelection())), { timeout: 5_000 })
      .not.toBe('');

    await panel.locator('#tab-findings').click();
    const first = panel.locator('.finding').first();
    const message = await first.locator('.msg').textContent();
    await first.getByRole('button', { name: env.t('panel.findings.dismiss') }).click();
    await first
      .getByRole('combobox', { name: env.t('panel.findings.dismissReason') })
      .selectOption({ label: env.t('panel.findings.reasonHigherLaw') });
    await first.getByRole('button', { name: env.t('panel.findings.dismissConfirm') }).click();
    await expect.poll(() => panel.locator('.dismissed-group').count()).toBe(1);
    await screenshot(panel, 'review-sidepanel-findings');

    await panel.getByRole('tab', { name: env.t('panel.tabRecord') }).click();
    const opinion = await panel.getByLabel(env.t('common.record.opinion')).inputValue();
    expect(opinion).toMatch(/^1\. 第[一二三四五六七八九十]+条/);
    await panel.getByRole('radio', { name: env.t('common.conclusionReject') }).check();
    await panel.getByTestId('save-record').click();
    await expect
      .poll(() => panel.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.saved', [1, '']).trim());
    const rec = (await records(panel)).find((r) => r.url.endsWith(FINES));
    expect(rec.reviewer).toBe('张审查'); // remembered from the first record
    const dismissed = rec.findings.filter((f: any) => f.dismissed);
    expect(dismissed).toHaveLength(1);
    expect(dismissed[0]).toMatchObject({
      message,
      dismissed: env.t('panel.findings.reasonHigherLaw'),
    });
    // The counts are of the open errors and warnings: the dismissed one and the 提示 are out.
    const open = rec.findings.filter((f: any) => !f.dismissed && f.severity !== 'info');
    expect(rec.findingCounts.error + rec.findingCounts.warning).toBe(open.length);
    expect(open.length).toBeGreaterThan(0);
    await panel.close();
    await doc.page.close();
  });
});
