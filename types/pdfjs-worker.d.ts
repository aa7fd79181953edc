/**
 * pdf.js's parser module (no types shipped for it). The file page's worker loads it as
 * `globalThis.pdfjsWorker` so pdf.js parses on that worker's thread (lib/files/file.worker.ts).
 */
declare module 'pdfjs-dist/build/pdf.worker.min.mjs' {
  export const WorkerMessageHandler: unknown;
}
