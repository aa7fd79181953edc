/**
 * `consultation`: the comment period of a draft is at least the pack's minimum — calendar
 * days for 规章 and market-related documents, working days (Mon–Fri; public holidays are not
 * known to the engine) for other normative documents.
 */
import { z } from 'zod';
import type { Finding } from '../schema';
import { compilePattern } from '../regex';
import { param } from '../params';
import { daysBetween, toISO, workingDaysBetween } from '../facts/dates';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
  documentSpan,
} from './types';

export const ConsultationOptionsSchema = z.strictObject({
  check: z.enum(['period', 'deadline-stated']),
  when: WhenSchema,
});
export type ConsultationOptions = z.infer<typeof ConsultationOptionsSchema>;

type State = { market: RegExp | null };

export const consultationKind: RuleKind<ConsultationOptions, State> = {
  name: 'consultation',
  optionsSchema: ConsultationOptionsSchema as z.ZodType<ConsultationOptions>,
  compile(_o, params) {
    const pats = param(params, 'consultation.marketPatterns', []);
    return {
      market: pats.length ? compilePattern(pats.map((p) => `(?:${p})`).join('|'), 'u') : null,
    };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as ConsultationOptions;
    const { facts } = ctx;
    if (!facts.isDraft) return [];
    const dl = facts.commentDeadline;
    if (o.check === 'deadline-stated') {
      if (dl) return [];
      const at = facts.draftMarkers.find((d) => d.end > d.start) ?? documentSpan(ctx);
      return [makeFinding(ctx, rule, { start: at.start, end: at.end })];
    }
    if (!dl) return [];
    const start =
      facts.commentStart ?? facts.publishedDate?.value ?? facts.writtenDate?.value ?? null;
    if (!start) return [];
    const isRegulation = ctx.classification.level === '规章';
    const market = st.market !== null && st.market.test(ctx.doc.norm);
    let min: number;
    let actual: number;
    let unit: string;
    if (isRegulation || market) {
      min = isRegulation
        ? param(ctx.params, 'consultation.minDaysRegulation', 0)
        : param(ctx.params, 'consultation.minDaysMarket', 0);
      actual = daysBetween(start, dl.value);
      unit = '日';
    } else {
      min = param(ctx.params, 'consultation.minWorkingDays', 0);
      actual = workingDaysBetween(start, dl.value);
      unit = '个工作日';
    }
    if (actual >= min) return [];
    const kind = isRegulation ? '规章草案' : market ? '涉及市场主体经营的文件' : '规范性文件';
    return [
      makeFinding(ctx, rule, {
        start: dl.start,
        end: dl.end,
        vars: { actual, min, unit, kind, start: toISO(start), deadline: toISO(dl.value) },
      }),
    ];
  },
};
