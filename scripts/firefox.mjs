// Locates Firefox ESR for the Firefox end-to-end tests (tests/firefox/), installing it like
// scripts/chromium.mjs installs Chromium. Order: $FIREFOX_PATH, /usr/bin/firefox-esr,
// /usr/bin/firefox. When none exists and we run as root on Debian, install `firefox-esr
// firefox-esr-l10n-zh-cn fonts-wqy-microhei` with apt-get (the language pack gives the zh-CN UI
// locale, so browser.i18n serves the extension's Chinese strings; the font renders Chinese in
// screenshots). If that fails, throw with the command to run: the suite then FAILS, it never
// skips for want of a browser.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const APT_PACKAGES = ['firefox-esr', 'firefox-esr-l10n-zh-cn', 'fonts-wqy-microhei'];
const ZH_LANGPACK =
  '/usr/lib/firefox-esr/browser/extensions/langpack-zh-CN@firefox-esr.mozilla.org.xpi';

function isDebian() {
  try {
    return /debian|ubuntu/i.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

/** @returns {string|null} */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Whether the zh-CN language pack of Debian's Firefox ESR is installed. */
export function hasChineseLangpack() {
  return existsSync(ZH_LANGPACK);
}

/**
 * Returns the Firefox path, installing Firefox ESR (with the zh-CN language pack and a CJK font)
 * on Debian as root when missing. Throws with the command to run when it cannot.
 * @param {{ log?: (s: string) => void }} [opts]
 */
export function ensureFirefox(opts = {}) {
  const log = opts.log ?? ((s) => console.error(s));
  let path = findFirefox();
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const needLangpack = path === '/usr/bin/firefox-esr' && isDebian() && !hasChineseLangpack();
  if (path && !needLangpack) return path;
  const cmd = `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`;
  if (!(root && isDebian())) {
    if (!path) {
      throw new Error(
        `Firefox not found. Install it with:\n  sudo ${cmd}\nor set FIREFOX_PATH to a Firefox (ESR ≥ 140) binary.`,
      );
    }
    log(
      `[firefox] no zh-CN language pack; the extension's UI will be English. Install: sudo ${cmd}`,
    );
    return path;
  }
  log(`[firefox] installing ${APT_PACKAGES.join(' ')} with apt-get (one time)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...APT_PACKAGES], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
  } catch (e) {
    if (!path) {
      throw new Error(
        `Firefox could not be installed (${e instanceof Error ? e.message : e}). Run:\n  ${cmd}`,
        { cause: e },
      );
    }
    log(`[firefox] the language pack could not be installed; the extension's UI will be English`);
    return path;
  }
  path = findFirefox();
  if (!path) throw new Error('apt-get finished but no Firefox binary was found');
  return path;
}

// `node scripts/firefox.mjs` prints the path (used by scripts/test.mjs and CI).
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureFirefox());
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
