/**
 * `required-element`: a clause the document must contain, e.g. 制定依据 cited in the first
 * article, the 解释机关, a 施行日期 clause. Reports a missing element once per document.
 */
import { z } from 'zod';
import type { Finding } from '../schema';
import { compilePattern } from '../regex';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
  documentSpan,
  draftTextAbsent,
} from './types';

export const RequiredElementOptionsSchema = z.strictObject({
  /** The element is present when one of these matches within the scope. */
  patterns: z.array(z.string().min(1)).min(1),
  /**
   * `first-article`: the first 第X条 block (or the first body paragraph when there are no
   * articles); `opening`: the first three body blocks; `closing`: the last third;
   * `document`: anywhere.
   */
  scope: z.enum(['first-article', 'opening', 'closing', 'document']).default('document'),
  /** Only require it when the document is written in articles (第X条). */
  onlyWithArticles: z.boolean().default(false),
  when: WhenSchema,
});
export type RequiredElementOptions = z.infer<typeof RequiredElementOptionsSchema>;

type State = { re: RegExp };

export const requiredElementKind: RuleKind<RequiredElementOptions, State> = {
  name: 'required-element',
  optionsSchema: RequiredElementOptionsSchema as z.ZodType<RequiredElementOptions>,
  regexFields(o) {
    return o.patterns.map((source, i) => ({ path: `options.patterns[${i}]`, source }));
  },
  compile(o) {
    return { re: compilePattern(o.patterns.map((p) => `(?:${p})`).join('|'), 'u') };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as RequiredElementOptions;
    const { doc } = ctx;
    const blocks = doc.model.blocks;
    const articles = blocks.filter((b) => b.kind === 'article');
    if (o.onlyWithArticles && articles.length === 0) return [];
    if (draftTextAbsent(ctx)) return [];
    let from = 0;
    let to = doc.norm.length;
    let at = documentSpan(ctx);
    switch (o.scope) {
      case 'first-article': {
        const first =
          articles[0] ??
          blocks.find(
            (b) => b.start >= doc.headerEnd && (b.kind === 'paragraph' || b.kind === 'heading'),
          );
        if (!first) return [];
        from = first.start;
        to = first.end;
        at = { start: first.start, end: Math.min(first.end, first.start + 40) };
        break;
      }
      case 'opening': {
        const body = blocks.filter((b) => b.start >= doc.headerEnd).slice(0, 3);
        if (body.length === 0) return [];
        from = body[0]!.start;
        to = body[body.length - 1]!.end;
        break;
      }
      case 'closing':
        from = Math.floor((doc.norm.length * 2) / 3);
        break;
      case 'document':
        break;
    }
    // Bounded slice test: a sticky scan would be no faster, and slices are short except
    // for `document`, which is a single pass anyway.
    if (st.re.test(doc.norm.slice(from, to))) return [];
    return [makeFinding(ctx, rule, at)];
  },
};
