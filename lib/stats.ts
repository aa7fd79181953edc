/**
 * Statistics of the review log for a year or any date range, and the sentence of the annual
 * report (本年度共审查各类文件285件,其中行政规范性文件71件,非规范性文件214件).
 *
 * Why counts and not rows: every number here is a sum of IndexedDB `count()`s over ranges of
 * the [classification+conclusion+reviewedAt] index, so no record is deserialised however large
 * the log is. Records in the recycle bin are still in those indexes;
 * they are few, so they are read once (from the small deletedAt index) and subtracted.
 */
import type { GuishenDB } from './db';
import { monthStart, parseIsoDate, rangeInstants, yearRange, type DateRange } from './dates';
import {
  CONCLUSIONS,
  ClassificationKindSchema,
  type ClassificationKind,
  type Conclusion,
} from './entities';

/** A calendar year, or an inclusive range of local dates. */
export type StatsPeriod = { kind: 'year'; year: number } | ({ kind: 'range' } & DateRange);

/** One month's counts. */
export interface MonthStats {
  /** `YYYY-MM` */
  month: string;
  total: number;
  normative: number;
  nonNormative: number;
}

/** Statistics of one period. */
export interface Stats {
  period: StatsPeriod;
  total: number;
  /** 行政规范性文件 */
  normative: number;
  /** 非规范性文件 */
  nonNormative: number;
  byConclusion: Record<Conclusion, number>;
  /** Conclusions split by classification, for the report's table. */
  byClassification: Record<ClassificationKind, Record<Conclusion, number>>;
  /** Every month the period touches, in order, zeros included. */
  byMonth: MonthStats[];
  /** The report sentence. */
  sentence: string;
}

const KINDS = ClassificationKindSchema.options;

function zeroConclusions(): Record<Conclusion, number> {
  return { 通过: 0, 修改后通过: 0, 不予通过: 0 };
}

function periodRange(period: StatsPeriod): DateRange {
  return period.kind === 'year' ? yearRange(period.year) : { from: period.from, to: period.to };
}

/** Months touched by a range, as [year, month] pairs. */
function monthsOf(range: DateRange): Array<[number, number]> {
  const from = parseIsoDate(range.from);
  const to = parseIsoDate(range.to);
  const out: Array<[number, number]> = [];
  for (let y = from.y, m = from.m; y < to.y || (y === to.y && m <= to.m);) {
    out.push([y, m]);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** `2025年3月1日` */
function chineseDate(iso: string): string {
  const { y, m, d } = parseIsoDate(iso);
  return `${y}年${m}月${d}日`;
}

/** Options of the report sentence. */
export interface SentenceOptions {
  /**
   * For a year: `this` (default) writes 「本年度…」 as the annual report does; `explicit`
   * writes 「2025年度…」 for a sentence quoted outside that year's report.
   */
  yearLabel?: 'this' | 'explicit';
}

/**
 * The report sentence. The punctuation follows the office's template exactly (half-width
 * commas, no final full stop), because reviewers paste it into their report as it is.
 * - a year: 「本年度共审查各类文件285件,其中行政规范性文件71件,非规范性文件214件」
 * - a range: 「2025年1月1日至2025年6月30日共审查各类文件…」
 */
export function reportSentence(
  counts: { period: StatsPeriod; total: number; normative: number; nonNormative: number },
  options: SentenceOptions = {},
): string {
  const { period } = counts;
  let subject: string;
  if (period.kind === 'year') {
    subject = options.yearLabel === 'explicit' ? `${period.year}年度` : '本年度';
  } else if (period.from === period.to) {
    subject = chineseDate(period.from);
  } else {
    subject = `${chineseDate(period.from)}至${chineseDate(period.to)}`;
  }
  return (
    `${subject}共审查各类文件${counts.total}件,` +
    `其中行政规范性文件${counts.normative}件,非规范性文件${counts.nonNormative}件`
  );
}

/**
 * Statistics for a year or date range (local calendar days; records in the recycle bin do not
 * count).
 */
export async function computeStats(
  db: GuishenDB,
  period: StatsPeriod,
  options: SentenceOptions = {},
): Promise<Stats> {
  const range = periodRange(period);
  const [lower, upper] = rangeInstants(range);
  const months = monthsOf(range);

  return db.transaction('r', db.records, async () => {
    const byClassification = {
      normative: zeroConclusions(),
      'non-normative': zeroConclusions(),
    } as Record<ClassificationKind, Record<Conclusion, number>>;
    const monthRows: MonthStats[] = months.map(([y, m]) => ({
      month: `${y}-${String(m).padStart(2, '0')}`,
      total: 0,
      normative: 0,
      nonNormative: 0,
    }));

    // One count per (classification, conclusion, month) over one compound index, so each
    // index entry in the period is visited exactly once; every other figure is a sum of these.
    const cells = months.flatMap(([y, m], i) => {
      const start = monthStart(y, m) < lower ? lower : monthStart(y, m);
      const end = monthStart(y, m + 1) > upper ? upper : monthStart(y, m + 1);
      return KINDS.flatMap((kind) =>
        CONCLUSIONS.map(async (conclusion) => {
          const n = await db.records
            .where('[classification+conclusion+reviewedAt]')
            .between([kind, conclusion, start], [kind, conclusion, end], true, false)
            .count();
          byClassification[kind][conclusion] += n;
          const row = monthRows[i]!;
          if (kind === 'normative') row.normative += n;
          else row.nonNormative += n;
          row.total += n;
        }),
      );
    });
    // The recycle bin: read the few deleted records and take them back out.
    const binned = db.records
      .where('deletedAt')
      .above('')
      .filter((r) => r.reviewedAt >= lower && r.reviewedAt < upper)
      .toArray();
    const [deleted] = await Promise.all([binned, ...cells]);

    for (const r of deleted) {
      byClassification[r.classification][r.conclusion]--;
      const d = new Date(r.reviewedAt);
      const key = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
      const row = monthRows.find((x) => x.month === key);
      if (row) {
        row.total--;
        if (r.classification === 'normative') row.normative--;
        else row.nonNormative--;
      }
    }

    const byConclusion = zeroConclusions();
    let normative = 0;
    let nonNormative = 0;
    for (const c of CONCLUSIONS) {
      byConclusion[c] = byClassification.normative[c] + byClassification['non-normative'][c];
      normative += byClassification.normative[c];
      nonNormative += byClassification['non-normative'][c];
    }
    const total = normative + nonNormative;
    return {
      period,
      total,
      normative,
      nonNormative,
      byConclusion,
      byClassification,
      byMonth: monthRows,
      sentence: reportSentence({ period, total, normative, nonNormative }, options),
    };
  });
}
