/**
 * Text helpers shared by the fact extractors and the rule kinds.
 *
 * The engine keeps two copies of the document text:
 * - `raw`: exactly what the page shows. Bracket and number-format checks run on it, because
 *   NFKC folds ﹝ into 〔 and ［ into [ and would hide the very errors those rules exist for.
 * - `norm`: a matching copy where full-width ASCII becomes ASCII, the ideographic space a
 *   space, and traditional characters (號辦發規試暫…, OpenCC's table) their simplified forms.
 *
 * The normalisation maps every UTF-16 code unit to exactly one code unit, so the offset map
 * between the two copies is the identity: an index into `norm` is the same index into `raw`.
 * That keeps offset mapping free (no per-match lookups) and linear.
 */
import TS_CHARACTERS from 'opencc-js/dict/TSCharacters';
import CJK_COMPAT from 'opencc-js/dict/CJK_Compatibility_Ideographs';

/**
 * Traditional → simplified, one character for one: OpenCC's TSCharacters table (opencc-js, the
 * maintained JavaScript port of Open Chinese Convert) and its CJK compatibility ideographs
 * (U+F900–FAFF, which PDF converters emit) to their unified forms. Only entries where both
 * sides are one UTF-16 unit are used, so the matching copy keeps the raw text's offsets, and
 * only the first of several simplified candidates.
 *
 * Characters that are also in everyday simplified use (GB 2312: 乾 in 乾坤, 夥, 摺, 麽 …) are
 * left alone; {@link KEEP} lists them (a test recomputes the list from the GBK decoder). 於,
 * 後 and 徵 are folded all the same: in a simplified text they only appear as
 * traditional forms (关於, 以後, 徵收).
 */
export const KEEP = '乾吒夥拚捱摺榘菸薹袷醣麴麽';

/** Pairs the table must fold whatever OpenCC says (the engine's original list, kept as a floor). */
const FLOOR =
  '號号辦办發发規规當当認认應应於于關关與与時时實实條条書书證证費费記记準准衛卫華华門门區区' +
  '長长縣县鄉乡鎮镇廳厅處处審审會会廣广東东國国務务標标範范體体產产權权場场員员稅税價价財财' +
  '農农業业環环經经濟济資资歷历錄录總总則则細细項项級级監监護护為为說说請请議议見见訂订頒颁' +
  '佈布徵征詢询決决讓让進进開开們们辭辞職职執执罰罚許许沒没銷销凍冻結结強强製制繳缴納纳攤摊' +
  '據据單单屆届選选舉举屬属廠厂礦矿電电話话網网絡络運运輸输醫医藥药險险勞劳動动軍军紀纪師师' +
  '學学團团階阶層层壓压戶户雲云歲岁遷迁隨随盡尽營营銀银鐵铁內内兩两萬万億亿圖图後后臺台灣湾' +
  '鄭郑蘇苏瀋沈陽阳漢汉貴贵龍龙慶庆遼辽寧宁紹绍爾尔馬马烏乌齊齐魯鲁閩闽贛赣滬沪懷怀';

/** `from to|from to|…` (OpenCC dictionary text) into the fold table, one unit for one. */
function addPairs(t: Uint16Array, dict: string): void {
  for (const entry of dict.split('|')) {
    const sp = entry.indexOf(' ');
    if (sp !== 1) continue;
    // One UTF-16 unit each side (「A B」 or 「A B C…」): no surrogate pairs.
    if (entry.length > 3 && entry[3] !== ' ') continue;
    const to = entry.charCodeAt(2);
    if ((to & 0xf800) === 0xd800) continue;
    const from = entry.charCodeAt(0);
    if ((from & 0xf800) === 0xd800) continue;
    if (KEEP.includes(entry[0]!)) continue;
    t[from] = to;
  }
}

/** UTF-16 code unit → matching-copy code unit; identity except the folds described above. */
const FOLD: Uint16Array = (() => {
  const t = new Uint16Array(65536);
  for (let i = 0; i < 65536; i++) t[i] = i;
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = c - 0xfee0;
  // Keep full-width round and square brackets: citation detection relies on （…） and the
  // bracket rules read raw anyway.
  for (const c of [0xff08, 0xff09, 0xff3b, 0xff3d]) t[c] = c;
  t[0x3000] = 0x20;
  t[0xa0] = 0x20;
  addPairs(t, TS_CHARACTERS);
  // Compatibility ideographs to their unified form, then that form's own fold (車 → 車 → 车).
  const compat = new Uint16Array(65536);
  addPairs(compat, CJK_COMPAT);
  for (let c = 0xf900; c <= 0xfaff; c++) if (compat[c]) t[c] = t[compat[c]!]!;
  for (let i = 0; i + 1 < FLOOR.length; i += 2) t[FLOOR.charCodeAt(i)] = FLOOR.charCodeAt(i + 1);
  return t;
})();

/** The matching-copy form of one UTF-16 unit (traditional → simplified, full-width → ASCII). */
export function foldUnit(c: number): number {
  return FOLD[c]!;
}

/**
 * Builds the matching copy of `raw` (same length, identity offset map): full-width ASCII
 * (U+FF01–FF5E) to ASCII, U+3000 and NBSP to a space, traditional characters to simplified.
 * Circle and letter zeros in dates are left alone: the date parser knows them.
 */
export function normalizeForMatching(raw: string): string {
  const n = raw.length;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (FOLD[c] !== c) {
      first = i;
      break;
    }
  }
  if (first === -1) return raw;
  // One typed-array pass and one native decode: many small string concatenations (one per
  // ideographic space in 「第一条　…」) cost more than the whole copy.
  const buf = new Uint16Array(n);
  for (let i = 0; i < n; i++) buf[i] = FOLD[raw.charCodeAt(i)]!;
  let out = UTF16.decode(buf);
  // A lone surrogate decodes to U+FFFD (still one unit): the length is preserved either way.
  if (out.length !== n) out = Array.from(buf, (c) => String.fromCharCode(c)).join('');
  return out;
}

const UTF16 = new TextDecoder('utf-16le');

/**
 * Reading aids that some law sites insert after a traditional character whose simplified form
 * or reading differs: 「關(guān)于印發(fā)」. They are not part of the document (the printed text has
 * none), and they split every word they sit in (關(guān)于 is no longer 关于), so readers drop
 * them: the page emitter skips them (keeping the offsets of what it keeps), and plain-text
 * input is read without them. Only a parenthesised pinyin syllable with a tone mark, right
 * after a Han character, is an aid: 「（一）」, 「(a)」 and 「(2019)」 are text.
 */
export const READING_AID_RE =
  /(?<=[\u3400-\u9fff\uf900-\ufaff])\([a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,5}\)/g;

/** `text` without pinyin reading aids ({@link READING_AID_RE}); the same string when it has none. */
export function dropReadingAids(text: string): string {
  if (!text.includes('(')) return text;
  READING_AID_RE.lastIndex = 0;
  return READING_AID_RE.test(text) ? text.replace(READING_AID_RE, '') : text;
}

/** Sorted start offsets of every line; lets line lookups be O(log n) instead of O(n). */
export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }
  /** 0-based line number of an offset. */
  lineOf(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** [start, end) of a 0-based line, without its newline. */
  lineRange(line: number): { start: number; end: number } {
    const start = this.starts[line] ?? this.text.length;
    const next = this.starts[line + 1];
    return { start, end: next === undefined ? this.text.length : next - 1 };
  }
}

const ANCHOR_CONTEXT = 32;

/** Quote + context so a finding can be re-found after edits (hypothesis-style anchoring). */
export function anchorFor(
  text: string,
  start: number,
  end: number,
): { exact: string; prefix: string; suffix: string } {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - ANCHOR_CONTEXT), start),
    suffix: text.slice(end, end + ANCHOR_CONTEXT),
  };
}

/** Whether a UTF-16 code unit is matched by `\s` in a JavaScript regular expression. */
export function isRegexSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Characters that end a sentence for the `sentence` scope and the condition windows. */
export function isSentenceEnd(c: number): boolean {
  // 。！？；\n and ASCII ; ! ?
  return (
    c === 0x3002 ||
    c === 0xff01 ||
    c === 0xff1f ||
    c === 0xff1b ||
    c === 0x0a ||
    c === 0x3b ||
    c === 0x21 ||
    c === 0x3f
  );
}

/** The sentence around [start,end), bounded to `max` characters each side to stay O(1). */
export function sentenceAround(
  text: string,
  start: number,
  end: number,
  max = 200,
): { start: number; end: number } {
  let s = start;
  const sMin = Math.max(0, start - max);
  while (s > sMin && !isSentenceEnd(text.charCodeAt(s - 1))) s--;
  let e = end;
  const eMax = Math.min(text.length, end + max);
  while (e < eMax && !isSentenceEnd(text.charCodeAt(e))) e++;
  if (e < text.length && e < eMax) e++; // include the terminator
  return { start: s, end: e };
}

/** Lower-bound binary search on a sorted number array. */
export function lowerBound(arr: readonly number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
