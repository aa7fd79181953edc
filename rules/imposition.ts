/**
 * Does this clause *impose* the measure a 「不得设定」 trigger names, or only mention it?
 *
 * A trigger hit (「罚款」, 「收取…费」, 「须经…批准」) is read in its sentence:
 *
 * - **negated or forbidden**: a negator (不得, 严禁, 禁止, 免征 …) stands before the measure in
 *   the same comma segment — 「严禁借机收取额外费用」, 「不得收取任何费用」: the measure is what
 *   the clause forbids, not what it sets;
 * - **named as a wrong**: a pejorative (乱, 违规, 擅自 …) qualifies the measure itself —
 *   「乱收费、乱罚款」;
 * - **an enumeration of categories**: the hit is one item of a 、-list that is led by a naming
 *   verb (包括, 作出, 实施 …) or closed by a category noun (「…等行政处罚」, 「…的款项」), and no
 *   imposing verb (处, 给予 …) governs the list — 「作出较大数额罚款、没收违法所得…等行政处罚决定
 *   之前」;
 * - **the time of a procedure**: the measure is followed by 前/后/时 or 「…的，」 and the clause
 *   goes on to a duty of the administration — 「给予当事人罚款处罚后，应当…送达」;
 * - **borne by the wrong party**: the clause's subject is the administration (机关, 部门, 工作人员)
 *   while the measure is a duty of the public (须经批准, 缴纳, 提供证明) — an internal rule; or the
 *   subject is a market party while the measure is an act of the administration (a company
 *   collecting its own charges is no administrative fee).
 *
 * Everything else is an imposition. A higher-law citation is judged by the caller (it lowers,
 * not drops). The words are pack parameters (`imposition.*`); with none set nothing is dropped.
 *
 * Linear: every test reads a window of bounded length around the hit (segment ≤ 160
 * characters back, list scan ≤ 200 characters each side), never the whole text.
 */
import { compilePattern } from './regex';
import { param, type ParamValues } from './params';

/** Who bears the measure a trigger names. */
export type Bearer = 'public' | 'admin';

/** Why a hit is not an imposition, or null when it is one. */
export type NotImposed =
  | 'negated'
  | 'pejorative'
  | 'enumeration'
  | 'procedure'
  | 'situation'
  | 'subject-admin'
  | 'subject-market';

export type ImpositionWords = {
  /** Before the measure in its segment: the measure is forbidden or lifted. */
  negators: RegExp | null;
  /** Immediately before the measure: the measure is named as a wrong (乱收费). */
  pejoratives: RegExp | null;
  /** Verbs that impose what follows (处, 并处, 给予, 予以, 责令): a list they govern is a measure. */
  frameVerbs: RegExp | null;
  /** Before a list: the list names categories (包括, 作出, 实施, 规范 …). */
  enumerationLeads: RegExp | null;
  /** After a list item: the list is closed by a category noun (等行政处罚, 的款项). */
  enumerationTails: RegExp | null;
  /** A subject that is the administration (机关, 部门, 工作人员, 执法人员 …). */
  adminSubjects: RegExp | null;
  /** A subject that is a market party (企业, 经营者, 物业服务企业 …). */
  marketSubjects: RegExp | null;
  /** A party that is the public (公民, 申请人, 当事人, 业主 …). */
  publicSubjects: RegExp | null;
  /** Before a noun in its segment: the noun is an object or a payee, not the party (对, 向, 为). */
  objectMarkers: RegExp | null;
  /** Before a noun: the noun is made to act (要求, 督促 …); not the party acting. */
  causativeMarkers: RegExp | null;
  /**
   * Right after the measure: it is the time or condition of a procedure, not set here
   * (「给予当事人罚款处罚后，应当…送达」, 「处以罚款的，应当出具收据」).
   */
  subordinators: RegExp | null;
  /** At the end of the hit's segment: it names situations (等情形, 等问题). */
  situationTails: RegExp | null;
};

function compileList(sources: readonly string[], flags = 'g'): RegExp | null {
  if (sources.length === 0) return null;
  return compilePattern(sources.map((s) => `(?:${s})`).join('|'), flags);
}

/** Compiles the `imposition.*` pack parameters (empty lists: that test is off). */
export function compileImpositionWords(params: ParamValues): ImpositionWords {
  return {
    negators: compileList(param(params, 'imposition.negators', [])),
    pejoratives: compileList(param(params, 'imposition.pejoratives', [])),
    frameVerbs: compileList(param(params, 'imposition.frameVerbs', [])),
    enumerationLeads: compileList(param(params, 'imposition.enumerationLeads', [])),
    enumerationTails: compileList(param(params, 'imposition.enumerationTails', []), 'y'),
    adminSubjects: compileList(param(params, 'imposition.adminSubjects', [])),
    marketSubjects: compileList(param(params, 'imposition.marketSubjects', [])),
    publicSubjects: compileList(param(params, 'imposition.publicSubjects', [])),
    objectMarkers: compileList(param(params, 'imposition.objectMarkers', [])),
    causativeMarkers: compileList(param(params, 'imposition.causativeMarkers', [])),
    subordinators: compileList(param(params, 'imposition.subordinators', []), 'y'),
    situationTails: compileList(param(params, 'imposition.situationTails', [])),
  };
}

/** Characters that end a comma segment (a clause inside a sentence): ，,：:；;。！？!?\n */
const MAX_SEGMENT_BACK = 160;
const MAX_LIST_SPAN = 200;
const MAX_ITEM = 24;
/** A segment that ends like an adverbial phrase (在…之外, 以…名义, …期间) has no verb of its own. */
const ADVERBIAL_END = /(?:之外|以外|之内|以内|期间|之前|之后|之时|名义|方式|[外内中时])$/;

function isSegmentEnd(c: number): boolean {
  switch (c) {
    case 0xff0c: // ，
    case 0x2c: // ,
    case 0xff1a: // ：
    case 0x3a: // :
    case 0xff1b: // ；
    case 0x3b: // ;
    case 0x3002: // 。
    case 0xff01: // ！
    case 0xff1f: // ？
    case 0x21: // !
    case 0x3f: // ?
    case 0x0a: // \n
      return true;
    default:
      return false;
  }
}

/** Start of the comma segment containing `at` (bounded look-back). */
export function segmentStart(text: string, at: number, floor = 0): number {
  const lo = Math.max(floor, at - MAX_SEGMENT_BACK);
  for (let i = at - 1; i >= lo; i--) if (isSegmentEnd(text.charCodeAt(i))) return i + 1;
  return lo;
}

/** End of the comma segment containing `at` (bounded look-ahead). */
export function segmentEnd(text: string, at: number, ceil = text.length): number {
  const hi = Math.min(ceil, at + MAX_SEGMENT_BACK);
  for (let i = at; i < hi; i++) if (isSegmentEnd(text.charCodeAt(i))) return i;
  return hi;
}

/** Any match of `re` inside text[from, to)? (`re` global; one bounded scan.) */
function matchIn(re: RegExp | null, text: string, from: number, to: number): boolean {
  if (!re || to <= from) return false;
  re.lastIndex = 0;
  return re.test(text.slice(from, to));
}

/** The last match of `re` inside text[from, to), as [start, end) in text offsets. */
function lastMatch(
  re: RegExp | null,
  text: string,
  from: number,
  to: number,
): { start: number; end: number } | null {
  if (!re || to <= from) return null;
  const s = text.slice(from, to);
  re.lastIndex = 0;
  let last: { start: number; end: number } | null = null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    last = { start: from + m.index, end: from + m.index + m[0].length };
  }
  return last;
}

/**
 * Whether [s, e) is an item of a 、-list that names categories. The list is the run of
 * 、-joined items around the hit inside its segment; it names categories when something before
 * its first item leads an enumeration (包括, 作出 …) or something after an item closes it (等…处罚,
 * 的款项), and no imposing verb stands before the first item.
 */
export function inEnumeration(
  text: string,
  s: number,
  e: number,
  w: ImpositionWords,
  segFrom: number,
  segTo: number,
): boolean {
  const lo = Math.max(segFrom, s - MAX_LIST_SPAN);
  const hi = Math.min(segTo, e + MAX_LIST_SPAN);
  // Is there a 、 joining the hit to a neighbour (within one item's length)?
  let before = -1;
  for (let i = s - 1; i >= Math.max(lo, s - MAX_ITEM); i--) {
    if (text[i] === '、') {
      before = i;
      break;
    }
  }
  let after = -1;
  for (let i = e; i < Math.min(hi, e + MAX_ITEM); i++) {
    if (text[i] === '、') {
      after = i;
      break;
    }
  }
  if (before === -1 && after === -1) return false;
  // The list's head: from the segment start to the first 、 of the run.
  let first = before === -1 ? s : before;
  for (;;) {
    let prev = -1;
    for (let i = first - 1; i >= Math.max(lo, first - MAX_ITEM); i--) {
      if (text[i] === '、') {
        prev = i;
        break;
      }
    }
    if (prev === -1) break;
    first = prev;
  }
  // The head is the first item with whatever leads it; the first item itself is at most
  // MAX_ITEM characters, so what stands before that is the lead.
  const headFrom = segFrom;
  const headTo = before === -1 ? s : first;
  // An imposing verb before the first item (or opening the hit when it is the first item:
  // 「给予警告、罚款等行政处罚」) makes the list a measure.
  if (matchIn(w.frameVerbs, text, headFrom, before === -1 ? e : first)) return false;
  if (matchIn(w.enumerationLeads, text, headFrom, headTo)) return true;
  // A tail after one of the items up to the segment's end: 「…吊销许可证件等行政处罚」,
  // 「…集资、赞助和经营活动」.
  if (w.enumerationTails) {
    for (let i = e; i < hi; i++) {
      const c = text[i]!;
      if (
        c === '等' ||
        c === '的' ||
        c === '之' ||
        c === '和' ||
        c === '及' ||
        c === '与' ||
        c === '或'
      ) {
        w.enumerationTails.lastIndex = i;
        if (w.enumerationTails.test(text)) return true;
      }
    }
  }
  return false;
}

/** A conditional clause (「…的，」) between a party and the measure. */
const CONDITION_BETWEEN = /的[，,]/;

/**
 * The party nearest before the hit in its sentence: the administration ('admin'), a market
 * party ('market') or another member of the public ('public'). A noun that follows an object
 * marker in its own segment (对, 向, 为 …) is passed over — 「建房户向村委会缴纳保证金」 is
 * paid by the 建房户; with `actor`, so is a noun after a causative (要求, 督促 …): in
 * 「由市场监管部门对经营者处以罚款」 the party acting is the department, not the 经营者, while
 * in 「民政局要求申请人提供证明」 the party bearing the duty is the 申请人.
 */
export function nearestParty(
  text: string,
  s: number,
  sentFrom: number,
  w: ImpositionWords,
  actor: boolean,
): 'admin' | 'market' | 'public' | null {
  const from = Math.max(sentFrom, s - MAX_SEGMENT_BACK);
  if (s <= from) return null;
  const str = text.slice(from, s);
  let best: { end: number; who: 'admin' | 'market' | 'public' } | null = null;
  const scan = (re: RegExp | null, who: 'admin' | 'market' | 'public') => {
    if (!re) return;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(str)) !== null) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const at = from + m.index;
      const end = at + m[0].length;
      if (best && end < best.end) continue;
      const seg = segmentStart(text, at, from);
      if (matchIn(w.objectMarkers, text, seg, at)) continue;
      if (actor) {
        if (matchIn(w.causativeMarkers, text, seg, at)) continue;
        // The subject of a condition (「经营者销售过期食品的，」) is the one who broke the
        // rule, not the one who acts on it.
        const segEnd = segmentEnd(text, end, s);
        if (segEnd < s && /[的者]/.test(text[segEnd - 1] ?? '') && /[，,]/.test(text[segEnd]!))
          continue;
        // Nor is a party whose clause a later condition closes: in 「经营者应当公示收费标准，
        // 违反本办法的，处以罚款」 the 经营者 bears the duty, and the (unnamed) administration
        // imposes the fine on whoever breaks it.
        if (CONDITION_BETWEEN.test(text.slice(end, s))) continue;
      }
      best = { end, who };
    }
  };
  // Later lists win ties: a 「物业服务企业」 is market before it is public.
  scan(w.publicSubjects, 'public');
  scan(w.marketSubjects, 'market');
  scan(w.adminSubjects, 'admin');
  return (best as { who: 'admin' | 'market' | 'public' } | null)?.who ?? null;
}

/**
 * Why the hit [s, e) in the sentence [sentFrom, sentTo) does not impose its measure, or null
 * when it does. `bearer` says who bears the measure (undefined: no subject test); `negation`
 * is off for rules whose triggers are themselves prohibitions (NB-JS 「不得从事」).
 */
export function notImposed(
  text: string,
  s: number,
  e: number,
  sentFrom: number,
  sentTo: number,
  w: ImpositionWords,
  opts: { negation: boolean; enumeration: boolean; bearer?: Bearer },
): NotImposed | null {
  const segFrom = segmentStart(text, s, sentFrom);
  const segTo = segmentEnd(text, e, sentTo);
  if (opts.negation && matchIn(w.negators, text, segFrom, s)) return 'negated';
  // A negation whose segment is only an adverbial (「不得在物业服务费之外，以任何名义向业主收取
  // 其他费用」) still governs the next segment.
  if (opts.negation && segFrom > sentFrom + 1) {
    const prevTo = segFrom - 1;
    const prevFrom = segmentStart(text, prevTo, sentFrom);
    if (
      /[，,]/.test(text[prevTo]!) &&
      ADVERBIAL_END.test(text.slice(Math.max(prevFrom, prevTo - 4), prevTo)) &&
      matchIn(w.negators, text, prevFrom, prevTo)
    )
      return 'negated';
  }
  if (w.pejoratives && s > segFrom) {
    // Adjacent (「违规收取」, 「乱罚款」) or opening the segment whose act it qualifies
    // (「违规将…事项交由中介组织承担并收取费用」), not inside a noun (「对违法行为处以罚款」).
    const pj = lastMatch(w.pejoratives, text, Math.max(segFrom, s - 6), s);
    if (pj && pj.end === s) return 'pejorative';
    w.pejoratives.lastIndex = 0;
    const head = w.pejoratives.exec(text.slice(segFrom, Math.min(s, segFrom + 4)));
    if (
      head &&
      head.index === 0 &&
      !/^[^，,]{0,4}(?:行为|建筑|建设|所得)/.test(text.slice(segFrom + head[0].length, s))
    )
      return 'pejorative';
  }
  // A segment that ends by naming a situation (「…并收取费用等情形」) describes, it does not set.
  if (w.situationTails && matchIn(w.situationTails, text, e, segTo + 1)) return 'situation';
  if (opts.enumeration && inEnumeration(text, s, e, w, segFrom, segTo)) return 'enumeration';
  if (w.subordinators) {
    w.subordinators.lastIndex = e;
    if (w.subordinators.test(text)) return 'procedure';
  }
  // A duty of the public is not imposed on it when the party it falls on is the
  // administration (「各县区须经市政府同意」); an act of the administration is no
  // administrative measure when a market party does it (「物业服务企业收取物业费」).
  if (opts.bearer === 'public' && nearestParty(text, s, sentFrom, w, false) === 'admin')
    return 'subject-admin';
  if (opts.bearer === 'admin' && nearestParty(text, s, sentFrom, w, true) === 'market')
    return 'subject-market';
  return null;
}
