/**
 * Reviewing files in the BUILT extension (real Chromium): a local Word/PDF file opened from
 * the popup's 「打开本地文件」 (a file chooser), shown as text with the same badge, highlights,
 * cards and navigation as a portal page, its report followed by the popup and the side panel,
 * and its record kept with the file's SHA-256; a refused file shows its Chinese message and
 * stores nothing. Screenshots go to .output/e2e/.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, openExtensionPage, screenshot, useExtension } from './helpers';
import { benchParagraphs, cjkPdf, setInPages } from '../../scripts/make-file-fixtures';
import { OBSERVE_SCRIPT, named, observed } from '../fixtures/observe';

const FILES = join(ROOT, 'tests/fixtures/files');
const env = useExtension();

/** The tab id of an extension page (it asks chrome.tabs about itself). */
function ownTabId(page: Page): Promise<number> {
  return page.evaluate(async () => (await (globalThis as any).chrome.tabs.getCurrent()).id);
}

/** Highlight names and sizes in the page (main world: the registry is shared). */
function highlights(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const [name, h] of (CSS as any).highlights) out[name] = h.size;
    return out;
  });
}

/** Every review record in the extension's database (raw IndexedDB). */
function records(page: Page): Promise<any[]> {
  return page.evaluate(
    () =>
      new Promise<any[]>((resolve, reject) => {
        const open = indexedDB.open('guishen');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['records'], 'readonly');
          const rows = tx.objectStore('records').getAll();
          tx.oncomplete = () => resolve(rows.result);
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

describe('file review in Chromium', () => {
  let filePage: Page;
  /** The location the hit card gave its first finding (「第 N 页第 M 行」). */
  let cardWhere: string;

  it('opens a local PDF from the popup and reviews it like a page', async () => {
    const popup = await openExtensionPage(env.ext, 'popup.html', { width: 420, height: 900 });
    const opened = env.ext.context.waitForEvent('page');
    await popup.getByTestId('open-file').click();
    filePage = await opened;
    await filePage.setViewportSize({ width: 1100, height: 900 });
    await filePage.waitForLoadState();
    const chooser = filePage.waitForEvent('filechooser');
    await filePage.getByText(env.t('fileReview.choose')).click();
    await (await chooser).setFiles(join(FILES, 'tj-ddc-zqyjg.pdf'));
    // The text is shown, page by page, with the same badge and highlights as a portal page.
    await expect
      .poll(() => filePage.locator('#gs-doc').textContent(), { timeout: 20_000 })
      .toContain('第九条');
    // The text shows before the review ends: wait for the error highlights themselves.
    await expect
      .poll(
        async () => Object.keys(await highlights(filePage)).some((k) => k.startsWith('gs-err')),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    expect(await filePage.locator('.gs-page-mark').count()).toBeGreaterThanOrEqual(2);
    // Nothing from the file became markup: every element in the text is ours.
    const tags = await filePage
      .locator('#gs-doc *')
      .evaluateAll((els) => [...new Set(els.map((e) => e.localName))].sort());
    expect(tags.every((t) => ['div', 'p', 'table', 'tbody', 'td', 'tr'].includes(t))).toBe(true);
    // The badge: counts, and the keyboard navigation opens a card on the first finding.
    const badge = filePage.locator('guishen-ui');
    await expect.poll(() => badge.locator('.gs-count.gs-error').textContent()).not.toBe('0');
    await badge.locator('.gs-next').click();
    await expect.poll(() => badge.locator('.gs-card, [role="dialog"]').count()).toBeGreaterThan(0);
    // The card says where the finding is in the file: the PDF's page and line.
    const where = await badge.locator('.gs-card .gs-where').first().textContent();
    expect(where).toMatch(/第 \d+ 页第 \d+ 行/);
    cardWhere = /第 \d+ 页第 \d+ 行/.exec(where ?? '')![0];
    await screenshot(filePage, 'files-local-pdf');
  });

  it('gives the popup and the side panel the file review tab like any other', async () => {
    const tabId = await ownTabId(filePage);
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${tabId}`, {
      width: 420,
      height: 1100,
    });
    await expect
      .poll(() => popup.getByTestId('verdict').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.draft'));
    await popup.getByRole('radio', { name: env.t('common.conclusionAmend') }).check();
    await popup.getByLabel(env.t('common.record.opinion')).fill('第九条设定罚款，建议删除。');
    await popup.getByLabel(env.t('common.record.reviewer')).fill('张审查');
    await popup.getByTestId('save-record').click();
    await screenshot(popup, 'files-popup');
    await expect
      .poll(() => popup.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.saved', [1, '']).trim());
    await screenshot(popup, 'files-popup');
    const sha = createHash('sha256')
      .update(readFileSync(join(FILES, 'tj-ddc-zqyjg.pdf')))
      .digest('hex');
    const rows = await records(popup);
    const mine = rows.find((r) => r.file?.sha256 === sha);
    expect(mine).toBeTruthy();
    expect(mine.file).toMatchObject({ name: 'tj-ddc-zqyjg.pdf', format: 'pdf' });
    expect(mine.url).toBe('file:///tj-ddc-zqyjg.pdf');
    const panel = await openExtensionPage(env.ext, `sidepanel.html?tabId=${tabId}`, {
      width: 420,
      height: 900,
    });
    await expect
      .poll(() => panel.locator('main').textContent(), { timeout: 10_000 })
      .toContain(env.t('panel.tabChecklist'));
    // The findings list says where each finding is in the file, as the hit card does.
    await panel.locator('#tab-findings').click();
    await expect.poll(() => panel.locator('.finding').count()).toBeGreaterThan(0);
    const listed = await panel.locator('.finding').count();
    const wheres = await panel.getByTestId('finding-where').allTextContents();
    expect(wheres).toHaveLength(listed);
    for (const w of wheres) expect(w).toMatch(/第 \d+ 页第 \d+ 行$/);
    expect(wheres.some((w) => w.endsWith(cardWhere))).toBe(true);
    await screenshot(panel, 'files-sidepanel');
  });

  it('refuses a file it cannot read with the Chinese message and stores nothing', async () => {
    const before = (await records(filePage)).length;
    await filePage.locator('#file-input').setInputFiles({
      name: '旧版.doc',
      mimeType: 'application/msword',
      buffer: Buffer.from([
        0xd0,
        0xcf,
        0x11,
        0xe0,
        0xa1,
        0xb1,
        0x1a,
        0xe1,
        ...new Array(600).fill(0),
      ]),
    });
    await expect
      .poll(() => filePage.getByTestId('file-error').textContent(), { timeout: 10_000 })
      .toContain('请另存为 .docx 后审查');
    expect((await records(filePage)).length).toBe(before);
    await screenshot(filePage, 'files-refused');
  });

  it('draws a 60-page PDF page by page and navigates to a finding far below the screen', async () => {
    const pages = setInPages(benchParagraphs(60 * 22 * 27), 22).slice(0, 60);
    const page = await openExtensionPage(env.ext, 'file-review.html', { width: 1100, height: 800 });
    // The page's user-timing measures (lib/page/perf.ts): where the work ran.
    await page.evaluate(OBSERVE_SCRIPT);
    await page.locator('#file-input').setInputFiles({
      name: '长文件.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(cjkPdf(pages)),
    });
    const badge = page.locator('guishen-ui');
    await expect
      .poll(() => badge.locator('.gs-count.gs-error').textContent(), { timeout: 60_000 })
      .toMatch(/[1-9]\d*$/);
    // The file was read and checked in the page's worker, not on its thread.
    await expect
      .poll(
        async () =>
          named(await observed(page), 'guishen:off-thread')
            .map((m) => m.detail?.what)
            .sort(),
        { timeout: 30_000 },
      )
      .toEqual(['check', 'read']);
    expect(named(await observed(page), 'guishen:check')).toEqual([]);
    // One block per page, every one in the document (off-screen ones are only not laid out).
    expect(await page.locator('#gs-doc .gs-block').count()).toBe(60);
    expect(await page.locator('.gs-page-mark').count()).toBe(60);
    expect(await page.evaluate(() => scrollY)).toBe(0);
    // 「上一处」 from the start goes to the last finding, pages below: scrolled to, selected,
    // with its card.
    await badge.locator('.gs-prev').click();
    await expect.poll(() => badge.locator('.gs-card').count()).toBeGreaterThan(0);
    const where = await badge.locator('.gs-card .gs-where').first().textContent();
    const pageNo = Number(/第 (\d+) 页/.exec(where ?? '')?.[1]);
    expect(pageNo).toBeGreaterThan(10);
    const shown = await page.evaluate(() => {
      const r = getSelection()!.getRangeAt(0);
      const box = r.getBoundingClientRect();
      const block = (r.startContainer.parentElement as HTMLElement).closest('.gs-block');
      const mark = block?.querySelector('.gs-page-mark') as HTMLElement | null;
      return {
        top: box.top,
        bottom: box.bottom,
        height: innerHeight,
        text: r.toString(),
        page: Number(mark?.dataset.page),
        scrolled: scrollY,
      };
    });
    expect(shown.text.length).toBeGreaterThan(0);
    expect(shown.top).toBeGreaterThanOrEqual(0);
    expect(shown.bottom).toBeLessThanOrEqual(shown.height);
    expect(shown.scrolled).toBeGreaterThan(0);
    // The selected text is on the page the card names.
    expect(shown.page).toBe(pageNo);
    await screenshot(page, 'files-long-pdf-far-finding');
    await page.close();
  });
});

describe('attachments of a portal notice in Chromium', () => {
  const NOTICE = 'd-tingjiang-ebike-files.html';
  let attachmentPage: Page;
  let noticeUrl: string;

  it('says the text is in the attachments instead of 「未发现问题」, in the badge and the popup', async () => {
    const page = await env.ext.context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    noticeUrl = `${env.portal.url}/${NOTICE}`;
    await page.goto(noticeUrl);
    const badge = page.locator('guishen-ui');
    await expect.poll(() => badge.getByTestId('pending-tag').count(), { timeout: 15_000 }).toBe(1);
    expect(await badge.locator('.gs-none').count()).toBe(0);
    expect(await badge.getByTestId('pending-attachments').textContent()).toContain(
      env.t('badge.pendingAttachment'),
    );
    await screenshot(page, 'files-notice-pending');
    const tabId: number = await env.ext.worker.evaluate(async (u) => {
      const all = await (globalThis as any).chrome.storage.session.get(null);
      for (const [k, v] of Object.entries<any>(all)) if (v?.url === u) return Number(k.slice(4));
      return -1;
    }, noticeUrl);
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${tabId}`, {
      width: 420,
      height: 900,
    });
    await expect
      .poll(() => popup.getByTestId('pending-attachments').textContent(), { timeout: 10_000 })
      .toContain(env.t('badge.pendingAttachment'));
    expect(await popup.getByTestId('counts').count()).toBe(0);
    await screenshot(popup, 'files-notice-popup');
    await popup.close();

    // 「审查此附件」 on the Word draft: only that URL is fetched, by the file review page.
    const requests: string[] = [];
    env.ext.context.on('request', (r) => {
      if (r.url().includes('/attach/')) requests.push(r.url());
    });
    const opened = env.ext.context.waitForEvent('page');
    await badge.locator('.gs-review-att').first().click();
    attachmentPage = await opened;
    await attachmentPage.setViewportSize({ width: 1100, height: 900 });
    await expect
      .poll(() => attachmentPage.locator('#gs-doc').textContent(), { timeout: 20_000 })
      .toContain('第十二条');
    expect(requests.map((u) => u.replace(/^.*\/attach\//, ''))).toEqual(['2026/tj-ddc-zqyjg.docx']);
  });

  it('reviews the attachment with the notice: 施行 too soon after the consultation closes', async () => {
    // The notice's 意见反馈截止 (2026-12-20) joins the draft's 施行 (2027-01-01): 12 days.
    expect(await attachmentPage.getByTestId('joined-notice').textContent()).toContain(
      '2026年12月20日',
    );
    const tabId = await ownTabId(attachmentPage);
    // The text shows before the review is stored for the tab: wait for the report.
    const tabReport = () =>
      env.ext.worker.evaluate(async (id) => {
        const got = await (globalThis as any).chrome.storage.session.get(`tab:${id}`);
        return got[`tab:${id}`]?.report;
      }, tabId);
    await expect.poll(async () => Boolean(await tabReport()), { timeout: 15_000 }).toBe(true);
    const report = await tabReport();
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain('national/NB-CF');
    expect(ids.some((id: string) => id.endsWith('/ED-TOO-SOON'))).toBe(true);
    expect(report.facts.commentDeadline).toBe('2026-12-20');
    await expect
      .poll(
        async () =>
          Object.keys(await highlights(attachmentPage)).some((k) => k.startsWith('gs-err')),
        { timeout: 15_000 },
      )
      .toBe(true);
    await screenshot(attachmentPage, 'files-attachment');

    // Recorded from the popup; the log shows the file's record with its source.
    const popup = await openExtensionPage(env.ext, `popup.html?tabId=${tabId}`, {
      width: 420,
      height: 1100,
    });
    await expect
      .poll(() => popup.getByTestId('verdict').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.draft'));
    await popup.getByRole('radio', { name: env.t('common.conclusionAmend') }).check();
    await popup.getByLabel(env.t('common.record.reviewer')).fill('李审查');
    await popup.getByTestId('save-record').click();
    await expect
      .poll(() => popup.getByTestId('record-status').textContent(), { timeout: 10_000 })
      .toContain(env.t('common.record.saved', [1, '']).trim().slice(0, 3));
    const rows = await records(popup);
    const mine = rows.find((r) => r.file?.sourceUrl?.endsWith('/attach/2026/tj-ddc-zqyjg.docx'));
    expect(mine).toBeTruthy();
    expect(mine.file.format).toBe('docx');
    expect(mine.url).toBe(`${env.portal.url}/attach/2026/tj-ddc-zqyjg.docx`);
    const log = await openExtensionPage(env.ext, 'options.html', { width: 1280, height: 900 });
    await expect
      .poll(() => log.locator('body').textContent(), { timeout: 10_000 })
      .toContain('汀江市住宅小区电动自行车充电设施建设管理办法');
    await screenshot(log, 'files-log');
  });
});
