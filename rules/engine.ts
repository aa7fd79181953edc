/**
 * The engine: layer and compile rule packs once, then check documents against them.
 * Pure: no browser APIs; runs in Node (CLI, tests, benches) and in the content script.
 */
import { makeContext } from './context';
import { extractFacts, toFacts, toFactSpans, type ExtractedFacts } from './facts';
import { fromISO, type YMD } from './facts/dates';
import { classify } from './classify';
import { notADocument, notADocumentReason } from './facts/readable';
import { getKind } from './kinds';
import type { CompiledRule, RunContext, When } from './kinds/types';
import { levelIn } from './kinds/types';
import { compilePattern } from './regex';
import { param, type ParamValues } from './params';
import type { DocumentModel } from './model';
import type {
  ChecklistItem,
  ChecklistResult,
  ChecklistWhen,
  Classification,
  Facts,
  Finding,
  Pack,
  Report,
  RuleLevel,
} from './schema';
import { validatePack } from './validate';
import { foldSuperseded } from './supersede';

export type CompiledPacks = {
  /** Packs in layer order (bases first), as they take part in the report. */
  packs: { id: string; version: string }[];
  params: ParamValues;
  rules: CompiledRule[];
  checklist: { item: ChecklistItem; packId: string }[];
  /** Pack registration-number patterns, used by the fact extractor too. */
  regPatterns: RegExp[];
  /** `consultation.marketPatterns` as one regex: does a text touch business (checklist `when.market`)? */
  market: RegExp | null;
  /** Problems met while compiling (invalid pack skipped, unknown extends …), in Chinese. */
  warnings: string[];
};

/**
 * Orders the active packs and everything they extend, bases first (depth-first, each pack
 * once). `activeIds` defaults to every given pack.
 */
function layerOrder(byId: Map<string, Pack>, activeIds: string[], warnings: string[]): Pack[] {
  const out: Pack[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, from: string | null) => {
    const st = state.get(id);
    if (st === 'done') return;
    if (st === 'visiting') {
      warnings.push(`规则包 ${id} 的 extends 形成循环，已忽略`);
      return;
    }
    const p = byId.get(id);
    if (!p) {
      warnings.push(from ? `规则包 ${from} 扩展的规则包 ${id} 不存在` : `未找到规则包 ${id}`);
      return;
    }
    state.set(id, 'visiting');
    for (const base of p.extends) visit(base, id);
    state.set(id, 'done');
    out.push(p);
  };
  for (const id of activeIds) visit(id, null);
  return out;
}

/**
 * Resolves `extends` layering and compiles the packs once. Later layers override params and
 * rules with the same id (a later `enabled: false` switches a base rule off). Invalid packs
 * and rules are skipped with a warning; this never throws.
 *
 * `validated`: the packs are the output of {@link validatePack} already (the background serves
 * them so, lib/packs.ts servePacks): skip validating them again. A rule that still fails to
 * compile is skipped with a warning as always.
 */
export function compilePacks(
  packs: Pack[],
  activeIds?: string[],
  opts: { validated?: boolean } = {},
): CompiledPacks {
  const warnings: string[] = [];
  const byId = new Map<string, Pack>();
  for (const raw of packs) {
    if (opts.validated) {
      byId.set(raw.id, raw);
      continue;
    }
    // The structural vetting (no super-linear pattern) always; the step budget is the storage
    // gate's (lib/packs.ts), which knows which patterns are the shipped seeds'.
    const v = validatePack(raw, { trusted: 'all' });
    if (!v.ok) {
      const id = (raw as { id?: unknown })?.id;
      warnings.push(...v.errors.map((e) => e.message));
      // A pack with only some bad rules still loads with those rules dropped.
      if (typeof id === 'string' && v.partial) byId.set(id, v.partial);
      continue;
    }
    byId.set(v.pack.id, v.pack);
  }
  const ids = activeIds ?? [...byId.keys()];
  const ordered = layerOrder(byId, ids, warnings);
  const params: ParamValues = {};
  const ruleMap = new Map<string, { packId: string; rule: Pack['rules'][number] }>();
  const checklistMap = new Map<string, { item: ChecklistItem; packId: string }>();
  for (const p of ordered) {
    for (const [k, v] of Object.entries(p.params)) params[k] = v.value;
    for (const r of p.rules) {
      // Re-inserting moves an overridden rule to the position of its latest layer.
      ruleMap.delete(r.id);
      ruleMap.set(r.id, { packId: p.id, rule: r });
    }
    for (const c of p.checklist) {
      checklistMap.delete(c.id);
      checklistMap.set(c.id, { item: c, packId: p.id });
    }
  }
  const rules: CompiledRule[] = [];
  for (const { packId, rule } of ruleMap.values()) {
    if (rule.enabled === false) continue;
    const kind = getKind(rule.kind);
    if (!kind) continue;
    try {
      const parsed = kind.optionsSchema.parse(rule.options);
      const state = kind.compile(parsed, params);
      rules.push({
        packId,
        rule: { ...rule, options: parsed as Record<string, unknown> },
        qualifiedId: `${packId}/${rule.id}`,
        when: (parsed as { when?: When }).when,
        state,
      });
    } catch (e) {
      warnings.push(
        `规则包 ${packId} › 规则 ${rule.id}：编译失败（${(e as Error).message}），已跳过`,
      );
    }
  }
  const regPatterns: RegExp[] = [];
  for (const src of param(params, 'registration.patterns', [])) {
    try {
      regPatterns.push(compilePattern(src.replace(/^\^|\$$/g, ''), 'gu'));
    } catch {
      /* validated already; ignore */
    }
  }
  let market: RegExp | null = null;
  const marketPats = param(params, 'consultation.marketPatterns', []);
  if (marketPats.length) {
    try {
      market = compilePattern(marketPats.map((p) => `(?:${p})`).join('|'), 'u');
    } catch {
      /* validated already; ignore */
    }
  }
  return {
    packs: ordered.map((p) => ({ id: p.id, version: p.version })),
    params,
    rules,
    checklist: [...checklistMap.values()],
    regPatterns,
    market,
    warnings,
  };
}

/** The rules of one check together may take this long before the rest are left out. */
export const RULES_BUDGET_MS = 3000;
/** A rule that alone takes longer is named in the report. */
export const SLOW_RULE_MS = 1000;
/** Whether a rule's `levels` include the document's level, coarse or fine. */
export function levelApplies(levels: readonly RuleLevel[] | undefined, c: Classification): boolean {
  if (levels === undefined) return true;
  return (
    levels.includes(c.level) || (c.fineLevel !== undefined && levels.includes(c.fineLevel.level))
  );
}

/** Whether a rule's `when` holds for the document (benches and the engine's rule loop). */
export function ruleApplies(when: When, c: Classification, f: ExtractedFacts): boolean {
  const w = when ?? {};
  if ((w.document ?? true) && !c.isDocument) return false;
  if (w.normative !== undefined && w.normative !== c.normative) return false;
  if (w.draft !== undefined && w.draft !== f.isDraft) return false;
  if (!levelIn(c.level, w.levels)) return false;
  return true;
}

const EMPTY_FACTS: Facts = {
  title: null,
  docNumber: null,
  registrationNumber: null,
  issuer: null,
  publishDate: null,
  effectiveDate: null,
  validity: { years: null, until: null, expiry: null },
  trial: false,
  isDraft: false,
  commentDeadline: null,
  attachments: [],
};

function todayUTC(): YMD {
  const d = new Date();
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

/**
 * Checks one document: facts, classification, findings (sorted by position), checklist.
 * Never throws: a failing rule is skipped; a failure outside the rules yields an empty report.
 */
export function check(
  model: DocumentModel,
  compiled: CompiledPacks,
  opts: { today: string; url?: string; budgetMs?: number },
): Report {
  const today = fromISO(opts.today) ?? todayUTC();
  try {
    const doc = makeContext(model);
    const facts = extractFacts(doc, today, compiled.regPatterns);
    let classification = classify(doc, facts);
    // Binary bytes, mojibake or a text of only headings: not a document, with the reason.
    const bad = notADocumentReason(doc);
    if (bad) classification = notADocument(classification, bad);
    if (!classification.isDocument) {
      // Dates and periods quoted on a page about another document are not this page's facts.
      facts.effective = null;
      facts.effectiveClauses = [];
      facts.validity = null;
      facts.expiry = null;
      facts.commentDeadline = null;
    }
    const url = opts.url ?? model.url;
    const ctx: RunContext = {
      doc,
      facts,
      classification,
      params: compiled.params,
      today,
      cache: new Map(),
    };
    if (url !== undefined) ctx.url = url;
    const findings: Finding[] = [];
    const ran = new Set<string>();
    // Defence in depth behind the pattern vetting (rules/regex.ts): a rule that runs past
    // SLOW_RULE_MS is named in the report, and once the rules together pass the budget the
    // remaining ones are left out (named too) so the review still shows. A single regex match
    // cannot be interrupted; the vetting is what keeps each one linear.
    const budget = opts.budgetMs ?? RULES_BUDGET_MS;
    const started = performance.now();
    const slow: Array<{ ruleId: string; ms: number }> = [];
    const skipped: string[] = [];
    // Rules left out because they are for other levels (a 不得设定 rule on a 规章 …).
    const otherLevel = new Set<string>();
    for (const r of compiled.rules) {
      if (!levelApplies(r.rule.levels, classification)) {
        otherLevel.add(r.rule.id);
        continue;
      }
      if (!ruleApplies(r.when, classification, facts)) continue;
      const kind = getKind(r.rule.kind);
      if (!kind) continue;
      const before = performance.now();
      if (before - started > budget) {
        skipped.push(r.qualifiedId);
        continue;
      }
      ran.add(r.rule.id);
      try {
        for (const f of kind.run(ctx, r, r.state)) findings.push(f);
      } catch {
        // A rule must not take the report down; its absence shows as "unknown" in the checklist.
        ran.delete(r.rule.id);
      }
      const ms = performance.now() - before;
      if (ms > Math.min(SLOW_RULE_MS, budget))
        slow.push({ ruleId: r.qualifiedId, ms: Math.round(ms) });
    }
    const kept = foldSuperseded(ctx, compiled.rules, findings);
    kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    const plain = toFacts(facts);
    return {
      facts: plain,
      factSpans: toFactSpans(facts),
      classification,
      findings: kept,
      checklist: checklist(compiled, kept, ran, plain, otherLevel, classification, doc.norm),
      packs: compiled.packs,
      ...(slow.length || skipped.length
        ? { slow: { rules: slow.sort((a, b) => b.ms - a.ms), skipped } }
        : {}),
    };
  } catch {
    return {
      facts: EMPTY_FACTS,
      factSpans: [],
      classification: {
        isDocument: false,
        isDraft: false,
        level: '其他',
        normative: false,
        score: 0,
        reasons: [{ text: '检查时出现内部错误，结果不可用', weight: 0 }],
      },
      findings: [],
      checklist: [],
      packs: compiled.packs,
    };
  }
}

/** Fact names a checklist item may reference, and whether each is present. */
function factPresent(facts: Facts, name: string): boolean | null {
  switch (name) {
    case 'validity':
      return facts.validity.years !== null || facts.validity.until !== null;
    case 'expiry':
      return facts.validity.expiry !== null;
    case 'attachments':
      return facts.attachments.length > 0;
    case 'trial':
    case 'isDraft':
    case 'notice':
      return null; // markers, not requirements
    default: {
      if (!(name in facts)) return null;
      const v = (facts as Record<string, unknown>)[name];
      return v !== null && v !== undefined && v !== '';
    }
  }
}

/** Chinese reason an item does not apply, or null when it applies. */
function notApplicable(
  when: ChecklistWhen | undefined,
  c: Classification,
  facts: Facts,
  touchesMarket: () => boolean,
): string | null {
  if (!when) return null;
  if (when.draft !== undefined && when.draft !== facts.isDraft)
    return facts.isDraft ? '草案尚未公布，此项待定稿时审查' : '仅适用于草案';
  if (when.normative !== undefined && when.normative !== c.normative)
    return c.normative ? '不适用于行政规范性文件' : '仅适用于行政规范性文件';
  if (when.levels !== undefined && !when.levels.includes(c.level)) return `不适用于${c.level}`;
  if (when.market !== undefined && when.market !== touchesMarket())
    return when.market ? '文本未涉及市场主体经济活动' : '文本涉及市场主体经济活动';
  return null;
}

/**
 * Checklist status (see ChecklistStatusSchema): an item whose `when` does not hold is 不适用;
 * linked rules that produced an error or a warning, or a missing required fact, fail it; a
 * clean run passes only when the item's `reach` is `pass` and the facts its rules inspect
 * (`subject`) are present — a keyword scan that found nothing is 待核实 (`review`); an item
 * whose rules did not run is `unknown`; an item linked to nothing is manual.
 */
function checklist(
  compiled: CompiledPacks,
  findings: Finding[],
  ran: Set<string>,
  facts: Facts,
  otherLevel: Set<string>,
  classification: Classification,
  norm: string,
): ChecklistResult[] {
  const byRule = new Map<string, number[]>();
  findings.forEach((f, i) => {
    // A finding counts for its rule and for the broader rules it stands for (`also`).
    for (const rid of [f.ruleId, ...(f.also ?? [])]) {
      const id = rid.slice(rid.indexOf('/') + 1);
      const list = byRule.get(id) ?? [];
      list.push(i);
      byRule.set(id, list);
    }
  });
  let market: boolean | undefined;
  const touchesMarket = () => (market ??= compiled.market?.test(norm) ?? false);
  return compiled.checklist.map(({ item }) => {
    const base = {
      id: item.id,
      group: item.group,
      label: item.label,
      ...(item.checks ? { checks: item.checks } : {}),
    };
    const evidence: string[] = [];
    const na = notApplicable(item.when, classification, facts, touchesMarket);
    if (na) return { ...base, status: 'na' as const, evidence, note: na };
    if (item.rules.length === 0 && item.facts.length === 0) {
      return { ...base, status: 'manual' as const, evidence };
    }
    // Every rule of the item is for other levels: the item is 不适用 (never a failure, even when
    // a fact it names is absent — a law has no 登记号).
    const bare = (rid: string) => (rid.includes('/') ? rid.slice(rid.indexOf('/') + 1) : rid);
    if (item.rules.length > 0 && item.rules.every((rid) => otherLevel.has(bare(rid)))) {
      const lv = classification.fineLevel?.level ?? classification.level;
      return { ...base, status: 'na' as const, evidence: [`level:${lv}`], note: `不适用于${lv}` };
    }
    let fail = false;
    let anyRan = false;
    for (const rid of item.rules) {
      const id = rid.includes('/') ? rid.slice(rid.indexOf('/') + 1) : rid;
      if (ran.has(id)) anyRan = true;
      for (const i of byRule.get(id) ?? []) {
        evidence.push(`finding:${i}`);
        // Info findings (e.g. a hit next to a higher-law citation) do not fail the item.
        if (findings[i]!.severity !== 'info') fail = true;
      }
    }
    let factsKnown = false;
    for (const name of item.facts) {
      const p = factPresent(facts, name);
      if (p === null) continue;
      factsKnown = true;
      evidence.push(`fact:${name}`);
      if (!p) fail = true;
    }
    if (fail) return { ...base, status: 'fail' as const, evidence };
    if (!anyRan && !factsKnown) return { ...base, status: 'unknown' as const, evidence };
    // What the rules looked at, so a pass says what it checked.
    let subjectMissing: string | null = null;
    for (const name of item.subject ?? []) {
      const p = factPresent(facts, name);
      if (p === null) continue;
      if (!evidence.includes(`fact:${name}`)) evidence.push(`fact:${name}`);
      if (!p) subjectMissing ??= name;
    }
    if (subjectMissing)
      return {
        ...base,
        status: 'review' as const,
        evidence,
        note: '文本未载明所检查的要素，规则无从检查',
      };
    return { ...base, status: (item.reach ?? 'review') as 'pass' | 'review', evidence };
  });
}
