/**
 * What the log does with the office's shared copies beyond plain replication: a conflict is
 * kept until someone entitled chooses a version (and then every replica and the server hold
 * the chosen one); each record says whether its current version is on the server; a server
 * database that was wiped loses nothing locally and gets everything back with 重新上传.
 */
import { describe, expect, it } from 'vitest';
import { createRecord, getRecord, updateRecord } from '@/lib/records';
import { getState } from '@/lib/office/state';
import { recordInput } from '../unit/lib/fixtures';
import { setupOffice } from '../../scripts/office-setup';
import { asUser, freshOffice, replica, syncUntil, trackReplicas } from './helpers';

const track = trackReplicas();

/** A record of alice's that alice and the lead (carol) then edit at once: a conflict. */
async function conflicted(url: string) {
  const a = track(replica(url, 'alice'));
  const lead = track(replica(url, 'carol'));
  const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
  await syncUntil([a, lead], async () => !!(await lead.db.records.get(saved.id)));
  await updateRecord(a.db, saved.id, { opinion: 'alice 的修改', conclusion: '不予通过' });
  await updateRecord(lead.db, saved.id, { opinion: '负责人的更正' });
  await a.bridge.push();
  await lead.bridge.push();
  await syncUntil(
    [a, lead],
    async () =>
      !!(await a.bridge.conflictVersions(saved.id)) &&
      !!(await lead.bridge.conflictVersions(saved.id)),
  );
  return { a, lead, id: saved.id };
}

describe('a record edited on two machines at once', () => {
  it('keeps both versions until the reviewer chooses, then every copy holds the chosen one', async () => {
    const { url } = await freshOffice();
    const { a, lead, id } = await conflicted(url);
    // Until someone chooses, both versions are kept in each replica (and on the server); each
    // log shows the newest, the lead's (edited after alice's).
    const both = ['alice 的修改', '负责人的更正'];
    expect((await getRecord(a.db, id))?.opinion).toBe('负责人的更正');
    expect((await getRecord(lead.db, id))?.opinion).toBe('负责人的更正');
    expect(
      (await lead.bridge.conflictVersions(id))!.versions.map((v) => v.record?.opinion).sort(),
    ).toEqual(both);
    const view = (await a.bridge.conflictVersions(id))!;
    expect(view.canChoose).toBe(true);
    expect(view.versions.map((v) => v.record?.opinion).sort()).toEqual([
      'alice 的修改',
      '负责人的更正',
    ]);
    expect(view.versions.filter((v) => v.shown).map((v) => v.record?.opinion)).toEqual([
      '负责人的更正',
    ]);
    expect((await getState(a.db)).conflictIds).toEqual([`record:${id}`]);

    // alice takes the lead's correction (whichever revision CouchDB shows first).
    const theirs = view.versions.find((v) => v.record?.opinion === '负责人的更正')!;
    const chosen = await a.bridge.resolveConflict(id, theirs.rev);
    expect(chosen.opinion).toBe('负责人的更正');
    expect(chosen.conclusion).toBe(theirs.record!.conclusion);
    const mine = await getRecord(a.db, id);
    expect(mine?.opinion).toBe('负责人的更正');
    expect(mine!.updatedAt > view.versions[0]!.record!.updatedAt).toBe(true);
    expect(mine!.updatedAt > view.versions[1]!.record!.updatedAt).toBe(true);
    expect(await a.bridge.conflictVersions(id)).toBeNull();
    expect((await getState(a.db)).conflictIds).toEqual([]);

    // The server and the lead's replica converge on it: one live revision, no conflict.
    await syncUntil([a, lead], async () => {
      const onServer = (await asUser('carol', 'GET', `${url}/record:${id}?conflicts=true`)).json;
      return (
        !onServer._conflicts &&
        (await getRecord(lead.db, id))?.opinion === '负责人的更正' &&
        (await lead.bridge.conflictVersions(id)) === null
      );
    });
    const onServer = (await asUser('carol', 'GET', `${url}/record:${id}?conflicts=true`)).json;
    expect((onServer.record as { opinion: string }).opinion).toBe('负责人的更正');
    expect((await getState(lead.db)).conflicts).toBe(0);
    expect((await getRecord(lead.db, id))?.updatedAt).toBe(mine!.updatedAt);
    expect(await a.db.officeRejects.count()).toBe(0);
  });

  it("lets a lead choose for a colleague's record, and refuses a colleague who is not one", async () => {
    const { url } = await freshOffice();
    const { a, lead, id } = await conflicted(url);
    const bob = track(replica(url, 'bob'));
    await syncUntil([bob], async () => !!(await bob.bridge.conflictVersions(id)));
    const seen = (await bob.bridge.conflictVersions(id))!;
    expect(seen.canChoose).toBe(false);
    expect(seen.why).toBe('只有这条记录的审查人员（alice）或负责人可以选择版本');
    await expect(bob.bridge.resolveConflict(id, seen.versions[0]!.rev)).rejects.toThrow(
      '只有这条记录的审查人员（alice）或负责人可以选择版本',
    );
    expect(await bob.bridge.conflictVersions(id)).not.toBeNull();

    const hers = (await lead.bridge.conflictVersions(id))!.versions.find(
      (v) => v.record?.opinion === 'alice 的修改',
    )!;
    await lead.bridge.resolveConflict(id, hers.rev);
    expect((await getRecord(lead.db, id))?.opinion).toBe('alice 的修改');
    await syncUntil(
      [lead, a, bob],
      async () =>
        (await a.bridge.conflictVersions(id)) === null &&
        (await bob.bridge.conflictVersions(id)) === null &&
        (await getRecord(bob.db, id))?.opinion === 'alice 的修改',
    );
    expect((await getRecord(a.db, id))?.conclusion).toBe('不予通过');
    // The chosen version stays alice's record.
    const onServer = (await asUser('carol', 'GET', `${url}/record:${id}`)).json;
    expect(onServer.owner).toBe('alice');
  });

  it('refuses a revision that is not one of the versions, changing nothing', async () => {
    const { url } = await freshOffice();
    const { a, id } = await conflicted(url);
    await expect(a.bridge.resolveConflict(id, '9-deadbeef')).rejects.toThrow(
      '所选的版本已不存在（记录在此期间又有变化），请重新查看两个版本',
    );
    expect((await a.bridge.conflictVersions(id))?.versions).toHaveLength(2);
    const other = track(replica(url, 'alice'));
    const plain = await createRecord(other.db, recordInput());
    await other.bridge.syncOnce();
    await expect(other.bridge.resolveConflict(plain.id, 'x')).rejects.toThrow(
      '这条记录已没有冲突（可能已在其他电脑上选择了版本）',
    );
  });
});

describe('每条记录：已上传 / 待上传', () => {
  it("marks what the server has of each record's current version, in one round for the page", async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const one = await createRecord(a.db, recordInput({ title: '一' }));
    const two = await createRecord(a.db, recordInput({ title: '二' }));
    await a.bridge.syncOnce();
    expect(await a.bridge.marks([one.id, two.id])).toEqual({
      [one.id]: 'uploaded',
      [two.id]: 'uploaded',
    });
    // Edited here (not even in the replica yet), and a new one in the replica only.
    await updateRecord(a.db, one.id, { opinion: '改了' });
    const three = await createRecord(a.db, recordInput({ title: '三' }));
    expect(await a.bridge.marks([one.id, two.id, three.id])).toEqual({
      [one.id]: 'pending',
      [two.id]: 'uploaded',
      [three.id]: 'pending',
    });
    await a.bridge.push();
    expect((await a.bridge.marks([three.id]))[three.id]).toBe('pending');
    await a.bridge.syncOnce();
    expect(await a.bridge.marks([one.id, two.id, three.id, 'no-such-record'])).toEqual({
      [one.id]: 'uploaded',
      [two.id]: 'uploaded',
      [three.id]: 'uploaded',
    });
  });
});

describe('a server database that was wiped', () => {
  it('keeps the local log, says what happened, and 重新上传 puts everything back', async () => {
    const { url, admin } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const bob = track(replica(url, 'bob'));
    const mine = [
      await createRecord(a.db, recordInput({ title: '一' })),
      await createRecord(a.db, recordInput({ title: '二' })),
    ];
    const his = await createRecord(bob.db, recordInput({ title: '同事的' }));
    await syncUntil([a, bob], async () => (await a.db.records.count()) === 3);
    const before = await a.db.records.orderBy('id').toArray();

    const auth = `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;
    expect((await fetch(url, { method: 'DELETE', headers: { authorization: auth } })).status).toBe(
      200,
    );
    await expect(a.bridge.syncOnce()).rejects.toThrow();
    const state = await getState(a.db);
    expect(state.status).toBe('error');
    expect(state.error).toBe(
      '服务器上的办公室数据库不存在（可能已被删除），本机日志保留，没有删除任何记录；数据库重新建立后请点“重新上传”',
    );
    await expect(a.bridge.reupload()).rejects.toThrow();
    expect(await a.db.records.orderBy('id').toArray()).toEqual(before);

    // The office sets the database up again (users survive in _users); alice re-uploads.
    await setupOffice({ url, user: admin.user, password: admin.password });
    const written = await a.bridge.reupload();
    expect(written).toBe(2);
    expect(await a.db.records.orderBy('id').toArray()).toEqual(before);
    expect((await getState(a.db)).status).toBe('synced');
    expect(await a.bridge.marks(mine.map((r) => r.id))).toEqual({
      [mine[0]!.id]: 'uploaded',
      [mine[1]!.id]: 'uploaded',
    });
    // bob's record is bob's to send: alice's copy was not offered (no refusal to list).
    expect((await a.bridge.marks([his.id]))[his.id]).toBe('pending');
    expect(await a.db.officeRejects.count()).toBe(0);
    await bob.bridge.reupload();
    const fresh = track(replica(url, 'carol'));
    await syncUntil([fresh], async () => (await fresh.db.records.count()) === 3);
    expect((await fresh.db.records.toArray()).map((r) => r.title).sort()).toEqual(
      ['一', '二', '同事的'].sort(),
    );
  });
});
