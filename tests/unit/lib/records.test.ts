import { describe, expect, it } from 'vitest';
import {
  createRecord,
  deleteRecord,
  docKeyFor,
  getChecklistState,
  getRecord,
  getSettings,
  latestVersion,
  listRecords,
  normalizeDocNumber,
  purgeDeleted,
  restoreRecord,
  roundsOf,
  saveChecklistState,
  sha256Hex,
  updateRecord,
  updateSettings,
} from '@/lib/records';
import { GuishenError } from '@/lib/quota';
import { dbPerTest, finding, recordInput } from './fixtures';

const db = dbPerTest();

describe('document keys', () => {
  it.each([
    ['某政发[2025]3号', '某政发〔2025〕3号'],
    ['某政发【2025】3号', '某政发〔2025〕3号'],
    ['某政发（2025）3号', '某政发〔2025〕3号'],
    ['某政发(2025)3号', '某政发〔2025〕3号'],
    ['某政发﹝2025﹞3号', '某政发〔2025〕3号'],
    ['某政发〔2025〕3號', '某政发〔2025〕3号'],
    [' 某政发 〔2025〕 3 号 ', '某政发〔2025〕3号'],
    ['某政发〔２０２５〕３号', '某政发〔2025〕3号'],
  ])('normalises %s to %s', (raw, normal) => {
    expect(normalizeDocNumber(raw)).toBe(normal);
  });

  it('treats the same number written differently as one document', () => {
    expect(docKeyFor({ docNumber: '某政发[2025]3號' })).toBe(
      docKeyFor({ docNumber: '某政发﹝2025﹞3号' }),
    );
  });

  it('falls back to title and host, ignoring the draft-stage marker', () => {
    const a = docKeyFor({
      docNumber: null,
      title: '某市物业管理办法（征求意见稿）',
      url: 'https://A.gov.cn/x',
    });
    const b = docKeyFor({
      docNumber: '  ',
      title: '某市物业管理办法(送审稿)',
      url: 'https://a.gov.cn/y',
    });
    expect(a).toBe('title:某市物业管理办法@a.gov.cn');
    expect(b).toBe(a);
    expect(docKeyFor({ title: '某市物业管理办法', url: 'https://b.gov.cn/' })).not.toBe(a);
  });
});

describe('review records', () => {
  it('creates a record with id, docKey, round 1, counts, hash and a document version', async () => {
    const d = db();
    const r = await createRecord(d, recordInput({ text: '正文' }));
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.docKey).toBe('no:某政发〔2025〕3号');
    expect(r.round).toBe(1);
    expect(r.findingCounts).toEqual({ error: 1, warning: 1, info: 0 });
    expect(r.textHash).toBe(await sha256Hex('正文'));
    expect(r.deletedAt).toBeNull();
    expect(await getRecord(d, r.id)).toEqual(r);
    // The log's rows carry no findings; they live in their own table.
    expect(await d.records.get(r.id)).not.toHaveProperty('findings');
    expect((await d.recordFindings.get(r.id))?.findings).toEqual(r.findings);
    const v = await latestVersion(d, r.docKey);
    expect(v).toMatchObject({ recordId: r.id, text: '正文', textHash: r.textHash });
  });

  it('hashes text as SHA-256 hex', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('numbers the rounds of the same document and keeps the latest text', async () => {
    const d = db();
    const first = await createRecord(d, recordInput({ text: 'v1', conclusion: '修改后通过' }));
    const second = await createRecord(
      d,
      recordInput({ text: 'v2', docNumber: '某政发[2025]3号', reviewedAt: '2025-04-01T00:00:00Z' }),
    );
    expect(second.round).toBe(2);
    expect((await roundsOf(d, first.docKey)).map((r) => r.id)).toEqual([first.id, second.id]);
    expect((await latestVersion(d, first.docKey))?.text).toBe('v2');
  });

  it('edits a record, recounting findings after a dismissal and following the new number', async () => {
    const d = db();
    const r = await createRecord(d, recordInput());
    const edited = await updateRecord(d, r.id, {
      opinion: '修改后同意。',
      docNumber: '某政办发〔2025〕9号',
      findings: [{ ...finding(), dismissed: '误报' }, finding({ severity: 'info' })],
    });
    expect(edited.opinion).toBe('修改后同意。');
    expect(edited.findingCounts).toEqual({ error: 0, warning: 0, info: 1 });
    expect(edited.docKey).toBe('no:某政办发〔2025〕9号');
    expect(edited.updatedAt > r.updatedAt).toBe(true);
    expect(await getRecord(d, r.id)).toEqual(edited);
  });

  it('refuses an invalid edit and an unknown id with Chinese messages', async () => {
    const d = db();
    const r = await createRecord(d, recordInput());
    await expect(updateRecord(d, r.id, { conclusion: '同意' as never })).rejects.toThrow(
      /审查记录不完整/,
    );
    await expect(updateRecord(d, 'nope', { opinion: 'x' })).rejects.toBeInstanceOf(GuishenError);
    expect(await getRecord(d, r.id)).toEqual(r);
  });

  it('soft-deletes a record and undoes the deletion', async () => {
    const d = db();
    const r = await createRecord(d, recordInput());
    await deleteRecord(d, r.id);
    expect(await listRecords(d)).toEqual([]);
    expect((await listRecords(d, { status: 'deleted' })).map((x) => x.id)).toEqual([r.id]);
    const back = await restoreRecord(d, r.id);
    expect(back.deletedAt).toBeNull();
    expect((await listRecords(d)).map((x) => x.id)).toEqual([r.id]);
  });

  it('does not count a deleted round when numbering the next one', async () => {
    const d = db();
    const first = await createRecord(d, recordInput());
    await deleteRecord(d, first.id);
    expect((await createRecord(d, recordInput())).round).toBe(1);
  });

  it('purges the recycle bin with the document versions', async () => {
    const d = db();
    const keep = await createRecord(d, recordInput({ text: 'a' }));
    const gone = await createRecord(d, recordInput({ text: 'b', docNumber: '某政发〔2025〕4号' }));
    await deleteRecord(d, gone.id);
    expect(await purgeDeleted(d)).toBe(1);
    expect(await getRecord(d, gone.id)).toBeUndefined();
    expect(await d.docVersions.where('recordId').equals(gone.id).count()).toBe(0);
    expect(await getRecord(d, keep.id)).toBeDefined();
  });

  it('lists the log newest first, filtered by range, classification, conclusion and text', async () => {
    const d = db();
    const a = await createRecord(d, recordInput({ reviewedAt: '2025-01-10T02:00:00Z' }));
    const b = await createRecord(
      d,
      recordInput({
        reviewedAt: '2025-02-10T02:00:00Z',
        classification: 'non-normative',
        conclusion: '不予通过',
        title: '关于开展安全检查的通知',
        docNumber: null,
      }),
    );
    const c = await createRecord(d, recordInput({ reviewedAt: '2024-12-10T02:00:00Z' }));
    expect((await listRecords(d)).map((r) => r.id)).toEqual([b.id, a.id, c.id]);
    const year = { from: '2025-01-01', to: '2025-12-31' };
    expect((await listRecords(d, { range: year })).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(
      (await listRecords(d, { range: year, classification: 'normative' })).map((r) => r.id),
    ).toEqual([a.id]);
    expect((await listRecords(d, { conclusion: '不予通过' })).map((r) => r.id)).toEqual([b.id]);
    expect((await listRecords(d, { query: '安全检查' })).map((r) => r.id)).toEqual([b.id]);
  });
});

describe('checklist state and settings', () => {
  it('remembers manual ticks and dismissals per document', async () => {
    const d = db();
    expect(await getChecklistState(d, 'no:x')).toMatchObject({ manual: {}, dismissed: {} });
    await saveChecklistState(d, {
      docKey: 'no:x',
      manual: { 'zhuti-1': true },
      dismissed: { k: '误报' },
    });
    expect(await getChecklistState(d, 'no:x')).toMatchObject({
      manual: { 'zhuti-1': true },
      dismissed: { k: '误报' },
    });
  });

  it('starts with defaults and keeps changes', async () => {
    const d = db();
    expect((await getSettings(d)).reviewerName).toBe('');
    await updateSettings(d, { reviewerName: '王五', todayOverride: '2025-06-30' });
    expect(await getSettings(d)).toMatchObject({
      reviewerName: '王五',
      todayOverride: '2025-06-30',
    });
    await expect(updateSettings(d, { todayOverride: '2025/6/30' })).rejects.toThrow();
    // A date that does not exist is refused in Chinese, and the stored one stays.
    await expect(updateSettings(d, { todayOverride: '2026-02-30' })).rejects.toThrow(
      '不是有效的日期',
    );
    expect((await getSettings(d)).todayOverride).toBe('2025-06-30');
  });
});
