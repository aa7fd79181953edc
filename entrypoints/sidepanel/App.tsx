/**
 * Side panel wiring: the live checklist, findings (with dismissals), facts with the validity
 * arithmetic, the comparison with the previous round, and the outcome form, for the active
 * tab's document. It follows the active tab and its navigations, and re-renders whenever the
 * content script pushes a new report (the draft is being edited).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Checklist } from '@/components/Checklist';
import { CompetitionChecklist } from '@/components/CompetitionChecklist';
import { isCompetitionItem } from '@/rules/competition';
import type { CompetitionReview } from '@/lib/entities';
import { CompareView } from '@/components/CompareView';
import { FindingsList } from '@/components/FindingsList';
import { useT } from '@/components/i18n';
import type { MessageKey } from '@/components/i18n';
import { FactsTable } from '@/components/ReportSummary';
import { ValidityArithmetic } from '@/components/ValidityArithmetic';
import { percent, titleText, verdictText } from '@/components/labels';
import { clauseRefIn, findingKey } from '@/rules/clauses';
import { compareTexts } from '@/rules/compare';
import { segmentClauses } from '@/rules/segment';
import { send } from '@/lib/client';
import { validityOf } from '@/lib/register';
import { followTab, readTabEntry, watchTabEntry, watchTabStatus } from '@/lib/tabs';
import type { TabEntry } from '@/lib/tab-entry';
import { OutcomeForm } from '../popup/OutcomeForm';
import { OpinionPanel } from './OpinionPanel';
import { saveState, useReviewData } from '../popup/review-data';

type View = 'checklist' | 'competition' | 'findings' | 'facts' | 'compare' | 'record' | 'opinion';

export function App() {
  const t = useT();
  const [tabId, setTabId] = useState<number | null>(null);
  const [entry, setEntry] = useState<TabEntry | null>(null);
  // When the tab last started loading a page: a report older than that is the previous page's.
  const [navAt, setNavAt] = useState(0);
  const [view, setView] = useState<View>('checklist');
  const [error, setError] = useState<string | null>(null);

  // Follow the tab: the one named in the URL, else the active tab as it changes.
  useEffect(() => followTab(setTabId), []);

  useEffect(() => {
    if (tabId == null) return;
    setNavAt(0);
    void readTabEntry(tabId).then(setEntry);
    const stopWatch = watchTabEntry(tabId, setEntry);
    // Navigation in the followed tab: until its content script reports, the stored entry
    // describes the page that was left (or a non-document page never reports at all).
    const stopStatus = watchTabStatus(tabId, (status) => {
      if (status === 'loading') setNavAt(Date.now());
      if (status === 'complete') void readTabEntry(tabId).then(setEntry);
    });
    return () => {
      stopWatch();
      stopStatus();
    };
  }, [tabId]);

  const stale = !!entry && navAt > 0 && Date.parse(entry.updatedAt) < navAt;
  const current = stale ? null : entry;
  const { data, reload, setData, error: dataError } = useReviewData(current);

  const text = current?.text ?? '';
  const findings = current?.report.findings;
  const clauseRefs = useMemo(() => {
    if (!findings) return [];
    const clauses = segmentClauses(text);
    return findings.map((f) => clauseRefIn(clauses, f.range.start)?.text ?? null);
  }, [text, findings]);

  // Compared only while the comparison is on screen: a draft being typed re-checks often.
  const comparing = view === 'compare';
  const comparison = useMemo(
    () =>
      comparing && data?.previous && current?.text
        ? compareTexts(data.previous.text, current.text)
        : null,
    [comparing, data?.previous, current?.text],
  );

  const bar = (
    <header class="bar">
      <h1>{t('panel.title')}</h1>
    </header>
  );

  if (!current) {
    return (
      <div>
        {bar}
        <main>
          <p class="muted" data-testid="no-report">
            {stale ? t('panel.waiting') : t('panel.noReport')}
          </p>
        </main>
      </div>
    );
  }

  const persist = async (
    manual: Record<string, boolean>,
    dismissed: Record<string, string>,
    competition: CompetitionReview | undefined = data?.competition,
  ) => {
    setData((d) => ({ ...d, manual, dismissed, ...(competition ? { competition } : {}) }));
    try {
      await saveState(current.docKey, manual, dismissed, competition);
    } catch (e) {
      setError(t('panel.saveFailed', [(e as Error).message]));
    }
  };

  const toggle = (id: string, checked: boolean) => {
    if (!data) return;
    void persist({ ...data.manual, [id]: checked }, data.dismissed);
  };
  const dismiss = (key: string, reason: string) => {
    if (!data) return;
    void persist(data.manual, { ...data.dismissed, [key]: reason });
  };
  const restore = (key: string) => {
    if (!data) return;
    const next = { ...data.dismissed };
    delete next[key];
    void persist(data.manual, next);
  };

  const select = (findingIndex: number) => {
    if (tabId == null) return;
    void send({ type: 'scrollToFinding', tabId, findingIndex }).catch(() => {});
  };

  const r = current.report;
  const rounds = data?.rounds.length ?? 0;
  const dismissedNow = data?.dismissed ?? {};
  const dueMonths = data?.dueMonths ?? 6;
  const validity = validityOf(r.facts, dueMonths, data?.today);
  const open = r.findings.filter((f) => dismissedNow[findingKey(f)] === undefined).length;
  const shownError = error ?? dataError;
  const tabs: [View, MessageKey, (string | number)[]][] = [
    ['checklist', 'panel.tabChecklist', []],
    ['competition', 'panel.tabCompetition', []],
    ['findings', 'panel.tabFindings', [open]],
    ['facts', 'panel.tabFacts', []],
    ['compare', 'panel.tabCompare', []],
    ['record', 'panel.tabRecord', []],
    ['opinion', 'opinion.tab', []],
  ];

  return (
    <div>
      {bar}
      <main>
        <h2 class="doc-title">{titleText(t, r.facts.title)}</h2>
        <p class="verdict">
          {verdictText(t, r)} · {t('common.score')} {percent(r.classification.score)}
        </p>
        {rounds > 0 && (
          <p class="round-banner" data-testid="round-banner">
            {data?.sameTextAsRound === data?.rounds[rounds - 1]?.round
              ? t('common.record.updatesRound', [rounds])
              : t('panel.roundBanner', [rounds, rounds + 1])}
          </p>
        )}
        {shownError && (
          <p class="error-box" role="alert">
            {shownError}
          </p>
        )}
        <div class="tabs" role="tablist" aria-label={t('panel.tabs')}>
          {tabs.map(([k, key, subs]) => (
            <button
              key={k}
              id={`tab-${k}`}
              type="button"
              role="tab"
              aria-selected={view === k}
              aria-controls={`panel-${k}`}
              tabIndex={view === k ? 0 : -1}
              onClick={() => setView(k)}
            >
              {t(key, subs)}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
          {view === 'checklist' && (
            <Checklist
              items={r.checklist.filter((i) => !isCompetitionItem(i))}
              manual={data?.manual ?? {}}
              onToggle={toggle}
              findings={r.findings}
              facts={r.facts}
              onSelectFinding={select}
            />
          )}
          {view === 'competition' && (
            <CompetitionChecklist
              items={r.checklist.filter(isCompetitionItem)}
              findings={r.findings}
              facts={r.facts}
              manual={data?.manual ?? {}}
              onToggle={toggle}
              value={data?.competition}
              onChange={(next) => {
                if (data) void persist(data.manual, data.dismissed, next);
              }}
              onSelectFinding={select}
            />
          )}
          {view === 'findings' && (
            <FindingsList
              findings={r.findings}
              clauseRefs={clauseRefs}
              {...(current.locations ? { locations: current.locations } : {})}
              dismissed={dismissedNow}
              onSelect={select}
              onDismiss={dismiss}
              onRestore={restore}
            />
          )}
          {view === 'facts' && (
            <>
              <FactsTable
                report={r}
                full
                dueMonths={dueMonths}
                today={data?.today}
                validity={validity}
              />
              <ValidityArithmetic report={r} dueMonths={dueMonths} validity={validity} />
            </>
          )}
          {view === 'compare' && (
            <CompareView
              comparison={comparison}
              against={
                data?.previous
                  ? { round: data.previous.round, reviewedAt: data.previous.reviewedAt }
                  : null
              }
            />
          )}
          {view === 'record' && data && (
            <OutcomeForm idPrefix="panel" entry={current} data={data} onSaved={reload} />
          )}
          {view === 'opinion' && data && (
            <OpinionPanel entry={current} data={data} onSaved={reload} />
          )}
        </div>
      </main>
    </div>
  );
}
