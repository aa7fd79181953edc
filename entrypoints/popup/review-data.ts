/**
 * Wiring shared by the popup and the side panel (both are extension pages and read Dexie
 * directly): what is stored about the active tab's document — earlier rounds, the remembered
 * reviewer, manual ticks and dismissals, the previous version's text — and saving an outcome.
 *
 * It lives beside the popup's App (not loose in entrypoints/, where WXT would take it for an
 * entrypoint); the side panel imports it from here.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { findingKey } from '@/rules/clauses';
import type { RecordValues } from '@/components/RecordForm';
import { send } from '@/lib/client';
import { getDb } from '@/lib/db';
import { today as todayOf } from '@/lib/dates';
import type { RecordRow, ReviewRecord, StoredFinding } from '@/lib/entities';
import { getActivePacks, packRefs } from '@/lib/packs';
import {
  createRecord,
  getChecklistState,
  getSettings,
  roundsOf,
  saveChecklistState,
  sha256Hex,
  updateSettings,
  versionsOf,
} from '@/lib/records';
import { dueMonthsFromPacks } from '@/lib/register';
import type { TabEntry } from '@/lib/tab-entry';

/** What is stored about the document of a tab. */
export interface ReviewData {
  docKey: string;
  /** Live earlier rounds, first round first. */
  rounds: RecordRow[];
  reviewerName: string;
  manual: Record<string, boolean>;
  dismissed: Record<string, string>;
  /** Months before expiry when evaluation falls due (active packs; default 6). */
  dueMonths: number;
  /** The reviewer's today (settings override or the local date). */
  today: string;
  /** The newest stored text that differs from the current one, with its round. */
  previous: { text: string; round: number; reviewedAt: string } | null;
  /** The round whose stored text equals the current text, if any. */
  sameTextAsRound: number | null;
}

async function load(entry: TabEntry): Promise<ReviewData> {
  const db = getDb();
  const [rounds, settings, state, versions, packs, hash] = await Promise.all([
    roundsOf(db, entry.docKey),
    getSettings(db),
    getChecklistState(db, entry.docKey),
    versionsOf(db, entry.docKey),
    getActivePacks(db).catch(() => []),
    entry.text !== undefined ? sha256Hex(entry.text) : Promise.resolve(entry.textHash ?? null),
  ]);
  const roundOf = new Map(rounds.map((r) => [r.id, r]));
  // Versions of records in the recycle bin do not count as earlier rounds.
  const live = versions.filter((v) => roundOf.has(v.recordId));
  const same = hash ? live.find((v) => v.textHash === hash) : undefined;
  const prev = live.find((v) => v.textHash !== hash);
  const prevRow = prev ? roundOf.get(prev.recordId)! : null;
  return {
    docKey: entry.docKey,
    rounds,
    reviewerName: settings.reviewerName,
    manual: state.manual,
    dismissed: state.dismissed,
    dueMonths: dueMonthsFromPacks(packs),
    today: todayOf(settings.todayOverride),
    previous:
      prev && prevRow
        ? { text: prev.text, round: prevRow.round, reviewedAt: prevRow.reviewedAt }
        : null,
    sameTextAsRound: same ? (roundOf.get(same.recordId)?.round ?? null) : null,
  };
}

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
      const next = await load(e);
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
  const used = new Set(entry.report.packs.map((p) => p.id));
  const mine = refs.filter((r) => used.has(r.id));
  return mine.length ? mine : refs;
}

/**
 * Saves the outcome with everything the record keeps: facts, findings (dismissed ones with
 * their reason), pack refs, extension version and this version's text (for comparing rounds).
 * Remembers the reviewer's name.
 */
export async function saveOutcome(
  entry: TabEntry,
  outcome: RecordValues,
  dismissed: Readonly<Record<string, string>>,
): Promise<ReviewRecord> {
  const db = getDb();
  const r = entry.report;
  const findings: StoredFinding[] = r.findings.map((f) => {
    const reason = dismissed[findingKey(f)];
    return reason !== undefined ? { ...f, dismissed: reason } : f;
  });
  const record = await createRecord(db, {
    url: entry.url,
    title: r.facts.title ?? '',
    docNumber: r.facts.docNumber,
    registrationNumber: r.facts.registrationNumber,
    classification: outcome.classification,
    conclusion: outcome.conclusion,
    opinion: outcome.opinion,
    reviewer: outcome.reviewer,
    facts: {
      effectiveDate: r.facts.effectiveDate,
      validity: {
        years: r.facts.validity.years,
        until: r.facts.validity.until,
        expiry: r.facts.validity.expiry,
      },
    },
    findings,
    packs: await refsFor(entry),
    extensionVersion: browser.runtime.getManifest().version,
    ...(entry.text !== undefined ? { text: entry.text } : {}),
  });
  const settings = await getSettings(db);
  if (settings.reviewerName !== outcome.reviewer) {
    await updateSettings(db, { reviewerName: outcome.reviewer });
  }
  return record;
}

/** Saves the manual ticks and dismissals of a document. */
export async function saveState(
  docKey: string,
  manual: Record<string, boolean>,
  dismissed: Record<string, string>,
): Promise<void> {
  await saveChecklistState(getDb(), { docKey, manual, dismissed });
}
