/**
 * A revised Word file is the next round of the document it revises: the drafting department
 * sends 送审稿.docx after the 征求意见稿.docx was reviewed, under another file name and with
 * other bytes. The file review page files both under the same document key (the title without
 * its stage, no host for a local file), so the record is round 2 and the review compares the
 * revised text with round 1's.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { check, compilePacks } from '@/rules/engine';
import { readFile } from '@/rules/formats';
import { modelFromText } from '@/rules/model';
import { seedPacks } from '@/rules/seeds';
import { docKeyFor } from '@/lib/dockey';
import { loadReviewData, recordOutcome, type Outcome } from '@/lib/review-data';
import type { TabEntry } from '@/lib/tab-entry';
import { dbPerTest } from './fixtures';

const db = dbPerTest();
const packs = compilePacks(seedPacks, ['common-local']);
const FILES = join(__dirname, '../../fixtures/files');

/** The 征求意见稿 with its stage and its 第九条 fine rewritten, as a revised Word file. */
function revisedDocx(bytes: Uint8Array): Uint8Array {
  const zip = unzipSync(bytes);
  const xml = strFromU8(zip['word/document.xml']!);
  expect(xml).toContain('征求意见稿');
  expect(xml).toContain('处五百元以上二千元以下罚款');
  zip['word/document.xml'] = strToU8(
    xml
      .replace('征求意见稿', '送审稿')
      .replace('处五百元以上二千元以下罚款', '依照《中华人民共和国消防法》的规定处理'),
  );
  return zipSync(zip);
}

/** What the file review page sends for a local file (lib/page/session.ts). */
async function entryOfFile(bytes: Uint8Array, name: string): Promise<TabEntry> {
  const doc = await readFile(bytes, { name });
  const url = `file:///${encodeURIComponent(name)}`;
  const model = modelFromText(doc.text, { url });
  const report = check(model, packs, { today: '2026-12-06', url });
  return {
    url,
    docKey: docKeyFor({ docNumber: report.facts.docNumber, title: report.facts.title, url }),
    report,
    text: model.text,
    file: {
      name,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      format: doc.format,
    },
    updatedAt: '2026-12-06T01:00:00.000Z',
  };
}

const outcome: Outcome = {
  classification: 'normative',
  conclusion: '修改后通过',
  opinion: '第九条设定罚款，建议删除。',
  reviewer: '张审查',
};
const context = { dismissed: {}, packs: [], extensionVersion: '0.1.0' };

describe('a revised Word file', () => {
  it('is round 2 of the reviewed one, compared with its text', async () => {
    const d = db();
    const first = readFileSync(join(FILES, 'tj-ddc-zqyjg.docx'));
    const v1 = await entryOfFile(first, '电动自行车充电设施建设管理办法（征求意见稿）.docx');
    const v2 = await entryOfFile(revisedDocx(first), '充电设施办法-送审稿-修改.docx');
    expect(v2.docKey).toBe(v1.docKey);
    // The revision took the fine out: the engine no longer reports it.
    const fines = (e: TabEntry) => e.report.findings.filter((f) => f.ruleId.endsWith('/NB-CF'));
    expect(fines(v1).length).toBeGreaterThan(0);
    expect(fines(v2)).toEqual([]);

    const r1 = await recordOutcome(d, v1, outcome, context);
    const data = await loadReviewData(d, v2);
    expect(data.sameTextAsRound).toBeNull();
    expect(data.previous).toMatchObject({ round: 1, text: v1.text, reviewedAt: r1.reviewedAt });
    const r2 = await recordOutcome(d, v2, { ...outcome, conclusion: '通过', opinion: '' }, context);
    expect(r2.round).toBe(2);
    expect(r2.file).toMatchObject({ name: '充电设施办法-送审稿-修改.docx', format: 'docx' });
  });
});
