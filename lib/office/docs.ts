/**
 * The office database's documents, and the check every document from the server passes before
 * it reaches Dexie.
 *
 * Two kinds of documents replicate (seeds/office/validate_doc_update.js refuses any other):
 * - `record:<id>`: a review record with its findings, opinion, checklist-derived facts,
 *   conclusion reason and pack versions (`ReviewRecord`), and `owner`, the CouchDB user who
 *   wrote it (the server lets only that user, or a lead, change it);
 * - `text:<id>`: a reviewed text (`DocVersion`) — only when the office turned on text sharing
 *   for the database. Settings, packs, overrides and checklist state never replicate.
 *
 * An incoming document is checked exactly as a backup restore checks its rows (the same zod
 * schemas, reserved keys, sizes and orphan checks of `checkContent` in lib/backup.ts), so a
 * hostile server or a modified colleague's client cannot put into the log what a restore
 * would refuse.
 */
import { z } from 'zod';
import { checkContent, reservedKey, type Backup, type Current } from '../backup';
import {
  DocVersionSchema,
  RecordFindingsSchema,
  RecordRowSchema,
  type DocVersion,
  type RecordFindings,
  type RecordRow,
  type ReviewRecord,
} from '../entities';
import { toIssues, zhErrorMap } from '../issues';
import type { Pack } from '@/rules/schema';

export const RECORD_PREFIX = 'record:';
export const TEXT_PREFIX = 'text:';
export const RECORD_TYPE = 'guishen-record';
export const TEXT_TYPE = 'guishen-text';

/** A record as the office database stores it. */
export interface RecordDoc {
  _id: string;
  _rev?: string;
  type: typeof RECORD_TYPE;
  /** The CouchDB user name of the reviewer who wrote it. */
  owner: string;
  record: ReviewRecord;
}

/** A reviewed text as the office database stores it (text sharing on only). */
export interface TextDoc {
  _id: string;
  _rev?: string;
  type: typeof TEXT_TYPE;
  owner: string;
  version: DocVersion;
}

export function recordDoc(record: ReviewRecord, owner: string): RecordDoc {
  return { _id: RECORD_PREFIX + record.id, type: RECORD_TYPE, owner, record };
}

export function textDoc(version: DocVersion, owner: string): TextDoc {
  return { _id: TEXT_PREFIX + version.id, type: TEXT_TYPE, owner, version };
}

/** A document from the server that was not imported, and why (Chinese). */
export interface Rejected {
  /** The document id on the server (`record:…`). */
  docId: string;
  rev: string;
  reason: string;
}

/** What a batch of incoming documents brings, after the checks. */
export interface Checked {
  records: Array<{ row: RecordRow; findings: RecordFindings; owner: string; rev: string }>;
  versions: DocVersion[];
  rejected: Rejected[];
  /** Texts whose record is not here yet: tried again with a later batch. */
  waiting: string[];
}

const RecordEnvelope = z.object({
  _id: z.string(),
  _rev: z.string(),
  type: z.literal(RECORD_TYPE),
  owner: z.string().min(1).max(200),
  record: z.unknown(),
});
const TextEnvelope = z.object({
  _id: z.string(),
  _rev: z.string(),
  type: z.literal(TEXT_TYPE),
  owner: z.string().min(1).max(200),
  version: z.unknown(),
});

const firstIssue = (error: z.ZodError, root: unknown, prefix: string): string => {
  const issue = toIssues(error, root, prefix)[0];
  return issue ? `${issue.path}：${issue.message}` : prefix;
};

/** Say where the problem is in server terms (the document), not a backup's (table, row). */
const fromServer = (path: string, docId: string) =>
  path.replace(/^备份 › [^›]+ › 第\d+条“[^”]*”/, `服务器文档“${docId}”`).replace(/^备份 › /, '');

/**
 * Check a batch of documents from the office database (changes feed order). Deleted
 * documents (tombstones) and design documents are not for this function: the caller handles
 * them. `current` is what Dexie holds now (packs and overrides for `checkContent`, record ids
 * for the orphan check).
 */
export async function checkIncoming(
  docs: readonly unknown[],
  current: Current,
  seeds: readonly Pack[],
): Promise<Checked> {
  const out: Checked = { records: [], versions: [], rejected: [], waiting: [] };
  const parsed: Array<
    | {
        kind: 'record';
        docId: string;
        rev: string;
        owner: string;
        row: RecordRow;
        findings: RecordFindings;
      }
    | { kind: 'text'; docId: string; rev: string; version: DocVersion }
  > = [];
  for (const doc of docs) {
    const id = String((doc as { _id?: unknown })?._id ?? '（无编号）').slice(0, 200);
    const rev = String((doc as { _rev?: unknown })?._rev ?? '');
    const reject = (reason: string) => out.rejected.push({ docId: id, rev, reason });
    const reserved = reservedKey(doc, `服务器文档“${id}”`);
    if (reserved) {
      reject(`${reserved.path}：字段名「${reserved.key}」是保留字，这不是规审写出的文档`);
      continue;
    }
    const type = (doc as { type?: unknown })?.type;
    if (type === RECORD_TYPE) {
      const env = RecordEnvelope.safeParse(doc, { error: zhErrorMap });
      if (!env.success) {
        reject(firstIssue(env.error, doc, `服务器文档“${id}”`));
        continue;
      }
      const record = env.data.record as Record<string, unknown> | null;
      const findings = record && typeof record === 'object' ? record.findings : undefined;
      // The written opinion (审查意见书) is kept beside the findings, as in Dexie and backups:
      // left in the row, every record with an opinion was refused as an unknown key.
      const opinion = record && typeof record === 'object' ? record.opinionDoc : undefined;
      const rowInput = record && typeof record === 'object' ? { ...record } : record;
      if (rowInput && typeof rowInput === 'object') {
        delete (rowInput as Record<string, unknown>).findings;
        delete (rowInput as Record<string, unknown>).opinionDoc;
      }
      const row = RecordRowSchema.strict().safeParse(rowInput, { error: zhErrorMap });
      if (!row.success) {
        reject(firstIssue(row.error, rowInput, `服务器文档“${id}” › 审查记录`));
        continue;
      }
      if (id !== RECORD_PREFIX + row.data.id) {
        reject(`服务器文档“${id}”的编号与其中审查记录的编号“${row.data.id}”不一致`);
        continue;
      }
      const f = RecordFindingsSchema.safeParse(
        {
          recordId: row.data.id,
          findings,
          ...(opinion !== undefined ? { opinion } : {}),
          updatedAt: row.data.updatedAt,
        },
        { error: zhErrorMap },
      );
      if (!f.success) {
        reject(firstIssue(f.error, { findings, opinion }, `服务器文档“${id}” › 审查记录`));
        continue;
      }
      parsed.push({
        kind: 'record',
        docId: id,
        rev,
        owner: env.data.owner,
        row: row.data,
        findings: f.data,
      });
    } else if (type === TEXT_TYPE) {
      const env = TextEnvelope.safeParse(doc, { error: zhErrorMap });
      const v = env.success
        ? DocVersionSchema.strict().safeParse(env.data.version, { error: zhErrorMap })
        : null;
      if (!env.success || !v?.success) {
        reject(
          env.success
            ? firstIssue(v!.error!, env.data.version, `服务器文档“${id}” › 文本`)
            : firstIssue(env.error, doc, `服务器文档“${id}”`),
        );
        continue;
      }
      if (id !== TEXT_PREFIX + v.data.id) {
        reject(`服务器文档“${id}”的编号与其中文本的编号“${v.data.id}”不一致`);
        continue;
      }
      parsed.push({ kind: 'text', docId: id, rev, version: v.data });
    } else {
      reject(
        `服务器文档“${id}”的类型“${String(type).slice(0, 40)}”不是规审的审查记录或文本，未导入`,
      );
    }
  }

  // The content checks of a restore (sizes, orphans …), all at once; when the batch fails,
  // each document alone, so one bad document does not hold back the others.
  const recordIds = new Set(current.recordIds);
  for (const p of parsed) if (p.kind === 'record') recordIds.add(p.row.id);
  const texts = parsed.filter((p) => p.kind === 'text');
  for (const t of texts) if (!recordIds.has(t.version.recordId)) out.waiting.push(t.docId);
  const ready = parsed.filter((p) => p.kind === 'record' || recordIds.has(p.version.recordId));
  const asBackup = (items: typeof parsed): Backup => ({
    formatVersion: 1,
    schemaVersion: 1,
    exportedAt: '',
    extensionVersion: '',
    tables: {
      packs: [],
      overrides: [],
      records: items.flatMap((p) => (p.kind === 'record' ? [p.row] : [])),
      recordFindings: items.flatMap((p) => (p.kind === 'record' ? [p.findings] : [])),
      docVersions: items.flatMap((p) => (p.kind === 'text' ? [p.version] : [])),
      checklist: [],
      settings: [],
    },
  });
  const cur = { ...current, recordIds };
  const all = await checkContent(asBackup(ready), 'merge', cur, seeds);
  const accept = (p: (typeof parsed)[number]) => {
    if (p.kind === 'record')
      out.records.push({ row: p.row, findings: p.findings, owner: p.owner, rev: p.rev });
    else out.versions.push(p.version);
  };
  if (all.ok) ready.forEach(accept);
  else
    for (const p of ready) {
      const one = await checkContent(asBackup([p]), 'merge', cur, seeds);
      if (one.ok) accept(p);
      else
        out.rejected.push({
          docId: p.docId,
          rev: p.rev,
          reason: one.errors.map((e) => `${fromServer(e.path, p.docId)}：${e.message}`).join('；'),
        });
    }
  return out;
}
