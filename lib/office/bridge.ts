/**
 * The bridge between Dexie (the store every screen reads) and the office's CouchDB, through a
 * PouchDB local replica. PouchDB does the replication protocol, revisions, conflicts and
 * checkpoints; this file only moves documents between Dexie and the replica:
 *
 *   Dexie ──push()──▶ local PouchDB ◀──PouchDB.sync (live, retry)──▶ office CouchDB
 *   Dexie ◀──pull()── local PouchDB (its changes feed, every document checked like a restore)
 *
 * - Local writes go to Dexie first (the UI never waits for the network); `push` copies records
 *   changed since its mark into the replica, with their owner (a colleague's record keeps its
 *   colleague: changing it is refused here, before sending, unless we are a lead — and the
 *   server refuses it too). Texts (`docVersions`) go only when the office shares texts.
 * - Each record's base revision (state.ts `OfficeBaseRow`) is the replica revision its log row
 *   was last synced with — what the reviewer saw. A local edit is written as that revision's
 *   child; when a colleague's revision reached the replica in between, as a branch beside it
 *   (a conflict, both kept). The pull leaves a row holding such an unsent edit alone.
 * - `pull` reads the replica's changes feed from its own checkpoint; each document passes
 *   `checkIncoming` (the restore's full validation) before it is written into Dexie, and a
 *   refused one is listed in `officeRejects` with its reason. A local edit not yet pushed is
 *   kept (it will be pushed on its base); a tombstone never deletes anything locally.
 * - Conflicting revisions stay in the replica and on the server (PouchDB keeps both); the
 *   state counts them, so the screens can say so.
 */
import PouchDB from 'pouchdb-browser';
import type { GuishenDB } from '../db';
import { getRecord, invalidateLogSnapshot, nowIso } from '../records';
import type { Pack } from '@/rules/schema';
import type { RecordRow, ReviewRecord } from '../entities';
import {
  checkIncoming,
  recordDoc,
  RECORD_PREFIX,
  textDoc,
  TEXT_PREFIX,
  TEXT_TYPE,
  type RecordDoc,
  type TextDoc,
} from './docs';
import {
  BASE_PREFIX,
  getState,
  replacedBase,
  patchState,
  type OfficeBaseRow,
  type OfficeFromRow,
  type OfficeReject,
  type OfficeStateRow,
} from './state';
import { OfficeError } from './connect';
import { colleagues, FROM_PREFIX, LEGACY_REPLICA } from './replicas';

/** Documents per step of push and pull. */
const BATCH = 200;
/**
 * Documents per step of the pull: larger, so an initial sync of 20,000 records takes 40 steps
 * (each a changes read, one validation pass, one Dexie transaction and a checkpoint write).
 */
const PULL_BATCH = 500;

export interface BridgeOptions {
  db: GuishenDB;
  /** The database URL. */
  url: string;
  /** The reviewer's CouchDB user name (the owner of what they write). */
  user: string;
  /** May correct any record (role guishen-lead). */
  lead: boolean;
  shareTexts: boolean;
  /** Session-aware fetch (lib/office/connect.ts sessionFetch). */
  fetch: typeof fetch;
  /** The packs the extension ships (the restore's content checks need them). */
  seeds: readonly Pack[];
  /**
   * Name of the local replica: one per database+user (lib/office/replicas.ts; the service
   * passes the connection's). Tests give each replica its own.
   */
  localName?: string;
  /**
   * Records not in the replica that were created before this instant are the reviewer's
   * earlier work (another office, offline, before connecting): they go to this database only
   * when the reviewer chooses (`uploadHeld`). '' (the default): every record goes.
   */
  since?: string;
  /**
   * The PouchDB build and local adapter. The extension uses pouchdb-browser (IndexedDB). The
   * Node tests pass pouchdb-core with the memory adapter: PouchDB's IndexedDB adapters do not
   * run on fake-indexeddb, and Node has no real IndexedDB.
   */
  pouch?: { PouchDB: PouchDB.Static; adapter?: string };
}

type AnyDoc = PouchDB.Doc & { _rev: string; _conflicts?: string[]; _deleted?: boolean };

/** Is a record's current version on the server (the log's 已上传 / 待上传 mark)? */
export type UploadMark = 'uploaded' | 'pending' | 'unknown' | 'local';

/** One version of a conflicting record. */
export interface ConflictVersionView {
  rev: string;
  owner: string;
  /** The version the logs show until someone chooses (the newest by updatedAt). */
  shown: boolean;
  /** The version, or null when it fails the restore's validation (see `problem`). */
  record: ReviewRecord | null;
  problem: string;
}

/** A record whose revisions conflict, with every version. */
export interface ConflictView {
  recordId: string;
  docId: string;
  versions: ConflictVersionView[];
  /** This user may choose (the versions' reviewer, or a lead). */
  canChoose: boolean;
  /** Why not, in Chinese. */
  why: string;
}

export class OfficeBridge {
  readonly local: PouchDB.Database;
  readonly remote: PouchDB.Database;
  private sync: PouchDB.Sync | null = null;
  /**
   * The replica's changes up to here are on the server: a cache of the state row's
   * `pushedSeq` (null until read), which survives the service worker's restarts.
   */
  private pushSeq: string | number | null = null;
  /**
   * Revisions that arrived from the server by replication (`id\nrev`): the pending count does
   * not ask the server about them. Cleared when the push checkpoint moves past them (after
   * every round that reaches the server). Memory only: after a restart, the revisions of the
   * last round that the checkpoint had not passed yet are asked about again (or, offline,
   * counted until the server answers).
   */
  private fromServer = new Set<string>();
  private running: Promise<unknown> = Promise.resolve();
  private lastError: OfficeError | Error | null = null;
  /**
   * The server answered since this bridge was built. Until it has (just after the service
   * worker restarted), a stored 离线 or 错误 stands: nothing says it is over.
   */
  private contacted = false;

  constructor(readonly opts: BridgeOptions) {
    const Pouch = opts.pouch?.PouchDB ?? PouchDB;
    this.local = new Pouch(opts.localName ?? LEGACY_REPLICA, {
      auto_compaction: true,
      ...(opts.pouch?.adapter ? { adapter: opts.pouch.adapter } : {}),
    });
    this.remote = new Pouch(opts.url, {
      skip_setup: true,
      fetch: (url: string | Request, init?: RequestInit) => opts.fetch(url, init),
    });
    // PouchDB's replication asks its source for info after each batch, for its progress task,
    // and never handles a failure (pouchdb-replication: `src.info().then(…)` without a catch):
    // a server that goes away at that moment made an unhandled rejection (the sync suite saw
    // it). The progress figures are not used here: a failed info answers an empty one, and the
    // replication's own requests report the outage.
    const info = this.remote.info.bind(this.remote);
    this.remote.info = (() =>
      info().catch(() => ({
        db_name: '',
        doc_count: 0,
        update_seq: 0,
      }))) as unknown as PouchDB.Database['info'];
  }

  /** Run one step at a time (push and pull both read and write the state row). */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.running.then(step, step);
    this.running = next.catch(() => {});
    return next;
  }

  /** The replica sequence up to which the server has everything (0: nothing known). */
  private async serverSeq(): Promise<string | number> {
    this.pushSeq ??= (await getState(this.opts.db)).pushedSeq ?? 0;
    return this.pushSeq;
  }

  /** The server has the replica's changes up to `seq`: remember it, also across restarts. */
  private async confirmSeq(seq: string | number | undefined): Promise<void> {
    if (seq === undefined || seq === this.pushSeq) return;
    this.pushSeq = seq;
    await patchState(this.opts.db, { pushedSeq: seq });
  }

  /** The server answered. */
  private reached(): void {
    this.lastError = null;
    this.contacted = true;
  }

  /** The base revision of each record that has one (id → row). */
  private async bases(recordIds: readonly string[]): Promise<Map<string, OfficeBaseRow>> {
    const rows = await this.opts.db.office.bulkGet(recordIds.map((id) => BASE_PREFIX + id));
    const out = new Map<string, OfficeBaseRow>();
    rows.forEach((r, i) => r && out.set(recordIds[i]!, r as OfficeBaseRow));
    return out;
  }

  private async reject(rows: OfficeReject[]): Promise<void> {
    if (rows.length) await this.opts.db.officeRejects.bulkPut(rows);
  }

  /** Copy Dexie's changed records (and shared texts) into the local replica. */
  push(): Promise<number> {
    return this.serial(() => this.pushNow());
  }

  /**
   * Look at every record again, not only those changed past the push mark: a backup restore
   * writes records with their own (older) updatedAt, which the mark has passed. Rows equal to
   * their base are skipped at once; the others go as edits (or are held, lib/office/replicas).
   */
  rescan(): Promise<number> {
    return this.serial(() => this.pushNow(''));
  }

  private async pushNow(from?: string): Promise<number> {
    const { db, user, lead } = this.opts;
    const state = await getState(db);
    let mark = from ?? state.pushMark;
    let written = 0;
    const held = new Set(state.held ?? []);
    const heldBefore = held.size;
    for (;;) {
      // Strictly after the mark when we have one, in updatedAt order, one batch at a time.
      const rows = await (
        mark ? db.records.where('updatedAt').above(mark) : db.records.orderBy('updatedAt')
      )
        .limit(BATCH)
        .toArray();
      if (!rows.length) break;
      // A row still equal to the revision it was last synced with is in the replica (the pull
      // wrote it, or it was pushed before): nothing to compare or send.
      const bases = await this.bases(rows.map((r) => r.id));
      const check = rows.filter((r) => bases.get(r.id)?.updatedAt !== r.updatedAt);
      const ids = check.map((r) => RECORD_PREFIX + r.id);
      const existing = ids.length
        ? (await this.local.allDocs({ keys: ids, include_docs: true, conflicts: true })).rows
        : [];
      // Without a known base (a log synced before bases were kept), an edit of a record in
      // conflict continues the newest version's branch — the one the log shows (see pull).
      const newest = await this.newestLeaves(
        existing.flatMap((r) => ('doc' in r && r.doc ? [r.doc as AnyDoc] : [])),
      );
      // Records this database has never had: only those created since the connection began,
      // never a colleague's from another database (lib/office/replicas.ts).
      const outside = await this.outside(
        check.filter((r, i) => !bases.has(r.id) && !inReplica(existing[i])),
      );
      const docs: Array<{ doc: RecordDoc; base: OfficeBaseRow | undefined }> = [];
      const synced: OfficeBaseRow[] = [];
      const refused: OfficeReject[] = [];
      for (const [i, row] of check.entries()) {
        const hit = existing[i] as {
          doc?: RecordDoc | null;
          value?: { rev: string; deleted?: boolean };
        };
        const found = hit && 'doc' in hit ? (hit.doc ?? undefined) : undefined;
        const prev = found
          ? ((newest.get(found._id) as RecordDoc | undefined) ?? found)
          : undefined;
        const base = bases.get(row.id);
        if (prev?._rev && prev.record.updatedAt === row.updatedAt) {
          synced.push(baseRow(row.id, prev._rev, row.updatedAt, base)); // came from there
          continue;
        }
        const out = outside.get(row.id);
        if (out) {
          if (out === 'held') held.add(row.id);
          continue;
        }
        const owner = prev?.owner ?? user;
        if (owner !== user && !lead) {
          refused.push({
            docId: RECORD_PREFIX + row.id,
            rev: prev?._rev ?? '',
            direction: 'out',
            reason: `不能修改其他审查人员（${owner}）的记录，只有负责人可以更正；本机的修改未上传`,
            at: new Date().toISOString(),
          });
          continue;
        }
        const full = await getRecord(db, row.id);
        if (!full) continue;
        const doc = recordDoc(full, owner);
        // The edit was made on the revision the reviewer saw: write it as that one's child.
        if (base) doc._rev = base.rev;
        else if (prev?._rev) doc._rev = prev._rev;
        else if (hit?.value?.deleted && hit.value.rev) doc._rev = hit.value.rev;
        docs.push({ doc, base });
      }
      if (docs.length) {
        const res = await this.local.bulkDocs(docs.map((d) => d.doc));
        // A base that is no longer a leaf: a colleague's revision reached the replica after the
        // reviewer saw it. The edit becomes a branch beside that revision (a conflict, both
        // kept), not its child — which would silently replace the colleague's version.
        const branches: RecordDoc[] = [];
        res.forEach((r, i) => {
          const { doc, base } = docs[i]!;
          if ('ok' in r && r.ok && r.rev) {
            written++;
            held.delete(doc.record.id);
            synced.push(baseRow(doc.record.id, r.rev, doc.record.updatedAt, base));
          } else if (base && (r as { status?: number }).status === 409) {
            branches.push(branchOf(doc, base.rev));
          }
        });
        if (branches.length) {
          await this.local.bulkDocs(branches, { new_edits: false });
          written += branches.length;
          for (const b of branches)
            synced.push(baseRow(b.record.id, b._rev!, b.record.updatedAt, bases.get(b.record.id)));
        }
      }
      if (synced.length) await db.office.bulkPut(synced);
      // Texts of the records this database has (never of one held back or a colleague's from
      // elsewhere).
      const owners = new Map(docs.map((d) => [d.doc.record.id, d.doc.owner]));
      await this.pushTexts(
        rows.flatMap((r) => (outside.has(r.id) ? [] : [r.id])),
        (id) => owners.get(id) ?? user,
      );
      await this.reject(refused);
      mark = rows[rows.length - 1]!.updatedAt;
      await patchState(db, {
        pushMark: mark,
        ...(held.size || heldBefore ? { held: [...held] } : {}),
      });
      if (rows.length < BATCH) break;
    }
    return written;
  }

  /** Copy the texts of these records into the replica when the office shares texts. */
  private async pushTexts(recordIds: string[], ownerOf: (id: string) => string): Promise<void> {
    const { db, user, lead } = this.opts;
    if (!this.opts.shareTexts || !recordIds.length) return;
    const versions = await db.docVersions.where('recordId').anyOf(recordIds).toArray();
    const have = await this.local.allDocs({ keys: versions.map((v) => TEXT_PREFIX + v.id) });
    const texts: TextDoc[] = [];
    versions.forEach((v, i) => {
      const row = have.rows[i] as { value?: unknown; error?: string };
      if (row && 'value' in row && row.value) return; // texts never change
      const owner = ownerOf(v.recordId);
      if (owner === user || lead) texts.push(textDoc(v, owner));
    });
    if (texts.length) await this.local.bulkDocs(texts);
  }

  /**
   * Of records this database has never had (not in the replica, no base): which stay out of
   * it — `foreign`, a colleague's record the pull brought from another database (never sent),
   * or `held`, the reviewer's own from before the connection began (sent by choice).
   */
  private async outside(rows: readonly RecordRow[]): Promise<Map<string, 'foreign' | 'held'>> {
    const out = new Map<string, 'foreign' | 'held'>();
    if (!rows.length) return out;
    const foreign = await colleagues(
      this.opts.db,
      rows.map((r) => r.id),
    );
    const since = this.opts.since ?? '';
    for (const r of rows) {
      if (foreign.has(r.id)) out.set(r.id, 'foreign');
      else if (since && r.createdAt < since) out.set(r.id, 'held');
    }
    return out;
  }

  /**
   * 上传本人记录: the reviewer's own records held back from this database (see `outside`) go
   * into the replica, and from there to the server. Returns how many were written.
   */
  uploadHeld(): Promise<number> {
    return this.serial(async () => {
      const { db, user } = this.opts;
      const ids = (await getState(db)).held ?? [];
      let written = 0;
      for (let i = 0; i < ids.length; i += BATCH) {
        const chunk = ids.slice(i, i + BATCH);
        const [foreign, have] = await Promise.all([
          colleagues(db, chunk),
          this.local.allDocs({ keys: chunk.map((id) => RECORD_PREFIX + id) }),
        ]);
        const docs: RecordDoc[] = [];
        for (const [j, id] of chunk.entries()) {
          const hit = have.rows[j] as { value?: { rev: string; deleted?: boolean } } | undefined;
          // (A colleague's cannot be held; one that reached the replica meanwhile is there.)
          if (foreign.has(id) || (hit?.value && !hit.value.deleted)) continue;
          const full = await getRecord(db, id);
          if (!full) continue;
          const doc = recordDoc(full, user);
          if (hit?.value?.deleted) doc._rev = hit.value.rev;
          docs.push(doc);
        }
        if (!docs.length) continue;
        const res = await this.local.bulkDocs(docs);
        const synced: OfficeBaseRow[] = [];
        res.forEach((r, k) => {
          const doc = docs[k]!;
          if (r.ok && r.rev) synced.push(baseRow(doc.record.id, r.rev, doc.record.updatedAt));
        });
        written += synced.length;
        if (synced.length) await db.office.bulkPut(synced);
        await this.pushTexts(
          docs.map((d) => d.record.id),
          () => user,
        );
      }
      await patchState(db, { held: [] });
      return written;
    });
  }

  /** Bring the replica's changes into Dexie, checked like a restore. Returns records written. */
  pull(): Promise<number> {
    return this.serial(() => this.pullNow());
  }

  private async pullNow(): Promise<number> {
    const { db, seeds, user, lead } = this.opts;
    const state: OfficeStateRow = await getState(db);
    let since = state.pullSeq;
    let written = 0;
    let waiting = new Set(state.waiting);
    const conflictIds = new Set(state.conflictIds ?? []);
    const held = new Set(state.held ?? []);
    const heldBefore = held.size;
    for (;;) {
      const feed = await this.local.changes({
        since,
        limit: PULL_BATCH,
        include_docs: true,
        conflicts: true,
      });
      // Texts that waited for their record are read again with this batch.
      const retry = waiting.size
        ? (await this.local.allDocs({ keys: [...waiting], include_docs: true })).rows.flatMap(
            (r) => ('doc' in r && r.doc ? [r.doc] : []),
          )
        : [];
      if (!feed.results.length && !retry.length) break;
      const docs: AnyDoc[] = [];
      const notes: OfficeReject[] = [];
      for (const change of feed.results) {
        const doc = change.doc as AnyDoc | undefined;
        if (!doc || doc._id.startsWith('_design/')) continue;
        if (doc._conflicts?.length) conflictIds.add(doc._id);
        else conflictIds.delete(doc._id);
        if (doc._deleted) {
          const id = doc._id.startsWith(RECORD_PREFIX) ? doc._id.slice(RECORD_PREFIX.length) : '';
          held.delete(id); // this database has it (deleted): its edits go there as edits
          if (id && (await db.records.get(id)))
            notes.push({
              docId: doc._id,
              rev: doc._rev,
              direction: 'in',
              reason:
                '服务器上这条记录已被删除；本机的记录保留，没有因此删除（如需删除请在审查日志中操作）',
              at: new Date().toISOString(),
            });
          continue;
        }
        docs.push(doc);
      }
      for (const d of retry) if (!docs.some((x) => x._id === d._id)) docs.push(d as AnyDoc);
      // A record in conflict comes into the log as its newest version (by updatedAt), not as
      // CouchDB's winner: every log then shows the same version, and an edit continues it.
      const newest = await this.newestLeaves(docs);
      for (const [i, d] of docs.entries()) {
        const n = newest.get(d._id);
        if (n) docs[i] = n;
      }
      // What checkContent needs of the database for these documents: which records the texts
      // belong to (the orphan check). Packs and overrides never come from the server, so the
      // pack-set checks have nothing to look at (and would re-validate every pack per batch).
      const textOwners = docs.flatMap((d) => {
        const rid = (d.version as { recordId?: unknown } | undefined)?.recordId;
        return d.type === TEXT_TYPE && typeof rid === 'string' ? [rid] : [];
      });
      const present = (await db.records.bulkGet(textOwners)).flatMap((r) => (r ? [r.id] : []));
      const current = { packs: [], overrides: [], recordIds: new Set(present) };
      const checked = await checkIncoming(docs, current, seeds);
      for (const r of checked.rejected)
        notes.push({ ...r, direction: 'in', at: new Date().toISOString() });
      let changed = 0;
      await db.transaction(
        'rw',
        [db.records, db.recordFindings, db.docVersions, db.officeRejects, db.office],
        async () => {
          // One read and one write per table for the batch (not one round trip per record).
          const incoming = new Map<string, (typeof checked.records)[number]>();
          for (const r of checked.records) {
            const seen = incoming.get(r.row.id);
            if (!seen || seen.row.updatedAt < r.row.updatedAt) incoming.set(r.row.id, r);
          }
          const ids = [...incoming.keys()];
          const [mine, bases] = await Promise.all([
            db.records.bulkGet(ids),
            db.office.bulkGet(ids.map((id) => BASE_PREFIX + id)),
          ]);
          const synced: OfficeBaseRow[] = [];
          // Who owns each record this database has: a colleague's is never sent to another
          // database (lib/office/replicas.ts), the reviewer's own may be.
          const theirs: OfficeFromRow[] = [];
          const mineIds: string[] = [];
          for (const [id, r] of incoming) {
            held.delete(id);
            if (r.owner === user) mineIds.push(FROM_PREFIX + id);
            else theirs.push({ id: FROM_PREFIX + id, owner: r.owner });
          }
          if (theirs.length) await db.office.bulkPut(theirs);
          if (mineIds.length) await db.office.bulkDelete(mineIds);
          const take = ids.flatMap((id, i) => {
            const m = mine[i];
            const r = incoming.get(id)!;
            const base = bases[i] as OfficeBaseRow | undefined;
            const now = baseRow(id, r.rev, r.row.updatedAt);
            if (m && m.updatedAt === r.row.updatedAt) {
              synced.push({ ...now, ...(base?.prev ? { prev: base.prev } : {}) }); // shown already
              return [];
            }
            // The log holds a local edit the replica does not have yet (its row moved past the
            // revision it was synced with): left alone. The push writes it on that revision,
            // beside this one, and the conflict shows both. (Not a colleague's record, which
            // this user may not change: that edit was refused and listed; the log follows.)
            if (m && base && m.updatedAt !== base.updatedAt && (lead || r.owner === user))
              return [];
            // No base known (synced before bases were kept): the newer by updatedAt stays.
            if (m && !base && m.updatedAt > r.row.updatedAt) return [];
            synced.push(replacedBase(now, base));
            return [r];
          });
          if (synced.length) await db.office.bulkPut(synced);
          if (take.length) {
            await db.records.bulkPut(take.map((r) => r.row));
            await db.recordFindings.bulkPut(take.map((r) => r.findings));
            await db.officeRejects.bulkDelete(take.map((r) => RECORD_PREFIX + r.row.id));
          }
          changed = take.length;
          if (checked.versions.length) {
            const have = await db.docVersions.bulkGet(checked.versions.map((v) => v.id));
            const fresh = checked.versions.filter((_, i) => !have[i]);
            if (fresh.length) await db.docVersions.bulkPut(fresh);
          }
        },
      );
      await this.reject(notes);
      written += changed;
      waiting = new Set(checked.waiting);
      since = feed.last_seq;
      await patchState(db, {
        pullSeq: since,
        waiting: [...waiting],
        conflictIds: [...conflictIds],
        ...(heldBefore ? { held: [...held] } : {}),
        ...(changed ? { importedAt: new Date().toISOString() } : {}),
      });
      if (!feed.results.length) break;
    }
    // Records from the server may be older than the log's snapshot mark: rebuild it.
    if (written) await invalidateLogSnapshot(db);
    return written;
  }

  /** Documents in the replica whose revisions conflict (both kept until someone chooses). */
  async conflicts(): Promise<Array<{ id: string; revs: string[] }>> {
    const all = await this.local.allDocs({
      include_docs: true,
      conflicts: true,
      startkey: RECORD_PREFIX,
      endkey: `${RECORD_PREFIX}\uffff`,
    });
    return all.rows.flatMap((r) => {
      const doc = r.doc as AnyDoc | undefined;
      return doc?._conflicts?.length ? [{ id: doc._id, revs: [doc._rev, ...doc._conflicts] }] : [];
    });
  }

  /**
   * The versions of a record whose replica holds conflicting revisions, each checked like an
   * incoming document (a version that fails is shown with its reason and cannot be chosen).
   * Null when the record has no conflict (any more).
   */
  async conflictVersions(recordId: string): Promise<ConflictView | null> {
    const docId = RECORD_PREFIX + recordId;
    const head = await this.getLocal(docId, { conflicts: true });
    if (!head?._conflicts?.length) return null;
    const leaves = await this.leaves(docId, [head._rev, ...head._conflicts]);
    const { user, lead, seeds } = this.opts;
    const versions: ConflictVersionView[] = [];
    for (const doc of leaves) {
      const checked = await checkIncoming(
        [doc],
        { packs: [], overrides: [], recordIds: new Set() },
        seeds,
      );
      const ok = checked.records[0];
      versions.push({
        rev: doc._rev,
        owner: typeof doc.owner === 'string' ? doc.owner : '',
        shown: false,
        record: ok
          ? {
              ...ok.row,
              findings: ok.findings.findings,
              ...(ok.findings.opinion ? { opinionDoc: ok.findings.opinion } : {}),
            }
          : null,
        problem: ok ? '' : (checked.rejected[0]?.reason ?? '这个版本不是有效的审查记录'),
      });
    }
    const newest = versions.reduce<ConflictVersionView | null>(
      (best, v) =>
        v.record && (!best?.record || v.record.updatedAt > best.record.updatedAt) ? v : best,
      null,
    );
    if (newest) newest.shown = true;
    const owners = [...new Set(versions.map((v) => v.owner))];
    const canChoose = lead || owners.every((o) => o === user);
    return {
      recordId,
      docId,
      versions,
      canChoose,
      why: canChoose
        ? ''
        : `只有这条记录的审查人员（${owners.filter((o) => o !== user).join('、')}）或负责人可以选择版本`,
    };
  }

  /**
   * Choose one version of a conflicting record: it is written as the record's next revision
   * (its updatedAt moved past every version, so each replica's log takes it), and every other
   * leaf revision is deleted in the replica, so the server converges when it replicates.
   * Dexie gets the chosen version through the pull. Nothing changes if the choice is refused.
   */
  resolveConflict(
    recordId: string,
    keepRev: string,
    /**
     * The revisions the reviewer saw when choosing (the dialog's). A version that arrived
     * since — a colleague's, or this log's own edit pushed just now — would be deleted unseen:
     * the choice is refused and the dialog shows the versions again.
     */
    shown?: readonly string[],
  ): Promise<ReviewRecord> {
    return this.serial(async () => {
      // A local edit not in the replica yet goes there first (on its base): it is one of the
      // versions, and the choice must not be made without it.
      await this.pushNow();
      const docId = RECORD_PREFIX + recordId;
      const head = await this.getLocal(docId, { conflicts: true });
      if (!head?._conflicts?.length)
        throw new Error('这条记录已没有冲突（可能已在其他电脑上选择了版本）');
      const view = await this.conflictVersions(recordId);
      const chosen = view?.versions.find((v) => v.rev === keepRev);
      if (!view || !chosen)
        throw new Error('所选的版本已不存在（记录在此期间又有变化），请重新查看两个版本');
      if (shown && view.versions.some((v) => !shown.includes(v.rev)))
        throw new Error('这条记录在此期间又有了新的版本，请重新查看所有版本后再选择');
      if (!view.canChoose) throw new Error(view.why);
      if (!chosen.record) throw new Error(`所选的版本未通过校验，不能采用：${chosen.problem}`);
      const latest = Math.max(
        Date.parse(nowIso()),
        ...view.versions.map((v) => (v.record ? Date.parse(v.record.updatedAt) + 1 : 0)),
      );
      const record: ReviewRecord = { ...chosen.record, updatedAt: new Date(latest).toISOString() };
      const winner: RecordDoc = { ...recordDoc(record, chosen.owner), _rev: head._rev };
      const losers = head._conflicts.map((rev) => ({ _id: docId, _rev: rev, _deleted: true }));
      const res = await this.local.bulkDocs([winner, ...losers]);
      const failed = res.find((r) => 'error' in r && r.error);
      if (failed)
        throw new Error(
          `选择版本时本机副本出错：${(failed as { message?: string }).message ?? ''}`,
        );
      await this.pullNow();
      return record;
    });
  }

  private noteFromServer(docs: readonly AnyDoc[] | undefined): void {
    for (const d of docs ?? []) if (d?._id && d._rev) this.fromServer.add(`${d._id}\n${d._rev}`);
  }

  /** The newest live leaf (by the record's updatedAt) of each document that has conflicts. */
  private async newestLeaves(docs: readonly AnyDoc[]): Promise<Map<string, AnyDoc>> {
    const out = new Map<string, AnyDoc>();
    for (const doc of docs) {
      if (!doc._conflicts?.length) continue;
      const leaves = await this.leaves(doc._id, [doc._rev, ...doc._conflicts]);
      const at = (d: AnyDoc) => {
        const u = (d as { record?: { updatedAt?: unknown } }).record?.updatedAt;
        return typeof u === 'string' ? u : '';
      };
      let best = doc;
      for (const l of leaves) if (at(l) > at(best)) best = l;
      if (best !== doc) out.set(doc._id, { ...best, _conflicts: doc._conflicts });
    }
    return out;
  }

  private async getLocal(
    docId: string,
    options: Record<string, unknown> = {},
  ): Promise<(AnyDoc & { owner?: unknown }) | null> {
    try {
      return (await this.local.get(docId, options)) as AnyDoc;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  }

  private async leaves(
    docId: string,
    revs: string[],
  ): Promise<Array<AnyDoc & { owner?: unknown }>> {
    const got = (await this.local.get(docId, { open_revs: revs })) as unknown as Array<{
      ok?: AnyDoc;
    }>;
    return got.flatMap((r) => (r.ok && !r.ok._deleted ? [r.ok] : []));
  }

  /**
   * Per record of a log page: is its current version on the server? One allDocs on the
   * replica and one revs_diff on the server for the whole page. Offline, what is past the
   * checkpoint of the last confirmed push is 待上传; without any checkpoint yet, 未知.
   */
  async marks(recordIds: readonly string[]): Promise<Record<string, UploadMark>> {
    const { db } = this.opts;
    const out: Record<string, UploadMark> = {};
    if (!recordIds.length) return out;
    const keys = recordIds.map((id) => RECORD_PREFIX + id);
    const [rows, have] = await Promise.all([
      db.records.bulkGet([...recordIds]),
      this.local.allDocs({ keys, include_docs: true }),
    ]);
    const revs: Record<string, string[]> = {};
    const outside = await this.outside(
      recordIds.flatMap((id, i) => (rows[i] && !inReplica(have.rows[i]) ? [rows[i]!] : [])),
    );
    recordIds.forEach((id, i) => {
      const row = rows[i];
      if (!row) return;
      const hit = have.rows[i] as { doc?: RecordDoc | null; value?: { rev: string } };
      if (outside.has(id)) {
        out[id] = 'local'; // not in this database, and not going there by itself
        return;
      }
      if (!hit?.doc || hit.doc.record?.updatedAt !== row.updatedAt || !hit.value) {
        out[id] = 'pending';
        return;
      }
      revs[RECORD_PREFIX + id] = [hit.value.rev];
    });
    const asked = Object.keys(revs);
    if (!asked.length) return out;
    try {
      const missing = await this.remote.revsDiff(revs);
      this.contacted = true;
      for (const docId of asked)
        out[docId.slice(RECORD_PREFIX.length)] = docId in missing ? 'pending' : 'uploaded';
    } catch {
      const since = await this.serverSeq();
      if (since === 0) {
        for (const docId of asked) out[docId.slice(RECORD_PREFIX.length)] = 'unknown';
      } else {
        const feed = await this.local.changes({
          since,
          filter: '_doc_ids',
          doc_ids: asked,
        });
        const past = new Set(feed.results.map((c) => c.id));
        for (const docId of asked)
          out[docId.slice(RECORD_PREFIX.length)] = past.has(docId) ? 'pending' : 'uploaded';
      }
    }
    return out;
  }

  /** Local changes not yet on the server: replica changes past the push checkpoint. */
  async pending(): Promise<number> {
    const { db } = this.opts;
    const state = await getState(db);
    const above = await (
      state.pushMark
        ? db.records.where('updatedAt').above(state.pushMark)
        : db.records.toCollection()
    )
      .limit(10_000)
      .toArray();
    let unpushed = 0;
    if (above.length) {
      // A row still equal to its base revision is in the replica; the others are compared
      // with the replica (a log synced before bases were kept has none).
      const bases = await this.bases(above.map((r) => r.id));
      const unknown = above.filter((r) => !bases.has(r.id));
      unpushed = above.filter((r) => {
        const b = bases.get(r.id);
        return b && b.updatedAt !== r.updatedAt;
      }).length;
      if (unknown.length) {
        const have = await this.local.allDocs({
          keys: unknown.map((r) => RECORD_PREFIX + r.id),
          include_docs: true,
        });
        // Records this database never had and will not get by themselves are not pending.
        const outside = await this.outside(unknown.filter((_, i) => !inReplica(have.rows[i])));
        unknown.forEach((r, i) => {
          const doc = (have.rows[i] as { doc?: RecordDoc | null }).doc;
          if (doc?.record.updatedAt !== r.updatedAt && !outside.has(r.id)) unpushed++;
        });
      }
    }
    const feed = await this.local.changes({
      since: await this.serverSeq(),
      filter: (d: { _id: string }) => !d._id.startsWith('_design/'),
    });
    if (!feed.results.length) return unpushed;
    // What the server already has (pulled from it, or pushed before the checkpoint moved) is
    // not pending: one revs_diff for the lot. Offline, everything past the checkpoint counts.
    // Revisions that came from the server by replication are there by definition.
    const revs: Record<string, string[]> = {};
    for (const c of feed.results) {
      const rev = c.changes.map((x) => x.rev);
      if (rev.length === 1 && this.fromServer.has(`${c.id}\n${rev[0]}`)) continue;
      revs[c.id] = rev;
    }
    let missing = Object.keys(revs).length;
    if (!this.lastError) {
      try {
        if (missing) {
          missing = Object.keys(await this.remote.revsDiff(revs)).length;
          this.contacted = true;
        }
        // Everything up to here is on the server (checked, not assumed): count from there next.
        if (!missing) {
          await this.confirmSeq(feed.last_seq);
          this.fromServer.clear();
        }
      } catch (e) {
        // Offline (after a restart nothing else may have noticed yet): keep the count.
        this.lastError = e as Error;
      }
    }
    return unpushed + missing;
  }

  /** One full round: push to the replica, replicate both ways once, pull into Dexie. */
  async syncOnce(): Promise<{ pushed: number; pulled: number }> {
    const pushed = await this.push();
    try {
      // One direction at a time: push, then pull. Both at once (PouchDB's sync) lets the pull
      // read the server's changes feed while our push is rewriting the same document there; a
      // CouchDB-protocol server may then answer without the colleague's revision of it (the
      // sync suite saw pouchdb-server do so under load: the pull came back with the checkpoint
      // unmoved and the conflict unseen until the next round). Sequential costs one round trip.
      // No push filter: the design document arrives from the server and is never changed
      // here, so revs_diff never sends it back (and a filtered push skipped later edits).
      const sent = await this.local.replicate.to(this.remote);
      await this.confirmSeq(sent.last_seq);
      await this.noteDenied(sent.errors ?? []);
      await this.local.replicate
        .from(this.remote)
        .on('change', (info) => this.noteFromServer((info as unknown as { docs?: AnyDoc[] }).docs));
      this.reached();
    } catch (e) {
      this.lastError = e as Error;
      await this.updateStatus();
      throw e;
    }
    const pulled = await this.pull();
    // Records just pulled are in the replica already: this moves the push mark past them.
    await this.push();
    await this.updateStatus(true);
    return { pushed, pulled };
  }

  /**
   * 重新上传: after the server's database was wiped and set up again (or restored from an old
   * copy), send every document of the replica that this user may write — whatever the
   * replication checkpoints say — and every local record not in the replica yet. Nothing is
   * deleted locally. Live replication restarts afterwards (its back-off may be long by then).
   */
  async reupload(): Promise<number> {
    const live = !!this.sync;
    if (live) await this.stop();
    try {
      return await this.serial(async () => {
        await this.pushNow('');
        const { user, lead } = this.opts;
        let res: PouchDB.ReplicationResult;
        try {
          res = await this.local.replicate.to(this.remote, {
            checkpoint: false,
            batch_size: BATCH,
            filter: (doc) =>
              !doc._id.startsWith('_design/') && !doc._deleted && (lead || doc.owner === user),
          });
        } catch (e) {
          this.lastError = e as Error;
          throw e;
        }
        this.reached();
        await this.noteDenied(res.errors ?? []);
        await this.pullNow();
        return res.docs_written;
      });
    } finally {
      await this.updateStatus(true).catch(() => {});
      if (live) this.start();
    }
  }

  private async noteDenied(errors: unknown[]): Promise<void> {
    const { user, lead } = this.opts;
    // The design document, and colleagues' records that came from the server, are theirs to
    // send: after a wipe the replication offers them too, and the server refuses them.
    const ids = (errors as Array<{ id?: unknown }>).flatMap((e) =>
      e && typeof e.id === 'string' && !e.id.startsWith('_design/') ? [e.id] : [],
    );
    const owners = new Map<string, unknown>();
    if (ids.length && !lead) {
      const have = await this.local.allDocs({ keys: ids, include_docs: true });
      for (const r of have.rows) owners.set(r.key, (r.doc as { owner?: unknown } | null)?.owner);
    }
    const rows: OfficeReject[] = [];
    for (const e of errors as Array<{
      id?: string;
      name?: string;
      message?: string;
      reason?: string;
      status?: number;
    }>)
      if (
        e &&
        typeof e.id === 'string' &&
        !e.id.startsWith('_design/') &&
        (lead || !owners.has(e.id) || owners.get(e.id) === user)
      )
        rows.push({
          docId: e.id,
          rev: '',
          direction: 'out',
          reason: `服务器拒绝了这条记录：${e.message ?? e.reason ?? e.name ?? ''}`,
          at: new Date().toISOString(),
        });
    await this.reject(rows);
  }

  /**
   * Replicate live in both directions, retrying with back-off while the server is
   * unreachable; every change that arrives is pulled into Dexie.
   */
  start(): void {
    if (this.sync) return;
    const sync = this.local.sync(this.remote, {
      live: true,
      retry: true,
      // 1 s, doubling, at most 5 minutes between attempts while the server is away.
      back_off_function: (delay: number) => (delay === 0 ? 1000 : Math.min(delay * 2, 300_000)),
    });
    this.sync = sync;
    sync.on('change', (info) => {
      this.reached();
      const seq = info.direction === 'push' ? this.confirmSeq(info.change.last_seq) : null;
      if (info.direction === 'pull') this.noteFromServer(info.change.docs as AnyDoc[]);
      void Promise.resolve(seq)
        .then(() => this.pull())
        .then(() => this.push())
        .then(() => this.updateStatus())
        .catch(() => {});
    });
    sync.on('denied', (err) => void this.noteDenied([err]).catch(() => {}));
    sync.on('paused', (err) => {
      if (err) this.lastError = err as Error;
      else this.reached();
      void (async () => {
        await this.pull();
        await this.push();
        await this.updateStatus(!err);
      })().catch(() => {});
    });
    sync.on('active', () => this.reached());
    sync.on('error', (err) => {
      this.lastError = err as Error;
      void this.updateStatus().catch(() => {});
    });
  }

  /** Stop live replication (the replica and Dexie stay as they are). */
  async stop(): Promise<void> {
    const sync = this.sync;
    this.sync = null;
    if (sync) {
      const done = new Promise((resolve) => sync.on('complete', resolve));
      sync.cancel();
      await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
    }
    await this.running;
  }

  /** Close the replica's database handles. */
  async close(): Promise<void> {
    await this.stop();
    await this.local.close();
    await this.remote.close();
  }

  /** Write what the screens show: 已同步 / 待同步 N 条 / 离线 / 错误：… */
  async updateStatus(caughtUp = false): Promise<OfficeStateRow> {
    const { db } = this.opts;
    const pending = await this.pending().catch(() => 0);
    const stored = await getState(db);
    const conflicts = stored.conflictIds?.length ?? 0;
    const e = this.lastError;
    // Just after a restart nothing is known of the server until it answers: a stored 离线 or
    // 错误 stands (not 已同步 because nothing has failed yet).
    const unknown =
      !e && !this.contacted && (stored.status === 'offline' || stored.status === 'error');
    const offline =
      !!e &&
      (e instanceof OfficeError
        ? e.code === 'unreachable'
        : (e as { status?: number }).status === undefined ||
          (e as { status?: number }).status === 0);
    return patchState(db, {
      pending,
      conflicts,
      status: unknown
        ? stored.status
        : offline
          ? 'offline'
          : e
            ? 'error'
            : pending
              ? 'pending'
              : 'synced',
      error: unknown ? stored.error : e ? describeError(e) : '',
      ...(caughtUp && !e && !pending ? { lastSyncAt: new Date().toISOString() } : {}),
    });
  }
}

/** A record's base row; an earlier row's remembered bases are kept (see `editedOn`). */
function baseRow(
  recordId: string,
  rev: string,
  updatedAt: string,
  old?: OfficeBaseRow,
): OfficeBaseRow {
  return { id: BASE_PREFIX + recordId, rev, updatedAt, ...(old?.prev ? { prev: old.prev } : {}) };
}

/**
 * A record document as a new child of `parent` whatever the replica's leaves are (written with
 * new_edits: false): when `parent` already has a child, the two are conflicting revisions.
 */
function branchOf(doc: RecordDoc, parent: string): RecordDoc & { _revisions: object } {
  const start = parseInt(parent, 10) + 1;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hash = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return {
    ...doc,
    _rev: `${start}-${hash}`,
    _revisions: { start, ids: [hash, parent.slice(parent.indexOf('-') + 1)] },
  };
}

/** A replication error in Chinese. */
export function describeError(e: unknown): string {
  if (e instanceof OfficeError) return e.message;
  const err = e as { status?: number; reason?: string; message?: string; name?: string };
  if (err.status === 401) return '登录已失效或密码已更改，请在选项页重新连接';
  if (err.status === 403) return `服务器拒绝：${err.reason ?? err.message ?? ''}`;
  if (err.status === 404)
    return '服务器上的办公室数据库不存在（可能已被删除），本机日志保留，没有删除任何记录；数据库重新建立后请点“重新上传”';
  if (!err.status) return '服务器暂时无法连接，恢复后自动同步';
  return `服务器错误（HTTP ${err.status}）：${err.reason ?? err.message ?? err.name ?? ''}`;
}

/** An allDocs row of a document the replica has (a live one or a tombstone). */
function inReplica(row: unknown): boolean {
  return !!(row && typeof row === 'object' && 'value' in row && (row as { value?: unknown }).value);
}
