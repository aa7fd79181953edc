/**
 * The office's statistics over the shared log: 本人 (the records this reviewer wrote) or
 * 全办公室 (everyone's). Each document counts once — by its document key, classified as its
 * latest round was — so a document reviewed by two colleagues, or in two rounds, is one
 * document in the report sentence. A per-reviewer breakdown says who reviewed how many.
 */
import type { GuishenDB } from '../db';
import { rangeInstants, type DateRange } from '../dates';
import type { RecordRow } from '../entities';
import { reportSentence } from '../stats';
import { BASE_PREFIX } from './state';

export interface OfficeStats {
  scope: 'mine' | 'office';
  range: DateRange;
  /** Documents (distinct document keys), not records. */
  total: number;
  normative: number;
  nonNormative: number;
  /** Records behind those documents (rounds and colleagues' second reviews included). */
  records: number;
  /** Documents per reviewer (the reviewer of each document's latest round), most first. */
  byReviewer: Array<{ reviewer: string; documents: number; normative: number }>;
  sentence: string;
}

/** Is `a` a later round of its document than `b`? */
function later(a: RecordRow, b: RecordRow): boolean {
  return a.round !== b.round ? a.round > b.round : a.reviewedAt > b.reviewedAt;
}

/** Count documents once each, from records (pure; `officeStats` reads them). */
export function countDocuments(
  rows: readonly RecordRow[],
  scope: 'mine' | 'office',
  range: DateRange,
  me: string,
): OfficeStats {
  const latest = new Map<string, RecordRow>();
  let records = 0;
  for (const r of rows) {
    if (r.deletedAt !== null) continue;
    if (scope === 'mine' && r.reviewer !== me) continue;
    records++;
    const seen = latest.get(r.docKey);
    if (!seen || later(r, seen)) latest.set(r.docKey, r);
  }
  let normative = 0;
  const by = new Map<string, { documents: number; normative: number }>();
  for (const r of latest.values()) {
    const n = r.classification === 'normative';
    if (n) normative++;
    const name = r.reviewer || '（未填写）';
    const entry = by.get(name) ?? { documents: 0, normative: 0 };
    entry.documents++;
    if (n) entry.normative++;
    by.set(name, entry);
  }
  const total = latest.size;
  return {
    scope,
    range,
    total,
    normative,
    nonNormative: total - normative,
    records,
    byReviewer: [...by.entries()]
      .map(([reviewer, c]) => ({ reviewer, ...c }))
      .sort((a, b) => b.documents - a.documents || a.reviewer.localeCompare(b.reviewer, 'zh')),
    sentence: reportSentence({
      period: { kind: 'range', ...range },
      total,
      normative,
      nonNormative: total - normative,
    }),
  };
}

/**
 * The statistics of a date range (local calendar days, inclusive). `inDatabase`: only the
 * records the connected database has (each has a `base:` row, which the bridge writes for every
 * record it pulls from or pushes to this database's replica) — not a colleague's record kept
 * from another office's database, nor the reviewer's own earlier ones not uploaded there.
 */
export async function officeStats(
  db: GuishenDB,
  range: DateRange,
  scope: 'mine' | 'office',
  me: string,
  opts: { inDatabase?: boolean } = {},
): Promise<OfficeStats> {
  const [lower, upper] = rangeInstants(range);
  let rows = await db.records.where('reviewedAt').between(lower, upper, true, false).toArray();
  if (opts.inDatabase) {
    // Keys only (one getAllKeys), not a get per record.
    const keys = (await db.office.where('id').startsWith(BASE_PREFIX).primaryKeys()) as string[];
    const here = new Set(keys.map((k) => k.slice(BASE_PREFIX.length)));
    rows = rows.filter((r) => here.has(r.id));
  }
  return countDocuments(rows, scope, range, me);
}
