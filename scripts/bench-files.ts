/**
 * `npm run bench:files`: the cost of reviewing files, and how much of it is ours.
 *
 * - A 30-page Word file (≈ 30,000 characters of the project's authored articles) opened,
 *   converted and reviewed — budget 300 ms; beside it mammoth's bare text extraction of the
 *   same file, so the cost of our reader shows as a ratio.
 * - A 100-page text PDF (Chinese, STSong-Light through the UniGB-UCS2-H CMap, as older office
 *   software writes it) read and reviewed — budget 2 s; beside it pdf.js's bare text extraction
 *   (getTextContent of every page) of the same file.
 *
 * Medians of several runs after a warm-up. In Node pdf.js runs its "worker" on the same thread;
 * in the extension it parses in a real worker (the page thread only lays lines out and reviews).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compilePacks, check } from '../rules/engine';
import { seedPacks } from '../rules/seeds';
import { fileModel, readFile, type PdfJs } from '../rules/formats';
import {
  benchParagraphs as paragraphs,
  cjkPdf,
  docxPackage,
  setInPages,
} from './make-file-fixtures';

const RUNS = Number(process.env.RUNS ?? 7);
const pdfRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const pdfOptions = {
  cMapUrl: join(pdfRoot, 'cmaps') + '/',
  cMapPacked: true,
  standardFontDataUrl: join(pdfRoot, 'standard_fonts') + '/',
};
const pdfjs = async () =>
  (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs & {
    getDocument(src: object): {
      promise: Promise<{
        numPages: number;
        getPage(n: number): Promise<{ getTextContent(): Promise<unknown>; cleanup(): void }>;
        destroy(): Promise<void>;
      }>;
    };
  };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

async function main() {
  const compiled = compilePacks(seedPacks, ['common-local']);
  const today = '2026-11-27';

  // ---- Word
  const paras = paragraphs(30_000);
  const docx = docxPackage({
    body: paras
      .map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`)
      .join(''),
  });
  const mammoth = (await import('mammoth')).default;
  let chars = 0;
  const ours = await time(async () => {
    const doc = await readFile(docx, { name: 'bench.docx' });
    chars = doc.text.length;
    check(fileModel(doc), compiled, { today });
  });
  const readOnly = await time(() => readFile(docx, { name: 'bench.docx' }));
  const bare = await time(() => mammoth.extractRawText({ buffer: Buffer.from(docx) }));
  console.log(
    `docx  ${chars} chars (≈${Math.round(chars / 1000)} pages): read+review ${ours.toFixed(0)} ms (budget 300), ` +
      `read alone ${readOnly.toFixed(0)} ms; mammoth.extractRawText alone ${bare.toFixed(0)} ms ` +
      `→ our reader ${(readOnly / bare).toFixed(2)}× mammoth`,
  );

  // ---- PDF
  const pages = setInPages(paragraphs(100 * 22 * 27), 22).slice(0, 100);
  const pdf = cjkPdf(pages);
  const lib = await pdfjs();
  let pdfChars = 0;
  let pageCount = 0;
  const pdfOurs = await time(async () => {
    const doc = await readFile(pdf, { name: 'bench.pdf', pdfjs, pdfOptions });
    pdfChars = doc.text.length;
    pageCount = doc.pages ?? 0;
    check(fileModel(doc), compiled, { today });
  });
  const pdfRead = await time(() => readFile(pdf, { name: 'bench.pdf', pdfjs, pdfOptions }));
  const pdfBare = await time(async () => {
    const d = await lib.getDocument({ data: pdf.slice(), ...pdfOptions, isEvalSupported: false })
      .promise;
    for (let i = 1; i <= d.numPages; i++) {
      const p = await d.getPage(i);
      await p.getTextContent();
      p.cleanup();
    }
    await d.destroy();
  });
  // Memory: the heap while a PDF is read and reviewed, and after (with --expose-gc).
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  {
    const doc = await readFile(pdf, { name: 'bench.pdf', pdfjs, pdfOptions });
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    check(fileModel(doc), compiled, { today });
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  clearInterval(sampler);
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  console.log(
    `pdf   ${pageCount} pages, ${pdfChars} chars: read+review ${pdfOurs.toFixed(0)} ms (budget 2000), ` +
      `read alone ${pdfRead.toFixed(0)} ms; pdf.js getTextContent alone ${pdfBare.toFixed(0)} ms ` +
      `→ our reading ${(pdfRead / pdfBare).toFixed(2)}× pdf.js`,
  );
  console.log(
    `      heap ${mb(base)} before, peak ${mb(peak)} while reading and reviewing (+${mb(peak - base)}), ` +
      `${mb(after)} after${gc ? '' : ' (run with --expose-gc for the figure after collection)'}`,
  );
}

void main();
