/**
 * `npm run bench:db` — the office's books at 100,000 review records.
 *
 * Budgets (issue 4): one year's statistics ≤ 100 ms; CSV export of all ≤ 2 s; backup and
 * restore of all ≤ 5 s each; medians of several runs.
 *
 * Two engines, never mixed up in the output:
 * - default: fake-indexeddb (an in-memory IndexedDB written in JavaScript) in Node. Every row
 *   written or read is `structuredClone`d in JavaScript, which dominates bulk reads/writes.
 * - `--chromium`: the same suite (scripts/bench-db-suite.ts) in headless Chromium with its
 *   native, disk-backed IndexedDB: the suite is bundled by Vite into a temporary directory
 *   outside the repo, served on 127.0.0.1 and run in a page of a fresh persistent profile.
 *
 * The machine may be shared: the load average is printed before and after.
 *
 * Usage: tsx scripts/bench-db.ts [--records 100000] [--runs 5] [--chromium]
 */
import 'fake-indexeddb/auto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { YEARS, report, runSuite, type SuiteResult } from './bench-db-suite';
import { chromiumArgs, findChromium } from './chromium.mjs';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const CHROMIUM = process.argv.includes('--chromium');

// fake-indexeddb keeps every row (and each index) in the JS heap, and a 100,000-record backup
// is a ~220 M-character string plus its parsed copy: Node's default heap ends in GC
// thrashing. Re-run this script once with a larger heap and GC exposed (between runs).
const HEAP_MB = 12_288;
if (
  !CHROMIUM &&
  getHeapStatistics().heap_size_limit < HEAP_MB * 1e6 * 0.9 &&
  !process.env.GUISHEN_BENCH_CHILD
) {
  const child = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MB}`,
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, GUISHEN_BENCH_CHILD: '1' } },
  );
  process.exit(child.status ?? 1);
}

const N = arg('records', 100_000);
const RUNS = arg('runs', 5);
const REPO = fileURLToPath(new URL('..', import.meta.url));

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

function header(engine: string): void {
  console.log('规审 Guishen — bench:db');
  console.log(`IndexedDB: ${engine}`);
  console.log(
    `Data: ${N.toLocaleString('en')} records over ${YEARS} years (~${Math.round(N / YEARS).toLocaleString('en')} a year), 2–5 findings each, 0.1 % in the recycle bin. Medians of n runs, spread = min–max.`,
  );
  console.log(`Load average (1 / 5 / 15 min) before: ${load()} on a machine others share.`);
}

async function inNode(): Promise<SuiteResult> {
  const fakeVersion = (
    JSON.parse(
      readFileSync(new URL('../node_modules/fake-indexeddb/package.json', import.meta.url), 'utf8'),
    ) as { version: string }
  ).version;
  header(
    `fake-indexeddb ${fakeVersion} in Node ${process.version} (in-memory, pure JavaScript) — not a browser. Heap limit ${Math.round(getHeapStatistics().heap_size_limit / 1e6).toLocaleString('en')} MB.`,
  );
  return runSuite({
    records: N,
    runs: RUNS,
    log: (line) => console.log(line),
    gc: (globalThis as { gc?: () => void }).gc,
    cpu: () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
  });
}

/** Bundle the suite for the browser into `dir` (outside the repo) and return the files. */
async function bundle(dir: string): Promise<void> {
  const { build } = await import('vite');
  const suite = join(REPO, 'scripts/bench-db-suite.ts');
  await writeFile(
    join(dir, 'entry.ts'),
    `import { runSuite } from ${JSON.stringify(suite)};\n` +
      `(globalThis as any).__guishenBench = (o: { records: number; runs: number }) =>\n` +
      `  runSuite({ ...o, log: (l: string) => console.log(l) });\n`,
  );
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="./entry.ts"></script>',
  );
  await build({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { '@': REPO.replace(/\/$/, '') } },
    build: { outDir: join(dir, 'dist'), emptyOutDir: true, minify: false, target: 'es2022' },
  });
}

async function inChromium(): Promise<SuiteResult> {
  const { chromium } = await import('playwright-core');
  const dir = await mkdtemp(join(tmpdir(), 'guishen-bench-db-'));
  const profile = await mkdtemp(join(tmpdir(), 'guishen-bench-profile-'));
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = createServer((req, res) => {
    const path = join(dir, 'dist', (req.url ?? '/').split('?')[0]!.replace(/^\/$/, '/index.html'));
    readFile(path).then(
      (body) =>
        res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/plain' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  try {
    await bundle(dir);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    // A persistent profile: IndexedDB on disk as the extension has it (incognito keeps it in
    // memory, which would flatter the figures). Flags of scripts/chromium.mjs, no extension.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: findChromium() ?? '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs(),
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (m) => console.log(`  [page] ${m.text()}`));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => '__guishenBench' in globalThis);
      header(
        `Chromium ${context.browser()?.version() ?? ''} native IndexedDB (headless, on disk in a fresh profile), page on 127.0.0.1.`,
      );
      page.setDefaultTimeout(0);
      return await page.evaluate(
        (o) =>
          (
            globalThis as unknown as {
              __guishenBench: (x: typeof o) => Promise<SuiteResult>;
            }
          ).__guishenBench(o),
        { records: N, runs: RUNS },
      );
    } finally {
      await context.close();
    }
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const result = await (CHROMIUM ? inChromium() : inNode());
  console.log('');
  report(result, (line) => console.log(line));
  if (!CHROMIUM) {
    console.log(
      'Budgets are judged on wall-time medians. CPU = process CPU time (all threads, GC included): on an idle machine wall ≈ CPU for these single-threaded steps.',
    );
  }
  console.log(`Load average after: ${load()}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
