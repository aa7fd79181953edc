/**
 * `effective-date`: 施行日期 stated; at least N days after publication unless an exception
 * reason (国家安全, 外汇汇率, 货币政策, 突发事件 …) appears; not retroactive.
 */
import { z } from 'zod';
import type { Finding } from '../schema';
import { compilePattern } from '../regex';
import { param } from '../params';
import { dayNumber, toISO } from '../facts/dates';
import { sentenceAround } from '../text';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
  documentSpan,
  draftTextAbsent,
} from './types';

export const EffectiveOptionsSchema = z.strictObject({
  check: z.enum(['stated', 'gap', 'retroactive']),
  /** `retroactive`: words that make earlier effect favourable (补发, 追补 …) → info. */
  favourable: z.array(z.string().min(1)).default([]),
  when: WhenSchema,
});
export type EffectiveOptions = z.infer<typeof EffectiveOptionsSchema>;

const BLANK_DATE_RE = /自[\s_＿]{0,6}年[\s_＿]{0,6}月[\s_＿]{0,6}日起(?:施行|实施)/;

type State = { exceptions: RegExp | null; favourable: RegExp | null };

const join = (a: string[]) =>
  a.length ? compilePattern(a.map((p) => `(?:${p})`).join('|'), 'u') : null;

/** 「为应对…，制定本办法」「为…，现就…通知如下」: a purpose clause. */
const PURPOSE_RE = /为(?:了)?[^。\n]{0,80}(?:制定|特制定|现就|现将)/;

/**
 * The reason for a shorter gap is given with the clause (「鉴于…突发事件，本通知自印发之日
 * 起施行」) or in the purpose clause (「为应对突发洪涝灾害，…制定本办法」), not by an unrelated
 * article that mentions emergencies (「遇有突发事件的，可以先行发放」).
 */
function exceptionStated(
  ctx: RunContext,
  eff: { start: number; end: number },
  re: RegExp,
): boolean {
  const { norm } = ctx.doc;
  const own = ctx.doc.blockAt(eff.start);
  if (
    re.test(
      own ? norm.slice(own.start, Math.max(own.end, eff.end)) : norm.slice(eff.start, eff.end),
    )
  )
    return true;
  for (const b of ctx.doc.model.blocks) {
    const text = norm.slice(b.start, b.end);
    if (PURPOSE_RE.test(text) && re.test(text)) return true;
  }
  return false;
}

export const effectiveDateKind: RuleKind<EffectiveOptions, State> = {
  name: 'effective-date',
  optionsSchema: EffectiveOptionsSchema as z.ZodType<EffectiveOptions>,
  regexFields(o) {
    return (o.favourable ?? []).map((source, i) => ({ path: `options.favourable[${i}]`, source }));
  },
  compile(o, params) {
    return {
      exceptions: join(param(params, 'effective.exceptionPatterns', [])),
      favourable: join(o.favourable ?? []),
    };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as EffectiveOptions;
    const { facts } = ctx;
    const eff = facts.effective;
    switch (o.check) {
      case 'stated': {
        if (eff) return [];
        if (draftTextAbsent(ctx)) return [];
        // A draft leaves the date blank on purpose (自  年  月  日起施行): stated, not yet fixed.
        if (ctx.facts.isDraft && BLANK_DATE_RE.test(ctx.doc.norm)) return [];
        const at =
          facts.validity && facts.validity.end > facts.validity.start
            ? facts.validity
            : documentSpan(ctx);
        return [makeFinding(ctx, rule, { start: at.start, end: at.end })];
      }
      case 'gap': {
        if (!eff) return [];
        const min = param(ctx.params, 'effective.minGapDays', 0);
        let gap: number | null = null;
        let note: string | undefined;
        if (eff.relativeTo !== null) gap = eff.offsetDays;
        else if (eff.value && facts.publishDate)
          gap = dayNumber(eff.value) - dayNumber(facts.publishDate.value);
        // A draft is published only after its consultation closes: count from the deadline.
        const deadline = facts.isDraft ? facts.commentDeadline?.value : undefined;
        if (eff.relativeTo === null && eff.value && deadline) {
          const fromDeadline = dayNumber(eff.value) - dayNumber(deadline);
          if (gap === null || fromDeadline < gap) {
            gap = Math.max(0, fromDeadline);
            note =
              fromDeadline < 0
                ? `草案的施行日期早于征求意见截止日${toISO(deadline)}`
                : `草案：征求意见至${toISO(deadline)}截止，正式公布不会早于此日`;
          }
        }
        if (gap === null || gap >= min || gap < 0) return [];
        if (st.exceptions && exceptionStated(ctx, eff, st.exceptions)) {
          return [
            makeFinding(ctx, rule, {
              start: eff.start,
              end: eff.end,
              severity: 'info',
              vars: { gap, min },
              note: '文中出现了可以立即施行的例外情形，请核实是否适用',
            }),
          ];
        }
        const init: Parameters<typeof makeFinding>[2] = {
          start: eff.start,
          end: eff.end,
          vars: { gap, min },
        };
        if (note) init.note = note;
        return [makeFinding(ctx, rule, init)];
      }
      case 'retroactive': {
        const pub = facts.publishDate?.value;
        if (!pub) return [];
        const out: Finding[] = [];
        const seen = new Set<number>();
        const clauses = [...facts.effectiveClauses];
        if (eff && eff.relativeTo === null && !clauses.includes(eff)) clauses.push(eff);
        for (const c of clauses) {
          if (!c.value || seen.has(c.start)) continue;
          seen.add(c.start);
          if (dayNumber(c.value) >= dayNumber(pub)) continue;
          // Favourable only when said in the same sentence as the earlier date.
          const sent = sentenceAround(ctx.doc.norm, c.start, c.end, 150);
          const around = ctx.doc.norm.slice(sent.start, sent.end);
          const fav = st.favourable !== null && st.favourable.test(around);
          const init: Parameters<typeof makeFinding>[2] = {
            start: c.start,
            end: c.end,
            vars: { date: toISO(c.value), publish: toISO(pub) },
          };
          if (fav) {
            init.severity = 'info';
            init.note = '溯及既往似对相对人有利（如补发、追补待遇），请核实';
          }
          out.push(makeFinding(ctx, rule, init));
          if (out.length >= 20) break;
        }
        return out;
      }
    }
    return [];
  },
};
