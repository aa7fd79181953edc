/**
 * What the office e2e files share: connecting a profile through the options page, saving a
 * record through the background's message, reading a profile's log from its IndexedDB, and the
 * server's documents as its admin sees them.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Launched } from '../../scripts/launch';
import type { CouchServer } from '../../scripts/couch-server.mjs';
import { openExtensionPage } from './helpers';

/** Fill the options page's 办公室共享日志 form (nothing clicked yet). */
export async function fillOffice(
  l: Launched,
  url: string,
  user: string,
  password: string,
): Promise<Page> {
  const page = await openExtensionPage(l, 'options.html#office');
  await page.getByTestId('office-url').fill(url);
  await page.getByTestId('office-user').fill(user);
  await page.getByTestId('office-password').fill(password);
  return page;
}

/** Connect a profile and wait until the page says it is connected. */
export async function connectOffice(
  l: Launched,
  url: string,
  user: string,
  password: string,
): Promise<Page> {
  const page = await fillOffice(l, url, user, password);
  await page.getByTestId('office-connect').click();
  await expect
    .poll(() => page.getByTestId('office-status-line').textContent(), { timeout: 20_000 })
    .toContain('已连接');
  return page;
}

/** Save a review record through the background (as the side panel does); returns its id. */
export function saveRecord(
  page: Page,
  record: { title: string; opinion?: string; text?: string; url?: string },
): Promise<string> {
  return page.evaluate(async (r) => {
    const reply = await (globalThis as any).chrome.runtime.sendMessage({
      type: 'saveRecord',
      record: {
        url: r.url ?? 'http://127.0.0.1/doc.html',
        title: r.title,
        docNumber: null,
        registrationNumber: null,
        classification: 'normative',
        conclusion: '通过',
        opinion: r.opinion ?? '',
        reviewer: '张三',
        facts: { effectiveDate: null, validity: { years: null, until: null, expiry: null } },
        findings: [],
        packs: [],
        extensionVersion: '0.1.0',
        ...(r.text ? { text: r.text } : {}),
      },
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply.data.id as string;
  }, record);
}

export interface LogRow {
  id: string;
  title: string;
  reviewer: string;
  opinion: string;
  updatedAt: string;
}

/** Edit a record's opinion in the options page's log (record dialog → 编辑 → 保存). */
export async function editOpinion(log: Page, id: string, opinion: string): Promise<void> {
  await log.locator(`tr[data-id="${id}"] button.link`).first().click();
  const dialog = log.getByTestId('record');
  await dialog.getByRole('button', { name: '编辑', exact: true }).click();
  await dialog.getByTestId('edit-opinion').fill(opinion);
  await dialog.locator('form.edit-record button[type="submit"]').click();
  await expect
    .poll(() => dialog.getByTestId('record-opinion').textContent(), { timeout: 10_000 })
    .toContain(opinion);
  await dialog.getByRole('button', { name: '关闭', exact: true }).click();
}

/** Records in a profile's Dexie database, read with the raw IndexedDB API from its page. */
export function recordsOf(page: Page): Promise<LogRow[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('guishen');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('records').objectStore('records').getAll();
          req.onsuccess = () => {
            resolve(
              req.result.map((r: any) => ({
                id: r.id,
                title: r.title,
                reviewer: r.reviewer,
                opinion: r.opinion,
                updatedAt: r.updatedAt,
              })),
            );
            open.result.close();
          };
        };
      }),
  );
}

/** One record's opinion in a profile's log (undefined when it is not there). */
export async function opinionOf(page: Page, id: string): Promise<string | undefined> {
  return (await recordsOf(page)).find((r) => r.id === id)?.opinion;
}

/** Basic-auth GET as the server's admin. */
export async function adminGet(couch: CouchServer, url: string): Promise<any> {
  const auth = `Basic ${Buffer.from(`${couch.admin.user}:${couch.admin.password}`).toString('base64')}`;
  const res = await fetch(url, { headers: { authorization: auth, accept: 'application/json' } });
  return res.json();
}

/** The opinions of every live version of a record on the server (sorted). */
export async function serverOpinions(
  couch: CouchServer,
  dbUrl: string,
  id: string,
): Promise<string[]> {
  const leaves = (await adminGet(couch, `${dbUrl}/record:${id}?open_revs=all`)) as Array<{
    ok?: { _deleted?: boolean; record?: { opinion: string } };
  }>;
  return leaves
    .flatMap((l) => (l.ok && !l.ok._deleted && l.ok.record ? [l.ok.record.opinion] : []))
    .sort();
}
