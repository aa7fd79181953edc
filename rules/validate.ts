/**
 * Validation of rule packs with Chinese messages that name the pack, the rule and the field,
 * e.g. 「规则包 national › 规则 NB-CF › options.triggers[2]：正则表达式无效…」. Storage calls this
 * on import; the engine calls it again before compiling.
 */
import type { z } from 'zod';
import { PackSchema, type Pack } from './schema';
import { getKind, kinds } from './kinds';
import { vetPattern, vetPatternList } from './regex';
import { PARAM_SCHEMAS, REGEX_PARAMS, type ParamKey } from './params';
import { basisIsOnlyKeys } from './basis';

/** Why a basis that is only source keys is refused. */
const ONLY_KEYS =
  '依据只有来源编号，审查人员无法引用：请写明法律、法规或文件的名称和条款（cite），如「《行政许可法》第十七条」「国办发〔2018〕37号 第三条第（一）项」';

export type ValidationError = { path: string; message: string };
export type ValidationResult =
  | { ok: true; pack: Pack }
  | {
      ok: false;
      errors: ValidationError[];
      /** The pack without its invalid rules, when only rules were at fault. */
      partial?: Pack;
    };

/** zod path → `options.triggers[2]` */
function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += (s ? '.' : '') + String(p);
  }
  return s;
}

const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  boolean: '布尔值',
  array: '数组',
  object: '对象',
  int: '整数',
  undefined: '空',
  null: 'null',
};

/** A Chinese message for a zod issue. */
function zhMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const exp = TYPE_NAMES[issue.expected] ?? issue.expected;
      return `类型错误：应为${exp}`;
    }
    case 'too_small':
      return issue.origin === 'array'
        ? `至少需要 ${String(issue.minimum)} 项`
        : issue.origin === 'string'
          ? `不能为空（至少 ${String(issue.minimum)} 个字符）`
          : `数值过小（最小 ${String(issue.minimum)}）`;
    case 'too_big':
      return issue.origin === 'string'
        ? `过长（上限 ${String(issue.maximum)} 个字符）`
        : issue.origin === 'array'
          ? `项数过多（上限 ${String(issue.maximum)} 项）`
          : `超出上限 ${String(issue.maximum)}`;
    case 'invalid_value':
      return `取值无效，可选值：${issue.values.map((v) => String(v)).join('、')}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_format':
      return `格式不符（${issue.format === 'regex' ? '不符合命名规则' : issue.format}）`;
    case 'invalid_union':
      return '取值不符合任何允许的形式';
    default:
      return issue.message;
  }
}

function packLabel(json: unknown): string {
  const id = (json as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : '（未命名）';
}

/** Options of {@link validatePack}. */
export interface ValidateOptions {
  /**
   * Pattern sources shipped in the seed packs (see {@link seedPatternSources}): vetted for the
   * super-linear shapes like any other, but not held to the step budget — each is timed on
   * adversarial text by the tests instead.
   */
  trusted?: ReadonlySet<string> | 'all';
}

/** Keys that would reach an object's prototype machinery when used as a lookup. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first reserved key anywhere in `json` (own keys, as JSON.parse makes them). */
function reservedKeyPath(json: unknown, path = ''): string | null {
  if (Array.isArray(json)) {
    for (let i = 0; i < json.length; i++) {
      const r = reservedKeyPath(json[i], `${path}[${i}]`);
      if (r) return r;
    }
  } else if (json !== null && typeof json === 'object') {
    for (const key of Object.keys(json)) {
      const here = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) return here;
      const r = reservedKeyPath((json as Record<string, unknown>)[key], here);
      if (r) return r;
    }
  }
  return null;
}

/** Every pattern source the given packs carry (rule fields and pattern parameters). */
export function seedPatternSources(packs: readonly Pack[]): Set<string> {
  const out = new Set<string>();
  for (const p of packs) {
    for (const [key, entry] of Object.entries(p.params))
      if (REGEX_PARAMS.has(key) && Array.isArray(entry.value))
        for (const s of entry.value as unknown[]) if (typeof s === 'string') out.add(s);
    for (const r of p.rules) {
      const kind = getKind(r.kind);
      const parsed = kind?.optionsSchema.safeParse(r.options);
      if (kind && parsed?.success)
        for (const f of kind.regexFields?.(parsed.data) ?? []) out.add(f.source);
    }
  }
  return out;
}

/**
 * Validates one pack: the envelope (PackSchema), each rule's kind and options (the kind's
 * zod schema), every regex (syntax and linear-time vetting, rules/regex.ts), the size of each
 * pattern list, known params' types, reserved keys, and duplicate rule ids.
 */
export function validatePack(json: unknown, opts: ValidateOptions = {}): ValidationResult {
  const label = packLabel(json);
  const errors: ValidationError[] = [];
  const trusted = opts.trusted;
  const isTrusted = (s: string) => (trusted === 'all' ? true : (trusted?.has(s) ?? false));
  const vet = (s: string) => vetPattern(s, { trusted: isTrusted(s) });
  const rulesJson = (json as { rules?: unknown } | null)?.rules;
  const ruleLabel = (i: number): string => {
    const id = Array.isArray(rulesJson)
      ? (rulesJson[i] as { id?: unknown } | undefined)?.id
      : undefined;
    return typeof id === 'string' && id ? id : `#${i + 1}`;
  };
  const push = (path: string, message: string, ruleIndex?: number, field?: string) => {
    const where =
      ruleIndex !== undefined
        ? `规则包 ${label} › 规则 ${ruleLabel(ruleIndex)}${field ? ` › ${field}` : ''}`
        : `规则包 ${label}${field ? ` › ${field}` : ''}`;
    errors.push({ path, message: `${where}：${message}` });
  };

  const reserved = reservedKeyPath(json);
  if (reserved) {
    push(
      reserved,
      `字段名「${reserved.slice(reserved.lastIndexOf('.') + 1)}」是保留字（__proto__、constructor、prototype 不能用作字段名或参数名），请改名`,
      undefined,
      reserved,
    );
    return { ok: false, errors };
  }

  const env = PackSchema.safeParse(json);
  if (env.success && env.data.extends.includes(env.data.id)) {
    const j = env.data.extends.indexOf(env.data.id);
    push(`extends[${j}]`, '规则包不能扩展它自己', undefined, `extends[${j}]`);
  }
  if (!env.success) {
    for (const issue of env.error.issues) {
      const path = formatPath(issue.path);
      if (issue.path[0] === 'rules' && typeof issue.path[1] === 'number') {
        push(path, zhMessage(issue), issue.path[1], formatPath(issue.path.slice(2)) || undefined);
      } else push(path, zhMessage(issue), undefined, path || undefined);
    }
    return { ok: false, errors };
  }
  const pack = env.data;
  const badRules = new Set<number>();

  // Params.
  for (const [key, entry] of Object.entries(pack.params)) {
    const schema = Object.hasOwn(PARAM_SCHEMAS, key)
      ? (PARAM_SCHEMAS as Record<string, z.ZodType>)[key]
      : undefined;
    if (schema) {
      const r = schema.safeParse(entry.value);
      if (!r.success) {
        for (const issue of r.error.issues)
          push(
            `params.${key}.value${formatPath(issue.path) ? '.' + formatPath(issue.path) : ''}`,
            zhMessage(issue),
            undefined,
            // Name the entry inside a structured value (params.higherLaw.register › [3].date).
            `params.${key}${issue.path.length ? ` › ${formatPath(issue.path)}` : ''}`,
          );
      }
    }
    if (!entry.basis.trim())
      push(`params.${key}.basis`, '参数必须注明依据（basis）', undefined, `params.${key}`);
    else if (!entry.cite && basisIsOnlyKeys(entry.basis))
      push(`params.${key}.basis`, ONLY_KEYS, undefined, `params.${key}`);
    if (REGEX_PARAMS.has(key) && Array.isArray(entry.value)) {
      (entry.value as unknown[]).forEach((src, i) => {
        const why = typeof src === 'string' ? vet(src) : '应为正则表达式字符串';
        if (why) push(`params.${key}.value[${i}]`, why, undefined, `params.${key}[${i}]`);
      });
      const strings = (entry.value as unknown[]).filter((s): s is string => typeof s === 'string');
      const why = vetPatternList(strings, isTrusted);
      if (why) push(`params.${key}.value`, why, undefined, `params.${key}`);
    }
    void (key as ParamKey);
  }

  // Rules.
  const seen = new Map<string, number>();
  pack.rules.forEach((rule, i) => {
    const prev = seen.get(rule.id);
    if (prev !== undefined) {
      push(`rules[${i}].id`, `规则编号重复（与第 ${prev + 1} 条相同）`, i, 'id');
      badRules.add(i);
    }
    seen.set(rule.id, i);
    if (!rule.cite && basisIsOnlyKeys(rule.basis)) {
      push(`rules[${i}].basis`, ONLY_KEYS, i, 'basis');
      badRules.add(i);
    }
    if (rule.levels !== undefined) {
      const dup = rule.levels.find((l, k) => rule.levels!.indexOf(l) !== k);
      if (dup) push(`rules[${i}].levels`, `适用层级「${dup}」重复`, i, 'levels');
      if (!rule.levelsBasis?.trim())
        push(
          `rules[${i}].levelsBasis`,
          '限定了适用层级（levels）的规则必须注明其依据（levelsBasis）',
          i,
          'levelsBasis',
        );
      if (dup || !rule.levelsBasis?.trim()) badRules.add(i);
    }
    const kind = getKind(rule.kind);
    if (!kind) {
      push(
        `rules[${i}].kind`,
        `未知的规则类型「${rule.kind}」，可用类型：${Object.keys(kinds).join('、')}`,
        i,
        'kind',
      );
      badRules.add(i);
      return;
    }
    const parsed = kind.optionsSchema.safeParse(rule.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = `options${formatPath(issue.path) ? (typeof issue.path[0] === 'number' ? '' : '.') + formatPath(issue.path) : ''}`;
        push(`rules[${i}].${field}`, zhMessage(issue), i, field);
      }
      badRules.add(i);
      return;
    }
    const lists = new Map<string, string[]>();
    for (const { path, source } of kind.regexFields?.(parsed.data) ?? []) {
      const why = vet(source);
      if (why) {
        push(`rules[${i}].${path}`, why, i, path);
        badRules.add(i);
      }
      const list = path.replace(/\[\d+\]$/, '');
      lists.set(list, [...(lists.get(list) ?? []), source]);
    }
    for (const [path, sources] of lists) {
      const why = vetPatternList(sources, isTrusted);
      if (why) {
        push(`rules[${i}].${path}`, why, i, path);
        badRules.add(i);
      }
    }
    // The compiled state must build (e.g. combined alternations with clashing group names).
    if (!badRules.has(i)) {
      try {
        kind.compile(parsed.data, {});
      } catch (e) {
        push(`rules[${i}].options`, `无法编译：${(e as Error).message}`, i, 'options');
        badRules.add(i);
      }
    }
  });

  pack.checklist.forEach((item, i) => {
    if (item.basis && !item.cite && basisIsOnlyKeys(item.basis))
      push(`checklist[${i}].basis`, ONLY_KEYS, undefined, `审查清单 ${item.id}`);
  });

  // Checklist items refer to rules by id; unknown ones are reported by validatePackSet,
  // because they may live in a base pack.
  if (errors.length === 0) return { ok: true, pack };
  const onlyRules = errors.every((e) => e.path.startsWith('rules['));
  const result: ValidationResult = { ok: false, errors };
  if (onlyRules) result.partial = { ...pack, rules: pack.rules.filter((_, i) => !badRules.has(i)) };
  return result;
}

/**
 * Validates a set of packs together: each pack, duplicate pack ids, `extends` references
 * that exist and do not form a cycle, and checklist items that name existing rules.
 */
export function validatePackSet(
  packs: unknown[],
  opts: ValidateOptions = {},
): { ok: true; packs: Pack[] } | { ok: false; errors: ValidationError[] } {
  const errors: ValidationError[] = [];
  const valid: Pack[] = [];
  packs.forEach((p, i) => {
    const r = validatePack(p, opts);
    if (r.ok) valid.push(r.pack);
    else errors.push(...r.errors.map((e) => ({ path: `[${i}].${e.path}`, message: e.message })));
  });
  const byId = new Map<string, Pack>();
  for (const p of valid) {
    if (byId.has(p.id)) errors.push({ path: p.id, message: `规则包 ${p.id}：编号重复` });
    byId.set(p.id, p);
  }
  for (const p of valid) {
    p.extends.forEach((base, j) => {
      if (!byId.has(base) && !packs.some((x) => packLabel(x) === base))
        errors.push({
          path: `${p.id}.extends[${j}]`,
          message: `规则包 ${p.id} › extends[${j}]：扩展的规则包「${base}」不存在`,
        });
    });
  }
  // Cycles.
  const state = new Map<string, number>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 2) return;
    if (state.get(id) === 1) {
      errors.push({
        path: `${id}.extends`,
        message: `规则包 ${id} › extends：形成循环（${[...trail, id].join(' → ')}）`,
      });
      return;
    }
    state.set(id, 1);
    for (const b of byId.get(id)?.extends ?? []) if (byId.has(b)) visit(b, [...trail, id]);
    state.set(id, 2);
  };
  for (const id of byId.keys()) visit(id, []);
  // Checklist rule references across each pack's layers.
  const ancestors = (id: string, acc = new Set<string>()): Set<string> => {
    if (acc.has(id)) return acc;
    acc.add(id);
    for (const b of byId.get(id)?.extends ?? []) ancestors(b, acc);
    return acc;
  };
  for (const p of valid) {
    const ruleIds = new Set<string>();
    for (const a of ancestors(p.id)) for (const r of byId.get(a)?.rules ?? []) ruleIds.add(r.id);
    p.checklist.forEach((c, j) =>
      c.rules.forEach((rid, k) => {
        const id = rid.includes('/') ? rid.slice(rid.indexOf('/') + 1) : rid;
        if (!ruleIds.has(id))
          errors.push({
            path: `${p.id}.checklist[${j}].rules[${k}]`,
            message: `规则包 ${p.id} › 清单项 ${c.id} › rules[${k}]：引用的规则「${rid}」不存在`,
          });
      }),
    );
  }
  return errors.length ? { ok: false, errors } : { ok: true, packs: valid };
}
