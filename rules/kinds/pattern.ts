/**
 * `pattern`: trigger phrases/patterns with exclusions, a scope, and a downgrade condition.
 * The 「不得」 list (NB-XK, NB-CF, …) is built from it.
 *
 * Linear by construction: all triggers of a rule are one alternation scanned once; the
 * exclusions and the higher-law citations are scanned once per check and looked up by
 * binary search; the sentence test per hit reads a bounded window.
 */
import { z } from 'zod';
import { SeveritySchema, type Finding } from '../schema';
import { compilePattern } from '../regex';
import { param } from '../params';
import { lowerBound } from '../text';
import { CN_NUM_CLASS } from '../facts/numerals';
import { compileTriggers, scanTriggers, type TriggerScan } from '../scan';
import {
  RestatedSchema,
  compileRestated,
  restatedProvision,
  type CompiledRestated,
} from '../restated';
import {
  compileImpositionWords,
  notImposed,
  type Bearer,
  type ImpositionWords,
} from '../imposition';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
} from './types';

const TriggerSchema = z.union([
  z.string().min(1),
  z.strictObject({
    pattern: z.string().min(1),
    severity: SeveritySchema.optional(),
    /** Added to the message for hits of this trigger. */
    note: z.string().optional(),
    /**
     * Who bears the measure (with `meaning`): `public` — a duty of the public (缴纳, 须经批准,
     * 提供证明), not imposed when the clause's subject is the administration; `admin` — an act
     * of the administration (处罚款, 收取…费), not an administrative measure when the subject
     * is a market party.
     */
    bearer: z.enum(['public', 'admin']).optional(),
  }),
]);

/**
 * Read each hit for what the clause does (rules/imposition.ts): drop a hit whose measure is
 * negated, named as a wrong, one of an enumeration of categories, or borne by the wrong party;
 * report one finding per clause (条, else paragraph) with the clause's other hits as extra
 * ranges. The words are the pack parameters `imposition.*`.
 */
const MeaningSchema = z.strictObject({
  /** Off for rules whose triggers are prohibitions themselves (不得从事 …). */
  negation: z.boolean().default(true),
  enumeration: z.boolean().default(true),
  /** A higher-law citation anywhere before the hit in its sentence also lowers it. */
  sentenceBasis: z.boolean().default(true),
});

export const PatternOptionsSchema = z.strictObject({
  triggers: z.array(TriggerSchema).min(1),
  /** A hit is dropped when a match of one of these overlaps it (征求意见 vs 征收, 罚款上缴国库). */
  exclude: z.array(z.string().min(1)).default([]),
  /** A hit is dropped when its sentence matches one of these (补贴/奖励 for 收费 triggers). */
  excludeInSentence: z.array(z.string().min(1)).default([]),
  /**
   * Where to look: `title`, `article` (第X条 blocks; the body when there are none), `body`
   * (all but title and metadata), `sentence` (body, and the finding covers the sentence),
   * `document` (everything).
   */
  scope: z.enum(['title', 'article', 'body', 'sentence', 'document']).default('body'),
  /**
   * Downgrade a hit when a citation of higher law stands within `window` characters, e.g.
   * 《中华人民共和国行政处罚法》第十条 next to 罚款. Patterns/window default to the pack
   * parameters citation.patterns / citation.window.
   */
  downgrade: z
    .strictObject({
      patterns: z.array(z.string().min(1)).optional(),
      window: z.number().int().nonnegative().optional(),
      severity: SeveritySchema.default('info'),
      note: z.string().default('附近引用了上位法，可能只是重申或援引，请人工确认'),
    })
    .optional(),
  /**
   * Provisions of higher law whose penalty documents often restate (rules/restated.ts): a hit
   * whose amounts and conduct match one, in a document citing that act, is lowered to info.
   */
  restated: z.array(RestatedSchema).default([]),
  /** At most this many findings per document (the rest are summarised in the last one). */
  maxFindings: z.number().int().positive().default(100),
  meaning: MeaningSchema.optional(),
  when: WhenSchema,
});
export type PatternOptions = z.infer<typeof PatternOptionsSchema>;

type State = {
  combined: RegExp;
  scan: TriggerScan;
  triggers: { re: RegExp; severity?: Finding['severity']; note?: string; bearer?: Bearer }[];
  words: ImpositionWords | null;
  perTrigger: boolean;
  exclude: RegExp | null;
  excludeInSentence: RegExp | null;
  downgrade: {
    re: RegExp;
    key: string;
    window: number;
    severity: Finding['severity'];
    note: string;
  } | null;
  restated: CompiledRestated[];
};

/** Joins sources into one alternation; each is wrapped so its own `|` stays local. */
function alternation(sources: string[]): string {
  return sources.map((s) => `(?:${s})`).join('|');
}

/** Default higher-law citation: 《…法/条例/规定》 optionally with 第N条, or 依照…法律法规. */
export const DEFAULT_CITATION_PATTERNS = [
  '《[^《》\\n]{1,60}(?:法|条例|规定|办法|细则|决定)》',
  '(?:依照|依据|按照|根据)[^。；\\n]{0,20}(?:法律|法规|规章|有关规定|相关规定)',
  '依法',
];

type Intervals = { starts: number[]; ends: number[] };

/** Sorted non-overlapping match intervals of `re` over `text` (one pass). */
function intervals(re: RegExp, text: string): Intervals {
  const starts: number[] = [];
  const ends: number[] = [];
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  let m: RegExpExecArray | null;
  while ((m = r.exec(text)) !== null) {
    if (m[0] === '') {
      r.lastIndex++;
      continue;
    }
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  return { starts, ends };
}

/** Any interval overlapping [s, e)? Intervals are sorted and non-overlapping. */
function overlaps(iv: { starts: number[]; ends: number[] }, s: number, e: number): boolean {
  const i = lowerBound(iv.starts, e) - 1;
  return i >= 0 && iv.ends[i]! > s;
}

/** Any interval starting within [s, e)? */
function anyStartIn(iv: { starts: number[]; ends: number[] }, s: number, e: number): boolean {
  const i = lowerBound(iv.starts, s);
  return i < iv.starts.length && iv.starts[i]! < e;
}

export const patternKind: RuleKind<PatternOptions, State> = {
  name: 'pattern',
  optionsSchema: PatternOptionsSchema as z.ZodType<PatternOptions>,
  regexFields(o) {
    const out = o.triggers.map((t, i) => ({
      path: `options.triggers[${i}]`,
      source: typeof t === 'string' ? t : t.pattern,
    }));
    (o.exclude ?? []).forEach((s, i) => out.push({ path: `options.exclude[${i}]`, source: s }));
    (o.excludeInSentence ?? []).forEach((s, i) =>
      out.push({ path: `options.excludeInSentence[${i}]`, source: s }),
    );
    (o.downgrade?.patterns ?? []).forEach((s, i) =>
      out.push({ path: `options.downgrade.patterns[${i}]`, source: s }),
    );
    (o.restated ?? []).forEach((r, i) =>
      out.push({ path: `options.restated[${i}].conduct`, source: r.conduct }),
    );
    return out;
  },
  compile(o, params) {
    const srcs = o.triggers.map((t) => (typeof t === 'string' ? t : t.pattern));
    const scan = compileTriggers(srcs);
    const triggers = o.triggers.map((t) => {
      const source = typeof t === 'string' ? t : t.pattern;
      const x: State['triggers'][number] = { re: compilePattern(source, 'uy') };
      if (typeof t !== 'string') {
        if (t.severity) x.severity = t.severity;
        if (t.note) x.note = t.note;
        if (t.bearer) x.bearer = t.bearer;
      }
      return x;
    });
    let downgrade: State['downgrade'] = null;
    if (o.downgrade) {
      const pats =
        o.downgrade.patterns ?? param(params, 'citation.patterns', DEFAULT_CITATION_PATTERNS);
      const source = alternation(pats);
      downgrade = {
        re: compilePattern(source),
        key: 'cite:' + source,
        window: o.downgrade.window ?? param(params, 'citation.window', 60),
        severity: o.downgrade.severity,
        note: o.downgrade.note,
      };
    }
    return {
      combined: scan.combined,
      scan,
      triggers,
      perTrigger: triggers.some(
        (t) => t.severity !== undefined || t.note !== undefined || t.bearer !== undefined,
      ),
      words: o.meaning ? compileImpositionWords(params) : null,
      exclude: o.exclude.length ? compilePattern(alternation(o.exclude)) : null,
      excludeInSentence: o.excludeInSentence.length
        ? compilePattern(alternation(o.excludeInSentence), 'u')
        : null,
      downgrade,
      restated: compileRestated(o.restated ?? []),
    };
  },
  run(ctx: RunContext, rule: CompiledRule, st: State): Finding[] {
    const o = rule.rule.options as unknown as PatternOptions;
    const { doc } = ctx;
    const norm = doc.norm;
    const scope = o.scope ?? 'body';
    const maxFindings = o.maxFindings ?? 100;
    const meaning = o.meaning && st.words ? o.meaning : null;
    const hasArticles = scope === 'article' && doc.model.blocks.some((b) => b.kind === 'article');
    let from = 0;
    let to = norm.length;
    const title = ctx.facts.title;
    if (scope === 'title') {
      if (!title || title.source !== 'text') return [];
      from = title.start;
      to = title.end;
    }
    // Exclusions and citations are scanned on the first hit that needs them (shared through
    // the cache): a rule that finds nothing costs one pass of its triggers, not three.
    let exclIv: Intervals | undefined;
    const excl = st.exclude
      ? () =>
          (exclIv ??= cached(ctx, 'ex:' + st.exclude!.source, () => intervals(st.exclude!, norm)))
      : null;
    let citeIv: Intervals | undefined;
    const cites = st.downgrade
      ? () => (citeIv ??= cached(ctx, st.downgrade!.key, () => intervals(st.downgrade!.re, norm)))
      : null;
    const clauses = meaning ? cached(ctx, 'clause-of-block', () => clauseOfBlock(ctx)) : null;
    const out: Finding[] = [];
    // With `meaning`: the finding of each clause, to add the clause's further hits to.
    const byClause = new Map<number, Finding>();
    let lastSentenceEnd = -1;
    let suppressedAfterCap = 0;
    // The triggers' alternation, scanned in groups V8 can skip through (rules/scan.ts).
    for (const m of scanTriggers(st.scan, norm, from)) {
      if (m.index >= to) break;
      if (m[0] === '') continue;
      const s = m.index;
      const e = s + m[0].length;
      if (scope !== 'document' && scope !== 'title') {
        const b = doc.blockAt(s);
        if (b && (b.kind === 'title' || b.kind === 'meta')) continue;
        if (scope === 'article' && hasArticles && b && b.kind !== 'article') continue;
      }
      if (excl && overlaps(excl(), s, e)) continue;
      // Past the cap a new clause is only counted (reading each hit's clause costs more than
      // finding it, and a long text has tens of thousands of hits).
      if (meaning && out.length >= maxFindings && !byClause.has(clauseKey(ctx, clauses!, s))) {
        suppressedAfterCap++;
        continue;
      }
      // Likewise without `meaning`: past the cap a hit in a new sentence is only counted (its
      // exclusions, trigger and citations are not read: a 1 MB page has thousands of hits).
      if (!meaning && out.length >= maxFindings) {
        const sent = sentenceBounds(ctx, s, e);
        if (sent.start >= lastSentenceEnd) {
          suppressedAfterCap++;
          lastSentenceEnd = sent.end;
        }
        continue;
      }
      const sent = sentenceBounds(ctx, s, e);
      if (st.excludeInSentence && st.excludeInSentence.test(norm.slice(sent.start, sent.end)))
        continue;
      // One finding per sentence: several triggers of one rule in a sentence are one problem.
      // (With `meaning`, one per clause instead, below.)
      if (!meaning && sent.start < lastSentenceEnd) continue;
      // Which trigger matched (first alternative that matches here, as the regex did).
      let trig = st.triggers[0]!;
      // Only needed when some trigger carries its own severity, note or bearer.
      if (st.perTrigger)
        for (const t of st.triggers) {
          t.re.lastIndex = s;
          const tm = t.re.exec(norm);
          if (tm && tm.index === s) {
            trig = t;
            break;
          }
        }
      if (meaning) {
        const why = notImposed(norm, s, e, sent.start, sent.end, st.words!, {
          negation: meaning.negation,
          enumeration: meaning.enumeration,
          ...(trig.bearer ? { bearer: trig.bearer } : {}),
        });
        if (why) continue;
      }
      let severity = trig.severity ?? rule.rule.severity;
      let note = trig.note;
      if (st.downgrade && cites) {
        // The citation must stand within ±window characters *and* in the same sentence:
        // a 《…法》 in the next article says nothing about this one. With `meaning`, a
        // citation anywhere before the hit in its sentence governs it too (「依照《…》第N条的
        // 规定，…处…罚款」).
        const w = st.downgrade.window;
        const lo = meaning?.sentenceBasis ? sent.start : Math.max(sent.start, s - w);
        const hi = Math.min(sent.end, e + w);
        const iv = cites();
        if (
          overlaps(iv, s, e) ||
          anyStartIn(iv, lo, hi) ||
          overlaps(iv, lo, lo + 1) ||
          quotesArticle(norm, doc.blockAt(s))
        ) {
          severity = st.downgrade.severity;
          note = note ? `${note}；${st.downgrade.note}` : st.downgrade.note;
        }
      }
      if (severity !== 'info' && st.restated.length > 0) {
        // The hit with the rest of its segment: 「处一百元以上五百元以下罚款」.
        const tail = /^[^，,。；;\n]*/.exec(norm.slice(e, Math.min(sent.end, e + 40)))![0];
        const law = restatedProvision(
          st.restated,
          norm,
          norm.slice(s, e) + tail,
          norm.slice(sent.start, sent.end),
        );
        if (law) {
          severity = 'info';
          const said = `罚款幅度与《${law.act}》${law.article}一致，可能是复述上位法的罚则，请核对该条文`;
          note = note ? `${note}；${said}` : said;
        }
      }
      const range = scope === 'sentence' ? trimSentence(norm, sent) : { start: s, end: e };
      if (meaning) {
        const key = clauseKey(ctx, clauses!, s);
        const prev = byClause.get(key);
        if (prev) {
          // The clause has its finding already: this hit is one of its places. A more
          // severe hit becomes the main place (and its message the finding's).
          if (RANK[severity] < RANK[prev.severity]) {
            const extra = [prev.range, ...(prev.ranges ?? [])];
            const init: Parameters<typeof makeFinding>[2] = {
              start: range.start,
              end: range.end,
              severity,
              vars: { trigger: doc.raw.slice(s, e) },
            };
            if (note) init.note = note;
            const f = makeFinding(ctx, rule, init);
            f.ranges = extra;
            out[out.indexOf(prev)] = f;
            byClause.set(key, f);
          } else {
            (prev.ranges ??= []).push({ start: range.start, end: range.end });
          }
          continue;
        }
      }
      lastSentenceEnd = sent.end;
      if (out.length >= maxFindings) {
        suppressedAfterCap++;
        continue;
      }
      const init: Parameters<typeof makeFinding>[2] = {
        start: range.start,
        end: range.end,
        severity,
        vars: { trigger: doc.raw.slice(s, e) },
      };
      if (note) init.note = note;
      const f = makeFinding(ctx, rule, init);
      out.push(f);
      if (meaning) byClause.set(clauseKey(ctx, clauses!, s), f);
    }
    if (suppressedAfterCap > 0 && out.length > 0) {
      const last = out[out.length - 1]!;
      last.message += `（另有 ${suppressedAfterCap} 处同类用语未逐一判断和列出）`;
    }
    return out;
  },
};

const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/**
 * A paragraph that quotes an article of another act, 「《中华人民共和国渔业法》第三十八条：使用
 * 炸鱼…的，没收渔获物…」 (a 法律责任 item restating the law): what it says is that act's, so its
 * hits are governed by the citation like a hit with 「依照《…》」 in its sentence.
 */
const QUOTED_ARTICLE_RE = new RegExp(
  `^[\\s\\u3000]*(?:[（(]?[一二三四五六七八九十\\d]{1,3}[)）、.．]\\s*)?(?:根据|依据|依照|按照)?《[^》\\n]{2,60}》第[${CN_NUM_CLASS}\\d]{1,6}条(?:第[${CN_NUM_CLASS}\\d]{1,4}款)?(?:第[${CN_NUM_CLASS}\\d]{1,4}项)?(?:规定)?[:：]`,
);

function quotesArticle(norm: string, b: { start: number; end: number } | null): boolean {
  return b !== null && QUOTED_ARTICLE_RE.test(norm.slice(b.start, Math.min(b.end, b.start + 100)));
}

/**
 * The clause of each block: an article (第X条) line and the paragraph lines that follow it
 * share the article's id; any other block is a clause of its own. One pass over the blocks.
 */
function clauseOfBlock(ctx: RunContext): Int32Array {
  const blocks = ctx.doc.model.blocks;
  const ids = new Int32Array(blocks.length);
  let article = -1;
  for (let i = 0; i < blocks.length; i++) {
    const k = blocks[i]!.kind;
    if (k === 'article') article = i;
    else if (k !== 'paragraph') article = -1;
    ids[i] = article >= 0 ? article : i;
  }
  return ids;
}

/** The clause an offset belongs to: its article with its paragraphs, else its block. */
function clauseKey(ctx: RunContext, clauseOf: Int32Array, at: number): number {
  const i = lowerBound(ctx.doc.blockStarts, at + 1) - 1;
  return i >= 0 && i < clauseOf.length ? clauseOf[i]! : -1;
}

function trimSentence(
  text: string,
  r: { start: number; end: number },
): { start: number; end: number } {
  let s = r.start;
  let e = r.end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

/**
 * The sentence around [s, e) from a cached, sorted list of sentence terminators: O(log n)
 * per hit instead of walking the text. Bounded to 300 characters each side so that a
 * text without punctuation does not turn every test into a scan of the whole document.
 */
export function sentenceBounds(
  ctx: RunContext,
  s: number,
  e: number,
): { start: number; end: number } {
  const ends = cached(ctx, 'sentence-ends', () => {
    // One native regex scan (same set as isSentenceEnd) beats a per-character call loop.
    // test() rather than exec(): every match is one character, so it ends at lastIndex and
    // no match array is allocated (a long page has tens of thousands of sentence ends).
    const out: number[] = [];
    const re = /[。！？；\n;!?]/g;
    const norm = ctx.doc.norm;
    while (re.test(norm)) out.push(re.lastIndex - 1);
    return out;
  });
  const i = lowerBound(ends, s) - 1;
  const start = Math.max(i >= 0 ? ends[i]! + 1 : 0, s - 300);
  const j = lowerBound(ends, e);
  const end = Math.min(j < ends.length ? ends[j]! + 1 : ctx.doc.norm.length, e + 300);
  return { start, end };
}

/** Memoises per-check computations shared by rules (same exclusion or citation regex). */
export function cached<T>(ctx: RunContext, key: string, make: () => T): T {
  let v = ctx.cache.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    ctx.cache.set(key, v);
  }
  return v;
}
