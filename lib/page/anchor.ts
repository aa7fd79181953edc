/**
 * Re-anchoring a quote after the text changed, in the manner of hypothesis's match-quote:
 * a finding stores {exact, prefix, suffix} and its old offset; after edits we look for the
 * best place for it again.
 *
 * Order of work (each step bounded):
 * 1. exact occurrences of the quote (at most 2,000), scored by context and position;
 * 2. an approximate search (Sellers' edit-distance scan, ≤ 25 % errors) in a window around
 *    the expected position, then the whole text if it is small enough for the work budget;
 * 3. the context: an exact prefix followed closely by an exact suffix, with what lies between
 *    similar enough to the quote (an edited quote in an intact sentence).
 * A quote that was deleted gives null.
 *
 * No dependencies; pure (usable in tests and in rules-side code that wants it).
 */

/** The stored quote of a finding (same shape as the engine's Anchor). */
export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface AnchorMatch {
  start: number;
  end: number;
  /** 0..1, 1 = exact quote with exact context at the expected position. */
  score: number;
  /** The quote itself was found unchanged. */
  exact: boolean;
}

export interface AnchorOptions {
  /** Cap on DP cells for the approximate search (default 20 million). */
  maxWork?: number;
}

const W_QUOTE = 50;
const W_PREFIX = 20;
const W_SUFFIX = 20;
const W_POS = 2;
const W_TOTAL = W_QUOTE + W_PREFIX + W_SUFFIX + W_POS;
/** Context beyond this many characters adds nothing to the decision. */
const CTX = 64;

/** Edit distance, or `max + 1` as soon as it must exceed `max`. O(|a|·|b|) worst case. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1),
      );
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Similarity 0..1 of the stored prefix with the text just before `start`. */
function prefixScore(text: string, start: number, prefix: string): number {
  if (!prefix) return 1;
  const p = prefix.length > CTX ? prefix.slice(-CTX) : prefix;
  const actual = text.slice(Math.max(0, start - p.length), start);
  if (actual === p) return 1;
  const d = editDistance(p, actual, p.length);
  return Math.max(0, 1 - d / p.length);
}

/** Similarity 0..1 of the stored suffix with the text just after `end`. */
function suffixScore(text: string, end: number, suffix: string): number {
  if (!suffix) return 1;
  const s = suffix.length > CTX ? suffix.slice(0, CTX) : suffix;
  const actual = text.slice(end, end + s.length);
  if (actual === s) return 1;
  const d = editDistance(s, actual, s.length);
  return Math.max(0, 1 - d / s.length);
}

function score(
  text: string,
  q: QuoteSelector,
  start: number,
  end: number,
  quoteScore: number,
  hint: number | undefined,
): { total: number; ctx: number } {
  const ps = prefixScore(text, start, q.prefix);
  const ss = suffixScore(text, end, q.suffix);
  const pos =
    hint === undefined ? 1 : 1 - Math.min(1, Math.abs(start - hint) / Math.max(1, text.length));
  return {
    total: (W_QUOTE * quoteScore + W_PREFIX * ps + W_SUFFIX * ss + W_POS * pos) / W_TOTAL,
    ctx: (ps + ss) / 2,
  };
}

/**
 * End positions in `text[from, to)` where `pattern` matches with at most `k` errors (Sellers'
 * algorithm with Ukkonen's cut-off), as local minima `{end, errors}`.
 */
function approxEnds(
  text: string,
  pattern: string,
  from: number,
  to: number,
  k: number,
): { end: number; errors: number }[] {
  const m = pattern.length;
  const col = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) col[i] = i;
  // Ukkonen's cut-off: rows below `lact` are > k and need no update. Rows that drop out keep
  // a stale value that is also > k, which is all the recurrence needs from them.
  let lact = Math.min(k + 1, m);
  const out: { end: number; errors: number }[] = [];
  let runEnd = -2;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    let pC = 0; // old D[i-1]
    let nC = 0; // new D[i-1]; row 0 is free: a match may start anywhere
    for (let i = 1; i <= lact; i++) {
      if (pattern.charCodeAt(i - 1) === c) nC = pC;
      else {
        if (pC < nC) nC = pC;
        if (col[i] < nC) nC = col[i];
        nC++;
      }
      pC = col[i];
      col[i] = nC;
    }
    while (lact > 0 && col[lact] > k) lact--;
    if (lact === m) {
      const e = { end: j + 1, errors: col[m] };
      // A run of adjacent ends is one match: keep its best end.
      if (runEnd === j) {
        const prev = out[out.length - 1];
        if (e.errors < prev.errors) out[out.length - 1] = e;
      } else out.push(e);
      runEnd = j + 1;
    } else lact++;
  }
  return out;
}

/** The start of the best alignment of `pattern` ending exactly at `end`. */
function alignStart(
  text: string,
  pattern: string,
  end: number,
  k: number,
): { start: number; errors: number } {
  const m = pattern.length;
  const from = Math.max(0, end - m - k);
  const seg = text.slice(from, end);
  const n = seg.length;
  // DP over reversed strings anchored at `end`: rows = pattern suffix length, cols = text
  // characters taken backwards from `end`.
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let c = 0; c <= n; c++) prev[c] = c;
  for (let r = 1; r <= m; r++) {
    cur[0] = r;
    const pc = pattern.charCodeAt(m - r);
    for (let c = 1; c <= n; c++) {
      cur[c] = Math.min(
        prev[c] + 1,
        cur[c - 1] + 1,
        prev[c - 1] + (pc === seg.charCodeAt(n - c) ? 0 : 1),
      );
    }
    [prev, cur] = [cur, prev];
  }
  let bestC = 0;
  for (let c = 1; c <= n; c++) if (prev[c] < prev[bestC]) bestC = c;
  return { start: end - bestC, errors: prev[bestC] };
}

/**
 * Find where `quote` now is in `text`. `hint` is the old start offset. Returns null when the
 * quote cannot be found with enough confidence (e.g. it was deleted).
 */
export function anchorQuote(
  text: string,
  quote: QuoteSelector,
  hint?: number,
  opts: AnchorOptions = {},
): AnchorMatch | null {
  const exact = quote.exact;
  const m = exact.length;
  if (!m || !text) return null;
  const maxWork = opts.maxWork ?? 20_000_000;

  // 1. Exact occurrences. The one at the hint is checked first so the common case (nothing
  //    moved) is a single comparison plus context scoring.
  let best: AnchorMatch | null = null;
  const consider = (start: number, quoteScore: number, isExact: boolean, minCtx: number) => {
    const end = start + m;
    const sc = score(text, quote, start, end, quoteScore, hint);
    if (sc.ctx < minCtx) return;
    if (!best || sc.total > best.score) best = { start, end, score: sc.total, exact: isExact };
  };
  if (hint !== undefined && hint >= 0 && text.startsWith(exact, hint)) {
    consider(hint, 1, true, 0);
    if (best && (best as AnchorMatch).score >= 0.999) return best;
  }
  let count = 0;
  for (let i = text.indexOf(exact); i >= 0 && count < 2000; i = text.indexOf(exact, i + 1)) {
    count++;
    consider(i, 1, true, 0);
  }
  if (best) return best;

  // 2. Approximate: ≤ 25 % errors. Short quotes (≤ 4 chars) must match exactly: a 2-char
  //    quote with one error matches half the document.
  const k = Math.min(64, Math.floor(m / 4));
  const approx = (from: number, to: number) => {
    const ends = approxEnds(text, exact, from, to, k)
      .sort((a, b) => a.errors - b.errors)
      .slice(0, 50);
    for (const e of ends) {
      const { start, errors } = alignStart(text, exact, e.end, k);
      if (errors > k) continue;
      const qs = 1 - errors / m;
      const end = e.end;
      const sc = score(text, quote, start, end, qs, hint);
      // Approximate quotes need their context too, unless they are long.
      if (m < 16 && sc.ctx < 0.5) continue;
      if (!best || sc.total > best.score) best = { start, end, score: sc.total, exact: false };
    }
  };
  if (k >= 1) {
    if (hint !== undefined) {
      const w = Math.max(2000, 4 * m);
      const from = Math.max(0, hint - w);
      const to = Math.min(text.length, hint + m + w);
      if ((to - from) * m <= maxWork) approx(from, to);
    }
    if (!best && text.length * m <= maxWork) approx(0, text.length);
    if (best) return best;
  }

  // 3. Intact context around an edited quote.
  const pre = quote.prefix.slice(-16);
  const suf = quote.suffix.slice(0, 16);
  if (pre.length >= 4 && suf.length >= 4) {
    let tries = 0;
    for (let p = text.indexOf(pre); p >= 0 && tries < 200; p = text.indexOf(pre, p + 1)) {
      tries++;
      const start = p + pre.length;
      const s = text.indexOf(suf, start);
      if (s < 0) break;
      if (s - start > 2 * m + 10) continue;
      const between = text.slice(start, s);
      if (!between) continue; // the quote was deleted
      const d = editDistance(exact, between, m);
      const qs = 1 - d / Math.max(m, between.length);
      if (qs < 0.5) continue;
      const sc = score(text, quote, start, s, qs, hint);
      if (!best || sc.total > (best as AnchorMatch).score)
        best = { start, end: s, score: sc.total, exact: false };
    }
  }
  return best;
}

/**
 * The quote of `[start, end)` in `text`, with `context` characters of prefix and suffix, in
 * the shape the engine stores (for callers that create anchors on the page side).
 */
export function quoteAt(text: string, start: number, end: number, context = 32): QuoteSelector {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - context), start),
    suffix: text.slice(end, end + context),
  };
}
