/**
 * The contract of a rule kind: options validated by zod, a compile step run once per pack
 * set (regexes compiled and vetted there), and a pure run step per document.
 */
import { z } from 'zod';
import type { DocContext } from '../context';
import type { ExtractedFacts } from '../facts';
import type { YMD } from '../facts/dates';
import type { ParamValues } from '../params';
import type { Category, Classification, Finding, Level, Rule, Severity } from '../schema';
import { LevelSchema } from '../schema';
import { anchorFor } from '../text';

/** Common applicability condition, accepted in every kind's options as `when`. */
export const WhenSchema = z
  .strictObject({
    /** Run only for these levels (classification.level). */
    levels: z.array(LevelSchema).optional(),
    /** Run only when the document is (true) / is not (false) classified as normative. */
    normative: z.boolean().optional(),
    /** Run only for drafts (true) / final texts (false). */
    draft: z.boolean().optional(),
    /** Run only when the page holds a document at all (default true). */
    document: z.boolean().optional(),
  })
  .optional();
export type When = z.infer<typeof WhenSchema>;

/** A regex-valued option, reported to validation so it can vet the pattern. */
export type RegexField = { path: string; source: string };

export type RunContext = {
  doc: DocContext;
  facts: ExtractedFacts;
  classification: Classification;
  params: ParamValues;
  today: YMD;
  url?: string;
  /** Per-check cache shared by rules (e.g. citation positions), keyed by the caller. */
  cache: Map<string, unknown>;
};

/** A rule after layering, with its owner pack and compiled kind state. */
export type CompiledRule = {
  packId: string;
  rule: Rule;
  /** `packId/ruleId` */
  qualifiedId: string;
  when: When;
  state: unknown;
};

export type FindingInit = {
  start: number;
  end: number;
  severity?: Severity;
  /** Values for `{name}` placeholders in the rule's message. */
  vars?: Record<string, string | number>;
  /** Appended to the message (e.g. why it was downgraded). */
  note?: string;
  suggestion?: string;
  category?: Category;
};

export type RuleKind<O = unknown, S = unknown> = {
  name: string;
  /** zod schema of the rule's `options` (strict: unknown keys are errors). */
  optionsSchema: z.ZodType<O>;
  /** Regex-valued options, for vetting at validation time. */
  regexFields?(options: O): RegexField[];
  /** Builds the per-rule state once (compiled regexes …). May read the merged params. */
  compile(options: O, params: ParamValues): S;
  /** Produces findings for one document. Must not throw on any input (the engine also guards). */
  run(ctx: RunContext, rule: CompiledRule, state: S): Finding[];
};

/** Fills `{name}` placeholders; unknown names are left as they are. */
export function fillTemplate(template: string, vars: Record<string, string | number> = {}): string {
  if (template.indexOf('{') === -1) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) =>
    vars[k] !== undefined ? String(vars[k]) : m,
  );
}

/** Builds a finding for `rule` at [start,end) with the anchor quote taken from raw text. */
export function makeFinding(ctx: RunContext, rule: CompiledRule, init: FindingInit): Finding {
  const text = ctx.doc.raw;
  const start = Math.max(0, Math.min(init.start, text.length));
  const end = Math.max(start, Math.min(init.end, text.length));
  const exact = text.slice(start, end);
  let message = fillTemplate(rule.rule.message, { exact, ...(init.vars ?? {}) });
  if (init.note) message += `（${init.note}）`;
  const f: Finding = {
    ruleId: rule.qualifiedId,
    kind: rule.rule.kind,
    severity: init.severity ?? rule.rule.severity,
    category: init.category ?? rule.rule.category,
    message,
    basis: rule.rule.basis,
    ...(rule.rule.cite ? { cite: rule.rule.cite } : {}),
    range: { start, end },
    anchor: anchorFor(text, start, end),
  };
  // The kind's own suggestion (a rebuilt number …) is more precise than the rule's advice.
  const suggestion = init.suggestion ?? rule.rule.suggestion;
  if (suggestion !== undefined) f.suggestion = suggestion;
  return f;
}

/** Where to point a document-level finding (missing element): the title, else the start. */
export function documentSpan(ctx: RunContext): { start: number; end: number } {
  const t = ctx.facts.title;
  if (t && t.source === 'text' && t.end > t.start) return { start: t.start, end: t.end };
  return { start: 0, end: 0 };
}

/** Lowers a severity one step (error → warning → info). */
export function lowerSeverity(s: Severity): Severity {
  return s === 'error' ? 'warning' : 'info';
}

/** True when `level` is one a rule applies to. */
export function levelIn(level: Level, levels: readonly Level[] | undefined): boolean {
  return levels === undefined || levels.includes(level);
}

/** The page's host is a third-party copy (not one of the official publication hosts). */
export function isThirdPartyCopy(ctx: RunContext, hosts: readonly string[]): boolean {
  if (!ctx.url || hosts.length === 0) return false;
  let host: string;
  try {
    host = new URL(ctx.url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host === '127.0.0.1' || host === '') return false;
  return !hosts.some((h) => {
    const x = h.toLowerCase().replace(/^\*?\./, '');
    return host === x || host.endsWith('.' + x);
  });
}

/**
 * A draft page whose text is not on the page (only a notice and .docx/.pdf attachments):
 * "is X stated?" checks cannot be answered and must stay silent.
 */
export function draftTextAbsent(ctx: RunContext): boolean {
  return ctx.facts.isDraft && !ctx.doc.model.blocks.some((b) => b.kind === 'article');
}
