/**
 * Shows a read file on the file review page as text: one element per paragraph, table rows as
 * table rows, page marks between pages. Nothing from the file becomes markup — every piece of
 * its text is a Text node — and the page marks and paragraph numbers are CSS generated content
 * (`data-*` attributes), so they are not part of the reviewed text.
 *
 * The text is drawn in blocks (`div.gs-block`): one per page of a PDF or OFD, one per
 * `BLOCK_LINES` paragraphs of a Word file. The page's stylesheet gives each block
 * `content-visibility: auto`, so the browser lays out and paints only the blocks near the
 * viewport — a 100-page PDF no longer costs one long layout of every line. The file review page
 * draws the blocks a few at a time with yields between (`renderFileInSlices`), so no task of the
 * page holds the thread for long; every block still exists before the review starts, so
 * highlights, hit cards and navigation to a finding on any page work as before (scrolling to a
 * block the browser skipped lays it out then).
 *
 * Returns the extract the review session needs: the file's text exactly, with segments from
 * each text offset to its Text node (the highlights and cards map findings through them).
 */
import type { FileDocument } from '@/rules/formats';
import type { PageExtract } from '@/lib/page/extract';
import { measure, now } from '@/lib/page/perf';

/** Paragraphs per block of a file without pages (Word). */
export const BLOCK_LINES = 60;

/**
 * Appends the blocks of `doc` to `container`, filling `segments`; yields after each block (so a
 * caller can pause between blocks).
 */
function* blocks(
  container: HTMLElement,
  doc: FileDocument,
  segments: PageExtract['segments'],
): Generator<void> {
  const d = container.ownerDocument;
  const text = doc.text;
  const spans = doc.spans;
  let spanIdx = 0;
  let page = 0;
  let table: HTMLTableSectionElement | null = null;
  let offset = 0;
  let block: HTMLElement | null = null;
  let lines = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    // A new block at each page start (PDF, OFD), or every BLOCK_LINES paragraphs outside a
    // table (Word).
    const pageStarts = page < doc.pageStarts.length && doc.pageStarts[page]! <= start;
    if (!block || pageStarts || (!doc.pageStarts.length && !table && lines >= BLOCK_LINES)) {
      if (block) yield;
      block = d.createElement('div');
      block.className = 'gs-block';
      container.append(block);
      table = null;
      lines = 0;
    }
    const into: HTMLElement = block;
    while (page < doc.pageStarts.length && doc.pageStarts[page]! <= start) {
      const mark = d.createElement('div');
      mark.className = 'gs-page-mark';
      mark.dataset.page = String(page + 1);
      mark.setAttribute('role', 'separator');
      mark.setAttribute('aria-label', `第 ${page + 1} 页`);
      into.append(mark);
      table = null;
      page++;
    }
    lines++;
    while (spanIdx + 1 < spans.length && spans[spanIdx + 1]!.start <= start) spanIdx++;
    const span = spans[spanIdx];
    if (span?.table && line.includes('\t')) {
      if (!table) {
        const t = d.createElement('table');
        t.className = 'gs-table';
        table = d.createElement('tbody');
        t.append(table);
        into.append(t);
      }
      const tr = d.createElement('tr');
      let at = start;
      for (const cell of line.split('\t')) {
        const td = d.createElement('td');
        if (cell) {
          const node = d.createTextNode(cell);
          td.append(node);
          segments.push({ start: at, end: at + cell.length, node, nodeOffset: 0 });
        }
        tr.append(td);
        at += cell.length + 1;
      }
      if (span.paragraph !== undefined) tr.dataset.para = String(span.paragraph);
      table.append(tr);
      continue;
    }
    table = null;
    const p = d.createElement('p');
    if (span?.paragraph !== undefined) p.dataset.para = String(span.paragraph);
    if (span?.page !== undefined && span.line !== undefined)
      p.dataset.where = `${span.page}:${span.line}`;
    if (line) {
      const node = d.createTextNode(line);
      p.append(node);
      segments.push({ start, end: start + line.length, node, nodeOffset: 0 });
    }
    into.append(p);
  }
}

function extractOf(doc: FileDocument, segments: PageExtract['segments']): PageExtract {
  return {
    text: doc.text,
    title: null,
    meta: {},
    attachments: [],
    segments,
    titleRange: null,
    truncated: false,
  };
}

/** Renders `doc` into `container` (emptied first), all at once, and returns its extract. */
export function renderFile(container: HTMLElement, doc: FileDocument): PageExtract {
  container.replaceChildren();
  const segments: PageExtract['segments'] = [];
  for (const _ of blocks(container, doc, segments));
  return extractOf(doc, segments);
}

/** The user-timing name of one slice of drawing. */
export const DRAW_MEASURE = 'guishen:draw';

/** Let the page handle input and paint. */
function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * `renderFile`, a few blocks at a time: after about `sliceMs` of drawing it yields to the
 * page (input, paint) before the next block. Resolves to the same extract once every block is
 * drawn, or to null when `cancelled()` turned true meanwhile (another file was opened).
 */
export async function renderFileInSlices(
  container: HTMLElement,
  doc: FileDocument,
  opts: { sliceMs?: number; cancelled?: () => boolean } = {},
): Promise<PageExtract | null> {
  const slice = opts.sliceMs ?? 12;
  container.replaceChildren();
  const segments: PageExtract['segments'] = [];
  let t0 = now();
  for (const _ of blocks(container, doc, segments)) {
    if (now() - t0 < slice) continue;
    // A user-timing measure per slice: bench:file-page names the long tasks by them.
    measure(DRAW_MEASURE, t0);
    await yieldToPage();
    if (opts.cancelled?.()) return null;
    t0 = now();
  }
  measure(DRAW_MEASURE, t0);
  return extractOf(doc, segments);
}
