// LibreOffice Calc for the end-to-end test that converts the exported .xlsx headless
// (tests/e2e/trust-walk.e2e.test.ts). Debian's libreoffice-calc-nogui is installed with apt-get
// when we run as root on Debian and Calc is missing; otherwise the test says why it is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Calc's core library: present only when the Calc module is installed. */
export const CALC_LIBRARY = '/usr/lib/libreoffice/program/libsclo.so';

/** @param {{ log?: (s: string) => void }} [opts] @returns {boolean} whether Calc is there */
export function ensureCalc(opts = {}) {
  const log = opts.log ?? ((s) => console.error(s));
  if (existsSync(CALC_LIBRARY)) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  let debian;
  try {
    debian = /debian|ubuntu/i.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    debian = false;
  }
  if (!(root && debian)) {
    log(
      '[libreoffice] no LibreOffice Calc: the .xlsx conversion test will be skipped. Install: sudo apt-get install -y libreoffice-calc-nogui',
    );
    return false;
  }
  log('[libreoffice] installing libreoffice-calc-nogui with apt-get (one time)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    const timeout = 6 * 60_000;
    execFileSync('apt-get', ['update', '-qq'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
      timeout,
    });
    execFileSync(
      'apt-get',
      ['install', '-y', '-qq', '--no-install-recommends', 'libreoffice-calc-nogui'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env,
        timeout,
      },
    );
  } catch (e) {
    log(
      `[libreoffice] apt-get failed (${e instanceof Error ? e.message : e}); the conversion test will be skipped`,
    );
  }
  return existsSync(CALC_LIBRARY);
}
