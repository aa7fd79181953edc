/**
 * The validity register (有效期台账): normative documents the office reviewed, with their
 * expiry, which are due for evaluation (评估) before they lapse, and which have lapsed.
 *
 * How many months before expiry the evaluation falls due is a jurisdiction parameter, so it
 * comes from the active packs (`params['validity.evaluationMonths']`), never from code.
 */
import { Dexie } from 'dexie';
import type { Pack } from '@/rules/schema';
import type { GuishenDB } from './db';
import { addDays, addMonths, parseIsoDate, today as todayOf } from './dates';
import type { RecordFacts, RecordRow } from './entities';

/** The pack parameter that holds the evaluation window, in months. */
export const EVALUATION_PARAM = 'validity.evaluationMonths';

/** Used only when no active pack sets the parameter. */
export const DEFAULT_DUE_MONTHS = 6;

/**
 * - `lapsed`: today is after the expiry date;
 * - `evaluationDue`: expiry within the evaluation window (today … today + N months);
 * - `valid`: later than that;
 * - `unknown`: the document states no validity the register can compute.
 */
export type RegisterState = 'lapsed' | 'evaluationDue' | 'valid' | 'unknown';

/** One document in the register (its latest reviewed round). */
export interface RegisterEntry {
  recordId: string;
  docKey: string;
  title: string;
  docNumber: string | null;
  registrationNumber: string | null;
  effectiveDate: string | null;
  /** Last day of validity, `YYYY-MM-DD`, or null. */
  expiry: string | null;
  /** First day of the evaluation window (expiry − N months), or null. */
  evaluationFrom: string | null;
  /** Days from today to the expiry (negative once lapsed), or null. */
  daysLeft: number | null;
  state: RegisterState;
}

/**
 * The evaluation window from the active packs: the largest `validity.evaluationMonths` any enabled
 * pack sets (the strictest layer wins), else `fallback`.
 */
export function dueMonthsFromPacks(packs: readonly Pack[], fallback = DEFAULT_DUE_MONTHS): number {
  let months: number | undefined;
  for (const pack of packs) {
    const value = pack.params[EVALUATION_PARAM]?.value;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      months = Math.max(months ?? 0, value);
    }
  }
  return months ?? fallback;
}

/**
 * The last day of validity: the stated expiry, else 有效期至, else 施行日期 + N years − 1 day
 * (a five-year document effective 2025-03-01 is valid through 2030-02-28).
 */
export function expiryOf(facts: RecordFacts): string | null {
  const { validity, effectiveDate } = facts;
  if (validity.expiry) return validity.expiry;
  if (validity.until) return validity.until;
  if (effectiveDate && validity.years !== null && validity.years > 0) {
    return addDays(addMonths(effectiveDate, Math.round(validity.years * 12)), -1);
  }
  return null;
}

function daysBetween(from: string, to: string): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

/** A document's validity arithmetic. */
export interface ValidityDates {
  /** Last day of validity ({@link expiryOf}), `YYYY-MM-DD`, or null. */
  expiry: string | null;
  /** First day of the evaluation window (expiry − N months), or null. */
  evaluationFrom: string | null;
  /** Days from today to the expiry (negative once lapsed); null without today or expiry. */
  daysLeft: number | null;
  /** The text is a draft: not in force, so it has no expiry yet (all three dates are null). */
  draft?: boolean;
}

/**
 * The validity arithmetic of a document, for the register and the popup and side panel:
 * its expiry, the day its evaluation falls due (`dueMonths` before the expiry) and, given the
 * reviewer's `today`, the days left.
 */
export function validityOf(facts: RecordFacts, dueMonths: number, today?: string): ValidityDates {
  // A draft is not a document in force: its 施行 date and validity are proposals, and an
  // expiry counted from them would be a date nobody can rely on.
  if (facts.isDraft) return { expiry: null, evaluationFrom: null, daysLeft: null, draft: true };
  const expiry = expiryOf(facts);
  return {
    expiry,
    evaluationFrom: expiry ? addMonths(expiry, -dueMonths) : null,
    daysLeft: expiry && today ? daysBetween(today, expiry) : null,
  };
}

/** The register state of one expiry date on `today`. */
export function registerState(
  expiry: string | null,
  today: string,
  dueMonths: number,
): RegisterState {
  if (!expiry) return 'unknown';
  if (expiry < today) return 'lapsed';
  if (expiry <= addMonths(today, dueMonths)) return 'evaluationDue';
  return 'valid';
}

/** Options of the register. */
export interface RegisterOptions {
  /** The reviewer's today, `YYYY-MM-DD` (tests pin it); default: the real local date. */
  today?: string;
  /** Evaluation window in months; use `dueMonthsFromPacks(await getActivePacks(db))`. */
  dueMonths?: number;
  /** Include documents concluded 不予通过 (they were normally never issued). Default false. */
  includeRejected?: boolean;
}

const STATE_ORDER: Record<RegisterState, number> = {
  lapsed: 0,
  evaluationDue: 1,
  valid: 2,
  unknown: 3,
};

/**
 * The register: one entry per normative document (its latest live round), most urgent first
 * (lapsed, then due, then valid, then unknown; earliest expiry first within each). A document
 * whose latest round is a draft is not in it: it enters when its final text is recorded.
 */
export async function validityRegister(
  db: GuishenDB,
  options: RegisterOptions = {},
): Promise<RegisterEntry[]> {
  const today = todayOf(options.today);
  const dueMonths = options.dueMonths ?? DEFAULT_DUE_MONTHS;
  const normative = await db.records
    .where('[classification+reviewedAt]')
    .between(['normative', Dexie.minKey], ['normative', Dexie.maxKey])
    .filter((r) => r.deletedAt === null)
    .toArray();

  const latest = new Map<string, RecordRow>();
  for (const r of normative) {
    const seen = latest.get(r.docKey);
    if (
      !seen ||
      r.round > seen.round ||
      (r.round === seen.round && r.reviewedAt > seen.reviewedAt)
    ) {
      latest.set(r.docKey, r);
    }
  }

  const entries: RegisterEntry[] = [];
  for (const r of latest.values()) {
    if (r.conclusion === '不予通过' && !options.includeRejected) continue;
    if (r.facts.isDraft) continue;
    const { expiry, evaluationFrom, daysLeft } = validityOf(r.facts, dueMonths, today);
    entries.push({
      recordId: r.id,
      docKey: r.docKey,
      title: r.title,
      docNumber: r.docNumber,
      registrationNumber: r.registrationNumber,
      effectiveDate: r.facts.effectiveDate,
      expiry,
      evaluationFrom,
      daysLeft,
      state: registerState(expiry, today, dueMonths),
    });
  }
  return entries.sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      (a.expiry ?? '').localeCompare(b.expiry ?? '') ||
      a.title.localeCompare(b.title, 'zh'),
  );
}
