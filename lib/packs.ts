/**
 * Rule-pack storage: seeding, seed updates, per-rule overrides, the office's own packs,
 * import/export, and the effective packs the engine runs.
 *
 * Why overrides live in their own table: a seed update replaces the stored pack wholesale
 * (the shipped file is the truth), and the office's tuning — a severity, a parameter, a rule
 * switched off — must survive that. Keyed by `packId/ruleId`, an override simply re-applies to
 * the new version of the rule; a new seed option still arrives because options are merged.
 */
import type { Pack, Rule } from '@/rules/schema';
import { PackSchema } from '@/rules/schema';
import { seedPacks, shippedPatterns } from '@/rules/seeds';
import { kinds } from '@/rules/kinds';
import { canonicalJson } from '@/rules/canonical';
import { validatePack, validatePackSet, type ValidationError } from '@/rules/validate';
import { layerClosure, type GuishenDB } from './db';
import {
  DEFAULT_OFFICE_PACK,
  PARAMS_RULE_ID,
  SETTINGS_ID,
  type PackRef,
  type RuleOverride,
  type Settings,
  type StoredPack,
} from './entities';
import { toIssues, zhErrorMap, type Issue } from './issues';
import { guardQuota, isQuotaError, QUOTA_MESSAGE } from './quota';
import { getSettings, nowIso, sha256Hex } from './records';

// ---------------------------------------------------------------------------------------------
// Validation

/** The result of validating a pack. */
export type PackValidation = { ok: true; pack: Pack } | { ok: false; errors: Issue[] };

/**
 * The envelope check: PackSchema with zod's Chinese messages and paths that name the field
 * (「规则包“office” › 规则(rules) › 第2条规则“second” › 依据(basis)」).
 */
export function envelopeValidator(json: unknown): PackValidation {
  const parsed = PackSchema.safeParse(json, { error: zhErrorMap });
  if (parsed.success) return { ok: true, pack: parsed.data };
  const id =
    json && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'string'
      ? `规则包“${(json as { id: string }).id}”`
      : '规则包';
  return { ok: false, errors: toIssues(parsed.error, json, id) };
}

/**
 * The engine reports `{path: 'rules[1].options.triggers', message: '规则包 x › 规则 y › …：原因'}`;
 * the UI shows issues as a Chinese place and a reason, so split its message at the first
 * full-width colon.
 */
function fromEngine(errors: readonly ValidationError[]): Issue[] {
  return errors.map((e) => {
    const at = e.message.indexOf('：');
    return at > 0
      ? { path: e.message.slice(0, at), message: e.message.slice(at + 1) }
      : { path: e.path, message: e.message };
  });
}

/**
 * Validate one pack: the envelope first (Chinese field paths), then the engine's full check
 * (rules/validate.ts: each kind's options, regex safety, parameter types, duplicate ids).
 */
export function validatePackJson(json: unknown): PackValidation {
  const envelope = envelopeValidator(json);
  if (!envelope.ok) return envelope;
  const full = validatePack(json, { trusted: shippedPatterns() });
  return full.ok ? { ok: true, pack: full.pack } : { ok: false, errors: fromEngine(full.errors) };
}

/**
 * The problems `pack` brings into the set `others` (a missing parent, a cycle, a duplicate):
 * only new problems count, so an unrelated stored pack never blocks an import.
 */
function setProblems(others: readonly Pack[], pack: Pack): Issue[] {
  const after = validatePackSet([...others, pack], { trusted: 'all' });
  if (after.ok) return [];
  const before = validatePackSet([...others], { trusted: 'all' });
  const known = new Set(before.ok ? [] : before.errors.map((e) => e.message));
  return fromEngine(after.errors.filter((e) => !known.has(e.message)));
}

// ---------------------------------------------------------------------------------------------
// Hashes and versions

export { canonicalJson };

/** SHA-256 of a pack's canonical JSON. */
export function packSha256(pack: Pack): Promise<string> {
  return sha256Hex(canonicalJson(pack));
}

/** Compare dotted versions numerically (`1.10.0` > `1.9.2`); non-numeric parts as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y, 'en');
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** What `syncSeeds` did. */
export interface SeedReport {
  added: string[];
  updated: Array<{ id: string; from: string; to: string }>;
  unchanged: string[];
  /** Seeds not applied, with the reason (an office pack holds the id; a newer one is stored). */
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * Bring the shipped seed packs into the database. Run on install and on every update (it is
 * idempotent): a missing seed is added — enabled only when it belongs to the office's layer
 * (on a fresh install: common-local → national; the regional packs stay off until chosen); a
 * stored seed with an older version (or the same version but different content) is replaced,
 * keeping its enabled flag; overrides are never touched; an office pack with the same id is
 * left alone. All in one transaction.
 */
export async function syncSeeds(
  db: GuishenDB,
  seeds: readonly Pack[] = seedPacks,
): Promise<SeedReport> {
  const report: SeedReport = { added: [], updated: [], unchanged: [], skipped: [] };
  const parsed: Pack[] = [];
  for (const seed of seeds) {
    // A broken seed is a build bug (the rules tests catch it); skip it rather than leave the
    // office with no packs at all.
    const v = validatePackJson(seed);
    if (v.ok) parsed.push(v.pack);
    else {
      const first = v.errors[0];
      report.skipped.push({
        id: seed.id,
        reason: `内置规则包无效：${first?.path}：${first?.message}`,
      });
    }
  }
  const hashes = await Promise.all(parsed.map(packSha256));
  // The stored seeds' hashes from their content, not from their `sha256` field: a restored or
  // edited row may carry the shipped hash over other rules (every rule switched off), and the
  // shipped content must come back whatever the row claims.
  const storedSeeds = (await db.packs.toArray()).filter((r) => r.source === 'seed');
  const storedHash = new Map(
    await Promise.all(storedSeeds.map(async (r) => [r.id, await packSha256(r.pack)] as const)),
  );
  // A seed the office did not override is served as stored: it is valid (just checked).
  parsed.forEach((p, i) => rememberValid(hashes[i]!, p));
  await guardQuota(() =>
    db.transaction('rw', db.packs, db.settings, async () => {
      const now = nowIso();
      const office = await officePackOf(db);
      const known = [...(await db.packs.toArray()), ...parsed.map((p) => ({ id: p.id, pack: p }))];
      const layer = officeLayer(known, office);
      for (const [i, seed] of parsed.entries()) {
        const sha256 = hashes[i]!;
        const stored = await db.packs.get(seed.id);
        if (!stored) {
          await db.packs.add({
            id: seed.id,
            source: 'seed',
            enabled: layer.has(seed.id),
            pack: seed,
            sha256,
            installedAt: now,
            updatedAt: now,
          });
          report.added.push(seed.id);
        } else if (stored.source !== 'seed') {
          report.skipped.push({ id: seed.id, reason: '已有同 id 的本单位规则包' });
        } else {
          const cmp = compareVersions(seed.version, stored.pack.version);
          const actual = storedHash.get(seed.id) ?? stored.sha256;
          // Newer shipped rules; or the stored rules are not what the row claims (edited); or
          // the same version with other content.
          if (cmp > 0 || actual !== stored.sha256 || (cmp === 0 && actual !== sha256)) {
            await db.packs.put({ ...stored, pack: seed, sha256, updatedAt: now });
            report.updated.push({ id: seed.id, from: stored.pack.version, to: seed.version });
          } else if (cmp < 0) {
            report.skipped.push({ id: seed.id, reason: `已存储更新的版本 ${stored.pack.version}` });
          } else {
            report.unchanged.push(seed.id);
          }
        }
      }
    }),
  );
  return report;
}

// ---------------------------------------------------------------------------------------------
// Effective packs

/**
 * The ids of the office's layer: the office pack and everything it extends. When the office
 * pack is not stored (a test set, a deleted office pack) the layer falls back to the root
 * seeds — the packs that extend nothing — so the engine is never left without rules.
 */
function officeLayer(
  packs: ReadonlyArray<{ id: string; pack: { extends: readonly string[] } }>,
  officePack: string,
): Set<string> {
  if (packs.some((p) => p.id === officePack)) return layerClosure(packs, [officePack]);
  // The national layer when stored (it extends the fair-competition pack, so it is no root).
  if (packs.some((p) => p.id === NATIONAL_PACK)) return layerClosure(packs, [NATIONAL_PACK]);
  const fromRoots = packs.filter((p) => p.pack.extends.length === 0).map((p) => p.id);
  return layerClosure(packs, fromRoots.length ? [fromRoots[0]!] : []);
}

/** The national seed pack: the fallback layer. */
const NATIONAL_PACK = 'national';

/** The office pack id from the settings (the default layer when never chosen). */
async function officePackOf(db: GuishenDB): Promise<string> {
  return (await db.settings.get(SETTINGS_ID))?.officePack ?? DEFAULT_OFFICE_PACK;
}

/**
 * Apply overrides to a pack (pure): per-rule severity, enabled and options, and the pack's
 * parameter override (`PARAMS_RULE_ID`), which replaces values and keeps each basis.
 * Overrides of rules the pack no longer has are ignored.
 */
export function applyOverrides(pack: Pack, overrides: readonly RuleOverride[]): Pack {
  const byRule = new Map(overrides.filter((o) => o.packId === pack.id).map((o) => [o.ruleId, o]));
  if (byRule.size === 0) return pack;
  const paramOverride = byRule.get(PARAMS_RULE_ID)?.options;
  let params = pack.params;
  if (paramOverride) {
    params = { ...pack.params };
    for (const [key, value] of Object.entries(paramOverride)) {
      const basis = params[key]?.basis ?? '本单位设定';
      const cite = params[key]?.cite;
      params[key] = { value, basis, ...(cite ? { cite } : {}) };
    }
  }
  return {
    ...pack,
    params,
    rules: pack.rules.map((rule): Rule => {
      const o = byRule.get(rule.id);
      if (!o) return rule;
      return {
        ...rule,
        severity: o.severity ?? rule.severity,
        enabled: o.enabled ?? rule.enabled,
        options: o.options ? { ...rule.options, ...o.options } : rule.options,
      };
    }),
  };
}

/** Seed packs before office packs, each group by id (a stable, reproducible order). */
function seedsFirst(a: StoredPack, b: StoredPack): number {
  return a.source === b.source ? a.id.localeCompare(b.id) : a.source === 'seed' ? -1 : 1;
}

/**
 * The ids the engine runs: the office's layer (the office pack and what it extends) plus every
 * enabled pack and, so that no `extends` dangles, whatever those extend.
 */
export function activeIds(rows: readonly StoredPack[], officePack: string): Set<string> {
  const tops = [
    ...officeLayer(rows, officePack),
    ...rows.filter((r) => r.enabled).map((r) => r.id),
  ];
  return layerClosure(rows, tops);
}

/**
 * The packs the engine runs — the office's layer plus its enabled own packs, never every seed
 * — with the office's overrides applied, seeds first and then office packs, each group by id
 * (a stable order makes the report reproducible; compilePacks layers parents first anyway).
 */
export async function getActivePacks(db: GuishenDB): Promise<Pack[]> {
  const [rows, overrides, office] = await db.transaction(
    'r',
    db.packs,
    db.overrides,
    db.settings,
    () => Promise.all([db.packs.toArray(), db.overrides.toArray(), officePackOf(db)]),
  );
  const active = activeIds(rows, office);
  return rows
    .filter((r) => active.has(r.id))
    .sort(seedsFirst)
    .map((r) => applyOverrides(r.pack, overrides));
}

/**
 * Effective packs found valid by {@link validatePack}, by sha256, for this service-worker life:
 * the content script compiles what the background serves without validating it again (zod
 * and the regex safety check cost a document page 20–50 ms before its first review).
 * Filled by syncSeeds (which validates every seed anyway) and on the first serve of a pack.
 */
const validPacks = new Map<string, Pack>();
const VALID_PACKS_KEPT = 64;

function rememberValid(sha256: string, pack: Pack): void {
  if (validPacks.size >= VALID_PACKS_KEPT) validPacks.clear();
  validPacks.set(sha256, pack);
}

/**
 * What the engine in a page runs: the active packs ({@link getActivePacks}), each validated —
 * a stored pack may not be (a restored backup, an override written for an older version of
 * its seed). A pack with bad rules is served without them; a pack that is invalid as a whole
 * is left out. `refs` name the effective packs as stored, for the review record.
 */
export async function servePacks(db: GuishenDB): Promise<{ packs: Pack[]; refs: PackRef[] }> {
  const active = await getActivePacks(db);
  const refs = await packRefs(active);
  const packs: Pack[] = [];
  active.forEach((pack, i) => {
    const sha = refs[i]!.sha256;
    const known = validPacks.get(sha);
    if (known) return void packs.push(known);
    const v = validatePack(pack, { trusted: shippedPatterns() });
    if (v.ok) {
      rememberValid(sha, v.pack);
      packs.push(v.pack);
    } else if (v.partial) packs.push(v.partial);
  });
  return { packs, refs };
}

/** The refs a review record keeps: id, version and the hash of the effective pack. */
export async function packRefs(packs: readonly Pack[]): Promise<PackRef[]> {
  return Promise.all(
    packs.map(async (p) => ({ id: p.id, version: p.version, sha256: await packSha256(p) })),
  );
}

/** Stored packs and their overrides, for the options page. */
export async function listPacks(
  db: GuishenDB,
): Promise<Array<StoredPack & { overrides: RuleOverride[] }>> {
  const [rows, overrides] = await Promise.all([db.packs.toArray(), db.overrides.toArray()]);
  return rows.map((r) => ({ ...r, overrides: overrides.filter((o) => o.packId === r.id) }));
}

// ---------------------------------------------------------------------------------------------
// Changes by the office

/** A result with Chinese issues instead of an exception, for the UI to show as it is. */
export type PackResult<T> = { ok: true; value: T } | { ok: false; errors: Issue[] };

export function fail<T>(path: string, message: string): PackResult<T> {
  return { ok: false, errors: [{ path, message }] };
}

/** Run a write; a full disk becomes a Chinese issue instead of an exception. */
export async function writeGuarded<T>(write: () => Promise<T>): Promise<PackResult<T>> {
  try {
    return { ok: true, value: await guardQuota(write) };
  } catch (error) {
    if (isQuotaError(error)) return fail('（存储）', QUOTA_MESSAGE);
    throw error;
  }
}

/**
 * Switch a whole pack on or off. A pack of the office's layer cannot be switched off (choose
 * another layer instead), nor can one an enabled pack extends; switching a pack on also
 * switches on what it extends, so the engine never meets a dangling `extends`.
 */
export async function setPackEnabled(
  db: GuishenDB,
  id: string,
  enabled: boolean,
): Promise<PackResult<StoredPack>> {
  const [rows, office] = await Promise.all([db.packs.toArray(), officePackOf(db)]);
  const row = rows.find((r) => r.id === id);
  if (!row) return fail(`规则包“${id}”`, '找不到该规则包');
  if (!enabled) {
    if (officeLayer(rows, office).has(id)) {
      return fail(`规则包“${id}”`, `属于本单位规则层（${office}），请先改选规则层`);
    }
    const child = rows.find((r) => r.enabled && r.id !== id && layerClosure(rows, [r.id]).has(id));
    if (child)
      return fail(`规则包“${id}”`, `已启用的规则包“${child.id}”继承它，请先停用“${child.id}”`);
  }
  const turnOn = enabled ? layerClosure(rows, [id]) : new Set([id]);
  return writeGuarded(() =>
    db.transaction('rw', db.packs, async () => {
      const now = nowIso();
      let result = row;
      for (const r of rows) {
        if (!turnOn.has(r.id) || (r.enabled === enabled && r.id !== id)) continue;
        const next = { ...r, enabled, updatedAt: now };
        await db.packs.put(next);
        if (r.id === id) result = next;
      }
      return result;
    }),
  );
}

/**
 * Choose the office's layer: `id` and everything it extends are switched on, every other seed
 * pack off (the office's own packs keep their switch), and the choice is kept in the settings.
 * One transaction.
 */
export async function setOfficePack(db: GuishenDB, id: string): Promise<PackResult<Settings>> {
  const rows = await db.packs.toArray();
  if (!rows.some((r) => r.id === id)) return fail(`规则包“${id}”`, '找不到该规则包');
  const layer = layerClosure(rows, [id]);
  return writeGuarded(() =>
    db.transaction('rw', db.packs, db.settings, async () => {
      const now = nowIso();
      for (const r of rows) {
        const on = layer.has(r.id) || (r.source === 'user' && r.enabled);
        if (on !== r.enabled) await db.packs.put({ ...r, enabled: on, updatedAt: now });
      }
      const next = { ...(await getSettings(db)), officePack: id, updatedAt: now };
      await db.settings.put(next);
      return next;
    }),
  );
}

/**
 * The problems `pack` has with `override` in place of its current one (same key) and the
 * other overrides applied: the full validation (options schema, regex and ReDoS vetting).
 * Empty when it is fine.
 */
function problemsWith(
  pack: Pack,
  overrides: readonly RuleOverride[],
  override: RuleOverride,
): Issue[] {
  const others = overrides.filter((o) => o.key !== override.key);
  const check = validatePackJson(applyOverrides(pack, [...others, override]));
  return check.ok ? [] : check.errors;
}

/** An override's changeable parts; `null` clears the override. */
export type OverridePatch = Pick<RuleOverride, 'severity' | 'enabled' | 'options'> | null;

/**
 * Set (or clear, with `null`) the office's override of one rule. The rule with the override
 * applied must still pass validation (a bad option value is refused with its path), so the
 * engine never receives a pack that fails.
 */
export async function setRuleOverride(
  db: GuishenDB,
  packId: string,
  ruleId: string,
  patch: OverridePatch,
): Promise<PackResult<RuleOverride | null>> {
  const key = `${packId}/${ruleId}`;
  const row = await db.packs.get(packId);
  if (!row) return fail(`规则包“${packId}”`, '找不到该规则包');
  if (!row.pack.rules.some((r) => r.id === ruleId)) {
    return fail(`规则包“${packId}” › 规则“${ruleId}”`, '该规则包中没有这条规则');
  }
  if (patch === null) {
    return writeGuarded(() =>
      db.transaction('rw', db.overrides, async () => {
        await db.overrides.delete(key);
        return null;
      }),
    );
  }
  const override: RuleOverride = {
    key,
    packId,
    ruleId,
    ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    ...(patch.options !== undefined ? { options: patch.options } : {}),
    updatedAt: nowIso(),
  };
  const issues = problemsWith(
    row.pack,
    await db.overrides.where('packId').equals(packId).toArray(),
    override,
  );
  if (issues.length) return { ok: false, errors: issues };
  return writeGuarded(() =>
    db.transaction('rw', db.overrides, async () => {
      await db.overrides.put(override);
      return override;
    }),
  );
}

/** Options of `importPack`. */
export interface ImportOptions {
  /** Replace an office pack with the same id (never a seed pack). Default false. */
  replace?: boolean;
}

/**
 * The checks of an import without the write: the pack's full validation (the envelope, every
 * rule kind, pattern safety, parameters), not a seed's id, not an existing pack unless
 * `replace`, and no new problem in the set it joins (extends resolve, no cycle). Used by
 * `importPack` and by subscription updates (lib/subscriptions.ts), so both refuse the same.
 */
export async function checkImportable(
  db: GuishenDB,
  input: string | unknown,
  options: ImportOptions = {},
): Promise<PackResult<{ pack: Pack; existing: StoredPack | undefined }>> {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (error) {
      return fail('（整个文件）', `不是有效的 JSON：${(error as Error).message}`);
    }
  }
  const valid = validatePackJson(json);
  if (!valid.ok) return valid;
  const pack = valid.pack;

  const existing = await db.packs.get(pack.id);
  if (existing?.source === 'seed') {
    return fail(`规则包“${pack.id}” › 标识(id)`, '与内置规则包重名，请换一个 id');
  }
  if (existing && !options.replace) {
    return fail(
      `规则包“${pack.id}” › 标识(id)`,
      `已有同 id 的本单位规则包（版本 ${existing.pack.version}）；如要替换，请选择“替换”`,
    );
  }
  // Check against every stored pack, enabled or not: switching a parent off later must not
  // make a stored child unimportable in a backup restore or a re-import.
  const [rows, overrides] = await Promise.all([db.packs.toArray(), db.overrides.toArray()]);
  const others = rows.filter((r) => r.id !== pack.id).map((r) => applyOverrides(r.pack, overrides));
  const problems = setProblems(others, pack);
  if (problems.length) return { ok: false, errors: problems };
  return { ok: true, value: { pack, existing } };
}

/**
 * Import an office pack from JSON text (or an already parsed value). Validates the pack, then
 * the set it joins (extends must resolve), then writes it in one transaction: either the whole
 * pack is stored or nothing is. Errors name the place in Chinese.
 */
export async function importPack(
  db: GuishenDB,
  input: string | unknown,
  options: ImportOptions = {},
): Promise<PackResult<{ pack: Pack; action: 'added' | 'replaced' }>> {
  const checked = await checkImportable(db, input, options);
  if (!checked.ok) return checked;
  const { pack } = checked.value;
  const sha256 = await packSha256(pack);
  return writeGuarded(() =>
    db.transaction('rw', db.packs, async () => {
      const replaced = await putUserPack(db, pack, sha256);
      return { pack, action: replaced ? ('replaced' as const) : ('added' as const) };
    }),
  );
}

/**
 * Write an office pack (an import, a subscription's version), keeping the switch and the
 * install time of the row it replaces; returns that row. Call inside a transaction over
 * `db.packs`, after the checks of `checkImportable`.
 */
export async function putUserPack(
  db: GuishenDB,
  pack: Pack,
  sha256: string,
): Promise<StoredPack | undefined> {
  const now = nowIso();
  const replaced = await db.packs.get(pack.id);
  await db.packs.put({
    id: pack.id,
    source: 'user',
    enabled: replaced?.enabled ?? true,
    pack,
    sha256,
    installedAt: replaced?.installedAt ?? now,
    updatedAt: now,
  });
  return replaced;
}

/**
 * A pack as a JSON file. `effective: true` writes it with the office's overrides applied, so a
 * tuned pack can be shared with a colleague as an office pack.
 */
export async function exportPack(
  db: GuishenDB,
  id: string,
  options: { effective?: boolean } = {},
): Promise<string> {
  const row = await db.packs.get(id);
  if (!row) throw new Error(`找不到规则包“${id}”`);
  const pack = options.effective
    ? applyOverrides(row.pack, await db.overrides.where('packId').equals(id).toArray())
    : row.pack;
  return `${JSON.stringify(pack, null, 2)}\n`;
}

/** Remove an office pack and its overrides. Seed packs can only be switched off. */
export async function deletePack(db: GuishenDB, id: string): Promise<PackResult<true>> {
  const row = await db.packs.get(id);
  if (!row) return fail(`规则包“${id}”`, '找不到该规则包');
  if (row.source === 'seed') return fail(`规则包“${id}”`, '内置规则包不能删除，只能停用');
  return writeGuarded(() =>
    db.transaction('rw', db.packs, db.overrides, async () => {
      await db.overrides.where('packId').equals(id).delete();
      await db.packs.delete(id);
      return true as const;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Parameters, resets and the office's own rules

/**
 * Set (or clear, with `null`) the office's value of one pack parameter (validity caps, the
 * 施行 gap, number patterns …). The pack with the value applied must pass validation — the
 * parameter's type and, for patterns, the regex and ReDoS vetting — or nothing is written.
 */
export async function setParamOverride(
  db: GuishenDB,
  packId: string,
  key: string,
  value: unknown,
): Promise<PackResult<RuleOverride | null>> {
  const row = await db.packs.get(packId);
  if (!row) return fail(`规则包“${packId}”`, '找不到该规则包');
  const overrideKey = `${packId}/${PARAMS_RULE_ID}`;
  const overrides = await db.overrides.where('packId').equals(packId).toArray();
  const options = { ...overrides.find((o) => o.key === overrideKey)?.options };
  if (value === null) delete options[key];
  else options[key] = value;
  if (value !== null) {
    // With the office's other values of this pack: that whole override is what is written.
    const issues = validateParamValue(row.pack, overrides, key, value);
    if (issues.length) return { ok: false, errors: issues };
  }
  return writeGuarded(() =>
    db.transaction('rw', db.overrides, async () => {
      if (Object.keys(options).length === 0) {
        await db.overrides.delete(overrideKey);
        return null;
      }
      const next: RuleOverride = {
        key: overrideKey,
        packId,
        ruleId: PARAMS_RULE_ID,
        options,
        updatedAt: nowIso(),
      };
      await db.overrides.put(next);
      return next;
    }),
  );
}

/** Reset a whole pack to its shipped (or imported) state: every override of it is removed. */
export async function resetPack(db: GuishenDB, packId: string): Promise<PackResult<number>> {
  return writeGuarded(() =>
    db.transaction('rw', db.overrides, () => db.overrides.where('packId').equals(packId).delete()),
  );
}

/** The office pack custom rules go into when the office has none of its own yet. */
const OFFICE_PACK_ID = 'office';

/** A new office pack without rules (extending nothing, so it joins any layer). */
function emptyOfficePack(id: string): Pack {
  return {
    id,
    name: '本单位规则',
    version: '1.0.0',
    jurisdiction: '本单位',
    description: '本单位在规则包之外补充的规则',
    extends: [],
    params: {},
    rules: [],
    checklist: [],
  };
}

function bumpPatch(version: string): string {
  const parts = version.split('.');
  const last = Number(parts[parts.length - 1]);
  if (!Number.isInteger(last)) return `${version}.1`;
  parts[parts.length - 1] = String(last + 1);
  return parts.join('.');
}

/**
 * Add (or replace, same id) a custom rule of an existing kind in an office pack — `packId`
 * when given (it must be the office's own pack), else the pack `office`, created on first use
 * (extending nothing, so it joins whatever layer the office chooses). The pack's version is
 * bumped so records show which rules produced their findings. Validated first; nothing is
 * written when the rule is refused.
 */
export async function addOfficeRule(
  db: GuishenDB,
  rule: unknown,
  packId: string = OFFICE_PACK_ID,
): Promise<PackResult<Pack>> {
  const row = await db.packs.get(packId);
  if (row?.source === 'seed') {
    return fail(`规则包“${packId}”`, '内置规则包不能添加规则，请添加到本单位规则包');
  }
  const base = row?.pack ?? emptyOfficePack(packId);
  const id = (rule as { id?: unknown } | null)?.id;
  const rules = base.rules.filter((r) => r.id !== id);
  const candidate = {
    ...base,
    version: row ? bumpPatch(base.version) : base.version,
    rules: [...rules, rule],
  };
  const valid = validatePackJson(candidate);
  if (!valid.ok) return valid;
  const sha256 = await packSha256(valid.pack);
  return writeGuarded(() =>
    db.transaction('rw', db.packs, async () => {
      const now = nowIso();
      await db.packs.put({
        id: packId,
        source: 'user',
        enabled: row?.enabled ?? true,
        pack: valid.pack,
        sha256,
        installedAt: row?.installedAt ?? now,
        updatedAt: now,
      });
      return valid.pack;
    }),
  );
}

/** Remove a custom rule from an office pack (and its override). */
export async function removeOfficeRule(
  db: GuishenDB,
  packId: string,
  ruleId: string,
): Promise<PackResult<Pack>> {
  const row = await db.packs.get(packId);
  if (!row || row.source !== 'user')
    return fail(`规则包“${packId}”`, '只能删除本单位规则包中的规则');
  const pack = {
    ...row.pack,
    version: bumpPatch(row.pack.version),
    rules: row.pack.rules.filter((r) => r.id !== ruleId),
    // A checklist item must not point at the removed rule.
    checklist: row.pack.checklist.map((c) => ({
      ...c,
      rules: c.rules.filter((r) => r !== ruleId),
    })),
  };
  const sha256 = await packSha256(pack);
  return writeGuarded(() =>
    db.transaction('rw', db.packs, db.overrides, async () => {
      await db.overrides.delete(`${packId}/${ruleId}`);
      await db.packs.put({ ...row, pack, sha256, updatedAt: nowIso() });
      return pack;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Checks for the options page (pure: they run on every keystroke)

/**
 * The problems a rule override would cause, without writing anything: the pack with every
 * other override of it and this patch applied goes through the full validation (the kind's
 * options schema, regex and ReDoS vetting). Empty when the patch is fine.
 */
export function validateRuleOverride(
  pack: Pack,
  overrides: readonly RuleOverride[],
  ruleId: string,
  patch: Pick<RuleOverride, 'severity' | 'enabled' | 'options'>,
): Issue[] {
  return problemsWith(pack, overrides, {
    key: `${pack.id}/${ruleId}`,
    packId: pack.id,
    ruleId,
    ...patch,
    updatedAt: nowIso(),
  });
}

/** The problems one parameter value would cause (type, regex, ReDoS), without writing. */
export function validateParamValue(
  pack: Pack,
  overrides: readonly RuleOverride[],
  key: string,
  value: unknown,
): Issue[] {
  const overrideKey = `${pack.id}/${PARAMS_RULE_ID}`;
  const current = overrides.find((o) => o.key === overrideKey)?.options ?? {};
  return problemsWith(pack, overrides, {
    key: overrideKey,
    packId: pack.id,
    ruleId: PARAMS_RULE_ID,
    options: { ...current, [key]: value },
    updatedAt: nowIso(),
  });
}

/** The problems a new custom rule has, checked inside a scratch office pack. */
export function validateCustomRule(rule: unknown): Issue[] {
  const check = validatePackJson({ ...emptyOfficePack(OFFICE_PACK_ID), rules: [rule] });
  return check.ok ? [] : check.errors;
}

/** One parameter as the office's layer sees it. */
export interface EffectiveParam {
  key: string;
  value: unknown;
  basis: string;
  /** The citation form of the basis, when the pack gives one. */
  cite?: string;
  /** The pack whose value wins (the latest layer that sets it). */
  packId: string;
  /** The office changed it (a parameter override on `packId`). */
  overridden: boolean;
  /** The value before the office's change, when overridden. */
  original?: unknown;
}

/**
 * The parameters the engine will use: each key's value from the latest layer that sets it
 * (parents first, as compilePacks layers them), with its basis and whether the office changed it.
 */
export function effectiveParams(
  rows: readonly StoredPack[],
  overrides: readonly RuleOverride[],
  officePack: string,
): EffectiveParam[] {
  const active = activeIds(rows, officePack);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered: StoredPack[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    const row = byId.get(id);
    if (!row || seen.has(id)) return;
    seen.add(id);
    row.pack.extends.forEach(visit);
    ordered.push(row);
  };
  rows
    .filter((r) => active.has(r.id))
    .sort(seedsFirst)
    .forEach((r) => visit(r.id));
  const out = new Map<string, EffectiveParam>();
  for (const row of ordered) {
    const changed = overrides.find((o) => o.key === `${row.id}/${PARAMS_RULE_ID}`)?.options ?? {};
    const effective = applyOverrides(row.pack, overrides);
    for (const [key, { value, basis, cite }] of Object.entries(effective.params)) {
      const overridden = key in changed;
      out.set(key, {
        key,
        value,
        basis,
        ...(cite ? { cite } : {}),
        packId: row.id,
        overridden,
        ...(overridden ? { original: row.pack.params[key]?.value } : {}),
      });
    }
  }
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The rule kinds a custom rule may use (the engine's registry). */
export function ruleKinds(): string[] {
  return Object.keys(kinds);
}
