/**
 * Popup wiring: the current tab's report at a glance, recording the outcome (with the earlier
 * rounds of the same document), this year's tallies with a CSV export, and the ways to the
 * side panel and the options page.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useT } from '@/components/i18n';
import { ReportSummary } from '@/components/ReportSummary';
import { YearTally } from '@/components/YearTally';
import { OfficeStatus, type OfficeStatusProps } from '@/components/OfficeStatus';
import { getConfig, getState } from '@/lib/office/state';
import { csvFileName, exportCsv } from '@/lib/csv';
import { getDb } from '@/lib/db';
import { yearRange } from '@/lib/dates';
import { validityOf } from '@/lib/register';
import { computeStats, type Stats } from '@/lib/stats';
import { openSidePanel, readTabEntry, resolveTabId, reviewTabNow, watchTabEntry } from '@/lib/tabs';
import type { TabEntry } from '@/lib/tab-entry';
import { OutcomeForm } from './OutcomeForm';
import { send } from '@/lib/client';
import { pendingAttachments } from '@/rules/formats/attachments';
import { useReviewData } from './review-data';

export function App() {
  const t = useT();
  const [tabId, setTabId] = useState<number | null>(null);
  const [entry, setEntry] = useState<TabEntry | null | undefined>(undefined);
  const [stats, setStats] = useState<Stats | null>(null);
  const [office, setOffice] = useState<OfficeStatusProps | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data, reload, error: dataError } = useReviewData(entry ?? null);
  const year = new Date().getFullYear();

  useEffect(() => {
    // The office's sync state, when an office is connected (the background keeps it current).
    void Promise.all([getConfig(getDb()), getState(getDb())])
      .then(([config, state]) => setOffice(config ? state : null))
      .catch(() => {});
  }, []);

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

  const openPanel = async () => {
    if (tabId == null) return;
    try {
      // Must run inside the click: sidePanel.open needs the user gesture.
      await openSidePanel(tabId);
    } catch (e) {
      setError(t('popup.panelFailed', [(e as Error).message]));
    }
  };

  const exportYear = async () => {
    const filter = { range: yearRange(year) };
    const csv = await exportCsv(getDb(), filter);
    return { name: csvFileName(filter), blob: new Blob([csv], { type: 'text/csv;charset=utf-8' }) };
  };

  const report = entry?.report;
  const shownError = error ?? dataError;
  return (
    <div class="popup">
      <header class="bar">
        <h1>{t('appTitle')}</h1>
        <span class="sub">{t('appSubtitle')}</span>
      </header>
      <main>
        {shownError && (
          <p class="error-box" role="alert">
            {shownError}
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
        {report && (
          <ReportSummary
            report={report}
            validity={validityOf(report.facts, data?.dueMonths ?? 6)}
            pending={pendingAttachments(report, entry?.text ?? '')}
            onReviewAttachment={(a) =>
              tabId != null &&
              void send({ type: 'openFileReview', tabId, url: a.href, name: a.name }).catch((e) =>
                setError((e as Error).message),
              )
            }
          />
        )}
        <div class="actions">
          <button type="button" onClick={openPanel} disabled={tabId == null}>
            {t('popup.openPanel')}
          </button>
          <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
            {t('popup.openOptions')}
          </button>
          <button
            type="button"
            data-testid="open-file"
            onClick={() =>
              void browser.tabs.create({ url: browser.runtime.getURL('/file-review.html') })
            }
          >
            {t('popup.openFile')}
          </button>
        </div>
        {entry && entry.report.classification.isDocument && data && (
          <OutcomeForm
            idPrefix="popup"
            entry={entry}
            data={data}
            onSaved={() => Promise.all([reload(), refreshStats()])}
          />
        )}
        <OfficeStatus state={office} />
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
