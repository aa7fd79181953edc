/**
 * Popup wiring: the current tab's report at a glance, recording the outcome (with the earlier
 * rounds of the same document), this year's tallies with a CSV export, and the ways to the
 * side panel and the options page.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useT } from '@/components/i18n';
import { RecordForm, type PreviousRecord } from '@/components/RecordForm';
import { ReportSummary } from '@/components/ReportSummary';
import { YearTally } from '@/components/YearTally';
import { opinionText } from '@/rules/clauses';
import { csvFileName, exportCsv } from '@/lib/csv';
import { getDb } from '@/lib/db';
import { yearRange } from '@/lib/dates';
import { computeStats, type Stats } from '@/lib/stats';
import { readTabEntry, resolveTabId, reviewTabNow, watchTabEntry } from '@/lib/tabs';
import type { TabEntry } from '@/lib/tab-entry';
import { saveOutcome, useReviewData, type Outcome } from './review-data';

type SidePanelApi = { open(o: { tabId: number }): Promise<void> };
type SidebarApi = { open(): Promise<void> };

export function App() {
  const t = useT();
  const [tabId, setTabId] = useState<number | null>(null);
  const [entry, setEntry] = useState<TabEntry | null | undefined>(undefined);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data, reload } = useReviewData(entry ?? null);
  const year = new Date().getFullYear();

  const refreshStats = () =>
    computeStats(getDb(), { kind: 'year', year })
      .then(setStats)
      .catch(() => {});

  useEffect(() => {
    let stop = () => {};
    void (async () => {
      const id = await resolveTabId();
      setTabId(id);
      if (id != null) {
        setEntry(await readTabEntry(id));
        stop = watchTabEntry(id, setEntry);
      } else setEntry(null);
    })().catch((e) => setError(String(e?.message ?? e)));
    void refreshStats();
    return () => stop();
  }, []);

  const suggestedOpinion = useMemo(
    () =>
      entry && data
        ? opinionText(entry.text ?? '', entry.report.findings, { dismissed: data.dismissed })
        : '',
    [entry, data?.dismissed],
  );

  const previous: PreviousRecord[] = (data?.rounds ?? []).map((r) => ({
    id: r.id,
    round: r.round,
    reviewedAt: r.reviewedAt,
    conclusion: r.conclusion,
    classification: r.classification,
    reviewer: r.reviewer,
    opinion: r.opinion,
  }));

  const openPanel = async () => {
    if (tabId == null) return;
    try {
      // Must run inside the click: sidePanel.open needs the user gesture.
      const sp = (browser as unknown as { sidePanel?: SidePanelApi }).sidePanel;
      if (sp) await sp.open({ tabId });
      else await (browser as unknown as { sidebarAction: SidebarApi }).sidebarAction.open();
    } catch (e) {
      setError(t('popup.panelFailed', [(e as Error).message]));
    }
  };

  const save = async (values: Outcome) => {
    if (!entry) throw new Error(t('popup.reading'));
    const record = await saveOutcome(entry, values, data?.dismissed ?? {});
    await Promise.all([reload(), refreshStats()]);
    return { round: record.round, reviewedAt: record.reviewedAt };
  };

  const exportYear = async () => {
    const filter = { range: yearRange(year) };
    const csv = await exportCsv(getDb(), filter);
    return { name: csvFileName(filter), blob: new Blob([csv], { type: 'text/csv;charset=utf-8' }) };
  };

  const report = entry?.report;
  return (
    <div class="popup">
      <header class="bar">
        <h1>{t('appTitle')}</h1>
        <span class="sub">{t('appSubtitle')}</span>
      </header>
      <main>
        {error && (
          <p class="error-box" role="alert">
            {error}
          </p>
        )}
        {entry === undefined && <p class="muted">{t('popup.reading')}</p>}
        {entry === null && (
          <div data-testid="not-covered">
            <p class="muted">{t('popup.notCovered')}</p>
            <button
              type="button"
              class="primary"
              disabled={tabId == null}
              onClick={() =>
                tabId != null &&
                reviewTabNow(tabId).catch((e) =>
                  setError(t('popup.reviewFailed', [(e as Error).message])),
                )
              }
            >
              {t('popup.reviewNow')}
            </button>
          </div>
        )}
        {report && <ReportSummary report={report} dueMonths={data?.dueMonths ?? 6} />}
        <div class="actions">
          <button type="button" onClick={openPanel} disabled={tabId == null}>
            {t('popup.openPanel')}
          </button>
          <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
            {t('popup.openOptions')}
          </button>
        </div>
        {report && report.classification.isDocument && data && (
          <RecordForm
            idPrefix="popup"
            suggestedKind={report.classification.normative ? 'normative' : 'non-normative'}
            score={report.classification.score}
            suggestedOpinion={suggestedOpinion}
            reviewerName={data.reviewerName}
            previous={previous}
            sameTextAsRound={data.sameTextAsRound}
            onSave={save}
          />
        )}
        {stats && (
          <YearTally
            year={year}
            total={stats.total}
            normative={stats.normative}
            nonNormative={stats.nonNormative}
            onExport={exportYear}
          />
        )}
      </main>
    </div>
  );
}
