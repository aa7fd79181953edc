/** Replicas (a Dexie database + a PouchDB local replica + the bridge) against the test server. */
import { afterEach, inject } from 'vitest';
import { Dexie } from 'dexie';
import { GuishenDB } from '@/lib/db';
import { OfficeBridge } from '@/lib/office/bridge';
import { sessionFetch } from '@/lib/office/connect';
import { seedPacks } from '@/rules/seeds';
import PouchCore from 'pouchdb-core';
import PouchHttp from 'pouchdb-adapter-http';
import PouchMemory from 'pouchdb-adapter-memory';
import PouchReplication from 'pouchdb-replication';
import { addUser, LEAD_ROLE, REVIEWER_ROLE, setupOffice } from '../../scripts/office-setup';

/** PouchDB for Node: the same core, http adapter and replication, with a memory local store. */
export const NodePouch = PouchCore.plugin(PouchHttp).plugin(PouchMemory).plugin(PouchReplication);

let n = 0;
const unique = (p: string) => `${p}-${process.pid}-${Date.now().toString(36)}-${n++}`;

export const PASSWORDS: Record<string, string> = {
  alice: 'alice-password-1',
  bob: 'bob-password-1',
  carol: 'carol-password-1',
};

/** A fresh office database on the shared server, with alice and bob (reviewers), carol (lead). */
export async function freshOffice(
  options: {
    shareTexts?: boolean;
    server?: { url: string; admin: { user: string; password: string } };
  } = {},
): Promise<{ url: string; admin: { user: string; password: string } }> {
  const couch = options.server ?? inject('couch');
  const url = `${couch.url}${unique('office')}`;
  const conn = { url, user: couch.admin.user, password: couch.admin.password };
  await setupOffice(conn, { shareTexts: options.shareTexts ?? false });
  for (const name of ['alice', 'bob']) await addUser(conn, name, PASSWORDS[name]!, REVIEWER_ROLE);
  await addUser(conn, 'carol', PASSWORDS.carol!, LEAD_ROLE);
  return { url, admin: couch.admin };
}

export interface Replica {
  db: GuishenDB;
  bridge: OfficeBridge;
  /**
   * The service worker stops and starts again: the bridge is closed and a new one is built over
   * the same Dexie database and the same local replica (nothing of the old one's memory).
   */
  restart(): Promise<OfficeBridge>;
  close(): Promise<void>;
}

/** One reviewer's browser: its own Dexie database and its own local replica. */
export function replica(
  url: string,
  user: string,
  options: { shareTexts?: boolean; lead?: boolean } = {},
): Replica {
  const db = new GuishenDB(unique(`guishen-${user}`));
  const bridge = new OfficeBridge({
    db,
    url,
    user,
    lead: options.lead ?? user === 'carol',
    shareTexts: options.shareTexts ?? false,
    fetch: sessionFetch(url, user, async () => PASSWORDS[user]!, fetch),
    seeds: seedPacks,
    localName: unique(`replica-${user}`),
    pouch: { PouchDB: NodePouch as unknown as PouchDB.Static, adapter: 'memory' },
  });
  const r: Replica = {
    db,
    bridge,
    async restart() {
      await r.bridge.close();
      r.bridge = new OfficeBridge(r.bridge.opts);
      return r.bridge;
    },
    async close() {
      await r.bridge.local.destroy().catch(() => {});
      await r.bridge.close().catch(() => {});
      db.close();
      await Dexie.delete(db.name);
    },
  };
  return r;
}

/** Basic-auth request as a given user (a "modified client" that bypasses the bridge). */
export async function asUser(
  user: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${PASSWORDS[user]}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Replicas a test opens, closed (and their databases deleted) after each test. */
export function trackReplicas(): (r: Replica) => Replica {
  const open: Replica[] = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
  });
  return (r) => {
    open.push(r);
    return r;
  };
}

/** Sync rounds until `done` holds (each round waits for the previous one), at most `ms`. */
export async function syncUntil(
  replicas: Replica[],
  done: () => Promise<boolean>,
  ms = 20_000,
): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    for (const r of replicas) await r.bridge.syncOnce();
    if (await done()) return;
    if (Date.now() > end) throw new Error('the replicas did not reach the expected state in time');
  }
}
