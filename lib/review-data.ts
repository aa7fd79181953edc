/**
 * The stored side of reviewing a tab's document (popup and side panel): what is kept about it —
 * earlier rounds, the remembered reviewer, manual ticks and dismissals, the earlier version of
 * its text to compare with — and turning the tab's report and the reviewer's outcome into a
 * review record.
 */
import { findingKey } from '@/rules/clauses';
import type { Opinion, Report } from '@/rules/schema';
import { competitionScope } from '@/rules/competition';
import type { GuishenDB } from './db';
import { addDays, parseIsoDate, today as todayOf } from './dates';
import type {
  ClassificationKind,
  CompetitionReview,
  Conclusion,
  DocVersion,
  PackRef,
  RecordRow,
  ReviewRecord,
  StoredFinding,
} from './entities';
import { getActivePacks } from './packs';
import {
  createRecord,
  getChecklistState,
  getSettings,
  roundsOf,
  sha256Hex,
  updateSettings,
  versionsOf,
  updateRecord,
  type NewRecordInput,
} from './records';
import { dueMonthsFromPacks } from './register';
import { discardOpinion, draftOpinion, withOutcome } from './opinion';
import type { TabEntry } from './tab-entry';
import { colleagues } from './office/replicas';

/** What is stored about the document of a tab. */
export interface ReviewData {
  docKey: string;
  /** Live earlier rounds, first round first. */
  rounds: RecordRow[];
  reviewerName: string;
  manual: Record<string, boolean>;
  dismissed: Record<string, string>;
  /** The 公平竞争审查 so far (absent until the reviewer touches it). */
  competition?: CompetitionReview;
  /** Months before expiry when evaluation falls due (active packs; default 6). */
  dueMonths: number;
  /** The reviewer's today (settings override or the local date). */
  today: string;
  /** The newest stored text that differs from the current one, with its round. */
  previous: { text: string; round: number; reviewedAt: string } | null;
  /** The round whose stored text equals the current text, if any. */
  sameTextAsRound: number | null;
  /** 审查时限 in working days (pack parameter review.workingDays; default 15). */
  reviewDays: number;
  /** The office's name from the settings ('' when not set). */
  officeName: string;
  /** The written opinion as the reviewer is editing it (absent until they save an edit). */
  opinion?: Opinion;
  /**
   * Rounds that are colleagues' records in the office's shared log (lib/office/replicas.ts):
   * this reviewer's save adds a round of their own instead of changing one of them (the office
   * server would refuse that change, and the review would not reach the office).
   */
  theirs?: string[];
}

/** The pack parameter of the 审查时限, in working days. */
export const REVIEW_DAYS_PARAM = 'review.workingDays';
/** Used only when no active pack sets it. */
export const DEFAULT_REVIEW_DAYS = 15;

/** The 审查时限 of the active packs: the value of the latest layer that sets it. */
export function reviewDaysFromPacks(
  packs: readonly { params: Record<string, { value: unknown }> }[],
): number {
  let days = DEFAULT_REVIEW_DAYS;
  for (const p of packs) {
    const v = p.params[REVIEW_DAYS_PARAM]?.value;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 365) days = v;
  }
  return days;
}

/**
 * The document's own title on a page that is about it: the 《…》 a consultation notice names
 * (关于公开征求《银湖市养犬管理办法（征求意见稿）》意见的公告 → 银湖市养犬管理办法（征求意见稿）);
 * '' when the page title is the document's own.
 */
export function docTitleOf(pageTitle: string): string {
  const m =
    /《([^《》]{2,200})》[^《》]{0,12}(?:征求|听取)[^《》]{0,6}意见/.exec(pageTitle) ??
    /(?:征求|听取)[^《》]{0,12}《([^《》]{2,200})》/.exec(pageTitle);
  return m ? m[1]!.trim() : '';
}

/** Adds n working days (Mon–Fri; public holidays are not known) to an ISO date. */
export function addWorkingDays(iso: string, n: number): string {
  let d = iso;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    const { y, m, d: day } = parseIsoDate(d);
    const wd = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

/**
 * Matches the current text (by its hash) against the stored versions of its document: the
 * newest version whose text differs (what to compare with) and the round whose text is the
 * same, if any. Versions of records not among the live `rounds` (recycle bin) do not count.
 *
 * @param rounds the live rounds of the document (`roundsOf`)
 * @param versions its stored versions, newest first (`versionsOf`)
 * @param hash SHA-256 of the current text, or null when it is not known
 */
export function matchVersions(
  rounds: readonly RecordRow[],
  versions: readonly DocVersion[],
  hash: string | null,
): Pick<ReviewData, 'previous' | 'sameTextAsRound'> {
  const roundOf = new Map(rounds.map((r) => [r.id, r]));
  const live = versions.filter((v) => roundOf.has(v.recordId));
  const same = hash ? live.find((v) => v.textHash === hash) : undefined;
  const prev = live.find((v) => v.textHash !== hash);
  const prevRow = prev ? roundOf.get(prev.recordId)! : null;
  return {
    previous:
      prev && prevRow
        ? { text: prev.text, round: prevRow.round, reviewedAt: prevRow.reviewedAt }
        : null,
    sameTextAsRound: same ? (roundOf.get(same.recordId)?.round ?? null) : null,
  };
}

/** Everything stored about the document of a tab entry (see {@link ReviewData}). */
export async function loadReviewData(db: GuishenDB, entry: TabEntry): Promise<ReviewData> {
  const rounds = await roundsOf(db, entry.docKey);
  const [settings, state, versions, packs, hash, theirs] = await Promise.all([
    getSettings(db),
    getChecklistState(db, entry.docKey),
    versionsOf(db, entry.docKey),
    getActivePacks(db).catch(() => []),
    entry.text !== undefined ? sha256Hex(entry.text) : Promise.resolve(entry.textHash ?? null),
    colleagues(
      db,
      rounds.map((r) => r.id),
    ),
  ]);
  return {
    docKey: entry.docKey,
    ...(theirs.size ? { theirs: [...theirs] } : {}),
    rounds,
    reviewerName: settings.reviewerName,
    manual: state.manual,
    dismissed: state.dismissed,
    ...(state.competition ? { competition: state.competition } : {}),
    ...(state.opinion ? { opinion: state.opinion } : {}),
    dueMonths: dueMonthsFromPacks(packs),
    reviewDays: reviewDaysFromPacks(packs),
    officeName: settings.officeName ?? '',
    today: todayOf(settings.todayOverride),
    ...matchVersions(rounds, versions, hash),
  };
}

/** What the reviewer decides in the outcome form. */
export interface Outcome {
  classification: ClassificationKind;
  conclusion: Conclusion;
  opinion: string;
  reviewer: string;
  /** Why 通过 stands although errors were open (see RecordForm). */
  conclusionReason?: string;
  /** Office fields (see ReviewRecordSchema); the due date follows from receivedDate + reviewDays. */
  docTitle?: string;
  drafter?: string;
  receivedDate?: string | null;
  reviewDays?: number;
}

/**
 * The refs of the packs that produced a report, out of the active ones; all of `refs` when
 * none of them match (the report names packs that are no longer active).
 */
export function packsUsed(refs: readonly PackRef[], report: Pick<Report, 'packs'>): PackRef[] {
  const used = new Set(report.packs.map((p) => p.id));
  const mine = refs.filter((r) => used.has(r.id));
  return mine.length ? mine : [...refs];
}

/** How the outcome of a tab's document is recorded, besides the entry and the outcome. */
export interface OutcomeContext {
  /** Reasons of the findings the reviewer dismissed, by `findingKey`. */
  dismissed: Readonly<Record<string, string>>;
  /** The reviewer's 公平竞争审查 (see {@link competitionForRecord}). */
  competition?: CompetitionReview;
  /** The packs that produced the report (`packsUsed`). */
  packs: PackRef[];
  extensionVersion: string;
  /** The reviewing office's name (settings), stored with the record. */
  office?: string;
  /** The written opinion as the reviewer edited it; absent: drafted from the report. */
  opinion?: Opinion;
  /** Manual checklist ticks (the drafted opinion lists the ones ticked). */
  manual?: Readonly<Record<string, boolean>>;
  /** The reviewer's today (the opinion's date when it is drafted here). */
  today?: string;
  /**
   * The round the form said this save updates, as it was loaded (id and updatedAt), or null
   * when it said a new round is added. The update is made on that version: an office pull that
   * brought a colleague's revision in between makes it a conflict (lib/records.ts
   * updateRecord), and a same-text round the form never showed (a colleague's, pulled in while
   * the form was open) is not updated blind — a round of this reviewer's own is added. Absent:
   * whatever round holds the same text is updated (a caller that showed no round).
   */
  updates?: { id: string; updatedAt: string } | null;
}

/** The office fields of a record from the outcome form and the settings. */
function officeFields(outcome: Outcome, office: string | undefined): Partial<NewRecordInput> {
  const out: Partial<NewRecordInput> = {};
  if (outcome.docTitle) out.docTitle = outcome.docTitle;
  if (outcome.drafter) out.drafter = outcome.drafter;
  if (outcome.receivedDate) {
    out.receivedDate = outcome.receivedDate;
    if (outcome.reviewDays) out.dueDate = addWorkingDays(outcome.receivedDate, outcome.reviewDays);
  }
  if (office) out.office = office;
  return out;
}

/**
 * The new record for an outcome: the report's facts, its findings (dismissed ones with their
 * reason), the pack refs and this version's text (kept for comparing rounds).
 */
export function outcomeRecordInput(
  entry: TabEntry,
  outcome: Outcome,
  {
    dismissed,
    packs,
    extensionVersion,
    office,
    competition,
    opinion,
    today,
    manual,
  }: OutcomeContext,
): NewRecordInput {
  const r = entry.report;
  const fields = officeFields(outcome, office);
  const date = today ?? todayOf(null);
  // The opinion says what the record says: conclusion, reviewer, header.
  const opinionDoc = withOutcome(
    opinion ??
      draftOpinion(entry, {
        dismissed,
        manual: manual ?? {},
        competition,
        reviewerName: outcome.reviewer,
        officeName: office ?? '',
        today: date,
        docTitle: docTitleOf(r.facts.title ?? ''),
      }),
    {
      conclusion: outcome.conclusion,
      reviewer: outcome.reviewer,
      docTitle: fields.docTitle,
      drafter: fields.drafter,
      receivedDate: fields.receivedDate,
      office: fields.office,
      date,
    },
  );
  const findings: StoredFinding[] = r.findings.map((f) => {
    const reason = dismissed[findingKey(f)];
    return reason !== undefined ? { ...f, dismissed: reason } : f;
  });
  return {
    url: entry.url,
    title: r.facts.title ?? '',
    docNumber: r.facts.docNumber,
    registrationNumber: r.facts.registrationNumber,
    classification: outcome.classification,
    conclusion: outcome.conclusion,
    opinion: outcome.opinion,
    reviewer: outcome.reviewer,
    ...(outcome.conclusionReason ? { conclusionReason: outcome.conclusionReason } : {}),
    ...fields,
    opinionDoc,
    facts: {
      isDraft: r.facts.isDraft,
      commentDeadline: r.facts.commentDeadline,
      signedDate: r.facts.signedDate ?? null,
      publishDate: r.facts.publishDate,
      effectiveDate: r.facts.effectiveDate,
      validity: {
        years: r.facts.validity.years,
        until: r.facts.validity.until,
        expiry: r.facts.validity.expiry,
      },
    },
    findings,
    packs,
    extensionVersion,
    ...(entry.text !== undefined ? { text: entry.text } : {}),
    ...competitionForRecord(r, competition),
    ...(entry.file ? { file: entry.file } : {}),
  };
}

/**
 * The current (latest live) round of a document when its stored text is `hash`: recording
 * the same text again updates that round instead of adding one. Null when the text is not
 * known or differs.
 */
export async function sameTextRound(
  db: GuishenDB,
  docKey: string,
  hash: string | null,
): Promise<RecordRow | null> {
  if (!hash) return null;
  const rounds = await roundsOf(db, docKey);
  const current = rounds[rounds.length - 1];
  return current && current.textHash === hash ? current : null;
}

/**
 * The 公平竞争审查 a record keeps: the reviewer's answer to 「涉及经营者经济活动」 (else the
 * engine's, from 实施办法 第二条's domains) and the conclusion. Nothing when the text concerns
 * no business and the reviewer said nothing.
 */
export function competitionForRecord(
  report: TabEntry['report'],
  review: CompetitionReview | undefined,
): { competition?: NonNullable<ReviewRecord['competition']> } {
  const concerns = review?.concerns ?? competitionScope(report.findings) !== null;
  if (!review && !concerns) return {};
  return {
    competition: {
      concerns,
      conclusion: concerns ? (review?.conclusion ?? null) : null,
      ...(concerns && review?.conclusion === '适用例外' && review.exception
        ? { exception: review.exception }
        : {}),
    },
  };
}

/**
 * Records the outcome (see {@link outcomeRecordInput}) and remembers the reviewer's name. A
 * round is a version of the text: when the text equals the current round's, that round is
 * updated (its earlier save kept in `history`) and no round is added.
 */
export async function recordOutcome(
  db: GuishenDB,
  entry: TabEntry,
  outcome: Outcome,
  context: OutcomeContext,
): Promise<ReviewRecord> {
  const input = outcomeRecordInput(entry, outcome, context);
  const hash = input.text !== undefined ? await sha256Hex(input.text) : null;
  const found = await sameTextRound(db, entry.docKey, hash);
  const seen = context.updates;
  // A colleague's round of the office log is never updated here (see ReviewData.theirs).
  const theirs = found ? (await colleagues(db, [found.id])).has(found.id) : false;
  const current = found && !theirs && (seen === undefined || seen?.id === found.id) ? found : null;
  const record = current
    ? await updateRecord(
        db,
        current.id,
        {
          classification: input.classification,
          conclusion: input.conclusion,
          opinion: input.opinion,
          reviewer: input.reviewer,
          conclusionReason: input.conclusionReason,
          docTitle: input.docTitle ?? current.docTitle,
          drafter: input.drafter ?? current.drafter,
          receivedDate: input.receivedDate ?? current.receivedDate,
          dueDate: input.dueDate ?? current.dueDate,
          office: input.office ?? current.office,
          reviewedAt: new Date().toISOString(),
          facts: input.facts,
          findings: input.findings,
          ...(input.opinionDoc ? { opinionDoc: input.opinionDoc } : {}),
          history: [
            ...(current.history ?? []),
            {
              reviewedAt: current.reviewedAt,
              conclusion: current.conclusion,
              opinion: current.opinion,
              reviewer: current.reviewer,
              ...(current.conclusionReason ? { conclusionReason: current.conclusionReason } : {}),
            },
          ],
        },
        seen?.updatedAt,
      )
    : await createRecord(db, input);
  // The draft opinion went into the record: the next round drafts afresh.
  if (context.opinion) await discardOpinion(db, entry.docKey);
  const settings = await getSettings(db);
  if (settings.reviewerName !== outcome.reviewer) {
    await updateSettings(db, { reviewerName: outcome.reviewer });
  }
  return record;
}
