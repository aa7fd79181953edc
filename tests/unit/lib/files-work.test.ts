/**
 * The file review page's worker (lib/files/work.ts, lib/files/worker-client.ts): it reads a file
 * to exactly the document the readers give, and checks a text to exactly the model and report
 * the page's review session makes, so moving the work off the page's thread changes no finding,
 * highlight or record. The replies are structured-cloned, as a worker's messages are.
 */
import { describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileWork, type WorkReply } from '../../../lib/files/work';
import { FileWorker } from '../../../lib/files/worker-client';
import { checkExtracted, type Extracted } from '../../../lib/page/review';
import { compilePacks } from '../../../rules/engine';
import { FormatError, readFile } from '../../../rules/formats';
import { seedPacks } from '../../../rules/seeds';

const DIR = join(import.meta.dirname, '../../fixtures/files');
const bytes = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));
const pdfjs = async () => (await import('pdfjs-dist/legacy/build/pdf.mjs')) as never;
const TODAY = '2026-11-27';

/** Runs one request through the handler; returns every reply, cloned as postMessage would. */
async function ask(message: unknown, work?: ReturnType<typeof createFileWork>) {
  const replies: WorkReply[] = [];
  const handle = work ?? createFileWork(pdfjs, (r) => replies.push(structuredClone(r)));
  await handle(message);
  return replies;
}

/** A handler with a reply log, for several requests in a row. */
function session() {
  const replies: WorkReply[] = [];
  const handle = createFileWork(pdfjs, (r) => replies.push(structuredClone(r)));
  return { replies, handle };
}

/** The extract the file page hands the review session (its DOM part is not the engine's). */
function extracted(text: string, meta: Record<string, string> = {}): Extracted {
  return {
    target: { kind: 'page', doc: document },
    extract: null,
    text,
    title: null,
    meta,
    attachments: [],
    state: null,
    incremental: false,
  };
}

const FILES = [
  'road-excavation.docx',
  'innovation-voucher.pdf',
  'dog-county-table.ofd',
  'tj-ddc-zqyjg.pdf',
];

describe('reading in the worker', () => {
  it.each(FILES)('reads %s to the same document as the reader, with its SHA-256', async (f) => {
    const b = bytes(f);
    const want = await readFile(b.slice(), { name: f, pdfjs });
    const replies = await ask({ id: 3, type: 'read', bytes: b.slice(), name: f });
    const done = replies.at(-1)!;
    expect(done.type).toBe('read');
    if (done.type !== 'read') return;
    expect(done.id).toBe(3);
    expect(done.doc).toEqual(want);
    expect(done.sha256).toBe(createHash('sha256').update(b).digest('hex'));
    // A PDF reports its pages as it goes (the page's progress line), the last one the total.
    const progress = replies.filter((r) => r.type === 'progress');
    if (f.endsWith('.pdf')) {
      expect(progress.length).toBe(want.pages);
      expect(progress.at(-1)).toMatchObject({ id: 3, done: want.pages, total: want.pages });
    } else expect(progress).toEqual([]);
  });

  it('refuses an encrypted PDF with the reader’s code and Chinese message', async () => {
    const [r] = await ask({ id: 4, type: 'read', bytes: bytes('encrypted.pdf'), name: 'x.pdf' });
    expect(r).toMatchObject({ id: 4, type: 'error', code: 'encrypted' });
    expect(r!.type === 'error' && r.message).toMatch(/已加密/);
  });

  it('answers a malformed request with an error, not a guess', async () => {
    for (const bad of [
      null,
      { id: 1, type: 'read', bytes: 'not bytes', name: 'a.pdf' },
      { id: 2, type: 'check', input: { text: 1 }, today: TODAY, url: 'file:///a' },
      { id: 3, type: 'format-disk' },
    ]) {
      const [r] = await ask(bad);
      expect(r).toMatchObject({ type: 'error', code: null, message: '文件处理线程收到无效的请求' });
    }
  });
});

describe('checking in the worker', () => {
  const compiled = compilePacks(seedPacks, undefined, { validated: true });
  const texts = ['road-excavation', 'innovation-voucher', 'dog-county-table', 'tj-ddc-zqyjg'].map(
    (id) => readFileSync(join(DIR, `${id}.txt`), 'utf8'),
  );

  it.each(texts.map((t, i) => [i, t] as const))(
    'text %i: the same model and report as the page’s review session',
    async (_i, text) => {
      const url = 'file:///%E8%8D%89%E6%A1%88.docx';
      const meta = { 发布日期: '2026年10月8日', 截止日期: '2026年11月7日' };
      const want = checkExtracted(extracted(text, meta), compiled, { today: TODAY, url });
      const { replies, handle } = session();
      await handle({ id: 1, type: 'packs', packs: seedPacks });
      await handle({
        id: 2,
        type: 'check',
        input: { text, title: null, meta, attachments: [] },
        today: TODAY,
        url,
      });
      expect(replies).toHaveLength(1);
      const r = replies[0]!;
      expect(r.type).toBe('checked');
      if (r.type !== 'checked') return;
      expect(r.model).toEqual(want.model);
      expect(r.report).toEqual(want.report);
    },
  );

  it('refuses to check before it has packs, and uses the latest packs after', async () => {
    const { replies, handle } = session();
    // A text with findings under the seed packs.
    const text = texts.find(
      (t) =>
        checkExtracted(extracted(t), compiled, { today: TODAY, url: 'file:///a' }).report.findings
          .length > 0,
    )!;
    const input = { text, title: null, meta: {}, attachments: [] };
    await handle({ id: 1, type: 'check', input, today: TODAY, url: 'file:///a' });
    expect(replies[0]).toMatchObject({ id: 1, type: 'error', message: 'packs not set' });
    await handle({ id: 2, type: 'packs', packs: seedPacks });
    await handle({ id: 3, type: 'check', input, today: TODAY, url: 'file:///a' });
    await handle({ id: 4, type: 'packs', packs: [] });
    await handle({ id: 5, type: 'check', input, today: TODAY, url: 'file:///a' });
    const [withPacks, without] = replies.slice(1);
    expect(withPacks!.type === 'checked' && withPacks.report.findings.length).toBeGreaterThan(0);
    expect(without!.type === 'checked' && without.report.findings).toEqual([]);
  });
});

/**
 * A worker in this thread: the real handler behind the Worker interface the client uses, its
 * replies cloned and delivered as message events a task later. `crash()` is what an
 * out-of-memory worker does: an error event.
 */
class ThreadWorker extends EventTarget {
  readonly got: { type: string }[] = [];
  terminated = false;
  private handle = createFileWork(pdfjs, (r) =>
    setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: structuredClone(r) }))),
  );
  postMessage(m: { type: string }) {
    this.got.push(m);
    void this.handle(structuredClone(m));
  }
  terminate() {
    this.terminated = true;
  }
  crash() {
    const e = new Event('error', { cancelable: true });
    Object.assign(e, { message: 'Out of memory' });
    this.dispatchEvent(e);
  }
}

describe('the page’s side (FileWorker)', () => {
  it('reads with progress, checks with the packs, and starts again after a crash', async () => {
    const made: ThreadWorker[] = [];
    const client = new FileWorker(() => {
      const w = new ThreadWorker();
      made.push(w);
      return w as unknown as Worker;
    });
    const pages: number[] = [];
    const read = await client.read(bytes('innovation-voucher.pdf'), 'a.pdf', {
      onPage: (done) => pages.push(done),
    });
    expect(read.doc.format).toBe('pdf');
    expect(pages).toEqual(Array.from({ length: read.doc.pages! }, (_, i) => i + 1));
    await expect(
      client.check(
        { text: 'x', title: null, meta: {}, attachments: [] },
        { today: TODAY, url: 'file:///a' },
      ),
    ).rejects.toThrow('packs not set');

    client.setPacks(seedPacks);
    const input = { text: read.doc.text, title: null, meta: {}, attachments: [] };
    const opts = { today: TODAY, url: 'file:///a.pdf' };
    const first = await client.check(input, opts);
    expect(first.report.findings.length).toBeGreaterThan(0);

    // A refused file is a FormatError with its code, as from the reader itself.
    const refused = await client.read(bytes('encrypted.pdf'), 'b.pdf', {}).catch((e) => e);
    expect(refused).toBeInstanceOf(FormatError);
    expect((refused as FormatError).code).toBe('encrypted');

    // The worker dies while checking: the check fails with a Chinese message, and the next
    // check runs in a new worker that got the packs first.
    const pending = client.check(input, opts);
    made[0]!.crash();
    await expect(pending).rejects.toThrow('文件处理线程出错：Out of memory');
    expect(made[0]!.terminated).toBe(true);
    const again = await client.check(input, opts);
    expect(made).toHaveLength(2);
    expect(made[1]!.got.map((m) => m.type)).toEqual(['packs', 'check']);
    expect(again.report).toEqual(first.report);
  });

  it('stops an idle worker (releasing what it held) and starts a new one with the packs', async () => {
    const made: ThreadWorker[] = [];
    const client = new FileWorker(() => {
      const w = new ThreadWorker();
      made.push(w);
      return w as unknown as Worker;
    }, 50);
    client.setPacks(seedPacks);
    const input = { text: '关于印发某某办法的通知', title: null, meta: {}, attachments: [] };
    const opts = { today: TODAY, url: 'file:///a' };
    const first = await client.check(input, opts);
    expect(client.running).toBe(true);
    await vi.waitFor(() => expect(made[0]!.terminated).toBe(true));
    expect(client.running).toBe(false);
    const again = await client.check(input, opts);
    expect(made).toHaveLength(2);
    expect(made[1]!.got.map((m) => m.type)).toEqual(['packs', 'check']);
    expect(again.report).toEqual(first.report);
  });
});
