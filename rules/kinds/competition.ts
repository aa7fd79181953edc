/**
 * `competition`: the 公平竞争审查 standards (公平竞争审查条例 第八条至第十一条) and the two
 * document-level questions the pattern kind cannot answer:
 *
 * - `check: "standard"` — trigger phrases exactly as the `pattern` kind (same options, same
 *   exclusions and higher-law downgrade), and then: when the document claims a 第十二条
 *   exception *with one of its reasons*, every hit is lowered to 提示 with a note that the
 *   reviewer must decide (待核实). The exception never erases a hit. A claim without a reason
 *   changes nothing.
 * - `check: "scope"` — does the text concern business activity at all? The domains of
 *   实施办法 第二条 (市场准入和退出、产业发展、招商引资 …), each a list of patterns, found
 *   together with a business subject (企业、经营者 …): one 提示 naming the domains found.
 * - `check: "exception"` — a claimed 第十二条 exception must give its reason, state that no
 *   alternative less harmful to competition exists, and set a period or end condition; one
 *   finding naming what is missing (or, when nothing is, a 提示 that the reviewer decides).
 *
 * The exception patterns are pack parameters (`competition.exception.*`) so the office can
 * tune them; the kind holds no wording of its own.
 */
import { z } from 'zod';
import type { Finding } from '../schema';
import { compilePattern } from '../regex';
import { param, type ParamValues } from '../params';
import { PatternOptionsSchema, cached, patternKind, sentenceBounds } from './pattern';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
} from './types';

const DomainSchema = z.strictObject({
  /** The 实施办法 第二条 domain, e.g. 招商引资. */
  name: z.string().min(1),
  patterns: z.array(z.string().min(1)).min(1),
});

export const CompetitionOptionsSchema = z.strictObject({
  check: z.enum(['standard', 'scope', 'exception']).default('standard'),
  // `standard`: the pattern kind's options (validated by its schema, see below).
  triggers: PatternOptionsSchema.shape.triggers.optional(),
  exclude: PatternOptionsSchema.shape.exclude,
  excludeInSentence: PatternOptionsSchema.shape.excludeInSentence,
  scope: PatternOptionsSchema.shape.scope,
  downgrade: PatternOptionsSchema.shape.downgrade,
  maxFindings: PatternOptionsSchema.shape.maxFindings,
  // `scope`: the domains and the business subjects that must occur with them.
  domains: z.array(DomainSchema).optional(),
  subjects: z.array(z.string().min(1)).optional(),
  when: WhenSchema,
});
export type CompetitionOptions = z.infer<typeof CompetitionOptionsSchema>;

/** What a document says about a 第十二条 exception (computed once per check). */
export type ExceptionClaim = {
  start: number;
  end: number;
  /** The reason found (the matched words), or null. */
  reason: string | null;
  alternative: boolean;
  term: boolean;
};

type ExceptionRegexes = {
  key: string;
  claim: RegExp | null;
  reasons: RegExp | null;
  alternative: RegExp | null;
  term: RegExp | null;
};

type State = {
  pattern: ReturnType<typeof patternKind.compile> | null;
  exception: ExceptionRegexes;
  domains: { name: string; re: RegExp }[];
  subjects: RegExp | null;
};

const alt = (xs: string[]) => xs.map((s) => `(?:${s})`).join('|');

function compileList(xs: string[]): RegExp | null {
  return xs.length ? compilePattern(alt(xs)) : null;
}

function exceptionRegexes(params: ParamValues): ExceptionRegexes {
  const claim = param(params, 'competition.exception.claim', []);
  const reasons = param(params, 'competition.exception.reasons', []);
  const alternative = param(params, 'competition.exception.alternative', []);
  const term = param(params, 'competition.exception.term', []);
  return {
    key: 'competition-exception:' + JSON.stringify([claim, reasons, alternative, term]),
    claim: compileList(claim),
    reasons: compileList(reasons),
    alternative: compileList(alternative),
    term: compileList(term),
  };
}

/** How far around a claim its reason, alternative and term are looked for. */
const CLAIM_BEFORE = 200;
const CLAIM_AFTER = 600;

/** The document's first 第十二条 exception claim with what it states, or null. */
export function findException(ctx: RunContext, ex: ExceptionRegexes): ExceptionClaim | null {
  if (!ex.claim) return null;
  return cached(ctx, ex.key, (): ExceptionClaim | null => {
    const norm = ctx.doc.norm;
    const re = new RegExp(ex.claim!.source, ex.claim!.flags.replace('y', ''));
    const m = re.exec(norm);
    if (!m) return null;
    const s = m.index;
    const e = s + m[0].length;
    const lo = Math.max(0, s - CLAIM_BEFORE);
    const hi = Math.min(norm.length, e + CLAIM_AFTER);
    const win = norm.slice(lo, hi);
    const find = (r: RegExp | null) => {
      if (!r) return null;
      const x = new RegExp(r.source, r.flags.replace(/[gy]/g, '')).exec(win);
      return x ? x[0] : null;
    };
    return {
      start: s,
      end: e,
      reason: find(ex.reasons),
      alternative: find(ex.alternative) !== null,
      term: find(ex.term) !== null,
    };
  });
}

export const competitionKind: RuleKind<CompetitionOptions, State> = {
  name: 'competition',
  optionsSchema: CompetitionOptionsSchema.superRefine((o, ctx) => {
    if (o.check === 'standard' && !o.triggers?.length)
      ctx.addIssue({ code: 'custom', path: ['triggers'], message: '公平竞争审查标准须列出触发词' });
    if (o.check === 'scope' && !o.domains?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['domains'],
        message: '须列出《公平竞争审查条例实施办法》第二条的领域及其用语',
      });
  }) as unknown as z.ZodType<CompetitionOptions>,
  regexFields(o) {
    // Every pattern field, whatever the check: a pattern a pack carries is vetted even where
    // this check does not use it today (issue 20: no pattern field escapes the vetting).
    const out = patternKind.regexFields?.({ ...o, triggers: o.triggers ?? [] } as never) ?? [];
    (o.domains ?? []).forEach((d, i) =>
      d.patterns.forEach((s, j) =>
        out.push({ path: `options.domains[${i}].patterns[${j}]`, source: s }),
      ),
    );
    (o.subjects ?? []).forEach((s, i) => out.push({ path: `options.subjects[${i}]`, source: s }));
    return out;
  },
  compile(o, params) {
    return {
      pattern:
        o.check === 'standard' && o.triggers
          ? patternKind.compile(
              PatternOptionsSchema.parse({
                triggers: o.triggers,
                exclude: o.exclude,
                excludeInSentence: o.excludeInSentence,
                scope: o.scope,
                downgrade: o.downgrade,
                maxFindings: o.maxFindings,
              }),
              params,
            )
          : null,
      exception: exceptionRegexes(params),
      domains: (o.domains ?? []).map((d) => ({
        name: d.name,
        re: compilePattern(alt(d.patterns)),
      })),
      subjects: o.subjects?.length ? compilePattern(alt(o.subjects)) : null,
    };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as CompetitionOptions;
    if (o.check === 'scope') return scope(ctx, rule, st);
    if (o.check === 'exception') return exception(ctx, rule, st);
    if (!st.pattern) return [];
    const hits = patternKind.run(ctx, rule, st.pattern);
    if (hits.length === 0) return hits;
    const claim = findException(ctx, st.exception);
    if (!claim || !claim.reason) return hits;
    const note = `文件声明适用《公平竞争审查条例》第十二条例外（${claim.reason}），是否成立由审查人核实`;
    for (const f of hits) {
      if (f.severity === 'info') continue;
      f.severity = 'info';
      f.message += `（${note}）`;
    }
    return hits;
  },
};

/**
 * 实施办法 第二条: the domains found together with a business subject. Each domain is scanned
 * until its first match (one scan over all domains was measured slower: the frequent ones, such
 * as 投资项目, kept it busy to the end of the text).
 */
function scope(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
  const norm = ctx.doc.norm;
  if (
    st.subjects &&
    !new RegExp(st.subjects.source, st.subjects.flags.replace(/[gy]/g, '')).test(norm)
  )
    return [];
  const found: string[] = [];
  let first: { start: number; end: number } | null = null;
  for (const d of st.domains) {
    const re = new RegExp(d.re.source, d.re.flags.replace(/[gy]/g, '') + 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(norm)) !== null) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const b = ctx.doc.blockAt(m.index);
      // Metadata (主题分类 …) and the title say what a page is filed under, not what it does.
      if (b && b.kind === 'meta') continue;
      found.push(d.name);
      if (!first || m.index < first.start) first = { start: m.index, end: m.index + m[0].length };
      break;
    }
  }
  if (!first) return [];
  return [makeFinding(ctx, rule, { ...first, vars: { domains: found.join('、') } })];
}

/** 第十二条: a claimed exception gives its reason, no less harmful alternative, a period. */
function exception(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
  const claim = findException(ctx, st.exception);
  if (!claim) return [];
  const missing: string[] = [];
  if (!claim.reason) missing.push('未写明属于第十二条所列哪种情形');
  if (!claim.alternative) missing.push('未说明没有对公平竞争影响更小的替代方案');
  if (!claim.term) missing.push('未确定合理的实施期限或者终止条件');
  const sent = sentenceBounds(ctx, claim.start, claim.end);
  const span = { start: claim.start, end: Math.max(claim.end, Math.min(sent.end, claim.end)) };
  if (missing.length === 0)
    return [
      makeFinding(ctx, rule, {
        ...span,
        severity: 'info',
        vars: { missing: '理由、无替代方案和实施期限均已写明' },
        note: `例外理由：${claim.reason}；是否成立由审查人核实`,
      }),
    ];
  return [makeFinding(ctx, rule, { ...span, vars: { missing: missing.join('；') } })];
}
