/**
 * Engine benchmark: full report (model from text + check with every seed pack) on a
 * 100,000- and a 1,000,000-character document, medians over repeated runs, next to the time
 * of one pass of a single regex over the same text. Budgets (issue 3): 100k ≤ 20 ms median;
 * 1M ≤ 12 × the 100k time.
 *
 *   npm run bench            (tsx scripts/bench-engine.ts)
 */
import { performance } from 'node:perf_hooks';
import { compilePacks, check } from '../rules/engine';
import { modelFromText } from '../rules/model';
import { seedPacks } from '../rules/seeds';
import { makeDocument } from './bench-doc';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function quartiles(xs: number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor((s.length - 1) * 0.25)]!, s[Math.ceil((s.length - 1) * 0.75)]!];
}

/**
 * Wall-clock and CPU time per run. On a shared machine the wall clock includes time spent
 * waiting for a core; the process CPU time (user + system) is the steadier figure.
 */
function time(fn: () => void, runs: number, warmup: number): number[] & { cpu: number[] } {
  for (let i = 0; i < warmup; i++) fn();
  const out = [] as unknown as number[] & { cpu: number[] };
  out.cpu = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    out.cpu.push((c.user + c.system) / 1000);
  }
  return out;
}

const compiled = compilePacks(seedPacks, ['huizhou']);
const single = /罚款/g;
const fmt = (n: number) => n.toFixed(2).padStart(8);

console.log(
  `规则包: ${compiled.packs.map((p) => p.id).join(' → ')}，规则 ${compiled.rules.length} 条`,
);
console.log(
  'size       full: wall median (IQR)    cpu median   check only   one regex   ratio  findings',
);
const results: Record<number, number> = {};
const cpuResults: Record<number, number> = {};
for (const [size, runs] of [
  [100_000, 41],
  [1_000_000, 11],
] as const) {
  const text = makeDocument(size);
  let findings = 0;
  const full = time(
    () => {
      const r = check(modelFromText(text), compiled, { today: '2026-11-27' });
      findings = r.findings.length;
    },
    runs,
    3,
  );
  const model = modelFromText(text);
  const only = time(() => check(model, compiled, { today: '2026-11-27' }), runs, 2);
  const rx = time(
    () => {
      single.lastIndex = 0;
      let n = 0;
      while (single.exec(text) !== null) n++;
      if (n < 0) console.log(n);
    },
    runs,
    3,
  );
  const m = median(full);
  const [q1, q3] = quartiles(full);
  results[size] = m;
  cpuResults[size] = median(full.cpu);
  console.log(
    `${String(size).padEnd(10)} ${fmt(m)} ms (${q1.toFixed(1)}–${q3.toFixed(1)})  ${fmt(median(full.cpu))} ms ${fmt(median(only))} ms ${fmt(median(rx))} ms ${(m / median(rx)).toFixed(0).padStart(6)}×  ${findings}`,
  );
}
const growth = results[1_000_000]! / results[100_000]!;
const load = (await import('node:os')).loadavg()[0]!;
console.log(
  `\n预算: 100k 中位数 ${results[100_000]!.toFixed(2)} ms（≤ 20 ms: ${results[100_000]! <= 20 ? '通过' : '未通过'}）；` +
    `1M / 100k = ${growth.toFixed(1)}×（≤ 12×: ${growth <= 12 ? '通过' : '未通过'}）` +
    `；CPU 时间中位数 ${cpuResults[100_000]!.toFixed(2)} / ${cpuResults[1_000_000]!.toFixed(2)} ms；` +
    `1 分钟负载 ${load.toFixed(1)}（负载高时墙钟时间偏大，以 CPU 时间为参照）`,
);
