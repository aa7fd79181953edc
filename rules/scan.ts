/**
 * Scanning a rule's triggers fast, with exactly the matches of their alternation.
 *
 * A rule's triggers are one alternation `(?:t1)|(?:t2)|…`, scanned once over the text. V8's
 * regex engine (irregexp; Chrome and Node) finds candidate positions for an unanchored search
 * with a Boyer–Moore-style skip table over the first characters of a match, but only where
 * the characters possible at a position fall in at most 16 of 128 buckets (code & 127): past
 * that it tries the whole alternation at every position of the text. Seven triggers with
 * twenty different first characters between them (注册地…, 迁出…, 年内…, 国有…, 民营…) thus
 * cost ten times what each costs alone (measured: `npm run bench:rules`).
 *
 * So the triggers are cut, in their order, into groups whose leading characters stay within
 * that bound, one regex per group, and the groups' matches are merged exactly as the single
 * alternation would produce them: from the scan position, the leftmost start among the groups'
 * next matches, and at equal starts the earlier group (groups are consecutive runs of triggers,
 * so that is the earlier trigger, as in the alternation); each group's next match is kept
 * until the scan passes its start. A rule whose triggers fit in one group is scanned as before.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { compilePattern } from './regex';

/** Buckets V8's skip table distinguishes, and how many of them a position may use. */
const TABLE = 128;
export const MAX_LEAD_BUCKETS = 16;
/** Leading positions looked at (the skip table's interval starts at the match start). */
const DEPTH = 2;

/** Buckets of the characters possible at a position; `null` = too many to count (any). */
type Lead = Set<number> | null;

const parser = new RegExpParser({ ecmaVersion: 2025 });

function parse(source: string): AST.Pattern | null {
  for (const unicode of [true, false]) {
    try {
      return parser.parsePattern(source, 0, source.length, { unicode });
    } catch {
      /* try the other mode */
    }
  }
  return null;
}

function addRange(acc: Lead, lo: number, hi: number): Lead {
  if (acc === null || hi - lo + 1 >= TABLE) return null;
  for (let c = lo; c <= hi; c++) acc.add(c & (TABLE - 1));
  return acc;
}

/** Buckets of one character-consuming element, or null when it may be (nearly) anything. */
function charLead(el: AST.Node): Lead {
  if (el.type === 'Character') return new Set([el.value & (TABLE - 1)]);
  if (el.type === 'CharacterClass' && !el.negate) {
    let acc: Lead = new Set();
    for (const x of el.elements) {
      if (x.type === 'Character') acc = addRange(acc, x.value, x.value);
      else if (x.type === 'CharacterClassRange') acc = addRange(acc, x.min.value, x.max.value);
      else if (x.type === 'CharacterSet' && x.kind === 'digit' && !x.negate)
        acc = addRange(acc, 48, 57);
      else return null;
      if (acc === null) return null;
    }
    return acc;
  }
  if (el.type === 'CharacterSet' && el.kind === 'digit' && !el.negate)
    return addRange(new Set(), 48, 57);
  return null;
}

const union = (a: Lead, b: Lead): Lead => (a === null || b === null ? null : new Set([...a, ...b]));

/** A sequence still to match: elements, then what follows the enclosing group. */
type Seq = { items: readonly AST.Element[]; i: number; rest: Seq | null };

/**
 * The buckets possible at positions 0 … depth-1 of a match of `seq`. A position the match may
 * not reach (it can end earlier) counts as anything: the skip table cannot use it.
 */
function leads(seq: Seq | null, depth: number, budget: { n: number }): Lead[] {
  if (depth === 0) return [];
  if (--budget.n < 0) return new Array<Lead>(depth).fill(null);
  if (seq === null) return new Array<Lead>(depth).fill(null);
  if (seq.i >= seq.items.length) return leads(seq.rest, depth, budget);
  const el = seq.items[seq.i]!;
  const next: Seq = { items: seq.items, i: seq.i + 1, rest: seq.rest };
  switch (el.type) {
    case 'Character':
    case 'CharacterClass':
    case 'CharacterSet':
    case 'ExpressionCharacterClass':
      return [charLead(el), ...leads(next, depth - 1, budget)];
    case 'Assertion':
      // Zero-width: the characters around it are the neighbours' (a lookaround only narrows).
      return leads(next, depth, budget);
    case 'Group':
    case 'CapturingGroup': {
      let acc: Lead[] | null = null;
      for (const alt of el.alternatives) {
        const l = leads({ items: alt.elements, i: 0, rest: next }, depth, budget);
        acc = acc === null ? l : acc.map((x, k) => union(x, l[k]!));
      }
      return acc ?? leads(next, depth, budget);
    }
    case 'Quantifier': {
      // One more repetition, or (when the minimum is met) what follows.
      const body = el.element;
      const again: AST.Quantifier = {
        ...el,
        min: Math.max(0, el.min - 1),
        max: el.max - 1,
      } as AST.Quantifier;
      const take = leads(
        { items: [body], i: 0, rest: el.max > 1 ? { items: [again], i: 0, rest: next } : next },
        depth,
        budget,
      );
      if (el.min > 0) return take;
      const skip = leads(next, depth, budget);
      return take.map((x, k) => union(x, skip[k]!));
    }
    default:
      return new Array<Lead>(depth).fill(null);
  }
}

/** The buckets possible at the first {@link DEPTH} positions of a pattern's matches. */
export function leadBuckets(source: string): Lead[] {
  const p = parse(source);
  if (!p) return new Array<Lead>(DEPTH).fill(null);
  return leads(
    {
      items: [{ type: 'Group', alternatives: p.alternatives } as unknown as AST.Element],
      i: 0,
      rest: null,
    },
    DEPTH,
    { n: 5000 },
  );
}

const fits = (l: Lead[]): boolean => l.length > 0 && l[0] !== null && l[0].size <= MAX_LEAD_BUCKETS;

/**
 * Cuts `sources` (in order) into consecutive groups whose union of leading buckets stays
 * within {@link MAX_LEAD_BUCKETS} at the first position. A trigger that does not fit alone is
 * a group of its own.
 */
export function groupTriggers(sources: readonly string[]): number[][] {
  const groups: number[][] = [];
  let cur: number[] = [];
  let acc: Lead[] = [];
  for (let i = 0; i < sources.length; i++) {
    const l = leadBuckets(sources[i]!);
    if (cur.length === 0) {
      cur = [i];
      acc = l;
      continue;
    }
    const merged = acc.map((x, k) => union(x, l[k]!));
    if (fits(acc) && fits(l) && fits(merged)) {
      cur.push(i);
      acc = merged;
    } else {
      groups.push(cur);
      cur = [i];
      acc = l;
    }
  }
  if (cur.length) groups.push(cur);
  return groups;
}

/** A rule's triggers, compiled for scanning: one global regex per group. */
export type TriggerScan = {
  /** The whole alternation (one group: the regex that is scanned). */
  combined: RegExp;
  groups: RegExp[];
};

const alternation = (xs: readonly string[]) => xs.map((s) => `(?:${s})`).join('|');

/** Compiles triggers for {@link scanTriggers}; flags as the whole alternation would get them. */
export function compileTriggers(sources: readonly string[], flags?: string): TriggerScan {
  const combined = compilePattern(alternation(sources), flags);
  const f = combined.flags.includes('g') ? combined.flags : combined.flags + 'g';
  const parts = groupTriggers(sources);
  const groups =
    parts.length <= 1
      ? [new RegExp(combined.source, f)]
      : parts.map((idx) => new RegExp(alternation(idx.map((i) => sources[i]!)), f));
  return { combined, groups };
}

/**
 * The matches of the triggers' alternation in `text` from `from`, in order, non-overlapping,
 * exactly as `combined` scanned with the `g` flag finds them (an empty match advances by one).
 */
export function* scanTriggers(
  scan: TriggerScan,
  text: string,
  from = 0,
): Generator<RegExpExecArray, void, undefined> {
  const res = scan.groups.map((g) => new RegExp(g.source, g.flags));
  if (res.length === 1) {
    const re = res[0]!;
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === '') re.lastIndex++;
      yield m;
    }
    return;
  }
  // Each group's next match at or after the scan position (null: none left in the text).
  const next: (RegExpExecArray | null | undefined)[] = res.map(() => undefined);
  let pos = from;
  for (;;) {
    let best = -1;
    for (let g = 0; g < res.length; g++) {
      let m = next[g];
      if (m === null) continue;
      if (m === undefined || m.index < pos) {
        const re = res[g]!;
        re.lastIndex = pos;
        m = re.exec(text);
        next[g] = m;
        if (m === null) continue;
      }
      if (best < 0 || m.index < next[best]!.index) best = g;
    }
    if (best < 0) return;
    const m = next[best]!;
    pos = m.index + (m[0] === '' ? 1 : m[0].length);
    yield m;
  }
}
