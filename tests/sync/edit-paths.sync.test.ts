/**
 * Every path that edits or deletes a record makes its change on the version the reviewer saw
 * (issue 22): the log's delete and restore, the side panel's opinion, the popup's re-save of a
 * round, and the conflict dialog's choice. The window is opened by hand: alice sees a version,
 * the lead's correction reaches her log, and then she acts on what she saw. Each change must
 * become a conflict with the lead's (both kept on the server), never a silent overwrite.
 */
import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { exportBackup, restoreBackup } from '@/lib/backup';
import { GuishenDB } from '@/lib/db';
import { docKeyFor } from '@/lib/dockey';
import { seedPacks } from '@/rules/seeds';
import { opinionForRecord, saveOpinion } from '@/lib/opinion';
import { createRecord, deleteRecord, getRecord, restoreRecord, updateRecord } from '@/lib/records';
import { loadReviewData, recordOutcome, type OutcomeContext } from '@/lib/review-data';
import type { TabEntry } from '@/lib/tab-entry';
import { reviewed } from '../unit/components/fixtures';
import { recordInput } from '../unit/lib/fixtures';
import { asUser, freshOffice, replica, syncUntil, trackReplicas, type Replica } from './helpers';

const track = trackReplicas();

/** Every live version of a record on the server (admin view), as `opinion|deleted`. */
async function serverVersions(url: string, id: string): Promise<string[]> {
  const doc = (await asUser('carol', 'GET', `${url}/record:${id}?conflicts=true`)).json;
  const revs = [doc._rev as string, ...((doc._conflicts as string[] | undefined) ?? [])];
  const out: string[] = [];
  for (const rev of revs) {
    const d = (await asUser('carol', 'GET', `${url}/record:${id}?rev=${rev}`)).json;
    const r = d.record as { opinion: string; deletedAt: string | null };
    out.push(`${r.opinion}|${r.deletedAt ? '回收站' : '在用'}`);
  }
  return out.sort();
}

/** Both logs see the record in conflict. */
const inConflict = (rs: Replica[], id: string) => async () => {
  for (const r of rs) if (!(await r.bridge.conflictVersions(id))) return false;
  return true;
};

/**
 * alice's record reaches the lead; alice sees it (returns its updatedAt then); the lead's
 * correction reaches her log.
 */
async function correctedUnderHer(
  a: Replica,
  lead: Replica,
  id: string,
  before?: () => Promise<void>,
): Promise<string> {
  await syncUntil([a, lead], async () => !!(await lead.db.records.get(id)));
  await before?.();
  await syncUntil([a, lead], async () => {
    const mine = await a.db.records.get(id);
    return mine?.updatedAt === (await lead.db.records.get(id))?.updatedAt;
  });
  const seen = (await getRecord(a.db, id))!.updatedAt;
  await updateRecord(lead.db, id, { opinion: '负责人的更正' });
  await lead.bridge.syncOnce();
  await syncUntil([a], async () => (await getRecord(a.db, id))?.opinion === '负责人的更正');
  return seen;
}

describe('an edit made on a version a colleague’s revision replaced meanwhile', () => {
  it('deleting from the log becomes a conflict: the lead’s correction and her deletion both kept', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    const seen = await correctedUnderHer(a, lead, saved.id);
    await deleteRecord(a.db, saved.id, seen);
    await syncUntil([a, lead], inConflict([a, lead], saved.id));
    // (A deletion moves the log's row as it is to the bin: hers carries the fields it had.)
    expect(await serverVersions(url, saved.id)).toEqual([
      '负责人的更正|回收站',
      '负责人的更正|在用',
    ]);
  });

  it('restoring from the recycle bin becomes a conflict too', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    // She deleted it earlier; that deletion reached the lead before his correction.
    const seen = await correctedUnderHer(a, lead, saved.id, async () => {
      await deleteRecord(a.db, saved.id);
    });
    await restoreRecord(a.db, saved.id, seen);
    await syncUntil([a, lead], inConflict([a, lead], saved.id));
    expect(await serverVersions(url, saved.id)).toEqual([
      '负责人的更正|回收站',
      '负责人的更正|在用',
    ]);
    expect(await a.db.officeRejects.count()).toBe(0);
  });

  it('saving the side panel’s opinion becomes a conflict', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    const seen = await correctedUnderHer(a, lead, saved.id);
    // The side panel loaded the opinion of the version she saw and she edited it.
    const opinion = { ...opinionForRecord(saved, undefined), remarks: 'alice 的其他意见' };
    await saveOpinion(a.db, saved.docKey, opinion, saved.id, seen);
    await syncUntil([a, lead], inConflict([a, lead], saved.id));
    const view = (await a.bridge.conflictVersions(saved.id))!;
    expect(view.versions.map((v) => v.record?.opinion)).toEqual(['负责人的更正', '负责人的更正']);
    expect(view.versions.map((v) => v.record?.opinionDoc?.remarks ?? '').sort()).toEqual([
      '',
      'alice 的其他意见',
    ]);
  });

  describe('the popup’s save of a round', () => {
    const { text, report } = reviewed('nb-cf-dog-fines.html');
    const url = 'https://www.tingjiang.gov.cn/zwgk/2025/6.html';
    const entry: TabEntry = {
      url,
      docKey: docKeyFor({ ...report.facts, url }),
      report,
      text,
      updatedAt: '2026-11-27T01:00:00.000Z',
    };
    const context: OutcomeContext = { dismissed: {}, packs: [], extensionVersion: '0.1.0' };
    const outcome = {
      classification: 'normative' as const,
      conclusion: '修改后通过' as const,
      opinion: '原意见',
      reviewer: '张三',
    };

    it('updating the round the form showed becomes a conflict', async () => {
      const { url: office } = await freshOffice();
      const a = track(replica(office, 'alice'));
      const lead = track(replica(office, 'carol'));
      const first = await recordOutcome(a.db, entry, outcome, context);
      const seen = await correctedUnderHer(a, lead, first.id);
      const again = await recordOutcome(
        a.db,
        entry,
        { ...outcome, opinion: 'alice 再次保存' },
        { ...context, updates: { id: first.id, updatedAt: seen } },
      );
      expect(again.id).toBe(first.id);
      await syncUntil([a, lead], inConflict([a, lead], first.id));
      expect(await serverVersions(office, first.id)).toEqual([
        'alice 再次保存|在用',
        '负责人的更正|在用',
      ]);
    });

    it('a same-text round the form never showed (a colleague’s) is left alone: her own round is added', async () => {
      const { url: office } = await freshOffice();
      const a = track(replica(office, 'alice'));
      const b = track(replica(office, 'bob'));
      const bobs = await recordOutcome(b.db, entry, { ...outcome, opinion: 'bob 的意见' }, context);
      // alice's popup opened before bob's round reached her log: it said 「新增一轮」.
      await syncUntil([b, a], async () => !!(await a.db.records.get(bobs.id)));
      const hers = await recordOutcome(
        a.db,
        entry,
        { ...outcome, opinion: 'alice 的意见' },
        { ...context, updates: null },
      );
      expect(hers.id).not.toBe(bobs.id);
      await syncUntil([a, b], async () => !!(await b.db.records.get(hers.id)));
      expect(await serverVersions(office, bobs.id)).toEqual(['bob 的意见|在用']);
      expect(await serverVersions(office, hers.id)).toEqual(['alice 的意见|在用']);
      expect(await a.db.officeRejects.count()).toBe(0);
    });

    it('a colleague’s round of the same text is never updated: the form offers a new round, and the save adds hers', async () => {
      const { url: office } = await freshOffice();
      const a = track(replica(office, 'alice'));
      const b = track(replica(office, 'bob'));
      const bobs = await recordOutcome(b.db, entry, { ...outcome, opinion: 'bob 的意见' }, context);
      await syncUntil([b, a], async () => !!(await a.db.records.get(bobs.id)));
      const data = await loadReviewData(a.db, entry);
      expect(data.theirs).toEqual([bobs.id]);
      const hers = await recordOutcome(
        a.db,
        entry,
        { ...outcome, opinion: 'alice 的意见' },
        // Even a caller that names bob's round (or none) does not change it.
        { ...context, updates: { id: bobs.id, updatedAt: bobs.updatedAt } },
      );
      expect(hers.id).not.toBe(bobs.id);
      await syncUntil([a, b], async () => !!(await b.db.records.get(hers.id)));
      expect(await serverVersions(office, bobs.id)).toEqual(['bob 的意见|在用']);
      expect(await a.db.officeRejects.count()).toBe(0);
    });
  });

  it('a backup merge’s newer version of a record reaches the office, though its stamp is older than the push mark', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const first = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    await new Promise((r) => setTimeout(r, 5));
    await createRecord(a.db, recordInput({ title: '后来的一份' })); // moves the push mark on
    await syncUntil([a, lead], async () => (await lead.db.records.count()) === 2);
    // A backup from her other computer holds an edit of the first record: newer than the log's
    // version, older than the second record (the mark).
    const other = new GuishenDB(`guishen-other-${Date.now()}`);
    const stamp = new Date(Date.parse(first.updatedAt) + 1).toISOString();
    await other.records.put({
      ...(await a.db.records.get(first.id))!,
      opinion: '备份中的修改',
      updatedAt: stamp,
    });
    await other.recordFindings.put((await a.db.recordFindings.get(first.id))!);
    const backup = await exportBackup(other, { extensionVersion: '0.1.0' });
    other.close();
    await Dexie.delete(other.name);
    const done = await restoreBackup(a.db, backup, 'merge', { seeds: seedPacks });
    expect(done.ok ? [] : done.errors).toEqual([]);
    expect((await getRecord(a.db, first.id))?.opinion).toBe('备份中的修改');
    await a.bridge.syncOnce();
    expect((await getRecord(lead.db, first.id))?.opinion).toBe('原意见'); // the mark passed it
    await a.bridge.rescan(); // what the options page asks for after a restore
    await syncUntil(
      [a, lead],
      async () => (await getRecord(lead.db, first.id))?.opinion === '备份中的修改',
    );
    expect(await serverVersions(url, first.id)).toEqual(['备份中的修改|在用']);
  });

  it('the conflict dialog’s choice is refused when a version arrived that it did not show', async () => {
    const { url } = await freshOffice();
    const a = track(replica(url, 'alice'));
    const lead = track(replica(url, 'carol'));
    const saved = await createRecord(a.db, recordInput({ opinion: '原意见' }));
    const seen = await correctedUnderHer(a, lead, saved.id);
    await updateRecord(a.db, saved.id, { opinion: 'alice 的修改' }, seen);
    await syncUntil([a, lead], inConflict([a, lead], saved.id));
    const shown = (await a.bridge.conflictVersions(saved.id))!.versions;
    // alice is to keep the lead's version…
    const keep = shown.find((v) => v.record?.opinion === '负责人的更正')!.rev;
    // …while the lead, whose log shows the newer version (hers), edits it: a new revision
    // she has not seen replaces hers.
    await updateRecord(lead.db, saved.id, { opinion: '负责人再次更正' });
    await lead.bridge.syncOnce();
    await syncUntil([a], async () =>
      (await a.bridge.conflictVersions(saved.id))!.versions.some(
        (v) => v.record?.opinion === '负责人再次更正',
      ),
    );
    await expect(
      a.bridge.resolveConflict(
        saved.id,
        keep,
        shown.map((v) => v.rev),
      ),
    ).rejects.toThrow('这条记录在此期间又有了新的版本，请重新查看所有版本后再选择');
    expect(await a.bridge.conflictVersions(saved.id)).not.toBeNull();
    // Shown again, the same choice goes through.
    const again = (await a.bridge.conflictVersions(saved.id))!.versions;
    await a.bridge.resolveConflict(
      saved.id,
      keep,
      again.map((v) => v.rev),
    );
    await syncUntil([a, lead], async () => !(await lead.bridge.conflictVersions(saved.id)));
    expect(await serverVersions(url, saved.id)).toEqual(['负责人的更正|在用']);
  });
});
