/** The loader's start path: pre-check at DOM ready, again at load only if the DOM changed. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEarly } from '@/lib/page/early';
import { adoptHighlightSheet, markHighlightCssInjected } from '@/lib/page/highlight-css';

const NEWS = Array.from(
  { length: 40 },
  (_, i) => `<li><a href="#">汀江市召开第${i + 1}次推进会</a></li>`,
);
const DRAFT =
  '<h1>汀江市停车管理办法（征求意见稿）</h1><p>第一条　为了规范停车秩序，制定本办法。</p><p>第二条　本办法自2026年6月1日起施行。</p>';

let state: DocumentReadyState = 'loading';
const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  state = 'loading';
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => state });
  document.title = '汀江市人民政府门户网站';
  document.body.innerHTML = `<ul>${NEWS.join('')}</ul>`;
});

afterEach(() => {
  delete (document as { readyState?: unknown }).readyState;
  document.body.innerHTML = '';
});

/** Fires DOMContentLoaded, then (after `between`) load. */
async function loadPage(between?: () => void) {
  state = 'interactive';
  document.dispatchEvent(new Event('DOMContentLoaded'));
  await flush();
  between?.();
  await flush(); // mutation records are delivered
  state = 'complete';
  window.dispatchEvent(new Event('load'));
  await flush();
}

describe('startEarly', () => {
  it('does not load the review on a page that is not a document', async () => {
    const load = vi.fn(async () => () => {});
    const stop = startEarly(load);
    await loadPage();
    expect(load).not.toHaveBeenCalled();
    stop();
  });

  it('loads the review when the pre-check finds a document at DOM ready', async () => {
    document.body.innerHTML = DRAFT;
    const load = vi.fn(async () => () => {});
    const stop = startEarly(load);
    await loadPage();
    expect(load).toHaveBeenCalledTimes(1);
    stop();
  });

  it('looks again at load when the DOM changed after DOM ready (text filled by script)', async () => {
    const load = vi.fn(async () => () => {});
    const stop = startEarly(load);
    await loadPage(() => {
      document.body.insertAdjacentHTML('beforeend', DRAFT);
    });
    expect(load).toHaveBeenCalledTimes(1);
    stop();
  });

  it('starts on focus in an editing surface later, and stops the session it started', async () => {
    const stopSession = vi.fn();
    const load = vi.fn(async () => stopSession);
    const stop = startEarly(load);
    await loadPage();
    expect(load).not.toHaveBeenCalled();
    const ta = document.createElement('textarea');
    document.body.append(ta);
    ta.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    stop();
    expect(stopSession).toHaveBeenCalledTimes(1);
  });
});

describe('the highlight sheet', () => {
  it('is not adopted into a document that got it as content-script CSS', () => {
    const before = document.adoptedStyleSheets.length;
    markHighlightCssInjected();
    expect(adoptHighlightSheet(document)).toBe(true);
    expect(document.adoptedStyleSheets.length).toBe(before);
    delete (globalThis as { __guishenCssInjected?: boolean }).__guishenCssInjected;
  });

  it('is one sheet per document across module copies (loader and review bundle)', async () => {
    const before = document.adoptedStyleSheets.length;
    expect(adoptHighlightSheet(document)).toBe(true);
    expect(document.adoptedStyleSheets.length).toBe(before + 1);
    vi.resetModules();
    const copy = await import('@/lib/page/highlight-css');
    expect(copy.adoptHighlightSheet).not.toBe(adoptHighlightSheet);
    expect(copy.adoptHighlightSheet(document)).toBe(true);
    expect(document.adoptedStyleSheets.length).toBe(before + 1);
    copy.dropHighlightSheet(document);
    expect(document.adoptedStyleSheets.length).toBe(before);
  });

  describe('a shell page whose body arrives by script', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      document.body.innerHTML = '<div id="c">正在加载……</div>';
    });
    afterEach(() => vi.useRealTimers());
    const loaded = () => {
      const load = vi.fn(async () => () => {});
      const stop = startEarly(load);
      state = 'complete';
      window.dispatchEvent(new Event('load'));
      return { load, stop };
    };

    it('is looked at again, later and later', async () => {
      const { load, stop } = loaded();
      await vi.advanceTimersByTimeAsync(1600); // first late look: still empty
      expect(load).not.toHaveBeenCalled();
      document.getElementById('c')!.innerHTML = DRAFT; // the body arrives after 2.5 s
      await vi.advanceTimersByTimeAsync(3100); // second late look finds it
      expect(load).toHaveBeenCalledTimes(1);
      stop();
    });

    it('stops being looked at when it stays empty', async () => {
      const { load, stop } = loaded();
      await vi.advanceTimersByTimeAsync(20_000);
      expect(vi.getTimerCount()).toBe(0);
      expect(load).not.toHaveBeenCalled();
      stop();
    });
  });
});
