/**
 * Pinyin reading aids (「關(guān)于印發(fā)」) that some law sites insert after traditional
 * characters are not part of the document: plain text is read without them, and the page
 * emitter skips them while every character it keeps still maps to its place in the page.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Text } from 'domhandler';
import { extractFrom } from '@/rules/extract';
import { domhandlerAdapter } from '@/rules/html';
import { dropReadingAids } from '@/rules/text';
import { modelFromHtml, modelFromText } from '@/rules/model';
import { makeContext } from '@/rules/context';
import { classify } from '@/rules/classify';
import { extractFacts } from '@/rules/facts';

describe('dropReadingAids', () => {
  it.each([
    ['關(guān)于印發(fā)《管理規(guī)定》的通知', '關于印發《管理規定》的通知'],
    ['嚴(yán)禁采青，進(jìn)入河道', '嚴禁采青，進入河道'],
    ['第一條(一)依照本法', '第一條(一)依照本法'],
    ['附件(a)與表(2019)', '附件(a)與表(2019)'],
    ['English (bàn) after a space stays', 'English (bàn) after a space stays'],
    ['沒有括號的文字', '沒有括號的文字'],
  ])('%s → %s', (input, want) => {
    expect(dropReadingAids(input)).toBe(want);
  });
});

function level(model: ReturnType<typeof modelFromText>) {
  const ctx = makeContext(model);
  return classify(ctx, extractFacts(ctx, { y: 2026, m: 12, d: 7 }));
}

describe('a traditional-script text with reading aids is read like one without', () => {
  const withAids =
    '浙江省公安廳關(guān)于印發(fā)《浙江省常住戶口登記管理規(guī)定(試行)》的通知\n各市、縣(市、區(qū))公安局：\n現(xiàn)將《規(guī)定》印發(fā)給你們，請認(rèn)真貫徹執(zhí)行。\n第一條 為加強(qiáng)戶口管理，制定本規(guī)定。\n第二條 公民應(yīng)當(dāng)依照本規(guī)定申報(bào)戶口登記。\n第三條 本規(guī)定自2008年7月1日起施行。';
  const plain = dropReadingAids(withAids);

  it('gets the same title, level and facts as the text printed without aids', () => {
    const a = level(modelFromText(plain));
    expect(modelFromText(plain).title).toBe(
      '浙江省公安廳關于印發《浙江省常住戶口登記管理規定(試行)》的通知',
    );
    expect(a.level).toBe('行政规范性文件');
  });

  it('on a page, skips the aids and keeps every kept character mapped to its text node', () => {
    const html = `<html><head><title>t</title></head><body><div class="content"><h1>關(guān)于嚴(yán)禁核桃采青的通告</h1>${withAids
      .split('\n')
      .map((l) => `<p>${l}</p>`)
      .join('')}</div></body></html>`;
    const root = parseDocument(html);
    const x = extractFrom<AnyNode>(root, domhandlerAdapter);
    expect(x.text).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/);
    expect(x.text).toContain('關于印發《浙江省常住戶口登記管理規定(試行)》的通知');
    // Every segment's text is exactly the node's data at its offset: highlights land right.
    for (const s of x.segments) {
      const data = (s.node as Text).data;
      expect(data.slice(s.nodeOffset, s.nodeOffset + (s.end - s.start))).toBe(
        x.text.slice(s.start, s.end),
      );
    }
    expect(modelFromHtml(html).title).toBe('關于嚴禁核桃采青的通告');
  });
});
