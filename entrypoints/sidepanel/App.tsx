/**
 * Side panel wiring: the live checklist, findings and facts of the active tab's document.
 * It follows the active tab, and re-renders whenever the content script pushes a new report.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Checklist } from '@/components/Checklist';
import { FindingsList } from '@/components/FindingsList';
import { FactsTable } from '@/components/ReportSummary';
import { verdict, percent } from '@/components/labels';
import { getDb } from '@/lib/db';
import { getChecklistState, saveChecklistState } from '@/lib/records';
import { send } from '@/lib/client';
import { readTabEntry, resolveTabId, watchTabEntry } from '@/lib/tabs';
import type { TabEntry } from '@/lib/tab-entry';

type Tab = 'checklist' | 'findings' | 'facts';

export function App() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [entry, setEntry] = useState<TabEntry | null>(null);
  const [manual, setManual] = useState<Record<string, boolean>>({});
  const [view, setView] = useState<Tab>('checklist');
  const [error, setError] = useState<string | null>(null);

  // Follow the tab: the one named in the URL, else the active tab as it changes.
  useEffect(() => {
    const pinned = new URLSearchParams(location.search).has('tabId');
    void resolveTabId().then(setTabId);
    if (pinned) return;
    const onActivated = (info: { tabId: number }) => setTabId(info.tabId);
    browser.tabs.onActivated.addListener(onActivated);
    return () => browser.tabs.onActivated.removeListener(onActivated);
  }, []);

  useEffect(() => {
    if (tabId == null) return;
    void readTabEntry(tabId).then(setEntry);
    return watchTabEntry(tabId, setEntry);
  }, [tabId]);

  const docKey = entry?.docKey;
  useEffect(() => {
    if (!docKey) return;
    void getChecklistState(getDb(), docKey).then((s) => setManual(s.manual));
  }, [docKey]);

  const toggle = async (id: string, checked: boolean) => {
    if (!docKey) return;
    const next = { ...manual, [id]: checked };
    setManual(next);
    try {
      const cur = await getChecklistState(getDb(), docKey);
      await saveChecklistState(getDb(), { docKey, manual: next, dismissed: cur.dismissed });
    } catch (e) {
      setError(`保存失败：${(e as Error).message}`);
    }
  };

  const select = (findingIndex: number) => {
    if (tabId == null) return;
    void send({ type: 'scrollToFinding', tabId, findingIndex }).catch(() => {});
  };

  if (!entry) {
    return (
      <main>
        <h1>规审 · 审查清单</h1>
        <p class="muted" data-testid="no-report">
          当前标签页没有可审查的文件。打开政府网站上的文件页面或草案编辑页面后，清单会自动出现。
        </p>
      </main>
    );
  }
  const r = entry.report;
  return (
    <div>
      <header class="bar">
        <h1>规审 · 审查清单</h1>
      </header>
      <main>
        <h2 class="doc-title">{r.facts.title ?? '（未识别标题）'}</h2>
        <p class="verdict">
          {verdict(r)} · 规范性文件可能性 {percent(r.classification.score)}
        </p>
        {error && <p class="error-box">{error}</p>}
        <div class="tabs" role="tablist">
          {(
            [
              ['checklist', '审查清单'],
              ['findings', `问题（${r.findings.length}）`],
              ['facts', '要素'],
            ] as const
          ).map(([k, label]) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={view === k}
              onClick={() => setView(k)}
            >
              {label}
            </button>
          ))}
        </div>
        {view === 'checklist' && (
          <Checklist items={r.checklist} manual={manual} onToggle={toggle} />
        )}
        {view === 'findings' && <FindingsList findings={r.findings} onSelect={select} />}
        {view === 'facts' && <FactsTable report={r} />}
      </main>
    </div>
  );
}
