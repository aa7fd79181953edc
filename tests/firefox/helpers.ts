/**
 * The BUILT Firefox extension (.output/firefox-mv2) in real Firefox ESR, driven over WebDriver
 * BiDi by puppeteer-core (no driver download). One browser per test file, in a temporary
 * profile removed on close.
 *
 * - The extension is installed with BiDi `webExtension.install` (a temporary add-on: unsigned is
 *   fine), and its moz-extension:// UUID is fixed beforehand with the
 *   `extensions.webextensions.uuids` pref, so its pages have a known address.
 * - Firefox's BiDi refuses to navigate a tab to moz-extension:// unless the browser was started
 *   with `--remote-allow-system-access`; and it reports no navigation events for those pages (the
 *   load happens in the extension process), so {@link openExtensionPage} starts the navigation
 *   and waits for the page's own `location` and `readyState` instead.
 * - UI language: `intl.locale.requested = zh-CN` with Debian's firefox-esr-l10n-zh-cn language
 *   pack (scripts/firefox.mjs installs it); assertions use the extension's words in whatever
 *   language browser.i18n reports, like the Chromium suite.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { loadTranslate } from '../unit/helpers/i18n';
import type { Translate } from '../../components/i18n';
import type { TabEntry } from '../../lib/tab-entry';
// @ts-expect-error plain ESM script without types
import { startServer as startPortal } from '../../scripts/serve.mjs';
// @ts-expect-error plain ESM script without types
import { findFirefox } from '../../scripts/firefox.mjs';
import { ROOT } from '../../scripts/launch';

export { ROOT };
export const EXTENSION_DIR = join(ROOT, '.output/firefox-mv2');
export const ARTIFACTS = join(ROOT, '.output/e2e-firefox');
/** The gecko id in wxt.config.ts. */
export const GECKO_ID = 'guishen@guishen.local';
/** The moz-extension:// host the profile gives the extension (a fixed, made-up UUID). */
export const EXTENSION_UUID = '0f6c2a57-3d1e-4b8a-9c47-6a2e5d1b7f30';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxLaunched {
  browser: Browser;
  /** An extension page kept open to read the extension's storage (like the Chromium worker). */
  control: Page;
  /** Where Firefox saves downloads. */
  downloads: string;
  close(): Promise<void>;
}

/** Polls `fn` until it returns a value other than undefined (or throws after `timeout` ms). */
export async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  timeout = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e; // e.g. the page is between two documents
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${what}: ${String(last ?? '')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Navigates `page` to an extension page and waits until that document has loaded (see the file
 * comment: puppeteer sees no navigation events for moz-extension:// pages).
 */
export async function gotoExtensionPage(page: Page, path: string): Promise<void> {
  const url = `${EXTENSION_ORIGIN}/${path}`;
  // Resolves (or rejects, "frame detached" / timeout) without telling us anything: ignore it.
  void page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 }).catch(() => {});
  await waitFor(
    () =>
      page
        .evaluate(
          (u) => (location.href === u && document.readyState === 'complete' ? true : undefined),
          url,
        )
        .catch(() => undefined),
    `${path} to load`,
  );
}

/** Reloads an extension page and waits for the new document. */
export async function reloadExtensionPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as any).__beforeReload = true;
    setTimeout(() => location.reload(), 0);
  });
  await waitFor(
    () =>
      page
        .evaluate(() =>
          !(window as any).__beforeReload && document.readyState === 'complete' ? true : undefined,
        )
        .catch(() => undefined),
    'the page to reload',
  );
}

/** Opens an extension page (popup.html, sidepanel.html, options.html) as a tab. */
export async function openExtensionPage(
  l: FirefoxLaunched,
  path: string,
  opts: { width?: number; height?: number } = {},
): Promise<Page> {
  const page = await l.browser.newPage();
  await page.setViewport({ width: opts.width ?? 1280, height: opts.height ?? 900 });
  await gotoExtensionPage(page, path);
  return page;
}

/**
 * Starts Firefox ESR headless in a fresh profile with the built extension installed. The
 * profile (and its downloads folder) is removed on close; a browser that will not close is
 * killed.
 */
export async function launchFirefox(): Promise<FirefoxLaunched> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error('Build the Firefox extension first: npx wxt build -b firefox');
  const executablePath: string | null = findFirefox();
  if (!executablePath)
    throw new Error(
      'Firefox not found: run `node scripts/firefox.mjs` (installs firefox-esr) or set FIREFOX_PATH',
    );
  const profile = await mkdtemp(join(tmpdir(), 'guishen-firefox-'));
  const downloads = join(profile, 'downloads');
  await mkdir(downloads);
  let browser: Browser | null = null;
  const cleanup = async () => {
    if (browser) {
      const proc = browser.process();
      await Promise.race([
        browser.close().catch(() => {}),
        new Promise((r) => setTimeout(r, 15_000)),
      ]);
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  };
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      userDataDir: profile,
      protocolTimeout: 120_000,
      timeout: 120_000,
      args: ['--remote-allow-system-access'],
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
        'intl.locale.requested': 'zh-CN',
        'intl.accept_languages': 'zh-CN, zh, en',
        // Every host name is this machine (the demo portal under a name that is not built in,
        // for the site-enabling test); nothing leaves it.
        'network.dns.forceResolve': '127.0.0.1',
        // An optional permission asked for inside a click is granted without the doorhanger
        // (BiDi cannot click browser chrome). Outside a click Firefox still refuses it.
        'extensions.webextOptionalPermissionPrompts': false,
        // Blob downloads (the CSV export) go to the profile's folder without a dialog.
        'browser.download.folderList': 2,
        'browser.download.dir': downloads,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.manager.showWhenStarting': false,
        'browser.helperApps.neverAsk.saveToDisk': 'text/csv,application/octet-stream',
      },
    });
    const id = await browser.installExtension(EXTENSION_DIR);
    if (id !== GECKO_ID) throw new Error(`installed add-on id ${id}, expected ${GECKO_ID}`);
    const control = await browser.newPage();
    await gotoExtensionPage(control, 'popup.html');
    // The background page is up once it answers a message (it validates and replies).
    await waitFor(
      () =>
        control.evaluate(async () => {
          const b = (globalThis as any).browser;
          const r = await b.runtime.sendMessage({ type: 'getSettings' }).catch(() => null);
          return r ? true : undefined;
        }),
      'the background page',
    ).catch(() => {});
    return { browser, control, downloads, close: cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

export interface Portal {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The extension's words in the browser's UI language (browser.i18n follows it). */
export async function uiTranslate(l: FirefoxLaunched): Promise<Translate> {
  const lang: string = await l.control.evaluate(() =>
    (globalThis as any).browser.i18n.getUILanguage(),
  );
  return loadTranslate(lang.toLowerCase().startsWith('zh') ? 'zh_CN' : 'en');
}

/** The report the background keeps for the tab showing `url` (storage.session), or null. */
export async function tabEntryOf(
  l: FirefoxLaunched,
  url: string,
): Promise<{ tabId: number; report: TabEntry['report'] } | null> {
  return l.control.evaluate(async (u) => {
    const all = await (globalThis as any).browser.storage.session.get(null);
    for (const [k, v] of Object.entries<any>(all))
      if (k.startsWith('tab:') && v?.url === u && v.report)
        return { tabId: Number(k.slice(4)), report: v.report };
    return null;
  }, url);
}

/** Every review record in the extension's database (raw IndexedDB in an extension page). */
export async function records(page: Page): Promise<any[]> {
  return page.evaluate(
    () =>
      new Promise<any[]>((resolve, reject) => {
        const open = indexedDB.open('guishen');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['records', 'recordFindings'], 'readonly');
          const rows = tx.objectStore('records').getAll();
          const findings = tx.objectStore('recordFindings').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve(
              rows.result.map((r: any) => ({
                ...r,
                findings: findings.result.find((f: any) => f.recordId === r.id)?.findings ?? [],
              })),
            );
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Saves a screenshot under .output/e2e-firefox/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) as `${string}.png` });
}

export interface FirefoxEnv {
  ff: FirefoxLaunched;
  portal: Portal;
  t: Translate;
}

/** Firefox with the extension and the demo portal for one test file (beforeAll/afterAll). */
export function useFirefox(): FirefoxEnv {
  const env = {} as FirefoxEnv;
  beforeAll(async () => {
    [env.ff, env.portal] = await Promise.all([launchFirefox(), startPortal({ port: 0 })]);
    env.t = await uiTranslate(env.ff);
  }, 180_000);
  afterAll(async () => {
    await env.ff?.close();
    await env.portal?.close();
  }, 60_000);
  return env;
}
