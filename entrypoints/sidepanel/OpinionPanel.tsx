/**
 * The side panel's 审查意见书 view: the opinion of the tab's document — the current round's
 * recorded opinion, else the reviewer's saved draft, else drafted from the review — in the
 * editor, saved through lib/opinion (into the current round's record, else as the draft).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { OpinionEditor } from '@/components/OpinionEditor';
import { getDb } from '@/lib/db';
import { draftOpinion, opinionFile, saveOpinion, type OpinionContext } from '@/lib/opinion';
import { getRecord } from '@/lib/records';
import { docTitleOf, type ReviewData } from '@/lib/review-data';
import type { TabEntry } from '@/lib/tab-entry';
import type { Opinion } from '@/rules/schema';

export function OpinionPanel({
  entry,
  data,
  onSaved,
}: {
  entry: TabEntry;
  data: ReviewData;
  onSaved(): Promise<unknown>;
}) {
  const [opinion, setOpinion] = useState<Opinion | null>(null);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The updatedAt of the record version the editor's opinion was loaded from (or saved as). */
  const seen = useRef<string | undefined>(undefined);
  const last = data.rounds[data.rounds.length - 1];
  // Saving goes into the record of the current text's round, when it was recorded.
  // (Not a colleague's round of the office log: the opinion stays this reviewer's draft.)
  const current =
    last && data.sameTextAsRound === last.round && !data.theirs?.includes(last.id) ? last : null;
  const ctx: OpinionContext = useMemo(
    () => ({
      dismissed: data.dismissed,
      manual: data.manual,
      competition: data.competition,
      reviewerName: data.reviewerName,
      officeName: data.officeName,
      today: data.today,
      record: current,
      docTitle: docTitleOf(entry.report.facts.title ?? ''),
    }),
    [data, current, entry.report.facts.title],
  );

  useEffect(() => {
    let live = true;
    setDirty(false);
    void (async () => {
      // The recorded round's opinion; before recording, the saved draft; else a fresh draft.
      const stored = current ? await getRecord(getDb(), current.id) : undefined;
      const recorded = stored?.opinionDoc;
      const o = recorded ?? data.opinion ?? draftOpinion(entry, ctx);
      if (!live) return;
      seen.current = stored?.updatedAt;
      setOpinion(o);
    })().catch((e) => setError((e as Error).message));
    return () => {
      live = false;
    };
    // Loaded once per document and round; re-checks while typing do not replace an edit.
  }, [entry.docKey, current?.id]);

  if (error)
    return (
      <p class="error-box" role="alert">
        {error}
      </p>
    );
  if (!opinion) return null;
  return (
    <OpinionEditor
      idPrefix="panel"
      opinion={opinion}
      dirty={dirty}
      onChange={(next) => {
        setOpinion(next);
        setDirty(true);
      }}
      onSave={async () => {
        // Saved on the version the editor loaded: an office pull in between makes a conflict.
        const record = await saveOpinion(
          getDb(),
          entry.docKey,
          opinion,
          current?.id ?? null,
          seen.current,
        );
        if (record) seen.current = record.updatedAt;
        setDirty(false);
        await onSaved();
        return record?.round ?? null;
      }}
      onRegenerate={() => {
        setOpinion(draftOpinion(entry, ctx));
        setDirty(true);
      }}
      onExport={() => opinionFile(opinion)}
      onPrint={() => window.print()}
    />
  );
}
