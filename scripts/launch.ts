/**
 * Chromium with a BUILT extension, for the end-to-end tests (tests/e2e/helpers.ts) and the
 * browser benchmarks: the flags and Chinese UI of scripts/chromium.mjs, a fresh profile (or a
 * kept one), and the extension's service worker waited for.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { CHINESE_UI_ENV, chromiumArgs, findChromium } from './chromium.mjs';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with the extension in `extensionDir` (default: the chrome-mv3
 * build) and waits for its service worker. `profile` keeps the browser profile in that folder
 * (not deleted on close); without it a temporary profile is used and removed.
 */
export async function launchExtension(
  opts: { extensionDir?: string; profile?: string } = {},
): Promise<Launched> {
  const { extensionDir = EXTENSION_DIR, profile } = opts;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error('Build the extension first: npx wxt build');
  }
  const executablePath: string | null = findChromium();
  if (!executablePath) throw new Error('Chromium not found (set CHROMIUM_PATH)');
  const userDataDir = profile ?? (await mkdtemp(join(tmpdir(), 'guishen-chromium-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    locale: 'zh-CN',
    // chrome.i18n follows the UI language, which Chromium on Linux takes from LANGUAGE
    // (--lang alone is ignored in headless mode): the extension shows its Chinese UI.
    env: { ...process.env, ...CHINESE_UI_ENV },
    viewport: { width: 1280, height: 900 },
    args: chromiumArgs({ extensionDir }),
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  return {
    context,
    extensionId: new URL(worker.url()).host,
    worker,
    async close() {
      await context.close().catch(() => {});
      if (!profile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}
