/** The per-browser manifests: Chrome gets the side panel; Firefox a sidebar and a gecko id. */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR, ROOT } from './helpers';
import { highlightCss } from '../../lib/page/highlight-css';

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const BUILTIN = ['*://*.gov.cn/*', 'http://127.0.0.1/*', 'http://localhost/*'];

describe('manifests', () => {
  it('Chrome MV3 asks only for the justified permissions and has a side panel', () => {
    const m = read(EXTENSION_DIR);
    expect(m.manifest_version).toBe(3);
    expect([...m.permissions].sort()).toEqual(
      [
        'activeTab',
        'alarms',
        'contextMenus',
        'scripting',
        'sidePanel',
        'storage',
        'unlimitedStorage',
      ].sort(),
    );
    // Host permission exactly where the content script runs (to inject the review bundle).
    expect(m.host_permissions).toEqual(BUILTIN);
    expect(m.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(m.side_panel.default_path).toBe('sidepanel.html');
  });

  it('runs only the small loader and the highlight stylesheet on matched pages', () => {
    const m = read(EXTENSION_DIR);
    expect(m.content_scripts).toEqual([
      {
        matches: BUILTIN,
        js: ['loader.js'],
        css: ['content-scripts/highlight.css'],
        run_at: 'document_start',
      },
    ]);
    expect(m.web_accessible_resources).toBeUndefined();
    // The review bundle is built but not listed: it is injected on document pages only.
    const review = statSync(join(EXTENSION_DIR, 'content-scripts/review.js')).size;
    const loader = statSync(join(EXTENSION_DIR, 'loader.js')).size;
    expect(review).toBeGreaterThan(100_000);
    // Parsed and run on every matched page at document_start: keep it a few KB (the engine,
    // zod, Dexie or Preact creeping in would be hundreds).
    expect(loader).toBeLessThan(12_000);
    const code = readFileSync(join(EXTENSION_DIR, 'loader.js'), 'utf8');
    expect(code).not.toMatch(/dexie|ZodError|preact/i);
    // The file readers (pdf.js, the zip and XML readers) load only on the file review page.
    const reviewCode = readFileSync(join(EXTENSION_DIR, 'content-scripts/review.js'), 'utf8');
    expect(reviewCode).not.toMatch(/GlobalWorkerOptions|wordprocessingml|OFD\.xml/);
    expect(readFileSync(join(EXTENSION_DIR, 'content-scripts/highlight.css'), 'utf8')).toBe(
      highlightCss(),
    );
  });

  it('the Firefox build has no Chrome-only keys and the same content scripts', () => {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: 'ignore' });
    const dir = join(ROOT, '.output/firefox-mv2');
    const m = read(dir);
    expect(m.side_panel).toBeUndefined();
    expect(m.permissions).not.toContain('sidePanel');
    expect(m.optional_host_permissions).toBeUndefined();
    expect(m.host_permissions).toBeUndefined();
    // MV2: host permissions are permissions.
    expect([...m.permissions].sort()).toEqual(
      [
        'activeTab',
        'alarms',
        'contextMenus',
        'scripting',
        'storage',
        'unlimitedStorage',
        ...BUILTIN,
      ].sort(),
    );
    expect(m.optional_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(m.content_scripts[0].js).toEqual(['loader.js']);
    expect(m.content_scripts[0].css).toEqual(['content-scripts/highlight.css']);
    for (const f of ['loader.js', 'content-scripts/review.js', 'content-scripts/highlight.css'])
      expect(statSync(join(dir, f)).size).toBeGreaterThan(0);
    expect(m.sidebar_action.default_panel).toBe('sidepanel.html');
    // Like Chrome's side panel, the sidebar opens when asked, not at install.
    expect(m.sidebar_action.open_at_install).toBe(false);
    expect(m.browser_specific_settings.gecko).toEqual({
      id: 'guishen@guishen.local',
      // The first ESR with the CSS Custom Highlight API.
      strict_min_version: '140.0',
      // AMO's data-collection declaration: nothing is sent to the developers.
      data_collection_permissions: { required: ['none'] },
    });
  });
});
