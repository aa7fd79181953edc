/**
 * The stored side of reviewing a tab's document (lib/review-data.ts): which stored version the
 * page text matches or is compared with, and the record an outcome makes from a real report.
 */
import { describe, expect, it } from 'vitest';
import { findingKey } from '@/rules/clauses';
import { docKeyFor } from '@/lib/dockey';
import type { PackRef } from '@/lib/entities';
import { deleteRecord, getRecord, getSettings, roundsOf, updateSettings } from '@/lib/records';
import {
  addWorkingDays,
  docTitleOf,
  loadReviewData,
  matchVersions,
  outcomeRecordInput,
  packsUsed,
  recordOutcome,
  type Outcome,
} from '@/lib/review-data';
import type { TabEntry } from '@/lib/tab-entry';
import { reviewed } from '../components/fixtures';
import { dbPerTest, pack } from './fixtures';

const db = dbPerTest();

const { text, report } = reviewed('nb-cf-dog-fines.html');
const url = 'https://www.tingjiang.gov.cn/zwgk/2025/6.html';
/** The tab entry of the sample document: another text (a revised draft), or null for none. */
function entryOf(pageText: string | null = text): TabEntry {
  return {
    url,
    docKey: docKeyFor({ ...report.facts, url }),
    report,
    ...(pageText !== null ? { text: pageText } : {}),
    updatedAt: '2026-11-27T01:00:00.000Z',
  };
}

const outcome: Outcome = {
  classification: 'normative',
  conclusion: '修改后通过',
  opinion: '删除第十二条罚款规定。',
  reviewer: '王五',
};
const refs: PackRef[] = [
  { id: 'national', version: '1.1.0', sha256: 'a'.repeat(64) },
  { id: 'common-local', version: '1.0.0', sha256: 'b'.repeat(64) },
  { id: 'lanzhou', version: '1.0.0', sha256: 'c'.repeat(64) },
];
const context = { dismissed: {}, packs: refs.slice(0, 2), extensionVersion: '0.1.0' };

describe('the record an outcome makes', () => {
  it('takes the report facts, the outcome, the packs and the text', () => {
    const input = outcomeRecordInput(entryOf(), outcome, context);
    expect(input).toEqual({
      url,
      title: '汀江市人民政府关于印发《汀江市文明养犬管理办法》的通知',
      docNumber: '汀府规〔2025〕6号',
      registrationNumber: 'TJGF-2025-052',
      classification: 'normative',
      conclusion: '修改后通过',
      opinion: '删除第十二条罚款规定。',
      reviewer: '王五',
      // Only what the register and a replay need, not every fact of the report.
      facts: {
        isDraft: false,
        commentDeadline: null,
        signedDate: '2025-06-03',
        publishDate: '2025-06-10',
        effectiveDate: '2025-08-01',
        validity: { years: 5, until: null, expiry: '2030-07-31' },
      },
      findings: report.findings,
      packs: refs.slice(0, 2),
      extensionVersion: '0.1.0',
      text,
      // The written opinion, drafted from the report, says what the outcome says.
      opinionDoc: expect.objectContaining({
        conclusion: '修改后通过',
        reviewer: '王五',
        docTitle: '汀江市人民政府关于印发《汀江市文明养犬管理办法》的通知',
        intro: expect.stringContaining(
          '《汀江市人民政府关于印发〈汀江市文明养犬管理办法〉的通知》',
        ),
      }),
    });
  });

  it('marks dismissed findings with their reason and keeps no text it was not given', () => {
    const fine = report.findings.find((f) => f.ruleId === 'national/NB-CF')!;
    const input = outcomeRecordInput(entryOf(null), outcome, {
      ...context,
      dismissed: { [findingKey(fine)]: '已另行说明' },
    });
    expect(input).not.toHaveProperty('text');
    expect(input.findings).toHaveLength(report.findings.length);
    expect(input.findings.filter((f) => f.dismissed !== undefined)).toEqual([
      { ...fine, dismissed: '已另行说明' },
    ]);
  });

  it('names the packs that produced the report, or every active one when none did', () => {
    expect(packsUsed(refs, report).map((r) => r.id)).toEqual(['national', 'common-local']);
    expect(packsUsed(refs.slice(2), report)).toEqual(refs.slice(2));
  });

  it('is stored with counts that leave dismissed findings out, and remembers the reviewer', async () => {
    const d = db();
    const fine = report.findings.find((f) => f.ruleId === 'national/NB-CF')!;
    const dismissed = { [findingKey(fine)]: '误报' };
    const record = await recordOutcome(d, entryOf(), outcome, { ...context, dismissed });
    expect(record).toMatchObject({
      docKey: entryOf().docKey,
      round: 1,
      reviewer: '王五',
      findingCounts: { error: 1, warning: 1, info: 1 },
    });
    expect((await getRecord(d, record.id))?.findings).toHaveLength(report.findings.length);
    expect((await getSettings(d)).reviewerName).toBe('王五');
  });

  it('updates the current round when the same text is recorded again, keeping what it said', async () => {
    const d = db();
    const first = await recordOutcome(d, entryOf(), outcome, context);
    const again = await recordOutcome(
      d,
      entryOf(),
      { ...outcome, conclusion: '不予通过', opinion: '第十二条须删除。' },
      context,
    );
    expect(again.id).toBe(first.id);
    expect(again.round).toBe(1);
    expect(again.conclusion).toBe('不予通过');
    expect(again.history).toEqual([
      {
        reviewedAt: first.reviewedAt,
        conclusion: '修改后通过',
        opinion: '删除第十二条罚款规定。',
        reviewer: '王五',
      },
    ]);
    expect(await roundsOf(d, first.docKey)).toHaveLength(1);
    // A changed text is a new round.
    const revised = await recordOutcome(d, entryOf(`${text}\n附则`), outcome, context);
    expect(revised.round).toBe(2);
  });

  it('stores the reason of a guarded 通过 with the record', async () => {
    const d = db();
    const r = await recordOutcome(
      d,
      entryOf(),
      { ...outcome, conclusion: '通过', conclusionReason: '罚款系转述上位法' },
      context,
    );
    expect((await getRecord(d, r.id))?.conclusionReason).toBe('罚款系转述上位法');
  });
});

describe('what is stored about a tab document', () => {
  it('starts empty, with the settings, the checklist state and the packs’ evaluation window', async () => {
    const d = db();
    await updateSettings(d, { reviewerName: '张三', todayOverride: '2026-11-27' });
    const now = '2026-11-27T00:00:00.000Z';
    const months = { value: 12, basis: '示例：届满前12个月评估' };
    await d.packs.add({
      id: 'office',
      source: 'user',
      enabled: true,
      pack: pack({ id: 'office', params: { 'validity.evaluationMonths': months } }),
      sha256: 'd'.repeat(64),
      installedAt: now,
      updatedAt: now,
    });
    expect(await loadReviewData(d, entryOf())).toEqual({
      docKey: entryOf().docKey,
      rounds: [],
      reviewerName: '张三',
      manual: {},
      dismissed: {},
      dueMonths: 12,
      today: '2026-11-27',
      previous: null,
      sameTextAsRound: null,
      reviewDays: 15,
      officeName: '',
    });
  });

  it('finds the newest round with the same text and compares with the newest different one', async () => {
    const d = db();
    const revised = `${text}\n第二十条　本办法由市公安局负责解释。`;
    const first = await recordOutcome(d, entryOf(), outcome, context);
    await recordOutcome(d, entryOf(revised), outcome, context);
    // Re-recording the revised text updates round 2 and must not hide round 1 from the comparison.
    await recordOutcome(d, entryOf(revised), outcome, context);

    const onRevised = await loadReviewData(d, entryOf(revised));
    expect(onRevised.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(onRevised.sameTextAsRound).toBe(2);
    expect(onRevised.previous).toEqual({ text, round: 1, reviewedAt: first.reviewedAt });

    const onFirst = await loadReviewData(d, entryOf());
    expect(onFirst.sameTextAsRound).toBe(1);
    expect(onFirst.previous).toMatchObject({ text: revised, round: 2 });

    // A page whose text is unknown (no hash) is compared with the newest version.
    expect((await loadReviewData(d, entryOf(null))).previous?.round).toBe(2);

    // Rounds in the recycle bin are neither matched nor compared with.
    await deleteRecord(d, first.id);
    const afterDelete = await loadReviewData(d, entryOf());
    expect(afterDelete.sameTextAsRound).toBeNull();
    expect(afterDelete.previous?.round).toBe(2);
  });

  it('matches by hash alone: no rounds, no match', () => {
    expect(matchVersions([], [], 'f'.repeat(64))).toEqual({
      previous: null,
      sameTextAsRound: null,
    });
  });
});

describe('office fields', () => {
  it.each([
    [
      '关于公开征求《银湖市养犬管理办法（征求意见稿）》意见的公告',
      '银湖市养犬管理办法（征求意见稿）',
    ],
    ['关于《汀江市物业管理办法（草案）》公开征求意见的通知', '汀江市物业管理办法（草案）'],
    ['公开征求《某某实施细则》修订意见', '某某实施细则'],
    ['汀江市人民政府关于印发《汀江市文明养犬管理办法》的通知', ''],
  ])('reads the document’s own title from %s', (page, own) => {
    expect(docTitleOf(page)).toBe(own);
  });

  it('counts the 审查时限 in working days (Mon–Fri) from the received date', () => {
    // 2025-05-09 is a Friday: five working days later is Friday 2025-05-16.
    expect(addWorkingDays('2025-05-09', 5)).toBe('2025-05-16');
    expect(addWorkingDays('2025-05-09', 1)).toBe('2025-05-12');
  });

  it('stores the office fields and the due date with the record', () => {
    const input = outcomeRecordInput(
      entryOf(),
      {
        ...outcome,
        docTitle: '养犬办法',
        drafter: '市公安局',
        receivedDate: '2025-05-09',
        reviewDays: 5,
      },
      { ...context, office: '汀江市司法局' },
    );
    expect(input).toMatchObject({
      docTitle: '养犬办法',
      drafter: '市公安局',
      receivedDate: '2025-05-09',
      dueDate: '2025-05-16',
      office: '汀江市司法局',
    });
  });
});
