// @vitest-environment node
/**
 * Rule-pack subscriptions against a real HTTP server on 127.0.0.1 (Node's fetch, the same
 * protocol the extension uses), with a fake clock: subscribe, read the changes, apply, update,
 * restore; every hostile answer refused with its reason and the installed pack unchanged.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpAll } from '@/lib/db';
import { applyManagedPolicy } from '@/lib/managed';
import { getActivePacks, importPack, syncSeeds } from '@/lib/packs';
import {
  applyPending,
  checkAll,
  checkSubscription,
  checkSubscriptionUrl,
  MAX_PACK_BYTES,
  restorePrevious,
  subscribe,
  unsubscribe,
  verifySignature,
  type SubscriptionDeps,
} from '@/lib/subscriptions';
import type { Pack } from '@/rules/schema';
import { dbPerTest, pack } from './fixtures';

const db = dbPerTest();

/** What the test server answers, by path: a body (string/bytes) with headers, or a handler. */
type Answer = {
  status?: number;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  delayMs?: number;
};
const answers = new Map<string, Answer>();
const requests: string[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const a = answers.get(req.url ?? '');
    if (!a) {
      res.writeHead(404).end('not found');
      return;
    }
    const send = () => {
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    };
    if (a.delayMs) setTimeout(send, a.delayMs);
    else send();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let clock = new Date('2026-12-01T08:00:00.000Z');
const deps: SubscriptionDeps = { fetch: (u, i) => fetch(u, i), now: () => clock };

const office = (version: string, extra: Partial<Pack> = {}): Pack =>
  pack({
    id: 'province',
    name: '省司法厅补充规则',
    version,
    jurisdiction: '某省',
    extends: ['national'],
    params: {},
    rules: [
      {
        id: 'no-deposit',
        kind: 'pattern',
        severity: 'error',
        category: '合法性',
        message: '规范性文件不得设定保证金',
        basis: '《优化营商环境条例》第十九条',
        enabled: true,
        options: { triggers: ['保证金'] },
      },
    ],
    ...extra,
  });

const serve = (path: string, value: unknown, more: Answer = {}) =>
  answers.set(path, { body: JSON.stringify(value), ...more });

async function seeded() {
  const d = db();
  await syncSeeds(d, [pack()]);
  return d;
}

describe('the subscription address', () => {
  it.each([
    ['https://packs.example.gov.cn/province.json', null],
    ['http://127.0.0.1:8080/p.json', null],
    ['http://packs.example.gov.cn/p.json', '必须是 https'],
    ['ftp://x/p.json', '必须是 https'],
    ['https://user:pw@x.example/p.json', '用户名或密码'],
    ['不是网址', '不是有效的网址'],
  ])('%s → %s', (url, error) => {
    const r = checkSubscriptionUrl(url);
    if (error === null) expect(r).toHaveProperty('url');
    else expect((r as { error: string }).error).toContain(error);
  });
});

describe('subscribing, applying and updating', () => {
  it('subscribes without installing, shows what the pack brings, then applies it', async () => {
    const d = await seeded();
    serve('/province.json', office('1.0.0'));
    const sub = await subscribe(d, { url: `${base}/province.json` }, deps);
    expect(sub.ok).toBe(true);
    if (!sub.ok) return;
    expect(sub.value.packId).toBe('province');
    expect(sub.value.version).toBeNull();
    expect(await d.packs.get('province')).toBeUndefined(); // not yet
    const pending = sub.value.pending as { changes: { added: Array<{ id: string }> } };
    expect(pending.changes.added.map((r) => r.id)).toEqual(['no-deposit']);

    const applied = await applyPending(d, `${base}/province.json`);
    expect(applied.ok).toBe(true);
    expect((await getActivePacks(d)).map((p) => p.id)).toContain('province');
    const row = await d.subscriptions.get(`${base}/province.json`);
    expect(row).toMatchObject({ version: '1.0.0', pending: null, error: null, previous: null });
  });

  it('finds a newer version on a check, lists its changes, keeps the old one until applied, and restores it', async () => {
    const d = await seeded();
    const url = `${base}/up.json`;
    serve('/up.json', office('1.0.0'));
    await subscribe(d, { url }, deps);
    await applyPending(d, url);

    const v2 = office('1.1.0', {
      params: { 'validity.maxYears.default': { value: 3, basis: '省规定' } },
    });
    v2.rules[0] = { ...v2.rules[0]!, severity: 'warning' };
    v2.rules.push({
      id: 'no-sponsor',
      kind: 'pattern',
      severity: 'error',
      category: '合法性',
      message: '不得要求赞助',
      basis: '《优化营商环境条例》',
      enabled: true,
      options: { triggers: ['赞助'] },
    });
    serve('/up.json', v2);
    clock = new Date('2026-12-02T08:00:00.000Z');
    expect(await checkSubscription(d, url, deps)).toEqual({
      ok: true,
      value: { status: 'update' },
    });
    const row = (await d.subscriptions.get(url))!;
    expect(row.checkedAt).toBe('2026-12-02T08:00:00.000Z');
    const changes = (row.pending as { changes: Record<string, unknown> }).changes;
    expect(changes).toMatchObject({
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      added: [{ id: 'no-sponsor' }],
      removed: [],
      changed: [
        { id: 'no-deposit', fields: [{ field: 'severity', before: 'error', after: 'warning' }] },
      ],
      params: [{ key: 'validity.maxYears.default', before: null, after: '3' }],
    });
    // Not applied yet: the engine still runs 1.0.0.
    expect((await d.packs.get('province'))!.pack.version).toBe('1.0.0');

    await applyPending(d, url);
    expect((await d.packs.get('province'))!.pack.version).toBe('1.1.0');
    expect((await d.subscriptions.get(url))!.previous?.version).toBe('1.0.0');

    const back = await restorePrevious(d, url);
    expect(back.ok).toBe(true);
    expect((await d.packs.get('province'))!.pack.version).toBe('1.0.0');
    expect((await d.subscriptions.get(url))!.version).toBe('1.0.0');
  });

  it('says current when nothing changed', async () => {
    const d = await seeded();
    const url = `${base}/same.json`;
    serve('/same.json', office('1.0.0'));
    await subscribe(d, { url }, deps);
    await applyPending(d, url);
    expect(await checkSubscription(d, url, deps)).toEqual({
      ok: true,
      value: { status: 'current' },
    });
  });
});

describe('hostile or broken answers: refused with the reason, the installed pack unchanged', () => {
  const big = new Uint8Array(MAX_PACK_BYTES + 10).fill(0x20);
  const cases: Array<[string, () => void, RegExp]> = [
    ['a lower version', () => serve('/h.json', office('0.9.0')), /低于本机已用的 1\.0\.0/],
    [
      'changed content under the same version',
      () => serve('/h.json', office('1.0.0', { name: '改过的名字' })),
      /版本号仍是 1\.0\.0/,
    ],
    [
      'an invalid rule',
      () =>
        serve('/h.json', {
          ...office('1.1.0'),
          rules: [{ id: 'x', kind: 'pattern', severity: 'error' }],
        }),
      /规则/,
    ],
    [
      'a catastrophic pattern',
      () =>
        serve('/h.json', {
          ...office('1.1.0'),
          rules: [{ ...office('1.1.0').rules[0], options: { triggers: ['(a|a)*$'] } }],
        }),
      /回溯/,
    ],
    ['a page instead of JSON', () => answers.set('/h.json', { body: '<html>登录</html>' }), /网页/],
    ['a server error', () => answers.set('/h.json', { status: 500, body: 'x' }), /500/],
    ['a body over the limit', () => answers.set('/h.json', { body: big }), /过大/],
    [
      'a redirect to another host',
      () =>
        answers.set('/h.json', {
          status: 302,
          headers: { location: 'https://evil.example/p.json' },
        }),
      /跳转|redirect/,
    ],
    [
      'another pack id',
      () => serve('/h.json', { ...office('1.1.0'), id: 'other' }),
      /与订阅的“province”不同/,
    ],
    [
      'a pack taking a seed id',
      () => serve('/h.json', { ...office('1.1.0'), id: 'national', extends: [] }),
      /内置规则包重名|与订阅的/,
    ],
  ];

  it.each(cases)('%s', async (_name, arrange, reason) => {
    const d = await seeded();
    const url = `${base}/h.json`;
    serve('/h.json', office('1.0.0'));
    await subscribe(d, { url }, deps);
    await applyPending(d, url);
    const packsBefore = await dumpAll(d);
    arrange();
    const r = await checkSubscription(d, url, deps);
    expect(r).toMatchObject({ ok: true, value: { status: 'error' } });
    const row = (await d.subscriptions.get(url))!;
    expect(row.error).toMatch(reason);
    expect(row.pending).toBeNull();
    const after = await dumpAll(d);
    expect(after.packs).toEqual(packsBefore.packs);
    expect(after.overrides).toEqual(packsBefore.overrides);
  });

  it('refuses a body whose SHA-256 is not the pinned one', async () => {
    const d = await seeded();
    serve('/pin.json', office('1.0.0'));
    const r = await subscribe(d, { url: `${base}/pin.json`, pin: 'a'.repeat(64) }, deps);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/与固定值.*不符/);
    expect(await d.subscriptions.count()).toBe(0);
  });

  it('gives up on a server that does not answer in time, and says so', async () => {
    const d = await seeded();
    answers.set('/slow.json', { body: JSON.stringify(office('1.0.0')), delayMs: 5_000 });
    // The same request with a short deadline (the real one is 20 s).
    const fast: SubscriptionDeps = { ...deps, timeoutMs: 300 };
    const r = await subscribe(d, { url: `${base}/slow.json` }, fast);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/1 秒内没有答复/);
    expect(await d.subscriptions.count()).toBe(0);
  });

  it('never asks any address but the subscribed one (and its .sig)', async () => {
    const d = await seeded();
    requests.length = 0;
    serve('/only.json', office('1.0.0'));
    await subscribe(d, { url: `${base}/only.json` }, deps);
    await applyPending(d, `${base}/only.json`);
    await checkAll(d, deps);
    expect(new Set(requests)).toEqual(new Set(['/only.json']));
  });
});

describe('signed packs (Ed25519, verified with WebCrypto)', () => {
  async function keys() {
    const kp = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', kp.publicKey));
    const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
    const sign = async (text: string) =>
      b64(
        new Uint8Array(
          await crypto.subtle.sign(
            { name: 'Ed25519' },
            kp.privateKey,
            new TextEncoder().encode(text),
          ),
        ),
      );
    return { publicKey: b64(raw), sign };
  }

  it('accepts a pack whose signature verifies and refuses one that was altered', async () => {
    const d = await seeded();
    const k = await keys();
    const body = JSON.stringify(office('1.0.0'));
    answers.set('/signed.json', { body });
    answers.set('/signed.json.sig', { body: await k.sign(body) });
    const ok = await subscribe(d, { url: `${base}/signed.json`, publicKey: k.publicKey }, deps);
    expect(ok.ok).toBe(true);
    await applyPending(d, `${base}/signed.json`);

    // The publisher's file altered on the server (the signature is the old one's).
    answers.set('/signed.json', { body: JSON.stringify(office('1.2.0')) });
    const r = await checkSubscription(d, `${base}/signed.json`, deps);
    expect(r).toMatchObject({ ok: true, value: { status: 'error' } });
    expect((await d.subscriptions.get(`${base}/signed.json`))!.error).toMatch(/签名验证失败/);
    expect((await d.packs.get('province'))!.pack.version).toBe('1.0.0');
  });

  it('refuses a signature file that is missing or malformed', async () => {
    const k = await keys();
    expect(await verifySignature(new Uint8Array([1]), '不是签名', k.publicKey)).toMatch(/格式不对/);
    const d = await seeded();
    answers.set('/nosig.json', { body: JSON.stringify(office('1.0.0')) });
    const r = await subscribe(d, { url: `${base}/nosig.json`, publicKey: k.publicKey }, deps);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/签名文件.*404/);
  });
});

describe('managed and unsubscribing', () => {
  it('never removes a managed subscription; removes an ordinary one with its pack when asked', async () => {
    const d = await seeded();
    serve('/m.json', office('1.0.0'));
    await subscribe(d, { url: `${base}/m.json`, managed: true }, deps);
    const refused = await unsubscribe(d, `${base}/m.json`);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors[0]!.message).toMatch(/管理员/);

    const d2 = await seeded();
    serve('/u.json', office('1.0.0'));
    await subscribe(d2, { url: `${base}/u.json` }, deps);
    await applyPending(d2, `${base}/u.json`);
    expect((await unsubscribe(d2, `${base}/u.json`, { removePack: true })).ok).toBe(true);
    expect(await d2.packs.get('province')).toBeUndefined();
    expect(await d2.subscriptions.count()).toBe(0);
  });

  it('will not subscribe over an office pack already imported by hand with the same id', async () => {
    const d = await seeded();
    expect((await importPack(d, office('1.0.0'))).ok).toBe(true);
    serve('/dup.json', office('2.0.0'));
    const r = await subscribe(d, { url: `${base}/dup.json` }, deps);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/已有 id 为“province”/);
  });
});

describe('the administrator policy (storage.managed)', () => {
  it('refuses a malformed policy with the reason and changes nothing', async () => {
    const d = await seeded();
    const before = await dumpAll(d);
    const r = await applyManagedPolicy(d, { subscriptions: 'https://x' }, deps);
    expect(r.errors[0]).toMatch(/管理员策略格式不对/);
    expect(await dumpAll(d)).toEqual(before);
    expect(await d.subscriptions.count()).toBe(0);
  });

  it('subscribes and applies what it presets, reports what it cannot, and releases what it drops', async () => {
    const d = await seeded();
    serve('/managed.json', office('1.0.0'));
    const r = await applyManagedPolicy(
      d,
      {
        subscriptions: [{ url: `${base}/managed.json` }, { url: 'http://evil.example/p.json' }],
      },
      deps,
    );
    expect(r.subscribed).toEqual([`${base}/managed.json`]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/必须是 https/);
    expect((await d.packs.get('province'))!.pack.version).toBe('1.0.0');
    expect((await d.subscriptions.get(`${base}/managed.json`))!.managed).toBe(true);

    const again = await applyManagedPolicy(d, {}, deps);
    expect(again.released).toEqual([`${base}/managed.json`]);
    expect((await d.subscriptions.get(`${base}/managed.json`))!.managed).toBe(false);
  });
});
