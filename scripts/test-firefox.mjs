// `npm run test:firefox`: the core flows in real Firefox ESR (tests/firefox/, WebDriver BiDi via
// puppeteer-core). Installs Firefox ESR with apt-get when missing (scripts/firefox.mjs); if it
// cannot, the run FAILS with the reason (it never skips). Builds the Firefox extension unless
// `--skip-build`, runs the suite, and prints one closing line `N passed, N failed, N skipped`.
// `--json FILE` also keeps vitest's JSON report there (scripts/test.mjs adds it to its totals).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureFirefox } from './firefox.mjs';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const report = jsonAt >= 0 ? args[jsonAt + 1] : '.output/reports/firefox.json';

function finish(passed, failed, skipped) {
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed > 0 ? 1 : 0);
}

let firefox;
try {
  firefox = ensureFirefox({ log: (s) => console.log(s) });
  console.log(`Firefox: ${firefox}`);
} catch (e) {
  console.error(`✘ Firefox ESR is required for this suite: ${e instanceof Error ? e.message : e}`);
  finish(0, 1, 0);
}

if (!args.includes('--skip-build')) {
  const b = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.error('✘ npx wxt build -b firefox failed');
    finish(0, 1, 0);
  }
}

mkdirSync(dirname(report), { recursive: true });
const t0 = Date.now();
const r = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '-c',
    'vitest.firefox.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ],
  { stdio: 'inherit', env: { ...process.env, FIREFOX_PATH: firefox } },
);
console.log(`Firefox suite: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (!existsSync(report)) {
  console.error('✘ the Firefox suite wrote no report');
  finish(0, 1, 0);
}
const j = JSON.parse(readFileSync(report, 'utf8'));
// A file that failed to load (or whose beforeAll failed: no browser) has no failed *tests*.
const badFiles = (j.testResults ?? []).filter(
  (s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'),
).length;
const failed =
  (j.numFailedTests ?? 0) + badFiles + (r.status !== 0 && !j.numFailedTests && !badFiles ? 1 : 0);
finish(j.numPassedTests ?? 0, failed, (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0));
