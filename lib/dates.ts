/**
 * Calendar helpers for the books. Records store `reviewedAt` as a UTC instant; the reviewer
 * thinks in local calendar days (a review at 2025-12-31 23:30 in Beijing belongs to 2025).
 * So a date range is turned into local-midnight instants once, and the indexes are queried
 * with those instants.
 */

/** `YYYY-MM-DD` in local time. */
export function localIsoDate(d: Date): string {
  const y = String(d.getFullYear()).padStart(4, '0');
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** Parse `YYYY-MM-DD` into its numbers, or throw with a Chinese message. */
export function parseIsoDate(iso: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`日期格式不正确：${iso}（应为 YYYY-MM-DD）`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const probe = new Date(y, m - 1, d);
  if (probe.getFullYear() !== y || probe.getMonth() !== m - 1 || probe.getDate() !== d) {
    throw new RangeError(`日期不存在：${iso}`);
  }
  return { y, m, d };
}

/** The UTC instant (ISO) of local midnight at the start of `YYYY-MM-DD`. */
export function localMidnight(iso: string): string {
  const { y, m, d } = parseIsoDate(iso);
  return new Date(y, m - 1, d).toISOString();
}

/** The UTC instant of local midnight starting the given year and month (month 1–12, may overflow). */
export function monthStart(year: number, month: number): string {
  return new Date(year, month - 1, 1).toISOString();
}

/** Add whole days to a `YYYY-MM-DD` date. */
export function addDays(iso: string, days: number): string {
  const { y, m, d } = parseIsoDate(iso);
  return localIsoDate(new Date(y, m - 1, d + days));
}

/**
 * Add calendar months, clamping to the month's last day (2025-08-31 + 6 months = 2026-02-28),
 * which is how people count "six months before expiry".
 */
export function addMonths(iso: string, months: number): string {
  const { y, m, d } = parseIsoDate(iso);
  const last = new Date(y, m - 1 + months + 1, 0).getDate();
  return localIsoDate(new Date(y, m - 1 + months, Math.min(d, last)));
}

/** An inclusive calendar range `[from, to]` of local dates. */
export interface DateRange {
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  /** `YYYY-MM-DD`, inclusive. */
  to: string;
}

/** `[lower, upper)` UTC instants covering the local days of the range. */
export function rangeInstants(range: DateRange): [string, string] {
  if (range.from > range.to) {
    throw new RangeError(`起始日期 ${range.from} 晚于结束日期 ${range.to}`);
  }
  return [localMidnight(range.from), localMidnight(addDays(range.to, 1))];
}

/** The whole local calendar year as a range. */
export function yearRange(year: number): DateRange {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Today's local date, or the pinned override. */
export function today(override?: string | null): string {
  return override ?? localIsoDate(new Date());
}
