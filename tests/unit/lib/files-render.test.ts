/**
 * The file review page's view of a file (lib/files/render.ts): the text shown as text, one
 * element a paragraph, table rows as rows, page marks outside the text, and segments that map
 * every offset of the reviewed text to the Text node showing it.
 */
import { describe, expect, it } from 'vitest';
import { renderFile } from '../../../lib/files/render';
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
