/**
 * Switching offices (issue 22): one local replica per database+user. A browser that connects
 * to another database — a reviewer moving from the county office to the city office — sends it
 * none of the first office's documents by itself: never the colleagues' records, and the
 * reviewer's own earlier records only when they choose to upload them. Reconnecting to the same
 * database as the same user (a password change) keeps the replica and its checkpoints and sends
 * nothing new. A browser from before per-database replicas keeps its replica for its
 * connection, and its colleagues' records never leave for another database.
 *
 * Connections are stored as the service stores them (lib/office/replicas.ts storeConnection,
 * migrateLegacy) and each bridge is built on the stored replica name and admission instant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { GuishenDB } from '@/lib/db';
import { OfficeBridge } from '@/lib/office/bridge';
import { sessionFetch } from '@/lib/office/connect';
import {
  FROM_PREFIX,
  LEGACY_REPLICA,
  migrateLegacy,
  replicaKey,
  replicaName,
  storeConnection,
} from '@/lib/office/replicas';
import { getConfig, getState } from '@/lib/office/state';
import { officeStats } from '@/lib/office/stats';
import { createRecord } from '@/lib/records';
import { seedPacks } from '@/rules/seeds';
import { recordInput } from '../unit/lib/fixtures';
import {
  asUser,
  freshOffice,
  NodePouch as Pouch,
  PASSWORDS,
  replica,
  syncUntil,
  trackReplicas,
} from './helpers';

const NodePouch = Pouch as unknown as PouchDB.Static;
const open = (name: string) => new NodePouch(name, { adapter: 'memory' });

const track = trackReplicas();

/** Browsers (Dexie databases) and every bridge built on them, removed after each test. */
const browsers: GuishenDB[] = [];
const bridges: OfficeBridge[] = [];
afterEach(async () => {
  while (bridges.length) {
    const b = bridges.pop()!;
    await b.close().catch(() => {});
    await open(b.local.name)
      .destroy()
      .catch(() => {});
  }
  while (browsers.length) {
    const db = browsers.pop()!;
    db.close();
    await Dexie.delete(db.name);
  }
});

let n = 0;
function browser(): GuishenDB {
  const db = new GuishenDB(`guishen-switch-${process.pid}-${Date.now().toString(36)}-${n++}`);
  browsers.push(db);
  return db;
}

/** Connect this browser as the service does: store the connection, build its bridge. */
async function connect(
  db: GuishenDB,
  url: string,
  user: string,
  lead = user === 'carol',
): Promise<OfficeBridge> {
  await migrateLegacy(db, open);
  const config = await storeConnection(db, {
    url,
    user,
    cipher: new ArrayBuffer(8),
    iv: new Uint8Array(12),
    shareTexts: false,
    lead,
  });
  const bridge = new OfficeBridge({
    db,
    url,
    user,
    lead,
    shareTexts: false,
    fetch: sessionFetch(url, user, async () => PASSWORDS[user]!, fetch),
    seeds: seedPacks,
    localName: config.replica!,
    since: config.since!,
    pouch: { PouchDB: NodePouch, adapter: 'memory' },
  });
  bridges.push(bridge);
  return bridge;
}

/** Record ids on the server (as the lead reads them), sorted. */
async function onServer(url: string): Promise<string[]> {
  const rows = (await asUser('carol', 'GET', `${url}/_all_docs`)).json.rows as Array<{
    id: string;
  }>;
  return rows
    .map((r) => r.id)
    .filter((id) => id.startsWith('record:'))
    .map((id) => id.slice('record:'.length))
    .sort();
}

/** The owners of the records on the server, by id. */
async function owners(url: string): Promise<Record<string, string>> {
  const all = (await asUser('carol', 'GET', `${url}/_all_docs?include_docs=true`)).json
    .rows as Array<{ id: string; doc: { owner?: string } }>;
  return Object.fromEntries(
    all
      .filter((r) => r.id.startsWith('record:'))
      .map((r) => [r.id.slice('record:'.length), r.doc.owner ?? '']),
  );
}

/**
 * The county office: alice's browser holds two of her own records and one of bob's (pulled).
 * Returns her browser and its county bridge (synced).
 */
async function countyBrowser(user: 'alice' | 'carol') {
  const county = await freshOffice();
  const bobs = track(replica(county.url, 'bob'));
  const colleague = await createRecord(bobs.db, recordInput({ title: 'bob 在县里审查的文件' }));
  await bobs.bridge.syncOnce();
  const db = browser();
  const there = await connect(db, county.url, user);
  const own = [
    await createRecord(db, recordInput({ title: '县里审查的第一份' })),
    await createRecord(db, recordInput({ title: '县里审查的第二份' })),
  ];
  await syncUntil([], async () => {
    await there.syncOnce();
    return !!(await db.records.get(colleague.id)) && (await onServer(county.url)).length === 3;
  });
  return { county, db, there, own: own.map((r) => r.id).sort(), colleague: colleague.id };
}

describe('a reviewer who moves from the county office to the city office', () => {
  it.each([
    ['a reviewer', 'alice'],
    ['a lead (who could write a colleague’s record)', 'carol'],
  ] as const)(
    'as %s: the city gets none of the county’s records until she chooses, and never a colleague’s',
    async (_, user) => {
      const { db, there, own, colleague } = await countyBrowser(user);
      await there.close();
      const city = await freshOffice();
      const here = await connect(db, city.url, user);
      expect(here.local.name).toBe(replicaName(await replicaKey(city.url, user)));
      expect(here.local.name).not.toBe(there.local.name);
      // Nothing is pushed on its own: not at the start, not over a few rounds.
      await here.push();
      for (let i = 0; i < 3; i++) await here.syncOnce();
      expect(await onServer(city.url)).toEqual([]);
      const state = await getState(db);
      // Her own earlier records are offered; the colleague's is not even offered.
      expect([...(state.held ?? [])].sort()).toEqual(own);
      expect(state.pending).toBe(0);
      expect(state.status).toBe('synced');
      const marks = await here.marks([...own, colleague]);
      expect(Object.values(marks)).toEqual(['local', 'local', 'local']);
      // A review recorded now goes by itself.
      const fresh = await createRecord(db, recordInput({ title: '到市里后审查的文件' }));
      await here.syncOnce();
      expect(await onServer(city.url)).toEqual([fresh.id]);
      // The city's figures count what the city database has: her new review only.
      const year = { from: '2025-01-01', to: '2025-12-31' };
      const cityStats = () => officeStats(db, year, 'office', '张三', { inDatabase: true });
      expect((await cityStats()).records).toBe(1);
      // She chooses to upload hers: exactly hers arrive, as hers.
      expect(await here.uploadHeld()).toBe(2);
      await here.syncOnce();
      expect(await onServer(city.url)).toEqual([...own, fresh.id].sort());
      expect((await cityStats()).records).toBe(3);
      expect(Object.values(await owners(city.url))).toEqual([user, user, user]);
      expect((await getState(db)).held).toEqual([]);
      // The colleague's record stays in her log, and stays off the city server for good.
      expect(await db.records.get(colleague)).toBeDefined();
      await here.reupload();
      await here.syncOnce();
      expect(await onServer(city.url)).not.toContain(colleague);
      expect(await db.office.get(FROM_PREFIX + colleague)).toEqual({
        id: FROM_PREFIX + colleague,
        owner: 'bob',
      });
    },
  );

  it('returning to the county office reuses its replica (no full re-sync) and offers what she recorded in the city', async () => {
    const { county, db, there, own } = await countyBrowser('alice');
    const countyReplica = there.local.name;
    await there.close();
    const city = await freshOffice();
    const here = await connect(db, city.url, 'alice');
    const cityRecord = await createRecord(db, recordInput({ title: '在市里审查的文件' }));
    await here.syncOnce();
    await here.close();
    const back = await connect(db, county.url, 'alice');
    expect(back.local.name).toBe(countyReplica);
    // The kept replica's checkpoint: the server's changes are not read again.
    const read = await back.local.replicate.from(back.remote);
    expect(read.docs_read).toBe(0);
    await back.syncOnce();
    expect(await onServer(county.url)).not.toContain(cityRecord.id);
    expect((await getState(db)).held).toEqual([cityRecord.id]);
    expect(await onServer(county.url)).toEqual(expect.arrayContaining(own));
  });
});

describe('reconnecting to the same office as the same user (a password change)', () => {
  it('keeps the replica, checkpoints, bases and state, and sends nothing new', async () => {
    const { url } = await freshOffice();
    const db = browser();
    const first = await connect(db, url, 'alice');
    for (let i = 0; i < 3; i++) await createRecord(db, recordInput({ title: `第${i}份` }));
    await first.syncOnce();
    await first.syncOnce();
    const before = await getState(db);
    const bases = await db.office.where('id').startsWith('base:').toArray();
    const config = await getConfig(db);
    const seq = (await asUser('carol', 'GET', url)).json.update_seq;
    await first.close();

    const again = await connect(db, url, 'alice');
    expect(again.local.name).toBe(first.local.name);
    const after = await getState(db);
    expect(after.pullSeq).toEqual(before.pullSeq);
    expect(after.pushMark).toBe(before.pushMark);
    expect(after.pushedSeq).toEqual(before.pushedSeq);
    expect(await db.office.where('id').startsWith('base:').toArray()).toEqual(bases);
    expect((await getConfig(db))?.since).toBe(config?.since);
    // Nothing to read from the server, nothing to write to it.
    expect((await again.local.replicate.from(again.remote)).docs_read).toBe(0);
    expect(await again.syncOnce()).toEqual({ pushed: 0, pulled: 0 });
    expect((await asUser('carol', 'GET', url)).json.update_seq).toEqual(seq);
    expect((await getState(db)).status).toBe('synced');
  });

  it('spells of the same URL (a final slash, upper-case host) are the same database', async () => {
    const { url } = await freshOffice();
    const u = new URL(url);
    const spelled = `${u.protocol}//${u.host.toUpperCase()}${u.pathname}/`;
    expect(await replicaKey(spelled, 'alice')).toBe(await replicaKey(url, 'alice'));
    expect(await replicaKey(url, 'bob')).not.toBe(await replicaKey(url, 'alice'));
  });
});

describe('a browser from before per-database replicas', () => {
  it('keeps its replica for its connection, and none of its colleagues’ records reach another database', async () => {
    const county = await freshOffice();
    const bobs = track(replica(county.url, 'bob'));
    const colleague = await createRecord(bobs.db, recordInput({ title: 'bob 的记录' }));
    await bobs.bridge.syncOnce();
    // The old version: one replica named guishen-office, a connection without replica/since.
    const db = browser();
    await db.office.put({
      id: 'config',
      url: county.url,
      user: 'alice',
      cipher: new ArrayBuffer(8),
      iv: new Uint8Array(12),
      shareTexts: false,
      lead: false,
      connectedAt: new Date().toISOString(),
    });
    const old = new OfficeBridge({
      db,
      url: county.url,
      user: 'alice',
      lead: false,
      shareTexts: false,
      fetch: sessionFetch(county.url, 'alice', async () => PASSWORDS.alice!, fetch),
      seeds: seedPacks,
      localName: LEGACY_REPLICA,
      pouch: { PouchDB: NodePouch, adapter: 'memory' },
    });
    bridges.push(old);
    const mine = await createRecord(db, recordInput({ title: 'alice 的记录' }));
    await old.syncOnce();
    await old.syncOnce();
    expect(await db.records.get(colleague.id)).toBeDefined();
    await old.close();

    // This version starts: the connection keeps the legacy replica and its checkpoints.
    const same = await connect(db, county.url, 'alice');
    expect(same.local.name).toBe(LEGACY_REPLICA);
    expect((await getConfig(db))?.since).toBe('');
    expect((await same.local.replicate.from(same.remote)).docs_read).toBe(0);
    expect(await db.office.get(FROM_PREFIX + colleague.id)).toEqual({
      id: FROM_PREFIX + colleague.id,
      owner: 'bob',
    });
    expect(await db.office.get(FROM_PREFIX + mine.id)).toBeUndefined();
    await same.close();

    // Then she moves to the city, as the lead there: bob's record never goes.
    const city = await freshOffice();
    const here = await connect(db, city.url, 'carol', true);
    expect(here.local.name).not.toBe(LEGACY_REPLICA);
    await here.syncOnce();
    expect(await here.uploadHeld()).toBe(1);
    await here.syncOnce();
    expect(await onServer(city.url)).toEqual([mine.id]);
  });
});
