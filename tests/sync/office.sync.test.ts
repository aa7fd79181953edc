/**
 * The office's shared log through a real CouchDB-protocol server: two (or three) reviewers'
 * browsers, each a Dexie database with a PouchDB local replica, replicating through the server
 * set up by `office:setup` (its _security and validate_doc_update).
 */
import { describe, expect, it } from 'vitest';
import { createRecord, deleteRecord, getRecord, updateRecord } from '@/lib/records';
import { getState } from '@/lib/office/state';
import { recordDoc } from '@/lib/office/docs';
import { recordInput } from '../unit/lib/fixtures';
import { startCouch } from '../../scripts/couch-server.mjs';
import { asUser, freshOffice, replica, trackReplicas } from './helpers';

const track = trackReplicas();

describe('two reviewers through the office server', () => {
  it("brings a record saved on A into B's log, unchanged, with its findings", async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const b = track(replica(url, 'bob'));
    const saved = await createRecord(a.db, recordInput({ reviewer: '张三', text: '正文' }));
    await a.bridge.syncOnce();
    const { pulled } = await b.bridge.syncOnce();
    expect(pulled).toBe(1);
    expect(await getRecord(b.db, saved.id)).toEqual(saved);
    expect(await a.db.officeRejects.count()).toBe(0);
    expect(await b.db.officeRejects.count()).toBe(0);
    expect((await getState(a.db)).status).toBe('synced');
    expect((await getState(b.db)).lastSyncAt).not.toBeNull();
    // Draft texts stay local while the office does not share them.
    expect(await b.db.docVersions.count()).toBe(0);
    const rows = (await asUser('bob', 'GET', `${url}/_all_docs`)).json.rows as Array<{
      id: string;
    }>;
    expect(rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'))).toEqual([
      `record:${saved.id}`,
    ]);
  });

  it('carries the texts too when the office turned text sharing on', async () => {
    const { url } = await freshOffice({ shareTexts: true });
    const a = track(replica(url, 'alice', { shareTexts: true }));
    const b = track(replica(url, 'bob', { shareTexts: true }));
    const saved = await createRecord(a.db, recordInput({ text: '第一条 为了规范……' }));
    await a.bridge.syncOnce();
    await b.bridge.syncOnce();
    const texts = await b.db.docVersions.toArray();
    expect(texts.map((t) => [t.recordId, t.text])).toEqual([[saved.id, '第一条 为了规范……']]);
  });

  it("refuses, on the server, a change to a colleague's record, with the Chinese reason", async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const saved = await createRecord(a.db, recordInput());
    await a.bridge.syncOnce();
    const onServer = (await asUser('bob', 'GET', `${url}/record:${saved.id}`)).json;
    // A modified client: bob rewrites alice's record, first as hers, then claiming it.
    const edited = { ...onServer, record: { ...(onServer.record as object), opinion: '改掉' } };
    const asHers = await asUser('bob', 'PUT', `${url}/record:${saved.id}`, edited);
    expect(asHers.status).toBe(403);
    expect(asHers.json.reason).toBe('不能修改其他审查人员（alice）的记录，只有负责人可以更正');
    const claimed = await asUser('bob', 'PUT', `${url}/record:${saved.id}`, {
      ...edited,
      owner: 'bob',
    });
    expect(claimed.status).toBe(403);
    const deleted = await asUser(
      'bob',
      'DELETE',
      `${url}/record:${saved.id}?rev=${String(onServer._rev)}`,
    );
    expect(deleted.status).toBe(403);
    expect(deleted.json.reason).toBe('不能删除其他审查人员（alice）的记录，只有负责人可以');
    // A record in bob's name written as alice's owner is refused too.
    const forged = recordDoc({ ...saved, id: 'forged' }, 'alice');
    expect((await asUser('bob', 'PUT', `${url}/record:forged`, forged)).status).toBe(403);
    // The lead may correct it.
    const byLead = await asUser('carol', 'PUT', `${url}/record:${saved.id}`, edited);
    expect(byLead.status).toBe(201);
  });

  it("keeps a colleague's record as it is on the server when B edits it locally, and says why", async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const b = track(replica(url, 'bob'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    await a.bridge.syncOnce();
    await b.bridge.syncOnce();
    await updateRecord(b.db, saved.id, { opinion: 'bob 的改动' });
    await b.bridge.syncOnce();
    const refused = await b.db.officeRejects.toArray();
    expect(refused).toHaveLength(1);
    expect(refused[0]!.direction).toBe('out');
    expect(refused[0]!.reason).toContain('不能修改其他审查人员（alice）的记录');
    const onServer = (await asUser('alice', 'GET', `${url}/record:${saved.id}`)).json;
    expect((onServer.record as { opinion: string }).opinion).toBe('原意见');
    // alice's next edit reaches B's log, over B's refused one.
    await updateRecord(a.db, saved.id, { opinion: 'alice 的新意见' });
    await a.bridge.syncOnce();
    await b.bridge.syncOnce();
    expect((await getRecord(b.db, saved.id))?.opinion).toBe('alice 的新意见');
  });

  it('keeps both versions of a record edited on two machines at once, as a conflict', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    await a.bridge.syncOnce();
    await lead.bridge.syncOnce();
    // Both edit while the other's edit has not arrived.
    await updateRecord(a.db, saved.id, { opinion: 'alice 的修改' });
    await updateRecord(lead.db, saved.id, { opinion: '负责人的更正' });
    await a.bridge.push();
    await lead.bridge.push();
    await a.bridge.syncOnce();
    await lead.bridge.syncOnce();
    await a.bridge.syncOnce();
    const server = (await asUser('carol', 'GET', `${url}/record:${saved.id}?conflicts=true`)).json;
    expect(server._conflicts).toHaveLength(1);
    const revs = [server._rev as string, ...(server._conflicts as string[])];
    const opinions = await Promise.all(
      revs.map(async (rev) => {
        const d = (await asUser('carol', 'GET', `${url}/record:${saved.id}?rev=${rev}`)).json;
        return (d.record as { opinion: string }).opinion;
      }),
    );
    expect(opinions.sort()).toEqual(['alice 的修改', '负责人的更正']);
    for (const r of [a, lead]) {
      expect(await r.bridge.conflicts()).toEqual([
        { id: `record:${saved.id}`, revs: expect.any(Array) },
      ]);
      expect((await getState(r.db)).conflicts).toBe(1);
    }
  });

  it('does not import a document that fails the restore validation, and lists it with its reason', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const b = track(replica(url, 'bob'));
    const good = await createRecord(a.db, recordInput());
    await a.bridge.syncOnce();
    // What the server's checks let through but a restore refuses: facts of the wrong shape.
    const bad = recordDoc({ ...good, id: 'bad-one', facts: {} as never }, 'alice');
    expect((await asUser('alice', 'PUT', `${url}/record:bad-one`, bad)).status).toBe(201);
    await b.bridge.syncOnce();
    expect((await b.db.records.toArray()).map((r) => r.id)).toEqual([good.id]);
    const rejects = await b.db.officeRejects.toArray();
    expect(rejects.map((r) => [r.docId, r.direction])).toEqual([['record:bad-one', 'in']]);
    expect(rejects[0]!.reason).toMatch(/服务器文档“record:bad-one” › 审查记录 › 事实/);
  });

  it('never deletes a local record because the server deleted it (tombstone), and says so', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const b = track(replica(url, 'bob'));
    const saved = await createRecord(a.db, recordInput());
    await a.bridge.syncOnce();
    await b.bridge.syncOnce();
    const doc = (await asUser('alice', 'GET', `${url}/record:${saved.id}`)).json;
    expect(
      (await asUser('alice', 'DELETE', `${url}/record:${saved.id}?rev=${String(doc._rev)}`)).status,
    ).toBe(200);
    await b.bridge.syncOnce();
    expect(await b.db.records.get(saved.id)).toBeDefined();
    const notes = await b.db.officeRejects.toArray();
    expect(notes.map((n) => n.reason)).toEqual([
      '服务器上这条记录已被删除；本机的记录保留，没有因此删除（如需删除请在审查日志中操作）',
    ]);
  });

  it('replicates a move to the recycle bin as an edit (soft delete), not as a deletion', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const b = track(replica(url, 'bob'));
    const saved = await createRecord(a.db, recordInput());
    await a.bridge.syncOnce();
    await b.bridge.syncOnce();
    await deleteRecord(a.db, saved.id);
    await a.bridge.syncOnce();
    await b.bridge.syncOnce();
    expect((await b.db.records.get(saved.id))?.deletedAt).not.toBeNull();
  });
});

describe('the server goes away and comes back', () => {
  it('keeps recording while the server is down (待同步), and everything arrives after the restart', async () => {
    const server = await startCouch();
    try {
      const { url } = await freshOffice({ server });
      const a = track(replica(url, 'alice'));
      const b = track(replica(url, 'bob'));
      await createRecord(a.db, recordInput({ title: '第一份' }));
      await a.bridge.syncOnce();
      await server.stop();
      const offline = await createRecord(a.db, recordInput({ title: '断网时的第二份' }));
      await expect(a.bridge.syncOnce()).rejects.toThrow();
      const state = await getState(a.db);
      expect(state.status).toBe('offline');
      expect(state.pending).toBe(1);
      expect(state.error).toBe('服务器暂时无法连接，恢复后自动同步');
      const again = await startCouch({ dir: server.dir, port: server.port, admin: server.admin });
      try {
        await a.bridge.syncOnce();
        expect((await getState(a.db)).status).toBe('synced');
        await b.bridge.syncOnce();
        expect((await b.db.records.toArray()).map((r) => r.title).sort()).toEqual(
          ['断网时的第二份', '第一份'].sort(),
        );
        expect(await getRecord(b.db, offline.id)).toEqual(offline);
      } finally {
        await again.stop();
      }
    } finally {
      await server.dispose();
    }
  });

  it('says the password is wrong, apart from an unreachable server', async () => {
    const { url } = await freshOffice();
    const { sessionFetch } = await import('@/lib/office/connect');
    const f = sessionFetch(url, 'alice', async () => 'not-her-password', fetch);
    await expect(f(url)).rejects.toThrow('用户名“alice”或密码错误（服务器拒绝登录）');
    const down = sessionFetch('http://127.0.0.1:9/office', 'alice', async () => 'x', fetch);
    await expect(down('http://127.0.0.1:9/office')).rejects.toThrow(/无法连接 127\.0\.0\.1:9/);
  });
});
