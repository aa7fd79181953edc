/**
 * The review log: create, read, edit, soft delete with undo, rounds of one document, the text
 * of each reviewed version, per-document checklist state and the settings row.
 *
 * Every write is one Dexie transaction wrapped in `guardQuota`, so a failure (quota included)
 * leaves the database exactly as it was.
 */
import { Dexie } from 'dexie';
import type { GuishenDB } from './db';
import { rangeInstants, type DateRange } from './dates';
import {
  ChecklistStateSchema,
  defaultSettings,
  ReviewRecordSchema,
  SETTINGS_ID,
  SettingsSchema,
  type ChecklistState,
  type ClassificationKind,
  type Conclusion,
  type DocVersion,
  type FindingCounts,
  type RecordRow,
  type ReviewRecord,
  type Settings,
  type StoredFinding,
} from './entities';
import { GuishenError, guardQuota } from './quota';

// ---------------------------------------------------------------------------------------------
// Document keys live in ./dockey (pure, so the content script can use them without Dexie).
import { docKeyFor } from './dockey';
export { docKeyFor, normalizeDocNumber, normalizeTitle } from './dockey';

// ---------------------------------------------------------------------------------------------
// Hashes and counts

/** SHA-256 of UTF-8 text as lowercase hex (Web Crypto: pages, service worker, Node ≥ 20). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Counts of the findings that still stand (dismissed findings are not counted). */
export function countFindings(findings: readonly StoredFinding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (f.dismissed === undefined) counts[f.severity]++;
  return counts;
}

/** A strictly increasing "now" so that two edits in one millisecond still order correctly. */
let lastNow = '';
export function nowIso(): string {
  let now = new Date().toISOString();
  if (now <= lastNow) now = new Date(Date.parse(lastNow) + 1).toISOString();
  lastNow = now;
  return now;
}

// ---------------------------------------------------------------------------------------------
// Records

/** What the popup or side panel supplies when the reviewer records an outcome. */
export interface NewRecordInput {
  url: string;
  title: string;
  docNumber: string | null;
  registrationNumber: string | null;
  classification: ClassificationKind;
  conclusion: Conclusion;
  opinion: string;
  reviewer: string;
  /** Defaults to now. Any parseable date; stored as UTC ISO. */
  reviewedAt?: string;
  /** Defaults to one more than the live records with the same docKey. */
  round?: number;
  facts: ReviewRecord['facts'];
  findings: StoredFinding[];
  packs: ReviewRecord['packs'];
  extensionVersion: string;
  /** The reviewed text; when given, it is hashed and kept as a document version. */
  text?: string;
}

/** Fields a reviewer may edit afterwards. */
export type RecordPatch = Partial<
  Pick<
    ReviewRecord,
    | 'url'
    | 'title'
    | 'docNumber'
    | 'registrationNumber'
    | 'classification'
    | 'conclusion'
    | 'opinion'
    | 'reviewer'
    | 'reviewedAt'
    | 'facts'
    | 'findings'
  >
>;

function toInstant(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new GuishenError('invalid', `审查时间无法识别：${value}`);
  return new Date(ms).toISOString();
}

function validateRecord(record: ReviewRecord): ReviewRecord {
  const parsed = ReviewRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GuishenError(
      'invalid',
      `审查记录不完整：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}

/** Split a full record into its `records` row and its `recordFindings` row. */
function split(
  record: ReviewRecord,
): [RecordRow, { recordId: string; findings: StoredFinding[]; updatedAt: string }] {
  const { findings, ...row } = record;
  return [row, { recordId: record.id, findings, updatedAt: record.updatedAt }];
}

/**
 * Record a review. Computes id, docKey, round, finding counts and the text hash, and stores
 * the record, its findings and the text (as a document version) in one transaction.
 */
export async function createRecord(db: GuishenDB, input: NewRecordInput): Promise<ReviewRecord> {
  const now = nowIso();
  const { text, ...fields } = input;
  const textHash = text === undefined ? null : await sha256Hex(text);
  const docKey = docKeyFor(fields);
  return guardQuota(() =>
    db.transaction('rw', db.records, db.recordFindings, db.docVersions, async () => {
      const round =
        fields.round ??
        (await db.records
          .where('docKey')
          .equals(docKey)
          .filter((r) => r.deletedAt === null)
          .count()) + 1;
      const record = validateRecord({
        id: crypto.randomUUID(),
        docKey,
        url: fields.url,
        title: fields.title,
        docNumber: fields.docNumber,
        registrationNumber: fields.registrationNumber,
        classification: fields.classification,
        conclusion: fields.conclusion,
        opinion: fields.opinion,
        reviewer: fields.reviewer,
        reviewedAt: toInstant(fields.reviewedAt, now),
        round,
        facts: fields.facts,
        findingCounts: countFindings(fields.findings),
        findings: fields.findings,
        packs: fields.packs,
        extensionVersion: fields.extensionVersion,
        textHash,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      const [row, findings] = split(record);
      await db.records.add(row);
      await db.recordFindings.add(findings);
      if (text !== undefined && textHash !== null) {
        await db.docVersions.add({
          id: crypto.randomUUID(),
          docKey,
          recordId: record.id,
          text,
          textHash,
          createdAt: now,
        });
      }
      return record;
    }),
  );
}

/** One record with its findings, by id (deleted ones included), or undefined. */
export async function getRecord(db: GuishenDB, id: string): Promise<ReviewRecord | undefined> {
  return db.transaction('r', db.records, db.recordFindings, async () => {
    const [row, findings] = await Promise.all([db.records.get(id), db.recordFindings.get(id)]);
    return row ? { ...row, findings: findings?.findings ?? [] } : undefined;
  });
}

/**
 * Edit a record. The docKey follows an edited 发文字号 or title; finding counts follow edited
 * findings (e.g. a dismissal). Throws `GuishenError('not-found')` for an unknown id.
 */
export async function updateRecord(
  db: GuishenDB,
  id: string,
  patch: RecordPatch,
): Promise<ReviewRecord> {
  return guardQuota(() =>
    db.transaction('rw', db.records, db.recordFindings, async () => {
      const current = await getRecord(db, id);
      if (!current) throw new GuishenError('not-found', `找不到审查记录 ${id}`);
      const next: ReviewRecord = { ...current, ...patch };
      if (patch.reviewedAt !== undefined) next.reviewedAt = toInstant(patch.reviewedAt, '');
      if (patch.findings) next.findingCounts = countFindings(patch.findings);
      next.docKey = docKeyFor(next);
      next.updatedAt = nowIso();
      const valid = validateRecord(next);
      const [row, findings] = split(valid);
      await db.records.put(row);
      // Findings rows only change with the findings, so merges compare like with like.
      if (patch.findings) await db.recordFindings.put(findings);
      return valid;
    }),
  );
}

/**
 * Move a record to the recycle bin. It stops counting in the log, statistics, register and
 * CSV at once; `restoreRecord` undoes it. Returns the deletion instant.
 */
export async function deleteRecord(db: GuishenDB, id: string): Promise<string> {
  return guardQuota(() =>
    db.transaction('rw', db.records, async () => {
      const current = await db.records.get(id);
      if (!current) throw new GuishenError('not-found', `找不到审查记录 ${id}`);
      if (current.deletedAt) return current.deletedAt;
      const now = nowIso();
      await db.records.put({ ...current, deletedAt: now, updatedAt: now });
      return now;
    }),
  );
}

/** Undo a soft delete. Returns the record row (without findings). */
export async function restoreRecord(db: GuishenDB, id: string): Promise<RecordRow> {
  return guardQuota(() =>
    db.transaction('rw', db.records, async () => {
      const current = await db.records.get(id);
      if (!current) throw new GuishenError('not-found', `找不到审查记录 ${id}`);
      const restored = { ...current, deletedAt: null, updatedAt: nowIso() };
      await db.records.put(restored);
      return restored;
    }),
  );
}

/**
 * Empty the recycle bin for good: records deleted before `before` (default: all in the bin)
 * and the document versions that belong to them. Returns how many records were removed.
 */
export async function purgeDeleted(db: GuishenDB, before?: string): Promise<number> {
  return guardQuota(() =>
    db.transaction('rw', db.records, db.recordFindings, db.docVersions, async () => {
      const range = before
        ? db.records.where('deletedAt').below(before)
        : db.records.where('deletedAt').above('');
      const ids = (await range.primaryKeys()) as string[];
      await db.docVersions.where('recordId').anyOf(ids).delete();
      await db.recordFindings.bulkDelete(ids);
      await db.records.bulkDelete(ids);
      return ids.length;
    }),
  );
}

/** Filters of the review log. */
export interface RecordFilter {
  /** Local calendar range of reviewedAt. */
  range?: DateRange;
  classification?: ClassificationKind;
  conclusion?: Conclusion;
  /** Case-insensitive substring of title, 发文字号, 登记号, opinion or reviewer. */
  query?: string;
  /** `live` (default): the log; `deleted`: the recycle bin; `all`: both. */
  status?: 'live' | 'deleted' | 'all';
}

/** The review log, newest first (rows without findings; `getRecord` for one in full). */
export async function listRecords(db: GuishenDB, filter: RecordFilter = {}): Promise<RecordRow[]> {
  const status = filter.status ?? 'live';
  let rows: RecordRow[];
  if (status === 'deleted') {
    rows = await db.records.where('deletedAt').above('').toArray();
  } else if (filter.range) {
    const [lower, upper] = rangeInstants(filter.range);
    rows = filter.classification
      ? await db.records
          .where('[classification+reviewedAt]')
          .between([filter.classification, lower], [filter.classification, upper], true, false)
          .toArray()
      : await db.records.where('reviewedAt').between(lower, upper, true, false).toArray();
  } else {
    rows = await db.records.toArray();
  }
  const q = filter.query?.trim().toLowerCase();
  const [lower, upper] = filter.range ? rangeInstants(filter.range) : ['', '\uffff'];
  const out = rows.filter(
    (r) =>
      (status === 'all' || (status === 'live') === (r.deletedAt === null)) &&
      (!filter.classification || r.classification === filter.classification) &&
      (!filter.conclusion || r.conclusion === filter.conclusion) &&
      r.reviewedAt >= lower &&
      r.reviewedAt < upper &&
      (!q ||
        [r.title, r.docNumber ?? '', r.registrationNumber ?? '', r.opinion, r.reviewer].some((s) =>
          s.toLowerCase().includes(q),
        )),
  );
  return out.sort((a, b) =>
    a.reviewedAt < b.reviewedAt ? 1 : a.reviewedAt > b.reviewedAt ? -1 : 0,
  );
}

/** The live rounds of one document, first round first (rows without findings). */
export async function roundsOf(db: GuishenDB, docKey: string): Promise<RecordRow[]> {
  const rows = await db.records.where('docKey').equals(docKey).toArray();
  return rows
    .filter((r) => r.deletedAt === null)
    .sort((a, b) => a.round - b.round || a.reviewedAt.localeCompare(b.reviewedAt));
}

/** The most recently reviewed text of a document (for "what changed since the last round"). */
export async function latestVersion(
  db: GuishenDB,
  docKey: string,
): Promise<DocVersion | undefined> {
  return db.docVersions
    .where('[docKey+createdAt]')
    .between([docKey, Dexie.minKey], [docKey, Dexie.maxKey])
    .last();
}

// ---------------------------------------------------------------------------------------------
// Checklist state and settings

/** The checklist state of a document, or an empty one. */
export async function getChecklistState(db: GuishenDB, docKey: string): Promise<ChecklistState> {
  return (await db.checklist.get(docKey)) ?? { docKey, manual: {}, dismissed: {}, updatedAt: '' };
}

/** Save a document's checklist state (manual ticks and dismissals). */
export async function saveChecklistState(
  db: GuishenDB,
  state: Omit<ChecklistState, 'updatedAt'>,
): Promise<ChecklistState> {
  const row = ChecklistStateSchema.parse({ ...state, updatedAt: nowIso() });
  await guardQuota(() => db.transaction('rw', db.checklist, () => db.checklist.put(row)));
  return row;
}

/** The settings, with defaults for a fresh install. */
export async function getSettings(db: GuishenDB): Promise<Settings> {
  return (await db.settings.get(SETTINGS_ID)) ?? defaultSettings('1970-01-01T00:00:00.000Z');
}

/** Change some settings. */
export async function updateSettings(
  db: GuishenDB,
  patch: Partial<Omit<Settings, 'id' | 'updatedAt'>>,
): Promise<Settings> {
  return guardQuota(() =>
    db.transaction('rw', db.settings, async () => {
      const current = await getSettings(db);
      const next = SettingsSchema.parse({ ...current, ...patch, updatedAt: nowIso() });
      await db.settings.put(next);
      return next;
    }),
  );
}
