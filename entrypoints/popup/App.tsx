/** Popup wiring: the current tab's report, this year's tallies, and the way to the panel. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ReportSummary } from '@/components/ReportSummary';
import { getDb } from '@/lib/db';
import { computeStats, type Stats } from '@/lib/stats';
import { readTabEntry, resolveTabId, reviewTabNow, watchTabEntry } from '@/lib/tabs';
import type { TabEntry } from '@/lib/tab-entry';

export function App() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [entry, setEntry] = useState<TabEntry | null | undefined>(undefined);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);

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
    computeStats(getDb(), { kind: 'year', year: new Date().getFullYear() })
      .then(setStats)
      .catch(() => {});
    return () => stop();
  }, []);

  const openPanel = async () => {
    if (tabId == null) return;
    try {
      const sp = (
        browser as unknown as { sidePanel?: { open(o: { tabId: number }): Promise<void> } }
      ).sidePanel;
      // Must run inside the click: sidePanel.open needs the user gesture.
      if (sp) await sp.open({ tabId });
      else
        await (
          browser as unknown as { sidebarAction: { open(): Promise<void> } }
        ).sidebarAction.open();
    } catch (e) {
      setError(`无法打开侧边栏：${(e as Error).message}`);
    }
  };

  return (
    <div style={{ width: '380px' }}>
      <header class="bar">
        <h1>规审</h1>
        <span class="sub">行政规范性文件合法性审查</span>
      </header>
      <main>
        {error && <p class="error-box">{error}</p>}
        {entry === undefined && <p class="muted">正在读取本页结果…</p>}
        {entry === null && (
          <div data-testid="not-covered">
            <p class="muted">规审尚未审查本页（不是公文页面，或该网站未启用）。</p>
            <button
              type="button"
              class="primary"
              disabled={tabId == null}
              onClick={() =>
                tabId != null &&
                reviewTabNow(tabId).catch((e) =>
                  setError(`无法审查此页面：${(e as Error).message}`),
                )
              }
            >
              审查此页面
            </button>
          </div>
        )}
        {entry && <ReportSummary report={entry.report} />}
        <div class="actions">
          <button type="button" onClick={openPanel} disabled={tabId == null}>
            打开审查清单（侧边栏）
          </button>
          <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
            台账与设置
          </button>
        </div>
        {stats && (
          <section aria-label="本年度统计">
            <h2>{new Date().getFullYear()}年审查统计</h2>
            <div class="tally" data-testid="tally">
              <div>
                <strong>{stats.total}</strong>总数
              </div>
              <div>
                <strong>{stats.normative}</strong>规范性文件
              </div>
              <div>
                <strong>{stats.nonNormative}</strong>非规范性文件
              </div>
            </div>
          </section>
        )}
      </main>
    </div>
  );
}
