/**
 * The 审查文件 page in Firefox ESR: a local PDF and a Word file are read and checked in the page's
 * module worker (pdf.js inside it, in a Firefox MV2 extension page), shown as text and reviewed
 * with the badge and the CSS highlights, as in Chromium.
 */
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { ROOT, openExtensionPage, screenshot, useFirefox, waitFor } from './helpers';

const FILES = join(ROOT, 'tests/fixtures/files');
const env = useFirefox();

describe('the file review page in Firefox ESR', () => {
  it.each(['tj-ddc-zqyjg.pdf', 'tj-ddc-zqyjg.docx'])(
    'reads and reviews %s: text, highlights and the badge count',
    async (file) => {
      const page = await openExtensionPage(env.ff, 'file-review.html');
      const input = (await page.waitForSelector('#file-input', {
        timeout: 30_000,
      })) as ElementHandle<HTMLInputElement>;
      // The page's user-timing measures of its waits for the worker (lib/page/perf.ts).
      await page.evaluate(() => {
        const w = window as any;
        w.__offThread = [];
        new PerformanceObserver((l) =>
          l.getEntries().forEach((e: any) => {
            if (e.name === 'guishen:off-thread') w.__offThread.push(e.detail?.what);
          }),
        ).observe({ type: 'measure', buffered: true });
      });
      await input.uploadFile(join(FILES, file));
      await waitFor(
        () =>
          page
            .$eval('#gs-doc', (e) => (e.textContent?.includes('第九条') ? true : undefined))
            .catch(() => undefined),
        `the text of ${file}`,
      );
      const errors = await waitFor(
        () =>
          page.evaluate(() => {
            let n = 0;
            for (const [name, hl] of (CSS as any).highlights)
              if (String(name).startsWith('gs-err')) n += hl.size;
            return n > 0 ? n : undefined;
          }),
        `the error highlights of ${file}`,
      );
      expect(errors).toBeGreaterThan(0);
      const count = await waitFor(
        () =>
          page
            .$eval('guishen-ui >>> .gs-count[data-severity="error"]', (e) => e.textContent ?? '')
            .catch(() => undefined),
        'the badge',
      );
      expect(count).toMatch(/[1-9]\d*$/);
      // Read and checked in the worker, not on the page's thread.
      const off = await waitFor(
        () =>
          page.evaluate(() => {
            const seen: string[] = (window as any).__offThread;
            return seen.includes('read') && seen.includes('check') ? seen : undefined;
          }),
        'the worker’s read and check',
      );
      expect([...off].sort()).toEqual(['check', 'read']);
      await screenshot(page, `firefox-file-${file.replace('.', '-')}`);
      await page.close();
    },
  );
});
