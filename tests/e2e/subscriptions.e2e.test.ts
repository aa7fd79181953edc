/**
 * Rule-pack subscriptions in the BUILT extension (real Chromium) against a pack server on
 * 127.0.0.1 started here: the reviewer subscribes in the options page, reads what the pack
 * adds, applies it, and a portal draft is reviewed with the new rule; a tampered update (a
 * lower version, then a catastrophic pattern) is refused with its reason and the pack in use
 * stays. Every request of the walk goes to the loopback (the portal and the pack server).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExtensionPage, reportOf, screenshot, tabIdOf, useExtension } from './helpers';

const env = useExtension();
let server: Server;
let packUrl = '';
let body = '';
const served: string[] = [];

const pack = (version: string, triggers: string[]) =>
  JSON.stringify({
    id: 'province-e2e',
    name: '省司法厅补充规则（订阅测试）',
    version,
    jurisdiction: '某省',
    extends: ['national'],
    params: {},
    rules: [
      {
        id: 'PV-LOCAL',
        kind: 'pattern',
        severity: 'warning',
        category: '公平竞争',
        message: '省规则：不得对本地企业给予优先',
        basis: '《公平竞争审查条例》第九条',
        options: { triggers },
      },
    ],
    checklist: [],
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  packUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/province.json`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('pack subscriptions in Chromium', () => {
  it('subscribes, shows the changes, applies, and the next review runs the subscribed rule', async () => {
    const hosts = new Set<string>();
    env.ext.context.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol.startsWith('http')) hosts.add(u.hostname);
    });
    body = pack('1.0.0', ['本地企业']);
    const options = await openExtensionPage(env.ext, 'options.html#subscriptions', {
      width: 1280,
      height: 900,
    });
    await options.getByTestId('subs-url').fill(packUrl);
    await options.getByTestId('subs-add').click();
    const pending = options.getByTestId('subs-pending');
    await pending.waitFor({ timeout: 15_000 });
    expect(await pending.textContent()).toContain('PV-LOCAL');
    await screenshot(options, 'subscriptions-pending');
    await options.getByTestId('subs-apply').click();
    await expect
      .poll(() => options.getByTestId('subs-version').textContent(), { timeout: 10_000 })
      .toBe('1.0.0');

    const page = await env.ext.context.newPage();
    const url = `${env.portal.url}/d-tingjiang-canteen-food-procurement.html`;
    await page.goto(url);
    expect(await tabIdOf(env.ext, url)).toBeGreaterThan(0);
    await expect
      .poll(
        async () =>
          ((await reportOf(env.ext, url))?.findings ?? []).some(
            (f) => f.ruleId === 'province-e2e/PV-LOCAL',
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    expect([...hosts].every((h) => h === '127.0.0.1' || h === 'localhost')).toBe(true);
    expect(new Set(served)).toEqual(new Set(['/province.json']));
  });

  it('refuses a lower version and a catastrophic pattern with their reasons; the pack in use stays', async () => {
    const options = await openExtensionPage(env.ext, 'options.html#subscriptions', {
      width: 1280,
      height: 900,
    });
    for (const [next, reason] of [
      [pack('0.9.0', ['本地企业']), /低于本机已用的 1\.0\.0/],
      [pack('1.1.0', ['(本|本)*$']), /回溯/],
    ] as const) {
      body = next;
      await options.getByTestId('subs-check').click();
      await expect
        .poll(
          () =>
            options
              .getByTestId('subs-error')
              .textContent()
              .catch(() => ''),
          {
            timeout: 10_000,
          },
        )
        .toMatch(reason);
      expect(await options.getByTestId('subs-version').textContent()).toBe('1.0.0');
    }
    await screenshot(options, 'subscriptions-refused');
  });
});
