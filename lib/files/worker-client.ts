/**
 * The page's side of the file review page's worker (lib/files/file.worker.ts): one module
 * worker, made when first needed, that reads files and runs the engine's check off the page's
 * main thread. Each request gets an id; its reply settles the request's promise. If the worker
 * dies (an out-of-memory file, a crash), every pending request fails with a Chinese message and
 * the next request starts a new worker.
 *
 * A worker with nothing to do for {@link IDLE_MS} is stopped: what it held while reading a file
 * (pdf.js and its parsed objects, the zip, garbage not yet collected) is released with it, and a
 * later re-check or file starts a new one (off the page's thread; it gets the packs again).
 */
import { FormatError, type FileDocument } from '@/rules/formats';
import type { DocumentModel } from '@/rules/model';
import type { Pack, Report } from '@/rules/schema';
import type { CheckInput, WorkReply, WorkRequest } from './work';

type Pending = {
  resolve(r: WorkReply): void;
  reject(e: Error): void;
  progress?: (done: number, total: number) => void;
};

/** Distributes a request without its id (the client numbers requests). */
type Request = WorkRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

/** How long an idle worker is kept (a re-check right after a review reuses it). */
export const IDLE_MS = 3000;

/** A connection to the file worker. */
export class FileWorker {
  private worker: Worker | null = null;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private next = 1;
  private pending = new Map<number, Pending>();
  /** The packs last sent (a new worker gets them again before its first check). */
  private packs: Pack[] | null = null;

  constructor(
    private readonly make: () => Worker,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Whether a worker is running now. */
  get running(): boolean {
    return this.worker !== null;
  }

  private get w(): Worker {
    clearTimeout(this.idle);
    if (this.worker) return this.worker;
    const w = this.make();
    w.addEventListener('message', (e: MessageEvent<WorkReply>) => this.onReply(e.data));
    w.addEventListener('error', (e) => {
      e.preventDefault();
      this.fail(`文件处理线程出错：${e.message || '未知错误'}`);
    });
    w.addEventListener('messageerror', () => this.fail('文件处理线程的消息无法读取'));
    this.worker = w;
    if (this.packs) w.postMessage({ id: this.next++, type: 'packs', packs: this.packs });
    return w;
  }

  private onReply(r: WorkReply) {
    const p = this.pending.get(r.id);
    if (!p) return;
    if (r.type === 'progress') {
      p.progress?.(r.done, r.total);
      return;
    }
    this.pending.delete(r.id);
    p.resolve(r);
    if (!this.pending.size) {
      clearTimeout(this.idle);
      this.idle = setTimeout(() => {
        if (this.pending.size || !this.worker) return;
        this.worker.terminate();
        this.worker = null;
      }, this.idleMs);
    }
  }

  /** The worker is gone: fail what waits on it; the next request makes a new one. */
  private fail(message: string) {
    clearTimeout(this.idle);
    this.worker?.terminate();
    this.worker = null;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new Error(message));
  }

  private request(
    req: Request,
    transfer: Transferable[] = [],
    progress?: (done: number, total: number) => void,
  ): Promise<WorkReply> {
    const w = this.w;
    const id = this.next++;
    return new Promise<WorkReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(progress ? { progress } : {}) });
      w.postMessage({ ...req, id }, transfer);
    }).then((r) => {
      if (r.type === 'error')
        throw r.code ? new FormatError(r.code, r.message) : new Error(r.message);
      return r;
    });
  }

  /**
   * Reads a file's bytes in the worker. The bytes are transferred (the caller's array is
   * emptied). Throws FormatError with the Chinese message for a refused file.
   */
  async read(
    bytes: Uint8Array,
    name: string,
    opts: { pdfOptions?: Record<string, unknown>; onPage?: (done: number, total: number) => void },
  ): Promise<{ doc: FileDocument; sha256: string; ms: number; loadMs: number }> {
    const r = await this.request(
      { type: 'read', bytes, name, ...(opts.pdfOptions ? { pdfOptions: opts.pdfOptions } : {}) },
      [bytes.buffer],
      opts.onPage,
    );
    if (r.type !== 'read') throw new Error(`unexpected reply ${r.type}`);
    return { doc: r.doc, sha256: r.sha256, ms: r.ms, loadMs: r.loadMs };
  }

  /** The packs every later check uses (compiled once in the worker). */
  setPacks(packs: Pack[]): void {
    this.packs = packs;
    this.w.postMessage({ id: this.next++, type: 'packs', packs });
  }

  /** The engine's check of a text in the worker (the packs must have been set). */
  async check(
    input: CheckInput,
    opts: { today: string; url: string },
  ): Promise<{ model: DocumentModel; report: Report; ms: number }> {
    if (!this.packs) throw new Error('packs not set');
    const r = await this.request({ type: 'check', input, today: opts.today, url: opts.url });
    if (r.type !== 'checked') throw new Error(`unexpected reply ${r.type}`);
    return { model: r.model, report: r.report, ms: r.ms };
  }

  /** Stops the worker (pending requests fail). */
  terminate(): void {
    this.fail('文件处理线程已停止');
  }
}

let shared: FileWorker | null = null;

/** The page's one file worker. */
export function fileWorker(): FileWorker {
  shared ??= new FileWorker(
    () => new Worker(new URL('./file.worker.ts', import.meta.url), { type: 'module' }),
  );
  return shared;
}
