/**
 * Options views over a real database: fake-indexeddb, the seed packs, and the same API the
 * entrypoint builds (entrypoints/options/api.ts), with the browser parts stubbed so tests can
 * see what would be downloaded, broadcast or asked for.
 */
import type { ComponentChild } from 'preact';
import { vi } from 'vitest';
import { ApiContext, type BinaryFileOut, type FileOut } from '../../../../components/options/api';
import { createOptionsApi } from '../../../../entrypoints/options/api';
import { dumpAll } from '../../../../lib/db';
import { syncSeeds } from '../../../../lib/packs';
import { parseSite, siteLabel } from '../../../../lib/sites';
import { getSettings, updateSettings } from '../../../../lib/records';
import { freshDb } from '../../lib/fixtures';
import { renderView } from '../helpers';

export { axeViolations, t } from '../helpers';

/** A seeded database, its API, and what the API did with the browser. */
export async function setup(
  options: { seed?: boolean; office?: Parameters<typeof createOptionsApi>[1]['office'] } = {},
) {
  const db = freshDb();
  if (options.seed !== false) await syncSeeds(db);
  const downloads: FileOut[] = [];
  /** Binary files (.xlsx) offered for download. */
  const workbooks: BinaryFileOut[] = [];
  const notify = vi.fn(async () => null);
  const permission = { granted: true };
  const api = createOptionsApi(db, {
    notifyPacksChanged: notify,
    extensionVersion: '0.1.0',
    download: (f) => ('bytes' in f ? workbooks.push(f) : downloads.push(f)),
    ...(options.office ? { office: options.office } : {}),
    sites: {
      parse: parseSite,
      label: siteLabel,
      async add(pattern) {
        if (!permission.granted) return { ok: false, reason: '未获得该网站的访问权限' };
        const s = await getSettings(db);
        await updateSettings(db, { enabledSites: [...s.enabledSites, pattern] });
        return { ok: true, sites: [...s.enabledSites, pattern] };
      },
      async remove(pattern) {
        const s = await getSettings(db);
        const sites = s.enabledSites.filter((x) => x !== pattern);
        await updateSettings(db, { enabledSites: sites });
        return sites;
      },
    },
  });
  const view = (ui: ComponentChild) =>
    renderView(<ApiContext.Provider value={api}>{ui}</ApiContext.Provider>);
  return { db, api, downloads, workbooks, notify, permission, view, dump: () => dumpAll(db) };
}

/** A file for an <input type=file> (happy-dom has File with text()). */
export function fileOf(text: string, name = 'file.json'): File {
  return new File([text], name, { type: 'application/json' });
}
