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
 * The checksum catches a file edited or truncated after export (a file only re-indented or
 * re-saved with a byte-order mark still restores: the data it covers is unchanged); zod then
 * checks every row, and `checkContent` what rows cannot show alone (the full pack validation,
 * seed packs as shipped, overrides, settings, orphan rows), so a restore either writes a fully
 * valid file in one transaction or writes nothing.
 * The checksum covers the exact text of `tables`, as written by `exportBackup`.
 */
import type { Table } from 'dexie';
import { z } from 'zod';
import { keyChunks, TABLE_NAMES, tableOf, type GuishenDB, type TableName } from './db';
import {
  DEFAULT_OFFICE_PACK,
  PARAMS_RULE_ID,
  type RecordRow,
  type RuleOverride,
  type StoredPack,
  ChecklistStateSchema,
  DocVersionSchema,
  RecordFindingsSchema,
  RecordRowSchema,
  RuleOverrideSchema,
  SettingsSchema,
  StoredPackSchema,
} from './entities';
import { describePath, TABLE_LABELS, toIssues, zhErrorMap, type Issue } from './issues';
import type { Pack } from '@/rules/schema';
import { seedPacks } from '@/rules/seeds';
import { validatePackSet } from '@/rules/validate';
import {
  applyOverrides,
  canonicalJson,
  compareVersions,
  packSha256,
  validatePackJson,
} from './packs';
import { parseSite } from './sites';
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
  /** Tables and fields of the file this version does not know: left out, said in the report. */
  dropped?: string[];
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

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first key anywhere in `value` that would reach an object's prototype machinery when
 * used as a lookup (JSON.parse makes them own keys; zod drops `__proto__` without a word).
 */
export function reservedKey(value: unknown, path: string): { path: string; key: string } | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = reservedKey(value[i], `${path} › 第${i + 1}条`);
      if (r) return r;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) return { path: `${path} › ${key}`, key };
      const r = reservedKey((value as Record<string, unknown>)[key], `${path} › ${key}`);
      if (r) return r;
    }
  }
  return null;
}

/** The top-level fields of each table's rows, as the schemas know them. */
const KNOWN_FIELDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(TableSchemas).map(([name, schema]) => [name, new Set(Object.keys(schema.shape))]),
);

/**
 * What a restore leaves out: tables this version does not have (a newer extension's, another
 * program's) and row fields its schemas do not know, in Chinese, for the report.
 */
function droppedParts(rawTables: unknown): string[] {
  const out: string[] = [];
  if (!rawTables || typeof rawTables !== 'object') return out;
  for (const [name, rows] of Object.entries(rawTables as Record<string, unknown>)) {
    const known = KNOWN_FIELDS[name];
    if (!known) {
      out.push(`备份中的数据表“${name}”本版本没有，将不恢复`);
      continue;
    }
    const extra = new Set<string>();
    if (Array.isArray(rows))
      for (const row of rows)
        if (row && typeof row === 'object')
          for (const k of Object.keys(row)) if (!known.has(k)) extra.add(k);
    if (extra.size)
      out.push(
        `${TABLE_LABELS[name] ?? name}中的字段 ${[...extra].slice(0, MAX_LISTED).join('、')} 本版本不认识，将不恢复`,
      );
  }
  return out;
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
  // Notepad and other editors may save UTF-8 with a byte-order mark: it is not content.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
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
  const reserved = reservedKey(rawTables, '备份 › 数据表(tables)');
  if (reserved)
    return bad(
      reserved.path,
      `字段名「${reserved.key}」是保留字（__proto__、constructor、prototype 不能用作字段名），这不是规审写出的备份`,
    );
  // The digest runs off the main thread (WebCrypto), so validate the rows meanwhile; the
  // checksum is still judged first, as before.
  const checksum = sha256Hex(rawTablesText(text));
  const root = { tables: rawTables };
  const parsedTables = z
    .object({ tables: BackupTablesSchema })
    .safeParse(root, { error: zhErrorMap });
  if ((await checksum) !== head.checksum) {
    // Re-indented or re-saved by an editor, but the same data: the checksum of the data as
    // exported still matches, so nothing was changed that matters.
    if ((await sha256Hex(JSON.stringify(rawTables))) !== head.checksum) {
      return bad(
        '备份 › 校验和(checksum)',
        '校验和不符：备份文件的内容在导出后被修改过（不只是换行或缩进）或已损坏，已拒绝恢复',
      );
    }
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
      dropped: droppedParts(rawTables),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Content checks: what the row schemas cannot see

/** Options of a restore. */
export interface RestoreOptions {
  /** The packs the extension ships (tests give their own, as they do to syncSeeds). */
  seeds?: readonly Pack[];
  /**
   * How to settle each record conflict of a merge (same id, another document; or the same
   * stamp with other content), by record id: keep both (the default — the incoming record
   * gets a new id), keep mine, or take theirs.
   */
  resolve?: Readonly<Record<string, 'both' | 'mine' | 'theirs'>>;
}

/** What the database holds now, as far as the content checks need it. */
export interface Current {
  packs: StoredPack[];
  overrides: RuleOverride[];
  recordIds: Set<string>;
}

const MAX_LISTED = 5;

/** Longest text a restored field may hold (characters), with its Chinese label. */
const TEXT_LIMITS: ReadonlyArray<readonly [TableName, string, number, string]> = [
  ['records', 'title', 2_000, '标题(title)'],
  ['records', 'opinion', 200_000, '审查意见(opinion)'],
  ['records', 'reviewer', 200, '审查人(reviewer)'],
  ['records', 'url', 8_000, '网址(url)'],
  ['docVersions', 'text', 10_000_000, '文本(text)'],
];
/** Findings per record, and characters per finding message. */
const MAX_FINDINGS = 10_000;
const MAX_FINDING_TEXT = 20_000;
const listIds = (ids: readonly string[]) =>
  ids
    .slice(0, MAX_LISTED)
    .map((id) => `“${id}”`)
    .join('、') + (ids.length > MAX_LISTED ? ` 等 ${ids.length} 条` : '');

/**
 * The checks every restore runs beyond the row schemas, and the repairs it makes:
 * - every office pack passes the full pack validation (kinds, options, linear-time patterns,
 *   reserved keys), and none takes a seed pack's id;
 * - a seed pack row names a pack this extension ships, and its rules are always the shipped
 *   ones: a row of another version is repaired to the shipped content (its on/off switch is
 *   kept), a row of the same version with other content is refused (someone edited it);
 * - the packs after the restore resolve their `extends` (no missing pack, no cycle);
 * - overrides name an existing pack and rule, and the pack with them applied still validates;
 * - settings: sites are http(s) host patterns (normalised as the options page writes them),
 *   the office's layer is a pack that exists;
 * - no findings or document versions of a record that will not exist.
 * Returns the repaired tables, or the problems (nothing is written then).
 */
export async function checkContent(
  backup: Backup,
  mode: RestoreMode,
  current: Current,
  seeds: readonly Pack[],
): Promise<{ ok: true; tables: BackupTables; notes: string[] } | { ok: false; errors: Issue[] }> {
  const errors: Issue[] = [];
  const notes: string[] = [...(backup.dropped ?? [])];
  const shipped = new Map(seeds.map((p) => [p.id, p]));
  const shippedJson = new Map(seeds.map((p) => [p.id, canonicalJson(p)]));
  const t = backup.tables;
  const at = (table: TableName, i: number, id: string) =>
    `备份 › ${TABLE_LABELS[table] ?? table} › 第${i + 1}条“${id}”`;

  // Packs.
  const packs: StoredPack[] = [];
  for (const [i, row] of t.packs.entries()) {
    const where = at('packs', i, row.id);
    if (row.id !== row.pack.id) {
      errors.push({ path: where, message: `行的 id 与规则包自身的 id“${row.pack.id}”不一致` });
      continue;
    }
    const seed = shipped.get(row.id);
    if (row.source === 'user') {
      if (seed) {
        errors.push({
          path: where,
          message: '本单位规则包不能使用内置规则包的 id（内置规则只能通过规则调整来改变）',
        });
        continue;
      }
      const v = validatePackJson(row.pack);
      if (!v.ok) {
        for (const e of v.errors.slice(0, MAX_LISTED))
          errors.push({ path: `${where} › ${e.path}`, message: e.message });
        continue;
      }
      packs.push({ ...row, pack: v.pack, sha256: await packSha256(v.pack) });
    } else {
      if (!seed) {
        errors.push({ path: where, message: '标为内置规则包，但本扩展没有这个内置规则包' });
        continue;
      }
      if (canonicalJson(row.pack) !== shippedJson.get(row.id)) {
        if (row.pack.version === seed.version) {
          errors.push({
            path: where,
            message: `内置规则包的内容与本扩展随附的版本 ${seed.version} 不一致（版本号相同而规则不同，文件被改动过）。内置规则不能在备份中修改，请用规则调整`,
          });
          continue;
        }
        notes.push(
          `内置规则包“${row.id}”按本扩展随附的版本 ${seed.version} 恢复（备份中为 ${row.pack.version}），开关状态保留`,
        );
      }
      packs.push({ ...row, pack: seed, sha256: await packSha256(seed) });
    }
  }

  // The packs after the restore, and their extends.
  const finalPacks = new Map<string, StoredPack>();
  if (mode === 'merge') for (const p of current.packs) finalPacks.set(p.id, p);
  for (const p of packs) {
    const mine = finalPacks.get(p.id);
    if (!mine || mode === 'replace' || versionStamp(p) > versionStamp(mine))
      finalPacks.set(p.id, p);
  }
  if (!errors.length) {
    const all = [...finalPacks.values()].map((r) => r.pack);
    const after = validatePackSet(all, { trusted: 'all' });
    if (!after.ok) {
      const before =
        mode === 'merge'
          ? validatePackSet(
              current.packs.map((r) => r.pack),
              { trusted: 'all' },
            )
          : null;
      const known = new Set(before && !before.ok ? before.errors.map((e) => e.message) : []);
      for (const e of after.errors)
        if (!known.has(e.message)) errors.push({ path: '备份 › 规则包', message: e.message });
    }
  }

  // Overrides.
  const finalOverrides = new Map<string, RuleOverride>();
  if (mode === 'merge') for (const o of current.overrides) finalOverrides.set(o.key, o);
  for (const [i, o] of t.overrides.entries()) {
    const where = at('overrides', i, o.key);
    const pack = finalPacks.get(o.packId);
    if (o.key !== `${o.packId}/${o.ruleId}`) {
      errors.push({ path: where, message: `键应为“${o.packId}/${o.ruleId}”` });
    } else if (!pack) {
      errors.push({ path: where, message: `调整的规则包“${o.packId}”不存在` });
    } else if (o.ruleId !== PARAMS_RULE_ID && !pack.pack.rules.some((r) => r.id === o.ruleId)) {
      errors.push({ path: where, message: `规则包“${o.packId}”中没有规则“${o.ruleId}”` });
    } else {
      const mine = finalOverrides.get(o.key);
      if (!mine || mode === 'replace' || versionStamp(o) > versionStamp(mine))
        finalOverrides.set(o.key, o);
    }
  }
  if (!errors.length) {
    // Every incoming override is checked as if it won, even where a merge keeps mine: a file
    // with a bad override is refused, not half taken.
    const checked = new Map(finalOverrides);
    for (const o of t.overrides) checked.set(o.key, o);
    const touched = new Set(t.overrides.map((o) => o.packId));
    for (const id of touched) {
      const pack = finalPacks.get(id)!;
      const v = validatePackJson(applyOverrides(pack.pack, [...checked.values()]));
      if (!v.ok)
        for (const e of v.errors.slice(0, MAX_LISTED))
          errors.push({ path: `备份 › 规则调整 › ${e.path}`, message: e.message });
    }
  }

  // Settings.
  const settings = t.settings.map((row, i) => {
    const where = at('settings', i, row.id);
    const sites: string[] = [];
    row.enabledSites.forEach((site, j) => {
      const parsed = /^(?:\*|https?):\/\/[a-z0-9.-]+\/\*$/i.test(site)
        ? ({ ok: true, pattern: site } as const)
        : parseSite(site);
      if (!parsed.ok || /[<>]/.test(site))
        errors.push({
          path: `${where} › 启用的网站(enabledSites) › 第${j + 1}项`,
          message: `“${site.slice(0, 80)}”不是 http 或 https 网站（${parsed.ok ? '含有不允许的字符' : parsed.reason}）`,
        });
      else if (!sites.includes(parsed.pattern)) sites.push(parsed.pattern);
    });
    // The default layer may be absent (a test set, packs not seeded yet): the engine then falls
    // back to the root seeds. Any other layer must exist.
    if (
      row.officePack !== undefined &&
      row.officePack !== DEFAULT_OFFICE_PACK &&
      !finalPacks.has(row.officePack)
    )
      errors.push({
        path: `${where} › 本单位规则层(officePack)`,
        message: `规则包“${row.officePack}”不存在`,
      });
    return { ...row, enabledSites: sites };
  });

  // Sizes: a backup is read whole into memory and every record is shown in lists; a 50 MB
  // opinion or title is no review record.
  for (const [name, field, max, label] of TEXT_LIMITS) {
    (t[name] as unknown as Array<Record<string, unknown>>).forEach((row, i) => {
      const value = row[field];
      if (typeof value === 'string' && value.length > max)
        errors.push({
          path: `${at(name, i, String(row[KEY_OF[name]]))} › ${label}`,
          message: `过长（${value.length} 个字符，上限 ${max}）`,
        });
    });
  }
  for (const [name, list] of [
    ['records', 'findings'],
    ['recordFindings', 'findings'],
  ] as const) {
    (t[name] as unknown as Array<Record<string, unknown>>).forEach((row, i) => {
      const findings = row[list];
      if (Array.isArray(findings) && findings.length > MAX_FINDINGS)
        errors.push({
          path: `${at(name, i, String(row[KEY_OF[name]]))} › 审查问题(findings)`,
          message: `条数过多（${findings.length} 条，上限 ${MAX_FINDINGS}）`,
        });
      if (Array.isArray(findings))
        for (const f of findings as Array<{ message?: unknown }>)
          if (typeof f.message === 'string' && f.message.length > MAX_FINDING_TEXT) {
            errors.push({
              path: `${at(name, i, String(row[KEY_OF[name]]))} › 审查问题(findings)`,
              message: `有一条说明过长（${f.message.length} 个字符，上限 ${MAX_FINDING_TEXT}）`,
            });
            break;
          }
    });
  }

  // Orphans.
  const recordIds = new Set(t.records.map((r) => r.id));
  if (mode === 'merge') for (const id of current.recordIds) recordIds.add(id);
  const orphanFindings = t.recordFindings
    .filter((f) => !recordIds.has(f.recordId))
    .map((f) => f.recordId);
  if (orphanFindings.length)
    errors.push({
      path: `备份 › ${TABLE_LABELS.recordFindings ?? 'recordFindings'}`,
      message: `这些审查意见所属的审查记录不存在：${listIds(orphanFindings)}`,
    });
  const orphanVersions = t.docVersions.filter((v) => !recordIds.has(v.recordId)).map((v) => v.id);
  if (orphanVersions.length)
    errors.push({
      path: `备份 › ${TABLE_LABELS.docVersions ?? 'docVersions'}`,
      message: `这些文本版本所属的审查记录不存在：${listIds(orphanVersions)}`,
    });

  if (errors.length) return { ok: false, errors: errors.slice(0, MAX_ISSUES) };
  return { ok: true, tables: { ...t, packs, settings }, notes };
}

/**
 * `replace`: the database becomes exactly the backup (what is not in the file is removed).
 * `merge`: rows are combined by key; for the same key the newer `updatedAt` wins (document
 * versions never change, so an existing one is kept) — except a record that is another
 * document under the same id, or has the same stamp and other content: a conflict, which the
 * reviewer settles (both kept by default; see `RecordConflict`).
 */
export type RestoreMode = 'replace' | 'merge';

/**
 * Per table: how many rows a restore adds, updates, skips, (replace only) removes, and (merge
 * only, records) finds in conflict.
 */
export interface TableCounts {
  added: number;
  updated: number;
  skipped: number;
  removed: number;
  conflicts: number;
}

/** One side of a record conflict, as the preview shows it. */
export interface ConflictSide {
  title: string;
  docNumber: string | null;
  docKey: string;
  conclusion: string;
  reviewer: string;
  updatedAt: string;
}

/**
 * A record of the backup whose id is also in the database but that is another document (its
 * document key differs), or that carries the same stamp with other content. Never decided by
 * the stamps alone: the reviewer chooses (`RestoreOptions.resolve`); by default both are kept,
 * the incoming one under a new id.
 */
export interface RecordConflict {
  id: string;
  why: string;
  resolution: 'both' | 'mine' | 'theirs';
  mine: ConflictSide;
  theirs: ConflictSide;
}

/** What a restore did (or, from `previewRestore`, would do). */
export interface RestoreReport {
  mode: RestoreMode;
  tables: Record<TableName, TableCounts>;
  total: TableCounts;
  conflicts: RecordConflict[];
  /** Repairs the restore makes (a seed pack restored as shipped …), in Chinese. */
  notes: string[];
}

export type RestoreResult = { ok: true; report: RestoreReport } | { ok: false; errors: Issue[] };

interface Plan {
  report: RestoreReport;
  puts: Record<TableName, unknown[]>;
}

function versionStamp(row: object): string {
  const r = row as { updatedAt?: unknown; createdAt?: unknown };
  return String(r.updatedAt ?? r.createdAt ?? '');
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

function side(row: Record<string, unknown>): ConflictSide {
  const r = row as unknown as RecordRow;
  return {
    title: r.title,
    docNumber: r.docNumber,
    docKey: r.docKey,
    conclusion: r.conclusion,
    reviewer: r.reviewer,
    updatedAt: r.updatedAt,
  };
}

/** A fresh id for the incoming side of a conflict kept as a separate record. */
function freshId(id: string): string {
  return `${id}-${globalThis.crypto.randomUUID().slice(0, 8)}`;
}

/** Work out what a restore would write. Must run inside a transaction covering every table. */
async function plan(
  db: GuishenDB,
  backup: Backup,
  mode: RestoreMode,
  resolve: RestoreOptions['resolve'] = {},
): Promise<Plan> {
  const report: RestoreReport = {
    mode,
    tables: {} as Record<TableName, TableCounts>,
    total: { added: 0, updated: 0, skipped: 0, removed: 0, conflicts: 0 },
    conflicts: [],
    notes: [],
  };
  const puts = {} as Record<TableName, unknown[]>;
  /** Records kept as both: incoming id → new id. */
  const renamed = new Map<string, string>();
  /** Records whose conflict the reviewer settled: incoming id → taken (theirs) or not (mine). */
  const settled = new Map<string, boolean>();
  for (const name of TABLE_NAMES) {
    const incoming = backup.tables[name] as Array<Record<string, unknown>>;
    const key = KEY_OF[name];
    const counts: TableCounts = { added: 0, updated: 0, skipped: 0, removed: 0, conflicts: 0 };
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
        const recordId = (name === 'records' ? row.id : row.recordId) as string | undefined;
        if (name === 'records' && mine) {
          const otherDoc = mine.docKey !== row.docKey;
          const sameStamp =
            versionStamp(row) === versionStamp(mine) && canonicalJson(row) !== canonicalJson(mine);
          if (otherDoc || sameStamp) {
            const id = row.id as string;
            const resolution = resolve[id] ?? 'both';
            counts.conflicts++;
            report.conflicts.push({
              id,
              why: otherDoc
                ? '同一编号在两边是不同的文件（文件标识不同）'
                : '两边的修改时间相同，内容却不同',
              resolution,
              mine: side(mine),
              theirs: side(row),
            });
            if (resolution === 'both') {
              const fresh = freshId(id);
              renamed.set(id, fresh);
              counts.added++;
              toPut.push({ ...row, id: fresh });
            } else {
              settled.set(id, resolution === 'theirs');
              if (resolution === 'theirs') {
                counts.updated++;
                toPut.push(row);
              } else counts.skipped++;
            }
            return;
          }
        }
        if (recordId !== undefined && name !== 'records') {
          const fresh = renamed.get(recordId);
          if (fresh) {
            // The findings and text versions of a record kept as a separate one follow it.
            counts.added++;
            toPut.push(
              name === 'docVersions'
                ? { ...row, id: `${row.id as string}-${fresh.slice(-8)}`, recordId: fresh }
                : { ...row, recordId: fresh },
            );
            return;
          }
          if (name === 'recordFindings' && settled.has(recordId)) {
            if (settled.get(recordId) && mine) {
              counts.updated++;
              toPut.push(row);
            } else if (!mine) {
              counts.added++;
              toPut.push(row);
            } else counts.skipped++;
            return;
          }
        }
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
    for (const k of ['added', 'updated', 'skipped', 'removed', 'conflicts'] as const)
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

/**
 * Read the file (parseBackup) and check its content against what it will join
 * (checkContent). What the database holds is read before, outside the write transaction:
 * the checks hash and validate packs, which must not run inside an IndexedDB transaction.
 */
async function prepare(
  db: GuishenDB,
  text: string,
  mode: RestoreMode,
  opts: RestoreOptions,
): Promise<{ ok: true; backup: Backup; notes: string[] } | { ok: false; errors: Issue[] }> {
  const parsed = await parseBackup(text, db.verno);
  if (!parsed.ok) return parsed;
  const [packs, overrides, recordIds] = await db.transaction(
    'r',
    db.packs,
    db.overrides,
    db.records,
    () =>
      Promise.all([
        db.packs.toArray(),
        db.overrides.toArray(),
        db.records.toCollection().primaryKeys() as Promise<string[]>,
      ]),
  );
  const checked = await checkContent(
    parsed.backup,
    mode,
    { packs, overrides, recordIds: new Set(recordIds) },
    opts.seeds ?? seedPacks,
  );
  if (!checked.ok) return checked;
  return { ok: true, backup: { ...parsed.backup, tables: checked.tables }, notes: checked.notes };
}

/** What `restoreBackup` would change, computed without writing anything. */
export async function previewRestore(
  db: GuishenDB,
  text: string,
  mode: RestoreMode,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const ready = await prepare(db, text, mode, opts);
  if (!ready.ok) return ready;
  const { report } = await db.transaction('r', [...TABLE_NAMES], () =>
    plan(db, ready.backup, mode, opts.resolve),
  );
  report.notes = ready.notes;
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
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const ready = await prepare(db, text, mode, opts);
  if (!ready.ok) return ready;
  try {
    const report = await guardQuota(() =>
      db.transaction('rw', [...TABLE_NAMES, 'logIndex'], async () => {
        // The log snapshot only catches up with rows whose updatedAt moved forward; restored
        // rows may carry older stamps, so it is dropped with the write (its stored rows come
        // back if the restore fails; the page then simply rebuilds it).
        await invalidateLogSnapshot(db);
        // Every record a merge updates is compared with the log's row here, inside the write's
        // own transaction, which the office pull's transaction (records, office) cannot
        // interleave with: the update is made on the version it replaces, and the office push
        // writes it on that version's base revision (lib/office/state.ts). The options page
        // passes no `resolve`: a conflict keeps both (the incoming record under a new id), so
        // no choice made on an earlier preview overwrites a row that changed since.
        const { report, puts } = await plan(db, ready.backup, mode, opts.resolve);
        report.notes = ready.notes;
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
