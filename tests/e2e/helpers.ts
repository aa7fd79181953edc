/**
 * Helpers for end-to-end tests of the BUILT extension (.output/chrome-mv3) in the system
 * Chromium, driven by playwright-core. See ../shared/toolchain.md §4 for the flags.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadTranslate } from '../unit/helpers/i18n';
import type { Translate } from '../../components/i18n';
import type { TabEntry } from '../../lib/tab-entry';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
// @ts-expect-error plain ESM script without types
import { startServer as startPortal } from '../../scripts/serve.mjs';
import { ROOT, launchExtension, type Launched } from '../../scripts/launch';

export { EXTENSION_DIR, ROOT } from '../../scripts/launch';
export const ARTIFACTS = join(ROOT, '.output/e2e');

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

/** The report the background keeps for the tab showing `url` (storage.session), or null. */
export async function reportOf(l: Launched, url: string): Promise<TabEntry['report'] | null> {
  return l.worker.evaluate(async (u) => {
    const all = await (globalThis as any).chrome.storage.session.get(null);
    for (const v of Object.values<any>(all)) if (v?.url === u) return v.report;
    return null;
  }, url);
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
