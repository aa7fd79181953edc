/**
 * The review log: create, read, edit, soft delete with undo, rounds of one document, the text
 * of each reviewed version, per-document checklist state and the settings row.
 *
 * Every write is one Dexie transaction wrapped in `guardQuota`, so a failure (quota included)
 * leaves the database exactly as it was.
 */
import { Dexie } from 'dexie';
import { keyChunks, type GuishenDB, type LogIndexRow } from './db';
import { rangeInstants, type DateRange } from './dates';
import {
  CONCLUSIONS,
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
import { opinionPlainText } from '@/rules/opinion/text';
import type { Opinion } from '@/rules/schema';

// ---------------------------------------------------------------------------------------------
// Document keys live in ./dockey (pure, so the content script can use them without Dexie).
import { docKeyFor } from './dockey';
import { editedOn } from './office/state';
export { docKeyFor, normalizeDocNumber, normalizeTitle } from './dockey';

// ---------------------------------------------------------------------------------------------
// Hashes and counts

/** SHA-256 of UTF-8 text (or of bytes) as lowercase hex (Web Crypto: pages, service worker, Node ≥ 20). */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
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
  /** Why 通过 stands although errors were open; absent otherwise. */
  conclusionReason?: string;
  /** Office fields (see ReviewRecordSchema); empty when not given. */
  docTitle?: string;
  drafter?: string;
  receivedDate?: string | null;
  dueDate?: string | null;
  office?: string;
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
  /** The 公平竞争审查, when the reviewer made one. */
  competition?: ReviewRecord['competition'];
  /** The file reviewed (name, format, size, SHA-256 of its bytes, source URL). */
  file?: ReviewRecord['file'];
  /** The written opinion of this round (its hash and summary go on the row). */
  opinionDoc?: Opinion;
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
    | 'conclusionReason'
    | 'history'
    | 'docTitle'
    | 'drafter'
    | 'receivedDate'
    | 'dueDate'
    | 'office'
    | 'reviewedAt'
    | 'facts'
    | 'findings'
    | 'opinionDoc'
  >
>;

/** What the row keeps of a written opinion: the hash of its text, its items and conclusion. */
export async function opinionRefOf(o: Opinion): Promise<NonNullable<ReviewRecord['opinionRef']>> {
  return {
    hash: await sha256Hex(opinionPlainText(o)),
    items: o.items.length,
    conclusion: o.conclusion,
  };
}

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

/** Split a full record into its `records` row and its `recordFindings` row (with the opinion). */
function split(
  record: ReviewRecord,
): [
  RecordRow,
  { recordId: string; findings: StoredFinding[]; opinion?: Opinion; updatedAt: string },
] {
  const { findings, opinionDoc, ...row } = record;
  return [
    row,
    {
      recordId: record.id,
      findings,
      ...(opinionDoc ? { opinion: opinionDoc } : {}),
      updatedAt: record.updatedAt,
    },
  ];
}

/**
 * Record a review. Computes id, docKey, round, finding counts and the text hash, and stores
 * the record, its findings and the text (as a document version) in one transaction.
 */
export async function createRecord(db: GuishenDB, input: NewRecordInput): Promise<ReviewRecord> {
  const now = nowIso();
  const { text, ...fields } = input;
  const textHash = text === undefined ? null : await sha256Hex(text);
  // Hashed before the transaction: awaiting WebCrypto inside it would let IndexedDB commit.
  const opinionRef = fields.opinionDoc ? await opinionRefOf(fields.opinionDoc) : undefined;
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
        ...(fields.conclusionReason ? { conclusionReason: fields.conclusionReason } : {}),
        reviewedAt: toInstant(fields.reviewedAt, now),
        docTitle: fields.docTitle ?? '',
        drafter: fields.drafter ?? '',
        receivedDate: fields.receivedDate ?? null,
        dueDate: fields.dueDate ?? null,
        office: fields.office ?? '',
        round,
        facts: fields.facts,
        findingCounts: countFindings(fields.findings),
        findings: fields.findings,
        packs: fields.packs,
        extensionVersion: fields.extensionVersion,
        textHash,
        ...(fields.file ? { file: fields.file } : {}),
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
        ...(fields.competition ? { competition: fields.competition } : {}),
        ...(fields.opinionDoc && opinionRef ? { opinionDoc: fields.opinionDoc, opinionRef } : {}),
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
    if (!row) return undefined;
    return {
      ...row,
      findings: findings?.findings ?? [],
      ...(findings?.opinion ? { opinionDoc: findings.opinion } : {}),
    };
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
  /**
   * The updatedAt of the version the reviewer saw when they made the edit (a record dialog's).
   * With an office connected, an edit made on a version that a colleague's revision replaced
   * meanwhile goes on the revision seen (lib/office/state.ts editedOn): a conflict, not an
   * overwrite.
   */
  seen?: string,
): Promise<ReviewRecord> {
  const opinionRef = patch.opinionDoc ? await opinionRefOf(patch.opinionDoc) : undefined;
  const tables = seen
    ? [db.records, db.recordFindings, db.office]
    : [db.records, db.recordFindings];
  return guardQuota(() =>
    db.transaction('rw', tables, async () => {
      const current = await getRecord(db, id);
      if (!current) throw new GuishenError('not-found', `找不到审查记录 ${id}`);
      if (seen) await editedOn(db, id, current.updatedAt, seen);
      const next: ReviewRecord = { ...current, ...patch };
      if (opinionRef) next.opinionRef = opinionRef;
      if (patch.reviewedAt !== undefined) next.reviewedAt = toInstant(patch.reviewedAt, '');
      if (patch.findings) next.findingCounts = countFindings(patch.findings);
      next.docKey = docKeyFor(next);
      next.updatedAt = nowIso();
      const valid = validateRecord(next);
      const [row, findings] = split(valid);
      await db.records.put(row);
      // Findings rows only change with the findings or the opinion, so merges compare like
      // with like.
      if (patch.findings || patch.opinionDoc) await db.recordFindings.put(findings);
      return valid;
    }),
  );
}

/**
 * Move a record to the recycle bin. It stops counting in the log, statistics, register and
 * CSV at once; `restoreRecord` undoes it. Returns the deletion instant.
 */
export async function deleteRecord(db: GuishenDB, id: string, seen?: string): Promise<string> {
  return guardQuota(() =>
    db.transaction('rw', seen ? [db.records, db.office] : [db.records], async () => {
      const current = await db.records.get(id);
      if (!current) throw new GuishenError('not-found', `找不到审查记录 ${id}`);
      if (current.deletedAt) return current.deletedAt;
      if (seen) await editedOn(db, id, current.updatedAt, seen); // see updateRecord
      const now = nowIso();
      await db.records.put({ ...current, deletedAt: now, updatedAt: now });
      return now;
    }),
  );
}

/** Undo a soft delete. Returns the record row (without findings). */
export async function restoreRecord(db: GuishenDB, id: string, seen?: string): Promise<RecordRow> {
  return guardQuota(() =>
    db.transaction('rw', seen ? [db.records, db.office] : [db.records], async () => {
      const current = await db.records.get(id);
      if (!current) throw new GuishenError('not-found', `找不到审查记录 ${id}`);
      if (seen) await editedOn(db, id, current.updatedAt, seen); // see updateRecord
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
    db.transaction('rw', db.records, db.recordFindings, db.docVersions, db.logIndex, async () => {
      // The log snapshot only catches up with changed rows; removed ones make it stale.
      await invalidateLogSnapshot(db);
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

/**
 * Every stored version of a document's text, newest first (for "compare with the last round
 * whose text differs": re-recording the same text must not hide the previous round).
 */
export async function versionsOf(db: GuishenDB, docKey: string): Promise<DocVersion[]> {
  const list = await db.docVersions
    .where('[docKey+createdAt]')
    .between([docKey, Dexie.minKey], [docKey, Dexie.maxKey])
    .toArray();
  return list.reverse();
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

// ---------------------------------------------------------------------------------------------
// The review log page: filters, search, sort and paging over 100,000 records
//
// Measured in Chromium on a 2-core VM with 100,000 records: a count over an index range takes
// ~15 ms and a page of 50 from an index cursor ~6–30 ms, but reading every record takes
// 10–20 s (Chromium pays per row), while reading 20 rows holding 5,000 records each in columns
// takes ~0.3–0.5 s. So:
// - filters an index can answer (date range, classification, conclusion; newest or oldest
//   first) are paged straight from the index with exact totals from count();
// - search, the reviewer filter and the other sorts use a snapshot of the log in columns,
//   persisted in the `logIndex` table and caught up from the updatedAt index on each query
//   (a handful of rows), so it is read in full only once per page load — or rebuilt in the
//   background when it cannot be trusted (first use, a restore, records purged);
// - until the snapshot is ready those queries scan with a filter and stop at the page.

/** Columns the log can be sorted by. */
export type LogSortKey = 'reviewedAt' | 'title' | 'conclusion' | 'classification' | 'reviewer';

/** One query of the review log. */
export interface LogQuery {
  /** Local calendar range of reviewedAt. */
  range?: DateRange;
  classification?: ClassificationKind;
  conclusion?: Conclusion;
  /** Exact reviewer name (trimmed, case-insensitive). */
  reviewer?: string;
  /** Words that must all occur in the title, 发文字号, 登记号, opinion or reviewer. */
  query?: string;
  /** `live` (default): the log; `deleted`: the recycle bin. */
  status?: 'live' | 'deleted';
  sort?: LogSortKey;
  /** Default true for reviewedAt (newest first), false otherwise. */
  desc?: boolean;
  offset: number;
  limit: number;
}

/** One page of the log. */
export interface LogPage {
  rows: RecordRow[];
  /** Matching records in all; null while unknown (a scan before the snapshot is ready). */
  total: number | null;
  offset: number;
  limit: number;
  /** How the page was found (the benchmark and the UI's "still indexing" hint use it). */
  via: 'index' | 'snapshot' | 'scan';
}

/** The snapshot format; bump it when the columns change, and old snapshots are rebuilt. */
const LOG_SNAPSHOT_FORMAT = 1;
/** Records per chunk row: large rows are what Chromium reads fast. */
const LOG_CHUNK = 5000;
/**
 * Records per read while (re)building the snapshot: small enough that deserialising one batch
 * never blocks the page's main thread for long (filters stay responsive during a build).
 */
const BUILD_BATCH = 500;

interface LogEntry {
  id: string;
  at: string;
  upd: string;
  /** 0 normative, 1 non-normative */
  cls: number;
  /** index into CONCLUSIONS */
  con: number;
  del: boolean;
  rev: string;
  hay: string;
}

function haystackOf(r: RecordRow): string {
  return [
    r.title,
    r.docNumber ?? '',
    r.registrationNumber ?? '',
    r.opinion,
    r.reviewer,
    r.conclusionReason ?? '',
  ]
    .join('\u0001')
    .toLowerCase();
}

function entryOf(r: RecordRow): LogEntry {
  return {
    id: r.id,
    at: r.reviewedAt,
    upd: r.updatedAt,
    cls: r.classification === 'normative' ? 0 : 1,
    con: Math.max(0, CONCLUSIONS.indexOf(r.conclusion)),
    del: r.deletedAt !== null,
    rev: r.reviewer,
    hay: haystackOf(r),
  };
}

/** The filter of a query as a predicate over entries (snapshot and scan share it). */
function matcherOf(q: LogQuery): (e: LogEntry) => boolean {
  const [lower, upper] = q.range ? rangeInstants(q.range) : ['', '\uffff'];
  const deleted = q.status === 'deleted';
  const cls = q.classification === undefined ? -1 : q.classification === 'normative' ? 0 : 1;
  const con = q.conclusion === undefined ? -1 : CONCLUSIONS.indexOf(q.conclusion);
  const rev = q.reviewer?.trim().toLowerCase() || null;
  const words = (q.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return (e) =>
    e.del === deleted &&
    e.at >= lower &&
    e.at < upper &&
    (cls < 0 || e.cls === cls) &&
    (con < 0 || e.con === con) &&
    (rev === null || e.rev.toLowerCase() === rev) &&
    words.every((w) => e.hay.includes(w));
}

/**
 * The log in memory, in columns: enough to filter, search and sort 100,000 records in tens of
 * milliseconds; rows for display are then read by id (50 at a time).
 */
export class LogSnapshot {
  private byId = new Map<string, LogEntry>();
  private maxUpdatedAt = '';
  private sorted = new Map<string, LogEntry[]>();
  /** True when entries changed since the snapshot was last written to `logIndex`. */
  dirty = false;

  /** Records in the snapshot (live and deleted). */
  get size(): number {
    return this.byId.size;
  }

  /** Insert or replace entries (records created, edited, deleted or restored). */
  upsert(rows: readonly RecordRow[]): void {
    for (const r of rows) {
      this.byId.set(r.id, entryOf(r));
      if (r.updatedAt > this.maxUpdatedAt) this.maxUpdatedAt = r.updatedAt;
    }
    if (rows.length) {
      this.sorted.clear();
      this.dirty = true;
    }
  }

  /** Read what changed since the snapshot's newest updatedAt (one small index range). */
  async catchUp(db: GuishenDB): Promise<number> {
    const changed = await db.records.where('updatedAt').aboveOrEqual(this.maxUpdatedAt).toArray();
    const fresh = changed.filter((r) => this.byId.get(r.id)?.upd !== r.updatedAt);
    this.upsert(fresh);
    return fresh.length;
  }

  /** The updatedAt of a record as the snapshot has it (what its export summary must carry). */
  updatedAtOf(id: string): string | undefined {
    return this.byId.get(id)?.upd;
  }

  /** Distinct reviewer names, for the filter's suggestions. */
  reviewers(): string[] {
    const names = new Set<string>();
    for (const e of this.byId.values()) if (e.rev) names.add(e.rev);
    return [...names].sort((a, b) => a.localeCompare(b, 'zh'));
  }

  private order(sort: LogSortKey, desc: boolean): LogEntry[] {
    const key = `${sort}:${desc}`;
    let list = this.sorted.get(key);
    if (list) return list;
    const byTime = (a: LogEntry, b: LogEntry) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);
    const sign = desc ? -1 : 1;
    const cmp: Record<LogSortKey, (a: LogEntry, b: LogEntry) => number> = {
      reviewedAt: (a, b) => -sign * byTime(a, b),
      // Code-unit order, not pinyin: Intl.Collator over 100,000 titles takes seconds.
      title: (a, b) => sign * (a.hay < b.hay ? -1 : a.hay > b.hay ? 1 : 0) || byTime(a, b),
      conclusion: (a, b) => sign * (a.con - b.con) || byTime(a, b),
      classification: (a, b) => sign * (a.cls - b.cls) || byTime(a, b),
      reviewer: (a, b) => sign * (a.rev < b.rev ? -1 : a.rev > b.rev ? 1 : 0) || byTime(a, b),
    };
    list = [...this.byId.values()].sort(cmp[sort]);
    this.sorted.set(key, list);
    return list;
  }

  /** The ids of one page and the total, for a query. */
  query(q: LogQuery): { ids: string[]; total: number } {
    const match = matcherOf(q);
    const sort = q.sort ?? 'reviewedAt';
    const list = this.order(sort, q.desc ?? sort === 'reviewedAt');
    const ids: string[] = [];
    let total = 0;
    const end = q.offset + q.limit;
    for (const e of list) {
      if (!match(e)) continue;
      if (total >= q.offset && total < end) ids.push(e.id);
      total++;
    }
    return { ids, total };
  }

  /** The snapshot as `logIndex` rows (meta row first). */
  toRows(): LogIndexRow[] {
    const entries = this.order('reviewedAt', true);
    const rows: LogIndexRow[] = [
      {
        chunk: -1,
        format: LOG_SNAPSHOT_FORMAT,
        count: entries.length,
        maxUpdatedAt: this.maxUpdatedAt,
      },
    ];
    for (let i = 0, chunk = 0; i < entries.length; i += LOG_CHUNK, chunk++) {
      const part = entries.slice(i, i + LOG_CHUNK);
      rows.push({
        chunk,
        ids: part.map((e) => e.id),
        reviewedAt: part.map((e) => e.at),
        updatedAt: part.map((e) => e.upd),
        classification: part.map((e) => (e.cls === 0 ? 'n' : 'x')).join(''),
        conclusion: part.map((e) => e.con).join(''),
        deleted: part.map((e) => (e.del ? '1' : '0')).join(''),
        reviewer: part.map((e) => e.rev),
        haystack: part.map((e) => e.hay),
      });
    }
    return rows;
  }

  /** Rebuild from stored rows; null when they are missing or of another format. */
  static fromRows(rows: readonly LogIndexRow[]): LogSnapshot | null {
    const meta = rows.find((r) => r.chunk === -1);
    if (!meta || meta.format !== LOG_SNAPSHOT_FORMAT) return null;
    const snap = new LogSnapshot();
    for (const row of rows) {
      if (row.chunk < 0) continue;
      const n = row.ids?.length ?? 0;
      for (let i = 0; i < n; i++) {
        const id = row.ids![i]!;
        snap.byId.set(id, {
          id,
          at: row.reviewedAt![i]!,
          upd: row.updatedAt![i]!,
          cls: row.classification![i] === 'n' ? 0 : 1,
          con: Number(row.conclusion![i]),
          del: row.deleted![i] === '1',
          rev: row.reviewer![i]!,
          hay: row.haystack![i]!,
        });
      }
    }
    if (snap.byId.size !== meta.count) return null;
    snap.maxUpdatedAt = meta.maxUpdatedAt ?? '';
    return snap;
  }
}

/** Progress of a snapshot build: records read so far of `total`. */
export type SnapshotProgress = (done: number, total: number) => void;

async function saveSnapshot(db: GuishenDB, snap: LogSnapshot): Promise<void> {
  const rows = snap.toRows();
  await db.transaction('rw', db.logIndex, async () => {
    await db.logIndex.clear();
    await db.logIndex.bulkPut(rows);
  });
  snap.dirty = false;
}

async function buildSnapshot(db: GuishenDB, onProgress?: SnapshotProgress): Promise<LogSnapshot> {
  const snap = new LogSnapshot();
  const total = await db.records.count();
  let done = 0;
  // By primary key, so each batch is one getAll() over a key range (no cursor per row).
  for await (const batch of keyChunks(db.records, BUILD_BATCH)) {
    snap.upsert(batch);
    done += batch.length;
    onProgress?.(done, total);
  }
  return snap;
}

interface SnapshotState {
  promise: Promise<LogSnapshot>;
  /** Set once the promise has resolved, so a query can use it without waiting. */
  ready?: LogSnapshot;
}
const snapshots = new WeakMap<GuishenDB, SnapshotState>();

/**
 * The log snapshot of this database, loaded (or rebuilt) once per page and shared by every
 * caller: the saved chunks (~0.1 s for 100,000 records) caught up from the updatedAt index, or
 * a full rebuild when none is saved or it is of another format.
 *
 * Why no count check on load: counting 100,000 entries is one long task in Chromium's
 * IndexedDB backend (0.4–1.4 s on disk) that blocks every other query of the origin meanwhile.
 * What the updatedAt catch-up cannot see — records removed for good — is handled where it
 * happens (`purgeDeleted`, a restore: both drop the saved snapshot) and, as a safety net, by
 * `queryLog`, which drops the snapshot when an id it holds no longer exists.
 */
export function logSnapshot(db: GuishenDB, onProgress?: SnapshotProgress): Promise<LogSnapshot> {
  let state = snapshots.get(db);
  if (!state) {
    const promise = (async () => {
      let snap = LogSnapshot.fromRows(await db.logIndex.toArray());
      if (snap) await snap.catchUp(db);
      else snap = await buildSnapshot(db, onProgress);
      if (snap.dirty) await saveSnapshot(db, snap).catch(() => {});
      return snap;
    })();
    const s: SnapshotState = { promise };
    promise.then(
      (snap) => {
        if (snapshots.get(db) === s) s.ready = snap;
      },
      () => {
        if (snapshots.get(db) === s) snapshots.delete(db);
      },
    );
    snapshots.set(db, s);
    state = s;
  }
  return state.promise;
}

/** The snapshot if it is already loaded, else undefined (never waits). */
export function readySnapshot(db: GuishenDB): LogSnapshot | undefined {
  return snapshots.get(db)?.ready;
}

/**
 * Forget the snapshot (after a restore): it is rebuilt on next use. The stored rows are
 * removed too, so another page does not trust them either.
 */
export async function invalidateLogSnapshot(db: GuishenDB): Promise<void> {
  snapshots.delete(db);
  await db.logIndex.clear();
}

/** Can the index answer this query alone (no search, no reviewer, sorted by date, live)? */
function indexable(q: LogQuery): boolean {
  return (
    (q.status ?? 'live') === 'live' &&
    !q.query?.trim() &&
    !q.reviewer?.trim() &&
    (q.sort ?? 'reviewedAt') === 'reviewedAt'
  );
}

/**
 * A page straight from an index (before the snapshot is loaded): a cursor that reads the page
 * and nothing else. No total — counting 100,000 index entries takes seconds on disk in
 * Chromium; the snapshot supplies it a moment later.
 */
async function byIndex(db: GuishenDB, q: LogQuery): Promise<LogPage> {
  const [lower, upper] = q.range ? rangeInstants(q.range) : ['', '\uffff'];
  const c = q.classification;
  const k = q.conclusion;
  const coll =
    c && k
      ? db.records
          .where('[classification+conclusion+reviewedAt]')
          .between([c, k, lower], [c, k, upper], true, false)
      : c
        ? db.records
            .where('[classification+reviewedAt]')
            .between([c, lower], [c, upper], true, false)
        : k
          ? db.records.where('[conclusion+reviewedAt]').between([k, lower], [k, upper], true, false)
          : db.records.where('reviewedAt').between(lower, upper, true, false);
  const desc = q.desc ?? true;
  // Records in the bin are skipped as the cursor meets them (values are read anyway).
  const rows = await (desc ? coll.reverse() : coll)
    .filter((r) => r.deletedAt === null)
    .offset(q.offset)
    .limit(q.limit)
    .toArray();
  const total = rows.length < q.limit ? q.offset + rows.length : null;
  return { rows, total, offset: q.offset, limit: q.limit, via: 'index' };
}

async function byScan(db: GuishenDB, q: LogQuery): Promise<LogPage> {
  if (q.status === 'deleted') {
    // The bin is small: read it whole and answer exactly.
    const rows = await db.records.where('deletedAt').above('').toArray();
    const probe = new LogSnapshot();
    probe.upsert(rows);
    const { ids, total } = probe.query(q);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const page = ids.map((id) => byId.get(id)!);
    return { rows: page, total, offset: q.offset, limit: q.limit, via: 'scan' };
  }
  // Newest first with a filter; stops as soon as the page is full.
  const match = matcherOf(q);
  const rows = await db.records
    .orderBy('reviewedAt')
    .reverse()
    .filter((r) => match(entryOf(r)))
    .offset(q.offset)
    .limit(q.limit)
    .toArray();
  return { rows, total: null, offset: q.offset, limit: q.limit, via: 'scan' };
}

/**
 * One page of the review log. Once the snapshot is loaded (`logSnapshot` — the page starts it
 * right after its first page) every query is answered from it, with an exact total; before
 * that, index-answerable queries read just their page from the index, and the rest scan
 * newest first and stop at the page (total unknown in both cases).
 */
export async function queryLog(db: GuishenDB, q: LogQuery): Promise<LogPage> {
  const snap = readySnapshot(db);
  if (snap) {
    await snap.catchUp(db);
    const { ids, total } = snap.query(q);
    const rows = (await db.records.bulkGet(ids)).filter((r): r is RecordRow => !!r);
    if (rows.length === ids.length) {
      return { rows, total, offset: q.offset, limit: q.limit, via: 'snapshot' };
    }
    // Records were removed for good behind the snapshot's back: rebuild it, answer from the
    // indexes meanwhile.
    await invalidateLogSnapshot(db);
    void logSnapshot(db).catch(() => {});
  }
  return indexable(q) ? byIndex(db, q) : byScan(db, q);
}
