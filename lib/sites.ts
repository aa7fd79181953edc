/**
 * Sites where Guishen runs besides *.gov.cn and the loopback demo portal (the manifest's own
 * matches): an OA system, a CMS editor, a province's consultation platform. The user adds them
 * on the options page; each needs an optional host permission (asked for inside the click that
 * adds it) and a dynamic content script registration for its match pattern, which the
 * background re-applies on start-up because Firefox forgets non-persistent registrations.
 */
import { browser } from 'wxt/browser';
import type { GuishenDB } from './db';
import { getSettings, updateSettings } from './records';
import { HIGHLIGHT_CSS, LOADER_SCRIPT } from './bundles';

/** The id of our one dynamic content-script registration. */
export const SITES_SCRIPT_ID = 'guishen-sites';

/** A site as the settings keep it: a match pattern such as `https://oa.example.com/*`. */
export type SitePattern = string;

/** Why a site could not be parsed, in Chinese, or the pattern. */
export type SiteParse = { ok: true; pattern: SitePattern } | { ok: false; reason: string };

/**
 * Turn what the user typed into a match pattern: `oa.example.com`, `https://oa.example.com`,
 * `https://oa.example.com/some/page` → `https://oa.example.com/*` (a bare host gets `*://`,
 * both http and https). Paths are dropped: permissions are per origin anyway.
 */
export function parseSite(input: string): SiteParse {
  const text = input.trim();
  if (!text) return { ok: false, reason: '请输入网址或域名' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return { ok: false, reason: `无法识别的网址：${text}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: '只支持 http 和 https 网站' };
  }
  const host = url.hostname;
  if (!host || !/^[a-z0-9.-]+$/i.test(host) || host.startsWith('.') || host.endsWith('.')) {
    return { ok: false, reason: `域名不正确：${host || text}` };
  }
  // A port is not part of a match pattern's host; the pattern covers every port.
  const scheme = hasScheme ? url.protocol.slice(0, -1) : '*';
  return { ok: true, pattern: `${scheme}://${host}/*` };
}

/** A pattern as the user reads it: `https://oa.example.com`, `oa.example.com (http/https)`. */
export function siteLabel(pattern: SitePattern): string {
  const m = /^(\*|https?):\/\/([^/]+)\/\*$/.exec(pattern);
  if (!m) return pattern;
  return m[1] === '*' ? `${m[2]}（http/https）` : `${m[1]}://${m[2]}`;
}

/**
 * Ask for the host permission of `pattern`. Must be called synchronously inside the click
 * handler (Chrome refuses a permission request without the user's gesture, and an `await`
 * before it loses the gesture).
 */
export function requestSitePermission(pattern: SitePattern): Promise<boolean> {
  return browser.permissions.request({ origins: [pattern] });
}

/**
 * (Re-)register the content-script loader and its highlight stylesheet for the granted sites
 * (the loader asks the background for the review bundle where it finds a document; the
 * site's host permission lets the background inject it): one registration covering
 * every enabled site that still has its permission (a site whose permission the user revoked
 * in the browser is skipped, not an error). Safe to call repeatedly.
 */
export async function syncSiteScripts(sites: readonly SitePattern[]): Promise<SitePattern[]> {
  const scripting = browser.scripting;
  if (!scripting?.registerContentScripts) return [];
  const granted: SitePattern[] = [];
  for (const site of sites) {
    if (await browser.permissions.contains({ origins: [site] }).catch(() => false)) {
      granted.push(site);
    }
  }
  const existing = await scripting
    .getRegisteredContentScripts({ ids: [SITES_SCRIPT_ID] })
    .catch(() => []);
  if (existing.length) await scripting.unregisterContentScripts({ ids: [SITES_SCRIPT_ID] });
  if (granted.length) {
    await scripting.registerContentScripts([
      {
        id: SITES_SCRIPT_ID,
        matches: granted,
        js: [LOADER_SCRIPT],
        css: [HIGHLIGHT_CSS],
        runAt: 'document_idle',
        allFrames: true,
        persistAcrossSessions: true,
      },
    ]);
  }
  return granted;
}

/**
 * Add a site: the permission is asked for first (inside the click), then the setting is saved
 * and the content script registered. Returns the updated list, or the Chinese reason.
 */
export async function addSite(
  db: GuishenDB,
  pattern: SitePattern,
  permission: Promise<boolean>,
): Promise<{ ok: true; sites: SitePattern[] } | { ok: false; reason: string }> {
  if (!(await permission.catch(() => false))) {
    return { ok: false, reason: '未获得该网站的访问权限（已取消或被浏览器拒绝）' };
  }
  const current = (await getSettings(db)).enabledSites;
  const sites = current.includes(pattern) ? current : [...current, pattern];
  await updateSettings(db, { enabledSites: sites });
  await syncSiteScripts(sites);
  return { ok: true, sites };
}

/** Remove a site: setting, registration and the host permission itself. */
export async function removeSite(db: GuishenDB, pattern: SitePattern): Promise<SitePattern[]> {
  const sites = (await getSettings(db)).enabledSites.filter((s) => s !== pattern);
  await updateSettings(db, { enabledSites: sites });
  await syncSiteScripts(sites);
  await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
  return sites;
}

/** Background start-up: re-apply the registration from the settings. */
export async function restoreSiteScripts(db: GuishenDB): Promise<void> {
  await syncSiteScripts((await getSettings(db)).enabledSites);
}
