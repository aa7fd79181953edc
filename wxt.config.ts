import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { BUILTIN_MATCHES, HIGHLIGHT_CSS, LOADER_SCRIPT } from './lib/bundles';
import { highlightCss } from './lib/page/highlight-css';

/**
 * Permissions are kept to the minimum; each one says why it is needed.
 * Chrome gets `side_panel` (+ the `sidePanel` permission); Firefox gets `sidebar_action`
 * (WXT derives it from entrypoints/sidepanel) and never the Chrome-only permission.
 */
export default defineConfig({
  // Every dependency is an explicit import: no auto-imports.
  imports: false,
  // @wxt-dev/i18n: locales/*.yml → _locales; UI text is Chinese first (zh_CN), English second.
  modules: ['@wxt-dev/i18n/module'],
  hooks: {
    // The ::highlight stylesheet as a file, generated from the one definition
    // (lib/page/highlight-css.ts): the browser injects it with the loader before the page is
    // parsed — no script work, no restyle of a finished page.
    'build:publicAssets': (_wxt, files) => {
      files.push({ relativeDest: HIGHLIGHT_CSS.slice(1), contents: highlightCss() });
      // pdf.js's CMaps (Chinese PDFs whose fonts are not embedded — STSong-Light through
      // UniGB-UCS2-H — are read through them), shipped with the extension: the file review page
      // loads nothing from the network. Only that page reads them, and only for such a PDF.
      const pdfjs = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
      for (const name of readdirSync(join(pdfjs, 'cmaps')))
        files.push({
          relativeDest: `pdfjs/cmaps/${name}`,
          absoluteSrc: join(pdfjs, 'cmaps', name),
        });
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: [
      // storage: remembers small per-browser settings (e.g. whether highlights are shown)
      // outside IndexedDB so the content script can read them without a round trip.
      'storage',
      // activeTab: the popup's "审查此页面" button reviews the current tab on a site the
      // user has not enabled, with no standing host permission.
      'activeTab',
      // scripting: inject the review bundle (content-scripts/review.js) into a frame: that one
      // tab after the activeTab gesture, or a frame whose loader found a document (below).
      'scripting',
      // unlimitedStorage: the review log (100,000 records with findings and document text)
      // must not be evicted or hit the default quota; drafts never leave the machine.
      'unlimitedStorage',
      // contextMenus: 「用规审审查此文件」 on a link to a .docx/.pdf/.ofd file opens the file review
      // page on it (the one file, fetched on that click). No install warning; it reads no page.
      'contextMenus',
      // alarms: the office's shared log (lib/office/) replicates from the background; Chrome
      // stops an idle service worker, and a one-minute alarm wakes it so replication resumes.
      // Nothing is sent unless the office connected a database in the options page. A daily
      // alarm checks the rule-pack subscriptions (lib/subscriptions.ts), only if there are any.
      'alarms',
      // sidePanel (Chrome only): the live checklist lives in the side panel. Firefox uses
      // sidebar_action, which needs no permission.
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // host_permissions: exactly the content script's own matches (BUILTIN_MATCHES: *.gov.cn and
    // the loopback demo portal), no more. The content script there is only a small loader; the
    // review bundle (engine + UI) is injected with scripting.executeScript into the frames
    // whose pre-check found a document, so that other pages never parse it. executeScript
    // needs host permission for the page, which content_scripts.matches do not grant. The
    // install warning is the one the content script's matches already show (read and change
    // data on *.gov.cn / 127.0.0.1 / localhost). WXT moves these into `permissions` for MV2.
    host_permissions: BUILTIN_MATCHES,
    // The loader (entrypoints/loader.ts, an unlisted script: see there why not WXT's
    // defineContentScript) and the highlight stylesheet, at document_start, top frame only
    // (same-origin editor frames are reached from the top frame).
    content_scripts: [
      {
        matches: BUILTIN_MATCHES,
        js: [LOADER_SCRIPT.slice(1)],
        css: [HIGHLIGHT_CSS.slice(1)],
        run_at: 'document_start',
      },
    ],
    // Other sites are enabled by the user at the moment of need (options page), never up front.
    // The office's CouchDB (办公室共享日志) is asked for the same way: when the reviewer clicks
    // 连接, the options page requests exactly that database's origin (https://host:port/*) and
    // nothing else; the background contacts no other host and follows no redirect. Loopback
    // test servers are covered by the built-in 127.0.0.1 host permission above.
    // (MV2 Firefox lists optional hosts under optional_permissions.)
    ...(browser === 'firefox'
      ? { optional_permissions: ['http://*/*', 'https://*/*'] }
      : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    // storage.managed (Chrome enterprise policy): an administrator presets pack subscriptions and
    // the office's name (lib/managed.ts). Firefox reads the same keys from policies.json and needs
    // no schema key. No permission: `storage` above covers the managed area.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    // Firefox: a fixed add-on id (storage and IndexedDB survive updates; AMO signs by it).
    // 140 (ESR): the first release with the CSS Custom Highlight API the in-page highlights use
    // and with data_collection_permissions. data_collection_permissions 'none': the extension
    // sends nothing to its developers; the office's own CouchDB (chosen and permitted by the
    // office) is the only place records go, and only when the office connects it.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'guishen@guishen.local',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({
    plugins: [preact()],
    // The file review page's worker (lib/files/file.worker.ts) is a module worker that loads
    // pdf.js only for a PDF (a dynamic import): an ES-module worker bundle can split chunks,
    // Vite's default IIFE one cannot.
    worker: { format: 'es' },
  }),
});
