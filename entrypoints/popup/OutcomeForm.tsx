/**
 * The outcome form of the popup and the side panel: RecordForm fed from the tab's report and
 * the stored data of its document, saving through saveOutcome.
 */
import { useMemo } from 'preact/hooks';
import { RecordForm } from '@/components/RecordForm';
import { opinionText } from '@/rules/clauses';
import type { ReviewData } from '@/lib/review-data';
import type { TabEntry } from '@/lib/tab-entry';
import { saveOutcome } from './review-data';

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
  const c = report.classification;
  return (
    <RecordForm
      idPrefix={idPrefix}
      suggestedKind={c.normative ? 'normative' : 'non-normative'}
      score={c.score}
      suggestedOpinion={suggestedOpinion}
      reviewerName={data.reviewerName}
      previous={data.rounds}
      sameTextAsRound={data.sameTextAsRound}
      onSave={async (values) => {
        const record = await saveOutcome(entry, values, data.dismissed, data.competition);
        await onSaved();
        return { round: record.round, reviewedAt: record.reviewedAt };
      }}
    />
  );
}
