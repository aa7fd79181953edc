/**
 * The real-document suite (issue 14 item 8): runs the engine over a folder of real texts
 * described by a manifest and reports, per document type, how often the engine is right.
 *
 *   npm run eval                         seeds/real/ (manifest.json, labels.json)
 *   npm run eval -- --dir other/         an unseen set in the same manifest format
 *   npm run eval -- --json               machine-readable result
 *   npm run eval -- -v                   also every miss, document by document
 *   npm run eval -- --unlabelled         NB findings on 规范性文件 (and FC findings anywhere) nobody has judged yet, as
 *                                        label stubs to paste into labels.json and fill in
 *
 * What it measures, per type (法律, 行政法规, 地方性法规, 部门规章, 地方政府规章, 行政规范性文件,
 * 非规范性文件):
 * - the level confusion matrix (expected level × the engine's level) and normative right;
 * - false alarms: documents that are not 规范性文件 (laws, 法规, 规章, non-normative documents)
 *   with any error or warning of a normative-document check (NB-*, VP-*, 3U-*, ED-TOO-SOON);
 * - on every type: the 公平竞争审查 (FC-*) errors and warnings, labelled the same way;
 * - on 规范性文件: the 不得设定 (NB-*) errors and warnings and how many a reviewer labelled
 *   right or wrong (labels.json, keyed by document + rule id + quote);
 * - the findings a reviewer expects (present) and forbids (absent), from the manifest;
 * - fact rates: 发文字号/令号, 施行 date and 有效期 as the manifest gives them;
 * - the time the engine took.
 *
 * Manifest: `{ today?, documents: Entry[] }` or a bare `Entry[]` (see {@link Entry}). A key
 * left out of `expect` is not scored; `null` means "the document states none".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compilePacks, check, type CompiledPacks } from '../rules/engine';
import { modelFromHtml, modelFromText } from '../rules/model';
import { seedPacks, DEFAULT_PACK_ID } from '../rules/seeds';
import { dropReadingAids, normalizeForMatching } from '../rules/text';
import type { Finding, Level, Report } from '../rules/schema';

export const TYPES = [
  '法律',
  '行政法规',
  '地方性法规',
  '部门规章',
  '地方政府规章',
  '行政规范性文件',
  '非规范性文件',
] as const;
export type DocType = (typeof TYPES)[number];

export const LEVELS: Level[] = ['法律法规', '规章', '行政规范性文件', '其他'];

/** Accepted values: one, several (any is right), or null (the document states none). */
type Accept = string | string[] | null;

export type Expect = {
  level: Level;
  normative: boolean;
  /** The document's own 发文字号, or its 令号 for a 规章/行政法规. */
  docNumber?: Accept;
  /** ISO date of the 施行 clause (or the 公布 date when it takes effect on publication). */
  effectiveDate?: Accept;
  /** The document's own validity: years, or an end date; null when it states none. */
  validity?: { years: number } | { until: string } | null;
  findings?: {
    /** Bare rule ids (NB-SF) that should give an error or warning. */
    expected?: string[];
    /** Bare rule ids or prefixes (NB-*) that must not give an error or warning. */
    forbidden?: string[];
  };
};

export type Entry = {
  file: string;
  type: DocType;
  title: string;
  issuer: string | null;
  jurisdiction: string | null;
  /** Where the text comes from: a URL, or a repository + commit + path; when retrieved. */
  source: Record<string, string>;
  /** Seed pack layer to check with (default common-local). */
  pack?: string;
  expect: Expect;
  notes?: string;
};

export type Label = {
  file: string;
  rule: string;
  /** The start of the finding's quote (whitespace removed); a finding matches by prefix. */
  quote: string;
  verdict: 'right' | 'wrong';
  why?: string;
};

/** Rule ids that apply only to 行政规范性文件: on anything else an error/warning is a false alarm. */
export const NORMATIVE_ONLY = ['NB-*', 'VP-*', '3U-*', 'ED-TOO-SOON'];
/** Types on which a normative-only check is a false alarm. */
export const NOT_NORMATIVE: DocType[] = [
  '法律',
  '行政法规',
  '地方性法规',
  '部门规章',
  '地方政府规章',
  '非规范性文件',
];

export const DEFAULT_DIR = 'seeds/real';
/** The reviewer's date the real set is judged on (validity lapse depends on it). */
export const DEFAULT_TODAY = '2026-12-06';

const bare = (ruleId: string) => ruleId.split('/').pop()!;
const matches = (id: string, pat: string) =>
  pat.endsWith('*') ? id.startsWith(pat.slice(0, -1)) : id === pat;
const serious = (f: Finding) => f.severity === 'error' || f.severity === 'warning';
const squash = (s: string) => s.replace(/\s+/g, '');

/** Folds the spellings that do not change a number: widths, brackets, spaces, 號. */
export function normNumber(s: string): string {
  // Compared as the engine matches: traditional forms folded (「國家…總局令第88號」 is the number
  // of 「国家…总局令第88号」 printed in traditional characters), full-width folded by NFKC.
  return (
    normalizeForMatching(s)
      .normalize('NFKC')
      .replace(/\s+/g, '')
      .replace(/[[［【(（〖﹝〔]/g, '〔')
      .replace(/[\]］】)）〗﹞〕]/g, '〕')
      .replace(/號/g, '号')
      .replace(/^中华人民共和国/, '')
      .replace(/、中华人民共和国/g, '、')
      .replace(/〔(\d{4})〕第?/, '〔$1〕')
      // 「某某人民政府令（第75号）」 is 「某某人民政府令第75号」 with brackets.
      .replace(/令〔(第\d+号)〕$/, '令$1')
  );
}

function accepts(expected: Accept, got: string | null, norm: (s: string) => string): boolean {
  if (expected === null) return got === null;
  if (got === null) return false;
  const list = Array.isArray(expected) ? expected : [expected];
  return list.some((x) => norm(x) === norm(got));
}

/**
 * A 发文字号/令号 is right when it is one of the expected spellings, or the tail of one that
 * still names an agency: joint issuers are often cited by the lead agency alone
 * (「国家外汇局公告〔2025〕第21号」 for 「中国人民银行 中国证监会 国家外汇局公告〔2025〕第21号」).
 */
function acceptsNumber(expected: Accept, got: string | null): boolean {
  if (accepts(expected, got, normNumber)) return true;
  if (expected === null || got === null) return false;
  const g = normNumber(got);
  if (!/^[\p{Script=Han}]{2,}/u.test(g)) return false;
  const list = Array.isArray(expected) ? expected : [expected];
  return list.some((x) => normNumber(x).endsWith(g));
}

export type DocResult = {
  file: string;
  type: DocType;
  title: string;
  ms: number;
  level: { expected: Level; got: Level; ok: boolean };
  normative: { expected: boolean; got: boolean; ok: boolean };
  /** Errors/warnings of normative-only checks (only on types where they are false alarms). */
  falseAlarms: { rule: string; severity: string; quote: string }[];
  /** NB errors/warnings on a 规范性文件 with the reviewer's verdict, if any. */
  nb: { rule: string; severity: string; quote: string; verdict: 'right' | 'wrong' | null }[];
  /** 公平竞争审查 (FC-*) errors/warnings, on every type, with the reviewer's verdict, if any. */
  fc: { rule: string; severity: string; quote: string; verdict: 'right' | 'wrong' | null }[];
  expectedMissing: string[];
  expectedTotal: number;
  forbiddenPresent: string[];
  facts: Partial<Record<'docNumber' | 'effectiveDate' | 'validity', FactResult>>;
};
type FactResult = { expected: unknown; got: unknown; ok: boolean };

type Rate = { ok: number; n: number };
export type TypeSummary = {
  n: number;
  levelRight: number;
  /** expected level → engine level → count */
  confusion: Record<string, Record<string, number>>;
  normativeRight: number;
  falseAlarmDocs: number;
  falseAlarmFindings: number;
  nb: { findings: number; right: number; wrong: number; unlabelled: number };
  fc: { findings: number; right: number; wrong: number; unlabelled: number };
  expected: Rate;
  forbiddenViolations: number;
  facts: { docNumber: Rate; effectiveDate: Rate; validity: Rate };
  ms: number;
};
export type EvalResult = {
  dir: string;
  today: string;
  byType: Partial<Record<DocType, TypeSummary>>;
  all: TypeSummary;
  /** Laws, 法规 and 规章 together: the "≤ 2 % with a false alarm" figure. */
  lawsAndRules: TypeSummary;
  docs: DocResult[];
  totalMs: number;
};

export function loadManifest(dir: string): { today: string | null; documents: Entry[] } {
  const raw = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as
    Entry[] | { today?: string; documents: Entry[] };
  if (Array.isArray(raw)) return { today: null, documents: raw };
  return { today: raw.today ?? null, documents: raw.documents };
}

export function loadLabels(file: string): Label[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Label[]) : [];
}

function verdictOf(labels: Label[], file: string, rule: string, quote: string) {
  const q = squash(quote);
  const hit = labels.find(
    (l) => l.file === file && l.rule === rule && q.startsWith(squash(l.quote)),
  );
  return hit ? hit.verdict : null;
}

/** Checks one document and scores it against its manifest entry. */
export function evalDoc(
  dir: string,
  e: Entry,
  compiled: CompiledPacks,
  today: string,
  labels: Label[],
): { result: DocResult; report: Report } {
  const src = readFileSync(join(dir, e.file), 'utf8').replace(/^\uFEFF/, '');
  const t0 = performance.now();
  const model = /\.html?$/i.test(e.file) ? modelFromHtml(src) : modelFromText(dropReadingAids(src));
  const report = check(model, compiled, { today });
  const ms = performance.now() - t0;
  const x = e.expect;
  const ids = report.findings.filter(serious).map((f) => ({ f, id: bare(f.ruleId) }));
  const quote = (f: Finding) => squash(f.anchor.exact).slice(0, 40);
  const falseAlarms = NOT_NORMATIVE.includes(e.type)
    ? ids
        .filter(({ id }) => NORMATIVE_ONLY.some((p) => matches(id, p)))
        .map(({ f, id }) => ({ rule: id, severity: f.severity, quote: quote(f) }))
    : [];
  const nb =
    e.type === '行政规范性文件'
      ? ids
          .filter(({ id }) => id.startsWith('NB-'))
          .map(({ f, id }) => ({
            rule: id,
            severity: f.severity,
            quote: quote(f),
            verdict: verdictOf(labels, e.file, id, f.anchor.exact),
          }))
      : [];
  const fc = ids
    .filter(({ id }) => id.startsWith('FC-'))
    .map(({ f, id }) => ({
      rule: id,
      severity: f.severity,
      quote: quote(f),
      verdict: verdictOf(labels, e.file, id, f.anchor.exact),
    }));
  const expected = x.findings?.expected ?? [];
  const forbidden = x.findings?.forbidden ?? [];
  const facts: DocResult['facts'] = {};
  const rf = report.facts;
  if (x.docNumber !== undefined)
    facts.docNumber = {
      expected: x.docNumber,
      got: rf.docNumber,
      ok: acceptsNumber(x.docNumber, rf.docNumber),
    };
  if (x.effectiveDate !== undefined)
    facts.effectiveDate = {
      expected: x.effectiveDate,
      got: rf.effectiveDate,
      ok: accepts(x.effectiveDate, rf.effectiveDate, (s) => s),
    };
  if (x.validity !== undefined) {
    const v = rf.validity;
    const ok =
      x.validity === null
        ? v.years === null && v.until === null
        : 'years' in x.validity
          ? v.years === x.validity.years
          : v.until === x.validity.until || v.expiry === x.validity.until;
    facts.validity = { expected: x.validity, got: { years: v.years, until: v.until }, ok };
  }
  const level = report.classification.level;
  return {
    report,
    result: {
      file: e.file,
      type: e.type,
      title: e.title,
      ms,
      level: { expected: x.level, got: level, ok: level === x.level },
      normative: {
        expected: x.normative,
        got: report.classification.normative,
        ok: report.classification.normative === x.normative,
      },
      falseAlarms,
      nb,
      fc,
      expectedMissing: expected.filter((r) => !ids.some(({ id }) => matches(id, r))),
      expectedTotal: expected.length,
      forbiddenPresent: [
        ...new Set(ids.filter(({ id }) => forbidden.some((p) => matches(id, p))).map((i) => i.id)),
      ],
      facts,
    },
  };
}

function emptySummary(): TypeSummary {
  const r = () => ({ ok: 0, n: 0 });
  return {
    n: 0,
    levelRight: 0,
    confusion: {},
    normativeRight: 0,
    falseAlarmDocs: 0,
    falseAlarmFindings: 0,
    nb: { findings: 0, right: 0, wrong: 0, unlabelled: 0 },
    fc: { findings: 0, right: 0, wrong: 0, unlabelled: 0 },
    expected: r(),
    forbiddenViolations: 0,
    facts: { docNumber: r(), effectiveDate: r(), validity: r() },
    ms: 0,
  };
}

function add(s: TypeSummary, d: DocResult) {
  s.n++;
  if (d.level.ok) s.levelRight++;
  const row = (s.confusion[d.level.expected] ??= {});
  row[d.level.got] = (row[d.level.got] ?? 0) + 1;
  if (d.normative.ok) s.normativeRight++;
  if (d.falseAlarms.length) s.falseAlarmDocs++;
  s.falseAlarmFindings += d.falseAlarms.length;
  for (const [list, c] of [
    [d.nb, s.nb],
    [d.fc, s.fc],
  ] as const)
    for (const f of list) {
      c.findings++;
      if (f.verdict === 'right') c.right++;
      else if (f.verdict === 'wrong') c.wrong++;
      else c.unlabelled++;
    }
  s.expected.n += d.expectedTotal;
  s.expected.ok += d.expectedTotal - d.expectedMissing.length;
  s.forbiddenViolations += d.forbiddenPresent.length ? 1 : 0;
  for (const k of ['docNumber', 'effectiveDate', 'validity'] as const) {
    const f = d.facts[k];
    if (!f) continue;
    s.facts[k].n++;
    if (f.ok) s.facts[k].ok++;
  }
  s.ms += d.ms;
}

const compiledCache = new Map<string, CompiledPacks>();
function packsFor(id: string): CompiledPacks {
  let c = compiledCache.get(id);
  if (!c) {
    c = compilePacks(seedPacks, [id]);
    compiledCache.set(id, c);
  }
  return c;
}

/** Runs the suite over a folder with a manifest.json (and optionally labels.json). */
export function evaluate(
  dirArg = DEFAULT_DIR,
  opts: { today?: string; labels?: string } = {},
): EvalResult {
  const dir = resolve(dirArg);
  const m = loadManifest(dir);
  const today = opts.today ?? m.today ?? DEFAULT_TODAY;
  const labels = loadLabels(opts.labels ?? join(dir, 'labels.json'));
  const t0 = performance.now();
  const docs: DocResult[] = [];
  for (const e of m.documents) {
    const packId = e.pack && seedPacks.some((p) => p.id === e.pack) ? e.pack : DEFAULT_PACK_ID;
    docs.push(evalDoc(dir, e, packsFor(packId), today, labels).result);
  }
  const totalMs = performance.now() - t0;
  const byType: EvalResult['byType'] = {};
  const all = emptySummary();
  const lawsAndRules = emptySummary();
  for (const d of docs) {
    add((byType[d.type] ??= emptySummary()), d);
    add(all, d);
    if (d.type !== '行政规范性文件' && d.type !== '非规范性文件') add(lawsAndRules, d);
  }
  return { dir: dirArg, today, byType, all, lawsAndRules, docs, totalMs };
}

const pct = (ok: number, n: number) => (n ? `${ok}/${n} (${((100 * ok) / n).toFixed(1)}%)` : '—');

function summaryLines(name: string, s: TypeSummary, showFalseAlarms: boolean, showNb: boolean) {
  const out = [`■ ${name}  (${s.n} 件, ${s.ms.toFixed(0)} ms)`];
  out.push(`  层级正确 level right: ${pct(s.levelRight, s.n)}`);
  out.push(
    '  层级混淆 confusion (expected → engine): ' +
      Object.entries(s.confusion)
        .map(
          ([exp, row]) =>
            `${exp} → ` +
            LEVELS.filter((l) => row[l])
              .map((l) => `${l} ${row[l]}`)
              .join(', '),
        )
        .join('; '),
  );
  out.push(`  规范性判断正确 normative right: ${pct(s.normativeRight, s.n)}`);
  if (showFalseAlarms)
    out.push(
      `  误报 false alarms (NB/VP/3U/ED-TOO-SOON error|warning): ${s.falseAlarmDocs} 件 (${s.n ? ((100 * s.falseAlarmDocs) / s.n).toFixed(1) : 0}%), ${s.falseAlarmFindings} 条`,
    );
  if (showNb)
    out.push(
      `  不得设定 NB error|warning: ${s.nb.findings} 条; 标注正确 ${s.nb.right}, 标注错误 ${s.nb.wrong}, 未标注 ${s.nb.unlabelled}` +
        (s.nb.right + s.nb.wrong
          ? `; precision ${((100 * s.nb.right) / (s.nb.right + s.nb.wrong)).toFixed(1)}%`
          : ''),
    );
  if (s.fc.findings)
    out.push(
      `  公平竞争 FC error|warning: ${s.fc.findings} 条; 标注正确 ${s.fc.right}, 标注错误 ${s.fc.wrong}, 未标注 ${s.fc.unlabelled}`,
    );
  if (s.expected.n || s.forbiddenViolations)
    out.push(
      `  预期问题 expected findings: ${pct(s.expected.ok, s.expected.n)}; 禁止问题出现 forbidden present: ${s.forbiddenViolations} 件`,
    );
  out.push(
    `  事实 facts: 发文字号/令号 ${pct(s.facts.docNumber.ok, s.facts.docNumber.n)}; 施行 ${pct(s.facts.effectiveDate.ok, s.facts.effectiveDate.n)}; 有效期 ${pct(s.facts.validity.ok, s.facts.validity.n)}`,
  );
  return out;
}

const j = (v: unknown) => JSON.stringify(v);

/** The human-readable report; `verbose` adds every miss. */
export function formatResult(r: EvalResult, verbose = false): string {
  const out: string[] = [`真实文件评测 real-document suite: ${r.dir} (today ${r.today})`, ''];
  for (const t of TYPES) {
    const s = r.byType[t];
    if (!s) continue;
    out.push(...summaryLines(t, s, NOT_NORMATIVE.includes(t), t === '行政规范性文件'), '');
  }
  out.push(
    ...summaryLines('法律、法规和规章合计 laws, 法规 and 规章', r.lawsAndRules, true, false),
  );
  out.push('');
  out.push(...summaryLines('全部 all', r.all, false, false));
  out.push(
    `  用时 total time: ${r.totalMs.toFixed(0)} ms (${(r.totalMs / Math.max(1, r.docs.length)).toFixed(1)} ms/件)`,
  );
  if (verbose) {
    out.push('', '逐件差异 misses:');
    for (const d of r.docs) {
      const miss: string[] = [];
      if (!d.level.ok) miss.push(`level ${d.level.expected} → ${d.level.got}`);
      if (!d.normative.ok) miss.push(`normative ${d.normative.expected} → ${d.normative.got}`);
      for (const f of d.falseAlarms) miss.push(`false alarm ${f.rule}:${f.severity}「${f.quote}」`);
      for (const f of [...d.nb, ...d.fc])
        if (f.verdict !== 'right')
          miss.push(
            `${f.rule.slice(0, 2)} ${f.verdict ?? 'unlabelled'} ${f.rule}:${f.severity}「${f.quote}」`,
          );
      if (d.expectedMissing.length) miss.push(`expected missing ${d.expectedMissing.join(',')}`);
      if (d.forbiddenPresent.length) miss.push(`forbidden present ${d.forbiddenPresent.join(',')}`);
      for (const [k, f] of Object.entries(d.facts))
        if (f && !f.ok) miss.push(`${k} ${j(f.expected)} → ${j(f.got)}`);
      if (miss.length)
        out.push(`  ${d.file} [${d.type}] ${d.title}`, ...miss.map((m) => `    ${m}`));
    }
  }
  return out.join('\n');
}

/** NB findings on 规范性文件 and FC findings anywhere without a verdict, as label stubs. */
export function unlabelled(r: EvalResult): Label[] {
  return r.docs.flatMap((d) =>
    [...d.nb, ...d.fc]
      .filter((f) => f.verdict === null)
      .map((f) => ({
        file: d.file,
        rule: f.rule,
        quote: f.quote,
        verdict: 'wrong' as const,
        why: '',
      })),
  );
}

export function main(argv: string[], write = (s: string) => process.stdout.write(s)): number {
  let dir = DEFAULT_DIR;
  let today: string | undefined;
  let labels: string | undefined;
  let json = false;
  let verbose = false;
  let stubs = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dir') dir = argv[++i] ?? dir;
    else if (a.startsWith('--dir=')) dir = a.slice(6);
    else if (a === '--today') today = argv[++i];
    else if (a === '--labels') labels = argv[++i];
    else if (a === '--json') json = true;
    else if (a === '-v' || a === '--verbose') verbose = true;
    else if (a === '--unlabelled') stubs = true;
    else {
      process.stderr.write(
        `未知参数 ${a}\n用法: npm run eval -- [--dir DIR] [--today YYYY-MM-DD] [--labels FILE] [--json] [-v] [--unlabelled]\n`,
      );
      return 1;
    }
  }
  if (!existsSync(join(dir, 'manifest.json'))) {
    process.stderr.write(`${dir} 中没有 manifest.json\n`);
    return 1;
  }
  const r = evaluate(dir, { ...(today ? { today } : {}), ...(labels ? { labels } : {}) });
  if (stubs) write(JSON.stringify(unlabelled(r), null, 2) + '\n');
  else if (json) write(JSON.stringify(r, null, 2) + '\n');
  else write(formatResult(r, verbose) + '\n');
  return 0;
}

const invoked = process.argv[1] ?? '';
if (/eval\.[cm]?[jt]s$/.test(invoked)) process.exitCode = main(process.argv.slice(2));
