/**
 * No false all-clear (rules/formats/attachments.ts): a consultation notice whose draft is only
 * in its attachments names those attachments (the draft first) instead of passing as
 * 「未发现问题」; a page whose own text is the document, or that is no draft, names none.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromHtml } from '../../../rules/model';
import { check } from '../../../rules/engine';
import { pendingAttachments, readableAttachment } from '../../../rules/formats/attachments';
import { seeds } from './helpers';

const DOCS = join(import.meta.dirname, '../../../seeds/documents');
function review(file: string) {
  const url = `http://127.0.0.1:8787/${file}`;
  const model = modelFromHtml(readFileSync(join(DOCS, file), 'utf8'), url);
  return { report: check(model, seeds(), { today: '2026-11-27', url }), text: model.text };
}

describe('pendingAttachments', () => {
  it('names the draft attachments of a notice whose text has no articles, the draft first', () => {
    const { report, text } = review('d-tingjiang-ebike-files.html');
    expect(report.findings.filter((f) => f.severity === 'error')).toHaveLength(0);
    const pending = pendingAttachments(report, text);
    expect(pending.map((a) => [a.href.replace(/^.*\//, ''), a.draft])).toEqual([
      ['tj-ddc-zqyjg.docx', true],
      ['tj-ddc-zqyjg.pdf', true],
    ]);
  });

  it('leaves out the 意见反馈表 and other forms', () => {
    const { report, text } = review('d-tingjiang-ebike-charging-docx.html');
    const names = pendingAttachments(report, text).map((a) => a.name);
    expect(names.some((n) => n.includes('征求意见稿'))).toBe(true);
    expect(names.some((n) => n.includes('反馈表'))).toBe(false);
  });

  it.each([
    ['a draft whose articles are on the page', 'd-tingjiang-road-excavation-30d.html'],
    [
      'a final normative document with an attached form',
      'n-tingjiang-innovation-voucher-interim.html',
    ],
  ])('names none for %s', (_, file) => {
    const { report, text } = review(file);
    expect(pendingAttachments(report, text)).toEqual([]);
  });

  it.each([
    [{ name: '征求意见稿.docx', href: 'http://x/a.docx' }, true],
    [{ name: '征求意见稿', href: 'http://x/a.pdf?id=3' }, true],
    [{ name: '办法.ofd', href: 'http://x/download?id=9' }, true],
    [{ name: '旧稿.doc', href: 'http://x/a.doc' }, false],
    [{ name: '旧稿.wps', href: 'http://x/a.wps' }, false],
  ])('knows whether %o can be read', (a, ok) => expect(readableAttachment(a)).toBe(ok));
});
