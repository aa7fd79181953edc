/**
 * Vetting of pack patterns: every pattern a pack may carry must run in time linear in the
 * text. Packs are data a user may import, restore or (later) subscribe to, and a pattern runs
 * inside the page: one catastrophic-backtracking pattern would hang every page reviewed.
 *
 * The check parses the pattern (regexpp, the parser ESLint uses) and accepts only a subset
 * whose backtracking work per start position is bounded by a constant we can compute:
 *
 * - every repeat has an upper bound (`{0,50}`), except a repeat in tail position — nothing
 *   after it can fail, so the first greedy run is the match and the search moves past it;
 * - a repeat's body may match the same text in more than one way only within the budget
 *   (`(a|a){1,30}` is 2^30 ways: refused; `(?:一|二){1,3}` is fine);
 * - no backreferences, no inline modifiers, no repeated lookarounds;
 * - the work bound — ways × steps, multiplied through sequences, repeats and alternations —
 *   stays under {@link MAX_STEPS} per start position, so a 50 KB page costs at most
 *   50,000 × MAX_STEPS elementary steps whatever the text;
 * - at most {@link MAX_ALTERNATIVES} branches in one `(…|…)`: long word lists belong in a
 *   rule's `triggers` list, one word per entry.
 *
 * A refusal names the construct in Chinese and says how to rewrite it.
 */
import { RegExpParser, RegExpSyntaxError, type AST } from '@eslint-community/regexpp';

/** Flags every pack pattern is compiled with. */
export const PATTERN_FLAGS = 'gu';
export const MAX_PATTERN_LENGTH = 500;
/** Branches allowed in one alternation `(a|b|…)`. */
export const MAX_ALTERNATIVES = 100;
/** Upper bound of backtracking steps per start position, for one pattern. */
export const MAX_STEPS = 300;
/** The same bound for a list of patterns joined into one alternation (a rule's triggers …). */
export const MAX_LIST_STEPS = 5_000;
/** Entries in one pattern list (a rule's triggers, exclusions, a parameter's patterns). */
export const MAX_LIST_ENTRIES = 500;

// ---------------------------------------------------------------------------------------------
// Character sets as sorted, disjoint code point ranges

type Ranges = ReadonlyArray<readonly [number, number]>;
const MAX_CP = 0x10ffff;
const ALL: Ranges = [[0, MAX_CP]];
const NONE: Ranges = [];

function normalize(rs: Array<readonly [number, number]>): Ranges {
  const s = [...rs].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of s) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
const union = (a: Ranges, b: Ranges): Ranges => normalize([...a, ...b]);
function complement(a: Ranges): Ranges {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of a) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}
function intersects(a: Ranges, b: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    if (alo <= bhi && blo <= ahi) return true;
    if (ahi < bhi) i++;
    else j++;
  }
  return false;
}
const one = (c: number): Ranges => [[c, c]];
const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = normalize([
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
]);
const SPACE: Ranges = normalize(
  [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]
    .map((c): [number, number] => [c, c])
    .concat([[0x2000, 0x200a]]),
);
const LINE_TERMINATORS: Ranges = normalize([
  [10, 10],
  [13, 13],
  [0x2028, 0x2029],
]);

function setOf(node: AST.CharacterSet): Ranges {
  switch (node.kind) {
    case 'any':
      return complement(LINE_TERMINATORS);
    case 'digit':
      return node.negate ? complement(DIGIT) : DIGIT;
    case 'word':
      return node.negate ? complement(WORD) : WORD;
    case 'space':
      return node.negate ? complement(SPACE) : SPACE;
    default:
      // Unicode properties (\p{Script=Han} …): assume they may overlap anything.
      return ALL;
  }
}

function classOf(node: AST.CharacterClass): Ranges {
  let acc: Ranges = NONE;
  for (const el of node.elements) {
    if (el.type === 'Character') acc = union(acc, one(el.value));
    else if (el.type === 'CharacterClassRange') acc = union(acc, [[el.min.value, el.max.value]]);
    else if (el.type === 'CharacterSet') acc = union(acc, setOf(el));
    else acc = ALL; // v-flag constructs: never parsed here, but stay safe
  }
  return node.negate ? complement(acc) : acc;
}

// ---------------------------------------------------------------------------------------------
// The analysis

/** What one node of the pattern can do, as upper bounds. */
interface Info {
  /** Ways the node can succeed from one position (times its continuation is tried). */
  ways: number;
  /** Steps to enumerate all those ways (its continuation not counted). */
  steps: number;
  /** It can match the empty string. */
  nullable: boolean;
  /** It always succeeds (possibly empty): nothing after a tail repeat can make it fail. */
  always: boolean;
  /** Characters a non-empty match can start with. */
  first: Ranges;
  /** Characters it can consume anywhere. */
  chars: Ranges;
  /** The first thing it does is to consume one character (no assertion, no empty path). */
  startsWithChar: boolean;
}

/** A refusal: the Chinese reason. */
class Refusal extends Error {}

const CAP = 1e15;
const cap = (x: number): number => (x > CAP || !Number.isFinite(x) ? CAP : x);

/** Σ_{k=from}^{to} w^k, capped. */
function powerSum(w: number, from: number, to: number): number {
  if (w === 1) return to - from + 1;
  let sum = 0;
  let p = 1;
  for (let k = 0; k <= to; k++) {
    if (k >= from) sum += p;
    p *= w;
    if (sum > CAP || p > CAP) return CAP;
  }
  return sum;
}

/** Up to 40 characters of the pattern at a node, for messages. */
function quote(src: string, node: AST.Node): string {
  const raw = src.slice(node.start, node.end);
  return raw.length > 40 ? `${raw.slice(0, 37)}…` : raw;
}

interface Ctx {
  src: string;
  /** The innermost enclosing repeat that may run more than once. */
  outer: AST.Quantifier | null;
  /** The innermost enclosing lookaround. */
  look: AST.LookaroundAssertion | null;
  /** The step budget ({@link MAX_STEPS}; unlimited for the shipped seed patterns). */
  budget: number;
}

/**
 * Follow: what may come right after a node (first characters of the rest, and whether the
 * rest can be empty up to the end of the pattern) — used to explain a refusal.
 */
interface Follow {
  first: Ranges;
  /** The text after this node is not constrained at all (end of pattern reached). */
  open: boolean;
  /** The rest always succeeds: a repeat here is in tail position. */
  always: boolean;
  /** The node that follows, for messages. */
  next: AST.Node | null;
}

/** What a node can consume, independent of where it stands. */
interface Shape {
  nullable: boolean;
  /** Every character it can consume. */
  chars: Ranges;
  /** Longest match (Infinity when unbounded). */
  maxLen: number;
}
const shapes = new WeakMap<AST.Node, Shape>();

function shapeOf(node: AST.Node): Shape {
  const known = shapes.get(node);
  if (known) return known;
  let s: Shape;
  switch (node.type) {
    case 'Character':
      s = { nullable: false, chars: one(node.value), maxLen: 1 };
      break;
    case 'CharacterSet':
      s = { nullable: false, chars: setOf(node), maxLen: 1 };
      break;
    case 'CharacterClass':
      s = { nullable: false, chars: classOf(node), maxLen: 1 };
      break;
    case 'Alternative': {
      const parts = node.elements.map(shapeOf);
      s = {
        nullable: parts.every((p) => p.nullable),
        chars: parts.reduce((a, p) => union(a, p.chars), NONE),
        maxLen: parts.reduce((a, p) => a + p.maxLen, 0),
      };
      break;
    }
    case 'Group':
    case 'CapturingGroup':
    case 'Pattern': {
      const parts = node.alternatives.map(shapeOf);
      s = {
        nullable: parts.some((p) => p.nullable),
        chars: parts.reduce((a, p) => union(a, p.chars), NONE),
        maxLen: Math.max(0, ...parts.map((p) => p.maxLen)),
      };
      break;
    }
    case 'Quantifier': {
      const b = shapeOf(node.element);
      s = {
        nullable: node.min === 0 || b.nullable,
        chars: b.chars,
        maxLen: node.max === Infinity && b.maxLen > 0 ? Infinity : node.max * b.maxLen,
      };
      break;
    }
    case 'Assertion':
    case 'Backreference':
      s = { nullable: true, chars: NONE, maxLen: node.type === 'Backreference' ? Infinity : 0 };
      break;
    default:
      s = { nullable: false, chars: ALL, maxLen: 1 };
  }
  shapes.set(node, s);
  return s;
}

const subset = (a: Ranges, b: Ranges): boolean => !intersects(a, complement(b));

/**
 * Whether an unbounded repeat over `chars` can only be entered near the start of a run of
 * such characters: walking back from it, within a bounded distance, stands the pattern's
 * start `^`, something that must consume a character outside `chars` (经营 before [一二三]+),
 * or a negative lookbehind excluding them (`(?<!\d)\d+`). Then each run is scanned from a
 * bounded number of starts, and the search stays linear. Returns null when guarded, else the
 * element that blocks the walk (another unbounded part) or the pattern itself.
 */
function unguardedBy(node: AST.Quantifier, chars: Ranges): AST.Node | null {
  let cur: AST.Node = node;
  let dist = 0;
  for (;;) {
    const parent: AST.Node | null = cur.parent;
    if (!parent) return cur;
    if (parent.type === 'Alternative') {
      const i = parent.elements.indexOf(cur as AST.Element);
      for (let j = i - 1; j >= 0; j--) {
        const el = parent.elements[j]!;
        if (el.type === 'Assertion' && el.kind === 'start') return null;
        if (
          el.type === 'Assertion' &&
          el.kind === 'lookbehind' &&
          el.negate &&
          el.alternatives.length === 1 &&
          el.alternatives[0]!.elements.length === 1 &&
          subset(chars, shapeOf(el.alternatives[0]!.elements[0]!).chars)
        )
          return null;
        const sh = shapeOf(el);
        if (!sh.nullable && !intersects(sh.chars, chars)) return null;
        dist += sh.maxLen;
        if (dist === Infinity) return el;
      }
      cur = parent;
    } else if (parent.type === 'Pattern') return parent;
    else cur = parent; // groups, and a repeat of at most one iteration (`(…)?`)
  }
}

function analyzeAlternatives(
  c: Ctx,
  alternatives: readonly AST.Alternative[],
  follow: Follow,
  owner: AST.Node,
): Info {
  if (alternatives.length > MAX_ALTERNATIVES) {
    throw new Refusal(
      `一个选择结构「${quote(c.src, owner)}」有 ${alternatives.length} 个分支（上限 ${MAX_ALTERNATIVES}）：每个位置都要逐一尝试，耗时随分支数增长。请把这些词语拆成规则的 triggers 列表（每项一个词），或分成几条规则`,
    );
  }
  const infos = alternatives.map((a) => analyzeSequence(c, a.elements, follow));
  const nullable = infos.some((i) => i.nullable);
  let exclusive = infos.every((i) => i.startsWithChar && !i.nullable);
  for (let i = 0; exclusive && i < infos.length; i++)
    for (let j = i + 1; exclusive && j < infos.length; j++)
      if (intersects(infos[i]!.first, infos[j]!.first)) exclusive = false;
  // Branches that can both succeed at one position: not told apart by some leading character
  // (需 and 需要 can; 党委 and 党组 cannot). The ways of the whole are at most the largest sum
  // over a branch and those it cannot be told apart from.
  const heads = alternatives.map(leadingSets);
  let ways = 0;
  for (let i = 0; i < infos.length; i++) {
    let sum = 0;
    for (let j = 0; j < infos.length; j++)
      if (i === j || !distinct(heads[i]!, heads[j]!)) sum += infos[j]!.ways;
    ways = Math.max(ways, sum);
  }
  ways = cap(ways);
  const steps = exclusive
    ? cap(Math.max(...infos.map((i) => i.steps)) + infos.length - 1)
    : cap(infos.reduce((s, i) => s + i.steps, 0));
  return {
    ways,
    steps,
    nullable,
    always: infos.some((i) => i.always),
    first: infos.reduce((s, i) => union(s, i.first), NONE),
    chars: infos.reduce((s, i) => union(s, i.chars), NONE),
    startsWithChar: infos.every((i) => i.startsWithChar),
  };
}

/** The character sets of a branch's first fixed single characters (at most 8). */
function leadingSets(alt: AST.Alternative): Ranges[] {
  const out: Ranges[] = [];
  for (const el of alt.elements) {
    if (out.length >= 8) break;
    if (el.type === 'Character') out.push(one(el.value));
    else if (el.type === 'CharacterSet') out.push(setOf(el));
    else if (el.type === 'CharacterClass') out.push(classOf(el));
    else break;
  }
  return out;
}

/** Two branches can never match at the same position: some leading character differs. */
function distinct(a: Ranges[], b: Ranges[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!intersects(a[i]!, b[i]!)) return true;
  return false;
}

/**
 * A bounded run of one character class right after something that must consume a character
 * outside it (`由[^。]{0,10}`): runs entered after different occurrences of the guard never
 * overlap, so over a whole text each character is tried by the run about once, and the rest
 * of the pattern about twice per character rather than `max + 1` times per position.
 */
function guardedRun(prev: AST.Element, el: AST.Element): boolean {
  if (el.type !== 'Quantifier' || el.max === Infinity) return false;
  const body = el.element;
  if (body.type !== 'Character' && body.type !== 'CharacterSet' && body.type !== 'CharacterClass')
    return false;
  const g = shapeOf(prev);
  return !g.nullable && !intersects(g.chars, shapeOf(body).chars);
}

function analyzeSequence(c: Ctx, elements: readonly AST.Element[], follow: Follow): Info {
  // Follow sets from the right.
  const follows: Follow[] = new Array<Follow>(elements.length);
  const infos: Info[] = new Array<Info>(elements.length);
  let f = follow;
  for (let i = elements.length - 1; i >= 0; i--) {
    follows[i] = f;
    const info = analyzeElement(c, elements[i]!, f);
    infos[i] = info;
    f = {
      first: info.nullable ? union(info.first, f.first) : info.first,
      open: info.nullable && f.open,
      always: info.always && f.always,
      next: elements[i]!,
    };
  }
  let ways = 1;
  let steps = 0;
  let nullable = true;
  let always = true;
  let first: Ranges = NONE;
  let chars: Ranges = NONE;
  const startsWithChar = infos.length > 0 && infos[0]!.startsWithChar;
  // steps(e1 e2 …) = steps(e1) + ways(e1) · steps(e2 …): fold from the right.
  for (let i = infos.length - 1; i >= 0; i--) {
    const info = infos[i]!;
    const tries =
      i > 0 && guardedRun(elements[i - 1]!, elements[i]!) ? Math.min(info.ways, 2) : info.ways;
    steps = cap(info.steps + tries * steps);
    ways = cap(ways * info.ways);
  }
  for (const info of infos) {
    if (nullable) first = union(first, info.first);
    nullable = nullable && info.nullable;
    always = always && info.always;
    chars = union(chars, info.chars);
  }
  return { ways, steps: Math.max(steps, 1), nullable, always, first, chars, startsWithChar };
}

function charInfo(set: Ranges): Info {
  return {
    ways: 1,
    steps: 1,
    nullable: false,
    always: false,
    first: set,
    chars: set,
    startsWithChar: true,
  };
}

const NO_FOLLOW: Follow = { first: NONE, open: false, always: false, next: null };

function analyzeElement(c: Ctx, node: AST.Element, follow: Follow): Info {
  switch (node.type) {
    case 'Character':
      return charInfo(one(node.value));
    case 'CharacterSet':
      return charInfo(setOf(node));
    case 'CharacterClass':
      return charInfo(classOf(node));
    case 'ExpressionCharacterClass':
      return charInfo(ALL);
    case 'Backreference':
      throw new Refusal(
        `不得使用反向引用「${quote(c.src, node)}」：它要求回溯引擎记住并重配前面的内容，耗时可能随文本长度急剧增长。请把要重复的文字直接写出来`,
      );
    case 'Assertion': {
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') {
        // The body runs again at every position and consumes nothing: no tail exemption.
        const look = c.look;
        c.look = node;
        const body = analyzeAlternatives(c, node.alternatives, NO_FOLLOW, node);
        c.look = look;
        return {
          ways: 1,
          steps: body.steps,
          nullable: true,
          always: false,
          first: NONE,
          chars: NONE,
          startsWithChar: false,
        };
      }
      return {
        ways: 1,
        steps: 1,
        nullable: true,
        always: false,
        first: NONE,
        chars: NONE,
        startsWithChar: false,
      };
    }
    case 'Group':
      if (node.modifiers) {
        throw new Refusal(
          `不支持内联修饰符「${quote(c.src, node)}」（如 (?i:…)）：请直接写出需要的字符，例如 [Aa]`,
        );
      }
      return analyzeAlternatives(c, node.alternatives, follow, node);
    case 'CapturingGroup':
      return analyzeAlternatives(c, node.alternatives, follow, node);
    case 'Quantifier':
      return analyzeQuantifier(c, node, follow);
  }
}

function analyzeQuantifier(c: Ctx, node: AST.Quantifier, follow: Follow): Info {
  const el = node.element;
  if (el.type === 'Assertion') {
    throw new Refusal(
      `环视「${quote(c.src, el)}」不能加量词（「${quote(c.src, node)}」）：重复一个不消耗字符的判断没有意义，却会反复执行。请去掉量词`,
    );
  }
  const q = quote(c.src, node);
  const { min, max } = node;
  // The body's own follow: another iteration, or what follows the repeat.
  const outer = c.outer;
  if (max > 1) c.outer = node;
  const body = analyzeElement(c, el, NO_FOLLOW);
  c.outer = outer;
  const bodyFirst = body.first;
  if (max > 1 && body.nullable) {
    throw new Refusal(
      `重复「${q}」的内容可以匹配空串：回溯时会以多种方式切分同一段文字。请让被重复的部分至少匹配一个字符（例如把 (a*)+ 改为 a+，把 (a?)* 改为 a*）`,
    );
  }
  if (max === Infinity) {
    if (c.outer) {
      throw new Refusal(
        `嵌套量词：无上限的「${q}」在重复「${quote(c.src, c.outer)}」之内，一段文字可按指数多种方式分配给内外两层重复。请只保留一层，例如把 (a+)+ 改为 a+，或给内层写出上限`,
      );
    }
    if (c.look) {
      throw new Refusal(
        `环视「${quote(c.src, c.look)}」里有无上限的重复「${q}」：环视在每个位置都要重新扫一遍，耗时随文本长度平方增长。请写出上限，例如 {0,50}`,
      );
    }
    if (follow.always) {
      // Tail position: nothing after it can fail, so the greedy run is the match (the search
      // then continues after it). Only the first `min` iterations can be backtracked.
      const steps = cap(powerSum(body.ways, 0, min) * body.steps + body.steps);
      return {
        ways: 1,
        steps,
        nullable: min === 0,
        always: min === 0,
        first: bodyFirst,
        chars: body.chars,
        startsWithChar: min > 0 && body.startsWithChar,
      };
    }
    if (body.ways > 1) {
      throw new Refusal(
        `重复「${q}」的内容可以用不止一种方式匹配同一段文字${ambiguityHint(c, el)}：失败时回溯要尝试指数多种切分。请让各分支的开头字符互不相同，或写出重复次数的上限`,
      );
    }
    const blocker = unguardedBy(node, body.chars);
    if (blocker === null) {
      // Entered only near the start of a run of its characters: each run is scanned from a
      // bounded number of starts, and giving characters back costs one try each.
      const steps = cap(powerSum(body.ways, 0, min) * body.steps + 2 * body.steps);
      return {
        ways: 1,
        steps,
        nullable: min === 0,
        always: false,
        first: bodyFirst,
        chars: body.chars,
        startsWithChar: min > 0 && body.startsWithChar,
      };
    }
    if (blocker.type === 'Quantifier' && intersects(shapeOf(blocker).chars, body.chars)) {
      throw new Refusal(
        `相邻的「${quote(c.src, blocker)}」与「${q}」能匹配相同的字符：同一段文字在两者之间有多种分法，失败时要逐一回溯，耗时随文本长度平方增长。请只保留一个，或写出上限（如 {1,20}），或让两者的字符互不相同`,
      );
    }
    throw new Refusal(
      `无上限的重复「${q}」后面还有内容${follow.next ? `「${quoteRest(c.src, follow.next)}」` : ''}，前面却没有把它固定住的内容：在一段很长的、不含后续内容的文字上，每个起点都要扫到这段文字的末尾，耗时随文本长度平方增长。请写出上限（如 {1,20}），或在它前面写上它不能匹配的字词（如「第[一二三]+条」中的「第」）`,
    );
  }
  const ways = cap(powerSum(body.ways, min, max));
  const steps = cap(powerSum(body.ways, 0, max) * body.steps);
  if (body.ways > 1 && steps > c.budget) {
    throw new Refusal(
      `重复「${q}」的内容可以用不止一种方式匹配同一段文字${ambiguityHint(c, el)}：重复 ${max} 次时，回溯最多要尝试约 ${fmt(steps)} 步（上限 ${fmt(c.budget)}）。请让各分支的开头字符互不相同，或减少重复次数`,
    );
  }
  return {
    ways,
    steps,
    nullable: min === 0 || body.nullable,
    always: min === 0,
    first: bodyFirst,
    chars: body.chars,
    startsWithChar: min > 0 && body.startsWithChar,
  };
}

/** 「（分支「a」与「ab」都能以同一个字符开头）」 when a group's branches overlap. */
function ambiguityHint(c: Ctx, el: AST.QuantifiableElement): string {
  if (el.type !== 'Group' && el.type !== 'CapturingGroup') return '';
  const alts = el.alternatives;
  const infos = alts.map((a) => analyzeSequence({ ...c }, a.elements, NO_FOLLOW));
  for (let i = 0; i < alts.length; i++)
    for (let j = i + 1; j < alts.length; j++)
      if (intersects(infos[i]!.first, infos[j]!.first))
        return `（分支「${quote(c.src, alts[i]!)}」与「${quote(c.src, alts[j]!)}」能以同一个字符开头）`;
  if (infos.some((i) => i.nullable)) return '（有分支可以匹配空串）';
  return '';
}

/** The text from `node` to the end of its branch (what must still match after a repeat). */
function quoteRest(src: string, node: AST.Node): string {
  const end = node.parent?.type === 'Alternative' ? node.parent.end : node.end;
  const raw = src.slice(node.start, end);
  return raw.length > 40 ? `${raw.slice(0, 37)}…` : raw;
}

function fmt(n: number): string {
  return n >= CAP ? '无穷' : n >= 1e6 ? n.toExponential(1).replace('e+', '×10^') : String(n);
}

// ---------------------------------------------------------------------------------------------
// Syntax errors in Chinese

const SYNTAX_REASONS: Array<[RegExp, string]> = [
  [/Unterminated group/i, '圆括号没有闭合'],
  [/Unmatched '\)'/i, '多了一个右圆括号'],
  [/Unterminated character class/i, '方括号没有闭合'],
  [/Nothing to repeat/i, '量词前面没有可重复的内容'],
  [/Lone quantifier brackets/i, '花括号用法无效（要匹配花括号本身请写 \\{ 或 \\}）'],
  [/numbers out of order/i, '量词的下限大于上限'],
  [/Range out of order/i, '字符范围的起点大于终点'],
  [/Invalid escape/i, '无效的转义'],
  [/Invalid (unicode|property name)/i, '无效的 Unicode 转义或属性名'],
  [/Invalid capture group name/i, '无效的分组名'],
  [/Duplicate capture group name/i, '分组名重复'],
  [/Invalid named reference/i, '引用了不存在的分组名'],
  [/Invalid group/i, '无效的分组写法'],
  [/Incomplete quantifier/i, '量词不完整'],
  [/Invalid class escape/i, '方括号内的转义无效'],
];

function syntaxReason(source: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const index = error instanceof RegExpSyntaxError ? error.index : -1;
  const what = SYNTAX_REASONS.find(([re]) => re.test(message))?.[1] ?? '不是有效的正则写法';
  const where =
    index >= 0 && index <= source.length
      ? `（第 ${index + 1} 个字符附近「${source.slice(Math.max(0, index - 5), index + 5)}」）`
      : '';
  return `正则表达式无效：${what}${where}`;
}

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** Quantified lookarounds only parse without `u` (Annex B): name them precisely. */
function quantifiedLookaround(source: string): string | null {
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, { unicode: false });
  } catch {
    return null;
  }
  let found: string | null = null;
  const walk = (n: AST.Node): void => {
    if (found) return;
    if (n.type === 'Quantifier' && n.element.type === 'Assertion') {
      found = `环视「${source.slice(n.element.start, n.element.end)}」不能加量词（「${source.slice(n.start, n.end)}」）：重复一个不消耗字符的判断没有意义，却会反复执行。请去掉量词`;
      return;
    }
    if ('alternatives' in n) for (const a of n.alternatives) walk(a);
    if (n.type === 'Alternative') for (const e of n.elements) walk(e);
    if (n.type === 'Quantifier') walk(n.element);
  };
  walk(pattern);
  return found;
}

/** Options of the vetting. */
export interface VetOptions {
  /**
   * A pattern shipped in a seed pack (reviewed here, timed on adversarial text by the tests):
   * the structural rules apply, the step budget does not.
   */
  trusted?: boolean;
}

type Analysis = { steps: number } | { reason: string };

/**
 * Verdicts by pattern: validation runs on every import, serve and keystroke of the options
 * page over the same few hundred patterns, so each is analysed once per life of the page.
 */
const verdicts = new Map<string, Analysis>();
const VERDICTS_KEPT = 4096;

/** The work bound of a pattern per start position, or the Chinese reason it is refused. */
export function analyzePattern(source: string, opts: VetOptions = {}): Analysis {
  if (typeof source !== 'string') return { reason: '正则表达式应为字符串' };
  const key = `${opts.trusted ? 't' : 'u'}${source}`;
  const known = verdicts.get(key);
  if (known) return known;
  const verdict = analyzeUncached(source, opts);
  if (verdicts.size >= VERDICTS_KEPT) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

function analyzeUncached(source: string, opts: VetOptions): Analysis {
  if (typeof source !== 'string' || source.length === 0) return { reason: '正则表达式为空' };
  if (source.length > MAX_PATTERN_LENGTH)
    return {
      reason: `正则表达式过长（${source.length} 个字符，上限 ${MAX_PATTERN_LENGTH}）：大量词语请写成规则的 triggers 列表，每项一个词`,
    };
  if (/(?:^|[^\\])\(\?[a-z]*-?[a-z]+:/.test(source))
    return {
      reason: '正则表达式不支持内联修饰符（如 (?i:…)）：请直接写出需要的字符，例如 [Aa]',
    };
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, { unicode: true });
  } catch (error) {
    return { reason: quantifiedLookaround(source) ?? syntaxReason(source, error) };
  }
  try {
    new RegExp(source, PATTERN_FLAGS);
  } catch (error) {
    return { reason: syntaxReason(source, error) };
  }
  try {
    const end: Follow = { first: NONE, open: true, always: true, next: null };
    const budget = opts.trusted ? CAP : MAX_STEPS;
    const ctx: Ctx = { src: source, outer: null, look: null, budget };
    const info = analyzeAlternatives(ctx, pattern.alternatives, end, pattern);
    if (info.steps > budget) {
      return {
        reason: `正则表达式的回溯代价过高：每个位置最多约 ${fmt(info.steps)} 步（上限 ${fmt(MAX_STEPS)}）。请减少分支、缩小重复次数的上限，或拆成几个较短的写法`,
      };
    }
    return { steps: info.steps };
  } catch (error) {
    if (error instanceof Refusal)
      return { reason: `正则表达式可能导致灾难性回溯：${error.message}` };
    throw error;
  }
}

/** Chinese reason why a pattern is rejected, or null when it is acceptable. */
export function vetPattern(source: string, opts: VetOptions = {}): string | null {
  const r = analyzePattern(source, opts);
  return 'reason' in r ? r.reason : null;
}

/**
 * Reasons a list of patterns that the engine joins into one alternation is refused, beyond
 * each pattern's own: too many entries, or a joined work bound over {@link MAX_LIST_STEPS}
 * (trusted entries, shipped in a seed pack, are not counted). Entries that fail on their own
 * are skipped here (they are reported by {@link vetPattern}).
 */
export function vetPatternList(
  sources: readonly string[],
  isTrusted: (source: string) => boolean = () => false,
): string | null {
  if (sources.length > MAX_LIST_ENTRIES)
    return `列表有 ${sources.length} 项（上限 ${MAX_LIST_ENTRIES}）：请分成几条规则`;
  let total = 0;
  for (const s of sources) {
    if (isTrusted(s)) continue;
    const r = analyzePattern(s);
    if ('steps' in r) total += r.steps;
  }
  if (total > MAX_LIST_STEPS)
    return `这些正则合起来每个位置最多约 ${fmt(total)} 步（上限 ${fmt(MAX_LIST_STEPS)}）：请减少项数或简化写法，或分成几条规则`;
  return null;
}

/** Needs the `u` flag: property escapes, code-point escapes or astral characters. */
function needsUnicode(source: string): boolean {
  return /\\[pP]\{|\\u\{|[\uD800-\uDFFF]/.test(source);
}

/**
 * Compiles a vetted pattern. Patterns are vetted with `u`, but compiled without it unless
 * they need it: V8 runs BMP-only patterns about twice as fast without `u`, and for the
 * CJK and ASCII patterns of rule packs the two modes match the same strings.
 */
export function compilePattern(source: string, flags = PATTERN_FLAGS): RegExp {
  const f = needsUnicode(source) ? flags : flags.replace('u', '');
  return new RegExp(source, f);
}
