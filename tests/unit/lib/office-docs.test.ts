/**
 * The office database's two gates, without a server: the server's validate_doc_update
 * (seeds/office/validate_doc_update.js, evaluated as CouchDB evaluates it: one function) and
 * the client's check of every incoming document (the restore's full validation).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkIncoming, recordDoc, textDoc } from '@/lib/office/docs';
import type { ReviewRecord } from '@/lib/entities';
import { opinionForRecord } from '@/lib/opinion';
import { storedRecord } from './fixtures';

type Validate = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;
const source = readFileSync('seeds/office/validate_doc_update.js', 'utf8');
const validate = new Function(`${source}\nreturn validate;`)() as Validate;
const SEC = JSON.parse(readFileSync('seeds/office/security.json', 'utf8'));

const member = (name: string) => ({ name, roles: ['guishen-reviewer'] });
const lead = { name: 'carol', roles: ['guishen-lead'] };

function record(over: Partial<ReviewRecord> = {}): ReviewRecord {
  return { ...storedRecord({ id: 'r1' }), findings: [], ...over } as ReviewRecord;
}
function doc(owner = 'alice', over: Partial<ReviewRecord> = {}) {
  return { ...recordDoc(record(over), owner), _rev: '1-a' };
}
/** The reason the validator gives, or 'ok'. */
function verdict(newDoc: unknown, oldDoc: unknown, user: unknown): string {
  try {
    validate(newDoc, oldDoc, user, SEC);
    return 'ok';
  } catch (e) {
    return (e as { forbidden?: string }).forbidden ?? `not forbidden: ${String(e)}`;
  }
}

describe('the server refuses what a modified client sends (validate_doc_update)', () => {
  it.each([
    ['a member creates their own record', doc('alice'), null, member('alice'), 'ok'],
    ['a lead corrects a colleague’s record', doc('alice'), doc('alice'), lead, 'ok'],
    [
      'a member writes a record in a colleague’s name',
      doc('alice'),
      null,
      member('bob'),
      '只能保存本人（bob）的记录，这条记录的审查人员是“alice”',
    ],
    [
      'a member changes a colleague’s record',
      doc('bob'),
      doc('alice'),
      member('bob'),
      '不能修改其他审查人员（alice）的记录，只有负责人可以更正',
    ],
    [
      'a member deletes a colleague’s record',
      { _id: 'record:r1', _deleted: true },
      doc('alice'),
      member('bob'),
      '不能删除其他审查人员（alice）的记录，只有负责人可以',
    ],
    [
      'a user without the reviewer role',
      doc('dave'),
      null,
      { name: 'dave', roles: [] },
      '账号“dave”不是本办公室的审查人员（缺少 guishen-reviewer 角色）',
    ],
    [
      'nobody logged in',
      doc('alice'),
      null,
      { name: null, roles: [] },
      '未登录：请先用审查人员账号登录',
    ],
    [
      'a conclusion that does not exist',
      doc('alice', { conclusion: '大概通过' as never }),
      null,
      member('alice'),
      '文档“record:r1”的字段 record.conclusion 应为 通过、修改后通过、不予通过 之一',
    ],
    [
      'a 50 MB title',
      doc('alice', { title: 'x'.repeat(50_000_000) }),
      null,
      member('alice'),
      '文档“record:r1”的字段 record.title 过长（50000000 个字符，上限 2000）',
    ],
    [
      'a title that is a number',
      doc('alice', { title: 7 as never }),
      null,
      member('alice'),
      '文档“record:r1”的字段 record.title 应为文字',
    ],
    [
      'an id that does not match the record',
      { ...doc('alice'), _id: 'record:other' },
      null,
      member('alice'),
      '文档“record:other”的字段 _id 应为 “record:r1”',
    ],
    [
      'another kind of document',
      { _id: 'settings', type: 'settings', owner: 'alice' },
      null,
      member('alice'),
      '文档“settings”的类型“settings”不是规审的审查记录或文本',
    ],
  ])('%s', (_what, newDoc, oldDoc, user, expected) => {
    expect(verdict(newDoc, oldDoc, user)).toBe(expected);
  });

  it('accepts a shared text of the member’s own and refuses one without its hash', () => {
    const v = {
      id: 'v1',
      docKey: 'no:x',
      recordId: 'r1',
      text: '正文',
      textHash: 'b'.repeat(64),
      createdAt: '2025-06-01T02:00:00.000Z',
    };
    expect(verdict(textDoc(v, 'alice'), null, member('alice'))).toBe('ok');
    expect(verdict(textDoc({ ...v, textHash: '' }, 'alice'), null, member('alice'))).toBe(
      '文档“text:v1”的字段 version.textHash 应为 64 位十六进制 SHA-256',
    );
  });
});

const none = { packs: [], overrides: [], recordIds: new Set<string>() };

describe('every document from the server passes the restore validation before it reaches the log', () => {
  it('takes a valid record, and a script in its title stays text', async () => {
    const d = doc('alice', { title: '<script>alert(1)</script>' });
    const out = await checkIncoming([d], none, []);
    expect(out.rejected).toEqual([]);
    expect(out.records.map((r) => [r.row.id, r.row.title, r.owner])).toEqual([
      ['r1', '<script>alert(1)</script>', 'alice'],
    ]);
  });

  it('takes a record with its written opinion (审查意见书), kept beside its findings as in the log', async () => {
    const opinionDoc = { ...opinionForRecord(record(), undefined), remarks: '请补充听证记录。' };
    const out = await checkIncoming([doc('alice', { opinionDoc })], none, []);
    expect(out.rejected).toEqual([]);
    expect(out.records[0]!.row).not.toHaveProperty('opinionDoc');
    expect(out.records[0]!.findings.opinion?.remarks).toBe('请补充听证记录。');
  });

  it.each([
    ['a wrong type', { ...doc(), record: { ...record(), round: '2' } }, /轮次/],
    [
      'a written opinion of the wrong shape',
      doc('alice', { opinionDoc: { format: 2 } as never }),
      /^服务器文档“record:r1” › 审查记录/,
    ],
    [
      'a 50 MB opinion',
      doc('alice', { opinion: 'x'.repeat(50_000_000) }),
      /^服务器文档“record:r1” › 审查意见\(opinion\)：过长（50000000 个字符，上限 200000）$/,
    ],
    ['an unknown field', { ...doc(), record: { ...record(), extra: 1 } }, /extra/],
    [
      'a reserved key',
      JSON.parse(
        `{"_id":"record:r1","_rev":"1-a","type":"guishen-record","owner":"a","record":{"__proto__":{}}}`,
      ),
      /保留字/,
    ],
    [
      'an id that does not match',
      { ...doc(), _id: 'record:zz' },
      /编号与其中审查记录的编号“r1”不一致/,
    ],
    [
      'another kind of document',
      { _id: 'x', _rev: '1-a', type: 'settings' },
      /不是规审的审查记录或文本/,
    ],
  ])('refuses %s, with its reason, and takes the rest of the batch', async (_what, bad, reason) => {
    const good = doc('alice', { id: 'r2' } as never);
    good._id = 'record:r2';
    const out = await checkIncoming([bad, good], none, []);
    expect(out.records.map((r) => r.row.id)).toEqual(['r2']);
    expect(out.rejected).toHaveLength(1);
    expect(out.rejected[0]!.reason).toMatch(reason);
  });

  it('lets a text wait for its record instead of refusing it', async () => {
    const v = {
      id: 'v1',
      docKey: 'no:x',
      recordId: 'not-yet',
      text: '正文',
      textHash: 'b'.repeat(64),
      createdAt: '2025-06-01T02:00:00.000Z',
    };
    const out = await checkIncoming([{ ...textDoc(v, 'alice'), _rev: '1-a' }], none, []);
    expect(out).toEqual({ records: [], versions: [], rejected: [], waiting: ['text:v1'] });
  });
});
