/**
 * Wiring shared by the popup and the side panel (both are extension pages and read Dexie
 * directly): the stored data of the active tab's document as a hook, and saving an outcome or
 * the checklist state. What is loaded and what a record holds is lib/review-data's.
 *
 * It lives beside the popup's App (not loose in entrypoints/, where WXT would take it for an
 * entrypoint); the side panel imports it from here.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { RecordValues } from '@/components/RecordForm';
import { send } from '@/lib/client';
import { getDb } from '@/lib/db';
import type { CompetitionReview, ReviewRecord } from '@/lib/entities';
import type { Opinion } from '@/rules/schema';
import { getActivePacks, packRefs } from '@/lib/packs';
import { getChecklistState, saveChecklistState } from '@/lib/records';
import { loadReviewData, packsUsed, recordOutcome, type ReviewData } from '@/lib/review-data';
import type { TabEntry } from '@/lib/tab-entry';

/**
 * The stored data of the tab's document, reloaded when the document (docKey) or its text
 * changes; `reload` after a write.
 */
export function useReviewData(entry: TabEntry | null): {
  data: ReviewData | null;
  reload(): Promise<void>;
  setData(update: (d: ReviewData) => ReviewData): void;
  error: string | null;
} {
  const [data, setState] = useState<ReviewData | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The entry object changes on every re-check; only the document and its text matter.
  const latest = useRef(entry);
  latest.current = entry;
  const docKey = entry?.docKey;
  const text = entry?.text;
  const reload = useCallback(async () => {
    const e = latest.current;
    if (!e) return setState(null);
    try {
      const next = await loadReviewData(getDb(), e);
      // A slower load for a document the tab has left must not overwrite the current one.
      if (latest.current?.docKey === next.docKey) setState(next);
      setError(null);
    } catch (err) {
      setError((err as Error)?.message ?? String(err));
    }
  }, []);
  useEffect(() => {
    setState((d) => (d && d.docKey !== docKey ? null : d));
    void reload();
  }, [docKey, text, reload]);
  const setData = useCallback(
    (update: (d: ReviewData) => ReviewData) => setState((d) => (d ? update(d) : d)),
    [],
  );
  return { data, reload, setData, error };
}

/** The pack refs (id, version, sha256) of the packs that produced the report. */
async function refsFor(entry: TabEntry) {
  // Through the background: it seeds the packs if this is the first thing the user does.
  const refs = await send({ type: 'getActivePacks' })
    .then((r) => r.refs)
    .catch(async () => packRefs(await getActivePacks(getDb())));
  return packsUsed(refs, entry.report);
}

/**
 * Saves the outcome with everything the record keeps (lib/review-data: facts, findings with
 * their dismissals, pack refs, this version's text) and remembers the reviewer's name.
 */
export async function saveOutcome(
  entry: TabEntry,
  outcome: RecordValues,
  dismissed: Readonly<Record<string, string>>,
  office = '',
  competition?: CompetitionReview,
  more: {
    manual?: Record<string, boolean>;
    opinion?: Opinion;
    today?: string;
    /** The round the form said it updates, as loaded (lib/review-data OutcomeContext). */
    updates?: { id: string; updatedAt: string } | null;
  } = {},
): Promise<ReviewRecord> {
  return recordOutcome(getDb(), entry, outcome, {
    dismissed,
    office,
    ...(more.updates !== undefined ? { updates: more.updates } : {}),
    ...(competition ? { competition } : {}),
    ...(more.manual ? { manual: more.manual } : {}),
    ...(more.opinion ? { opinion: more.opinion } : {}),
    ...(more.today ? { today: more.today } : {}),
    packs: await refsFor(entry),
    extensionVersion: browser.runtime.getManifest().version,
  });
}

/** Saves the manual ticks and dismissals of a document (its opinion's working copy stays). */
export async function saveState(
  docKey: string,
  manual: Record<string, boolean>,
  dismissed: Record<string, string>,
  competition?: CompetitionReview,
): Promise<void> {
  const db = getDb();
  const { opinion } = await getChecklistState(db, docKey);
  await saveChecklistState(db, {
    docKey,
    manual,
    dismissed,
    ...(competition ? { competition } : {}),
    ...(opinion ? { opinion } : {}),
  });
}
