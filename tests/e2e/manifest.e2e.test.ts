/** The per-browser manifests: Chrome gets the side panel; Firefox a sidebar and a gecko id. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR, ROOT } from './helpers';

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

describe('manifests', () => {
  it('Chrome MV3 asks only for the justified permissions and has a side panel', () => {
    const m = read(EXTENSION_DIR);
    expect(m.manifest_version).toBe(3);
    expect([...m.permissions].sort()).toEqual(
      ['activeTab', 'scripting', 'sidePanel', 'storage', 'unlimitedStorage'].sort(),
    );
    expect(m.host_permissions ?? []).toEqual([]);
    expect(m.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(m.side_panel.default_path).toBe('sidepanel.html');
    expect(m.content_scripts[0].matches).toContain('*://*.gov.cn/*');
  });

  it('the Firefox build has no Chrome-only keys', () => {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: 'ignore' });
    const m = read(join(ROOT, '.output/firefox-mv2'));
    expect(m.side_panel).toBeUndefined();
    expect(m.permissions).not.toContain('sidePanel');
    expect(m.optional_host_permissions).toBeUndefined();
    expect(m.sidebar_action.default_panel).toBe('sidepanel.html');
    expect(m.browser_specific_settings.gecko.id).toMatch(/@/);
  });
});
