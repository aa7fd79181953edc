/**
 * 不得设定 (NB-*) precision: the labelled sentence table (tests/fixtures/nb-labelled.json) and
 * the real normative documents with reviewed NB findings (tests/fixtures/nb-real/). Shared by
 * the unit test (tests/unit/rules/nb-labelled.test.ts) and `npm run eval`.
 *
 * The NB rules run here whatever the document's classification (their `when` and `levels` are
 * lifted): this measures what the rules find in a text, not whether the text is normative.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePacks, check, type CompiledPacks } from '../rules/engine';
import { modelFromText } from '../rules/model';
import { seedPacks } from '../rules/seeds';
import type { Finding, Pack } from '../rules/schema';

const ROOT = join(import.meta.dirname, '..');
export const LABELLED_FILE = join(ROOT, 'tests/fixtures/nb-labelled.json');
export const REAL_DIR = join(ROOT, 'tests/fixtures/nb-real');

/** One labelled sentence: `flag` — the rule must report it (error/warning); `info` — only as
 * a note (a higher-law basis); `clear` — no error or warning. */
export type Labelled = {
  rule: string;
  expect: 'flag' | 'info' | 'clear';
  text: string;
};

let compiled: CompiledPacks | null = null;

/** The seed packs' NB rules, applicable to any text. */
export function nbCompiled(): CompiledPacks {
  if (compiled) return compiled;
  const packs = JSON.parse(JSON.stringify(seedPacks)) as Pack[];
  for (const p of packs) {
    p.rules = p.rules.filter((r) => r.id.startsWith('NB-'));
    for (const r of p.rules) {
      const o = r.options as { when?: Record<string, unknown> };
      // Any text, however short: a one-sentence body is not "a document" to the classifier.
      o.when = { ...(o.when ?? {}), document: false };
      delete o.when.normative;
      delete o.when.levels;
      delete (r as { levels?: unknown }).levels;
    }
    p.checklist = [];
  }
  compiled = compilePacks(packs, ['common-local']);
  return compiled;
}

/** The NB findings of a text. */
export function nbFindings(text: string): Finding[] {
  return check(modelFromText(text), nbCompiled(), { today: '2026-11-27' }).findings.filter((f) =>
    /\/NB-/.test(f.ruleId),
  );
}

const ruleOf = (f: Finding) => f.ruleId.slice(f.ruleId.indexOf('/') + 1);
const flagged = (f: Finding) => f.severity !== 'info';

export type LabelledResult = Labelled & {
  got: 'flag' | 'info' | 'clear';
  ok: boolean;
};

/** Checks each labelled sentence as the body of a short notice. */
export function runLabelled(rows: Labelled[] = loadLabelled()): LabelledResult[] {
  return rows.map((row) => {
    const fs = nbFindings(`关于加强管理的通知\n\n${row.text}\n`).filter(
      (f) => ruleOf(f) === row.rule,
    );
    const got = fs.some(flagged) ? 'flag' : fs.length > 0 ? 'info' : 'clear';
    const ok = row.expect === 'clear' ? got !== 'flag' : got === row.expect;
    return { ...row, got, ok };
  });
}

export function loadLabelled(): Labelled[] {
  return JSON.parse(readFileSync(LABELLED_FILE, 'utf8')) as Labelled[];
}

/** Precision and recall of the error/warning flags over the labelled table. */
export function labelledScores(results: LabelledResult[]) {
  const flaggedRows = results.filter((r) => r.got === 'flag');
  const truePos = flaggedRows.filter((r) => r.expect === 'flag').length;
  const positives = results.filter((r) => r.expect === 'flag').length;
  return {
    rows: results.length,
    correct: results.filter((r) => r.ok).length,
    flagged: flaggedRows.length,
    truePositives: truePos,
    precision: flaggedRows.length ? truePos / flaggedRows.length : 1,
    recall: positives ? truePos / positives : 1,
  };
}

/** A real document with the NB findings a reviewer judged right (rule + a quote inside). */
export type RealDoc = {
  file: string;
  source: string;
  title: string;
  type: string;
  /** The error/warning NB findings that are right, as rule and a quote the finding covers. */
  right: { rule: string; quote: string }[];
  note?: string;
};

export type RealResult = {
  file: string;
  findings: { rule: string; severity: string; quote: string; right: boolean }[];
};

export function loadReal(): RealDoc[] {
  return JSON.parse(readFileSync(join(REAL_DIR, 'manifest.json'), 'utf8')) as RealDoc[];
}

/** Runs the NB rules on each real document and judges each error/warning by the manifest. */
export function runReal(docs: RealDoc[] = loadReal()): RealResult[] {
  return docs.map((d) => {
    const text = readFileSync(join(REAL_DIR, d.file), 'utf8');
    const findings = nbFindings(text)
      .filter(flagged)
      .map((f) => {
        const places = [f.range, ...(f.ranges ?? [])];
        const rule = ruleOf(f);
        const right = d.right.some(
          (r) =>
            r.rule === rule &&
            places.some((p) => {
              const at = text.indexOf(r.quote, Math.max(0, p.start - r.quote.length));
              return at !== -1 && at < p.end && at + r.quote.length > p.start;
            }),
        );
        return { rule, severity: f.severity, quote: text.slice(f.range.start, f.range.end), right };
      });
    return { file: d.file, findings };
  });
}

export function realScores(results: RealResult[]) {
  const all = results.flatMap((r) => r.findings);
  const right = all.filter((f) => f.right).length;
  return {
    documents: results.length,
    findings: all.length,
    right,
    precision: all.length ? right / all.length : 1,
    documentsWithFalseAlarm: results.filter((r) => r.findings.some((f) => !f.right)).length,
  };
}

// `npx tsx scripts/nb-labelled.ts`: print the table's failures and both scores.
if (import.meta.url === `file://${process.argv[1]}`) {
  const res = runLabelled();
  for (const r of res)
    if (!r.ok) console.log(`✗ ${r.rule} 期望 ${r.expect} 得到 ${r.got}：${r.text}`);
  console.log('labelled', labelledScores(res));
  const real = runReal();
  for (const r of real)
    for (const f of r.findings)
      console.log(`${f.right ? '✓' : '✗'} ${r.file} ${f.rule} ${f.severity} ${f.quote}`);
  console.log('real', realScores(real));
}
