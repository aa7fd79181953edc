/**
 * `registration-number`: the 三统一 登记号/统一编号 — present on a normative document, in the
 * jurisdiction's format when the pack gives one, and of the same year as the 发文字号.
 */
import { z } from 'zod';
import type { Finding } from '../schema';
import { compilePattern } from '../regex';
import { param } from '../params';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
  documentSpan,
} from './types';

export const RegistrationOptionsSchema = z.strictObject({
  check: z.enum(['present', 'pattern', 'year']),
  /** `pattern`: accepted formats (default: param registration.patterns; none → no check). */
  patterns: z.array(z.string().min(1)).optional(),
  /**
   * `present`: also accept a 「规」 number in lieu of a separate 登记号 even where the pack's
   * `registration.separateRequired` says one is required (jurisdictions that mark normative
   * status inside the 发文字号).
   */
  acceptNormativeDocNumber: z.boolean().default(false),
  when: WhenSchema,
});
export type RegistrationOptions = z.infer<typeof RegistrationOptionsSchema>;

type State = { patterns: RegExp[]; normative: RegExp[]; separateRequired: boolean };

/**
 * A 「规」-series 发文字号: the 代字 ends in 规 or 规字 (浙政规〔2022〕3号, 穗建规字〔2019〕13号,
 * 川发改价格规〔2021〕499号), the form in which jurisdictions without a separate 登记号 number their
 * normative documents (domain.md §1 R-3U-03).
 */
export const GUI_AGENCY_RE = /规字?$/;

export const registrationNumberKind: RuleKind<RegistrationOptions, State> = {
  name: 'registration-number',
  optionsSchema: RegistrationOptionsSchema as z.ZodType<RegistrationOptions>,
  regexFields(o) {
    return (o.patterns ?? []).map((source, i) => ({ path: `options.patterns[${i}]`, source }));
  },
  compile(o, params) {
    const pats = o.patterns ?? param(params, 'registration.patterns', []);
    return {
      patterns: pats.map((p) => compilePattern(p, 'u')),
      normative: param(params, 'docNumber.normativePatterns', []).map((p) =>
        compilePattern(p, 'u'),
      ),
      separateRequired: param(params, 'registration.separateRequired', false),
    };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as RegistrationOptions;
    const { facts } = ctx;
    const reg = facts.registration;
    switch (o.check) {
      case 'present': {
        if (reg || facts.isDraft || !ctx.classification.normative) return [];
        const own = facts.ownDocNumber;
        // Where no separate 登记号 is required, the 「规」 number is the 统一编号.
        const gui =
          own !== null &&
          !own.isOrder &&
          (GUI_AGENCY_RE.test(own.agency) || st.normative.some((p) => p.test(own.normalized)));
        if (gui && (o.acceptNormativeDocNumber || !st.separateRequired)) return [];
        const at = own && own.end > own.start ? own : documentSpan(ctx);
        return [makeFinding(ctx, rule, { start: at.start, end: at.end })];
      }
      case 'pattern': {
        if (!reg || st.patterns.length === 0) return [];
        const v = reg.text.replace(/\s/g, '');
        if (st.patterns.some((p) => p.test(v))) return [];
        return [
          makeFinding(ctx, rule, { start: reg.start, end: reg.end, vars: { number: reg.text } }),
        ];
      }
      case 'year': {
        const own = facts.ownDocNumber;
        if (!reg || reg.year === null || !own || !/^\d{4}$/.test(own.year)) return [];
        if (+own.year === reg.year) return [];
        return [
          makeFinding(ctx, rule, {
            start: reg.start,
            end: reg.end,
            vars: { number: reg.text, year: reg.year, docYear: own.year, docNumber: own.text },
          }),
        ];
      }
    }
    return [];
  },
};
