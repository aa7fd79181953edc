/**
 * Backup and restore of the whole database as one JSON file.
 *
 * File shape (format version 1):
 * ```json
 * { "format": "guishen-backup", "formatVersion": 1, "schemaVersion": 1,
 *   "exportedAt": "…Z", "extensionVersion": "0.1.0",
 *   "checksum": "<sha256 of JSON.stringify(tables)>",
 *   "tables": { "packs": [], "overrides": [], "records": [], "recordFindings": [], "docVersions": [],
 *               "checklist": [], "settings": [] } }
 * ```
 * The checksum catches a file edited or truncated after export; zod then checks every row, so
 * a restore either writes a fully valid file in one transaction or writes nothing.
 * The checksum covers the exact text of `tables`, as written by `exportBackup`.
 */
import type { Table } from 'dexie';
import { z } from 'zod';
import { keyChunks, TABLE_NAMES, tableOf, type GuishenDB, type TableName } from './db';
import {
  ChecklistStateSchema,
  DocVersionSchema,
  RecordFindingsSchema,
  RecordRowSchema,
  RuleOverrideSchema,
  SettingsSchema,
  StoredPackSchema,
} from './entities';
import { describePath, TABLE_LABELS, toIssues, zhErrorMap, type Issue } from './issues';
import { compareVersions } from './packs';
import { guardQuota, isQuotaError, QUOTA_MESSAGE } from './quota';
import { invalidateLogSnapshot, sha256Hex } from './records';

export const BACKUP_FORMAT = 'guishen-backup';
export const BACKUP_FORMAT_VERSION = 1;

const TableSchemas = {
  packs: StoredPackSchema,
  overrides: RuleOverrideSchema,
  records: RecordRowSchema,
  recordFindings: RecordFindingsSchema,
  docVersions: DocVersionSchema,
  checklist: ChecklistStateSchema,
  settings: SettingsSchema,
} as const;

/** The primary key of each table (what "same id" means when merging). */
const KEY_OF: Record<TableName, string> = {
  packs: 'id',
  overrides: 'key',
  records: 'id',
  recordFindings: 'recordId',
  docVersions: 'id',
  checklist: 'docKey',
  settings: 'id',
};

export const BackupTablesSchema = z.object({
  packs: z.array(TableSchemas.packs),
  overrides: z.array(TableSchemas.overrides),
  records: z.array(TableSchemas.records),
  recordFindings: z.array(TableSchemas.recordFindings),
  docVersions: z.array(TableSchemas.docVersions),
  checklist: z.array(TableSchemas.checklist),
  settings: z.array(TableSchemas.settings),
});
export type BackupTables = z.infer<typeof BackupTablesSchema>;

const EnvelopeSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  schemaVersion: z.number().int().positive(),
  exportedAt: z.string(),
  extensionVersion: z.string(),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  tables: z.record(z.string(), z.unknown()),
});

/** A validated backup. */
export interface Backup {
  formatVersion: number;
  schemaVersion: number;
  exportedAt: string;
  extensionVersion: string;
  tables: BackupTables;
}

/** Rows per read, per JSON chunk and per bulk write (see `exportBackup`, `restoreBackup`). */
const BACKUP_CHUNK = 10_000;

/**
 * One table as JSON text, read in primary-key chunks and stringified chunk by chunk, so the
 * rows of a 100,000-record table are never all alive at once next to their text. The result
 * is exactly `JSON.stringify(rows)` (rows are plain objects, joined with commas).
 */
async function tableJson(db: GuishenDB, name: TableName): Promise<string> {
  const parts: string[] = [];
  for await (const rows of keyChunks(tableOf(db, name), BACKUP_CHUNK)) {
    parts.push(JSON.stringify(rows).slice(1, -1));
  }
  return `[${parts.join(',')}]`;
}

/**
 * Export every table as backup text. One read transaction, so the file is a consistent
 * snapshot even while the background keeps writing. Rows read from our own database are not
 * validated again (every write path validated them); the restore validates every row.
 */
export async function exportBackup(
  db: GuishenDB,
  meta: { extensionVersion: string; exportedAt?: string },
): Promise<string> {
  const parts = await db.transaction('r', [...TABLE_NAMES], async () => {
    const out: string[] = [];
    for (const name of TABLE_NAMES)
      out.push(`${JSON.stringify(name)}:${await tableJson(db, name)}`);
    return out;
  });
  // The tables are serialised once and spliced in; the checksum covers exactly that text.
  const tablesJson = `{${parts.join(',')}}`;
  const head = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: db.verno,
    exportedAt: meta.exportedAt ?? new Date().toISOString(),
    extensionVersion: meta.extensionVersion,
    checksum: await sha256Hex(tablesJson),
  };
  return `${JSON.stringify(head).slice(0, -1)},"tables":${tablesJson}}`;
}

/** A file name such as `规审备份_2025-12-31.json`. */
export function backupFileName(date = new Date()): string {
  const d = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `规审备份_${d}.json`;
}

/**
 * The exact text of the `tables` value as exported: everything after the first `"tables":`
 * up to the final `}`. That sequence cannot occur inside a JSON string (its quotes would be
 * escaped) and the head before it has no nested objects, so this finds the top-level key.
 * Hashing the text as it is avoids re-serialising a file that may be hundreds of MB, and any
 * edit — even reformatting — fails the check, which is the point.
 */
function rawTablesText(text: string): string {
  const start = text.indexOf('"tables":');
  const end = text.lastIndexOf('}');
  return start < 0 || end < start ? '' : text.slice(start + '"tables":'.length, end);
}

/** The result of reading a backup file. */
export type ParseResult = { ok: true; backup: Backup } | { ok: false; errors: Issue[] };

const MAX_ISSUES = 20;

function bad(path: string, message: string): { ok: false; errors: Issue[] } {
  return { ok: false, errors: [{ path, message }] };
}

/**
 * Read and check a backup file without touching the database: JSON syntax, format and
 * version, checksum, every row against its schema, duplicate keys. The first problems are
 * returned with Chinese paths (表, 第几条, 字段).
 */
export async function parseBackup(
  text: string,
  currentSchemaVersion: number,
): Promise<ParseResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return bad('（整个文件）', `不是有效的 JSON（文件可能不完整）：${(error as Error).message}`);
  }
  if (
    !json ||
    typeof json !== 'object' ||
    (json as { format?: unknown }).format !== BACKUP_FORMAT
  ) {
    return bad('格式(format)', '这不是规审的备份文件');
  }
  const envelope = EnvelopeSchema.safeParse(json, { error: zhErrorMap });
  if (!envelope.success) return { ok: false, errors: toIssues(envelope.error, json, '备份') };
  const head = envelope.data;
  if (head.formatVersion !== BACKUP_FORMAT_VERSION) {
    return bad(
      '备份 › 格式版本(formatVersion)',
      `不支持的备份格式版本 ${head.formatVersion}（本扩展支持 ${BACKUP_FORMAT_VERSION}）`,
    );
  }
  if (head.schemaVersion > currentSchemaVersion) {
    return bad(
      '备份 › 数据库版本(schemaVersion)',
      `备份来自更新版本的规审（数据库版本 ${head.schemaVersion}），请先升级扩展再恢复`,
    );
  }
  const rawTables = (json as { tables: unknown }).tables;
  // The digest runs off the main thread (WebCrypto), so validate the rows meanwhile; the
  // checksum is still judged first, as before.
  const checksum = sha256Hex(rawTablesText(text));
  const root = { tables: rawTables };
  const parsedTables = z
    .object({ tables: BackupTablesSchema })
    .safeParse(root, { error: zhErrorMap });
  if ((await checksum) !== head.checksum) {
    return bad('备份 › 校验和(checksum)', '校验和不符：备份文件在导出后被修改或已损坏，已拒绝恢复');
  }
  if (!parsedTables.success) {
    return { ok: false, errors: toIssues(parsedTables.error, root, '备份').slice(0, MAX_ISSUES) };
  }
  const tables = { data: parsedTables.data.tables };
  const duplicates: Issue[] = [];
  for (const name of TABLE_NAMES) {
    const seen = new Set<string>();
    const key = KEY_OF[name];
    tables.data[name].forEach((row, i) => {
      const value = String((row as Record<string, unknown>)[key]);
      if (seen.has(value)) {
        duplicates.push({
          path: describePath(['tables', name, i], root, '备份'),
          message: `${TABLE_LABELS[name]}的键“${value}”重复`,
        });
      }
      seen.add(value);
    });
  }
  if (duplicates.length) return { ok: false, errors: duplicates.slice(0, MAX_ISSUES) };
  return {
    ok: true,
    backup: {
      formatVersion: head.formatVersion,
      schemaVersion: head.schemaVersion,
      exportedAt: head.exportedAt,
      extensionVersion: head.extensionVersion,
      tables: tables.data,
    },
  };
}

/**
 * `replace`: the database becomes exactly the backup (what is not in the file is removed).
 * `merge`: rows are combined by key; for the same key the newer `updatedAt` wins (document
 * versions never change, so an existing one is kept).
 */
export type RestoreMode = 'replace' | 'merge';

/** Per table: how many rows a restore adds, updates, skips and (replace only) removes. */
export interface TableCounts {
  added: number;
  updated: number;
  skipped: number;
  removed: number;
}

/** What a restore did (or, from `previewRestore`, would do). */
export interface RestoreReport {
  mode: RestoreMode;
  tables: Record<TableName, TableCounts>;
  total: TableCounts;
}

export type RestoreResult = { ok: true; report: RestoreReport } | { ok: false; errors: Issue[] };

interface Plan {
  report: RestoreReport;
  puts: Record<TableName, unknown[]>;
}

function versionStamp(row: Record<string, unknown>): string {
  return String(row.updatedAt ?? row.createdAt ?? '');
}

/**
 * The rows a merge compares against, in the order of `incoming` (undefined: not here).
 * A few incoming rows are looked up by key. Many are compared against the whole table read
 * in key-ordered chunks instead: in Chromium every `get` is its own request (≈0.3–0.5 ms
 * each), so `bulkGet` of 20,000 keys took 21 s where reading the table takes a few hundred
 * `getAll` milliseconds.
 */
async function currentRows(
  table: Table<unknown, string>,
  key: string,
  incoming: ReadonlyArray<Record<string, unknown>>,
): Promise<Array<Record<string, unknown> | undefined>> {
  const keys = incoming.map((r) => r[key] as string);
  if (keys.length < MERGE_SCAN_MIN || keys.length * MERGE_SCAN_RATIO < (await table.count())) {
    return (await table.bulkGet(keys)) as Array<Record<string, unknown> | undefined>;
  }
  const wanted = new Set(keys);
  const found = new Map<string, Record<string, unknown>>();
  for await (const rows of keyChunks(table, BACKUP_CHUNK)) {
    for (const row of rows as Array<Record<string, unknown>>) {
      const k = row[key] as string;
      if (wanted.has(k)) found.set(k, row);
    }
  }
  return keys.map((k) => found.get(k));
}

/** Below this many incoming rows a merge always looks rows up by key. */
export const MERGE_SCAN_MIN = 64;
/** A merge reads the whole table when it holds fewer than this many rows per incoming row. */
export const MERGE_SCAN_RATIO = 4;

/** Work out what a restore would write. Must run inside a transaction covering every table. */
async function plan(db: GuishenDB, backup: Backup, mode: RestoreMode): Promise<Plan> {
  const report = {
    mode,
    tables: {},
    total: { added: 0, updated: 0, skipped: 0, removed: 0 },
  } as RestoreReport;
  const puts = {} as Record<TableName, unknown[]>;
  for (const name of TABLE_NAMES) {
    const incoming = backup.tables[name] as Array<Record<string, unknown>>;
    const key = KEY_OF[name];
    const counts: TableCounts = { added: 0, updated: 0, skipped: 0, removed: 0 };
    const table = tableOf(db, name);
    if (mode === 'replace') {
      // Only keys are read: cheap even for a large log.
      const existing = new Set((await table.toCollection().primaryKeys()) as string[]);
      for (const row of incoming) {
        if (existing.delete(row[key] as string)) counts.updated++;
        else counts.added++;
      }
      counts.removed = existing.size;
      puts[name] = incoming;
    } else {
      const current = await currentRows(table, key, incoming);
      const toPut: unknown[] = [];
      incoming.forEach((row, i) => {
        const mine = current[i];
        if (!mine) {
          counts.added++;
          toPut.push(row);
        } else if (name !== 'docVersions' && versionStamp(row) > versionStamp(mine)) {
          counts.updated++;
          toPut.push(name === 'packs' ? mergeSeedPack(mine, row) : row);
        } else {
          counts.skipped++;
        }
      });
      puts[name] = toPut;
    }
    report.tables[name] = counts;
    for (const k of ['added', 'updated', 'skipped', 'removed'] as const)
      report.total[k] += counts[k];
  }
  return { report, puts };
}

/**
 * A newer row for a seed pack may still carry an older seed version (a colleague who has not
 * updated the extension toggled it): take their enabled flag, never downgrade the rules.
 */
function mergeSeedPack(mine: Record<string, unknown>, theirs: Record<string, unknown>): unknown {
  const m = mine as { source: string; pack: { version: string } };
  const t = theirs as { source: string; pack: { version: string } };
  if (
    m.source === 'seed' &&
    t.source === 'seed' &&
    compareVersions(t.pack.version, m.pack.version) < 0
  ) {
    return { ...mine, enabled: theirs.enabled, updatedAt: theirs.updatedAt };
  }
  return theirs;
}

/** What `restoreBackup` would change, computed without writing anything. */
export async function previewRestore(
  db: GuishenDB,
  text: string,
  mode: RestoreMode,
): Promise<RestoreResult> {
  const parsed = await parseBackup(text, db.verno);
  if (!parsed.ok) return parsed;
  const { report } = await db.transaction('r', [...TABLE_NAMES], () =>
    plan(db, parsed.backup, mode),
  );
  return { ok: true, report };
}

/**
 * Restore a backup: validate the whole file first, then write everything in one transaction
 * (which also drops the log's search snapshot, rebuilt on next use). Any failure — a bad
 * file, a quota error — leaves the database exactly as it was.
 */
export async function restoreBackup(
  db: GuishenDB,
  text: string,
  mode: RestoreMode,
): Promise<RestoreResult> {
  const parsed = await parseBackup(text, db.verno);
  if (!parsed.ok) return parsed;
  try {
    const report = await guardQuota(() =>
      db.transaction('rw', [...TABLE_NAMES, 'logIndex'], async () => {
        // The log snapshot only catches up with rows whose updatedAt moved forward; restored
        // rows may carry older stamps, so it is dropped with the write (its stored rows come
        // back if the restore fails; the page then simply rebuilds it).
        await invalidateLogSnapshot(db);
        const { report, puts } = await plan(db, parsed.backup, mode);
        for (const name of TABLE_NAMES) {
          const table = tableOf(db, name);
          if (mode === 'replace') await table.clear();
          // Chunks inside the one transaction: still all-or-nothing, but the browser never
          // holds 100,000 pending requests at once.
          const rows = puts[name];
          for (let i = 0; i < rows.length; i += BACKUP_CHUNK) {
            const chunk = rows.slice(i, i + BACKUP_CHUNK);
            await (mode === 'replace' ? table.bulkAdd(chunk) : table.bulkPut(chunk));
          }
        }
        return report;
      }),
    );
    return { ok: true, report };
  } catch (error) {
    if (isQuotaError(error)) return bad('（存储）', QUOTA_MESSAGE);
    throw error;
  }
}
