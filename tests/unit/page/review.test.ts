import { afterEach, describe, expect, it } from 'vitest';
import {
  extractScope,
  extractTarget,
  findTarget,
  sameSegments,
  targetAlive,
  watchTarget,
  PAGE_MAX_CHARS,
} from '@/lib/page/review';
import { editingSurface, hasEditor } from '@/lib/page/precheck';
import { parseInbound } from '@/lib/page/session';
import { TRS_PAGE } from './portal';

function load(html: string): Document {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.documentElement.remove();
  document.appendChild(document.importNode(parsed.documentElement, true));
  return document;
}

const DRAFT =
  '某市停车管理办法\n第一条　为了规范停车秩序，制定本办法。\n第二条　本办法适用于本市。';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the review target', () => {
  it('is the page when there is no editing surface with a draft in it', () => {
    const doc = load(TRS_PAGE);
    expect(findTarget(doc).kind).toBe('page');
  });

  it('is the largest editing surface: a textarea, or a contenteditable', () => {
    const doc = load(
      `<body><textarea id="a"></textarea><div contenteditable="true" id="b"><p>${DRAFT}</p></div></body>`,
    );
    (doc.getElementById('a') as HTMLTextAreaElement).value = `${DRAFT}${DRAFT}`;
    const t = findTarget(doc);
    expect(t.kind).toBe('textarea');
    (doc.getElementById('a') as HTMLTextAreaElement).value = 'short';
    expect(findTarget(doc).kind).toBe('editable');
  });

  it('skips a textarea a rich editor has hidden, and notices when it gets hidden', async () => {
    const doc = load(`<body><textarea id="a"></textarea></body>`);
    const ta = doc.getElementById('a') as HTMLTextAreaElement;
    ta.value = DRAFT;
    const t = findTarget(doc);
    expect(t.kind).toBe('textarea');
    expect(targetAlive(t)).toBe(true);
    let cues = 0;
    const stop = watchTarget(t, () => cues++);
    ta.style.display = 'none'; // what TinyMCE does once its iframe is up
    await new Promise((r) => setTimeout(r, 0));
    expect(cues).toBe(1);
    expect(targetAlive(t)).toBe(false);
    expect(findTarget(doc).kind).toBe('page');
    stop();
  });

  it('caps the reviewed text of a huge textarea', () => {
    const doc = load(`<body><textarea id="a"></textarea></body>`);
    const ta = doc.getElementById('a') as HTMLTextAreaElement;
    ta.value = '第一条　本办法。'.repeat(100_000);
    const x = extractTarget(findTarget(doc), 'http://x.gov.cn/');
    expect(x.text.length).toBe(PAGE_MAX_CHARS);
  });
});

describe('the pre-check of editing surfaces', () => {
  it('counts a draft in a textarea or contenteditable, not an empty comment box', () => {
    const doc = load('<body><form><textarea></textarea></form></body>');
    expect(hasEditor(doc)).toBe(true);
    expect(editingSurface(doc)).toBe(false);
    (doc.querySelector('textarea') as HTMLTextAreaElement).value = DRAFT;
    expect(editingSurface(doc)).toBe(true);
    load(`<body><div contenteditable=""><p>${DRAFT}</p></div></body>`);
    expect(editingSurface(document)).toBe(true);
  });
});

describe('unchanged text and the mutation scope', () => {
  it('knows when a re-extraction maps the same text to the same nodes', () => {
    const doc = load(TRS_PAGE);
    const a = extractTarget(findTarget(doc), 'http://x.gov.cn/').extract;
    const b = extractTarget(findTarget(doc), 'http://x.gov.cn/').extract;
    expect(sameSegments(a, b)).toBe(true);
    // The same words in new nodes (a framework re-render): text equal, segments not.
    const p = doc.querySelector('#zoom p')!;
    p.replaceChildren(doc.createTextNode(p.textContent ?? ''));
    const c = extractTarget(findTarget(doc), 'http://x.gov.cn/').extract;
    expect(c!.text).toBe(a!.text);
    expect(sameSegments(a, c)).toBe(false);
  });

  it('ignores mutations outside the reviewed text, and not those inside it', async () => {
    const doc = load(TRS_PAGE.replace('<footer>', '<div id="clock">00:00</div><footer>'));
    const t = findTarget(doc);
    const x = extractTarget(t, 'http://x.gov.cn/');
    const scope = extractScope(x.extract);
    expect(scope).not.toBeNull();
    let cues = 0;
    const stop = watchTarget(t, () => cues++, { scope: () => scope });
    doc.getElementById('clock')!.textContent = '00:01';
    await new Promise((r) => setTimeout(r, 0));
    expect(cues).toBe(0);
    doc.querySelector('#zoom p')!.append('改动');
    await new Promise((r) => setTimeout(r, 0));
    expect(cues).toBe(1);
    stop();
  });

  it("does not count the extension's own badge host as a change", async () => {
    const doc = load(TRS_PAGE);
    let cues = 0;
    const stop = watchTarget(findTarget(doc), () => cues++);
    doc.body.append(doc.createElement('guishen-ui'));
    await new Promise((r) => setTimeout(r, 0));
    expect(cues).toBe(0);
    stop();
  });
});

describe('inbound messages of the content script', () => {
  it.each([
    [
      { type: 'scrollToFinding', tabId: 3, findingIndex: 2 },
      { type: 'scrollToFinding', findingIndex: 2 },
    ],
    [{ type: 'recheckTab', tabId: 3 }, { type: 'recheckTab' }],
    [{ type: 'packsChanged' }, { type: 'packsChanged' }],
    [{ type: 'scrollToFinding', findingIndex: -1 }, null],
    [{ type: 'scrollToFinding', findingIndex: 1.5 }, null],
    [{ type: 'scrollToFinding', findingIndex: '1' }, null],
    [{ type: 'saveRecord' }, null],
    ['recheckTab', null],
    [null, null],
  ])('reads %j as %j', (raw, want) => {
    expect(parseInbound(raw)).toEqual(want);
  });
});
