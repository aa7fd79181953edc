/**
 * The 规则包订阅 section over a real database and a real HTTP server on 127.0.0.1: subscribe,
 * read what the pack brings, apply it, see a failed check say why while the pack stays.
 */
import { createServer, type Server } from 'node:http';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SubscriptionsSection } from '../../../../components/options/SubscriptionsSection';
import { getActivePacks } from '../../../../lib/packs';
import { applyManagedPolicy } from '../../../../lib/managed';
import { axeViolations, setup } from './setup';

let server: Server;
let base = '';
let body = '';
let status = 200;

beforeAll(async () => {
  server = createServer((_req, res) => {
    // The page's fetch (happy-dom) applies CORS like a browser page would.
    res.writeHead(status, {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
    });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const provincePack = (version: string, triggers = ['保证金']) =>
  JSON.stringify({
    id: 'province',
    name: '省司法厅补充规则',
    version,
    jurisdiction: '某省',
    extends: ['national'],
    params: {},
    rules: [
      {
        id: 'PV-DEPOSIT',
        kind: 'pattern',
        severity: 'error',
        category: '合法性',
        message: '规范性文件不得设定保证金',
        basis: '《优化营商环境条例》第十九条',
        options: { triggers },
      },
    ],
    checklist: [],
  });

async function mounted() {
  const s = await setup();
  cleanups.push(() => s.db.delete());
  const r = s.view(<SubscriptionsSection />);
  return { ...s, ...r };
}

describe('pack subscriptions section', () => {
  it('subscribes, shows the rules the pack adds, applies it on request, and passes axe', async () => {
    const { db, notify, container } = await mounted();
    status = 200;
    body = provincePack('1.0.0');
    fireEvent.input(screen.getByTestId('subs-url'), { target: { value: `${base}/p.json` } });
    fireEvent.click(screen.getByTestId('subs-add'));
    const pending = await screen.findByTestId('subs-pending');
    expect(pending.textContent).toContain('版本 1.0.0');
    expect(within(pending).getByTestId('subs-changes').textContent).toMatch(
      /新增规则（1 条）.*PV-DEPOSIT.*不得设定保证金/,
    );
    // Not running before the reviewer applies it.
    expect((await getActivePacks(db)).map((p) => p.id)).not.toContain('province');
    expect(await axeViolations(container)).toEqual([]);

    fireEvent.click(screen.getByTestId('subs-apply'));
    await waitFor(() => expect(screen.getByTestId('subs-version').textContent).toBe('1.0.0'));
    expect((await getActivePacks(db)).map((p) => p.id)).toContain('province');
    expect(notify).toHaveBeenCalled();
  });

  it('says why a check failed and keeps the pack in use', async () => {
    const { db } = await mounted();
    status = 200;
    body = provincePack('1.0.0');
    fireEvent.input(screen.getByTestId('subs-url'), { target: { value: `${base}/q.json` } });
    fireEvent.click(screen.getByTestId('subs-add'));
    fireEvent.click(await screen.findByTestId('subs-apply'));
    await waitFor(() => expect(screen.getByTestId('subs-version').textContent).toBe('1.0.0'));

    body = provincePack('1.1.0', ['(a|a)*$']);
    fireEvent.click(screen.getByTestId('subs-check'));
    expect((await screen.findByTestId('subs-error')).textContent).toMatch(/仍使用原规则包.*回溯/);
    expect((await db.packs.get('province'))!.pack.version).toBe('1.0.0');
  });

  it('refuses a plain-http address that is not the loopback, with the reason', async () => {
    await mounted();
    fireEvent.input(screen.getByTestId('subs-url'), {
      target: { value: 'http://packs.example.gov.cn/p.json' },
    });
    fireEvent.click(screen.getByTestId('subs-add'));
    expect((await screen.findByTestId('subs-problems')).textContent).toMatch(/必须是 https/);
  });

  it('shows a managed subscription without 退订', async () => {
    const { db, view } = await setup();
    cleanups.push(() => db.delete());
    status = 200;
    body = provincePack('1.0.0');
    const report = await applyManagedPolicy(
      db,
      { subscriptions: [{ url: `${base}/m.json` }], officeName: '某省司法厅' },
      { fetch: (u, i) => fetch(u, i) },
    );
    expect(report).toMatchObject({ subscribed: [`${base}/m.json`], errors: [] });
    view(<SubscriptionsSection />);
    const card = await screen.findByTestId('subs-card');
    expect(card.textContent).toContain('管理员设置');
    expect(within(card).queryByTestId('subs-remove')).toBeNull();
    expect((await db.settings.toArray())[0]!.officeName).toBe('某省司法厅');
  });
});
