/**
 * Round-to-round comparison of two versions of a document: clause alignment, word-level
 * differences inside a clause, and a summary of the changes that matter to a reviewer.
 *
 * - Clauses are aligned by CONTENT, not by number: a draft that inserts a new 第四条 renumbers
 *   everything after it, and a clause moved from 第八条 to 第四条 is the same clause. Identical
 *   texts are paired first; the rest by character-bigram similarity (Dice), with a small bonus
 *   for staying where the neighbouring matches predict. Pairs that break the document order
 *   (outside the longest increasing run) are "moved".
 * - Inside a changed clause, words come from Intl.Segmenter('zh', word granularity) and the
 *   difference from `diffArrays` (the `diff` package) with a time budget; when it runs out, the
 *   clause is shown as replaced as a whole rather than stalling the page.
 * - The summary lists, most important first: obligations and prohibitions added or removed
 *   (可以→应当, a new 不得/禁止), changed amounts, deadlines, penalties, removed clauses,
 *   dates, inserted clauses, other rewording, moves and renumbering. Items are data (kinds and
 *   quotes), so the UI words them in the reviewer's language.
 *
 * Pure and synchronous: about O(n) for texts that mostly agree; the similarity pass is
 * O(r²·k) on the r unmatched clauses (k bigrams each), a few tens of ms for 500 clauses.
 */
import { diffArrays } from 'diff';
import { segmentClauses } from './segment';
import { parseChineseNumber } from './facts/numerals';
import { DATE_SOURCE, parseDate, toISO } from './facts/dates';

/** One unit of comparison: an article (第X条 with its 款 and 项), or a paragraph. */
export interface CompareUnit {
  /** Position among the units of its version, from 0. */
  index: number;
  /** 7 for 第七条 (or the paragraph number when the text has no articles); null if unread. */
  num: number | null;
  /** 「第七条」, or 「第3段」 for a text without articles. */
  label: string;
  /** The text after the label, 款 joined with a newline. */
  body: string;
  /** `[start, end)` of the unit in its version's text. */
  start: number;
  end: number;
}

/** How a clause fared between the two versions. */
export type PairStatus = 'unchanged' | 'renumbered' | 'modified' | 'moved' | 'inserted' | 'removed';

/** A piece of a word-level difference. */
export interface DiffPart {
  type: 'same' | 'added' | 'removed';
  text: string;
}

/** One row of the aligned comparison, in the order of the new version. */
export interface AlignedPair {
  status: PairStatus;
  old: CompareUnit | null;
  new: CompareUnit | null;
  /** Bigram similarity of the two bodies, 0..1 (1 for identical text, 0 when unpaired). */
  similarity: number;
  /** The body text differs. */
  changed: boolean;
  /** Both sides exist and their numbers differ. */
  renumbered: boolean;
  /** Word-level difference of the bodies, for changed pairs; null when not computed. */
  diff: DiffPart[] | null;
}

/** What a summary item is about, in the order a reviewer reads them. */
export type ChangeKind =
  | 'obligation'
  | 'prohibition'
  | 'amount'
  | 'deadline'
  | 'penalty'
  | 'removed'
  | 'date'
  | 'inserted'
  | 'modified'
  | 'moved'
  | 'renumbered';

/** Display order of the kinds (most important first). */
export const CHANGE_KIND_ORDER: readonly ChangeKind[] = [
  'obligation',
  'prohibition',
  'amount',
  'deadline',
  'penalty',
  'removed',
  'date',
  'inserted',
  'modified',
  'moved',
  'renumbered',
];

/** One thing that changed, for the summary at the top of the comparison. */
export interface ChangeItem {
  kind: ChangeKind;
  /** `added` (a new duty, a new clause), `removed`, or `changed` (an amount, a deadline …). */
  direction: 'added' | 'removed' | 'changed';
  /** Index into `Comparison.pairs`. */
  pair: number;
  oldLabel: string | null;
  newLabel: string | null;
  /** The old wording around the change (or the removed clause), clipped. */
  from: string | null;
  /** The new wording around the change (or the inserted clause), clipped. */
  to: string | null;
  /** Other kinds the same clause touches (e.g. an inserted clause with 不得 and 罚款). */
  tags: ChangeKind[];
}

/** The result of comparing two versions. */
export interface Comparison {
  /** `article` when both versions are written in articles, else `paragraph`. */
  unit: 'article' | 'paragraph';
  pairs: AlignedPair[];
  summary: ChangeItem[];
  counts: Record<PairStatus, number>;
  /** Some word-level differences ran out of time and show the clause as replaced. */
  timedOut: boolean;
}

/** Options of `compareTexts`. */
export interface CompareOptions {
  /** Total time budget for word-level differences, in ms (default 800). */
  timeoutMs?: number;
  /** Pairs below this similarity are not paired (default 0.45). */
  minSimilarity?: number;
}

// ---------------------------------------------------------------------------------------------
// Units

/** The units of a text: its articles, or (without articles) its non-empty lines. */
export function unitsOf(
  text: string,
  mode: 'auto' | 'paragraph' = 'auto',
): { unit: 'article' | 'paragraph'; units: CompareUnit[] } {
  const clauses = mode === 'auto' ? segmentClauses(text) : [];
  if (clauses.length >= 2) {
    return {
      unit: 'article',
      units: clauses.map((c) => ({
        index: c.index,
        num: c.num,
        label: c.label,
        body: bodyOf(text, c.bodyStart, c.paragraphs),
        start: c.start,
        end: c.end,
      })),
    };
  }
  const units: CompareUnit[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const line = text.slice(pos, end).trim();
    if (line) {
      const start = pos + text.slice(pos, end).indexOf(line);
      units.push({
        index: units.length,
        num: units.length + 1,
        label: `第${units.length + 1}段`,
        body: line,
        start,
        end: start + line.length,
      });
    }
    pos = end + 1;
  }
  return { unit: 'paragraph', units };
}

function bodyOf(
  text: string,
  bodyStart: number,
  paragraphs: ReadonlyArray<{ start: number; end: number }>,
): string {
  const parts: string[] = [];
  paragraphs.forEach((p, i) => {
    const s = i === 0 ? bodyStart : p.start;
    parts.push(text.slice(s, p.end));
  });
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Similarity

/** Whitespace and layout do not make a clause different. */
/**
 * What counts as the same text: without spaces, with full-width and half-width forms of
 * letters, digits and punctuation, and every bracket style of a cited number, made one
 * (「，」/「,」, 「（）」/「()」, 「〔2024〕」/「[2024]」 are noise, not changes).
 */
function matchKey(body: string): string {
  return body
    .replace(/[\s\u3000]+/g, '')
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[〔［【﹝〖]/g, '[')
    .replace(/[〕］】﹞〗]/g, ']')
    .replace(/。/g, '.')
    .replace(/、/g, ',');
}

/**
 * The distinct character bigrams of a string as sorted small integers. Ids come from a shared
 * dictionary so they stay small integers (a CJK bigram code as one number would not), and
 * sorted arrays intersect by a linear merge: the similarity pass over 500×500 clauses is then
 * a few tens of ms.
 */
function bigramIds(s: string, dict: Map<number, number>): Int32Array {
  const ids: number[] = [];
  const add = (code: number) => {
    let id = dict.get(code);
    if (id === undefined) {
      id = dict.size;
      dict.set(code, id);
    }
    ids.push(id);
  };
  for (let i = 0; i + 1 < s.length; i++) add(s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1));
  if (s.length === 1) add(s.charCodeAt(0));
  const sorted = Int32Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return sorted.subarray(0, n);
}

/** Dice coefficient of two sorted id arrays. */
function dice(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * common) / (a.length + b.length);
}

/** Text similarity of two strings, 0..1 (character bigrams; whitespace ignored). */
export function similarity(a: string, b: string): number {
  const dict = new Map<number, number>();
  return dice(bigramIds(matchKey(a), dict), bigramIds(matchKey(b), dict));
}

// ---------------------------------------------------------------------------------------------
// Alignment

/** Similarity at which a clause near its predicted place is paired without a full search. */
const LOCAL_SIMILARITY = 0.75;

/** Pairs of unit indices (old → new), found by identical text, then by similarity. */
function align(
  olds: readonly CompareUnit[],
  news: readonly CompareUnit[],
  minSimilarity: number,
): { match: Int32Array; sim: Float64Array } {
  const match = new Int32Array(olds.length).fill(-1); // old index → new index
  const sim = new Float64Array(olds.length);
  const taken = new Uint8Array(news.length);
  const keysNew = news.map((u) => matchKey(u.body));
  const byKey = new Map<string, number[]>();
  keysNew.forEach((k, j) => {
    const list = byKey.get(k);
    if (list) list.push(j);
    else byKey.set(k, [j]);
  });
  // 1. Identical text: the first free occurrence, so duplicated boilerplate pairs in order.
  olds.forEach((u, i) => {
    const list = byKey.get(matchKey(u.body));
    if (!list) return;
    while (list.length && taken[list[0]!]) list.shift();
    const j = list.shift();
    if (j === undefined) return;
    match[i] = j;
    sim[i] = 1;
    taken[j] = 1;
  });
  // 2. Similar text among the rest.
  const restOld: number[] = [];
  for (let i = 0; i < olds.length; i++) if (match[i] === -1) restOld.push(i);
  const restNew: number[] = [];
  for (let j = 0; j < news.length; j++) if (!taken[j]) restNew.push(j);
  if (restOld.length === 0 || restNew.length === 0) return { match, sim };

  // Where an unmatched old clause is expected in the new text: shifted like its nearest
  // matched predecessor (an insertion above renumbers everything below by the same amount).
  const shiftBefore = new Int32Array(olds.length);
  let shift = 0;
  for (let i = 0; i < olds.length; i++) {
    if (match[i] !== -1) shift = match[i]! - i;
    shiftBefore[i] = shift;
  }
  const dict = new Map<number, number>();
  const gramsOld = new Map(restOld.map((i) => [i, bigramIds(matchKey(olds[i]!.body), dict)]));
  const gramsNew = new Map(restNew.map((j) => [j, bigramIds(keysNew[j]!, dict)]));
  // 2a. Near where the neighbours predict, a clearly similar clause is taken at once: most
  // revisions edit clauses in place, and this keeps the common case linear.
  for (const i of restOld) {
    // A clause just paired in this pass moves the prediction for the next one.
    const shift = i > 0 && match[i - 1]! !== -1 ? match[i - 1]! - (i - 1) : shiftBefore[i]!;
    const a = gramsOld.get(i)!;
    let bestJ = -1;
    let bestS = 0;
    for (let j = Math.max(0, i + shift - 2); j <= Math.min(news.length - 1, i + shift + 2); j++) {
      if (taken[j]) continue;
      const s = dice(a, gramsNew.get(j)!);
      if (s > bestS) {
        bestS = s;
        bestJ = j;
      }
    }
    // Only a mutual best: a later old clause that fits bestJ better (the old 第五条 whose
    // text became the new 第四条 after the old 第四条 was deleted) must get it instead.
    let rival = false;
    if (bestJ !== -1 && bestS >= LOCAL_SIMILARITY) {
      const b = gramsNew.get(bestJ)!;
      for (let k = i + 1; k <= Math.min(olds.length - 1, i + 2) && !rival; k++) {
        const g = gramsOld.get(k);
        if (g && match[k] === -1 && dice(g, b) > bestS) rival = true;
      }
    }
    if (bestJ !== -1 && bestS >= LOCAL_SIMILARITY && !rival) {
      match[i] = bestJ;
      sim[i] = bestS;
      taken[bestJ] = 1;
    }
  }
  // 2b. The rest against the rest, best pairs first.
  type Cand = { i: number; j: number; s: number; score: number };
  const cands: Cand[] = [];
  for (const i of restOld) {
    if (match[i] !== -1) continue;
    const a = gramsOld.get(i)!;
    // Keep the best few per old clause: enough for the greedy pass, bounded memory.
    const best: Cand[] = [];
    for (const j of restNew) {
      if (taken[j]) continue;
      const b = gramsNew.get(j)!;
      // Dice can never exceed 2·min/(sum): skip pairs whose sizes alone rule them out.
      if ((2 * Math.min(a.length, b.length)) / (a.length + b.length || 1) < minSimilarity) continue;
      const s = dice(a, b);
      if (s < minSimilarity) continue;
      const expected = i + shiftBefore[i]!;
      const proximity = 1 - Math.min(1, Math.abs(j - expected) / 20);
      const score = s + 0.05 * proximity;
      if (best.length < 3) best.push({ i, j, s, score });
      else {
        let worst = 0;
        for (let k = 1; k < 3; k++) if (best[k]!.score < best[worst]!.score) worst = k;
        if (score > best[worst]!.score) best[worst] = { i, j, s, score };
      }
    }
    cands.push(...best);
  }
  cands.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  for (const c of cands) {
    if (match[c.i] !== -1 || taken[c.j]) continue;
    match[c.i] = c.j;
    sim[c.i] = c.s;
    taken[c.j] = 1;
  }
  return { match, sim };
}

/** Indices (into `seq`) of one longest strictly increasing subsequence, O(n log n). */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = []; // index into seq of the smallest tail of each length
  const prev = new Int32Array(seq.length).fill(-1);
  for (let k = 0; k < seq.length; k++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < seq[k]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const out = new Set<number>();
  let k = tails.length ? tails[tails.length - 1]! : -1;
  while (k !== -1) {
    out.add(k);
    k = prev[k]!;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Word-level difference

let segmenter: Intl.Segmenter | null | undefined;

/** Chinese words (Intl.Segmenter 'zh'); characters where the runtime has no segmenter. */
export function words(text: string): string[] {
  if (segmenter === undefined) {
    segmenter =
      typeof Intl !== 'undefined' && 'Segmenter' in Intl
        ? new Intl.Segmenter('zh', { granularity: 'word' })
        : null;
  }
  if (!segmenter) return Array.from(text);
  const out: string[] = [];
  for (const s of segmenter.segment(text)) out.push(s.segment);
  return out;
}

const BOUNDARY_RE = /[，。；：、,.;:！？!?\s]/;

/**
 * How many leading characters two strings share, backed off to a punctuation mark (or by a
 * few characters) so that the word the change sits in is segmented whole.
 */
function sharedHead(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let n = 0;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  let k = n;
  while (k > 0 && n - k < 8 && !BOUNDARY_RE.test(a[k - 1]!)) k--;
  return n - k >= 8 ? n - 8 : k;
}

function sharedTail(a: string, b: string, head: number): number {
  const max = Math.min(a.length, b.length) - head;
  let n = 0;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  let k = n;
  while (k > 0 && n - k < 8 && !BOUNDARY_RE.test(a[a.length - k]!)) k--;
  return n - k >= 8 ? n - 8 : k;
}

/**
 * The word-level difference of two texts, merged into runs. Returns null when the time budget
 * (ms) runs out; the caller then shows the text as replaced.
 *
 * Only the part between the shared head and tail is segmented and diffed: the segmenter costs
 * about 2 µs per character, and a revised clause usually changes a few words.
 */
export function wordDiff(a: string, b: string, timeoutMs = 200): DiffPart[] | null {
  const head = sharedHead(a, b);
  const tail = sharedTail(a, b, head);
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const parts: DiffPart[] = [];
  const push = (type: DiffPart['type'], text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.type === type) last.text += text;
    else parts.push({ type, text });
  };
  push('same', a.slice(0, head));
  if (midA && midB) {
    const changes = diffArrays(words(midA), words(midB), { timeout: Math.max(1, timeoutMs) });
    if (!changes) return null;
    for (const c of changes)
      push(c.added ? 'added' : c.removed ? 'removed' : 'same', c.value.join(''));
  } else {
    push('removed', midA);
    push('added', midB);
  }
  push('same', a.slice(a.length - tail));
  return parts;
}

// ---------------------------------------------------------------------------------------------
// What matters: obligations, prohibitions, amounts, deadlines, penalties, dates

// 应当 and its short form 应 (「应在…」), not inside 相应/适应/供应… nor 应用/应急/应对…; 须
// but not 无须/不须 (a duty lifted) nor 须知.
const OBLIGATION_RE =
  /必须|(?<![无不毋必])须(?!知)|(?<![相适对供反响感答回照呼效])应(?:当)?(?![用急对变届答征聘邀诉收付税该])/g;
// 可以 and its short form 可, not 许可/认可/不可 nor 可能/可见/可行….
const PERMISSION_RE = /(?<![许认不])可(?:以)?(?![能见是靠行持观爱怕疑])/g;
const PROHIBITION_RE = /不得|禁止|严禁|不准/g;
const CN_NUMERAL = '[零〇一二两三四五六七八九十百千万]';
const AMOUNT_RE = new RegExp(
  `(?:[\\d０-９]+(?:\\.\\d+)?\\s*[千百]?|${CN_NUMERAL}+)\\s*(?:万|亿)?\\s*元|\\d+(?:\\.\\d+)?\\s*%|百分之[零一二三四五六七八九十百]+`,
  'g',
);
const DATE_RE = new RegExp(DATE_SOURCE, 'g');
const DEADLINE_RE =
  /(?:[\d０-９]+|[一二两三四五六七八九十百]+)\s*(?:个)?\s*(?:工作日|自然日|日|天|周|个月|月|年|小时|时)/g;
const PENALTY_RE =
  /罚款|没收|吊销|暂扣|责令停产停业|责令关闭|拘留|警告|通报批评|处罚|降低资质等级/g;

/**
 * The value of an amount or a period, so that 二百元 and 200元, 十五日 and 15日, ２ and 2,
 * 5万元 and 50000元 compare equal: the number (Arabic, full-width or Chinese, times 千/百/万/亿)
 * and the unit, written canonically.
 */
function valueKey(s: string): string {
  const t = s
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const m = /^(?:([\d.]+)([千百]?)|([零〇一二两三四五六七八九十百千]+))(万|亿)?(.*)$/.exec(t);
  if (!m) return t;
  const n = m[1] !== undefined ? Number(m[1]) : parseChineseNumber(m[3]!.replace(/两/g, '二'));
  if (n === null || !Number.isFinite(n)) return t;
  const scale =
    (m[2] === '千' ? 1e3 : m[2] === '百' ? 1e2 : 1) *
    (m[4] === '万' ? 1e4 : m[4] === '亿' ? 1e8 : 1);
  return `${n * scale}${m[5]!.replace(/^个/, '')}`;
}

function all(re: RegExp, s: string): string[] {
  return s.match(re) ?? [];
}

/** Deadlines, with full dates taken out first (2027年1月1日 is a date, not 2027 years). */
function deadlines(s: string): string[] {
  return all(DEADLINE_RE, s.replace(DATE_RE, ' ')).map(valueKey);
}

function amounts(s: string): string[] {
  return all(AMOUNT_RE, s).map(valueKey);
}

/** Dates by value: 二〇二六年一月一日 and 2026年1月1日 are one date. */
function dates(s: string): string[] {
  return all(DATE_RE, s).map((d) => {
    const ymd = parseDate(d);
    return ymd ? toISO(ymd) : d;
  });
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}

/** The kinds of content a clause text carries (for tags on inserted/removed clauses). */
function contentKinds(s: string): ChangeKind[] {
  const kinds: ChangeKind[] = [];
  if (all(OBLIGATION_RE, s).length) kinds.push('obligation');
  if (all(PROHIBITION_RE, s).length) kinds.push('prohibition');
  if (all(AMOUNT_RE, s).length) kinds.push('amount');
  if (deadlines(s).length) kinds.push('deadline');
  if (all(PENALTY_RE, s).length) kinds.push('penalty');
  if (all(DATE_RE, s).length) kinds.push('date');
  return kinds;
}

/** A changed stretch of a clause with a little unchanged context on either side. */
interface Region {
  from: string;
  to: string;
}

/** Unchanged context shown around a change: whole words, up to a punctuation mark. */
const CONTEXT = 6;
const BRIDGE = 2;
const PUNCT_RE = /^[，。；：、,.;:！？!?（）()「」“”《》\s]+$/u;

function contextBefore(text: string): string {
  const ws = words(text.slice(-12));
  let out = '';
  for (let k = ws.length - 1; k >= 0 && out.length < CONTEXT; k--) {
    if (PUNCT_RE.test(ws[k]!)) break;
    out = ws[k]! + out;
  }
  return out;
}

function contextAfter(text: string): string {
  const ws = words(text.slice(0, 12));
  let out = '';
  for (let k = 0; k < ws.length && out.length < CONTEXT; k++) {
    if (PUNCT_RE.test(ws[k]!)) break;
    out += ws[k]!;
  }
  return out;
}

/** The changed stretches of a word-level difference; nearby changes are merged. */
function regionsOf(parts: readonly DiffPart[]): Region[] {
  const regions: Region[] = [];
  let k = 0;
  while (k < parts.length) {
    if (parts[k]!.type === 'same') {
      k++;
      continue;
    }
    const before = k > 0 ? contextBefore(parts[k - 1]!.text) : '';
    let from = before;
    let to = from;
    let m = k;
    while (m < parts.length) {
      const p = parts[m]!;
      if (p.type === 'removed') from += p.text;
      else if (p.type === 'added') to += p.text;
      else if (p.text.length <= BRIDGE && m + 1 < parts.length) {
        from += p.text;
        to += p.text;
      } else break;
      m++;
    }
    const after = m < parts.length ? contextAfter(parts[m]!.text) : '';
    from += after;
    to += after;
    regions.push({ from, to });
    k = m;
  }
  return regions;
}

function clipText(s: string, max = 80): string | null {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (!flat) return null;
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The summary items of one changed pair. */
function pairItems(pair: AlignedPair, index: number): ChangeItem[] {
  const base = {
    pair: index,
    oldLabel: pair.old?.label ?? null,
    newLabel: pair.new?.label ?? null,
  };
  if (pair.status === 'removed' || pair.status === 'inserted') {
    const body = (pair.old ?? pair.new)!.body;
    const tags = contentKinds(body);
    return [
      {
        ...base,
        kind: pair.status,
        direction: pair.status === 'removed' ? 'removed' : 'added',
        from: pair.status === 'removed' ? clipText(body) : null,
        to: pair.status === 'inserted' ? clipText(body) : null,
        tags,
      },
    ];
  }
  if (!pair.changed) {
    if (pair.status === 'moved' || pair.status === 'renumbered') {
      return [{ ...base, kind: pair.status, direction: 'changed', from: null, to: null, tags: [] }];
    }
    return [];
  }
  const a = pair.old!.body;
  const b = pair.new!.body;
  const regions = pair.diff ? regionsOf(pair.diff) : [{ from: a, to: b }];
  const items: ChangeItem[] = [];
  const add = (
    kind: ChangeKind,
    direction: ChangeItem['direction'],
    re: RegExp | ((s: string) => boolean),
  ) => {
    const test = typeof re === 'function' ? re : (s: string) => new RegExp(re.source).test(s);
    const hits = regions.filter((r) => test(r.from) || test(r.to));
    const use = hits.length ? hits : regions.slice(0, 1);
    items.push({
      ...base,
      kind,
      direction,
      from: clipText(use.map((r) => r.from).join('…')),
      to: clipText(use.map((r) => r.to).join('…')),
      tags: [],
    });
  };
  const oblA = all(OBLIGATION_RE, a).length;
  const oblB = all(OBLIGATION_RE, b).length;
  const perA = all(PERMISSION_RE, a).length;
  const perB = all(PERMISSION_RE, b).length;
  if (oblB > oblA) add('obligation', 'added', /应当|必须|须|可以/);
  else if (oblB < oblA) add('obligation', 'removed', /应当|必须|须|可以/);
  else if (perB !== perA) add('obligation', 'changed', /可以/);
  const proA = all(PROHIBITION_RE, a).length;
  const proB = all(PROHIBITION_RE, b).length;
  if (proB !== proA) add('prohibition', proB > proA ? 'added' : 'removed', PROHIBITION_RE);
  if (!sameMultiset(amounts(a), amounts(b))) add('amount', 'changed', AMOUNT_RE);
  if (!sameMultiset(deadlines(a), deadlines(b)))
    add('deadline', 'changed', (s) => deadlines(s).length > 0);
  const penA = all(PENALTY_RE, a);
  const penB = all(PENALTY_RE, b);
  if (!sameMultiset(penA, penB))
    add('penalty', penB.length >= penA.length ? 'added' : 'removed', PENALTY_RE);
  if (!sameMultiset(dates(a), dates(b))) add('date', 'changed', DATE_RE);
  if (items.length === 0) add('modified', 'changed', () => true);
  // A moved or renumbered clause that also changed keeps its move in the tags.
  const tags: ChangeKind[] = [];
  if (pair.status === 'moved') tags.push('moved');
  if (pair.renumbered) tags.push('renumbered');
  // An amount or a 可以 changed inside a penalty clause is a change of the penalty too.
  const inPenalty = penA.length > 0 || penB.length > 0;
  for (const it of items) {
    it.tags =
      inPenalty && it.kind !== 'penalty' && it.kind !== 'date' ? [...tags, 'penalty'] : tags;
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// The comparison

/**
 * Compares two versions of a document clause by clause. Never throws on any input.
 *
 * @param oldText the earlier reviewed version's text
 * @param newText the current text
 */
export function compareTexts(
  oldText: string,
  newText: string,
  options: CompareOptions = {},
): Comparison {
  const budget = options.timeoutMs ?? 800;
  const minSimilarity = options.minSimilarity ?? 0.45;
  const started = Date.now();
  const A = unitsOf(oldText);
  const B = unitsOf(newText);
  // Articles only compare with articles: a text that lost its structure compares by lines.
  const useArticles = A.unit === 'article' && B.unit === 'article';
  const olds =
    useArticles || A.unit === 'paragraph' ? A.units : unitsOf(oldText, 'paragraph').units;
  const news =
    useArticles || B.unit === 'paragraph' ? B.units : unitsOf(newText, 'paragraph').units;
  const { match, sim } = align(olds, news, minSimilarity);

  // Pairs in old order; those outside the longest increasing run of new indices moved.
  const matchedOld: number[] = [];
  for (let i = 0; i < olds.length; i++) if (match[i] !== -1) matchedOld.push(i);
  const inOrder = longestIncreasing(matchedOld.map((i) => match[i]!));
  const moved = new Set<number>();
  matchedOld.forEach((i, k) => {
    if (!inOrder.has(k)) moved.add(i);
  });
  const oldOf = new Int32Array(news.length).fill(-1);
  for (let i = 0; i < olds.length; i++) if (match[i] !== -1) oldOf[match[i]!] = i;

  const pairs: AlignedPair[] = [];
  let timedOut = false;
  const makePair = (i: number, j: number): AlignedPair => {
    const o = olds[i]!;
    const n = news[j]!;
    const changed = matchKey(o.body) !== matchKey(n.body);
    const renumbered = o.num !== n.num;
    const status: PairStatus = moved.has(i)
      ? 'moved'
      : changed
        ? 'modified'
        : renumbered
          ? 'renumbered'
          : 'unchanged';
    let diff: DiffPart[] | null = null;
    if (changed) {
      const left = budget - (Date.now() - started);
      diff = left > 0 ? wordDiff(o.body, n.body, Math.min(left, 200)) : null;
      if (!diff) {
        timedOut = true;
        diff = [
          { type: 'removed', text: o.body },
          { type: 'added', text: n.body },
        ];
      }
    }
    return { status, old: o, new: n, similarity: sim[i]!, changed, renumbered, diff };
  };
  const removed = (i: number): AlignedPair => ({
    status: 'removed',
    old: olds[i]!,
    new: null,
    similarity: 0,
    changed: true,
    renumbered: false,
    diff: null,
  });
  // Walk the new version; a removed old clause is shown where it stood, just before the next
  // in-order clause that followed it.
  let nextOld = 0;
  const flushRemovedBefore = (limit: number) => {
    for (; nextOld < limit; nextOld++) if (match[nextOld] === -1) pairs.push(removed(nextOld));
  };
  for (let j = 0; j < news.length; j++) {
    const i = oldOf[j]!;
    if (i === -1) {
      pairs.push({
        status: 'inserted',
        old: null,
        new: news[j]!,
        similarity: 0,
        changed: true,
        renumbered: false,
        diff: null,
      });
      continue;
    }
    if (!moved.has(i)) flushRemovedBefore(i + 1);
    pairs.push(makePair(i, j));
  }
  flushRemovedBefore(olds.length);

  const counts: Record<PairStatus, number> = {
    unchanged: 0,
    renumbered: 0,
    modified: 0,
    moved: 0,
    inserted: 0,
    removed: 0,
  };
  for (const p of pairs) counts[p.status]++;
  const rank = new Map(CHANGE_KIND_ORDER.map((k, r) => [k, r]));
  const itemRank = (it: ChangeItem) =>
    Math.min(
      rank.get(it.kind)!,
      ...it.tags.filter((t) => rank.get(t)! < 5).map((t) => rank.get(t)!),
    );
  const summary = pairs
    .flatMap((p, k) => pairItems(p, k))
    .map((it, order) => ({ it, order }))
    .sort(
      (x, y) =>
        itemRank(x.it) - itemRank(y.it) ||
        rank.get(x.it.kind)! - rank.get(y.it.kind)! ||
        x.order - y.order,
    )
    .map(({ it }) => it);
  return { unit: useArticles ? 'article' : 'paragraph', pairs, summary, counts, timedOut };
}
