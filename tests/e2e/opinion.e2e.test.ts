/**
 * The 合法性审查意见书 end to end in the BUILT extension (real Chromium): review a demo 征求意见稿
 * on the portal, open the side panel's 审查意见书, rewrite one item, export the .docx and read it
 * back (unzip, word/document.xml): the title, each item's 第N条, basis and suggestion, the
 * rewrite and the conclusion. The draft is saved, the outcome recorded from the popup, and the
 * record keeps the edited opinion with its hash. Where LibreOffice is installed (`soffice`),
 * the .docx is converted to PDF headless and the PDF's text is read back too.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { docxParagraphs, docxParts } from '../unit/rules/docx-read';
import { openExtensionPage, screenshot, tabIdOf, useExtension } from './helpers';

const DRAFT = 'd-xiyuan-dog-county-table.html';
const REWRITE = '该条要求申领养犬许可证，属于增设行政许可，规范性文件无权设定，建议删除。';
const env = useExtension();

/** `soffice` on PATH or in the usual Debian place, or null. */
function soffice(): string | null {
  for (const p of ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'])
    if (existsSync(p)) return p;
  return null;
}

/** The stored record rows and their findings rows (raw IndexedDB, the extension's origin). */
async function stored(page: Page): Promise<{ rows: any[]; findings: any[] }> {
  return page.evaluate(
    () =>
      new Promise<{ rows: any[]; findings: any[] }>((resolve, reject) => {
        const open = indexedDB.open('guishen');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['records', 'recordFindings'], 'readonly');
          const rows = tx.objectStore('records').getAll();
          const findings = tx.objectStore('recordFindings').getAll();
          tx.oncomplete = () => resolve({ rows: rows.result, findings: findings.result });
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

describe('the written opinion in Chromium', () => {
  let tabId: number;
  let docx: string;
  let dir: string;

  it('drafts the opinion from a reviewed draft, takes an edit and exports a .docx', async () => {
    dir = await mkdtemp(join(tmpdir(), 'guishen-opinion-e2e-'));
    const page = await env.ext.context.newPage();
    const url = `${env.portal.url}/${DRAFT}`;
    await page.goto(url);
    tabId = await tabIdOf(env.ext, url);
    expect(tabId).toBeGreaterThan(0);

    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${tabId}`, {
      width: 480,
      height: 1400,
    });
    await panel.getByRole('tab', { name: env.t('opinion.tab') }).click();
    const items = panel.getByTestId('opinion-item');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const places = await panel
      .getByTestId('opinion-place')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(places.filter((p) => /^第[一二三四五六七八九十]+条/.test(p)).length).toBeGreaterThan(1);

    // Rewrite the 许可 item.
    const problems = panel.getByTestId('opinion-problem');
    const texts = await problems.evaluateAll((els) =>
      els.map((e) => (e as HTMLTextAreaElement).value),
    );
    const xk = texts.findIndex((s) => s.includes('行政许可'));
    expect(xk).toBeGreaterThanOrEqual(0);
    await problems.nth(xk).fill(REWRITE);
    await expect.poll(() => items.nth(xk).textContent()).toContain(env.t('opinion.edited'));
    await screenshot(panel, 'opinion-sidepanel');

    const [download] = await Promise.all([
      panel.waitForEvent('download'),
      panel.getByTestId('opinion-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.审查意见书\.docx$/);
    docx = join(dir, 'opinion.docx');
    await download.saveAs(docx);

    const paras = docxParagraphs(
      docxParts(new Uint8Array(await readFile(docx)))['word/document.xml']!,
    );
    expect(paras[0]).toBe('合法性审查意见书');
    const numbered = paras.filter((p) => /^\d+\. /.test(p));
    expect(numbered).toHaveLength(await items.count());
    // Each item's place, basis and suggestion as the editor shows them.
    const fields = await items.evaluateAll((els) =>
      els.map((li) => ({
        place: (li.querySelector('[data-testid=opinion-place]') as HTMLInputElement).value,
        basis: (li.querySelector('[data-testid=opinion-basis]') as HTMLInputElement).value,
        suggestion: (li.querySelector('[data-testid=opinion-suggestion]') as HTMLTextAreaElement)
          .value,
      })),
    );
    fields.forEach((f, i) => {
      expect(numbered[i]).toContain(f.place);
      if (f.basis) expect(numbered[i]).toContain(`依据：${f.basis}`);
      if (f.suggestion) expect(numbered[i]).toContain(`修改建议：${f.suggestion}`);
    });
    expect(numbered[xk]).toContain(REWRITE);
    expect(paras.some((p) => p.startsWith('修改后通过。'))).toBe(true);

    // Saved before any outcome: the document's draft.
    await panel.getByTestId('opinion-save').click();
    await expect
      .poll(() => panel.getByTestId('opinion-status').textContent())
      .toBe(env.t('opinion.savedDraft'));
    await panel.close();
  });

  it('records the outcome with the edited opinion and its hash', async () => {
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${tabId}`, {
      width: 420,
      height: 1100,
    });
    await popup.getByRole('radio', { name: env.t('common.conclusionAmend') }).check();
    await popup.getByLabel(env.t('common.record.opinion')).fill('见审查意见书。');
    await popup.getByLabel(env.t('common.record.reviewer')).fill('张审查');
    await popup.getByTestId('save-record').click();
    await expect
      .poll(() => popup.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.saved', [1, '']).trim());
    const { rows, findings } = await stored(popup);
    expect(rows).toHaveLength(1);
    const opinion = findings.find((f) => f.recordId === rows[0].id)?.opinion;
    expect(opinion.reviewer).toBe('张审查');
    expect(opinion.items.some((i: any) => i.problem === REWRITE && i.edited)).toBe(true);
    expect(rows[0].opinionRef).toMatchObject({
      items: opinion.items.length,
      conclusion: '修改后通过',
    });
    expect(rows[0].opinionRef.hash).toMatch(/^[0-9a-f]{64}$/);
    await popup.close();
  });

  it.skipIf(!soffice())(
    'converts to PDF with LibreOffice headless, and the PDF says the same',
    async () => {
      await promisify(execFile)(
        soffice()!,
        ['--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, docx],
        { timeout: 90_000, env: { ...process.env, HOME: dir } },
      );
      const pdf = new Uint8Array(await readFile(join(dir, 'opinion.pdf')));
      const { readFile: readDocument } = await import('../../rules/formats');
      const pdfjs = async () => (await import('pdfjs-dist/legacy/build/pdf.mjs')) as never;
      const doc = await readDocument(pdf, { name: 'opinion.pdf', pdfjs });
      const flat = doc.text.replace(/\s+/g, '');
      expect(flat).toContain('合法性审查意见书');
      expect(flat).toContain(REWRITE.replace(/\s+/g, ''));
      expect(flat).toContain('修改后通过');
    },
  );
});
