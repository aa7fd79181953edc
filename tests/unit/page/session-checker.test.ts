/**
 * The review session of a file (lib/page/session.ts with a ReviewSource) whose engine runs off
 * the page's thread (`checker`, the file page's worker): the badge gets the same report as a
 * check on the page, the checker is given the active packs, and a checker that fails leaves the
 * review to the page instead of leaving the file unreviewed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { renderFile } from '../../../lib/files/render';
import { checkInput } from '../../../lib/files/work';
import { startReview, type RemoteChecker, type SessionView } from '../../../lib/page/session';
import { compilePacks } from '../../../rules/engine';
import type { FileDocument } from '../../../rules/formats';
import { seedPacks } from '../../../rules/seeds';
import type { Pack } from '../../../rules/schema';

const TODAY = '2026-11-27';
const TEXT = readFileSync(
  join(import.meta.dirname, '../../fixtures/files/innovation-voucher.txt'),
  'utf8',
).trim();
const DOC: FileDocument = {
  format: 'docx',
  text: TEXT,
  spans: [{ start: 0, end: TEXT.length, paragraph: 1 }],
  pages: null,
  pageStarts: [],
  notices: [],
  title: null,
};
const URL = 'file:///%E5%88%9B%E6%96%B0%E5%88%B8.docx';

/** Reviews the file with `checker`; resolves to the first view drawn and the stop function. */
async function review(checker?: RemoteChecker) {
  const box = document.createElement('article');
  document.body.append(box);
  const extract = renderFile(box, DOC);
  const views: SessionView[] = [];
  const stop = await startReview({
    render: (v) => views.push(v),
    source: {
      url: URL,
      extract: () => ({
        target: { kind: 'page', doc: document },
        extract,
        text: extract.text,
        title: null,
        meta: { 发布日期: '2026年10月8日' },
        attachments: [],
        state: null,
        incremental: false,
      }),
      ...(checker ? { checker } : {}),
    },
  });
  return { view: views.at(-1)!, stop };
}

describe('a file’s review with the engine off the page’s thread', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // The background's answers (the fake browser resolves sendMessage through sendResponse).
    fakeBrowser.runtime.onMessage.addListener(((
      msg: { type: string },
      _sender: unknown,
      sendResponse: (r: unknown) => void,
    ) => {
      if (msg.type === 'getActivePacks')
        sendResponse({ ok: true, data: { packs: seedPacks, refs: [] } });
      else if (msg.type === 'getSettings')
        sendResponse({ ok: true, data: { todayOverride: TODAY } });
      else sendResponse({ ok: true, data: null });
      return true;
    }) as never);
  });
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('draws the checker’s report, the same as a check on the page, and gives it the packs', async () => {
    const onPage = await review();
    onPage.stop();
    let packs: Pack[] = [];
    const calls: string[] = [];
    const checker: RemoteChecker = {
      setPacks: (p) => {
        packs = p;
      },
      check: async (input, opts) => {
        calls.push(opts.url);
        // What the worker does with the packs it was given (lib/files/work.ts).
        return checkInput(input, compilePacks(packs, undefined, { validated: true }), opts);
      },
    };
    const off = await review(checker);
    off.stop();
    expect(packs).toEqual(seedPacks);
    expect(calls).toEqual([URL]);
    expect(off.view.result.report).toEqual(onPage.view.result.report);
    expect(off.view.result.model).toEqual(onPage.view.result.model);
    expect(off.view.result.report.findings.length).toBeGreaterThan(0);
  });

  it('reviews on the page when the checker fails', async () => {
    const onPage = await review();
    onPage.stop();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const off = await review({
      setPacks: () => {},
      check: () => Promise.reject(new Error('文件处理线程出错：Out of memory')),
    });
    off.stop();
    expect(off.view.result.report).toEqual(onPage.view.result.report);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
