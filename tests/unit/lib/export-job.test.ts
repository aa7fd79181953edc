/**
 * The log page's exports as a worker job (lib/export/job.ts): the worker's file is byte for
 * byte the file the page made itself; the worker opens the database by name (its own
 * connection), reports progress for reading and writing, rebuilds a missing or stale summary
 * from its record, and answers a bad message or a failure with a Chinese message, writing
 * nothing.
 */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportLogCsvBlob } from '@/lib/csv';
import { dumpAll, GuishenDB } from '@/lib/db';
import { exportLogXlsx, type ExportProgress } from '@/lib/export/books';
import {
  handleExportMessage,
  logExportJob,
  runExportJob,
  type ExportJob,
  type ExportReply,
} from '@/lib/export/job';
import { exportRecordOf, summaryOf } from '@/lib/export/summary';
import type { LogQuery } from '@/lib/records';
import { dbPerTest, storedRecord } from './fixtures';

const newDb = dbPerTest();

/** 30 records over a month, some normative, one in the bin, titles that a search tells apart. */
async function logOf30(): Promise<GuishenDB> {
  const d = newDb();
  const start = Date.UTC(2025, 2, 1, 2);
  await d.records.bulkAdd(
    Array.from({ length: 30 }, (_, i) => {
      const at = new Date(start + i * 86_400_000).toISOString();
      return storedRecord({
        id: `r${String(i).padStart(2, '0')}`,
        title: i % 4 === 0 ? `养犬管理办法${i}` : `燃气管理办法${i}`,
        classification: i % 3 === 0 ? 'normative' : 'non-normative',
        opinion: i % 5 === 0 ? '=SUM(A1) 建议删除第五条。\n第二行' : '同意',
        reviewedAt: at,
        updatedAt: at,
        deletedAt: i === 7 ? at : null,
      });
    }),
  );
  return d;
}

/** The worker's side of a job: every reply it posts, in order. */
async function inWorker(job: unknown): Promise<ExportReply[]> {
  const replies: ExportReply[] = [];
  // The worker opens the database by name: a connection of its own, as in the browser.
  await handleExportMessage(
    job,
    (r) => replies.push(r),
    (name) => new GuishenDB(name),
  );
  return replies;
}

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

/** The parts of an .xlsx (the creation time in core.xml left out: it is the clock's). */
function partsOf(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    out[name] = strFromU8(data).replace(/<dcterms:(created|modified)[^<]*<\/dcterms:\1>/g, '');
  }
  return out;
}

const QUERIES: Array<[string, Omit<LogQuery, 'offset' | 'limit'>]> = [
  ['the whole log, newest first (read in key ranges)', {}],
  ['a search, oldest first (read by id)', { query: '养犬', sort: 'reviewedAt', desc: false }],
  ['normative only, by title', { classification: 'normative', sort: 'title' }],
  ['the recycle bin', { status: 'deleted' }],
];

describe('the export worker job', () => {
  it.each(QUERIES)('gives the page’s CSV byte for byte: %s', async (_, query) => {
    const d = await logOf30();
    const expected = await bytesOf(await exportLogCsvBlob(d, query));
    const job = await logExportJob(d, query, 'csv');
    // The worker is told the database by name, and opens it itself.
    expect(job.db).toBe(d.name);
    const replies = await inWorker(job);
    const done = replies.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(await bytesOf(done.blob)).toEqual(expected);
    expect(done.blob.type).toBe('text/csv;charset=utf-8');
  });

  it.each(QUERIES)('gives the page’s .xlsx part for part: %s', async (_, query) => {
    const d = await logOf30();
    const expected = partsOf(await exportLogXlsx(d, query, { office: '某市司法局' }));
    const replies = await inWorker(await logExportJob(d, query, 'xlsx', '某市司法局'));
    const done = replies.at(-1)!;
    if (done.type !== 'done') throw new Error(JSON.stringify(done));
    expect(partsOf(await bytesOf(done.blob))).toEqual(expected);
    expect(done.blob.type).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });

  it('reports reading, then writing, ending with every row, and says how many rows', async () => {
    const d = await logOf30();
    for (const format of ['csv', 'xlsx'] as const) {
      const replies = await inWorker(await logExportJob(d, {}, format));
      const progress = replies.filter((r) => r.type === 'progress') as ExportProgress[];
      const phases = progress.map((p) => p.phase);
      expect(phases.indexOf('write')).toBeGreaterThan(phases.lastIndexOf('read'));
      expect(progress.filter((p) => p.phase === 'read').at(-1)).toMatchObject({ done: 29 });
      expect(progress.at(-1)).toMatchObject({ phase: 'write', done: 29, total: 29 });
      expect(replies.at(-1)).toMatchObject({ type: 'done', rows: 29 });
    }
  });

  it('reads a record whose summary is missing or stale, and rewrites the summary', async () => {
    const d = await logOf30();
    const job = await logExportJob(d, {}, 'csv');
    const expected = await bytesOf(await exportLogCsvBlob(d, {}));
    await d.recordSummaries.delete('r03');
    const stale = exportRecordOf((await d.recordSummaries.get('r04'))!);
    await d.recordSummaries.put(
      summaryOf({ ...stale, title: '旧标题', updatedAt: '2000-01-01T00:00:00Z' }),
    );
    const done = (await inWorker(job)).at(-1)!;
    if (done.type !== 'done') throw new Error(JSON.stringify(done));
    expect(await bytesOf(done.blob)).toEqual(expected);
    expect(await d.recordSummaries.toArray()).toEqual((await d.records.toArray()).map(summaryOf));
  });

  it.each<[string, (job: ExportJob) => unknown, RegExp]>([
    ['not an object', () => 'export everything', /^导出任务无效/],
    ['an unknown format', (j) => ({ ...j, format: 'pdf' }), /^导出任务无效/],
    ['ids without their updatedAt', (j) => ({ ...j, updatedAt: [] }), /数目不一致/],
    ['no database name', (j) => ({ ...j, db: '' }), /^导出任务无效/],
  ])('answers a bad message (%s) in Chinese and writes nothing', async (_, bad, message) => {
    const d = await logOf30();
    const before = await dumpAll(d);
    const summaries = await d.recordSummaries.toArray();
    const replies = await inWorker(bad(await logExportJob(d, {}, 'csv')));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ type: 'error', message: expect.stringMatching(message) });
    expect(await dumpAll(d)).toEqual(before);
    expect(await d.recordSummaries.toArray()).toEqual(summaries);
  });

  it('answers a database that fails in Chinese (导出失败) rather than hanging', async () => {
    const d = await logOf30();
    const job = await logExportJob(d, {}, 'xlsx');
    const replies: ExportReply[] = [];
    await handleExportMessage(
      job,
      (r) => replies.push(r),
      () => {
        throw new Error('数据库无法打开');
      },
    );
    expect(replies).toEqual([{ type: 'error', message: '导出失败：数据库无法打开' }]);
  });

  it('runs the same job on the calling thread where no worker is given', async () => {
    const d = await logOf30();
    const job = await logExportJob(d, { query: '燃气' }, 'csv');
    const { blob, rows } = await runExportJob(d, job);
    expect(rows).toBe(job.ids.length);
    expect(await bytesOf(blob)).toEqual(
      await bytesOf(await exportLogCsvBlob(d, { query: '燃气' })),
    );
  });
});
