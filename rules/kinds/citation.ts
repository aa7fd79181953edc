/**
 * `citation`: what a text cites as its higher law, read from its 《…》 citations
 * (rules/facts/citations.ts) against the higher-law register in the packs
 * (`higherLaw.register`, `higherLaw.renumbered`):
 *
 * - `check: "repealed"` — a law, regulation or 规章 repealed, replaced or renamed before the
 *   document's date is cited as if in force (error, with its successor). A citation the text
 *   itself marks as past (原《…》, 《…》同时废止, 已失效) is not reported.
 * - `check: "renumbered"` — an article number cited from a law whose amendment renumbered it,
 *   when the words around the citation are the old article's content (the 行政处罚法 2021 moved
 *   「其他规范性文件不得设定行政处罚」 from 第十四条 to 第十六条): warning, naming both numbers.
 * - `check: "normative-basis"` — a 不得 item (罚款, 许可, 收费 …) whose stated basis is a
 *   规范性文件 (a cited 通知/意见 or a cited 发文字号 that is no 令): a normative document cannot
 *   give that basis.
 */
import { z } from 'zod';
import type { Finding } from '../schema';
import { readCitations, citationKey, type Citation } from '../facts/citations';
import { dayNumber, fromISO, toISO, type YMD } from '../facts/dates';
import { param, type HigherLawEntry, type RenumberedLaw } from '../params';
import { compilePattern } from '../regex';
import { cached, sentenceBounds } from './pattern';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
} from './types';

export const CitationOptionsSchema = z.strictObject({
  check: z.enum(['repealed', 'renumbered', 'normative-basis']),
  /** `normative-basis`: the 不得 items whose basis must be higher law (regex sources). */
  triggers: z.array(z.string().min(1)).optional(),
  /** `normative-basis`: titles of normative documents (regex sources, matched at the title's end). */
  normativeTitles: z.array(z.string().min(1)).optional(),
  when: WhenSchema,
});
export type CitationOptions = z.infer<typeof CitationOptionsSchema>;

type State = {
  register: Map<string, HigherLawEntry>;
  renumbered: Map<string, RenumberedLaw>;
  triggers: RegExp | null;
  normativeTitle: RegExp | null;
};

const alt = (xs: string[]) => xs.map((s) => `(?:${s})`).join('|');

/** Every 《…》 of the document, read once per check. */
function citations(ctx: RunContext): Citation[] {
  return cached(ctx, 'citations', () => readCitations(ctx.doc.norm));
}

/** The document's own date: published, else written, else today (a draft). */
function documentDate(ctx: RunContext): YMD {
  return ctx.facts.publishDate?.value ?? ctx.facts.writtenDate?.value ?? ctx.today;
}

/** A citation the text itself marks as past law (原《…》, …同时废止, 已失效 …). */
function markedPast(ctx: RunContext, c: Citation): boolean {
  const norm = ctx.doc.norm;
  if (c.start > 0 && /[原旧]/.test(norm[c.start - 1]!)) return true;
  const s = sentenceBounds(ctx, c.start, c.end);
  return /废止|失效|不再适用|已被|取代|代替|修订前|修正前|停止执行/.test(
    norm.slice(s.start, s.end),
  );
}

const DIGITS = '零一二三四五六七八九';

/** 第十六条, 第一百零八条: article numbers as laws write them. */
export function articleName(n: number): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let s = '';
  if (n >= 1000) return `第${n}条`;
  if (h) s += DIGITS[h] + '百';
  if (t) s += (t === 1 && !h ? '' : DIGITS[t]) + '十';
  else if (h && u) s += '零';
  if (u) s += DIGITS[u];
  return `第${s}条`;
}

const cn = articleName;

export const citationKind: RuleKind<CitationOptions, State> = {
  name: 'citation',
  optionsSchema: CitationOptionsSchema.superRefine((o, ctx) => {
    if (o.check === 'normative-basis' && !o.triggers?.length)
      ctx.addIssue({ code: 'custom', path: ['triggers'], message: '须列出「不得」事项的触发词' });
  }) as unknown as z.ZodType<CitationOptions>,
  regexFields(o) {
    return [
      ...(o.triggers ?? []).map((s, i) => ({ path: `options.triggers[${i}]`, source: s })),
      ...(o.normativeTitles ?? []).map((s, i) => ({
        path: `options.normativeTitles[${i}]`,
        source: s,
      })),
    ];
  },
  compile(o, params) {
    const register = new Map<string, HigherLawEntry>();
    for (const e of param(params, 'higherLaw.register', []))
      for (const t of [e.title, ...(e.aliases ?? [])]) register.set(citationKey(t), e);
    const renumbered = new Map<string, RenumberedLaw>();
    for (const e of param(params, 'higherLaw.renumbered', []))
      for (const t of [e.title, ...(e.aliases ?? [])]) renumbered.set(citationKey(t), e);
    return {
      register,
      renumbered,
      triggers: o.triggers?.length ? compilePattern(alt(o.triggers), 'u') : null,
      normativeTitle: o.normativeTitles?.length
        ? compilePattern(`(?:${alt(o.normativeTitles)})$`, 'u')
        : null,
    };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as CitationOptions;
    if (o.check === 'repealed') return repealed(ctx, rule, st);
    if (o.check === 'renumbered') return renumbered(ctx, rule, st);
    return normativeBasis(ctx, rule, st);
  },
};

function repealed(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
  if (st.register.size === 0) return [];
  const out: Finding[] = [];
  const date = dayNumber(documentDate(ctx));
  const seen = new Set<string>();
  for (const c of citations(ctx)) {
    const e = st.register.get(c.key);
    if (!e) continue;
    const when = fromISO(e.date);
    if (!when || dayNumber(when) > date) continue;
    if (markedPast(ctx, c)) continue;
    // One finding per law and place is enough; repeated citations of it are listed once each.
    const at = `${c.key}@${c.start}`;
    if (seen.has(at)) continue;
    seen.add(at);
    out.push(
      makeFinding(ctx, rule, {
        start: c.start,
        end: c.end,
        vars: {
          title: c.title,
          event: e.event,
          date: toISO(when),
          successor: e.successor ? `《${e.successor}》` : '（无继受法）',
        },
        suggestion: e.successor
          ? `改为引用《${e.successor}》的相应条文`
          : `删除对《${c.title}》的引用，或改引现行有效的依据`,
        note: `依据：${e.basis}`,
      }),
    );
  }
  return out;
}

function renumbered(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
  if (st.renumbered.size === 0) return [];
  const out: Finding[] = [];
  const date = dayNumber(documentDate(ctx));
  const norm = ctx.doc.norm;
  for (const c of citations(ctx)) {
    const law = st.renumbered.get(c.key);
    if (!law || c.articles.length === 0) continue;
    const amended = fromISO(law.date);
    if (!amended || dayNumber(amended) > date) continue;
    // A citation naming an older version on purpose (（2017年修正）) is not this question.
    const vy = c.version ? Number(/\d{4}/.exec(c.version)?.[0]) : NaN;
    if (!Number.isNaN(vy) && vy < amended.y) continue;
    const s = sentenceBounds(ctx, c.start, c.tail);
    const around = norm.slice(s.start, s.end);
    for (const a of c.articles) {
      const moved = law.articles.find((x) => x.old === a.n);
      if (!moved || moved.now === a.n) continue;
      if (!moved.keywords.some((k) => around.includes(k))) continue;
      out.push(
        makeFinding(ctx, rule, {
          start: a.start,
          end: a.end,
          vars: {
            title: c.title,
            article: cn(a.n),
            topic: moved.topic,
            now: moved.now ? cn(moved.now) : '（已删除）',
            year: amended.y,
          },
          suggestion: moved.now
            ? `将「${cn(a.n)}」改为「${cn(moved.now)}」`
            : `核对该内容在现行《${c.title}》中的位置`,
          note: `依据：${law.basis}`,
        }),
      );
    }
  }
  return out;
}

function normativeBasis(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
  if (!st.triggers) return [];
  const norm = ctx.doc.norm;
  const out: Finding[] = [];
  let lastSentence = -1;
  for (const c of citations(ctx)) {
    if (c.nested) continue;
    const isNormative =
      (c.docNumber !== null && !/令/.test(c.docNumber)) ||
      (st.normativeTitle !== null && st.normativeTitle.test(c.title));
    if (!isNormative) continue;
    const s = sentenceBounds(ctx, c.start, c.end);
    if (s.start === lastSentence) continue;
    const sentence = norm.slice(s.start, s.end);
    // The citation must be given as the basis (依据/根据/依照/按照 before it) of a 不得 item.
    const before = norm.slice(Math.max(s.start, c.start - 12), c.start);
    if (!/依据|根据|依照|按照|参照/.test(before)) continue;
    const t = new RegExp(st.triggers.source, st.triggers.flags.replace(/[gy]/g, '')).exec(sentence);
    if (!t) continue;
    // A higher law cited in the same sentence gives the basis itself.
    if (
      citations(ctx).some(
        (x) =>
          x !== c &&
          x.start >= s.start &&
          x.end <= s.end &&
          /(?:法|条例)$/.test(x.key) &&
          x.docNumber === null,
      )
    )
      continue;
    lastSentence = s.start;
    out.push(
      makeFinding(ctx, rule, {
        start: c.start,
        end: c.docNumber ? c.tail : c.end,
        vars: { title: c.title, trigger: t[0] },
      }),
    );
  }
  return out;
}
