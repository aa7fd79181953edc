/** Options wiring: the workbench views over the shared database, the section in the hash. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { ApiContext, type LogPageView } from '@/components/options/api';
import { I18nContext, type Translate } from '@/components/i18n';
import { isSection, OptionsApp, type SectionId } from '@/components/options/OptionsApp';
import { PAGE_SIZE, toQuery } from '@/components/options/LogSection';
import { send } from '@/lib/client';
import { getDb } from '@/lib/db';
import { runExportInWorker } from '@/lib/export/client';
import { addSite, parseSite, removeSite, requestSitePermission, siteLabel } from '@/lib/sites';
import { createOptionsApi, downloadFile } from './api';

// Views get their words through context; the extension's translator is chrome.i18n's (it
// turns numeric substitutions into strings itself, and a bare number is a plural count).
const t = i18n.t as unknown as Translate;

function fromHash(): SectionId {
  const h = location.hash.slice(1);
  return isSection(h) ? h : 'log';
}

// Built at module load, not in a render: the database starts opening and — when the page
// opens on the log — its first page starts loading while Preact renders the page.
const db = getDb();
const api = createOptionsApi(db, {
  notifyPacksChanged: () => send({ type: 'packsChanged' }),
  // The background seeds the packs on install; asking for them makes sure that happened.
  ensureSeeded: () => send({ type: 'getActivePacks' }),
  extensionVersion: browser.runtime.getManifest().version,
  download: downloadFile,
  // The log's CSV and .xlsx are read and written in a worker: the page stays responsive.
  runExport: runExportInWorker,
  office: {
    send,
    requestOrigin: (origin) => browser.permissions.request({ origins: [`${origin}/*`] }),
  },
  // A subscribed pack's host (https://host:port/*), asked inside the 订阅 click.
  requestHost: (origin) => browser.permissions.request({ origins: [`${origin}/*`] }),
  sites: {
    parse: parseSite,
    label: siteLabel,
    // The permission request starts synchronously, inside the click that called us.
    add: (pattern) => addSite(db, pattern, requestSitePermission(pattern)),
    remove: (pattern) => removeSite(db, pattern),
  },
});
/** The log's first page as the page opens on it (the empty filter form). */
const FIRST_LOG_QUERY = { ...toQuery(), offset: 0, limit: PAGE_SIZE };
const firstLog = fromHash() === 'log' ? api.prefetchLog(FIRST_LOG_QUERY) : null;

/**
 * What the page can show in its first paint: the log's first page if the database answers
 * within `waitMs` (normally a few ms), so the table does not flash empty; else nothing, and
 * the view loads it itself.
 */
export async function boot(waitMs = 250): Promise<{ initialLog?: LogPageView }> {
  if (!firstLog) return {};
  const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, waitMs, undefined));
  const page = await Promise.race([firstLog.catch(() => undefined), timeout]);
  // Taken as the initial page: the view must not consume the prefetch a second time.
  if (page) api.queryLog(FIRST_LOG_QUERY).catch(() => {});
  return page ? { initialLog: page } : {};
}

export function App({ initialLog }: { initialLog?: LogPageView }) {
  const [section, setSection] = useState<SectionId>(fromHash);

  useEffect(() => {
    const onHash = () => setSection(fromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    document.title = t('options.title');
  }, []);

  return (
    <I18nContext.Provider value={t}>
      <ApiContext.Provider value={api}>
        <OptionsApp
          initialLog={initialLog}
          section={section}
          onSelect={(s) => {
            history.replaceState(null, '', `#${s}`);
            setSection(s);
          }}
        />
      </ApiContext.Provider>
    </I18nContext.Provider>
  );
}
