/**
 * Date parsing for every form seen on portals: 二〇二〇年一月一日 (also 二OO六年 typed with O/0),
 * 2020年1月1日, 2020-01-01, 2020.1.1, 2020/01/01, and month-day forms without a year.
 * Dates are plain {y,m,d}; all arithmetic is in UTC days so that no time zone can shift them.
 */
import { CN_NUM_CLASS, parseChineseNumber } from './numerals';

export type YMD = { y: number; m: number; d: number };

const CN = `[${CN_NUM_CLASS}Oo0Ｏ０]`;

/**
 * One regex source for any full date; the caller compiles it with the flags it needs.
 * Alternatives: Chinese-numeral date, Arabic 年月日, and separator forms (- . /).
 */
export const DATE_SOURCE =
  `(?:${CN}{4}年${CN}{1,3}月${CN}{1,3}[日号])` +
  `|(?:\\d{4}\\s?年\\s?\\d{1,2}\\s?月\\s?\\d{1,2}\\s?[日号])` +
  `|(?:\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}(?![\\d.]))`;

const DATE_RE = new RegExp(DATE_SOURCE, 'g');

/** True when y-m-d is a real calendar date. */
export function isValidYMD(y: number, m: number, d: number): boolean {
  if (!(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1)) return false;
  return d <= daysInMonth(y, m);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Parses one date string in any supported form; null when it is not a valid date. */
export function parseDate(s: string): YMD | null {
  const t = s.trim();
  let m = /^(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]?$/.exec(t);
  if (!m) m = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(t);
  if (m) {
    const y = +m[1]!;
    const mo = +m[2]!;
    const d = +m[3]!;
    return isValidYMD(y, mo, d) ? { y, m: mo, d } : null;
  }
  const c = new RegExp(`^(${CN}{4})年(${CN}{1,3})月(${CN}{1,3})[日号]?$`).exec(t);
  if (c) {
    const y = parseChineseNumber(c[1]!);
    const mo = parseChineseNumber(c[2]!);
    const d = parseChineseNumber(c[3]!);
    if (y === null || mo === null || d === null) return null;
    return isValidYMD(y, mo, d) ? { y, m: mo, d } : null;
  }
  return null;
}

/** Parses a month-day without a year (请于5月20日前), using `year`. */
export function parseMonthDay(s: string, year: number): YMD | null {
  const m = /^(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]?$/.exec(s.trim());
  if (m) {
    const mo = +m[1]!;
    const d = +m[2]!;
    return isValidYMD(year, mo, d) ? { y: year, m: mo, d } : null;
  }
  const c = new RegExp(`^(${CN}{1,3})月(${CN}{1,3})[日号]?$`).exec(s.trim());
  if (c) {
    const mo = parseChineseNumber(c[1]!);
    const d = parseChineseNumber(c[2]!);
    if (mo === null || d === null) return null;
    return isValidYMD(year, mo, d) ? { y: year, m: mo, d } : null;
  }
  return null;
}

export type DateHit = { date: YMD; start: number; end: number; text: string };

/** Every date in `text` (any form), in order, with its range. Linear: one regex pass. */
export function findDates(text: string, from = 0, to = text.length): DateHit[] {
  const out: DateHit[] = [];
  const re = new RegExp(DATE_RE.source, 'g');
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m.index < to) {
    const date = parseDate(m[0]);
    if (date) out.push({ date, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** ISO `YYYY-MM-DD`. */
export function toISO(d: YMD): string {
  return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
}

/** Parses `YYYY-MM-DD`; null when malformed. */
export function fromISO(s: string): YMD | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  return isValidYMD(y, mo, d) ? { y, m: mo, d } : null;
}

/** Days since 1970-01-01 (UTC). */
export function dayNumber(d: YMD): number {
  return Math.floor(Date.UTC(d.y, d.m - 1, d.d) / 86_400_000);
}

/** Inverse of dayNumber. */
export function fromDayNumber(n: number): YMD {
  const dt = new Date(n * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** Adds days. */
export function addDays(d: YMD, n: number): YMD {
  return fromDayNumber(dayNumber(d) + n);
}

/** Adds calendar months, clamping the day (1月31日 + 1 month → 2月28/29日). */
export function addMonths(d: YMD, n: number): YMD {
  const total = d.y * 12 + (d.m - 1) + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return { y, m, d: Math.min(d.d, daysInMonth(y, m)) };
}

/**
 * Last day of a period of `years` starting on `start` (inclusive): 2022-01-01 + 5 years →
 * 2026-12-31, as in Guangzhou's 实施 2022-01-01 / 失效 2026-12-31. Fractional years are months.
 */
export function periodEnd(start: YMD, years: number): YMD {
  return addDays(addMonths(start, Math.round(years * 12)), -1);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: YMD, b: YMD): number {
  return dayNumber(b) - dayNumber(a);
}

/** Counts working days (Mon–Fri) in (a, b]; public holidays are not known to the engine. */
export function workingDaysBetween(a: YMD, b: YMD): number {
  const da = dayNumber(a);
  const db = dayNumber(b);
  if (db <= da) return 0;
  // 1970-01-01 was a Thursday (weekday 4).
  const total = db - da;
  const full = Math.floor(total / 7);
  let n = full * 5;
  for (let k = da + full * 7 + 1; k <= db; k++) {
    const wd = (((k + 4) % 7) + 7) % 7;
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}
