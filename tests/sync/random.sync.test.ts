/**
 * The randomised sync test (issue 22's acceptance): for many seeds, three reviewers' browsers
 * (alice and bob, reviewers; carol, a lead) and one server go through a random sequence of
 * creates, edits (half of them with the server's changes pulled in before the edit is pushed:
 * the lost-write window of live replication), a reviewer and the lead editing the same record
 * at once with the pull landing before the reviewer's push, moves to the recycle bin, sync rounds,
 * disconnections (a replica offline for a while, live replication started and stopped) and,
 * once per run, a server restart. At the end, with everyone online again:
 *
 * - no write that was acknowledged locally is lost: every version a log held is a live
 *   revision on the server, or an ancestor of one (a later edit was made on top of it);
 * - the conflicts are chosen (by the lead, the newest version) and then every replica holds
 *   the same records, equal to the server's.
 *
 * The seed is printed when a run fails, with the command that replays it
 * (`SYNC_SEED=<seed> SYNC_RESTART=0|1 npm run test:sync -- random`). `SYNC_SEEDS=<n>` runs more
 * seeds (default 6: 30–45 s on the loaded 2-core machine; the server restarts in the first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordRow } from '@/lib/entities';
import { createRecord, deleteRecord, restoreRecord, updateRecord } from '@/lib/records';
import { recordInput } from '../unit/lib/fixtures';
import { startCouch, type CouchServer } from '../../scripts/couch-server.mjs';
import { freshOffice, replica, type Replica } from './helpers';

/** mulberry32: a small seeded PRNG, the same sequence for the same seed on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USERS = ['alice', 'bob', 'carol'] as const;
type User = (typeof USERS)[number];

/** A write acknowledged by a local log: the version it wrote and the version it was made on. */
interface Ack {
  id: string;
  user: User;
  updatedAt: string;
  /** The updatedAt of the version the edit was made on (null for a create). */
  base: string | null;
}

let server: CouchServer;
beforeAll(async () => {
  server = await startCouch();
});
afterAll(async () => {
  await server?.dispose();
});

/** Server documents as the admin sees them: id → every live leaf's record updatedAt. */
async function serverLeaves(url: string): Promise<Map<string, string[]>> {
  const auth = `Basic ${Buffer.from(`${server.admin.user}:${server.admin.password}`).toString('base64')}`;
  const all = (await (
    await fetch(`${url}/_all_docs?include_docs=true&conflicts=true`, {
      headers: { authorization: auth },
    })
  ).json()) as { rows: Array<{ id: string; doc: { _conflicts?: string[] } }> };
  const out = new Map<string, string[]>();
  for (const row of all.rows) {
    if (!row.id.startsWith('record:')) continue;
    const res = await fetch(`${url}/${encodeURIComponent(row.id)}?open_revs=all`, {
      headers: { authorization: auth, accept: 'application/json' },
    });
    const leaves = (await res.json()) as Array<{
      ok?: { _deleted?: boolean; record?: { updatedAt: string } };
    }>;
    out.set(
      row.id.slice('record:'.length),
      leaves.flatMap((l) => (l.ok && !l.ok._deleted && l.ok.record ? [l.ok.record.updatedAt] : [])),
    );
  }
  return out;
}

/** Each replica's PouchDB leaves (id → sorted revs): equal to the server's once quiet. */
async function replicaLeaves(r: Replica): Promise<string> {
  const all = await r.bridge.local.allDocs({
    include_docs: true,
    conflicts: true,
    startkey: 'record:',
    endkey: 'record:\uffff',
  });
  return JSON.stringify(
    all.rows.map((row) => {
      const doc = row.doc as { _rev: string; _conflicts?: string[] } | null;
      return [row.id, doc ? [doc._rev, ...(doc._conflicts ?? [])].sort() : []];
    }),
  );
}

/** Sync rounds until every replica's leaves are the same (the server is what they sync to). */
async function quiesce(replicas: Replica[], log: string[]): Promise<void> {
  for (let round = 0; round < 12; round++) {
    for (const r of replicas) await r.bridge.syncOnce();
    const seen = await Promise.all(replicas.map(replicaLeaves));
    if (seen.every((s) => s === seen[0])) {
      // One more round: nothing may move any more.
      for (const r of replicas) await r.bridge.syncOnce();
      const again = await Promise.all(replicas.map(replicaLeaves));
      if (again.every((s) => s === seen[0])) return;
    }
    log.push(`quiesce round ${round}: replicas still differ`);
  }
  throw new Error('the replicas did not converge within 12 sync rounds');
}

async function run(seed: number, restart: boolean): Promise<void> {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const log: string[] = [];
  const { url } = await freshOffice({ server });
  const reps = Object.fromEntries(USERS.map((u) => [u, replica(url, u)])) as Record<User, Replica>;
  const all = USERS.map((u) => reps[u]);
  const offline = new Set<User>();
  const live = new Set<User>();
  const acks: Ack[] = [];
  let serverUp = true;
  const restartAt = restart ? 8 + Math.floor(rand() * 16) : -1;
  if (!restart) rand();
  const steps = 30 + Math.floor(rand() * 10);
  try {
    for (let step = 0; step < steps; step++) {
      const user = pick(USERS);
      const r = reps[user];
      const roll = rand();
      if (step === restartAt) {
        log.push(`${step}: server stops`);
        for (const u of [...live]) await reps[u].bridge.stop();
        await server.stop();
        serverUp = false;
      } else if (!serverUp && step === restartAt + 4) {
        log.push(`${step}: server restarts`);
        server = await startCouch({ dir: server.dir, port: server.port, admin: server.admin });
        serverUp = true;
        for (const u of live) reps[u].bridge.start();
      } else if (roll < 0.25) {
        const saved = await createRecord(
          r.db,
          recordInput({ title: `${user} 的第${step}份`, reviewer: user, opinion: `创建 ${step}` }),
        );
        acks.push({ id: saved.id, user, updatedAt: saved.updatedAt, base: null });
        log.push(`${step}: ${user} creates ${saved.id.slice(0, 8)} ${saved.updatedAt.slice(17)}`);
        await r.bridge.push();
      } else if (roll < 0.55) {
        // An edit by the record's reviewer, or by the lead (a reviewer cannot change a
        // colleague's record: that is refused before sending, tested elsewhere).
        const rows = (await r.db.records.toArray()).filter(
          (x: RecordRow) => user === 'carol' || x.reviewer === user,
        );
        if (!rows.length) continue;
        const target = pick(rows);
        const kind = rand();
        const saved =
          kind < 0.7
            ? await updateRecord(
                r.db,
                target.id,
                {
                  opinion: `${user} 在第${step}步修改`,
                  conclusion: pick(['通过', '修改后通过', '不予通过'] as const),
                },
                target.updatedAt, // the version the edit was made on
              )
            : target.deletedAt
              ? {
                  updatedAt:
                    (await restoreRecord(r.db, target.id, target.updatedAt),
                    (await r.db.records.get(target.id))!.updatedAt),
                }
              : {
                  updatedAt:
                    (await deleteRecord(r.db, target.id, target.updatedAt),
                    (await r.db.records.get(target.id))!.updatedAt),
                };
        acks.push({ id: target.id, user, updatedAt: saved.updatedAt, base: target.updatedAt });
        log.push(
          `${step}: ${user} edits ${target.id.slice(0, 8)} ${target.updatedAt.slice(17)} → ${saved.updatedAt.slice(17)}`,
        );
        // Half the time the server's changes reach the replica and are pulled before the edit
        // is pushed, as live replication's change handler does: the lost-write window.
        if (!offline.has(user) && serverUp && rand() < 0.5) {
          log.push(`${step}: ${user} pulls the server's changes before pushing`);
          await r.bridge.local.replicate.from(r.bridge.remote).catch(() => {});
          await r.bridge.pull();
        }
        await r.bridge.push();
      } else if (roll < 0.63) {
        // A record's reviewer and the lead edit it at once: the lead's edit reaches the
        // server, the reviewer's is saved on the version they saw (before or after the lead's,
        // by the clock), and the server's changes are pulled before it is pushed.
        const owner = user === 'carol' ? pick(['alice', 'bob'] as const) : user;
        const o = reps[owner];
        const lead = reps.carol;
        if (!serverUp || offline.has(owner) || offline.has('carol')) continue;
        const theirs = (await o.db.records.toArray()).filter((x) => x.reviewer === owner);
        const target = theirs.length ? pick(theirs) : null;
        const seen = target ? await lead.db.records.get(target.id) : undefined;
        if (!target || !seen) continue;
        const leadFirst = rand() < 0.5;
        const leadEdit = async () => {
          const l = await updateRecord(
            lead.db,
            target.id,
            { opinion: `carol 在第${step}步同时修改` },
            seen.updatedAt,
          );
          acks.push({ id: target.id, user: 'carol', updatedAt: l.updatedAt, base: seen.updatedAt });
          await lead.bridge.syncOnce().catch(() => {});
        };
        if (leadFirst) await leadEdit();
        const mine = await updateRecord(
          o.db,
          target.id,
          { opinion: `${owner} 在第${step}步同时修改` },
          target.updatedAt,
        );
        acks.push({
          id: target.id,
          user: owner,
          updatedAt: mine.updatedAt,
          base: target.updatedAt,
        });
        if (!leadFirst) await leadEdit();
        log.push(
          `${step}: ${owner} and carol edit ${target.id.slice(0, 8)} at once (${leadFirst ? 'carol' : owner} first); ${owner} pulls before pushing`,
        );
        await o.bridge.local.replicate.from(o.bridge.remote).catch(() => {});
        await o.bridge.pull();
        await o.bridge.push();
      } else if (roll < 0.8) {
        if (offline.has(user) || !serverUp) continue;
        log.push(`${step}: ${user} syncs`);
        await r.bridge.syncOnce().catch(() => {});
      } else if (roll < 0.9) {
        if (offline.has(user)) offline.delete(user);
        else offline.add(user);
        if (offline.has(user) && live.has(user)) {
          await r.bridge.stop();
          live.delete(user);
        }
        log.push(`${step}: ${user} ${offline.has(user) ? 'goes offline' : 'is back online'}`);
      } else {
        if (offline.has(user)) continue;
        if (live.has(user)) {
          await r.bridge.stop();
          live.delete(user);
        } else {
          if (serverUp) r.bridge.start();
          live.add(user);
        }
        log.push(`${step}: ${user} live replication ${live.has(user) ? 'on' : 'off'}`);
      }
    }
    if (!serverUp) {
      server = await startCouch({ dir: server.dir, port: server.port, admin: server.admin });
      serverUp = true;
    }
    for (const u of [...live]) await reps[u].bridge.stop();
    await quiesce(all, log);

    // No acknowledged write is lost: it is a live leaf on the server, or a later edit was made
    // on it (and that one is, recursively).
    const leaves = await serverLeaves(url);
    const kept = (a: Ack, depth = 0): boolean =>
      (leaves.get(a.id) ?? []).includes(a.updatedAt) ||
      (depth < 100 &&
        acks.some((b) => b.id === a.id && b.base === a.updatedAt && kept(b, depth + 1)));
    const lost = acks.filter((a) => !kept(a));
    expect(
      lost.map((a) => ({ ...a, id: a.id.slice(0, 8), leaves: leaves.get(a.id) })),
      `lost writes:\n${log.join('\n')}`,
    ).toEqual([]);
    expect([...leaves.keys()].sort()).toEqual([...new Set(acks.map((a) => a.id))].sort());

    // The lead chooses the newest version of each conflict; then everyone holds the same.
    const lead = reps.carol;
    for (const id of leaves.keys()) {
      const view = await lead.bridge.conflictVersions(id);
      if (!view) continue;
      const newest = [...view.versions].sort((x, y) =>
        (x.record?.updatedAt ?? '') < (y.record?.updatedAt ?? '') ? 1 : -1,
      )[0]!;
      await lead.bridge.resolveConflict(id, newest.rev);
      log.push(`carol keeps ${newest.rev} of ${id.slice(0, 8)}`);
    }
    await quiesce(all, log);
    const logs = await Promise.all(
      all.map(async (x) => JSON.stringify(await x.db.records.orderBy('id').toArray())),
    );
    expect(logs[1], `bob's log differs from alice's:\n${log.join('\n')}`).toBe(logs[0]);
    expect(logs[2], `carol's log differs from alice's:\n${log.join('\n')}`).toBe(logs[0]);
    const after = await serverLeaves(url);
    for (const [id, at] of after) {
      expect(at, `record ${id} still has conflicting versions`).toHaveLength(1);
      expect((await reps.alice.db.records.get(id))?.updatedAt).toBe(at[0]);
    }
  } catch (e) {
    const replay = `SYNC_SEED=${seed} SYNC_RESTART=${restart ? 1 : 0} npm run test:sync -- random`;
    console.error(
      `[random sync] seed ${seed} failed (replay: ${replay}); steps:\n${log.join('\n')}`,
    );
    throw new Error(`seed ${seed} (replay: ${replay}): ${(e as Error).message}`, { cause: e });
  } finally {
    for (const x of all) await x.close();
  }
}

describe('randomised: three replicas, a server, random writes and disconnections', () => {
  const fixed = process.env.SYNC_SEED ? [Number(process.env.SYNC_SEED)] : null;
  const count = Number(process.env.SYNC_SEEDS ?? 6);
  const base = Number(process.env.SYNC_SEED_BASE ?? Date.now() % 100_000);
  const seeds = fixed ?? Array.from({ length: count }, (_, i) => base + i);
  it(`converges and loses no acknowledged write (seeds ${seeds[0]}…${seeds[seeds.length - 1]})`, async () => {
    const started = Date.now();
    // One server restart per run (it costs seconds): in the first seed.
    for (const [i, seed] of seeds.entries())
      await run(seed, fixed ? process.env.SYNC_RESTART !== '0' : i === 0);
    console.log(
      `[random sync] ${seeds.length} seeds in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 120_000);
});
