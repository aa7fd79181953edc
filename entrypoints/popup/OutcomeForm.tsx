/**
 * The outcome form of the popup and the side panel: RecordForm fed from the tab's report and
 * the stored data of its document, saving through saveOutcome.
 */
import { useMemo } from 'preact/hooks';
import { RecordForm } from '@/components/RecordForm';
import { findingKey, opinionText } from '@/rules/clauses';
import { REASON_MAX } from '@/lib/entities';
import { docTitleOf, type ReviewData } from '@/lib/review-data';
import type { TabEntry } from '@/lib/tab-entry';
import { saveOutcome, saveState } from './review-data';

export interface OutcomeFormProps {
  idPrefix: string;
  entry: TabEntry;
  data: ReviewData;
  /** After a save: reload what depends on the new record. */
  onSaved(): Promise<unknown>;
}

export function OutcomeForm({ idPrefix, entry, data, onSaved }: OutcomeFormProps) {
  const { text = '', report } = entry;
  const suggestedOpinion = useMemo(
    () => opinionText(text, report.findings, { dismissed: data.dismissed }),
    [text, report.findings, data.dismissed],
  );
  // Errors that still stand: choosing 通过 over them asks for a reason.
  const openErrors = useMemo(
    () =>
      report.findings
        .filter((f) => f.severity === 'error' && data.dismissed[findingKey(f)] === undefined)
        .map((f) => ({ key: findingKey(f), message: f.message, quote: f.anchor.exact })),
    [report.findings, data.dismissed],
  );
  const c = report.classification;
  // A round is a version of the text: the same text as the current round updates it.
  const current = data.rounds[data.rounds.length - 1];
  // (Not a colleague's round of the office log: the save adds the reviewer's own.)
  const updatesRound =
    current && data.sameTextAsRound === current.round && !data.theirs?.includes(current.id)
      ? current.round
      : null;
  return (
    <RecordForm
      idPrefix={idPrefix}
      suggestedKind={c.normative ? 'normative' : 'non-normative'}
      score={c.score}
      suggestedOpinion={suggestedOpinion}
      reviewerName={data.reviewerName}
      previous={data.rounds}
      sameTextAsRound={data.sameTextAsRound}
      updatesRound={updatesRound}
      suggestedDocTitle={docTitleOf(report.facts.title ?? '')}
      pageTitle={report.facts.title ?? ''}
      reviewDays={data.reviewDays}
      today={data.today}
      openErrors={openErrors}
      reasonMax={REASON_MAX}
      onSave={async (values) => {
        // Errors dismissed in the form are dismissed for the document, as in the side panel.
        let dismissed: Record<string, string> = data.dismissed;
        if (values.dismissals) {
          dismissed = { ...data.dismissed, ...values.dismissals };
          await saveState(data.docKey, data.manual, dismissed);
        }
        const record = await saveOutcome(
          entry,
          values,
          dismissed,
          data.officeName,
          data.competition,
          {
            manual: data.manual,
            today: data.today,
            // The round this save updates as the form showed it (a conflict, not an overwrite,
            // when a colleague's revision reached the log meanwhile), or none.
            updates: updatesRound ? { id: current!.id, updatedAt: current!.updatedAt } : null,
            ...(data.opinion ? { opinion: data.opinion } : {}),
          },
        );
        await onSaved();
        return {
          round: record.round,
          reviewedAt: record.reviewedAt,
          updated: (record.history?.length ?? 0) > 0 && updatesRound === record.round,
        };
      }}
    />
  );
}
