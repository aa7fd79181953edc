/**
 * The file review page's work off its main thread (issue 15: no task of the page over 50 ms):
 * reading a file (sniffing, the Word/OFD zip and XML, pdf.js and the line/paragraph layout of
 * every page, the SHA-256) and the engine's check of the read text. `lib/files/file.worker.ts`
 * runs this in a module worker; the page talks to it through `lib/files/worker-client.ts`.
 *
 * No DOM and no extension API here (a dedicated worker has neither), so the same handler runs
 * in Node for the unit tests with the legacy pdf.js build. The messages are the page's own
 * (a dedicated worker hears only the page that made it), but a malformed one still gets an
 * error reply, never a guess.
 */
import { check, compilePacks, type CompiledPacks } from '../../rules/engine';
import { modelFromText, type DocumentModel } from '../../rules/model';
import type { Pack, Report } from '../../rules/schema';
import { FormatError, readFile, type FileDocument, type PdfJs } from '../../rules/formats';
import type { FormatErrorCode } from '../../rules/formats/types';

/** The text to review and what joins it (the page's extract without its DOM segments). */
export interface CheckInput {
  text: string;
  title: string | null;
  meta: Record<string, string>;
  attachments: { name: string; href: string }[];
}

/** Page → worker. */
export type WorkRequest =
  | {
      id: number;
      type: 'read';
      /** The file's bytes (transferred: the page keeps no copy). */
      bytes: Uint8Array;
      name: string;
      /** pdf.js getDocument options the page knows (the CMaps' extension URL). */
      pdfOptions?: Record<string, unknown>;
    }
  /** The active packs, compiled once here and used by every later check. No reply. */
  | { id: number; type: 'packs'; packs: Pack[] }
  | { id: number; type: 'check'; input: CheckInput; today: string; url: string };

/** Worker → page. */
export type WorkReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | {
      id: number;
      type: 'read';
      doc: FileDocument;
      sha256: string;
      /** The worker's time for the request, and of it the loading of pdf.js (0 when loaded). */
      ms: number;
      loadMs: number;
    }
  | { id: number; type: 'checked'; model: DocumentModel; report: Report; ms: number }
  | { id: number; type: 'error'; code: FormatErrorCode | null; message: string };

/** SHA-256 of bytes, hex (the version a file's review record keeps). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The engine's review of a file's text: the model and the check, exactly as the review session
 * makes them for a page's extract (`checkExtracted` in lib/page/review.ts; a unit test keeps
 * the two equal).
 */
export function checkInput(
  input: CheckInput,
  compiled: CompiledPacks,
  opts: { today: string; url: string },
): { model: DocumentModel; report: Report } {
  const model = modelFromText(input.text, {
    meta: input.meta,
    title: input.title,
    attachments: input.attachments,
    url: opts.url,
  });
  return { model, report: check(model, compiled, { today: opts.today, url: opts.url }) };
}

function isRequest(m: unknown): m is WorkRequest {
  if (!m || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number') return false;
  if (r.type === 'read') return r.bytes instanceof Uint8Array && typeof r.name === 'string';
  if (r.type === 'packs') return Array.isArray(r.packs);
  if (r.type === 'check') {
    const i = r.input as Record<string, unknown> | undefined;
    return (
      !!i &&
      typeof i.text === 'string' &&
      typeof r.today === 'string' &&
      typeof r.url === 'string' &&
      !!i.meta &&
      typeof i.meta === 'object' &&
      Array.isArray(i.attachments)
    );
  }
  return false;
}

/**
 * The worker's message handler: `handle(message)` does the work and `post`s the reply (with
 * progress messages for a PDF's pages first). Requests are handled one after the other in the
 * order they came (a check after a `packs` message uses those packs).
 */
export function createFileWork(
  loadPdfjs: () => Promise<PdfJs>,
  post: (reply: WorkReply) => void,
  clock: () => number = () => performance.now(),
): (message: unknown) => Promise<void> {
  let compiled: CompiledPacks | null = null;
  let queue: Promise<void> = Promise.resolve();

  const run = async (m: WorkRequest): Promise<void> => {
    const t0 = clock();
    if (m.type === 'packs') {
      compiled = compilePacks(m.packs, undefined, { validated: true });
      return;
    }
    if (m.type === 'check') {
      if (!compiled) throw new Error('packs not set');
      const { model, report } = checkInput(m.input, compiled, { today: m.today, url: m.url });
      post({ id: m.id, type: 'checked', model, report, ms: clock() - t0 });
      return;
    }
    let loadMs = 0;
    const doc = await readFile(m.bytes, {
      name: m.name,
      pdfjs: async () => {
        const l0 = clock();
        const lib = await loadPdfjs();
        loadMs = clock() - l0;
        return lib;
      },
      ...(m.pdfOptions ? { pdfOptions: m.pdfOptions } : {}),
      onPage: (done, total) => post({ id: m.id, type: 'progress', done, total }),
    });
    const sha256 = await sha256Hex(m.bytes);
    post({ id: m.id, type: 'read', doc, sha256, ms: clock() - t0, loadMs });
  };

  return (message) => {
    const job = queue.then(async () => {
      if (!isRequest(message)) {
        const id = (message as { id?: unknown } | null)?.id;
        post({
          id: typeof id === 'number' ? id : -1,
          type: 'error',
          code: null,
          message: '文件处理线程收到无效的请求',
        });
        return;
      }
      try {
        await run(message);
      } catch (e) {
        post({
          id: message.id,
          type: 'error',
          code: e instanceof FormatError ? e.code : null,
          message: String((e as Error)?.message ?? e),
        });
      }
    });
    queue = job;
    return job;
  };
}
