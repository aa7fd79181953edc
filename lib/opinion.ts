/**
 * The written opinion (合法性审查意见书) on the stored side: drafting it from a tab's review and
 * what is kept about its document, carrying the outcome into it, saving the reviewer's edits
 * (the document's working copy, and the record of the current round), generating one for an
 * old record, and the .docx download. The model and the writer are rules/opinion's.
 */
import { buildOpinion, introText, withConclusion, type OpinionCompetition } from '@/rules/opinion';
import { OpinionSchema, type Opinion } from '@/rules/schema';
import type { GuishenDB } from './db';
import type { ReviewRecord } from './entities';
import { GuishenError } from './quota';
import { getChecklistState, getRecord, saveChecklistState, updateRecord } from './records';
import type { TabEntry } from './tab-entry';

/** What the side panel knows about a tab's document (lib/review-data's ReviewData). */
export interface OpinionContext {
  dismissed: Readonly<Record<string, string>>;
  manual: Readonly<Record<string, boolean>>;
  competition?: OpinionCompetition | undefined;
  reviewerName: string;
  officeName: string;
  /** The reviewer's today, YYYY-MM-DD. */
  today: string;
  /** The record of the current text's round, when it was recorded. */
  record?: Pick<
    ReviewRecord,
    'docTitle' | 'drafter' | 'receivedDate' | 'conclusion' | 'reviewer' | 'office' | 'competition'
  > | null;
  /** The document's own title (the 《…》 a notice names), '' when the page title is it. */
  docTitle?: string;
}

/** A fresh opinion for a tab's review (every accepted finding an item). */
export function draftOpinion(entry: TabEntry, ctx: OpinionContext): Opinion {
  const r = entry.report;
  const rec = ctx.record ?? null;
  const competition = rec?.competition ?? ctx.competition;
  return buildOpinion({
    findings: r.findings,
    text: entry.text ?? '',
    checklist: r.checklist,
    packs: r.packs,
    dismissed: ctx.dismissed,
    manual: ctx.manual,
    ...(competition ? { competition } : {}),
    docTitle: rec?.docTitle || ctx.docTitle || r.facts.title || entry.file?.name || '',
    drafter: rec?.drafter ?? '',
    receivedDate: rec?.receivedDate ?? null,
    office: rec?.office || ctx.officeName,
    reviewer: rec?.reviewer || ctx.reviewerName,
    ...(rec ? { conclusion: rec.conclusion } : {}),
    date: ctx.today,
  });
}

/** What recording an outcome says that the opinion must say too. */
export interface OpinionOutcome {
  conclusion: Opinion['conclusion'];
  reviewer: string;
  docTitle?: string | undefined;
  drafter?: string | undefined;
  receivedDate?: string | null | undefined;
  office?: string | undefined;
  date?: string | undefined;
}

/**
 * The opinion carried to an outcome: the conclusion, reviewer and header of the outcome, the
 * items and free texts as the reviewer left them. The opening paragraph follows the header
 * unless the reviewer rewrote it.
 */
export function withOutcome(o: Opinion, out: OpinionOutcome): Opinion {
  const header = {
    docTitle: out.docTitle || o.docTitle,
    drafter: out.drafter || o.drafter,
    receivedDate: out.receivedDate ?? o.receivedDate,
    office: out.office || o.office,
  };
  const introRewritten = o.intro !== introText(o);
  return OpinionSchema.parse({
    ...withConclusion(o, out.conclusion),
    ...header,
    intro: introRewritten ? o.intro : introText(header),
    reviewer: out.reviewer || o.reviewer,
    ...(out.date ? { date: out.date } : {}),
  });
}

/** Checks an edited opinion; a precise Chinese message when it cannot be kept. */
export function validOpinion(o: unknown): Opinion {
  const parsed = OpinionSchema.safeParse(o);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = (issue?.path ?? [])
    .map((p) => (typeof p === 'number' ? `第${p + 1}条` : String(p)))
    .join(' › ');
  throw new GuishenError('invalid', `审查意见书无法保存：${where} ${issue?.message ?? ''}`.trim());
}

/**
 * Saves the reviewer's opinion of a document: into the record of the current text's round
 * when it was recorded (its opinion and the hash on the row; a draft left from before is
 * dropped), else as the document's draft, which recording the outcome takes into the record.
 * Nothing is written when the opinion is invalid.
 */
export async function saveOpinion(
  db: GuishenDB,
  docKey: string,
  opinion: Opinion,
  recordId?: string | null,
  /**
   * The updatedAt of the record's version the opinion was loaded from (the editor's): a
   * colleague's revision pulled into the log meanwhile becomes a conflict with this save, not
   * something it silently replaces (lib/records.ts updateRecord).
   */
  seen?: string,
): Promise<ReviewRecord | null> {
  const valid = validOpinion(opinion);
  if (recordId) {
    const record = await updateRecord(db, recordId, { opinionDoc: valid }, seen);
    await discardOpinion(db, docKey);
    return record;
  }
  const state = await getChecklistState(db, docKey);
  await saveChecklistState(db, {
    docKey,
    manual: state.manual,
    dismissed: state.dismissed,
    ...(state.competition ? { competition: state.competition } : {}),
    opinion: valid,
  });
  return null;
}

/** Forgets the working copy of a document (the next view drafts afresh from the review). */
export async function discardOpinion(db: GuishenDB, docKey: string): Promise<void> {
  const state = await getChecklistState(db, docKey);
  if (!state.opinion) return;
  await saveChecklistState(db, {
    docKey,
    manual: state.manual,
    dismissed: state.dismissed,
    ...(state.competition ? { competition: state.competition } : {}),
  });
}

/**
 * An opinion for a stored record that has none (made before opinions existed): from its
 * findings (dismissals kept), its reviewed text when it is stored (for 第N条), and its fields.
 */
export function opinionForRecord(record: ReviewRecord, text: string | undefined): Opinion {
  return buildOpinion({
    findings: record.findings,
    text: text ?? '',
    packs: record.packs,
    ...(record.competition ? { competition: record.competition } : {}),
    docTitle: record.docTitle || record.title,
    drafter: record.drafter ?? '',
    receivedDate: record.receivedDate ?? null,
    office: record.office ?? '',
    reviewer: record.reviewer,
    conclusion: record.conclusion,
    date: localDate(record.reviewedAt),
  });
}

/** The local calendar date of an instant (the opinion of a record is dated its review). */
function localDate(instant: string): string {
  const d = new Date(instant);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The record of a round with its opinion, generating and saving one if it has none. */
export async function ensureRecordOpinion(db: GuishenDB, id: string): Promise<ReviewRecord> {
  const record = await getRecord(db, id);
  if (!record) throw new GuishenError('not-found', `找不到审查记录 ${id}`);
  if (record.opinionDoc) return record;
  const version = await db.docVersions.where('recordId').equals(id).first();
  // Made from the version read above: an office pull in between makes it a conflict.
  return updateRecord(
    db,
    id,
    { opinionDoc: opinionForRecord(record, version?.text) },
    record.updatedAt,
  );
}

/**
 * The .docx of an opinion as a file to download. The writer (and the `docx` package) is
 * loaded on first use, so pages that only show or record opinions do not carry it.
 */
export async function opinionFile(o: Opinion): Promise<{ name: string; blob: Blob }> {
  const { opinionDocx, opinionFileName, DOCX_MIME } = await import('@/rules/opinion/docx');
  const bytes = await opinionDocx(o);
  return {
    name: opinionFileName(o.docTitle),
    blob: new Blob([bytes as BlobPart], { type: DOCX_MIME }),
  };
}
