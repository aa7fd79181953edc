/**
 * `validity`: 有效期 stated; within the cap (default / 暂行·试行 / 通告 caps from the pack);
 * over-cap needs a stated reason; evaluation due N months before expiry; lapsed after it —
 * all relative to the engine's `today`.
 */
import { z } from 'zod';
import type { Finding } from '../schema';
import { compilePattern } from '../regex';
import { param } from '../params';
import { addMonths, dayNumber, toISO } from '../facts/dates';
import { validityYears } from '../facts';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
  documentSpan,
  draftTextAbsent,
} from './types';

export const ValidityOptionsSchema = z.strictObject({
  check: z.enum(['stated', 'cap', 'evaluation', 'lapsed']),
  /**
   * `cap`: which documents this rule caps — ordinary ones (validity.maxYears.default),
   * 暂行/试行 (validity.maxYears.trial) or 通告 (validity.maxYears.notice). A document is
   * checked by exactly one of them (通告 before 暂行/试行 before ordinary).
   */
  docType: z.enum(['default', 'trial', 'notice']).default('default'),
  when: WhenSchema,
});
export type ValidityOptions = z.infer<typeof ValidityOptionsSchema>;

type State = { reasons: RegExp | null };

const fmtYears = (y: number) => (Number.isInteger(y) ? String(y) : y.toFixed(1));

export const validityKind: RuleKind<ValidityOptions, State> = {
  name: 'validity',
  optionsSchema: ValidityOptionsSchema as z.ZodType<ValidityOptions>,
  compile(_o, params) {
    const pats = param(params, 'validity.overCapReasonPatterns', []);
    return {
      reasons: pats.length ? compilePattern(pats.map((p) => `(?:${p})`).join('|'), 'u') : null,
    };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as ValidityOptions;
    const { facts } = ctx;
    const v = facts.validity;
    switch (o.check) {
      case 'stated': {
        if (v) return [];
        if (draftTextAbsent(ctx)) return [];
        const at =
          facts.effective && facts.effective.end > facts.effective.start
            ? facts.effective
            : documentSpan(ctx);
        return [makeFinding(ctx, rule, { start: at.start, end: at.end })];
      }
      case 'cap': {
        if (!v) return [];
        const years = validityYears(facts);
        if (years === null) return [];
        const kind = facts.notice ? 'notice' : facts.trial ? 'trial' : 'default';
        if (kind !== (o.docType ?? 'default')) return [];
        const cap =
          kind === 'notice'
            ? param(ctx.params, 'validity.maxYears.notice', Infinity)
            : kind === 'trial'
              ? param(ctx.params, 'validity.maxYears.trial', Infinity)
              : param(ctx.params, 'validity.maxYears.default', Infinity);
        // Half a month of tolerance for ranges that end on the eve of an anniversary.
        if (!(years > cap + 0.02)) return [];
        const label =
          kind === 'notice' ? '通告' : kind === 'trial' ? '暂行/试行文件' : '规范性文件';
        const vars = { years: fmtYears(years), cap: fmtYears(cap), label };
        const requires = param(ctx.params, 'validity.overCapRequiresReason', true);
        if (requires && st.reasons) {
          const around = ctx.doc.norm.slice(Math.max(0, v.start - 120), v.end + 120);
          if (st.reasons.test(around))
            return [
              makeFinding(ctx, rule, {
                start: v.start,
                end: v.end,
                severity: 'info',
                vars,
                note: '文中说明了超期理由，请核实',
              }),
            ];
        }
        return [makeFinding(ctx, rule, { start: v.start, end: v.end, vars })];
      }
      case 'evaluation':
      case 'lapsed': {
        const exp = facts.expiry;
        if (!exp || facts.isDraft) return [];
        const today = dayNumber(ctx.today);
        const end = dayNumber(exp);
        const at = v && v.end > v.start ? v : documentSpan(ctx);
        if (o.check === 'lapsed') {
          if (today <= end) return [];
          return [
            makeFinding(ctx, rule, { start: at.start, end: at.end, vars: { expiry: toISO(exp) } }),
          ];
        }
        const months = param(ctx.params, 'validity.evaluationMonths', 6);
        const due = dayNumber(addMonths(exp, -months));
        if (today < due || today > end) return [];
        return [
          makeFinding(ctx, rule, {
            start: at.start,
            end: at.end,
            vars: { expiry: toISO(exp), months, days: end - today },
          }),
        ];
      }
    }
    return [];
  },
};
