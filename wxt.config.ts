import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

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
      // scripting: inject the content script into that one tab after the activeTab gesture.
      'scripting',
      // unlimitedStorage: the review log (100,000 records with findings and document text)
      // must not be evicted or hit the default quota; drafts never leave the machine.
      'unlimitedStorage',
      // sidePanel (Chrome only): the live checklist lives in the side panel. Firefox uses
      // sidebar_action, which needs no permission.
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // Other sites are enabled by the user at the moment of need (options page), never up front.
    // (MV2 Firefox lists optional hosts under optional_permissions.)
    ...(browser === 'firefox'
      ? { optional_permissions: ['http://*/*', 'https://*/*'] }
      : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'guishen@guishen.local', strict_min_version: '128.0' },
          },
        }
      : {}),
  }),
  vite: () => ({ plugins: [preact()] }),
});
