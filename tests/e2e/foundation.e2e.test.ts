/**
 * The foundation, end to end: the BUILT extension in real Chromium. The content script runs
 * on a demo portal page; the popup, side panel and options pages render what it found.
 */
import { describe, expect, it } from 'vitest';
import { openExtensionPage, screenshot, tabIdOf, useExtension } from './helpers';

const DRAFT = 'd-yinhu-ride-hailing-5d.html';

const env = useExtension();

describe('the built extension in Chromium', () => {
  let tabId = -1;
  const url = () => `${env.portal.url}/${DRAFT}`;

  it('runs the content script on a demo draft page: badge and highlights appear', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(url());
    await page.bringToFront();
    const badge = page.locator('guishen-ui').locator('.gs-badge');
    await expect.poll(() => badge.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => badge.locator('.gs-draft').textContent()).toBe(env.t('badge.draft'));
    // The isolated and the main world share one highlight registry.
    const painted = await page.evaluate(() => {
      let n = 0;
      for (const [name, hl] of (CSS as any).highlights)
        if (String(name).startsWith('gs-')) n += hl.size;
      return n;
    });
    expect(painted).toBeGreaterThan(0);
    // Styled by the stylesheet the browser injected with the loader (content-script CSS):
    // nothing adopted into the page's document.
    const styled = await page.evaluate(() => {
      for (const [name, hl] of (CSS as any).highlights) {
        const r = [...hl][0] as Range | undefined;
        if (!String(name).startsWith('gs-fact') || !r) continue;
        const el =
          r.startContainer.nodeType === 1
            ? (r.startContainer as Element)
            : r.startContainer.parentElement!;
        return {
          bg: getComputedStyle(el, `::highlight(${name})`).backgroundColor,
          adopted: document.adoptedStyleSheets.length,
        };
      }
      return null;
    });
    expect(styled).toEqual({ bg: expect.stringMatching(/^rgba\(16, 185, 129/), adopted: 0 });
    await badge.locator('.gs-head').click();
    await expect.poll(() => badge.locator('.gs-body').count()).toBe(1);
    await screenshot(page, 'foundation-page');
    tabId = await tabIdOf(env.ext, url());
    expect(tabId).toBeGreaterThan(0);
  });

  it('popup shows the page at a glance', async () => {
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${tabId}`, {
      width: 400,
      height: 640,
    });
    await expect
      .poll(() => popup.getByTestId('verdict').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.draft'));
    expect(await popup.locator('.doc-title').textContent()).toContain('网络预约出租汽车');
    expect(await popup.getByTestId('score').textContent()).toMatch(/^\d+%$/);
    expect(await popup.getByTestId('tally').textContent()).toContain(env.t('common.normative'));
    await screenshot(popup, 'foundation-popup');
    await popup.close();
  });

  it('side panel shows the checklist and findings', async () => {
    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${tabId}`, {
      width: 420,
      height: 900,
    });
    await expect
      .poll(() => panel.getByTestId('progress').textContent(), { timeout: 10_000 })
      .toMatch(new RegExp(env.t('panel.checklist.progress', ['\\d+', '\\d+'])));
    expect(await panel.locator('.checklist fieldset').count()).toBeGreaterThan(2);
    await screenshot(panel, 'foundation-sidepanel');
    const findingsTab = env
      .t('panel.tabFindings', ['N'])
      .replace(/[()]/g, '\\$&')
      .replace('N', '\\d+');
    await panel.getByRole('tab', { name: new RegExp(`^${findingsTab}$`) }).click();
    expect(await panel.locator('.finding').count()).toBeGreaterThan(0);
    await panel.close();
  });

  it('options page lists the seeded rule packs and the year sentence', async () => {
    // The options page is a workbench of sections (issue 7); each has its own hash.
    const options = await openExtensionPage(env.ext, 'options.html#packs', {
      width: 1100,
      height: 800,
    });
    await expect
      .poll(() => options.getByTestId('packs').locator('tbody tr').count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    const table = await options.getByTestId('packs').textContent();
    expect(table).toContain('national');
    expect(table).toContain('common-local');
    await screenshot(options, 'foundation-options');
    await options.getByTestId('nav-report').click();
    await expect
      .poll(() => options.getByTestId('sentence').textContent(), { timeout: 10_000 })
      .toMatch(/共审查各类文件0件/);
    await options.close();
  });

  it('leaves a page that is not a document alone: no badge, no highlights', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.portal.url}/index.html`);
    await page.waitForTimeout(1500);
    expect(await page.locator('guishen-ui').count()).toBe(0);
    const painted = await page.evaluate(() => (CSS as any).highlights.size);
    expect(painted).toBe(0);
    await page.close();
  });

  it("the popup's 审查此页面 reviews a page the pre-check left alone", async () => {
    const page = await env.ext.context.newPage();
    // A news list: the pre-check says "not a document" and the loader leaves it alone.
    const home = `${env.portal.url}/review-now/news.html`;
    const items = Array.from(
      { length: 30 },
      (_, i) => `<li><a href="#">第${i + 1}次推进会召开</a></li>`,
    );
    await page.route(home, (r) =>
      r.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><title>汀江市人民政府门户网站</title><ul>${items.join('')}</ul>`,
      }),
    );
    await page.goto(home);
    await page.bringToFront();
    await page.waitForTimeout(800);
    // No report to find it by (tabIdOf): the host permission shows the background its URL.
    const id: number = await env.ext.worker.evaluate(async (u) => {
      const tabs = await (globalThis as any).chrome.tabs.query({});
      return tabs.find((x: { url?: string }) => x.url === u)?.id ?? -1;
    }, home);
    expect(id).toBeGreaterThan(0);
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${id}`, {
      width: 400,
      height: 640,
    });
    const notCovered = popup.getByTestId('not-covered');
    await expect.poll(() => notCovered.count(), { timeout: 10_000 }).toBe(1);
    await notCovered.getByRole('button').click();
    // The review bundle was injected into the tab and reported: the popup shows the page.
    await expect.poll(() => notCovered.count(), { timeout: 15_000 }).toBe(0);
    expect(await popup.locator('[role="alert"]').count()).toBe(0);
    await popup.close();
    await page.close();
  });
});
