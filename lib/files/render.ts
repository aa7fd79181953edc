/**
 * Shows a read file on the file review page as text: one element per paragraph, table rows as
 * table rows, page marks between pages. Nothing from the file becomes markup — every piece of
 * its text is a Text node — and the page marks and paragraph numbers are CSS generated content
 * (`data-*` attributes), so they are not part of the reviewed text.
 *
 * Returns the extract the review session needs: the file's text exactly, with segments from
 * each text offset to its Text node (the highlights and cards map findings through them).
 */
import type { FileDocument } from '@/rules/formats';
import type { PageExtract } from '@/lib/page/extract';

/** Renders `doc` into `container` (emptied first) and returns the extract of what it shows. */
export function renderFile(container: HTMLElement, doc: FileDocument): PageExtract {
  const d = container.ownerDocument;
  container.replaceChildren();
  const segments: PageExtract['segments'] = [];
  const text = doc.text;
  const spans = doc.spans;
  let spanIdx = 0;
  let page = 0;
  let table: HTMLTableSectionElement | null = null;
  let offset = 0;
  const addPageMarks = (start: number) => {
    while (page < doc.pageStarts.length && doc.pageStarts[page]! <= start) {
      const mark = d.createElement('div');
      mark.className = 'gs-page-mark';
      mark.dataset.page = String(page + 1);
      mark.setAttribute('role', 'separator');
      mark.setAttribute('aria-label', `第 ${page + 1} 页`);
      container.append(mark);
      table = null;
      page++;
    }
  };
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    addPageMarks(start);
    while (spanIdx + 1 < spans.length && spans[spanIdx + 1]!.start <= start) spanIdx++;
    const span = spans[spanIdx];
    if (span?.table && line.includes('\t')) {
      if (!table) {
        const t = d.createElement('table');
        t.className = 'gs-table';
        table = d.createElement('tbody');
        t.append(table);
        container.append(t);
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
    container.append(p);
  }
  return {
    text,
    title: null,
    meta: {},
    attachments: [],
    segments,
    titleRange: null,
    truncated: false,
  };
}
