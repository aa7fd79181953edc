/**
 * `doc-number`: GB/T 9704-2012 §7.2.5 format checks of 发文字号, always on the raw text (NFKC
 * would turn ﹝ into 〔 and hide the error), plus the jurisdiction's normative-number pattern.
 * One rule instance per check so that each cites its own basis.
 */
import { z } from 'zod';
import { SeveritySchema, type Finding } from '../schema';
import { compilePattern } from '../regex';
import { param } from '../params';
import { parseStandalone, type DocNumberHit } from '../facts/docnumber';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
  documentSpan,
  isThirdPartyCopy,
  lowerSeverity,
} from './types';

export const DOC_NUMBER_CHECKS = [
  'brackets',
  'year',
  'zero',
  'di',
  'hao',
  'space',
  'broken',
  'cn-date',
  'normative-pattern',
  'meta-mismatch',
  'meta-conflict',
  'missing',
] as const;

export const DocNumberOptionsSchema = z.strictObject({
  check: z.enum(DOC_NUMBER_CHECKS),
  /** Which numbers: the document's own, cited ones, or all. */
  target: z.enum(['own', 'cited', 'all']).default('all'),
  /** Severity for cited numbers (errors in someone else's number are less severe). */
  citedSeverity: SeveritySchema.optional(),
  /** `normative-pattern`: patterns (default: param docNumber.normativePatterns). */
  patterns: z.array(z.string().min(1)).optional(),
  /** Lower the severity one step on pages outside publication.officialHosts. */
  lowerOnThirdParty: z.boolean().default(true),
  when: WhenSchema,
});
export type DocNumberOptions = z.infer<typeof DocNumberOptionsSchema>;

type State = { patterns: RegExp[] };

const SPACE_RE = /[ \u3000]/;
const CN_DATE_RE = /二[O0０Ｏo]{1,2}[〇○零一二三四五六七八九十O0０Ｏo]{0,2}\s?年/g;

function applies(h: DocNumberHit, target: DocNumberOptions['target']): boolean {
  return target === 'all' || (target === 'own' ? h.own : !h.own);
}

/** Suggestion text: the GB/T 9704 form. */
function fix(h: DocNumberHit): string {
  return h.normalized;
}

export const docNumberKind: RuleKind<DocNumberOptions, State> = {
  name: 'doc-number',
  optionsSchema: DocNumberOptionsSchema as z.ZodType<DocNumberOptions>,
  regexFields(o) {
    return (o.patterns ?? []).map((source, i) => ({ path: `options.patterns[${i}]`, source }));
  },
  compile(o, params) {
    const pats = o.patterns ?? param(params, 'docNumber.normativePatterns', []);
    return { patterns: pats.map((p) => compilePattern(p, 'u')) };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as DocNumberOptions;
    const { facts, doc } = ctx;
    const out: Finding[] = [];
    const thirdParty =
      o.lowerOnThirdParty !== false &&
      isThirdPartyCopy(ctx, param(ctx.params, 'publication.officialHosts', []));
    const emit = (h: DocNumberHit, vars: Record<string, string>, suggestion?: string) => {
      let severity = h.own ? rule.rule.severity : (o.citedSeverity ?? rule.rule.severity);
      let note: string | undefined = h.own ? undefined : '被引用文件的文号';
      if (h.source === 'meta') note = '门户元数据中的文号';
      if (thirdParty) {
        severity = lowerSeverity(severity);
        note = (note ? note + '；' : '') + '本页不是官方发布渠道，可能是转载时产生的错误';
      }
      const init: Parameters<typeof makeFinding>[2] = {
        start: h.start,
        end: h.end,
        severity,
        vars: { number: h.text, fix: fix(h), ...vars },
      };
      if (note) init.note = note;
      if (suggestion !== undefined) init.suggestion = suggestion;
      out.push(makeFinding(ctx, rule, init));
    };
    const target = o.target ?? 'all';
    const level = ctx.classification.level;
    // An organ's 公告 series (「国家税务总局公告2024年第3号」) is not a GB/T 9704 发文字号: the
    // format checks below do not apply to it.
    const formatted = facts.docNumbers.filter((h) => !h.announcement);
    switch (o.check) {
      case 'brackets':
        for (const h of formatted) {
          if (!applies(h, target) || h.close === '') continue;
          if (h.open === '〔' && h.close === '〕') continue;
          const old = /^\d{4}$/.test(h.year) && +h.year < 2000;
          if (old) {
            // Predates GB/T 9704-1999/2012: informational only.
            const f = makeFinding(ctx, rule, {
              start: h.start,
              end: h.end,
              severity: 'info',
              vars: { number: h.text, fix: fix(h) },
              note: '该文号早于 GB/T 9704 施行，仅供参考',
              suggestion: fix(h),
            });
            out.push(f);
            continue;
          }
          emit(h, { bracket: h.open + h.close }, fix(h));
        }
        break;
      case 'year':
        for (const h of formatted)
          if (applies(h, target) && h.close !== '' && h.year.length !== 4) emit(h, {});
        break;
      case 'zero':
        for (const h of formatted)
          if (applies(h, target) && h.serial.length > 1 && h.serial.startsWith('0'))
            emit(h, {}, fix(h));
        break;
      case 'di':
        for (const h of formatted)
          if (applies(h, target) && h.hasDi && !h.isOrder && level !== '规章') emit(h, {}, fix(h));
        break;
      case 'hao':
        for (const h of formatted)
          if (applies(h, target) && h.close !== '' && h.serial !== '' && !h.hasHao)
            emit(h, {}, fix(h));
        break;
      case 'space':
        for (const h of formatted) {
          if (!applies(h, target) || h.source === 'meta') continue;
          if (SPACE_RE.test(doc.raw.slice(h.start, h.end))) emit(h, {}, fix(h));
        }
        break;
      case 'broken':
        for (const h of formatted) if (applies(h, target) && h.close === '') emit(h, {}, fix(h));
        break;
      case 'cn-date': {
        const re = new RegExp(CN_DATE_RE.source, 'g');
        let m: RegExpExecArray | null;
        while ((m = re.exec(doc.raw)) !== null) {
          const suggestion = m[0].replace(/[O0０Ｏo]/g, '〇');
          out.push(
            makeFinding(ctx, rule, {
              start: m.index,
              end: m.index + m[0].length,
              vars: { fix: suggestion },
              suggestion,
            }),
          );
          if (out.length >= 50) break;
        }
        break;
      }
      case 'normative-pattern': {
        const own = facts.ownDocNumber;
        if (!own || own.announcement || st.patterns.length === 0 || facts.isDraft) break;
        if (!ctx.classification.normative) break;
        const canon = own.normalized;
        if (!st.patterns.some((p) => p.test(canon) || p.test(doc.norm.slice(own.start, own.end))))
          emit(own, {});
        break;
      }
      case 'meta-mismatch': {
        const mv = (doc.model.meta['发文字号'] ?? doc.model.meta['文号'])?.trim();
        const own = facts.ownDocNumber;
        if (!mv || !own || own.source === 'meta') break;
        const bodyText = doc.raw.slice(own.start, own.end);
        if (bodyText.replace(/\s/g, '') !== mv.replace(/\s/g, '') && sameNumber(bodyText, mv)) {
          out.push(
            makeFinding(ctx, rule, {
              start: own.start,
              end: own.end,
              vars: { meta: mv, number: bodyText },
              suggestion: own.normalized,
            }),
          );
        }
        break;
      }
      case 'meta-conflict': {
        // The portal's 文号 field names another number than the body prints (a different
        // serial or year, not just another bracket): one of them is wrong.
        const mv = (doc.model.meta['发文字号'] ?? doc.model.meta['文号'])?.trim();
        const own = facts.ownDocNumber;
        if (!mv || !own || own.source === 'meta' || !parseStandalone(mv)) break;
        const bodyText = doc.raw.slice(own.start, own.end);
        if (!sameNumber(bodyText, mv)) {
          out.push(
            makeFinding(ctx, rule, {
              start: own.start,
              end: own.end,
              vars: { meta: mv, number: bodyText },
            }),
          );
        }
        break;
      }
      case 'missing': {
        if (facts.ownDocNumber || facts.isDraft || !ctx.classification.normative) break;
        if (facts.orderNumber) break;
        const span = documentSpan(ctx);
        out.push(makeFinding(ctx, rule, span));
        break;
      }
    }
    return out;
  },
};

/** Same number modulo bracket style, spaces and traditional forms. */
function sameNumber(a: string, b: string): boolean {
  const c = (s: string) =>
    s
      .replace(/[\s\u3000]/g, '')
      .replace(/[[［【(（〖﹝〔„]/g, '〔')
      .replace(/[\]］】)）〗﹞〕‟]/g, '〕')
      .replace(/號/g, '号')
      .replace(/辦/g, '办')
      .replace(/發/g, '发');
  return c(a) === c(b);
}
