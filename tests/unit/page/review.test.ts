import { afterEach, describe, expect, it } from 'vitest';
import {
  extractScope,
  extractTarget,
  findTarget,
  sameSegments,
  targetAlive,
  watchTarget,
  EditLog,
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

describe('re-extraction from the edit log of an editing surface', () => {
  const URL_ = 'http://x.gov.cn/draft';
  const setup = () => {
    const doc = load(
      `<body><div contenteditable="true" id="d">${DRAFT.split('\n')
        .map((l) => `<p>${l}</p>`)
        .join('')}</div></body>`,
    );
    const t = findTarget(doc);
    expect(t.kind).toBe('editable');
    const log = new EditLog();
    let cues = 0;
    const stop = watchTarget(t, () => cues++, { log });
    const first = extractTarget(t, URL_);
    expect(first.state).not.toBeNull();
    const paras = [...doc.querySelectorAll('#d p')];
    return { doc, t, log, stop, first, paras, cues: () => cues };
  };

  it('typing in a paragraph: the edited node is logged and the re-extraction equals a fresh one', async () => {
    const { t, log, stop, first, paras, cues } = setup();
    (paras[1]!.firstChild as Text).appendData('违反的处以罚款五千元。');
    await new Promise((r) => setTimeout(r, 0));
    expect(cues()).toBe(1);
    const changes = log.take();
    expect(changes.structural).toBe(false);
    expect([...changes.texts]).toEqual([paras[1]!.firstChild]);
    const again = extractTarget(t, URL_, { state: first.state!, texts: changes.texts });
    expect(again.incremental).toBe(true);
    const fresh = extractTarget(t, URL_);
    expect(again.text).toBe(fresh.text);
    expect(again.text).toContain('制定本办法。违反的处以罚款五千元。');
    expect(sameSegments(again.extract, fresh.extract)).toBe(true);
    stop();
  });

  it('records still queued in the observer are taken too (no microtask needed)', () => {
    const { log, stop, paras } = setup();
    (paras[2]!.firstChild as Text).data = '第二条　本办法自2027年1月1日起施行。';
    const changes = log.take();
    expect([...changes.texts]).toEqual([paras[2]!.firstChild]);
    // Taken once: the next take starts afresh.
    expect(log.take().texts.size).toBe(0);
    stop();
  });

  it('a new paragraph or an attribute the extraction reads makes the next extraction a full one', () => {
    const { doc, log, stop, paras } = setup();
    const p = doc.createElement('p');
    p.textContent = '第三条　新增的条款。';
    doc.getElementById('d')!.appendChild(p);
    expect(log.take().structural).toBe(true);
    paras[0]!.setAttribute('class', 'share');
    expect(log.take().structural).toBe(true);
    paras[0]!.setAttribute('data-id', '7'); // not read by the extraction
    expect(log.take().structural).toBe(false);
    stop();
    // Stopped: nothing is logged any more.
    paras[0]!.setAttribute('class', 'x');
    expect(log.take().structural).toBe(false);
  });

  it('a state of another surface is not used', () => {
    const { t, first, stop } = setup();
    const other = load(`<body><div contenteditable="true"><p>${DRAFT}</p></div></body>`);
    const t2 = findTarget(other);
    expect(t2.kind === 'editable' && t.kind === 'editable' && t2.root !== t.root).toBe(true);
    const x = extractTarget(t2, URL_, { state: first.state!, texts: [] });
    expect(x.incremental).toBe(false);
    expect(x.text).toContain('第一条');
    stop();
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
