// LibreOffice for two end-to-end tests: Writer converts an exported 审查意见书 (.docx) to PDF
// (tests/e2e/opinion.e2e.test.ts) and Calc converts the exported .xlsx
// (tests/e2e/trust-walk.e2e.test.ts). Best effort, never fatal: found in Debian's place, or — as
// root on Debian/Ubuntu — installed with one `apt-get install` of the modules that are missing,
// under a time limit. Without a module its test is skipped and says why.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const PROGRAM = '/usr/lib/libreoffice/program';
/** What proves a module is installed (its core library), and the Debian package that brings it. */
export const MODULES = {
  writer: { library: `${PROGRAM}/libswlo.so`, pkg: 'libreoffice-writer-nogui' },
  calc: { library: `${PROGRAM}/libsclo.so`, pkg: 'libreoffice-calc-nogui' },
};
const SOFFICE = ['/usr/bin/soffice', `${PROGRAM}/soffice`];

/** The soffice binary, or null. */
export function findSoffice() {
  return SOFFICE.find((p) => existsSync(p)) ?? null;
}

function isDebian() {
  try {
    return /ID(_LIKE)?=.*(debian|ubuntu)/i.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Makes sure the named modules are there; returns which are (module name → boolean).
 * @param {{ modules?: Array<keyof typeof MODULES>, log?: (s: string) => void, timeoutMs?: number }} [opts]
 */
export function ensureLibreOffice(opts = {}) {
  const log = opts.log ?? ((s) => console.error(s));
  const wanted = opts.modules ?? /** @type {Array<keyof typeof MODULES>} */ (Object.keys(MODULES));
  const have = () =>
    Object.fromEntries(wanted.map((m) => [m, existsSync(MODULES[m].library) && !!findSoffice()]));
  const missing = wanted.filter((m) => !have()[m]);
  if (!missing.length) return have();
  const pkgs = missing.map((m) => MODULES[m].pkg);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!(root && isDebian())) {
    log(
      `[libreoffice] missing ${missing.join(', ')}: the tests that need it are skipped. Install: sudo apt-get install -y ${pkgs.join(' ')}`,
    );
    return have();
  }
  log(`[libreoffice] installing ${pkgs.join(' ')} with apt-get (one time)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const timeout = opts.timeoutMs ?? 8 * 60_000;
  const apt = (args) =>
    execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env, timeout });
  try {
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', '--no-install-recommends', ...pkgs]);
  } catch (e) {
    log(
      `[libreoffice] apt-get failed (${e instanceof Error ? e.message : e}); the tests that need it are skipped`,
    );
  }
  return have();
}
