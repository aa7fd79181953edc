// `npm run test:sync`: the server-backed tests of the office's shared log. vitest's global
// setup (tests/sync/global-setup.ts) starts pouchdb-server in a temporary folder and stops it
// afterwards; tests that stop and restart a server start their own. Prints `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const out = '.output/reports/sync.json';
mkdirSync('.output/reports', { recursive: true });
rmSync(out, { force: true });
const r = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '-c',
    'vitest.sync.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
let passed = 0;
let failed;
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests ?? 0;
  failed =
    (j.numFailedTests ?? 0) +
    (j.testResults ?? []).filter(
      (s) =>
        s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
} else failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
