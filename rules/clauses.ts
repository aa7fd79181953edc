/**
 * Clause references and the prefilled review opinion.
 *
 * A reviewer's opinion cites the place in the draft: 「第七条第二款设定罚款，超出规范性文件
 * 权限」. The place is derived from the finding's offset in the model text: the article whose
 * heading precedes it, the 款 within that article, and the 项 when the finding sits on an item
 * line. Pure: no browser APIs, so the same lines come out in the popup, the side panel and tests.
 */
import type { Finding } from './schema';
import { clauseAt, segmentClauses, type ClauseSpan } from './segment';

/** Where a finding stands in the article structure. */
export interface ClauseRef {
  /** The article label as written, e.g. 「第七条」. */
  article: string;
  /** 1-based 款 within the article; null when the article has a single 款. */
  paragraph: number | null;
  /** The 项 number when the finding sits on an item line (「（三）」 → 3), else null. */
  item: number | null;
  /** The reference as a reviewer writes it: 「第七条第二款第三项」. */
  text: string;
}

const CN_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (as article and 款 numbers are written). */
export function toChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    const tail = rest === 0 ? '' : rest < 10 ? `零${CN_DIGITS[rest]}` : toTens(rest);
    return `${CN_DIGITS[Math.floor(n / 100)]}百${tail}`;
  }
  return String(n);
}

// Inside 一百一十二 the tens keep their 一 (一百一十二, not 一百十二).
function toTens(n: number): string {
  return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
}

/** The clause reference of an offset within already segmented articles. */
export function clauseRefIn(clauses: readonly ClauseSpan[], offset: number): ClauseRef | null {
  const clause = clauseAt(clauses, offset);
  if (!clause) return null;
  let pIndex = 0;
  for (let i = 0; i < clause.paragraphs.length; i++) {
    if (clause.paragraphs[i]!.start <= offset) pIndex = i;
  }
  const para = clause.paragraphs[pIndex]!;
  let item: number | null = null;
  for (const it of para.items) if (it.start <= offset && offset < it.end) item = it.num;
  const paragraph = clause.paragraphs.length > 1 ? pIndex + 1 : null;
  let text = clause.label;
  if (paragraph !== null) text += `第${toChineseNumber(paragraph)}款`;
  if (item !== null) text += `第${toChineseNumber(item)}项`;
  return { article: clause.label, paragraph, item, text };
}

/** The clause reference of an offset in a text (segments the text; use clauseRefIn in loops). */
export function clauseRef(text: string, offset: number): ClauseRef | null {
  return clauseRefIn(segmentClauses(text), offset);
}

/**
 * A key that names a finding across re-checks of an edited draft: the rule and the quoted
 * text with a little context. Offsets are not part of it, because typing above a finding moves
 * it; the quote is what the reviewer dismissed.
 */
export function findingKey(f: Pick<Finding, 'ruleId' | 'anchor'>): string {
  return `${f.ruleId}|${f.anchor.prefix.slice(-8)}|${f.anchor.exact.slice(0, 60)}|${f.anchor.suffix.slice(0, 8)}`;
}

/** Options of the prefilled opinion. */
export interface OpinionOptions {
  /** Reasons by finding key (checklist state); dismissed findings are left out. */
  dismissed?: Readonly<Record<string, string>>;
  /** Also cite `info` findings (default: errors and warnings only, the ones that need action). */
  includeInfo?: boolean;
  /** At most this many lines (default 50): an opinion is read by people. */
  maxLines?: number;
}

// The engine's messages often end with the quote (「…：「罚款」」); the line quotes it itself.
const QUOTE_TAIL_RE = /[：:]\s*「[^「」]*」\s*$/;

function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The opinion lines for the open findings: one line per rule per clause, in text order, e.g.
 * 「第九条「罚款」：规范性文件不得设定行政处罚」. Findings outside any article (the title, the
 * 发文字号) are cited by their quote alone.
 */
export function opinionLines(
  text: string,
  findings: readonly Finding[],
  options: OpinionOptions = {},
): string[] {
  const dismissed = options.dismissed ?? {};
  const clauses = segmentClauses(text);
  type Line = { at: number; ref: string | null; message: string; quotes: string[]; sugg?: string };
  const lines = new Map<string, Line>();
  const sorted = [...findings].sort((a, b) => a.range.start - b.range.start);
  for (const f of sorted) {
    if (f.severity === 'info' && !options.includeInfo) continue;
    if (dismissed[findingKey(f)] !== undefined) continue;
    const ref = clauseRefIn(clauses, f.range.start)?.text ?? null;
    const message = f.message.replace(QUOTE_TAIL_RE, '').trim();
    const key = `${ref ?? ''}|${f.ruleId}|${message}`;
    const quote = clip(f.anchor.exact, 24);
    const line = lines.get(key);
    if (line) {
      if (quote && !line.quotes.includes(quote) && line.quotes.length < 3) line.quotes.push(quote);
    } else {
      lines.set(key, {
        at: f.range.start,
        ref,
        message,
        quotes: quote ? [quote] : [],
        ...(f.suggestion ? { sugg: clip(f.suggestion, 80) } : {}),
      });
    }
  }
  return [...lines.values()].slice(0, options.maxLines ?? 50).map((l) => {
    const quotes = l.quotes.map((q) => `「${q}」`).join('');
    const place = `${l.ref ?? ''}${quotes}`;
    const sugg = l.sugg ? `（建议：${l.sugg}）` : '';
    return `${place ? `${place}：` : ''}${l.message}${sugg}`;
  });
}

/** The prefilled opinion: the lines numbered 1. 2. 3. …, one per line; empty with no findings. */
export function opinionText(
  text: string,
  findings: readonly Finding[],
  options: OpinionOptions = {},
): string {
  return opinionLines(text, findings, options)
    .map((l, i) => `${i + 1}. ${l}`)
    .join('\n');
}
