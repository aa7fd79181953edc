import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { extractFrom, type TreeAdapter } from '@/rules/extract';
import { extractDocument } from '@/rules/html';
import { extractPage } from '@/lib/page/extract';

interface Obj {
  tag?: string;
  text?: string;
  attrs?: Record<string, string>;
  kids: Obj[];
}
const objAdapter: TreeAdapter<Obj> = {
  isElement: (n) => n.tag !== undefined,
  isText: (n) => n.text !== undefined,
  tag: (n) => n.tag!,
  attr: (n, k) => n.attrs?.[k] ?? null,
  children: (n) => n.kids,
  text: (n) => n.text!,
};

describe('bad input', () => {
  it('does not blow the stack on 50,000 levels of nesting', () => {
    const root: Obj = { tag: 'body', kids: [] };
    let cur = root;
    for (let i = 0; i < 50_000; i++) {
      const d: Obj = { tag: i % 2 ? 'div' : 'span', kids: [] };
      cur.kids.push(d);
      cur = d;
    }
    cur.kids.push({ text: '第一条　为了规范管理，制定本办法。', kids: [] });
    const x = extractFrom(root, objAdapter);
    expect(x.text).toBe('第一条　为了规范管理，制定本办法。');
  });

  it('does not blow the stack on 20,000 nested <div>s parsed by htmlparser2', () => {
    const html = `${'<div>'.repeat(20_000)}正文，内容。${'</div>'.repeat(20_000)}`;
    expect(extractDocument(html).text).toBe('正文，内容。');
  });

  it('stops at the node budget and the char cap, and says so', () => {
    const html = `<div>${'<p>第一条，内容。</p>'.repeat(5000)}</div>`;
    const doc = parseDocument(html);
    const adapter = {
      isElement: (n: any) => n.type === 'tag',
      isText: (n: any) => n.type === 'text',
      tag: (n: any) => n.name,
      attr: (n: any, k: string) => n.attribs?.[k] ?? null,
      children: (n: any) => n.children ?? [],
      text: (n: any) => n.data,
    };
    const a = extractFrom(doc, adapter, { maxNodes: 1000 });
    expect(a.truncated).toBe(true);
    const b = extractFrom(doc, adapter, { maxChars: 100 });
    expect(b.truncated).toBe(true);
    expect(b.text.length).toBe(100);
  });

  it('reports an empty extract when the adapter throws (a page mutating under us)', () => {
    const bad: TreeAdapter<Obj> = {
      ...objAdapter,
      children: () => {
        throw new Error('gone');
      },
    };
    const x = extractFrom({ tag: 'body', kids: [] }, bad);
    expect(x.text).toBe('');
    expect(x.truncated).toBe(true);
  });

  it('never throws on random HTML-ish strings (Node path)', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '<p>',
        '</p>',
        '<div class="content">',
        '</div>',
        '<table><tr><td>',
        '</td></tr></table>',
        '<a href="x.pdf">',
        '</a>',
        '<br>',
        '<nav>',
        '</nav>',
        '<script>',
        '</script>',
        '&nbsp;',
        '\u3000',
        '发文字号：',
        '索引号',
        '第一条',
        '〔2024〕',
        '<h1>',
        '</h1>',
        '<!--',
        '-->',
        '<pre>',
        '</pre>',
        '<footer>',
        '<ul><li>',
        '【',
        '】',
        '<title>',
        '</title>',
      ),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const html = parts.join('');
        const x = extractDocument(html, 'http://a.example/x/');
        expect(typeof x.text).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on random HTML-ish strings (DOM path), and segments stay in bounds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '<p>',
            '</p>',
            '<div>',
            '正文，',
            ' ',
            '\u3000',
            '<br>',
            '<td>',
            '&nbsp;',
            'a  b',
          ),
          { maxLength: 40 },
        ),
        (parts) => {
          document.body.innerHTML = parts.join('');
          const x = extractPage(document, 'http://a.example/');
          let last = 0;
          for (const s of x.segments) {
            expect(s.start).toBeGreaterThanOrEqual(last);
            expect(s.end).toBeLessThanOrEqual(x.text.length);
            expect(s.nodeOffset + (s.end - s.start)).toBeLessThanOrEqual(
              (s.node as Text).data.length,
            );
            last = s.end;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
