/**
 * The operations `npm run bench:db` measures, with no Node or browser specifics, so the same
 * code runs on fake-indexeddb in Node and on native IndexedDB in Chromium (`--chromium`).
 */
import { BackupTablesSchema, exportBackup, parseBackup, restoreBackup } from '../lib/backup';
import { exportCsv, recordsToCsv } from '../lib/csv';
import { Dexie, type Table } from 'dexie';
import { GuishenDB, SCHEMA_V2 } from '../lib/db';
import type { Conclusion, RecordFindings, RecordRow, StoredFinding } from '../lib/entities';
import { sha256Hex } from '../lib/records';
import { computeStats } from '../lib/stats';

const FIRST_YEAR = 2016;
export const YEARS = 10;

/** A deterministic pseudo-random generator, so every run benches the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const OPINION =
  '经审查，该文件制定主体适格，未超越法定权限，但第十二条设定了罚款，属于规范性文件不得设定的事项，建议删除；第二十条施行日期距公布不足三十日，建议调整；有效期表述不明确，建议明确为五年。修改后同意出台。';

function makeFindings(r: () => number, n: number): StoredFinding[] {
  const out: StoredFinding[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor(r() * 20_000);
    out.push({
      ruleId: ['national/no-fines', 'national/validity-cap', 'hunan/doc-number-brackets'][i % 3]!,
      kind: ['phrase', 'validity', 'pattern'][i % 3]!,
      severity: (['error', 'warning', 'info'] as const)[i % 3]!,
      category: (['合法性', '有效期', '格式'] as const)[i % 3]!,
      message: '行政规范性文件不得设定罚款；发现“处以罚款”的表述',
      basis: '《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）',
      range: { start, end: start + 6 },
      anchor: {
        exact: '处以罚款',
        prefix: '违反本办法规定的，由主管部门',
        suffix: '五百元以上一千元以下。',
      },
      ...(i === 3 ? { dismissed: '上位法已有规定，属于引用' } : {}),
    });
  }
  return out;
}

/** `n` records over `YEARS` years, 2–5 findings each, 0.1 % in the recycle bin. */
function makeRecords(n: number): { rows: RecordRow[]; findings: RecordFindings[] } {
  const r = rng(42);
  const conclusions: Conclusion[] = ['通过', '修改后通过', '不予通过'];
  const rows: RecordRow[] = [];
  const findingRows: RecordFindings[] = [];
  for (let i = 0; i < n; i++) {
    const year = FIRST_YEAR + (i % YEARS);
    const reviewedAt = new Date(
      Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 28), Math.floor(r() * 10)),
    ).toISOString();
    const findings = makeFindings(r, 2 + Math.floor(r() * 4));
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of findings) if (!f.dismissed) counts[f.severity]++;
    const normative = r() < 0.25;
    const docNumber = `某政办发〔${year}〕${i}号`;
    // Random-looking ids, as crypto.randomUUID() gives: key order is not time order.
    const id = `${(Math.floor(r() * 2 ** 32) >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
    findingRows.push({ recordId: id, findings, updatedAt: reviewedAt });
    rows.push({
      id,
      docKey: `no:${docNumber}`,
      url: `https://www.example.gov.cn/zwgk/zcwj/${year}/${i}.html`,
      title: `某市人民政府办公室关于进一步加强城市管理工作的实施意见（第${i}号）`,
      docNumber,
      registrationNumber: normative ? `HNSG-${year}-${String(i).padStart(5, '0')}` : null,
      classification: normative ? 'normative' : 'non-normative',
      conclusion: conclusions[Math.floor(r() * 3)]!,
      opinion: OPINION,
      reviewer: ['张三', '李四', '王五'][i % 3]!,
      reviewedAt,
      round: 1,
      facts: {
        effectiveDate: `${year}-06-01`,
        validity: { years: 5, until: null, expiry: `${year + 5}-05-31` },
      },
      findingCounts: counts,
      packs: [
        { id: 'national', version: '1.2.0', sha256: 'a'.repeat(64) },
        { id: 'hunan', version: '1.0.3', sha256: 'b'.repeat(64) },
      ],
      extensionVersion: '0.1.0',
      textHash: 'c'.repeat(64),
      createdAt: reviewedAt,
      updatedAt: reviewedAt,
      deletedAt: i % 1000 === 0 ? reviewedAt : null,
    });
  }
  return { rows, findings: findingRows };
}

/** Returned by a timed function that measures only part of itself (setup excluded). */
class SelfTimed {
  constructor(readonly ms: number) {}
}

/** One measurement: its samples in ms; `budgetMs` null = shown for context only. */
export interface Timing {
  name: string;
  budgetMs: number | null;
  samples: number[];
  /** CPU ms of each sample, when the environment can tell. */
  cpu?: number[];
}

/** What a suite run reports. */
export interface SuiteResult {
  results: Timing[];
  notes: string[];
}

/** Where the suite runs: a progress logger and an optional garbage collector. */
export interface SuiteEnv {
  records: number;
  runs: number;
  log: (line: string) => void;
  gc?: () => void;
  /**
   * CPU time this process has used, in ms (Node: `process.cpuUsage`, all threads). On a
   * shared machine wall time swings with other people's load; CPU time is the work done.
   */
  cpu?: () => number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const fmt = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;

/** Load the data, then time every budgeted operation and the parts they are made of. */
export async function runSuite(env: SuiteEnv): Promise<SuiteResult> {
  const { runs, log } = env;
  const notes: string[] = [];
  const results: Timing[] = [];
  async function time(
    name: string,
    budgetMs: number | null,
    n: number,
    fn: () => Promise<unknown> | unknown,
  ): Promise<void> {
    const samples: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < n; i++) {
      env.gc?.();
      const c0 = env.cpu?.() ?? 0;
      const t0 = performance.now();
      const out = await fn();
      samples.push(out instanceof SelfTimed ? out.ms : performance.now() - t0);
      // Self-timed samples exclude their setup from wall time only; CPU includes it.
      cpu.push((env.cpu?.() ?? 0) - c0);
    }
    results.push({ name, budgetMs, samples, ...(env.cpu ? { cpu } : {}) });
    log(
      `  ${name}: ${samples.map(fmt).join(', ')}${env.cpu ? ` (CPU ${cpu.map(fmt).join(', ')})` : ''}`,
    );
  }

  const db = new GuishenDB('guishen-bench');
  await db.delete();
  await db.open();
  const loadStart = performance.now();
  let avgBytes: number;
  {
    // In a block so the source rows can be collected once loaded.
    const { rows, findings } = makeRecords(env.records);
    avgBytes = Math.round(
      (JSON.stringify(rows.slice(0, 1000)).length +
        JSON.stringify(findings.slice(0, 1000)).length) /
        Math.min(1000, rows.length),
    );
    for (let i = 0; i < rows.length; i += 10_000) {
      await db.transaction('rw', db.records, db.recordFindings, async () => {
        await db.records.bulkAdd(rows.slice(i, i + 10_000));
        await db.recordFindings.bulkAdd(findings.slice(i, i + 10_000));
      });
    }
  }
  notes.push(
    `Loaded ${env.records.toLocaleString('en')} records in ${fmt(performance.now() - loadStart)} (≈${avgBytes} bytes of JSON per record with its findings).`,
  );
  log(notes[notes.length - 1]!);

  const year = FIRST_YEAR + YEARS - 1;
  let stats = await computeStats(db, { kind: 'year', year }); // warm-up
  await time(
    `statistics, one year (${year}, ${stats.total.toLocaleString('en')} records)`,
    100,
    Math.max(runs, 7),
    async () => {
      stats = await computeStats(db, { kind: 'year', year });
    },
  );
  await time(`  same, counted from the index (before the aggregate)`, null, Math.max(runs, 7), () =>
    computeStats(db, { kind: 'year', year }, { source: 'index' }),
  );
  const all = {
    kind: 'range' as const,
    from: `${FIRST_YEAR}-01-01`,
    to: `${FIRST_YEAR + YEARS - 1}-12-31`,
  };
  const allStats = await computeStats(db, all);
  await time(
    `statistics, all ${YEARS} years (${allStats.total.toLocaleString('en')} records, ${allStats.byMonth.length} months)`,
    null,
    Math.max(runs, 7),
    () => computeStats(db, all),
  );

  let csv = '';
  await time('CSV export of all', 2000, runs, async () => {
    csv = await exportCsv(db);
  });
  let rowsForCsv: RecordRow[] = [];
  await time('  part: read every record (getAll by primary key)', null, 1, async () => {
    rowsForCsv = await db.records.toArray();
  });
  await time('  part: cells + papaparse, no IndexedDB', null, 1, () => recordsToCsv(rowsForCsv));
  rowsForCsv = [];
  await time(`CSV export of one year (${year})`, null, runs, () =>
    exportCsv(db, { range: { from: `${year}-01-01`, to: `${year}-12-31` } }),
  );

  let backup = '';
  await time('backup (export) of all', 5000, runs, async () => {
    backup = await exportBackup(db, { extensionVersion: '0.1.0' });
  });
  const tablesText = backup.slice(backup.indexOf('"tables":') + 9, -1);
  let json: { tables: unknown } = { tables: null };
  await time('  part: JSON.parse of the file', null, 1, () => {
    json = JSON.parse(backup) as { tables: unknown };
  });
  await time('  part: SHA-256 of the tables text', null, 1, () => sha256Hex(tablesText));
  await time('  part: zod, every row', null, 1, () => BackupTablesSchema.parse(json.tables));
  json = { tables: null };
  await time('  part: parseBackup (parse + checksum ∥ zod + keys)', null, 1, async () => {
    const parsed = await parseBackup(backup, db.verno);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  });

  const restoreRuns = Math.max(3, Math.min(runs, 5));
  await time(
    `restore (replace) of all, over the same ${env.records.toLocaleString('en')}`,
    5000,
    restoreRuns,
    async () => {
      const result = await restoreBackup(db, backup, 'replace');
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
    },
  );
  // The engine's own floor, with nothing of ours in the way: the same number of rows as the
  // records table, once with a primary key only and tiny values, once with just the fields
  // the records table indexes and the same indexes. A restore writes two rows per record
  // (record + findings), so it cannot beat twice the first figure plus the index cost.
  {
    const floor = new Dexie('guishen-bench-floor');
    floor.version(1).stores({
      bare: 'id',
      indexed: SCHEMA_V2.records,
    });
    await floor.delete();
    await floor.open();
    const n = env.records;
    const bare = Array.from({ length: n }, (_, i) => ({ id: String(i).padStart(12, '0') }));
    const src = makeRecords(n).rows;
    const indexed = src.map((r) => ({
      id: r.id,
      reviewedAt: r.reviewedAt,
      docKey: r.docKey,
      deletedAt: r.deletedAt,
      updatedAt: r.updatedAt,
      classification: r.classification,
      conclusion: r.conclusion,
    }));
    const addAll = (table: Table<unknown, string>, rows: unknown[]) =>
      floor.transaction('rw', table, async () => {
        for (let i = 0; i < rows.length; i += 10_000)
          await table.bulkAdd(rows.slice(i, i + 10_000));
      });
    await time(`floor: add ${n.toLocaleString('en')} rows {id}, primary key only`, null, 1, () =>
      addAll(floor.table('bare'), bare),
    );
    await time(`floor: read them back (getAll)`, null, 1, () => floor.table('bare').toArray());
    await time(
      `floor: add ${n.toLocaleString('en')} rows of the 7 indexed fields, records' indexes`,
      null,
      1,
      () => addAll(floor.table('indexed'), indexed),
    );
    floor.close();
    await floor.delete();
  }

  const empty = new GuishenDB('guishen-bench-empty');
  await time('restore into an empty database (new computer)', null, restoreRuns, async () => {
    await empty.delete();
    await empty.open();
    const t0 = performance.now();
    const result = await restoreBackup(empty, backup, 'replace');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return new SelfTimed(performance.now() - t0);
  });
  const check = await computeStats(empty, { kind: 'year', year });
  if (check.sentence !== stats.sentence) throw new Error('restored statistics differ');
  empty.close();
  await empty.delete();

  const t0 = performance.now();
  const merge = await restoreBackup(db, backup, 'merge');
  notes.push(
    `restore (merge, nothing newer: all skipped), 1 run: ${fmt(performance.now() - t0)} (no budget; ${merge.ok ? `${merge.report.total.skipped.toLocaleString('en')} skipped` : 'failed'})`,
  );
  notes.push(
    `CSV ${(csv.length / 1e6).toFixed(1)} M chars, ${csv.split('\r\n').length - 2} rows; backup ${(backup.length / 1e6).toFixed(1)} M chars.`,
  );
  notes.push(`Sentence: ${stats.sentence}`);
  db.close();
  await db.delete();
  return { results, notes };
}

/**
 * The results as a table, each budgeted median marked `ok` or `OVER` (printed only: a slow
 * run on a shared machine is a figure to read, not a failure).
 */
export function report(result: SuiteResult, print: (line: string) => void): void {
  const withCpu = result.results.some((r) => r.cpu);
  print(
    `${'measurement'.padEnd(62)} ${'median'.padStart(9)} ${'min–max'.padStart(21)}  n  ${withCpu ? 'CPU median  ' : ''}budget`,
  );
  for (const r of result.results) {
    const m = median(r.samples);
    const pass = r.budgetMs === null || m <= r.budgetMs;
    const spread = `${fmt(Math.min(...r.samples))}–${fmt(Math.max(...r.samples))}`;
    print(
      `${r.name.padEnd(62)} ${fmt(m).padStart(9)} ${spread.padStart(21)} ${String(r.samples.length).padStart(2)}  ${withCpu ? `${(r.cpu ? fmt(median(r.cpu)) : '').padStart(10)}  ` : ''}${r.budgetMs === null ? '' : `≤ ${fmt(r.budgetMs)} ${pass ? 'ok' : 'OVER'}`}`,
    );
  }
  for (const note of result.notes) print(note);
}
