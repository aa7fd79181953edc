/**
 * Rebuilding reading text from positioned glyph runs (PDF text items, OFD TextCodes): lines
 * from baselines, words from gaps, paragraphs from indentation and line ends, and the running
 * headers, footers and page numbers left out. Shared by ./pdf.ts and ./ofd.ts. Pure.
 *
 * Coordinates are top-down (y grows down the page), in any unit as long as a page's items
 * share it; `size` is the font size in the same unit.
 */
import { TextBuilder } from './types';

/** A run of text at a position. */
export interface Run {
  str: string;
  x: number;
  /** Baseline, top-down. */
  y: number;
  /** Advance width of the whole run. */
  w: number;
  size: number;
}

/** A page's runs and its size. */
export interface PageRuns {
  runs: Run[];
  width: number;
  height: number;
}

/** A printed line. */
interface Line {
  text: string;
  x: number;
  end: number;
  y: number;
  size: number;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef〔〕【】《》“”‘’（）]/;
const WORDY = /[A-Za-z0-9]/;
/** Spaces next to CJK text (compiled once: a line at a time would compile it per line). */
const SPACE_BY_CJK = new RegExp(`(?<=${CJK.source}) +| +(?=${CJK.source})`, 'g');

/** Groups runs into lines and joins each line's runs, inventing no space next to CJK text. */
export function linesOf(page: PageRuns): Line[] {
  const runs = page.runs.filter((r) => r.str !== '' && Number.isFinite(r.x + r.y + r.w));
  runs.sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: Run[][] = [];
  for (const r of runs) {
    const g = groups[groups.length - 1];
    const ref = g?.[0];
    // Same line when the baselines are within half the smaller font size (superscripts and
    // mixed fonts sit a little off the baseline).
    if (g && ref && Math.abs(r.y - ref.y) <= 0.5 * Math.min(r.size, ref.size)) g.push(r);
    else groups.push([r]);
  }
  const out: Line[] = [];
  for (const g of groups) {
    g.sort((a, b) => a.x - b.x);
    let text = '';
    let prevEnd = -Infinity;
    let size = 0;
    // A justified line spreads every gap alike: only a gap well above the line's usual one
    // is a space (「第一条　为了」), not the spread of a line set to the full measure.
    const inked = g.filter((r) => r.str.trim() !== '');
    const gaps: number[] = [];
    for (let i = 1; i < inked.length; i++)
      gaps.push(inked[i]!.x - (inked[i - 1]!.x + inked[i - 1]!.w));
    gaps.sort((a, b) => a - b);
    const usual = gaps.length >= 3 ? gaps[gaps.length >> 1]! : 0;
    for (const r of g) {
      if (r.str.trim() === '') {
        // A space the PDF writes as a glyph: a full-width one (about a character wide) is
        // text (「第一条　为了」); a narrow one is left to the gap rules below.
        if (text && r.w >= 0.8 * r.size && !/[ \u3000]$/.test(text)) text += '\u3000';
        prevEnd = Math.max(prevEnd, r.x + r.w);
        continue;
      }
      // ASCII whitespace folds to one space; a full-width space (U+3000) is text and stays.
      const s = r.str.replace(/[ \t\r\n\f\v\u00a0]+/g, ' ');
      if (text) {
        const gap = r.x - prevEnd;
        const em = Math.max(1e-6, Math.min(size, r.size));
        const left = text[text.length - 1]!;
        const right = s.trim()[0] ?? '';
        const wide = gap >= 0.8 * em && gap >= Math.max(0, usual) + 0.5 * em;
        const between = WORDY.test(left) && WORDY.test(right) && gap >= 0.2 * em;
        // A space only where the print shows one: a gap of about a character or more (a
        // full-width space next to CJK text, as in 「第一条　为了」), or a word gap between
        // Latin letters or digits. Never a narrow gap between CJK text and digits.
        const cjk = CJK.test(left) || CJK.test(right);
        if (wide && !/[ \u3000]$/.test(text)) text += cjk ? '\u3000' : ' ';
        else if (between && !cjk && !/[ \u3000]$/.test(text)) text += ' ';
      }
      text += text ? s : s.replace(/^ +/, '');
      prevEnd = Math.max(prevEnd, r.x + r.w);
      size = Math.max(size, r.size);
    }
    // Word processors and PDF writers space Latin text and digits off CJK text (「2026 年」,
    // 「〔2019〕 3 号」) and pdf.js reads those gaps as spaces: none is kept next to CJK text,
    // so a number reads as it was typed.
    text = text.replace(SPACE_BY_CJK, '').replace(/^ +| +$/g, '');
    if (!text.trim()) continue;
    out.push({ text, x: g[0]!.x, end: prevEnd, y: g[0]!.y, size });
  }
  return out;
}

/** A line that is only a page number: 「- 3 -」「— 3 —」「第3页」「第 3 页 共 10 页」「3/10」「3」. */
const PAGE_NUMBER =
  /^(?:[-—–－·•\s]*\d{1,4}[-—–－·•\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$/;

/** Full-width digits as ASCII (a page number set in a CJK font). */
const halfDigits = (t: string) =>
  t.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** Line text with digits folded, to find a running header that carries a number. */
function shape(t: string): string {
  return halfDigits(t).replace(/\d+/g, '#').replace(/\s+/g, '');
}

const ARTICLE_START =
  /^(?:第[一二三四五六七八九十百零〇\d]{1,6}[条章节编]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．]|附件|附\s*件)/;

/**
 * Drops running headers and footers: page-number lines near the top or bottom of a page, a
 * line that recurs at the top or the bottom of most pages (digits folded, so 「第3页」 and
 * 「第4页」 recur too), and a line at the top of a page set in type clearly smaller than the
 * body's and above all of the page's body text (a header that cannot recur: a one-page file,
 * a first page's own header). What is left is what the reader shows and what line numbers
 * count.
 */
function dropRunning(pages: { lines: Line[]; height: number }[]): Line[][] {
  const bodySize = mode(
    pages.flatMap((p) => p.lines.map((l) => l.size)),
    0.5,
  );
  const edge = (p: { lines: Line[]; height: number }) => {
    const top = p.lines.filter((l) => l.y <= p.height * 0.12).slice(0, 2);
    const bottom = p.lines.filter((l) => l.y >= p.height * 0.85).slice(-2);
    return { top, bottom };
  };
  const count = new Map<string, number>();
  const edges = pages.map(edge);
  for (const e of edges) {
    const seen = new Set<string>();
    for (const l of [...e.top, ...e.bottom]) seen.add(shape(l.text));
    for (const s of seen) count.set(s, (count.get(s) ?? 0) + 1);
  }
  const recurring = (l: Line) =>
    pages.length >= 2 && (count.get(shape(l.text)) ?? 0) >= Math.max(2, pages.length * 0.5);
  return pages.map((p, i) => {
    const e = edges[i]!;
    const drop = new Set<Line>();
    for (const l of [...e.top, ...e.bottom])
      if (PAGE_NUMBER.test(halfDigits(l.text)) || recurring(l)) drop.add(l);
    const firstBody = p.lines.find((l) => Math.abs(l.size - bodySize) < 0.5);
    for (const l of e.top)
      if (firstBody && l.y < firstBody.y && l.size <= bodySize * 0.8) drop.add(l);
    return p.lines.filter((l) => !drop.has(l));
  });
}

/** The most common value, rounded to a grid (the body's left margin, the body's font size). */
function mode(values: number[], grid: number): number {
  const c = new Map<number, number>();
  let best = values[0] ?? 0;
  let bestN = 0;
  for (const v of values) {
    const k = Math.round(v / grid) * grid;
    const n = (c.get(k) ?? 0) + 1;
    c.set(k, n);
    if (n > bestN) {
      bestN = n;
      best = k;
    }
  }
  return best;
}

/**
 * The left margin of a page's body: the leftmost x where at least two lines start (a
 * paragraph's first line is indented, its other lines are not), else the leftmost start.
 */
function leftMargin(lines: Line[], em: number): number {
  const grid = em / 4;
  const c = new Map<number, number>();
  for (const l of lines) {
    const k = Math.round(l.x / grid);
    c.set(k, (c.get(k) ?? 0) + 1);
  }
  const shared = [...c].filter(([, n]) => n >= 2).map(([k]) => k * grid);
  return shared.length ? Math.min(...shared) : Math.min(...lines.map((l) => l.x));
}

/** Result of laying out pages. */
export interface Laid {
  text: string;
  spans: TextBuilder['spans'];
  pageStarts: number[];
  /** 1-based pages that had no text at all. */
  emptyPages: number[];
  length: number;
}

/**
 * Lays out pages into reading text: one line per paragraph, a paragraph continued across
 * printed lines (and pages) when the line before ran to the right margin and this one starts
 * at the left margin without an article or item number. Each printed line keeps its page and
 * line number as provenance.
 */
export function layOut(pages: PageRuns[], opts: { maxChars: number }): Laid {
  const withLines = pages.map((p) => ({ lines: linesOf(p), height: p.height, width: p.width }));
  const kept = dropRunning(withLines);
  const widths = pages.map((p) => p.width);
  const all = kept.flat();
  const bodySize = mode(
    all.map((l) => l.size),
    0.5,
  );
  const out = new TextBuilder();
  const emptyPages: number[] = [];
  let prev: { line: Line; right: number; page: number; width: number } | null = null;
  kept.forEach((lines, pi) => {
    if (out.length > opts.maxChars) return;
    out.page();
    if (lines.length === 0) {
      emptyPages.push(pi + 1);
      return;
    }
    const body = lines.filter((l) => Math.abs(l.size - bodySize) < 0.5);
    const left = leftMargin(body.length ? body : lines, bodySize || 1);
    // The right margin: where the body's lines end (a wide title or table does not count).
    const right = Math.max(...(body.length ? body : lines).map((l) => l.end));
    // The usual distance between baselines of the body, to see a paragraph gap.
    const pitch = mode(
      body
        .slice(1)
        .map((l, k) => l.y - body[k]!.y)
        .filter((d) => d > 0),
      0.25,
    );
    lines.forEach((l, li) => {
      const where = { page: pi + 1, line: li + 1 };
      const em = l.size || bodySize || 1;
      // Chinese paragraphs open with a two-character indent; a continued line starts at the
      // margin.
      const atMargin = Math.abs(l.x - left) <= 0.6 * em;
      let continues = false;
      if (prev !== null && Math.abs(prev.line.size - l.size) < 0.5) {
        const p = prev.line;
        const samePage = prev.page === pi;
        const gap = samePage ? l.y - p.y : 0;
        // Ran to the right margin (which is well past the middle of the page).
        const prevFull = p.end >= prev.right - 1.5 * em && p.end >= prev.width * 0.6;
        const prevEnds = /[。；：！？;:!?]$/.test(p.text);
        // A title set in a larger size over several lines is one title.
        // (「（征求意见稿）」 under a title is a line of its own, as printed.)
        const bigTitle =
          l.size > bodySize * 1.15 &&
          samePage &&
          gap > 0 &&
          gap < 2.5 * em &&
          !/^[（(]/.test(l.text);
        const bodyContinues =
          atMargin &&
          !ARTICLE_START.test(l.text) &&
          (!samePage || pitch === 0 || gap <= pitch * 1.4) &&
          // Across a page break only a line that ran to the margin goes on.
          (prevFull || (samePage && !prevEnds)) &&
          Math.abs(p.x - left) <= 3 * em;
        continues = bodyContinues || bigTitle;
      }
      if (continues) {
        // A line break inside an English word pair is a space; in CJK text and inside numbers
        // it is nothing.
        const last = out.lastChar();
        const sep = /[A-Za-z]/.test(last) && /[A-Za-z]/.test(l.text[0] ?? '') ? ' ' : '';
        out.continueLine(sep + l.text, where);
      } else out.line(l.text, where);
      prev = { line: l, right, page: pi, width: widths[pi]! };
    });
  });
  return {
    text: out.text(),
    spans: out.spans,
    pageStarts: out.pageStarts,
    emptyPages,
    length: out.length,
  };
}
