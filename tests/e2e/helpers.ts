/**
 * Helpers for end-to-end tests of the BUILT extension (.output/chrome-mv3) in the system
 * Chromium, driven by playwright-core. See ../shared/toolchain.md §4 for the flags.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadTranslate } from '../unit/helpers/i18n';
import type { Translate } from '../../components/i18n';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error plain ESM script without types
import { startServer as startPortal } from '../../scripts/serve.mjs';
import { CHINESE_UI_ENV, chromiumArgs, findChromium } from '../../scripts/chromium.mjs';

export const ROOT = resolve(__dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const ARTIFACTS = join(ROOT, '.output/e2e');

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  close(): Promise<void>;
}

/** Launches Chromium with the built extension and waits for its service worker. */
export async function launchExtension(): Promise<Launched> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error('Build the extension first: npx wxt build');
  }
  const executablePath: string | null = findChromium();
  if (!executablePath) throw new Error('Chromium not found (set CHROMIUM_PATH)');
  const userDataDir = await mkdtemp(join(tmpdir(), 'guishen-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    locale: 'zh-CN',
    env: { ...process.env, ...CHINESE_UI_ENV },
    viewport: { width: 1280, height: 900 },
    args: chromiumArgs({ extensionDir: EXTENSION_DIR }),
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** Opens an extension page (popup.html, sidepanel.html, options.html) as a tab. */
export async function openExtensionPage(
  l: Launched,
  path: string,
  opts: { width?: number; height?: number } = {},
): Promise<Page> {
  const page = await l.context.newPage();
  if (opts.width && opts.height)
    await page.setViewportSize({ width: opts.width, height: opts.height });
  await page.goto(`chrome-extension://${l.extensionId}/${path}`);
  return page;
}

export interface Portal {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves seeds/documents (and /fixtures, /vendor editors) on a random loopback port. */
export function startServer(): Promise<Portal> {
  return startPortal({ port: 0 });
}

/** Saves a screenshot under .output/e2e/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * The extension's words in the browser's UI language (chrome.i18n follows it), so assertions
 * hold whether Chromium runs in Chinese or, without chromium-l10n, in English.
 */
export async function uiTranslate(l: Launched): Promise<Translate> {
  const lang: string = await l.worker.evaluate(() =>
    (globalThis as any).chrome.i18n.getUILanguage(),
  );
  return loadTranslate(lang.toLowerCase().startsWith('zh') ? 'zh_CN' : 'en');
}

/**
 * The id of the tab whose report the background keeps for `url` (storage.session `tab:N`;
 * no `tabs` permission needed). Waits up to 15 s for the content script's first report.
 */
export async function tabIdOf(l: Launched, url: string): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const id: number = await l.worker.evaluate(async (u) => {
      const all = await (globalThis as any).chrome.storage.session.get(null);
      for (const [k, v] of Object.entries<any>(all)) if (v?.url === u) return Number(k.slice(4));
      return -1;
    }, url);
    if (id > 0 || Date.now() > deadline) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What a test file works with: the extension, the demo portal, the extension's words. */
export interface TestEnv {
  ext: Launched;
  portal: Portal;
  t: Translate;
}

/**
 * The built extension in Chromium and the demo portal for one test file: started in
 * `beforeAll` (with `initScripts` added to every page), closed in `afterAll`. The returned
 * object is filled in before the file's first test and its own `beforeAll` hooks run.
 */
export function useExtension(opts: { initScripts?: string[] } = {}): TestEnv {
  const env = {} as TestEnv;
  beforeAll(async () => {
    [env.ext, env.portal] = await Promise.all([launchExtension(), startServer()]);
    for (const script of opts.initScripts ?? []) await env.ext.context.addInitScript(script);
    env.t = await uiTranslate(env.ext);
  });
  afterAll(async () => {
    await env.ext?.close();
    await env.portal?.close();
  });
  return env;
}
