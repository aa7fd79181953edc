/**
 * Per-rule cost of a check, and a paired comparison of rule-pack variants on the engine
 * bench's document (scripts/bench-doc.ts), so that a pack's cost is measured, not guessed.
 *
 *   npm run bench:rules                          (1,000,000 characters, 9 rounds)
 *   npm run bench:rules -- --size 100000 --runs 21 --top 15
 *   npm run bench:rules -- --against f9a56d4     (also the fair-competition pack at that commit)
 *   npm run bench:rules -- --paired-only         (only the paired comparison)
 *
 * 1. Paired: in every round each variant checks the same text once, in rotating order, and the
 *    process CPU time is recorded; the table gives each variant's median and the median of the
 *    per-round ratios against the variant without the fair-competition pack. Rotating and
 *    pairing cancel most of a shared machine's drift; several rounds and medians the rest.
 *    Variants: without the fair-competition pack; with the pack at `--against REF` (git show);
 *    with the pack in the working tree.
 * 2. Per rule (working tree): the facts and classification once, then every applicable rule
 *    in the engine's order, timed twice in the same context — `first` includes what the rule
 *    computes and caches for others (sentence ends, citation intervals …), `again` is its own
 *    cost once those caches are warm. Medians over the rounds, the costliest first.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  compilePacks,
  check,
  levelApplies,
  ruleApplies,
  type CompiledPacks,
} from '../rules/engine';
import { makeContext } from '../rules/context';
import { extractFacts } from '../rules/facts';
import { classify } from '../rules/classify';
import { getKind } from '../rules/kinds';
import type { RunContext } from '../rules/kinds/types';
import { modelFromText } from '../rules/model';
import { PackSchema, type Pack } from '../rules/schema';
import { seedPacks } from '../rules/seeds';
import { makeDocument } from './bench-doc';

const FC = 'fair-competition';
const TODAY = '2026-11-27';
const LAYER = 'huizhou';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}
const size = Number(arg('size', '1000000'));
const runs = Number(arg('runs', '9'));
const top = Number(arg('top', '20'));
const against = arg('against', '');
const perRule = !process.argv.includes('--paired-only');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
function spread(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q1 = s[Math.floor((s.length - 1) * 0.25)]!;
  const q3 = s[Math.ceil((s.length - 1) * 0.75)]!;
  return `${q1.toFixed(1)}–${q3.toFixed(1)}`;
}
function cpu(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** The seed packs with the fair-competition pack replaced by its text at `ref`. */
function packsAt(ref: string): Pack[] {
  const json = execFileSync('git', ['show', `${ref}:seeds/packs/${FC}.json`], {
    encoding: 'utf8',
  });
  const old = PackSchema.parse(JSON.parse(json));
  return seedPacks.map((p) => (p.id === FC ? old : p));
}

const withFc = compilePacks(seedPacks, [LAYER]);
const withoutFc: CompiledPacks = {
  ...withFc,
  rules: withFc.rules.filter((r) => r.packId !== FC),
  checklist: withFc.checklist.filter((c) => c.packId !== FC),
};
const variants: { name: string; compiled: CompiledPacks }[] = [
  { name: `无 ${FC}`, compiled: withoutFc },
];
if (against)
  variants.push({ name: `${FC}@${against}`, compiled: compilePacks(packsAt(against), [LAYER]) });
variants.push({ name: `${FC}（工作区）`, compiled: withFc });
for (const v of variants)
  if (v.compiled.warnings.length) console.log(`${v.name}: ${v.compiled.warnings.join('；')}`);

const text = makeDocument(size);
const review = (c: CompiledPacks) => check(modelFromText(text), c, { today: TODAY });
for (const v of variants) review(v.compiled); // warm-up (JIT, regex compilation)

// 1. Paired rounds.
const times = variants.map(() => [] as number[]);
const findings = variants.map(() => 0);
for (let r = 0; r < runs; r++) {
  for (let k = 0; k < variants.length; k++) {
    const i = (r + k) % variants.length;
    times[i]!.push(
      cpu(() => {
        findings[i] = review(variants[i]!.compiled).findings.length;
      }),
    );
  }
}
const load = (await import('node:os')).loadavg()[0]!;
console.log(
  `\n文本 ${size.toLocaleString()} 字；${runs} 轮成对运行（每轮各变体各一次，轮换顺序）；进程 CPU 时间 ms；1 分钟负载 ${load.toFixed(1)}`,
);
console.log(
  '变体                                    中位数   (四分位)        与「无」之比（每轮之比的中位数）  命中',
);
variants.forEach((v, i) => {
  const ratios = times[i]!.map((t, r) => t / times[0]![r]!);
  console.log(
    `${v.name.padEnd(34)} ${median(times[i]!).toFixed(1).padStart(8)}  (${spread(times[i]!).padEnd(13)})  ${median(ratios).toFixed(3).padStart(6)}（${spread(ratios)}）${String(findings[i]).padStart(14)}`,
  );
});
if (variants.length === 3) {
  const ratios = times[2]!.map((t, r) => t / times[1]![r]!);
  console.log(`工作区 / ${against}: ${median(ratios).toFixed(3)}（${spread(ratios)}）`);
}

// 2. Per rule.
if (perRule) {
  const perFirst = new Map<string, number[]>();
  const perAgain = new Map<string, number[]>();
  const perHits = new Map<string, number>();
  const prep: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const model = modelFromText(text);
    const doc = makeContext(model);
    const facts = extractFacts(doc, { y: 2026, m: 11, d: 27 }, withFc.regPatterns);
    const classification = classify(doc, facts);
    prep.push(performance.now() - t0);
    const ctx: RunContext = {
      doc,
      facts,
      classification,
      params: withFc.params,
      today: { y: 2026, m: 11, d: 27 },
      cache: new Map(),
    };
    for (const pass of [perFirst, perAgain]) {
      for (const rule of withFc.rules) {
        if (!levelApplies(rule.rule.levels, classification)) continue;
        if (!ruleApplies(rule.when, classification, facts)) continue;
        const kind = getKind(rule.rule.kind)!;
        const t = performance.now();
        const n = kind.run(ctx, rule, rule.state).length;
        const ms = performance.now() - t;
        const list = pass.get(rule.qualifiedId) ?? [];
        list.push(ms);
        pass.set(rule.qualifiedId, list);
        perHits.set(rule.qualifiedId, n);
      }
    }
  }
  const rows = [...perAgain.keys()].map((id) => ({
    id,
    first: median(perFirst.get(id)!),
    again: median(perAgain.get(id)!),
    hits: perHits.get(id)!,
  }));
  rows.sort((a, b) => b.first - a.first);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  console.log(
    `\n每条规则（工作区，墙钟 ms 中位数；first 含为其他规则缓存的计算，again 为缓存已热时本身的耗时）：模型+事实+分类 ${median(prep).toFixed(1)} ms`,
  );
  console.log('规则                                      first     again   命中');
  for (const row of rows.slice(0, top))
    console.log(
      `${row.id.padEnd(38)} ${row.first.toFixed(2).padStart(8)}  ${row.again.toFixed(2).padStart(8)} ${String(row.hits).padStart(6)}`,
    );
  const fc = rows.filter((x) => x.id.startsWith(FC + '/'));
  console.log(
    `合计: 全部规则 first ${sum(rows.map((x) => x.first)).toFixed(1)} ms；其中 ${FC} ${fc.length} 条 first ${sum(fc.map((x) => x.first)).toFixed(1)} ms / again ${sum(fc.map((x) => x.again)).toFixed(1)} ms`,
  );
}
