// LibreOffice for the end-to-end test that converts an exported 审查意见书 (.docx) to PDF
// (tests/e2e/opinion.e2e.test.ts). Best effort: found on PATH or in Debian's place; else, as
// root on Debian, `apt-get install libreoffice-writer-nogui` with a time limit. Never fatal —
// without it that one test is skipped and says why.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const PLACES = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'];
const APT_PACKAGES = ['libreoffice-writer-nogui'];

/** The soffice binary, or null. */
export function findSoffice() {
  return PLACES.find((p) => existsSync(p)) ?? null;
}

function isDebian() {
  try {
    return /ID(_LIKE)?=.*debian/i.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Returns the soffice path, installing LibreOffice Writer (no GUI) with apt-get as root on
 * Debian when it is missing; null when it cannot be had within `timeoutMs` (default 6 min).
 * @param {{ log?: (s: string) => void, timeoutMs?: number }} [opts]
 */
export function ensureSoffice(opts = {}) {
  const log = opts.log ?? ((s) => console.error(s));
  const found = findSoffice();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!(root && isDebian())) {
    log(
      `[soffice] LibreOffice not found; the .docx → PDF check is skipped. Install: sudo apt-get install -y ${APT_PACKAGES.join(' ')}`,
    );
    return null;
  }
  log(`[soffice] installing ${APT_PACKAGES.join(' ')} with apt-get (one time)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const timeout = opts.timeoutMs ?? 6 * 60_000;
  try {
    execFileSync('apt-get', ['update', '-qq'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
      timeout,
    });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
      timeout,
    });
  } catch (e) {
    log(
      `[soffice] could not install LibreOffice (${e instanceof Error ? e.message : e}); the .docx → PDF check is skipped`,
    );
    return null;
  }
  return findSoffice();
}
