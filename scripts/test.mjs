// `npm test`: typecheck, lint, format check, unit tests, the server-backed sync tests, then build + end-to-end tests of the
// built extension in real Chromium, the Firefox package through web-ext lint, and the core flows
// in real Firefox ESR. Prints one closing line `N passed, N failed, N skipped`
// summed over the unit, sync and e2e suites (from vitest's JSON reports); static gates that fail
// count as failed too. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';
import { ensureLibreOffice, findSoffice } from './libreoffice.mjs';

const REPORTS = '.output/reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

function gate(label, cmd, args) {
  if (!run(label, cmd, args)) {
    totals.failed += 1;
    failures.push(label);
  }
}

/** Adds a vitest JSON report's counts; a missing report means the suite could not run. */
function count(label, file, ok) {
  if (!existsSync(file)) {
    totals.failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that failed to load (syntax error, missing module) has no failed *tests*.
  const badSuites = (r.testResults ?? []).filter(
    (s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  totals.failed += badSuites.length;
  if (!ok) failures.push(label);
}

const npx = 'npx';
gate('typecheck', npx, ['tsc', '--noEmit']);
gate('lint', npx, ['eslint', '.']);
gate('format', npx, ['prettier', '--check', '.', '--log-level', 'warn']);

const unitOk = run('unit tests', npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${REPORTS}/unit.json`,
]);
count('unit tests', `${REPORTS}/unit.json`, unitOk);

// The office's shared log against a real CouchDB-protocol server (started and stopped by the
// suite's global setup: pouchdb-server in a temporary folder on 127.0.0.1).
const syncOk = run('sync tests (CouchDB-protocol server)', npx, [
  'vitest',
  'run',
  '-c',
  'vitest.sync.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${REPORTS}/sync.json`,
]);
count('sync tests', `${REPORTS}/sync.json`, syncOk);

let chromium = null;
try {
  chromium = ensureChromium({ log: (s) => console.log(s) });
  console.log(`Chromium: ${chromium}`);
} catch (e) {
  console.error(String(e instanceof Error ? e.message : e));
  totals.failed += 1;
  failures.push('chromium');
}

if (chromium) {
  // LibreOffice Writer converts the exported 审查意见书 to PDF and Calc the exported .xlsx in two
  // e2e tests (each skipped, with the reason, without its module): one apt-get for both.
  const office = ensureLibreOffice({ log: (s) => console.log(s) });
  console.log(`LibreOffice: ${findSoffice() ?? 'none'} (${JSON.stringify(office)})`);
  if (run('build (chrome-mv3)', npx, ['wxt', 'build'])) {
    const e2eOk = run(
      'end-to-end tests',
      npx,
      [
        'vitest',
        'run',
        '-c',
        'vitest.e2e.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${REPORTS}/e2e.json`,
      ],
      { CHROMIUM_PATH: chromium },
    );
    count('end-to-end tests', `${REPORTS}/e2e.json`, e2eOk);
  } else {
    totals.failed += 1;
    failures.push('build');
  }
}

// Firefox: the store package (wxt zip -b firefox, which also builds .output/firefox-mv2) through
// Mozilla's linter (web-ext lint, offline; fails on an error or an unexplained warning).
gate('firefox package lint (web-ext)', 'node', ['scripts/lint-firefox.mjs']);

// The core flows in real Firefox ESR over WebDriver BiDi (tests/firefox/), on the build the zip
// above made. No Firefox and no way to install it is a failure, not a skip.
const firefoxOk = run('Firefox ESR end-to-end tests', 'node', [
  'scripts/test-firefox.mjs',
  '--skip-build',
  '--json',
  `${REPORTS}/firefox.json`,
]);
count('Firefox end-to-end tests', `${REPORTS}/firefox.json`, firefoxOk);

const line = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
writeFileSync(`${REPORTS}/summary.txt`, line + '\n');
if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(line);
process.exit(totals.failed > 0 || failures.length > 0 ? 1 : 0);
