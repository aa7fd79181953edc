/**
 * What an update of a rule pack changes, for the reviewer to read before it applies (a
 * subscription update, a re-import): rules added, removed and changed (which fields), and
 * parameters added, removed and changed (old and new value). Pure: runs wherever packs are.
 */
import { canonicalJson } from './canonical';
import type { Pack, Rule } from './schema';

/** A rule field that changed, with both values as short text. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface RuleChange {
  id: string;
  /** The rule's message (the new one for changed rules), so the list is readable. */
  message: string;
  fields: FieldChange[];
}

export interface ParamChange {
  key: string;
  before: string | null;
  after: string | null;
}

export interface PackChanges {
  fromVersion: string | null;
  toVersion: string;
  /** Name, jurisdiction, description, extends: the pack's own fields that changed. */
  meta: FieldChange[];
  added: RuleChange[];
  removed: RuleChange[];
  changed: RuleChange[];
  params: ParamChange[];
  /** Nothing but the version differs (or nothing at all). */
  empty: boolean;
}

/** A value as the reviewer reads it: strings as they are, the rest as compact JSON, capped. */
export function shortValue(value: unknown, max = 120): string {
  const s = value === undefined ? '' : typeof value === 'string' ? value : canonicalJson(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The fields of a rule compared one by one; options are compared per option key. */
const RULE_FIELDS = [
  'kind',
  'severity',
  'category',
  'message',
  'basis',
  'cite',
  'suggestion',
  'enabled',
  'levels',
  'levelsBasis',
] as const;

function ruleFields(before: Rule, after: Rule): FieldChange[] {
  const out: FieldChange[] = [];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const f of RULE_FIELDS)
    if (canonicalJson(b[f]) !== canonicalJson(a[f]))
      out.push({ field: f, before: shortValue(b[f]), after: shortValue(a[f]) });
  const bo = before.options ?? {};
  const ao = after.options ?? {};
  for (const k of [...new Set([...Object.keys(bo), ...Object.keys(ao)])].sort())
    if (canonicalJson(bo[k]) !== canonicalJson(ao[k]))
      out.push({
        field: `options.${k}`,
        before: shortValue(bo[k]),
        after: shortValue(ao[k]),
      });
  // Any other field a newer schema adds still shows as changed, never silently.
  const known = new Set<string>([...RULE_FIELDS, 'id', 'options']);
  for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort())
    if (!known.has(k) && canonicalJson(b[k]) !== canonicalJson(a[k]))
      out.push({ field: k, before: shortValue(b[k]), after: shortValue(a[k]) });
  return out;
}

/** The changes from `before` (null: a first install) to `after`. */
export function diffPacks(before: Pack | null, after: Pack): PackChanges {
  const meta: FieldChange[] = [];
  const rulesBefore = new Map((before?.rules ?? []).map((r) => [r.id, r]));
  const rulesAfter = new Map(after.rules.map((r) => [r.id, r]));
  const added: RuleChange[] = [];
  const removed: RuleChange[] = [];
  const changed: RuleChange[] = [];
  for (const r of after.rules) {
    const old = rulesBefore.get(r.id);
    if (!old) added.push({ id: r.id, message: r.message, fields: [] });
    else {
      const fields = ruleFields(old, r);
      if (fields.length) changed.push({ id: r.id, message: r.message, fields });
    }
  }
  for (const r of before?.rules ?? [])
    if (!rulesAfter.has(r.id)) removed.push({ id: r.id, message: r.message, fields: [] });

  const params: ParamChange[] = [];
  const pb = before?.params ?? {};
  const pa = after.params ?? {};
  for (const k of [...new Set([...Object.keys(pb), ...Object.keys(pa)])].sort()) {
    const b = Object.prototype.hasOwnProperty.call(pb, k) ? pb[k] : undefined;
    const a = Object.prototype.hasOwnProperty.call(pa, k) ? pa[k] : undefined;
    if (canonicalJson(b?.value) !== canonicalJson(a?.value) || !b !== !a)
      params.push({
        key: k,
        before: b ? shortValue(b.value) : null,
        after: a ? shortValue(a.value) : null,
      });
  }
  if (before)
    for (const f of ['name', 'jurisdiction', 'description', 'extends'] as const)
      if (canonicalJson(before[f]) !== canonicalJson(after[f]))
        meta.push({
          field: f,
          before: shortValue(before[f]),
          after: shortValue(after[f]),
        });

  return {
    fromVersion: before?.version ?? null,
    toVersion: after.version,
    meta,
    added,
    removed,
    changed,
    params,
    empty: !meta.length && !added.length && !removed.length && !changed.length && !params.length,
  };
}
