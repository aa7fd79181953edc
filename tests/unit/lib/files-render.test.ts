/**
 * The file review page's view of a file (lib/files/render.ts): the text shown as text, one
 * element a paragraph, table rows as rows, page marks outside the text, and segments that map
 * every offset of the reviewed text to the Text node showing it.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_LINES, renderFile, renderFileInSlices } from '../../../lib/files/render';
import type { FileDocument } from '../../../rules/formats';

const DOC: FileDocument = {
  format: 'pdf',
  text: '关于<script>alert(1)</script>的通知\n项目\t标准\n停车\t每小时5元\n第二页的正文。',
  spans: [
    { start: 0, end: 30, page: 1, line: 1 },
    { start: 31, end: 36, page: 1, line: 2, table: true },
    { start: 37, end: 45, page: 1, line: 3, table: true },
    { start: 46, end: 53, page: 2, line: 1 },
  ],
  pages: 2,
  pageStarts: [0, 46],
  notices: [],
  title: null,
};

describe('renderFile', () => {
  it('shows markup in the file as text, never as elements', () => {
    const box = document.createElement('article');
    renderFile(box, DOC);
    expect(box.querySelector('script')).toBeNull();
    expect(box.querySelector('p')!.textContent).toBe('关于<script>alert(1)</script>的通知');
  });

  it('shows table rows as rows and page marks as generated content outside the text', () => {
    const box = document.createElement('article');
    renderFile(box, DOC);
    expect([...box.querySelectorAll('tr')].map((tr) => tr.textContent)).toEqual([
      '项目标准',
      '停车每小时5元',
    ]);
    const marks = box.querySelectorAll('.gs-page-mark');
    expect([...marks].map((m) => (m as HTMLElement).dataset.page)).toEqual(['1', '2']);
    expect([...marks].every((m) => m.textContent === '')).toBe(true);
  });

  it('maps every offset of the text to the Text node that shows it', () => {
    const box = document.createElement('article');
    const x = renderFile(box, DOC);
    expect(x.text).toBe(DOC.text);
    for (const s of x.segments)
      expect((s.node as Text).data.slice(s.nodeOffset, s.nodeOffset + s.end - s.start)).toBe(
        DOC.text.slice(s.start, s.end),
      );
    // Everything but the line breaks and cell tabs is covered.
    const covered = x.segments.reduce((n, s) => n + s.end - s.start, 0);
    expect(covered).toBe(DOC.text.replace(/[\n\t]/g, '').length);
  });
});

/** A Word document of `n` paragraphs with a 3-row table where a block would end. */
function wordDoc(n: number): FileDocument {
  const lines: string[] = [];
  const spans: FileDocument['spans'] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const table = i >= BLOCK_LINES - 1 && i < BLOCK_LINES + 2;
    const line = table ? `项目${i}\t标准${i}` : `第${i + 1}段正文。`;
    spans.push({ start: at, end: at + line.length, paragraph: i + 1, ...(table ? { table } : {}) });
    lines.push(line);
    at += line.length + 1;
  }
  return {
    format: 'docx',
    text: lines.join('\n'),
    spans,
    pages: null,
    pageStarts: [],
    notices: [],
    title: null,
  };
}

describe('drawing in blocks', () => {
  it('puts each page of a PDF in its own block, its page mark first', () => {
    const box = document.createElement('article');
    renderFile(box, DOC);
    const blocks = [...box.children];
    expect(blocks.map((b) => b.className)).toEqual(['gs-block', 'gs-block']);
    expect(blocks.map((b) => (b.firstElementChild as HTMLElement).dataset.page)).toEqual([
      '1',
      '2',
    ]);
    expect(blocks[1]!.textContent).toBe('第二页的正文。');
  });

  it('cuts a Word file into blocks of paragraphs, never inside a table', () => {
    const box = document.createElement('article');
    renderFile(box, wordDoc(BLOCK_LINES * 2 + 5));
    const blocks = [...box.querySelectorAll('.gs-block')];
    expect(blocks.length).toBe(3);
    // The table that starts before the first block's end stays whole in that block.
    expect(blocks[0]!.querySelectorAll('tr').length).toBe(3);
    expect(box.querySelectorAll('table').length).toBe(1);
  });

  it('draws the same text and segments in slices as at once, and stops when cancelled', async () => {
    const doc = wordDoc(BLOCK_LINES * 5);
    const once = document.createElement('article');
    const x1 = renderFile(once, doc);
    const sliced = document.createElement('article');
    const x2 = await renderFileInSlices(sliced, doc, { sliceMs: 0 });
    expect(sliced.innerHTML).toBe(once.innerHTML);
    expect(x2!.text).toBe(x1.text);
    expect(x2!.segments.map((s) => [s.start, s.end, (s.node as Text).data])).toEqual(
      x1.segments.map((s) => [s.start, s.end, (s.node as Text).data]),
    );
    let calls = 0;
    const stopped = await renderFileInSlices(document.createElement('article'), doc, {
      sliceMs: 0,
      cancelled: () => ++calls > 1,
    });
    expect(stopped).toBeNull();
  });
});
