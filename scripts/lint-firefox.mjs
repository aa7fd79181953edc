// `npm run lint:firefox`: builds the Firefox store package (wxt zip -b firefox) and runs
// Mozilla's own linter (web-ext lint, the addons-linter AMO runs on upload) on exactly the files
// of that zip, unpacked into a temporary folder. Offline.
//
// Fails on any error, and on any warning that is not one of the known ones below: each of those
// is in a bundled library, not in our code, and is explained where it is listed. A new warning
// (our own innerHTML, a new eval, a manifest key) fails until it is fixed or explained here.
// `--skip-build` lints the zip already in .output/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const OUTPUT = join(ROOT, '.output');

/**
 * The warnings addons-linter gives on the bundled libraries. AMO accepts them (they are
 * warnings); a reviewer reads this list and the sources zip. Each is recognised by its code, its
 * file and the code around the reported column (`near`), so the same kind of warning anywhere
 * else — our own innerHTML, a new eval — is a problem.
 * @type {{ code: string, file: RegExp, near?: RegExp, why: string }[]}
 */
export const KNOWN_WARNINGS = [
  {
    code: 'DANGEROUS_EVAL',
    file: /\.js$/,
    near: /Cloudflare`\)\)return!1;try\{return Function\(``\)/,
    why: "zod 4's probe `try { Function('') } catch` (whether to compile validators): the extension's CSP forbids eval, the probe fails, zod validates without it",
  },
  {
    code: 'DANGEROUS_EVAL',
    file: /^background\.js$/,
    near: /Function\.apply\(null,\w+\)\.apply\(null,\w+\)/,
    why: "PouchDB's map/reduce evaluates map functions given as strings; the office log never passes one (and the CSP forbids it)",
  },
  {
    code: 'DANGEROUS_EVAL',
    file: /^((?:chunks|assets)\/pdf-[\w-]+\.js|assets\/pdf\.worker\.min-[\w-]+\.m?js)$/,
    near: /try\{(return )?(new )?Function\((``|"")\)|isEvalSupported&&\w+\.isEvalSupported/,
    why: "pdf.js's isEvalSupported probe and PostScript-function compiler; rules/formats/pdf.ts passes isEvalSupported: false, so the compiler never runs",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^((?:chunks|assets)\/pdf-[\w-]+\.js|assets\/pdf\.worker\.min-[\w-]+\.m?js)$/,
    near: /await import\(/,
    why: "pdf.js's dynamic import() of its own worker and decoder modules, files of the extension",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /\.js$/,
    near: /\.__html==\w+\.innerHTML\)\|\|\(\w+\.innerHTML=\w+\.__html\)/,
    why: "Preact's dangerouslySetInnerHTML support; no component of ours uses it (page text is rendered only as text)",
  },
  {
    code: 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
    file: /^manifest\.json$/,
    why: 'data_collection_permissions needs Firefox for Android 142; the extension is not offered for Android (no sidebar there)',
  },
];

/** The code around a warning's line and column in the unpacked package. */
function around(dir, w) {
  if (!w.file || !w.line) return '';
  try {
    const line = readFileSync(join(dir, w.file), 'utf8').split('\n')[w.line - 1] ?? '';
    const col = w.column ?? 0;
    return line.slice(Math.max(0, col - 200), col + 200);
  } catch {
    return '';
  }
}

/** Splits addons-linter messages into known warnings and problems (errors, unknown warnings). */
export function judge(report, dir) {
  const known = [];
  const problems = [...report.errors];
  for (const w of report.warnings) {
    const code = around(dir, w);
    const k = KNOWN_WARNINGS.find(
      (k) => k.code === w.code && k.file.test(w.file ?? '') && (!k.near || k.near.test(code)),
    );
    if (k) known.push({ ...w, why: k.why });
    else problems.push(w);
  }
  return { known, problems };
}

function firefoxZip() {
  const zips = readdirSync(OUTPUT).filter((f) => /-firefox\.zip$/.test(f));
  if (zips.length !== 1) throw new Error(`expected one *-firefox.zip in .output, found ${zips}`);
  return join(OUTPUT, zips[0]);
}

function main() {
  const t0 = Date.now();
  if (!process.argv.includes('--skip-build')) {
    const z = spawnSync('npx', ['wxt', 'zip', '-b', 'firefox'], { cwd: ROOT, stdio: 'ignore' });
    if (z.status !== 0) throw new Error('wxt zip -b firefox failed');
  }
  const zip = firefoxZip();
  const dir = mkdtempSync(join(tmpdir(), 'guishen-weblint-'));
  try {
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zip)))) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const r = spawnSync(
      'npx',
      ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    const json = r.stdout.slice(r.stdout.indexOf('{'));
    let report;
    try {
      report = JSON.parse(json);
    } catch {
      throw new Error(`web-ext lint gave no report:\n${r.stdout}\n${r.stderr}`);
    }
    const { known, problems } = judge(report, dir);
    console.log(`web-ext lint ${zip.slice(ROOT.length + 1)}: ${JSON.stringify(report.summary)}`);
    for (const w of known) console.log(`  known warning ${w.code} ${w.file}: ${w.why}`);
    for (const p of problems)
      console.log(`  ✘ ${p._type} ${p.code} ${p.file ?? ''}:${p.line ?? ''} ${p.message}`);
    console.log(
      `${problems.length ? '✘' : '✔'} ${problems.length} problem(s) (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
    return problems.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.exit(main());
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
