/**
 * The written opinion kept with the record (lib/opinion.ts): recorded with each round, edited
 * and saved (working copy + the current round's record, with the hash on the row), carried by
 * backups and merges, generated for an old record that has none, refused whole when invalid.
 */
import { describe, expect, it } from 'vitest';
import { exportBackup, restoreBackup } from '@/lib/backup';
import { docKeyFor } from '@/lib/dockey';
import {
  draftOpinion,
  ensureRecordOpinion,
  opinionFile,
  saveOpinion,
  withOutcome,
} from '@/lib/opinion';
import { createRecord, getChecklistState, getRecord, sha256Hex, updateRecord } from '@/lib/records';
import { recordOutcome, type Outcome } from '@/lib/review-data';
import { syncSeeds } from '@/lib/packs';
import type { TabEntry } from '@/lib/tab-entry';
import { opinionPlainText } from '@/rules/opinion/text';
import { reviewed } from '../components/fixtures';
import { dbPerTest, pack, recordInput } from './fixtures';
import { docxParagraphs, docxParts } from '../rules/docx-read';

const db = dbPerTest();
const { text, report } = reviewed('nb-cf-dog-fines.html');
const url = 'https://www.tingjiang.gov.cn/zwgk/2025/6.html';
const entry: TabEntry = {
  url,
  docKey: docKeyFor({ ...report.facts, url }),
  report,
  text,
  updatedAt: '2026-11-27T01:00:00.000Z',
};
const outcome: Outcome = {
  classification: 'normative',
  conclusion: '修改后通过',
  opinion: '见审查意见书。',
  reviewer: '王五',
};
const ctx = {
  dismissed: {},
  manual: {},
  reviewerName: '王五',
  officeName: '汀江市司法局',
  today: '2026-11-27',
};
const context = {
  dismissed: {},
  packs: [{ id: 'national', version: '1.0.0', sha256: 'a'.repeat(64) }],
  extensionVersion: '0.1.0',
  today: '2026-11-27',
};

describe('the opinion kept with the record', () => {
  it('is recorded with the outcome, its hash, item count and conclusion on the row', async () => {
    const d = db();
    const record = await recordOutcome(d, entry, outcome, context);
    const stored = (await getRecord(d, record.id))!;
    expect(stored.opinionDoc?.conclusion).toBe('修改后通过');
    expect(stored.opinionDoc?.items.some((i) => i.place.startsWith('第'))).toBe(true);
    expect(stored.opinionRef).toEqual({
      hash: await sha256Hex(opinionPlainText(stored.opinionDoc!)),
      items: stored.opinionDoc!.items.length,
      conclusion: '修改后通过',
    });
    // The row the log reads does not carry the opinion itself.
    expect(await d.records.get(record.id)).not.toHaveProperty('opinionDoc');
  });

  it('keeps the reviewer’s edited working copy when the outcome is recorded', async () => {
    const d = db();
    const draft = draftOpinion(entry, ctx);
    const edited = {
      ...draft,
      items: [{ ...draft.items[1]!, problem: '改写后的意见', edited: true }, draft.items[0]!],
    };
    await saveOpinion(d, entry.docKey, edited);
    expect((await getChecklistState(d, entry.docKey)).opinion).toEqual(edited);
    const record = await recordOutcome(
      d,
      entry,
      { ...outcome, conclusion: '不予通过' },
      {
        ...context,
        opinion: edited,
      },
    );
    const o = (await getRecord(d, record.id))!.opinionDoc!;
    expect(o.items.map((i) => i.problem)).toEqual(['改写后的意见', draft.items[0]!.problem]);
    expect(o.conclusion).toBe('不予通过');
    expect(o.conclusionText).toMatch(/不予通过/);
    // The draft went into the record; the next round drafts afresh.
    expect((await getChecklistState(d, entry.docKey)).opinion).toBeUndefined();
  });

  it('saves an edit into the current round’s record and moves its hash', async () => {
    const d = db();
    const record = await recordOutcome(d, entry, outcome, context);
    const before = record.opinionRef!.hash;
    const o = { ...record.opinionDoc!, remarks: '请于五个工作日内反馈修改情况。' };
    const saved = await saveOpinion(d, entry.docKey, o, record.id);
    expect(saved?.opinionRef?.hash).not.toBe(before);
    expect((await getRecord(d, record.id))!.opinionDoc?.remarks).toBe(o.remarks);
    expect((await getChecklistState(d, entry.docKey)).opinion).toBeUndefined();
  });

  it('keeps one opinion per round', async () => {
    const d = db();
    const first = await recordOutcome(d, entry, outcome, context);
    const second = await recordOutcome(
      d,
      { ...entry, text: `${text}\n第十四条 本办法由市公安局负责解释。` },
      { ...outcome, conclusion: '通过' },
      context,
    );
    expect(second.round).toBe(2);
    expect((await getRecord(d, first.id))!.opinionDoc?.conclusion).toBe('修改后通过');
    expect((await getRecord(d, second.id))!.opinionDoc?.conclusion).toBe('通过');
  });

  it.each([
    [
      'an item with a 5,000-character problem',
      (o: ReturnType<typeof draftOpinion>) => ({
        ...o,
        items: [{ ...o.items[0]!, problem: '长'.repeat(5000) }],
      }),
    ],
    [
      'a date that is no date',
      (o: ReturnType<typeof draftOpinion>) => ({ ...o, date: '2026-13-45x' }),
    ],
    [
      'an unknown conclusion',
      (o: ReturnType<typeof draftOpinion>) => ({ ...o, conclusion: '同意' }),
    ],
  ])('refuses %s with a Chinese message and writes nothing', async (_, spoil) => {
    const d = db();
    const record = await recordOutcome(d, entry, outcome, context);
    const bad = spoil(record.opinionDoc!) as never;
    await expect(saveOpinion(d, entry.docKey, bad, record.id)).rejects.toThrow(
      /^审查意见书无法保存：/,
    );
    expect((await getRecord(d, record.id))!.opinionDoc).toEqual(record.opinionDoc);
    expect((await getChecklistState(d, entry.docKey)).opinion).toBeUndefined();
  });

  it('generates one for an old record without an opinion, from its findings and stored text', async () => {
    const d = db();
    const old = await createRecord(d, recordInput({ findings: report.findings, text }));
    expect(old.opinionDoc).toBeUndefined();
    const now = await ensureRecordOpinion(d, old.id);
    expect(now.opinionDoc?.items.length).toBeGreaterThan(0);
    expect(now.opinionDoc?.items.some((i) => /^第[一二三四五六七八九十]+条/.test(i.place))).toBe(
      true,
    );
    expect(now.opinionRef?.items).toBe(now.opinionDoc?.items.length);
    // A second call keeps what is there.
    expect((await ensureRecordOpinion(d, old.id)).opinionDoc).toEqual(now.opinionDoc);
  });

  it('travels in a backup and wins in a merge when newer', async () => {
    const mine = db();
    await syncSeeds(mine, [pack()]);
    const record = await recordOutcome(mine, entry, outcome, context);
    const theirs = db();
    await syncSeeds(theirs, [pack()]);
    // The colleague's copy: same record, then an edited opinion (newer).
    const backup = await exportBackup(mine, { extensionVersion: '0.1.0' });
    expect((await restoreBackup(theirs, backup, 'replace', { seeds: [pack()] })).ok).toBe(true);
    expect((await getRecord(theirs, record.id))!.opinionDoc).toEqual(record.opinionDoc);
    await updateRecord(theirs, record.id, {
      opinionDoc: { ...record.opinionDoc!, remarks: '同事补充的意见' },
    });
    const newer = await exportBackup(theirs, { extensionVersion: '0.1.0' });
    const merged = await restoreBackup(mine, newer, 'merge', { seeds: [pack()] });
    expect(merged.ok).toBe(true);
    const after = (await getRecord(mine, record.id))!;
    expect(after.opinionDoc?.remarks).toBe('同事补充的意见');
    expect(after.opinionRef?.hash).toBe(await sha256Hex(opinionPlainText(after.opinionDoc!)));
  });

  it('downloads as a .docx named after the document', async () => {
    const o = withOutcome(draftOpinion(entry, ctx), { conclusion: '通过', reviewer: '王五' });
    const file = await opinionFile(o);
    expect(file.name).toBe(
      '汀江市人民政府关于印发《汀江市文明养犬管理办法》的通知.审查意见书.docx',
    );
    const paras = docxParagraphs(
      docxParts(new Uint8Array(await file.blob.arrayBuffer()))['word/document.xml']!,
    );
    expect(paras[0]).toBe('合法性审查意见书');
    expect(paras).toContain('通过。经审查，未发现该文件存在合法性问题，同意按程序印发。');
  });
});
