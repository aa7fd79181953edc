/**
 * Statistics of the review log for a year or any date range, and the sentence of the annual
 * report (本年度共审查各类文件285件，其中行政规范性文件71件，非规范性文件214件).
 *
 * Why an aggregate: whole months come from `recordCounts` (lib/counts.ts), a handful of small
 * rows kept in step with every write, so a year costs the same with 300 or 100,000 records.
 * Partial months (a custom range) are still counted from the
 * [classification+conclusion+reviewedAt] index — `count()`s, no record deserialised — minus the
 * few records in the recycle bin, which stay in that index.
 */
import { COUNTS_META_KEY, metaIsCurrent, rebuildCountsIn, type CountCell } from './counts';
import type { GuishenDB } from './db';
import { monthStart, parseIsoDate, rangeInstants, yearRange, type DateRange } from './dates';
import {
  CONCLUSIONS,
  ClassificationKindSchema,
  type ClassificationKind,
  type Conclusion,
  type RecordRow,
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
 * The report sentence, in full-width punctuation as Chinese report text is written (commas
 * ，; no final full stop, because reviewers paste it into a sentence of their report).
 * - a year: 「本年度共审查各类文件285件，其中行政规范性文件71件，非规范性文件214件」
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
    `${subject}共审查各类文件${counts.total}件，` +
    `其中行政规范性文件${counts.normative}件，非规范性文件${counts.nonNormative}件`
  );
}

/** Live records per (month index, classification, conclusion) of a period. */
type Cells = Array<Record<ClassificationKind, Record<Conclusion, number>>>;

/**
 * Count one stretch `[start, end)` of month `i` from the [classification+conclusion+reviewedAt]
 * index (6 range counts), then take out the recycle bin's records in it. Used for months the
 * period covers only partly, and for every month while the aggregate cannot be trusted.
 */
async function countFromIndex(
  db: GuishenDB,
  cells: Cells,
  i: number,
  start: string,
  end: string,
  binned: readonly RecordRow[],
): Promise<void> {
  const cell = cells[i]!;
  await Promise.all(
    KINDS.flatMap((kind) =>
      CONCLUSIONS.map(async (conclusion) => {
        cell[kind][conclusion] += await db.records
          .where('[classification+conclusion+reviewedAt]')
          .between([kind, conclusion, start], [kind, conclusion, end], true, false)
          .count();
      }),
    ),
  );
  for (const r of binned) {
    if (r.reviewedAt >= start && r.reviewedAt < end) cell[r.classification][r.conclusion]--;
  }
}

/** Options of `computeStats`. */
export interface StatsOptions extends SentenceOptions {
  /**
   * `aggregate` (default): whole months from `recordCounts`, partial months from the index.
   * `index`: every month from the index, as before the aggregate existed (tests compare the two).
   */
  source?: 'aggregate' | 'index';
}

/**
 * Statistics for a year or date range (local calendar days; records in the recycle bin do not
 * count).
 *
 * Whole months are read from the `recordCounts` aggregate (≤ 6 small rows a month); a month
 * the range covers only in part is counted from the index. If the aggregate cannot be trusted
 * (built in another time zone), it is rebuilt first from index keys.
 */
export async function computeStats(
  db: GuishenDB,
  period: StatsPeriod,
  options: StatsOptions = {},
): Promise<Stats> {
  const range = periodRange(period);
  const [lower, upper] = rangeInstants(range);
  const months = monthsOf(range);
  const useAggregate = options.source !== 'index';
  if (useAggregate && !metaIsCurrent(await db.recordCounts.get(COUNTS_META_KEY))) {
    await rebuildCounts(db);
  }

  return db.transaction('r', db.records, db.recordCounts, async () => {
    const cells: Cells = months.map(() => ({
      normative: zeroConclusions(),
      'non-normative': zeroConclusions(),
    }));
    const labels = months.map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
    const bounds = months.map(([y, m]) => {
      const start = monthStart(y, m);
      const end = monthStart(y, m + 1);
      return {
        start: start < lower ? lower : start,
        end: end > upper ? upper : end,
        whole: start >= lower && end <= upper,
      };
    });
    // Re-check inside the transaction: a write in another zone may have invalidated it since.
    const aggregate = useAggregate && metaIsCurrent(await db.recordCounts.get(COUNTS_META_KEY));
    const fromIndex = bounds.flatMap((b, i) => (aggregate && b.whole ? [] : [i]));

    if (aggregate) {
      const wholeLabels = labels.filter((_, i) => bounds[i]!.whole);
      if (wholeLabels.length) {
        const at = new Map(labels.map((label, i) => [label, i]));
        const rows = (await db.recordCounts
          .where('key')
          .between(`${wholeLabels[0]}|`, `${wholeLabels[wholeLabels.length - 1]}|\uffff`)
          .toArray()) as CountCell[];
        for (const row of rows) {
          const i = at.get(row.month);
          if (i !== undefined && bounds[i]!.whole)
            cells[i]![row.classification][row.conclusion] += row.n;
        }
      }
    }
    if (fromIndex.length) {
      // The recycle bin is small: read it once and take its records back out of the counts.
      const binned = await db.records
        .where('deletedAt')
        .above('')
        .filter((r) => r.reviewedAt >= lower && r.reviewedAt < upper)
        .toArray();
      await Promise.all(
        fromIndex.map((i) =>
          countFromIndex(db, cells, i, bounds[i]!.start, bounds[i]!.end, binned),
        ),
      );
    }

    const byClassification = {
      normative: zeroConclusions(),
      'non-normative': zeroConclusions(),
    } as Record<ClassificationKind, Record<Conclusion, number>>;
    const monthRows: MonthStats[] = cells.map((cell, i) => {
      let normative = 0;
      let nonNormative = 0;
      for (const c of CONCLUSIONS) {
        byClassification.normative[c] += cell.normative[c];
        byClassification['non-normative'][c] += cell['non-normative'][c];
        normative += cell.normative[c];
        nonNormative += cell['non-normative'][c];
      }
      return { month: labels[i]!, total: normative + nonNormative, normative, nonNormative };
    });

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

/**
 * Recount the statistics aggregate from the records (index keys only) in one transaction.
 * Normally never needed — every write keeps it — but the time zone may change under it.
 */
export async function rebuildCounts(db: GuishenDB): Promise<void> {
  await db.transaction('rw', db.records, db.recordCounts, () =>
    rebuildCountsIn(db.records, db.recordCounts),
  );
}
