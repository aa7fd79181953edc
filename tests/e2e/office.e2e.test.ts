/**
 * The office's shared log in real Chromium: two browser profiles (two reviewers) with the
 * built extension, connected through the options page to a CouchDB-protocol server on
 * 127.0.0.1 (pouchdb-server, set up by office:setup). A records a review; B's log has it
 * within 5 s and B's office statistics count it once; draft texts stay off the server; B's edit
 * of A's record is refused with a Chinese reason on B's page; and a log of every request both
 * profiles made shows no host but the server's and no draft text.
 * (The conflict of two profiles editing one record offline: office-conflict.e2e.test.ts.)
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type Launched } from '../../scripts/launch';
import { startCouch, type CouchServer } from '../../scripts/couch-server.mjs';
import { addUser, LEAD_ROLE, REVIEWER_ROLE, setupOffice } from '../../scripts/office-setup';
import { openExtensionPage, screenshot } from './helpers';
import { editOpinion, fillOffice, opinionOf, recordsOf } from './office-helpers';

let couch: CouchServer;
let dbUrl: string;
let a: Launched;
let b: Launched;
const PASSWORD = { alice: 'alice-password-1', bob: 'bob-password-1' };
/** Every request either profile made (pages and the service worker), with its body. */
const requests: Array<{ profile: string; url: string; body: string }> = [];

beforeAll(async () => {
  couch = await startCouch();
  dbUrl = `${couch.url}office`;
  const admin = { url: dbUrl, user: couch.admin.user, password: couch.admin.password };
  await setupOffice(admin);
  await addUser(admin, 'alice', PASSWORD.alice, REVIEWER_ROLE);
  await addUser(admin, 'bob', PASSWORD.bob, REVIEWER_ROLE);
  await addUser(admin, 'carol', 'carol-password-1', LEAD_ROLE);
  [a, b] = await Promise.all([launchExtension(), launchExtension()]);
  for (const [profile, l] of [
    ['A', a],
    ['B', b],
  ] as const)
    l.context.on('request', (req) =>
      requests.push({ profile, url: req.url(), body: req.postData() ?? '' }),
    );
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await couch?.dispose();
});

function connect(l: Launched, user: 'alice' | 'bob', password: string): Promise<Page> {
  return fillOffice(l, dbUrl, user, password);
}

describe('two reviewers, one office log', () => {
  let pageA: Page;
  let pageB: Page;
  /** A's first record (its draft text stays in A's browser). */
  let saved: string;

  it('says the password is wrong in its own words, before anything is stored', async () => {
    const page = await connect(b, 'bob', 'not-his-password');
    await page.getByTestId('office-test').click();
    await expect
      .poll(() => page.locator('.error-box, [role="alert"]').allTextContents(), { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining('用户名“bob”或密码错误（服务器拒绝登录）'),
        ]),
      );
    await page.close();
  });

  it('says a wrong address in its own words: nothing answering, and no such database', async () => {
    const down = await fillOffice(b, 'http://127.0.0.1:9/office', 'bob', PASSWORD.bob);
    await down.getByTestId('office-test').click();
    await expect
      .poll(() => down.locator('.error-box, [role="alert"]').allTextContents(), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([expect.stringContaining('无法连接 127.0.0.1:9：服务器没有应答')]),
      );
    await down.close();
    const missing = await fillOffice(b, `${couch.url}no-such-office`, 'bob', PASSWORD.bob);
    await missing.getByTestId('office-test').click();
    await expect
      .poll(() => missing.locator('.error-box, [role="alert"]').allTextContents(), {
        timeout: 15_000,
      })
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            '服务器上没有数据库“no-such-office”（请负责人先运行 npm run office:setup）',
          ),
        ]),
      );
    await missing.close();
  });

  it('connects both profiles through the options page', async () => {
    pageA = await connect(a, 'alice', PASSWORD.alice);
    await pageA.getByTestId('office-test').click();
    await expect
      .poll(() => pageA.getByTestId('office-status-line').textContent(), { timeout: 10_000 })
      .toContain('连接成功');
    await pageA.getByTestId('office-connect').click();
    await expect
      .poll(() => pageA.getByTestId('office-status-line').textContent(), { timeout: 15_000 })
      .toContain('已连接');
    pageB = await connect(b, 'bob', PASSWORD.bob);
    await pageB.getByTestId('office-connect').click();
    await expect
      .poll(() => pageB.getByTestId('office-status-line').textContent(), { timeout: 15_000 })
      .toContain('已连接');
    await expect
      .poll(() => pageA.getByTestId('office-sync-status').getAttribute('data-status'), {
        timeout: 15_000,
      })
      .toBe('synced');
    // Loopback http: the permanent warning is there.
    expect(await pageA.getByTestId('office-http-warning').count()).toBe(1);
  });

  it("brings A's review into B's log within 5 s, counted once in B's office statistics", async () => {
    saved = await pageA.evaluate(async () => {
      const reply = await (globalThis as any).chrome.runtime.sendMessage({
        type: 'saveRecord',
        record: {
          url: 'http://127.0.0.1/doc.html',
          title: '银湖市共享测试文件管理办法',
          docNumber: '银政规〔2026〕9号',
          registrationNumber: null,
          classification: 'normative',
          conclusion: '通过',
          opinion: '同意出台。',
          reviewer: '张三',
          reviewedAt: new Date().toISOString(),
          facts: { effectiveDate: null, validity: { years: null, until: null, expiry: null } },
          findings: [],
          packs: [{ id: 'national', version: '1.0.0', sha256: 'a'.repeat(64) }],
          extensionVersion: '0.1.0',
          text: '第一条 为了规范……（保密的草稿文本）',
        },
      });
      if (!reply.ok) throw new Error(reply.error);
      return reply.data.id as string;
    });
    const t0 = Date.now();
    await expect
      .poll(async () => (await recordsOf(pageB)).map((r) => r.id), {
        timeout: 5_000,
        interval: 100,
      })
      .toEqual([saved]);
    const elapsed = Date.now() - t0;
    console.log(`[office e2e] A's save → B's log: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(5_000);

    await pageB.reload();
    await expect
      .poll(() => pageB.getByTestId('office-sentence').textContent(), { timeout: 10_000 })
      .toMatch(/共审查各类文件1件，其中行政规范性文件1件，非规范性文件0件$/);
    await screenshot(pageB, 'office-b');

    // The draft text stayed in A's browser: the server holds the record and nothing else.
    const auth = `Basic ${Buffer.from(`${couch.admin.user}:${couch.admin.password}`).toString('base64')}`;
    const all = await (
      await fetch(`${dbUrl}/_all_docs?include_docs=true`, { headers: { authorization: auth } })
    ).json();
    const ids = (all.rows as Array<{ id: string }>)
      .map((r) => r.id)
      .filter((id) => !id.startsWith('_design/'));
    expect(ids).toEqual([`record:${saved}`]);
    expect(JSON.stringify(all)).not.toContain('保密的草稿文本');
  });

  it('keeps recording while the server is down (待同步 N 条), and everything arrives after the restart', async () => {
    await couch.stop();
    const save = (title: string) =>
      pageA.evaluate(async (t) => {
        const reply = await (globalThis as any).chrome.runtime.sendMessage({
          type: 'saveRecord',
          record: {
            url: 'http://127.0.0.1/offline.html',
            title: t,
            docNumber: null,
            registrationNumber: null,
            classification: 'non-normative',
            conclusion: '通过',
            opinion: '',
            reviewer: '张三',
            facts: { effectiveDate: null, validity: { years: null, until: null, expiry: null } },
            findings: [],
            packs: [],
            extensionVersion: '0.1.0',
          },
        });
        if (!reply.ok) throw new Error(reply.error);
        return reply.data.id as string;
      }, title);
    const ids = [await save('断网时记录的第一份'), await save('断网时记录的第二份')];
    await pageA.reload();
    await expect
      .poll(() => pageA.getByTestId('office-sync-status').textContent(), { timeout: 20_000 })
      .toMatch(/^(待同步 2 条|离线)$/);
    const restarted = await startCouch({ dir: couch.dir, port: couch.port, admin: couch.admin });
    couch = restarted;
    await expect
      .poll(
        async () =>
          (await recordsOf(pageB)).map((r) => r.id).filter((id) => ids.includes(id)).length,
        {
          timeout: 60_000,
          interval: 250,
        },
      )
      .toBe(2);
    await expect
      .poll(() => pageA.getByTestId('office-sync-status').textContent(), { timeout: 20_000 })
      .toBe('已同步');
  });

  it("refuses B's change to A's record, says why in Chinese on B's page, and the server keeps A's version", async () => {
    const logB = await openExtensionPage(b, 'options.html#log');
    await editOpinion(logB, saved, 'bob 改了 alice 的意见');
    await expect
      .poll(() => pageB.getByTestId('office-rejects').textContent(), { timeout: 30_000 })
      .toContain('不能修改其他审查人员（alice）的记录，只有负责人可以更正；本机的修改未上传');
    const auth = `Basic ${Buffer.from(`${couch.admin.user}:${couch.admin.password}`).toString('base64')}`;
    const onServer = await (
      await fetch(`${dbUrl}/record:${saved}`, { headers: { authorization: auth } })
    ).json();
    expect(onServer.record.opinion).toBe('同意出台。');
    expect(onServer.owner).toBe('alice');
    expect(await opinionOf(pageA, saved)).toBe('同意出台。');
    await logB.close();
  });

  it('made no request to any host but the office server, and sent no draft text', async () => {
    // (127.0.0.1:9 is the wrong address typed in the 连接测试 above, and nothing else.)
    const web = requests.filter(
      (r) => /^(https?|wss?):/.test(r.url) && !r.url.startsWith('http://127.0.0.1:9/'),
    );
    // The log holds the service worker's replication (not only the pages' requests).
    expect(web.some((r) => r.profile === 'A' && r.url.includes('/_bulk_docs'))).toBe(true);
    expect(web.some((r) => r.profile === 'B' && r.url.includes('/_changes'))).toBe(true);
    const hosts = [...new Set(web.map((r) => new URL(r.url).host))];
    expect(hosts).toEqual([new URL(couch.url).host]);
    expect(web.filter((r) => r.body.includes('保密的草稿文本'))).toEqual([]);
  });
});
