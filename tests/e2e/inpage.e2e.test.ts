/**
 * The in-page review on the demo portal, end to end: the BUILT extension in real Chromium.
 * Highlight counts equal the engine's findings (every finding located, none unresolved), the
 * page's DOM is unchanged, the badge counts are right, hovering a highlight and stepping with
 * the keyboard show the card, HTML/script payloads in the page stay inert text, attachments
 * are listed, and the highlight switch is remembered.
 *
 * UI strings are the extension's messages in the browser's UI language (`env.t`), so the
 * assertions hold whichever UI locale Chromium runs in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { compilePacks, check } from '../../rules/engine';
import { modelFromHtml } from '../../rules/model';
import { pendingAttachments } from '../../rules/formats/attachments';
import { seedPacks } from '../../rules/seeds';
import { OBSERVE_SCRIPT, named, observed } from '../fixtures/observe';
import { ROOT, reportOf, screenshot, useExtension } from './helpers';

const env = useExtension({
  initScripts: [
    OBSERVE_SCRIPT,
    // Payload pages must not run script: record any alert() instead of blocking on it.
    'window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));',
  ],
});

/** Sizes of our highlights in the page's registry: findings and facts apart. */
async function painted(page: Page): Promise<{ findings: number; facts: number; names: string[] }> {
  return page.evaluate(() => {
    let findings = 0;
    let facts = 0;
    const names: string[] = [];
    for (const [name, hl] of (CSS as any).highlights) {
      const n = String(name);
      if (!n.startsWith('gs-')) continue;
      names.push(n);
      if (n.startsWith('gs-fact-')) facts += hl.size;
      else findings += hl.size;
    }
    return { findings, facts, names };
  });
}

/** The places the findings mark: each finding's range and its clause's other hits. */
function places(report: { findings: { ranges?: unknown[] }[] }): number {
  return report.findings.reduce((n, f) => n + 1 + (f.ranges?.length ?? 0), 0);
}

/** The page's markup minus the extension's shadow-root host. */
async function serialise(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as Element;
    clone.querySelectorAll('guishen-ui').forEach((n) => n.remove());
    return clone.outerHTML;
  });
}

async function openReviewed(file: string): Promise<{ page: Page; url: string; errors: string[] }> {
  const page = await env.ext.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = `${env.portal.url}/${file}`;
  await page.goto(url);
  await page.locator('guishen-ui .gs-badge').waitFor({ timeout: 15_000 });
  await expect.poll(() => reportOf(env.ext, url), { timeout: 10_000 }).not.toBeNull();
  return { page, url, errors };
}

const today = (() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
})();
/** The seed packs in the order the extension ran them (the background's active packs). */
function packsOf(report: { packs: { id: string }[] }) {
  return compilePacks(report.packs.map((p) => seedPacks.find((s) => s.id === p.id)!));
}

const SEED_PAGES = [
  'd-yinhu-ride-hailing-5d.html',
  'nb-cf-dog-fines.html',
  'p-dn-bracket-ascii.html',
  'p-vp-overcap-8y.html',
  'd-tingjiang-ebike-charging-docx.html',
  'e-markup-in-title.html',
  'e-cited-numbers-vs-own.html',
  'e-long-520-articles.html',
];

describe.each(SEED_PAGES)('on %s', (file) => {
  it('highlights every finding and fact, counts match the engine, and the DOM is unchanged', async () => {
    const { page, url, errors } = await openReviewed(file);
    const report = (await reportOf(env.ext, url))!;
    const hl = await painted(page);
    // Every place of every finding (its range and the other hits of its clause) and every
    // fact maps to a DOM range on the seed pages (nothing unresolved).
    expect(hl.findings).toBe(places(report));
    expect(hl.facts).toBe(report.factSpans.length);
    const o = await observed(page);
    const detail = named(o, 'guishen:highlight')[0]?.detail as { unresolved?: number } | null;
    expect(detail?.unresolved ?? 0).toBe(0);
    // The same page through the Node side of the same extraction algorithm and engine.
    const html = readFileSync(join(ROOT, 'seeds/documents', file), 'utf8');
    const node = check(modelFromHtml(html, url), packsOf(report), { today, url });
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(
      node.findings.map((f) => f.ruleId).sort(),
    );
    // Badge counts by severity; a notice whose draft waits in its attachments says that
    // instead of 0/0/0.
    const waiting =
      report.findings.length === 0 &&
      pendingAttachments(report, modelFromHtml(html, url).text).length > 0;
    expect(await page.locator('guishen-ui [data-testid="pending-tag"]').count()).toBe(
      waiting ? 1 : 0,
    );
    if (!waiting)
      for (const sev of ['error', 'warning', 'info']) {
        const n = report.findings.filter((f) => f.severity === sev).length;
        expect(
          await page.locator(`guishen-ui .gs-count[data-severity="${sev}"]`).textContent(),
        ).toBe(`${env.t(`common.${sev}` as 'common.error')} ${n}`);
      }
    // The DOM is exactly what the page serves: compare with the same markup loaded where
    // the extension does not run.
    const mine = await serialise(page);
    const plain = await env.ext.context.newPage();
    await plain.route('http://plain.invalid/**', (r) =>
      r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }),
    );
    await plain.goto(`http://plain.invalid/${file}`);
    expect(mine).toBe(await serialise(plain));
    await plain.close();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('cards, keyboard and switches', () => {
  it('shows the card when a highlighted finding is hovered', async () => {
    const { page, url } = await openReviewed('nb-cf-dog-fines.html');
    const report = (await reportOf(env.ext, url))!;
    // The centre of the first line of the first error highlight.
    const at = await page.evaluate(() => {
      for (const [name, hl] of (CSS as any).highlights) {
        if (!String(name).startsWith('gs-err-')) continue;
        for (const r of hl as Set<Range>) {
          r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
          const b = r.getClientRects()[0]!;
          return { x: b.left + b.width / 2, y: b.top + b.height / 2, text: r.toString() };
        }
      }
      return null;
    });
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x - 40, at!.y + 40);
    await page.mouse.move(at!.x, at!.y, { steps: 4 });
    const card = page.locator('guishen-ui .gs-card[data-source="hover"]');
    await card.waitFor({ timeout: 5000 });
    const text = (await card.textContent()) ?? '';
    const f = report.findings.find((x) => x.severity === 'error')!;
    expect(text).toContain(f.message.slice(0, 10));
    expect(text).toContain(env.t('badge.card.basis', ['']));
    await screenshot(page, 'inpage-hover-card');
    // Moving off the highlight hides it.
    await page.mouse.move(5, 5);
    await expect.poll(() => card.count()).toBe(0);
    await page.close();
  });

  it('steps through findings with the badge buttons: scrolls, selects and shows the card', async () => {
    const { page, url } = await openReviewed('nb-cf-dog-fines.html');
    const report = (await reportOf(env.ext, url))!;
    const next = page.locator('guishen-ui .gs-next');
    await next.focus();
    await page.keyboard.press('Enter');
    const card = page.locator('guishen-ui .gs-card[data-source="keyboard"]');
    await card.waitFor({ timeout: 5000 });
    const total = await page.evaluate(() => {
      let n = 0;
      for (const [name, hl] of (CSS as any).highlights)
        if (!String(name).startsWith('gs-fact-') && String(name).startsWith('gs-')) n += hl.size;
      return n;
    });
    expect(await card.locator('.gs-card-pos').textContent()).toBe(
      env.t('badge.position', [1, total]),
    );
    // The range is selected and in view.
    const sel = await page.evaluate(() => {
      const s = getSelection()!;
      const r = s.rangeCount ? s.getRangeAt(0) : null;
      const b = r?.getBoundingClientRect();
      return { text: s.toString(), top: b?.top ?? -1, bottom: b?.bottom ?? -1 };
    });
    expect(sel.text.length).toBeGreaterThan(0);
    expect(sel.top).toBeGreaterThanOrEqual(0);
    expect(sel.bottom).toBeLessThanOrEqual(900);
    // Keyboard focus stays on the button; Enter again moves on.
    await page.keyboard.press('Enter');
    await expect
      .poll(() => card.locator('.gs-card-pos').textContent())
      .toBe(env.t('badge.position', [2, total]));
    await page.locator('guishen-ui .gs-prev').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => card.locator('.gs-card-pos').textContent())
      .toBe(env.t('badge.position', [1, total]));
    // The buttons step through every place a finding is marked.
    expect(total).toBe(places(report));
    await screenshot(page, 'inpage-keyboard-card');
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);
    await page.close();
  });

  it('shows HTML and script payloads from the page as inert text in the card and badge', async () => {
    const { page, url, errors } = await openReviewed('e-markup-in-title.html');
    const report = (await reportOf(env.ext, url))!;
    expect(report.facts.title).toContain('<script>');
    // Badge: the title, as text.
    await page.locator('guishen-ui .gs-head').click();
    const title = page.locator('guishen-ui .gs-title');
    expect(await title.textContent()).toContain('<script>alert(1)</script>');
    // Card: hover the title fact (the heading carries the payload).
    const at = await page.evaluate(() => {
      const hl = (CSS as any).highlights.get('gs-fact-title') as Set<Range> | undefined;
      const r = hl && [...hl][0];
      if (!r) return null;
      r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      const rects = r.getClientRects();
      const b = rects[rects.length - 1]!;
      return { x: b.right - 8, y: b.top + b.height / 2 };
    });
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x, at!.y, { steps: 3 });
    const card = page.locator('guishen-ui .gs-card');
    await card.waitFor({ timeout: 5000 });
    expect(await card.textContent()).toContain('<script>alert(1)</script>');
    // Nothing was parsed as markup inside the shadow root, and nothing ran.
    const live = await page.evaluate(() => {
      const root = document.querySelector('guishen-ui')!.shadowRoot!;
      return {
        scripts: root.querySelectorAll('script, img, svg, iframe').length,
        alerts: (window as any).__alerts as string[],
      };
    });
    expect(live).toEqual({ scripts: 0, alerts: [] });
    await screenshot(page, 'inpage-markup-card');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists the attachments of a draft published as .docx files in the badge', async () => {
    const { page, url } = await openReviewed('d-tingjiang-ebike-charging-docx.html');
    const report = (await reportOf(env.ext, url))!;
    // The engine lists the three links, and the same names again from the 附件 line of the
    // text (without links); the badge shows each attachment once, with its link.
    expect(report.facts.attachments.filter((a) => a.href).length).toBe(3);
    // The draft is only in the attachments: the badge opens itself to say so.
    expect(await page.locator('guishen-ui .gs-head').getAttribute('aria-expanded')).toBe('true');
    const items = page.locator('guishen-ui .gs-atts li');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.nth(1).textContent()).toContain('征求意见稿');
    // Web links only (never javascript:), opened in a new tab.
    expect(await items.nth(0).locator('a').getAttribute('href')).toMatch(/^http:\/\//);
    await screenshot(page, 'inpage-attachments');
    await page.close();
  });

  it('turns highlights off and on from the badge, and remembers the choice', async () => {
    const { page } = await openReviewed('nb-cf-dog-fines.html');
    expect((await painted(page)).findings).toBeGreaterThan(0);
    await page.locator('guishen-ui .gs-head').click();
    const toggle = page.locator('guishen-ui .gs-toggle');
    expect(await toggle.textContent()).toBe(env.t('badge.hideHighlights'));
    await toggle.click();
    await expect.poll(async () => (await painted(page)).names.length).toBe(0);
    expect(await toggle.textContent()).toBe(env.t('badge.showHighlights'));
    // Another page in this browser starts with highlights off.
    const { page: other } = await openReviewed('p-dn-bracket-ascii.html');
    await other.waitForTimeout(300);
    expect((await painted(other)).names.length).toBe(0);
    await other.locator('guishen-ui .gs-head').click();
    await other.locator('guishen-ui .gs-toggle').click();
    await expect.poll(async () => (await painted(other)).findings).toBeGreaterThan(0);
    // …and the first page follows the switch.
    await expect.poll(async () => (await painted(page)).findings).toBeGreaterThan(0);
    await other.close();
    await page.close();
  });

  it('saves a screenshot of a reviewed page with its highlights', async () => {
    const { page } = await openReviewed('p-dn-bracket-ascii.html');
    await screenshot(page, 'inpage-highlights');
    const o = await observed(page);
    console.log(
      '[inpage] first review',
      named(o, 'guishen:review')[0]?.duration.toFixed(1),
      'ms; painted',
      named(o, 'guishen:painted')[0]?.duration.toFixed(1),
      'ms',
    );
    await page.close();
  });
});
