/**
 * Issue 22's conflict acceptance in real Chromium with two browser profiles and the built
 * extension: alice (a reviewer) and carol (a lead, who may correct any record) both edit the
 * same record in the options page's log while the office's server is down; after it comes back,
 * both logs show the conflict with both versions kept; alice chooses one in the conflict dialog,
 * and both profiles and the server converge on it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type Launched } from '../../scripts/launch';
import { startCouch, type CouchServer } from '../../scripts/couch-server.mjs';
import { addUser, LEAD_ROLE, REVIEWER_ROLE, setupOffice } from '../../scripts/office-setup';
import { openExtensionPage, screenshot } from './helpers';
import {
  connectOffice,
  editOpinion,
  opinionOf,
  recordsOf,
  saveRecord,
  serverOpinions,
} from './office-helpers';

let couch: CouchServer;
let dbUrl: string;
let a: Launched;
let c: Launched;

beforeAll(async () => {
  couch = await startCouch();
  dbUrl = `${couch.url}office`;
  const admin = { url: dbUrl, user: couch.admin.user, password: couch.admin.password };
  await setupOffice(admin);
  await addUser(admin, 'alice', 'alice-password-1', REVIEWER_ROLE);
  await addUser(admin, 'carol', 'carol-password-1', LEAD_ROLE);
  [a, c] = await Promise.all([launchExtension(), launchExtension()]);
});

afterAll(async () => {
  await Promise.all([a?.close(), c?.close()]);
  await couch?.dispose();
});

/** The row's office mark in the log (uploaded / pending / unknown / conflict). */
function markOf(log: Page, id: string): Promise<string | null> {
  return log
    .locator(`tr[data-id="${id}"] [data-testid="sync-mark"]`)
    .getAttribute('data-mark', { timeout: 1_000 })
    .catch(() => null);
}

describe('two profiles edit one record while the server is down', () => {
  const ALICE = 'alice 断网时的修改';
  const CAROL = '负责人断网时的更正';
  let id: string;
  let logA: Page;
  let logC: Page;

  it('keeps both versions as a conflict in both logs after the server comes back', async () => {
    const officeA = await connectOffice(a, dbUrl, 'alice', 'alice-password-1');
    const officeC = await connectOffice(c, dbUrl, 'carol', 'carol-password-1');
    id = await saveRecord(officeA, { title: '银湖市冲突测试办法', opinion: '原意见' });
    // Both logs hold the record (carol's pulled it from the server) before anyone edits.
    await expect
      .poll(() => opinionOf(officeC, id), { timeout: 20_000, interval: 200 })
      .toBe('原意见');
    await expect
      .poll(() => officeA.getByTestId('office-sync-status').getAttribute('data-status'), {
        timeout: 20_000,
      })
      .toBe('synced');

    await couch.stop();
    logA = await openExtensionPage(a, 'options.html#log');
    logC = await openExtensionPage(c, 'options.html#log');
    await editOpinion(logA, id, ALICE);
    await editOpinion(logC, id, CAROL);
    expect(await opinionOf(logA, id)).toBe(ALICE);
    expect(await opinionOf(logC, id)).toBe(CAROL);

    couch = await startCouch({ dir: couch.dir, port: couch.port, admin: couch.admin });
    // 立即同步 in both (live replication would come back on its own after its back-off).
    // Alice's round sends her edit, carol's sends hers and brings the conflict, alice's next
    // brings carol's version. Each waits for its own answer.
    for (const page of [officeA, officeC, officeA]) {
      await page.reload();
      await page.getByTestId('office-sync').click();
      await expect
        .poll(() => page.getByTestId('office-status-line').textContent(), { timeout: 30_000 })
        .toContain('同步完成');
    }
    await expect
      .poll(() => serverOpinions(couch, dbUrl, id), { timeout: 60_000, interval: 500 })
      .toEqual([ALICE, CAROL].sort());
    for (const log of [logA, logC]) {
      await log.reload();
      await expect.poll(() => markOf(log, id), { timeout: 60_000, interval: 500 }).toBe('conflict');
    }
    // Until someone chooses, both logs show the same version: the newer one (carol's).
    expect(await opinionOf(logA, id)).toBe(CAROL);
    expect(await opinionOf(logC, id)).toBe(CAROL);
    // Both versions, side by side, in each profile's conflict dialog.
    for (const log of [logA, logC]) {
      await log.locator(`tr[data-id="${id}"] [data-testid="sync-mark"]`).click();
      const table = log.getByTestId('conflict-table');
      await expect.poll(() => table.textContent(), { timeout: 15_000 }).toContain(ALICE);
      expect(await table.textContent()).toContain(CAROL);
    }
    await screenshot(logA, 'office-conflict-a');
  });

  it('lets alice keep her version in the dialog, and both profiles and the server converge on it', async () => {
    const table = logA.getByTestId('conflict-table');
    // The column holding alice's opinion is the version to keep.
    const opinionRow = table.locator('tbody tr').filter({ hasText: ALICE });
    const cells = await opinionRow.locator('td').allTextContents();
    const column = cells.findIndex((t) => t.includes(ALICE));
    expect(column).toBeGreaterThanOrEqual(0);
    await logA.getByTestId('conflict-keep').nth(column).click();
    await expect.poll(() => logA.getByTestId('conflict').count(), { timeout: 15_000 }).toBe(0);
    await expect
      .poll(() => logA.locator('[role="status"]').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('已保留所选版本')]));
    expect(await opinionOf(logA, id)).toBe(ALICE);

    await expect
      .poll(() => serverOpinions(couch, dbUrl, id), { timeout: 60_000, interval: 500 })
      .toEqual([ALICE]);
    await expect.poll(() => opinionOf(logC, id), { timeout: 60_000, interval: 250 }).toBe(ALICE);
    // carol's dialog learns the choice was made; her log's mark is no longer a conflict.
    await logC.reload();
    await expect
      .poll(() => markOf(logC, id), { timeout: 60_000, interval: 500 })
      .not.toBe('conflict');
    await expect
      .poll(() => markOf(logA, id), { timeout: 30_000, interval: 500 })
      .not.toBe('conflict');
    const rowsA = await recordsOf(logA);
    const rowsC = await recordsOf(logC);
    expect(rowsC.find((r) => r.id === id)).toEqual(rowsA.find((r) => r.id === id));
  });
});
