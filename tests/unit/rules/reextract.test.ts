/**
 * Incremental re-extraction (rules/extract/index.ts `reextract`) must give exactly what a fresh
 * extraction of the edited tree gives, or decline. Checked on every seed portal page with
 * random edits of text node data, on the htmlparser2 tree (the same algorithm runs on the
 * live DOM in the page).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Text } from 'domhandler';
import {
  ATTRIBUTES_READ,
  extractFrom,
  extractKeep,
  reextract,
  type Extract,
  type ExtractState,
} from '@/rules/extract';
import { domhandlerAdapter } from '@/rules/html';
import { rng } from './helpers';

const DOCS = join(__dirname, '../../../seeds/documents');
const URL_ = 'http://www.example.gov.cn/zw/2026/a.html';

function textNodes(root: AnyNode): Text[] {
  const out: Text[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') out.push(n as Text);
    if ('children' in n)
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

/** An extract with its nodes replaced by their position in document order (comparable). */
function comparable(x: Extract<AnyNode>, ids: Map<AnyNode, number>) {
  return {
    ...x,
    segments: x.segments.map((s) => ({ ...s, node: ids.get(s.node) ?? -1 })),
  };
}

/** What an edit may insert: prose, spaces, labels, widget words, nothing at all. */
const PIECES = [
  '第一条',
  '，',
  '。',
  '；',
  '罚款五千元',
  ' ',
  '\u3000',
  '\u00a0',
  '\n',
  '发文字号：',
  '分享到',
  '当前位置',
  '本办法自2027年1月1日起施行',
  '有效期5年',
  'x',
  '',
];

function edit(data: string, r: () => number): string {
  const op = Math.floor(r() * 5);
  const at = Math.floor(r() * (data.length + 1));
  const piece = PIECES[Math.floor(r() * PIECES.length)]!;
  switch (op) {
    case 0: // insert
      return data.slice(0, at) + piece + data.slice(at);
    case 1: // delete a run
      return data.slice(0, at) + data.slice(at + 1 + Math.floor(r() * 6));
    case 2: // replace everything (a paste over the paragraph)
      return piece.repeat(1 + Math.floor(r() * 3));
    case 3: // clear
      return r() < 0.5 ? '' : '\u3000';
    default: // append a long run (a node growing past the 80/300-character thresholds)
      return data + '规定的事项，按照本办法执行。'.repeat(1 + Math.floor(r() * 30));
  }
}

const pages = readdirSync(DOCS).filter((f) => f.endsWith('.html'));

describe('incremental re-extraction', () => {
  it('equals a fresh extraction after random text edits on every seed page, or declines', () => {
    let incremental = 0;
    let declined = 0;
    for (const [pi, file] of pages.entries()) {
      const doc = parseDocument(readFileSync(join(DOCS, file), 'utf8'), { decodeEntities: true });
      const texts = textNodes(doc);
      const ids = new Map<AnyNode, number>(texts.map((n, i) => [n, i]));
      // Nodes with some prose in them (the body's paragraphs, mostly), and any node at all:
      // whitespace between tags, <head>, navigation, links.
      const prose = texts.filter((n) => n.data.trim().length >= 10);
      const r = rng(1000 + pi);
      let state: ExtractState<AnyNode> | null = extractKeep(doc, domhandlerAdapter, {
        url: URL_,
      }).state;
      for (let round = 0; round < 40; round++) {
        // One to three nodes per edit, biased to the nodes of the body (most of them).
        const changed = new Set<Text>();
        const k = 1 + Math.floor(r() * 3);
        for (let i = 0; i < k; i++) {
          const pool = r() < 0.7 ? prose : texts;
          const node = pool[Math.floor(r() * pool.length)]!;
          node.data = edit(node.data, r);
          changed.add(node);
        }
        const fresh = extractFrom(doc, domhandlerAdapter, { url: URL_ });
        const again = state ? reextract(state, changed) : null;
        if (again) {
          incremental++;
          expect(comparable(again.extract, ids), `${file}, round ${round}`).toEqual(
            comparable(fresh, ids),
          );
          state = again.state;
        } else {
          declined++;
          state = extractKeep(doc, domhandlerAdapter, { url: URL_ }).state;
        }
      }
    }
    // Edits in <head>, navigation, footers and whitespace between tags touch nodes the walk
    // did not keep, and decline by design; edits in body paragraphs must mostly take the
    // incremental path — a test where every edit declines would prove nothing.
    expect(declined).toBeGreaterThan(0);
    expect(incremental).toBeGreaterThan(pages.length * 10);
  });

  it('takes the incremental path for typing in a paragraph and gives the typed text', () => {
    const doc = parseDocument(
      '<div id="draft"><p>某市停车管理办法</p><p>第一条　为了规范停车秩序，制定本办法。</p>' +
        '<p>第二条　本办法自2027年3月1日起施行。</p></div>',
    );
    const root = doc.children[0]!;
    const first = extractKeep(root, domhandlerAdapter);
    const node = textNodes(root)[1]!;
    node.data += '违反的处以罚款五千元。';
    const again = reextract(first.state!, [node]);
    expect(again).not.toBeNull();
    expect(again!.extract.text).toBe(extractFrom(root, domhandlerAdapter).text);
    expect(again!.extract.text).toContain('制定本办法。违反的处以罚款五千元。');
    // The segment of the edited node covers the new text.
    const seg = again!.extract.segments.find((s) => s.node === node)!;
    expect(again!.extract.text.slice(seg.start, seg.end)).toBe(node.data);
  });

  it('declines when an edit changes more than the sums: a label, a link, a widget turning prose, an unknown node', () => {
    const html =
      '<div><div class="share">分享到</div><p>第一条　为了规范停车秩序，制定本办法。</p>' +
      '<p><a href="/f/a.pdf">附件1.pdf</a></p><p>第二条　本办法自2027年3月1日起施行。</p></div>';
    const fresh = () => {
      const doc = parseDocument(html);
      const root = doc.children[0]!;
      return { root, texts: textNodes(root), state: extractKeep(root, domhandlerAdapter).state! };
    };
    // A metadata label line appears.
    let f = fresh();
    f.texts[1]!.data = '发文字号：汀政规〔2026〕1号';
    expect(reextract(f.state, [f.texts[1]!])).toBeNull();
    // Link text names an attachment.
    f = fresh();
    f.texts[2]!.data = '附件2.docx';
    expect(reextract(f.state, [f.texts[2]!])).toBeNull();
    // The share box grows into prose: no longer boilerplate.
    f = fresh();
    f.texts[0]!.data = '第三条　规定的事项，按照本办法执行，'.repeat(20);
    expect(reextract(f.state, [f.texts[0]!])).toBeNull();
    // A node the walk never saw.
    f = fresh();
    expect(reextract(f.state, [parseDocument('x').children[0]!])).toBeNull();
    // After declining, the state is spent even for a harmless edit.
    f = fresh();
    expect(reextract(f.state, [parseDocument('x').children[0]!])).toBeNull();
    f.texts[3]!.data += '。';
    expect(reextract(f.state, [f.texts[3]!])).toBeNull();
  });

  it('a throwing adapter gives an empty extract and no state', () => {
    const bad = {
      ...domhandlerAdapter,
      children: () => {
        throw new Error('hostile');
      },
    };
    const r = extractKeep(parseDocument('<p>x</p>'), bad);
    expect(r.state).toBeNull();
    expect(r.extract.text).toBe('');
    expect(r.extract.truncated).toBe(true);
  });

  it('lists every attribute the algorithm reads (the page watches these for re-extraction)', () => {
    const dir = join(__dirname, '../../../rules/extract');
    const source = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const read = new Set<string>();
    for (const m of source.matchAll(/\battr\(\s*[^,()]+(?:\([^()]*\))?[^,()]*,\s*'([^']+)'\s*\)/g))
      read.add(m[1]!);
    // The pattern must see the reads at all (a changed call style would make this vacuous).
    expect(read.size).toBeGreaterThanOrEqual(8);
    expect([...read].filter((a) => !ATTRIBUTES_READ.includes(a))).toEqual([]);
  });
});
