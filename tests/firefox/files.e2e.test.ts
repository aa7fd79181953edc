/**
 * The 审查文件 page in Firefox ESR: a local PDF (pdf.js and its module worker in a Firefox MV2
 * extension page) and a Word file are read, shown as text and reviewed with the badge and the
 * CSS highlights, as in Chromium.
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
      await screenshot(page, `firefox-file-${file.replace('.', '-')}`);
      await page.close();
    },
  );
});
