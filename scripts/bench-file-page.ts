/**
 * `npm run bench:file-page`: does reviewing a large PDF on the file review page block the
 * page? The built extension in headless Chromium opens a 100-page text PDF (the same file as
 * bench:files: authored articles set in STSong-Light through its CMap) on 审查文件 and records
 * the page's main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) from the file's
 * choice until its report reaches the background and the page is idle again. Prints each
 * run's long tasks (count, longest, total) and the time to the report; medians over RUNS.
 *
 * Reading (pdf.js, the layout of the lines: rules/formats/layout.ts) and the engine's check run in
 * the page's module worker (lib/files/worker-client.ts); what is left on the page's thread is
 * drawing the text, the highlights, the badge and the report. Each long task is labelled with
 * the review session's user-timing measures that overlap it (lib/page/perf.ts; the waits for the
 * worker are left out of the labels); one that overlaps none happened while the file was read
 * or drawn. The worker's own times (read, check) are printed beside.
 *
 * Memory (issue 15: ≤ 200 MB while reviewing a 100-page PDF, released afterwards), per run: the
 * page's JS heap (CDP Runtime.getHeapUsage: used of total) before the file is chosen, once the
 * report is in, and after a forced garbage collection; the resident memory of the extension's
 * renderer process (`--extension-process`: the file page, its worker, the background service
 * worker — what reviewing the file costs) and of all of Chromium's processes of this profile
 * (browser, GPU, network …; /proc VmRSS) at the same points. The page's heap does not include
 * the worker (a separate isolate), the renderer's RSS does. The extension renderer is measured
 * once more after the file page is closed (released afterwards).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchExtension } from './launch';
import { OBSERVE_SCRIPT, observed, type Observed } from '../tests/fixtures/observe';
import { benchParagraphs, cjkPdf, setInPages } from './make-file-fixtures';

const RUNS = Number(process.env.RUNS ?? 3);
const PAGES = Number(process.env.PAGES ?? 100);

/** What the page was doing during a long task: the session's measures that overlap it. */
function during(o: Observed, l: { start: number; duration: number }): string {
  const names = o.measures
    .filter((m) => m.start < l.start + l.duration && m.start + m.duration > l.start)
    .filter((m) => !['guishen:review', 'guishen:painted', 'guishen:off-thread'].includes(m.name))
    .map((m) => `${m.name.slice(8)} ${m.duration.toFixed(0)} ms`);
  return `[${names.join(', ') || 'read/lay out/draw'}]`;
}

/** The pid of this profile's extension renderer (the file page's process), or null. */
function extensionPid(profile: string): number | null {
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (cmd.includes(profile) && cmd.includes('--extension-process')) return Number(p);
    } catch {
      /* gone */
    }
  }
  return null;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * TRACE=1: Chromium's own trace of the run (CDP Tracing, the `toplevel` category), for the
 * tasks of the file page's main thread (CrRendererMain of the extension renderer): wall time
 * (`dur`) and the thread's CPU time (`tdur`). On a loaded machine a task's wall time includes
 * the time the thread waited for a core; its CPU time is the work the page did. Returns the
 * tasks over 50 ms by either measure.
 */
async function traced<T>(
  ext: Awaited<ReturnType<typeof launchExtension>>,
  pid: number | null,
  body: () => Promise<T>,
): Promise<{ value: T; tasks: { wall: number; cpu: number }[] }> {
  const browser = ext.context.browser();
  if (!process.env.TRACE || !browser || pid === null) return { value: await body(), tasks: [] };
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', '__metadata'] },
  } as never);
  const value = await body();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach().catch(() => {});
  const main = events.find(
    (e) =>
      e.ph === 'M' &&
      e.name === 'thread_name' &&
      e.pid === pid &&
      e.args?.name === 'CrRendererMain',
  );
  const tasks = events
    .filter(
      (e) =>
        main &&
        e.ph === 'X' &&
        e.pid === pid &&
        e.tid === main.tid &&
        /RunTask/.test(e.name) &&
        (e.dur ?? 0) > 0,
    )
    .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }))
    .filter((t) => t.wall > 50 || t.cpu > 50);
  return { value, tasks };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/**
 * Resident memory of every process of the Chromium that uses `profile` (bytes), or only of its
 * extension renderer (the process that runs the extension's pages, their workers and the
 * background service worker).
 */
function rssOf(profile: string, only?: 'extension'): number {
  let kb = 0;
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (!cmd.includes(profile)) continue;
      if (only && !cmd.includes('--extension-process')) continue;
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return kb * 1024;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'guishen-file-page-'));
  const file = join(dir, `bench-${PAGES}p.pdf`);
  const pages = setInPages(benchParagraphs(PAGES * 22 * 27), 22).slice(0, PAGES);
  await writeFile(file, cjkPdf(pages));
  // Its own profile folder: the processes of this browser are told apart by it (other
  // Chromiums may start meanwhile on a shared machine). Removed with `dir`.
  const profile = join(dir, 'profile');
  const ext = await launchExtension({ profile });
  const rows: {
    count: number;
    longest: number;
    total: number;
    report: number;
    heap: number;
    heapAfterGc: number;
    rss: number;
    extPeak: number;
    extBefore: number;
    extAfter: number;
    extIdle: number;
    extClosed: number;
    cpuLongest: number;
  }[] = [];
  const extRss = () => (profile ? rssOf(profile, 'extension') : 0);
  try {
    for (let run = 0; run <= RUNS; run++) {
      const page = await ext.context.newPage();
      await page.goto(`chrome-extension://${ext.extensionId}/file-review.html`);
      await page.evaluate(OBSERVE_SCRIPT);
      if (process.env.LOAF)
        await page.evaluate(() => {
          const out: any[] = ((globalThis as any).__loaf = []);
          new PerformanceObserver((l) =>
            l.getEntries().forEach((e: any) =>
              out.push({
                start: e.startTime,
                duration: e.duration,
                block: e.blockingDuration,
                render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
                styleLayout: e.styleAndLayoutStart
                  ? e.startTime + e.duration - e.styleAndLayoutStart
                  : 0,
                scripts: (e.scripts || []).map((x: any) => ({
                  inv: x.invoker,
                  fn: x.sourceFunctionName,
                  d: Math.round(x.duration),
                  forced: Math.round(x.forcedStyleAndLayoutDuration),
                })),
              }),
            ),
          ).observe({ type: 'long-animation-frame', buffered: true });
        });
      const cdp = await ext.context.newCDPSession(page);
      const heap = async () =>
        (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
      await cdp.send('HeapProfiler.collectGarbage');
      const heap0 = await heap();
      const rss0 = profile ? rssOf(profile) : 0;
      const ext0 = extRss();
      const tabId: number = await page.evaluate(
        async () => (await (globalThis as any).chrome.tabs.getCurrent()).id,
      );
      const trace = await traced(ext, profile ? extensionPid(profile) : null, async () => {
        const t0: number = await page.evaluate(() => performance.now());
        await page.locator('#file-input').setInputFiles(file);
        // Done: the report for this tab is in the background's session storage. The extension
        // renderer's resident memory is sampled meanwhile (its peak while reading and checking).
        const deadline = Date.now() + 120_000;
        let extPeak = ext0;
        for (;;) {
          extPeak = Math.max(extPeak, extRss());
          const has = await ext.worker.evaluate(
            async (id) =>
              Boolean(
                (await (globalThis as any).chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]
                  ?.report,
              ),
            tabId,
          );
          if (has) break;
          if (Date.now() > deadline) throw new Error('no report within 120 s');
          await new Promise((r) => setTimeout(r, 50));
        }
        const reportAt: number = await page.evaluate(() => performance.now());
        const heap1 = await heap();
        const rss1 = profile ? rssOf(profile) : 0;
        // Let trailing work (highlights, idle callbacks) finish: two idle callbacks in a row.
        await page.evaluate(
          () =>
            new Promise<void>((r) =>
              requestIdleCallback(() => requestIdleCallback(() => r(), { timeout: 2000 }), {
                timeout: 2000,
              }),
            ),
        );
        return { t0, extPeak, reportAt, heap1, rss1 };
      });
      const { t0, reportAt, heap1, rss1 } = trace.value;
      const { extPeak } = trace.value;
      await cdp.send('HeapProfiler.collectGarbage');
      const heap2 = await heap();
      const rss2 = profile ? rssOf(profile) : 0;
      const ext2 = extRss();
      // Released afterwards: the page still open, its worker stopped once idle (IDLE_MS).
      await new Promise((r) => setTimeout(r, 4000));
      const extIdle = extRss();
      const o = await observed(page);
      const mine = o.longtasks.filter((l) => l.start + l.duration >= t0);
      const row = {
        count: mine.length,
        longest: Math.max(0, ...mine.map((l) => l.duration)),
        total: mine.reduce((a, l) => a + l.duration, 0),
        report: reportAt - t0,
        heap: heap1.usedSize,
        heapAfterGc: heap2.usedSize,
        rss: rss1,
        extPeak: Math.max(extPeak, extRss()),
        extBefore: ext0,
        extAfter: ext2,
        extIdle,
        extClosed: 0,
        cpuLongest: Math.max(0, ...trace.tasks.map((t) => t.cpu)),
      };
      // The worker's own time for reading the file and checking its text.
      const worker = o.measures
        .filter((m) => m.name === 'guishen:off-thread' && m.start + m.duration >= t0)
        .map(
          (m) =>
            `${String(m.detail?.what)} ${Number(m.detail?.ms).toFixed(0)} ms` +
            (m.detail?.loadMs ? ` (loading pdf.js ${Number(m.detail.loadMs).toFixed(0)} ms)` : ''),
        );
      const label = run === 0 ? 'warm-up' : `run ${run}`;
      console.log(
        `${label}: ${PAGES}-page PDF → report in ${row.report.toFixed(0)} ms; long tasks: ${row.count}` +
          (row.count
            ? ` (longest ${row.longest.toFixed(0)} ms, total ${row.total.toFixed(0)} ms: ${mine
                .map((l) => `${(l.start - t0).toFixed(0)}+${l.duration.toFixed(0)} ${during(o, l)}`)
                .join(', ')})`
            : '') +
          `; in the worker: ${worker.join(', ') || 'nothing (checked on the page)'}`,
      );
      console.log(
        `  memory: page JS heap ${mb(heap0.usedSize)} before, ${mb(heap1.usedSize)} of ${mb(heap1.totalSize)} with the report in, ${mb(heap2.usedSize)} after GC; extension renderer ${mb(ext0)} before, peak ${mb(row.extPeak)} while reviewing, ${mb(ext2)} after, ${mb(extIdle)} 4 s later; all Chromium processes ${mb(rss0)} → ${mb(rss1)} → ${mb(rss2)}`,
      );
      if (process.env.TRACE)
        console.log(
          `  trace: main-thread tasks over 50 ms (wall / CPU ms): ${trace.tasks.map((t) => `${t.wall.toFixed(0)}/${t.cpu.toFixed(0)}`).join(', ') || 'none'}`,
        );
      if (process.env.LOAF) {
        const frames: any[] = await page.evaluate(() => (globalThis as any).__loaf);
        for (const f of frames.filter((f) => f.start >= t0 && f.duration > 50))
          console.log(
            `  loaf ${(f.start - t0).toFixed(0)}+${f.duration.toFixed(0)} ${during(o, f)}: ${JSON.stringify({ ...f, start: undefined })}`,
          );
        for (const m of o.measures.filter((m) => m.start >= t0 && m.name !== 'guishen:draw'))
          console.log(`  measure ${m.name} ${(m.start - t0).toFixed(0)}+${m.duration.toFixed(0)}`);
      }
      await cdp.detach().catch(() => {});
      await page.close();
      // Released afterwards: the renderer once the page (and its worker) is gone.
      await new Promise((r) => setTimeout(r, 1000));
      row.extClosed = extRss();
      console.log(`  extension renderer with the file page closed: ${mb(row.extClosed)}`);
      if (run > 0) rows.push(row);
    }
  } finally {
    await ext.close();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `median of ${RUNS}: report ${median(rows.map((r) => r.report)).toFixed(0)} ms, ` +
      `long tasks ${median(rows.map((r) => r.count))}, longest ${median(rows.map((r) => r.longest)).toFixed(0)} ms ` +
      `(budget: none over 50 ms); page JS heap ${mb(median(rows.map((r) => r.heap)))} with the report in, ` +
      `${mb(median(rows.map((r) => r.heapAfterGc)))} after GC; extension renderer peak ` +
      `${mb(median(rows.map((r) => r.extPeak)))} while reviewing, ` +
      `${mb(median(rows.map((r) => r.extPeak - r.extBefore)))} over its size before the file (budget: ≤ 200 MB), ` +
      `${mb(median(rows.map((r) => r.extAfter)))} after, ${mb(median(rows.map((r) => r.extIdle)))} 4 s later, ` +
      `${mb(median(rows.map((r) => r.extClosed)))} with the page closed; ` +
      (process.env.TRACE
        ? `longest main-thread task by CPU time ${median(rows.map((r) => r.cpuLongest)).toFixed(0)} ms; `
        : '') +
      `all Chromium processes ${mb(median(rows.map((r) => r.rss)))}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
