/**
 * The file review page's module worker (created by lib/files/worker-client.ts through Vite's
 * `new Worker(new URL(…), { type: 'module' })`): reads files and checks their text off the
 * page's main thread (lib/files/work.ts).
 *
 * pdf.js runs here in its "fake worker" mode: its parser (`pdf.worker.min.mjs`, shipped with the
 * extension) is loaded into this worker as `globalThis.pdfjsWorker`, so the parsing, the text
 * items of every page and their layout stay on this thread; no item crosses to the page. The
 * CMaps are fetched here too (`useWorkerFetch`: a worker has no `document` for pdf.js's
 * page-side fetch). Loaded only when a PDF is opened.
 */
import type { PdfJs } from '../../rules/formats';
import { createFileWork, type WorkReply } from './work';

let pdfjs: Promise<PdfJs> | null = null;

function loadPdfjs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const [lib, parser] = await Promise.all([
      import('pdfjs-dist'),
      import('pdfjs-dist/build/pdf.worker.min.mjs'),
    ]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = parser;
    return lib as unknown as PdfJs;
  })();
  return pdfjs;
}

const scope = globalThis as unknown as {
  postMessage(m: WorkReply): void;
  addEventListener(type: 'message', f: (e: MessageEvent) => void): void;
};
const handle = createFileWork(loadPdfjs, (reply) => scope.postMessage(reply));
scope.addEventListener('message', (e) => void handle(e.data));
