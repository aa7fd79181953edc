import { describe, expect, it } from 'vitest';
import {
  CONTENT_SCRIPT_MESSAGES,
  CONTENT_SCRIPT_ONLY,
  MessageSchema,
  validateInbound,
  type SenderLike,
} from '@/lib/messages';
import type { Report } from '@/rules/schema';
import { finding } from './fixtures';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const page: SenderLike = { id: ID, url: `chrome-extension://${ID}/sidepanel.html` };
const pageInTab: SenderLike = {
  id: ID,
  url: `chrome-extension://${ID}/options.html#log`,
  tab: { id: 3 },
};
const content = (tab: number): SenderLike => ({
  id: ID,
  url: 'https://www.example.gov.cn/zqyj/1.html',
  tab: { id: tab },
  frameId: 0,
});

const report: Report = {
  facts: {
    title: '某办法',
    docNumber: null,
    registrationNumber: null,
    issuer: null,
    publishDate: null,
    effectiveDate: '2025-04-01',
    validity: { years: 5, until: null, expiry: '2030-03-31' },
    trial: false,
    isDraft: true,
    commentDeadline: null,
    attachments: [],
  },
  factSpans: [],
  classification: {
    isDocument: true,
    isDraft: true,
    level: '行政规范性文件',
    normative: true,
    score: 0.9,
    reasons: [],
  },
  findings: [finding()],
  checklist: [],
  packs: [{ id: 'national', version: '1.0.0' }],
};
const reportUpdated = (tabId?: number) => ({
  type: 'reportUpdated',
  ...(tabId !== undefined ? { tabId } : {}),
  url: 'https://www.example.gov.cn/zqyj/1.html',
  docKey: 'title:某办法@www.example.gov.cn',
  report,
});

describe('message contract', () => {
  it('accepts a report from a content script for its own tab and names the tab', () => {
    expect(validateInbound(reportUpdated(), content(7), ID)).toMatchObject({
      ok: true,
      from: 'content',
      tabId: 7,
    });
    expect(validateInbound(reportUpdated(7), content(7), ID)).toMatchObject({ ok: true, tabId: 7 });
  });

  it('takes the file locations of a reviewed file’s findings, each one short', () => {
    const msg = { ...reportUpdated(12), locations: ['第 1 页第 3 行'] };
    expect(validateInbound(msg, page, ID)).toMatchObject({ ok: true });
    const long = validateInbound({ ...msg, locations: ['第'.repeat(41)] }, page, ID);
    expect(long).toMatchObject({ ok: false, code: 'bad-shape' });
    if (!long.ok) expect(long.reason).toMatch(/文件中的位置\(locations\)/);
  });

  it('lets extension pages send anything, also when opened in a tab', () => {
    const msgs = [
      { type: 'getTabReport', tabId: 12 },
      { type: 'scrollToFinding', tabId: 12, findingIndex: 0 },
      { type: 'recheckTab', tabId: 12 },
      { type: 'getActivePacks' },
    ];
    for (const msg of msgs) {
      expect(validateInbound(msg, page, ID)).toMatchObject({ ok: true, from: 'page' });
      expect(validateInbound(msg, pageInTab, ID)).toMatchObject({ ok: true, from: 'page' });
    }
  });

  it('accepts a Firefox page whose origin is not the id', () => {
    const origin = 'moz-extension://1b2c3d4e-aaaa-bbbb-cccc-0123456789ab';
    const ffId = 'guishen@guishen.local';
    expect(
      validateInbound(
        { type: 'getSettings' },
        { id: ffId, url: `${origin}/popup.html` },
        ffId,
        origin,
      ),
    ).toMatchObject({ ok: true, from: 'page' });
  });

  it.each([
    ['a missing type', {}, /消息类型\(type\)/],
    ['an unknown type', { type: 'deleteEverything' }, /消息类型/],
    ['a string', 'getActivePacks', /消息格式不正确/],
    ['a negative tab id', { type: 'getTabReport', tabId: -1 }, /标签页\(tabId\)/],
    [
      'a report without findings',
      { ...reportUpdated(), report: { ...report, findings: undefined } },
      /审查结果\(report\) › 问题\(findings\)/,
    ],
    [
      'a finding with a bad severity',
      {
        ...reportUpdated(),
        report: { ...report, findings: [finding({ severity: 'fatal' as never })] },
      },
      /严重程度\(severity\)/,
    ],
  ])('rejects %s as a bad shape', (_name, msg, reason) => {
    const result = validateInbound(msg, page, ID);
    expect(result).toMatchObject({ ok: false, code: 'bad-shape' });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    [
      'another extension',
      {
        id: 'otherextensionidotherextensionid',
        url: 'chrome-extension://otherextensionidotherextensionid/x.html',
      },
      'foreign-sender',
    ],
    [
      'a sender with no id (a web page via externally_connectable)',
      { url: 'https://evil.example/' },
      'foreign-sender',
    ],
    [
      'our id but neither our origin nor a tab',
      { id: ID, url: 'https://evil.example/' },
      'unknown-sender',
    ],
    [
      'our id from a page pretending to be our origin',
      { id: ID, url: `chrome-extension://${ID}.evil.example/` },
      'unknown-sender',
    ],
  ])('rejects %s', (_name, sender, code) => {
    expect(validateInbound({ type: 'getActivePacks' }, sender, ID)).toMatchObject({
      ok: false,
      code,
    });
  });

  it('refuses a content script asking about another tab', () => {
    const result = validateInbound({ type: 'getTabReport', tabId: 8 }, content(7), ID);
    expect(result).toMatchObject({ ok: false, code: 'wrong-tab' });
    if (!result.ok) expect(result.reason).toContain('标签页 8');
    expect(validateInbound(reportUpdated(8), content(7), ID)).toMatchObject({
      ok: false,
      code: 'wrong-tab',
    });
    expect(validateInbound({ type: 'openSidePanel', tabId: 8 }, content(7), ID)).toMatchObject({
      ok: false,
      code: 'wrong-tab',
    });
  });

  it('refuses page-only messages from a content script', () => {
    for (const msg of [
      { type: 'saveRecord', record: {} },
      { type: 'scrollToFinding', tabId: 7, findingIndex: 1 },
      { type: 'recheckTab', tabId: 7 },
      { type: 'packsChanged' },
    ]) {
      const result = validateInbound(msg, content(7), ID);
      expect(result.ok).toBe(false);
    }
    expect(validateInbound({ type: 'recheckTab', tabId: 7 }, content(7), ID)).toMatchObject({
      code: 'not-allowed',
    });
  });

  it('lets a content script ask for the review bundle in its own frame only', () => {
    // The target comes from the sender: its tab, frame and (Chrome) document.
    expect(
      validateInbound(
        { type: 'injectReview' },
        { ...content(7), frameId: 3, documentId: 'DOC-7-3' },
        ID,
      ),
    ).toEqual({
      ok: true,
      message: { type: 'injectReview' },
      from: 'content',
      tabId: 7,
      frameId: 3,
      documentId: 'DOC-7-3',
    });
    // Firefox: no document id, the frame id stands.
    expect(validateInbound({ type: 'injectReview' }, content(7), ID)).toEqual({
      ok: true,
      message: { type: 'injectReview' },
      from: 'content',
      tabId: 7,
      frameId: 0,
    });
    // Naming another tab or frame is not part of the message at all.
    for (const extra of [{ tabId: 8 }, { tabId: 7 }, { frameId: 1 }, { files: ['x.js'] }]) {
      expect(validateInbound({ type: 'injectReview', ...extra }, content(7), ID)).toMatchObject({
        ok: false,
        code: 'bad-shape',
      });
    }
    // A sender without a frame, or an extension page (no frame to inject into), is refused.
    expect(
      validateInbound({ type: 'injectReview' }, { ...content(7), frameId: undefined }, ID),
    ).toMatchObject({ ok: false, code: 'wrong-frame' });
    for (const sender of [page, pageInTab])
      expect(validateInbound({ type: 'injectReview' }, sender, ID)).toMatchObject({
        ok: false,
        code: 'not-allowed',
      });
  });

  it("takes the office log's messages from extension pages only, checked field by field", () => {
    const good = [
      { type: 'officeConflict', recordId: 'r1' },
      { type: 'officeResolve', recordId: 'r1', rev: '3-0123abcd' },
      { type: 'officeResolve', recordId: 'r1', rev: '3-0123abcd', shown: ['3-0123abcd', '2-ff'] },
      { type: 'officeMarks', recordIds: ['r1', 'r2'] },
      { type: 'officeReupload' },
      { type: 'officeUploadHeld' },
      { type: 'officeSyncNow', rescan: true },
    ];
    for (const msg of good) {
      expect(validateInbound(msg, page, ID)).toMatchObject({ ok: true, from: 'page' });
      expect(validateInbound(msg, content(7), ID)).toMatchObject({
        ok: false,
        code: 'not-allowed',
      });
    }
    for (const msg of [
      { type: 'officeResolve', recordId: 'r1', rev: '<script>' },
      { type: 'officeResolve', recordId: '', rev: '3-abc' },
      { type: 'officeResolve', recordId: 'r1', rev: '3-abc', shown: ['<b>'] },
      { type: 'officeMarks', recordIds: Array.from({ length: 201 }, (_, i) => `r${i}`) },
      { type: 'officeMarks', recordIds: [1] },
      { type: 'officeReupload', all: true },
      { type: 'officeSyncNow', rescan: 'yes' },
      { type: 'officeUploadHeld', ids: ['r1'] },
    ])
      expect(validateInbound(msg, page, ID)).toMatchObject({ ok: false, code: 'bad-shape' });
    expect(
      validateInbound({ type: 'officeResolve', recordId: 'r1', rev: 'x' }, page, ID),
    ).toMatchObject({ reason: expect.stringContaining('版本号格式不正确') });
  });

  it('lists only known message types as content-script messages', () => {
    const known = new Set(MessageSchema.options.map((o) => o.shape.type.value));
    for (const t of CONTENT_SCRIPT_MESSAGES) expect(known.has(t)).toBe(true);
    for (const t of CONTENT_SCRIPT_ONLY) expect(CONTENT_SCRIPT_MESSAGES.has(t)).toBe(true);
  });
});
