/**
 * The core flows in real Firefox ESR with the BUILT Firefox extension (.output/firefox-mv2),
 * over WebDriver BiDi: a draft on the demo portal gets its badge and its CSS highlights, the
 * popup records an outcome, the checklist (Firefox's sidebar_action page) keeps a manual tick,
 * and the options page lists the record and exports it as CSV.
 *
 * Extension pages are opened as tabs with `?tabId=` (as the Chromium suite does): BiDi cannot
 * reach the browser's popup or sidebar frames. The popup's 「打开审查清单（侧边栏）」 is clicked
 * for real, and Firefox's own sidebarAction.isOpen says whether the sidebar opened.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { ElementHandle, Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import {
  EXTENSION_ORIGIN,
  openExtensionPage,
  records,
  reloadExtensionPage,
  screenshot,
  tabEntryOf,
  useFirefox,
  waitFor,
} from './helpers';

const DRAFT = 'rv-parking-rule-v1.html';
const FINES = 'nb-cf-dog-fines.html';
const OPINION = '第九条设定罚款，超出规范性文件权限，建议删除或改为援引上位法。';

const env = useFirefox();

/** Text of the first element matching `selector` (`>>>` pierces the badge's shadow root). */
function text(page: Page, selector: string): Promise<string | undefined> {
  return page
    .$eval(selector, (e) => e.textContent ?? '')
    .catch(() => undefined)
    .then((s) => s ?? undefined);
}

/** Opens a portal page and waits for the background's report of it. */
async function openDoc(file: string) {
  const page = await env.ff.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = `${env.portal.url}/${file}`;
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  const entry = await waitFor(
    async () => (await tabEntryOf(env.ff, url)) ?? undefined,
    `the report of ${file}`,
  );
  return { page, url, errors, ...entry };
}

describe('the extension in Firefox ESR', () => {
  let draft: Awaited<ReturnType<typeof openDoc>>;

  it('runs in Firefox: sidebar_action instead of the side panel, the CSS Highlight API present', async () => {
    const facts = await env.ff.control.evaluate(() => {
      const b = (globalThis as any).browser;
      return {
        ua: navigator.userAgent,
        sidebar: b.runtime.getManifest().sidebar_action?.default_panel,
        sidebarAction: typeof b.sidebarAction?.open,
        sidePanel: typeof b.sidePanel,
        highlights: 'highlights' in CSS,
        origin: location.origin,
      };
    });
    expect(facts.ua).toMatch(/Firefox\/\d+/);
    expect(Number(/Firefox\/(\d+)/.exec(facts.ua)![1])).toBeGreaterThanOrEqual(140);
    expect(facts).toMatchObject({
      sidebar: `${EXTENSION_ORIGIN}/sidepanel.html`,
      sidebarAction: 'function',
      sidePanel: 'undefined',
      highlights: true,
      origin: EXTENSION_ORIGIN,
    });
  });

  it('marks a portal draft: the badge counts the findings and every place is highlighted', async () => {
    const doc = await openDoc(FINES);
    await doc.page.waitForSelector('guishen-ui >>> .gs-badge', { timeout: 30_000 });
    const report = doc.report!;
    expect(report.findings.length).toBeGreaterThan(0);
    // Each finding's range and its clause's other hits, and each fact: one highlight range.
    const places = report.findings.reduce((n, f) => n + 1 + (f.ranges?.length ?? 0), 0);
    const painted = await waitFor(
      () =>
        doc.page.evaluate(() => {
          let findings = 0;
          let facts = 0;
          for (const [name, hl] of (CSS as any).highlights) {
            const n = String(name);
            if (n.startsWith('gs-fact-')) facts += hl.size;
            else if (n.startsWith('gs-')) findings += hl.size;
          }
          return findings > 0 ? { findings, facts } : undefined;
        }),
      'the highlights',
    );
    expect(painted).toEqual({ findings: places, facts: report.factSpans.length });
    for (const sev of ['error', 'warning', 'info'] as const) {
      const n = report.findings.filter((f) => f.severity === sev).length;
      expect(await text(doc.page, `guishen-ui >>> .gs-count[data-severity="${sev}"]`)).toBe(
        `${env.t(`common.${sev}`)} ${n}`,
      );
    }
    // The toolbar button shows the error count (MV2 Firefox: browserAction, not action).
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    expect(errors).toBeGreaterThan(0);
    await waitFor(
      () =>
        env.ff.control.evaluate(
          async (tabId, want) =>
            (await (globalThis as any).browser.browserAction.getBadgeText({ tabId })) === want
              ? true
              : undefined,
          doc.tabId,
          String(errors),
        ),
      'the toolbar badge',
    );
    // The highlights are painted by the stylesheet the manifest injects (::highlight rules).
    const styled = await doc.page.evaluate(() => {
      const el = document.querySelector('p, div, body')!;
      return getComputedStyle(el, '::highlight(gs-err-legal)').backgroundColor;
    });
    expect(styled).not.toMatch(/^(rgba\(0, 0, 0, 0\)|transparent)?$/);
    expect(doc.errors).toEqual([]);
    await screenshot(doc.page, 'firefox-portal-draft');

    // The badge's 「打开审查清单」 (a message to the background): Firefox carries no user gesture
    // through a message, so sidebarAction.open() refuses there and the checklist opens as a tab
    // beside the page instead (a later Firefox that carries it would open the sidebar).
    expect(await sidebarOpen()).toBe(false);
    await doc.page.click('guishen-ui >>> .gs-head');
    await doc.page.click('guishen-ui >>> .gs-open-panel');
    const opened = await waitFor(async () => {
      if (await sidebarOpen()) return 'sidebar';
      const tabs = await checklistTabs();
      return tabs.includes(`${EXTENSION_ORIGIN}/sidepanel.html?tabId=${doc.tabId}`)
        ? 'tab'
        : undefined;
    }, 'the checklist to open from the badge');
    console.log(`[firefox] the badge's button opened the checklist as a ${opened}`);
    if (opened === 'tab') {
      // That tab is the checklist of this page.
      const views = await env.ff.browser.pages();
      let found = false;
      for (const p of views) {
        const href = await p.evaluate(() => location.href).catch(() => '');
        if (!href.includes(`sidepanel.html?tabId=${doc.tabId}`)) continue;
        found = true;
        await waitFor(() => text(p, '[data-testid="progress"]'), 'the checklist in the tab');
        await p.close();
      }
      expect(found).toBe(true);
    }
    await doc.page.close();
  });

  it('records 「修改后通过」 with an opinion from the popup', async () => {
    draft = await openDoc(DRAFT);
    const popup = await openExtensionPage(env.ff, `popup.html?tabId=${draft.tabId}`, {
      width: 420,
      height: 1100,
    });
    await waitFor(
      async () =>
        (await text(popup, '[data-testid="verdict"]'))?.includes(env.t('common.draft'))
          ? true
          : undefined,
      'the verdict',
    );
    expect(await text(popup, '[data-testid="round-note"]')).toBe(env.t('common.record.firstRound'));
    // The engine's classification is preselected (a 规章 draft → 非规范性文件).
    expect(await popup.$eval('input[type=radio][value="non-normative"]', (e) => e.checked)).toBe(
      true,
    );
    await popup.click('input[type=radio][value="修改后通过"]');
    await popup.locator('#popup-opinion').fill(OPINION);
    await popup.locator('#popup-reviewer').fill('张审查');
    await popup.click('[data-testid="save-record"]');
    const saved = env.t('common.record.saved', [1, '']).trim();
    await waitFor(
      async () =>
        (await text(popup, '[data-testid="record-status"]'))?.includes(saved) ? true : undefined,
      'the saved status',
    );
    const [rec] = await records(popup);
    expect(rec).toMatchObject({
      url: draft.url,
      conclusion: '修改后通过',
      classification: 'non-normative',
      opinion: OPINION,
      reviewer: '张审查',
      round: 1,
    });
    expect(rec.packs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.extensionVersion).toMatch(/^\d+\.\d+\.\d+/);
    await screenshot(popup, 'firefox-popup');

    // The popup's button opens Firefox's sidebar (sidebarAction.open, inside the click).
    await closeSidebar();
    await waitFor(async () => ((await sidebarOpen()) ? undefined : true), 'the sidebar to close');
    const button = await popup.waitForFunction(
      (label) => [...document.querySelectorAll('button')].find((b) => b.textContent === label),
      { timeout: 30_000 },
      env.t('popup.openPanel'),
    );
    await (button.asElement() as ElementHandle<Element>).click();
    await waitFor(async () => ((await sidebarOpen()) ? true : undefined), 'the sidebar to open');
    await popup.close();
  });

  it('keeps a manual checklist tick in the sidebar page across a reload', async () => {
    const panel = await openExtensionPage(env.ff, `sidepanel.html?tabId=${draft.tabId}`, {
      width: 420,
      height: 1000,
    });
    const progress = () => text(panel, '[data-testid="progress"]');
    const before = await waitFor(progress, 'the checklist');
    const item = await panel.waitForSelector('.checklist .item[data-status="manual"]', {
      timeout: 30_000,
    });
    const itemId = await item!.evaluate((e) => e.getAttribute('data-item'));
    expect(itemId).toBeTruthy();
    const box = `.checklist .item[data-item="${itemId}"] input[type=checkbox]`;
    expect(await panel.$eval(box, (e) => (e as HTMLInputElement).checked)).toBe(false);
    await panel.click(box);
    await waitFor(
      async () => ((await progress()) !== before ? true : undefined),
      'the progress to change',
    );
    // The tick is stored in the background's database: wait for it there, then reload.
    const docKey = await tabEntryDocKey(draft.url);
    expect(docKey).toBeTruthy();
    await waitFor(
      () =>
        panel.evaluate(
          async (docKey, id) => {
            const r = await (globalThis as any).browser.runtime.sendMessage({
              type: 'getChecklistState',
              docKey,
            });
            return r?.ok && r.data.manual[id!] ? true : undefined;
          },
          docKey,
          itemId,
        ),
      'the stored tick',
    );
    await reloadExtensionPage(panel);
    await waitFor(
      () =>
        panel
          .$eval(box, (e) => ((e as HTMLInputElement).checked ? true : undefined))
          .catch(() => undefined),
      'the tick after the reload',
    );
    expect(await text(panel, '[data-testid="round-banner"]')).toBe(
      env.t('common.record.updatesRound', [1]),
    );
    await screenshot(panel, 'firefox-sidebar-checklist');
    await panel.close();
  });

  it('lists the record in the options page and exports it as CSV', async () => {
    const options = await openExtensionPage(env.ff, 'options.html#log');
    await waitFor(
      async () =>
        (await text(options, '[data-testid="log-count"]'))?.match(/\b1\b/) ? true : undefined,
      'the log count',
    );
    const rows = await options.$$eval('[data-testid="log"] tbody tr', (r) =>
      r.map((x) => x.textContent ?? ''),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(env.t('common.conclusionAmend'));
    await screenshot(options, 'firefox-options-log');

    await options.click('[data-testid="export-csv"]');
    // Firefox creates NAME (empty) and NAME.part at once, then moves the .part over NAME when
    // the download is complete: wait for the .part to be gone.
    const name = await waitFor(async () => {
      const names = await readdir(env.ff.downloads);
      const csv = names.find((n) => /^审查台账.*\.csv$/.test(n));
      return csv && !names.some((n) => n.endsWith('.part')) ? csv : undefined;
    }, 'the CSV download');
    const csv = await readFile(join(env.ff.downloads, name), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [head, ...data] = parsed.data;
    expect(head?.slice(0, 2)).toEqual(['审查日期', '文件名称']);
    expect(data).toHaveLength(1);
    expect(data[0]![head!.indexOf('审查结论')]).toBe('修改后通过');
    expect(data[0]![head!.indexOf('审查意见')]).toBe(OPINION);
    await options.close();
  });

  it('enables another site in the options page: its permission is granted and the page is reviewed', async () => {
    const options = await openExtensionPage(env.ff, 'options.html#settings');
    await options.waitForSelector('[data-testid="site-input"]', { timeout: 30_000 });
    await options.locator('[data-testid="site-input"]').fill('http://portal.test');
    // A real click: Firefox grants an optional permission only inside a user input handler.
    await options.click('form:has([data-testid="site-input"]) button[type=submit]');
    await waitFor(
      async () =>
        (await text(options, '[data-testid="sites"]'))?.includes('portal.test') ? true : undefined,
      'the site in the list',
    );
    expect(
      await options.evaluate(() =>
        (globalThis as any).browser.permissions.contains({ origins: ['http://portal.test/*'] }),
      ),
    ).toBe(true);
    await options.close();

    // The loader is registered there (scripting.registerContentScripts): the draft is reviewed.
    const url = `${env.portal.url.replace('127.0.0.1', 'portal.test')}/${FINES}`;
    const page = await env.ff.browser.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForSelector('guishen-ui >>> .gs-badge', { timeout: 60_000 });
    const entry = await waitFor(
      async () => (await tabEntryOf(env.ff, url)) ?? undefined,
      'the report of the enabled site',
    );
    expect(entry.report!.findings.length).toBeGreaterThan(0);
    await page.close();
  });
});

/** The extension pages open as tabs (their addresses). */
function checklistTabs(): Promise<string[]> {
  return env.ff.control.evaluate(() =>
    (globalThis as any).browser.extension
      .getViews({ type: 'tab' })
      .map((w: Window) => w.location.href),
  );
}

/** Whether Firefox's sidebar shows the extension's panel in the window. */
function sidebarOpen(): Promise<boolean> {
  return env.ff.control.evaluate(() => (globalThis as any).browser.sidebarAction.isOpen({}));
}

/**
 * Closes the sidebar. sidebarAction.close, like open, works only inside a user input handler:
 * a button in the control page (an extension page) calls it, and is clicked.
 */
async function closeSidebar(): Promise<void> {
  const page = env.ff.control;
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'test-close-sidebar';
    b.textContent = 'close sidebar';
    b.style.cssText = 'position:fixed;top:0;left:0;z-index:2147483647';
    b.onclick = () => void (globalThis as any).browser.sidebarAction.close();
    document.body.append(b);
  });
  await page.click('#test-close-sidebar');
  await page.evaluate(() => document.getElementById('test-close-sidebar')?.remove());
}

/** The document key the background gave the page at `url`. */
async function tabEntryDocKey(url: string): Promise<string | null> {
  return env.ff.control.evaluate(async (u) => {
    const all = await (globalThis as any).browser.storage.session.get(null);
    for (const v of Object.values<any>(all)) if (v?.url === u) return v.docKey ?? null;
    return null;
  }, url);
}
