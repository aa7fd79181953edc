// Locates the system Chromium for real-browser tests and the demo launcher.
// Order: $CHROMIUM_PATH, /usr/bin/chromium, /usr/lib/chromium/chromium. When none exists and we
// run as root on Debian, install `chromium chromium-l10n fonts-wqy-microhei` with apt-get (the
// font makes Chinese render in screenshots; chromium-l10n gives the zh-CN UI locale, without
// which chrome.i18n serves the extension's English strings); otherwise fail with the exact
// command to run.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];
const APT_PACKAGES = ['chromium', 'chromium-l10n', 'fonts-wqy-microhei'];
const ZH_LOCALE = '/usr/lib/chromium/locales/zh-CN.pak';

function isDebian() {
  try {
    return /debian|ubuntu/i.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

function hasCjkFont() {
  try {
    return /wqy|noto.*cjk|source han/i.test(execFileSync('fc-list', { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

/** @returns {string|null} */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * Returns the Chromium path, installing it (with a CJK font and the zh-CN locale pack) on Debian
 * as root when missing.
 * @param {{ log?: (s: string) => void }} [opts]
 */
export function ensureChromium(opts = {}) {
  const log = opts.log ?? ((s) => console.error(s));
  let path = findChromium();
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const needFont = !hasCjkFont();
  // Only Debian's own Chromium can get its locale pack from apt.
  const needLocale = path?.startsWith('/usr/') && isDebian() && !existsSync(ZH_LOCALE);
  if (path && !needFont && !needLocale) return path;
  const cmd = `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`;
  if (!(root && isDebian())) {
    if (!path) {
      throw new Error(
        `Chromium not found. Install it with:\n  sudo ${cmd}\nor set CHROMIUM_PATH to a Chromium binary.`,
      );
    }
    log(
      `[chromium] no CJK font or zh-CN locale pack; the UI will not be Chinese. Install: sudo ${cmd}`,
    );
    return path;
  }
  log(`[chromium] installing ${APT_PACKAGES.join(' ')} with apt-get (one time)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...APT_PACKAGES], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  path = findChromium();
  if (!path) throw new Error('apt-get finished but no Chromium binary was found');
  return path;
}

/**
 * Environment for a Chinese UI: on Linux Chromium takes its UI language (and so chrome.i18n's)
 * from LANGUAGE, not from --lang; chromium-l10n provides the zh-CN pack. LC_ALL must name a
 * locale that exists (C.UTF-8): with a missing zh_CN.UTF-8, Chinese download names become
 * 'download'.
 */
export const CHINESE_UI_ENV = { LANGUAGE: 'zh_CN:zh', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

/**
 * The launch flags proven on these machines (../shared/toolchain.md §4): no network chatter
 * (this machine refuses it), and the extension loaded with both flags, because Playwright
 * always passes --disable-extensions. Paths must be absolute.
 * @param {{ extensionDir?: string, headless?: boolean }} [opts]
 * @returns {string[]}
 */
export function chromiumArgs(opts = {}) {
  const { extensionDir, headless = true } = opts;
  return [
    ...(headless ? ['--no-sandbox', '--disable-gpu'] : []),
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--lang=zh-CN',
    ...(extensionDir
      ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
      : []),
  ];
}

// `node scripts/chromium.mjs` prints the path (used by scripts/test.mjs and CI).
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureChromium());
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
