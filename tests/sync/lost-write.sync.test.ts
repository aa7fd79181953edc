/**
 * The lost-write window of live replication: a reviewer saves an edit (Dexie), and before the
 * bridge has copied it into the local replica, the replica receives a colleague's newer revision
 * of the same record from the server and the pull runs (live replication's change handler pulls
 * before it pushes). Whichever edit is newer by the clock, neither may silently overwrite the
 * other: the local edit was made on the revision the reviewer saw, so it is written as a child
 * of that revision, and the two become a CouchDB conflict that both logs show.
 *
 * The window is opened by hand, step by step, so the test is deterministic: edit in Dexie →
 * replicate the server's changes into the replica → pull → push.
 */
import { describe, expect, it } from 'vitest';
import { createRecord, getRecord, updateRecord } from '@/lib/records';
import { recordInput } from '../unit/lib/fixtures';
import { asUser, freshOffice, replica, syncUntil, trackReplicas } from './helpers';

const track = trackReplicas();

/** The opinions of every live version of a record on the server (admin view). */
async function serverOpinions(url: string, id: string): Promise<string[]> {
  const doc = (await asUser('carol', 'GET', `${url}/record:${id}?conflicts=true`)).json;
  const revs = [doc._rev as string, ...((doc._conflicts as string[] | undefined) ?? [])];
  const out: string[] = [];
  for (const rev of revs) {
    const d = (await asUser('carol', 'GET', `${url}/record:${id}?rev=${rev}`)).json;
    out.push((d.record as { opinion: string }).opinion);
  }
  return out.sort();
}

describe('an edit saved while a colleague’s revision is pulled into the replica', () => {
  it.each([
    ['the local edit is the newer one', 'colleague first'],
    ["the colleague's edit is the newer one", 'local first'],
  ] as const)('becomes a conflict with both versions kept (%s)', async (_, order) => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    await syncUntil([a, lead], async () => !!(await lead.db.records.get(saved.id)));

    // Both edit the version they saw (原意见); the order decides whose updatedAt is newer.
    const edits = {
      local: () => updateRecord(a.db, saved.id, { opinion: 'alice 的修改' }),
      colleague: async () => {
        await updateRecord(lead.db, saved.id, { opinion: '负责人的更正' });
        await lead.bridge.syncOnce(); // on the server now
      },
    };
    if (order === 'colleague first') {
      await edits.colleague();
      await edits.local();
    } else {
      await edits.local();
      await edits.colleague();
    }
    // The window: alice's edit is in Dexie only; the colleague's revision reaches her replica
    // and the pull runs before her push.
    await a.bridge.local.replicate.from(a.bridge.remote);
    await a.bridge.pull();
    // Her log still shows what she saved (the pull did not overwrite an edit not yet sent).
    expect((await getRecord(a.db, saved.id))?.opinion).toBe('alice 的修改');
    await a.bridge.push();

    await syncUntil(
      [a, lead],
      async () =>
        !!(await a.bridge.conflictVersions(saved.id)) &&
        !!(await lead.bridge.conflictVersions(saved.id)),
    );
    const both = ['alice 的修改', '负责人的更正'];
    for (const r of [a, lead]) {
      const view = (await r.bridge.conflictVersions(saved.id))!;
      expect(view.versions.map((v) => v.record?.opinion).sort()).toEqual(both);
    }
    expect(await serverOpinions(url, saved.id)).toEqual(both);
    // Both logs show the same version until someone chooses: the newer one.
    const newer = order === 'colleague first' ? 'alice 的修改' : '负责人的更正';
    expect((await getRecord(a.db, saved.id))?.opinion).toBe(newer);
    expect((await getRecord(lead.db, saved.id))?.opinion).toBe(newer);
  });

  it('becomes a conflict when it was made in a dialog opened before the colleague’s revision reached the log', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见', title: '原标题' }));
    await syncUntil([a, lead], async () => !!(await lead.db.records.get(saved.id)));
    // alice opens the record (she sees 原意见); the lead's correction reaches her log.
    const seen = (await getRecord(a.db, saved.id))!.updatedAt;
    await updateRecord(lead.db, saved.id, { opinion: '负责人的更正' });
    await lead.bridge.syncOnce();
    await syncUntil([a], async () => (await getRecord(a.db, saved.id))?.opinion === '负责人的更正');
    // She saves what she typed in the dialog, made on the version she saw.
    await updateRecord(a.db, saved.id, { opinion: 'alice 的修改', title: '原标题' }, seen);
    await syncUntil(
      [a, lead],
      async () =>
        !!(await a.bridge.conflictVersions(saved.id)) &&
        !!(await lead.bridge.conflictVersions(saved.id)),
    );
    expect(await serverOpinions(url, saved.id)).toEqual(['alice 的修改', '负责人的更正']);
    // Both logs show the newer one (hers), and the lead's stays one of the versions.
    expect((await getRecord(lead.db, saved.id))?.opinion).toBe('alice 的修改');
  });

  it('is written on top of the revision the reviewer saw, not as a conflict, when nothing came in between', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    await syncUntil([a, lead], async () => !!(await lead.db.records.get(saved.id)));
    await updateRecord(lead.db, saved.id, { opinion: '负责人的更正' });
    await syncUntil(
      [lead, a],
      async () => (await getRecord(a.db, saved.id))?.opinion === '负责人的更正',
    );
    // alice saw the correction, then edits: an ordinary next revision.
    const seen = (await getRecord(a.db, saved.id))!.updatedAt;
    await updateRecord(a.db, saved.id, { opinion: 'alice 在更正上修改' }, seen);
    await a.bridge.local.replicate.from(a.bridge.remote);
    await a.bridge.pull();
    await a.bridge.push();
    await syncUntil(
      [a, lead],
      async () => (await getRecord(lead.db, saved.id))?.opinion === 'alice 在更正上修改',
    );
    expect(await a.bridge.conflictVersions(saved.id)).toBeNull();
    expect(await lead.bridge.conflictVersions(saved.id)).toBeNull();
    expect(await serverOpinions(url, saved.id)).toEqual(['alice 在更正上修改']);
  });
});
