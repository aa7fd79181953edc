/**
 * Layout and accessibility (issue 18 item 8) in the BUILT extension, real Chromium:
 * the in-page badge is dragged by its handle and keeps that place on the site after a reload,
 * moves with the arrow keys, stays inside a smaller window and steps aside from (or fades
 * over) the page's focused field; the popup's save action is inside a 600 px window without
 * scrolling; the options page's text is at least 14 px in a wide container; and axe-core finds
 * no violation on the popup, every side-panel tab, every options section, the badge and the
 * hit card. Screenshots go to .output/e2e/layout-*.png.
 *
 * axe is test-only: axe.min.js from node_modules is evaluated in the page by the test driver
 * (extension pages forbid inline scripts by their CSP, so page.addScriptTag is refused there;
 * the driver's evaluate is not a page script). The extension ships no remote or test code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, openExtensionPage, screenshot, tabIdOf, useExtension } from './helpers';

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** A county 养犬 draft with errors, warnings and a note (every pill has a count). */
const DRAFT = 'd-xiyuan-dog-county-table.html';
const SPOT_KEY = 'guishen.badgeSpot';

const env = useExtension();

interface Violation {
  id: string;
  help: string;
  nodes: string[];
}

/**
 * axe's violations on `page` (optionally within `include`, e.g. the extension's shadow host),
 * with how many checks passed, so an empty list is not an empty run.
 */
async function axe(
  page: Page,
  include?: string[][],
): Promise<{ violations: Violation[]; passes: number }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async (inc) => {
    const a = (window as any).axe;
    const r = await a.run(inc ? { include: inc } : document, {
      resultTypes: ['violations', 'passes'],
    });
    return {
      violations: r.violations.map((v: any) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.map((n: any) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      })),
      passes: r.passes.length,
    };
  }, include ?? null);
}

async function expectNoViolations(page: Page, what: string, include?: string[][]): Promise<void> {
  const r = await axe(page, include);
  expect(r.violations, what).toEqual([]);
  expect(r.passes, `${what}: axe checked something`).toBeGreaterThan(3);
}

type Rect = { x: number; y: number; width: number; height: number };

async function badgeBox(page: Page): Promise<Rect> {
  return (await page.locator('guishen-ui .gs-badge').boundingBox())!;
}

async function storedSpot(origin: string): Promise<unknown> {
  return env.ext.worker.evaluate(
    async ([key, o]) => {
      const got = await (globalThis as any).chrome.storage.local.get(key);
      return got[key]?.[o]?.anchor ?? null;
    },
    [SPOT_KEY, origin] as const,
  );
}

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layout: the badge keeps clear of the page', () => {
  let page: Page;
  let url = '';

  it("keeps clear of a portal's top links and search box where it was never moved", async () => {
    // The 汀江 portal page: 无障碍浏览 | 长者模式 | 繁體 | English and a search box in the top right.
    const portal = await env.ext.context.newPage();
    await portal.goto(`${env.portal.url}/nb-cf-dog-fines.html`);
    await portal.getByRole('button', { name: env.t('badge.move') }).waitFor({ timeout: 15_000 });
    const clickable = portal.locator('a[href], input, button').filter({ visible: true });
    const boxes = await clickable.evaluateAll((els) =>
      // The page's own (the locator also finds the badge's buttons in its shadow root).
      els
        .filter((e) => !(e.getRootNode() instanceof ShadowRoot))
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
    );
    expect(boxes.length).toBeGreaterThan(5);
    const badge = await badgeBox(portal);
    expect(boxes.filter((b) => overlap(b, badge))).toEqual([]);
    // Expanded, it grows away from the edge it sits at and stays in the window.
    await portal.locator('guishen-ui .gs-head').click();
    await portal.locator('guishen-ui .gs-body').waitFor();
    await expect
      .poll(async () => {
        const b = await badgeBox(portal);
        return b.y >= 0 && b.y + b.height <= 900;
      })
      .toBe(true);
    await screenshot(portal, 'layout-badge-portal');
    await portal.close();
  });

  it('is dragged by its handle and keeps that place on the site after a reload', async () => {
    page = await env.ext.context.newPage();
    url = `${env.portal.url}/${DRAFT}`;
    await page.goto(url);
    const grip = page.getByRole('button', { name: env.t('badge.move') });
    await grip.waitFor({ timeout: 15_000 });
    const before = await badgeBox(page);
    // Top right by default (the demo portal has nothing to click there).
    expect(before.x + before.width).toBeGreaterThan(1280 - 40);
    expect(before.y).toBeLessThan(40);

    const g = (await grip.boundingBox())!;
    const [cx, cy] = [g.x + g.width / 2, g.y + g.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 300, cy + 200, { steps: 8 });
    await page.mouse.move(cx - 400, cy + 300, { steps: 8 });
    await page.mouse.up();
    const dropped = await badgeBox(page);
    expect(Math.round(dropped.x - before.x)).toBe(-400);
    expect(Math.round(dropped.y - before.y)).toBe(300);
    await expect.poll(() => storedSpot(env.portal.url)).not.toBeNull();
    // Nothing in the page's own storage.
    expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);

    await page.reload();
    await grip.waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => {
        const b = await badgeBox(page);
        return [Math.round(b.x), Math.round(b.y)];
      })
      .toEqual([Math.round(dropped.x), Math.round(dropped.y)]);
    await screenshot(page, 'layout-badge-dragged');
  });

  it('moves with the arrow keys on its handle and goes back with Home', async () => {
    const grip = page.getByRole('button', { name: env.t('badge.move') });
    const at = await badgeBox(page);
    await grip.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect
      .poll(async () => {
        const b = await badgeBox(page);
        return [Math.round(b.x - at.x), Math.round(b.y - at.y)];
      })
      .toEqual([-64, 16]);
    await expect
      .poll(async () => ((await storedSpot(env.portal.url)) as { y?: number })?.y)
      .not.toBe(undefined);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await badgeBox(page)).y).toBeLessThan(40);
    await expect.poll(() => storedSpot(env.portal.url)).toBeNull();
  });

  it('stays inside a window made smaller than its place', async () => {
    const grip = page.getByRole('button', { name: env.t('badge.move') });
    const g = (await grip.boundingBox())!;
    await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2);
    await page.mouse.down();
    await page.mouse.move(1270, 880, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => storedSpot(env.portal.url)).toMatchObject({ h: 'right', v: 'bottom' });
    await page.setViewportSize({ width: 700, height: 500 });
    await expect
      .poll(async () => {
        const b = await badgeBox(page);
        return b.x >= 0 && b.y >= 0 && b.x + b.width <= 700 && b.y + b.height <= 500;
      })
      .toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(async () => (await badgeBox(page)).y).toBeGreaterThan(800);
  });

  it('steps aside from a focused search box under it, and fades over a field that fills the window', async () => {
    const at = await badgeBox(page);
    // A portal's search box exactly where the badge is.
    await page.evaluate((b) => {
      const input = document.createElement('input');
      input.id = 'portal-search';
      input.setAttribute('aria-label', '站内搜索');
      input.style.cssText = `position:fixed;left:${b.x}px;top:${b.y}px;width:${b.width}px;height:${b.height}px`;
      document.body.append(input);
    }, at);
    const search = page.locator('#portal-search');
    await search.focus();
    const field = (await search.boundingBox())!;
    await expect.poll(async () => overlap(await badgeBox(page), field)).toBe(false);
    await screenshot(page, 'layout-badge-aside');
    await search.evaluate((el) => (el as HTMLElement).blur());
    await expect.poll(async () => (await badgeBox(page)).y).toBe(at.y);

    await page.evaluate(() => {
      const ta = document.createElement('textarea');
      ta.id = 'portal-editor';
      ta.setAttribute('aria-label', '编辑器');
      ta.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh';
      document.body.append(ta);
    });
    await page.locator('#portal-editor').focus();
    await expect
      .poll(() => page.locator('guishen-ui .gs-badge').getAttribute('data-faded'))
      .toBe('true');
    expect(
      await page
        .locator('guishen-ui .gs-badge')
        .evaluate((el) => getComputedStyle(el).pointerEvents),
    ).toBe('none');
    await page.locator('#portal-editor').evaluate((el) => el.remove());
    await expect
      .poll(() => page.locator('guishen-ui .gs-badge').getAttribute('data-faded'))
      .toBeNull();
    await page.close();
  });
});

describe('accessibility: axe finds no violation', () => {
  let tabId = 0;

  it('on the in-page badge, expanded, and on the hit card (the extension shadow root)', async () => {
    const page = await env.ext.context.newPage();
    const url = `${env.portal.url}/${DRAFT}`;
    await page.goto(url);
    await page.locator('guishen-ui .gs-badge').waitFor({ timeout: 15_000 });
    tabId = await tabIdOf(env.ext, url);
    const host = [['guishen-ui']];
    // axe reaches into the extension's shadow root: a nameless button put there is found.
    await page
      .locator('guishen-ui .gs-badge')
      .evaluate((b) =>
        b.append(Object.assign(document.createElement('button'), { id: 'nameless' })),
      );
    expect((await axe(page, host)).violations.map((v) => v.id)).toContain('button-name');
    await page.locator('guishen-ui #nameless').evaluate((b) => b.remove());
    await expectNoViolations(page, 'badge', host);
    await page.locator('guishen-ui .gs-head').click();
    await page.locator('guishen-ui .gs-body').waitFor();
    await expectNoViolations(page, 'badge expanded', host);
    await page.getByRole('button', { name: env.t('badge.next') }).click();
    await page.locator('guishen-ui .gs-card').waitFor();
    await expectNoViolations(page, 'hit card', host);
    await screenshot(page, 'layout-badge-card');
    // The tab stays open: the popup and the side panel below show its review.
  });

  it('on the popup in a 600 px window, whose save button is in view without scrolling', async () => {
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${tabId}`, {
      width: 400,
      height: 600,
    });
    const save = popup.getByTestId('save-record');
    await save.waitFor({ timeout: 15_000 });
    expect(await popup.evaluate(() => scrollY)).toBe(0);
    const box = (await save.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(600);
    await expectNoViolations(popup, 'popup');
    await screenshot(popup, 'layout-popup-600');
    // A record, so the log below has rows and count cells.
    await popup.getByRole('radio', { name: env.t('common.conclusionReject'), exact: true }).check();
    await popup.getByLabel(env.t('common.record.reviewer')).fill('李审查');
    await save.click();
    await expect
      .poll(() => popup.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.saved', [1, '']).split('·')[0]!.trim());
    await expectNoViolations(popup, 'popup after saving');
    await popup.close();
  });

  it('on every tab of the side panel', async () => {
    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${tabId}`, {
      width: 420,
      height: 900,
    });
    const tabs = panel.getByRole('tab');
    await expect.poll(() => tabs.count(), { timeout: 15_000 }).toBeGreaterThan(5);
    const n = await tabs.count();
    for (let i = 0; i < n; i++) {
      const tab = tabs.nth(i);
      const id = (await tab.getAttribute('id'))!;
      await tab.click();
      const content = panel.locator(`[role="tabpanel"][aria-labelledby="${id}"]`);
      await content.waitFor();
      // The record and opinion tabs fill in once the stored rounds are read.
      await expect
        .poll(() => content.evaluate((el) => el.childElementCount), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      await expectNoViolations(panel, `side panel ${id}`);
      await screenshot(panel, `layout-panel-${id.replace(/^tab-/, '')}`);
    }
    await panel.close();
  });

  it('on every section of the options page, whose text is at least 14 px in a wide container', async () => {
    const options = await openExtensionPage(env.ext, 'options.html#log', {
      width: 1280,
      height: 900,
    });
    for (const s of ['log', 'register', 'report', 'packs', 'backup', 'office', 'settings']) {
      await options.getByTestId(`nav-${s}`).click();
      const section = options.locator(`[data-section="${s}"]`);
      await section.waitFor({ timeout: 15_000 });
      await expect
        .poll(() => section.getByText(env.t('options.loading')).count(), { timeout: 15_000 })
        .toBe(0);
      if (s === 'log')
        await expect.poll(() => section.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
      await expectNoViolations(options, `options ${s}`);
      // The whole page: the header, the navigation and the section.
      const small = await options.locator('body').evaluate((root) => {
        const out: string[] = [];
        for (const el of root.querySelectorAll<HTMLElement>('*')) {
          const own = [...el.childNodes].some(
            (c) => c.nodeType === 3 && (c.textContent ?? '').trim() !== '',
          );
          if (!own || el.offsetParent === null || el.closest('.sr-only')) continue;
          const px = parseFloat(getComputedStyle(el).fontSize);
          if (px < 14) out.push(`${el.tagName.toLowerCase()}.${el.className} ${px}px`);
        }
        return out;
      });
      expect(small, `options ${s}: text under 14 px`).toEqual([]);
      await screenshot(options, `layout-options-${s}`);
    }
    const width = await options.locator('main').evaluate((m) => m.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(1280 * 0.9);
    await options.close();
  });
});
