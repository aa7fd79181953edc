/**
 * The Chrome Web Store package (`wxt zip`, as `npm run zip` makes it), read from the zip itself:
 * every permission is one we justify (in this allow-list and in a comment of wxt.config.ts),
 * standing host access is only where the content script runs and everything broader is
 * optional, the package carries no remote code, and no CSP loosens the default.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

/** Each permission the Chrome build may ask for, and what it is for (see wxt.config.ts). */
const ALLOWED: Record<string, string> = {
  storage: 'small per-browser settings readable by the content script',
  activeTab: "the popup's 审查此页面 on a site the user has not enabled",
  scripting: 'inject the review bundle into a document frame',
  unlimitedStorage: 'the review log must not be evicted',
  contextMenus: '用规审审查此文件 on a link to a .docx/.pdf/.ofd file',
  alarms: "wakes the worker for the office log's replication and the daily subscription check",
  sidePanel: 'the live checklist',
};
/** Where the content script (the small loader) runs: the only standing host access. */
const BUILTIN = ['*://*.gov.cn/*', 'http://127.0.0.1/*', 'http://localhost/*'];

let files: Record<string, Uint8Array>;
let manifest: any;

beforeAll(() => {
  execFileSync('npx', ['wxt', 'zip'], { cwd: ROOT, stdio: 'ignore' });
  const zips = readdirSync(join(ROOT, '.output')).filter((f) => /-chrome\.zip$/.test(f));
  expect(zips).toHaveLength(1);
  files = unzipSync(readFileSync(join(ROOT, '.output', zips[0]!)));
  manifest = JSON.parse(strFromU8(files['manifest.json']!));
}, 120_000);

describe('the Chrome store package', () => {
  it('asks only for allow-listed permissions, each justified in wxt.config.ts', () => {
    expect(manifest.manifest_version).toBe(3);
    const config = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
    for (const p of manifest.permissions as string[]) {
      expect(Object.keys(ALLOWED), `permission ${p} is not allow-listed`).toContain(p);
      // A comment that opens with the permission's name: `// storage: …` or `// sidePanel (…`.
      expect(config, `wxt.config.ts does not justify ${p}`).toMatch(
        new RegExp(`^\\s*// ${p}( \\([^)]*\\))?:`, 'm'),
      );
    }
    expect(manifest.optional_permissions ?? []).toEqual([]);
  });

  it('has standing host access only where the content script runs; broader hosts are optional', () => {
    expect(manifest.host_permissions).toEqual(BUILTIN);
    for (const cs of manifest.content_scripts) expect(cs.matches).toEqual(BUILTIN);
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();
  });

  it('keeps the default CSP: no unsafe-eval, no remote script source', () => {
    const csp = manifest.content_security_policy;
    // Absent means Chrome's MV3 default ("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'").
    for (const policy of Object.values<string>(csp ?? {})) {
      expect(policy).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*|data:|blob:/);
    }
    expect(manifest.sandbox).toBeUndefined();
  });

  it('contains no remote code: every script and stylesheet is a file of the package', () => {
    const names = Object.keys(files).filter((n) => !n.endsWith('/'));
    const html = names.filter((n) => n.endsWith('.html'));
    expect(html.length).toBeGreaterThan(3);
    let loaded = 0;
    for (const n of html) {
      const text = strFromU8(files[n]!);
      for (const m of text.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)) {
        loaded += 1;
        expect(m[1], `${n} loads ${m[1]}`).not.toMatch(/^(https?:)?\/\//);
        expect(names, `${n} loads ${m[1]}, which is not in the package`).toContain(
          m[1]!.replace(/^\//, ''),
        );
      }
    }
    expect(loaded).toBeGreaterThanOrEqual(html.length);
    const code = names.filter((n) => /\.(m?js)$/.test(n));
    expect(code.length).toBeGreaterThan(5);
    for (const n of code) {
      const text = strFromU8(files[n]!);
      // import('https://…'), importScripts('https://…'), a script element pointed at a URL.
      expect(text, n).not.toMatch(/\bimport\(\s*["'`](https?:)?\/\//);
      expect(text, n).not.toMatch(/importScripts\(\s*["'`](https?:)?\/\//);
      expect(text, n).not.toMatch(/\.src\s*=\s*["'`]https?:\/\/[^"'`]*\.m?js\b/);
    }
    // The content scripts the manifest lists are files of the package.
    for (const cs of manifest.content_scripts)
      for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) expect(names).toContain(f);
    expect(names).toContain(manifest.background.service_worker);
  });
});
