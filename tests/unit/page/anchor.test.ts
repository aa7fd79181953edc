import { describe, expect, it } from 'vitest';
import { anchorQuote, editDistance, quoteAt } from '@/lib/page/anchor';

const DOC =
  '某市人民政府关于印发《某市养犬管理办法》的通知\n某府规〔2024〕3号\n第一条　为了规范养犬行为，制定本办法。\n' +
  '第二条　违反本办法规定的，处200元以上500元以下罚款。\n第三条　本办法自2024年5月1日起施行，有效期5年。\n';

function quote(text: string, exact: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(exact, at + 1);
  return { at, q: quoteAt(text, at, at + exact.length, 12) };
}

describe('anchorQuote', () => {
  const { at, q } = quote(DOC, '处200元以上500元以下罚款');

  it.each([
    ['unchanged text, at the hint', DOC, at],
    ['text inserted before (moved)', `前言：新增一段说明文字。\n${DOC}`, at],
    ['text deleted before (moved back)', DOC.replace('某市人民政府关于印发', ''), at],
    ['the prefix edited', DOC.replace('违反本办法规定的', '违反本办法第一条规定的'), at],
    ['the suffix edited', DOC.replace('。\n第三条', '；情节严重的，依法处理。\n第三条'), at],
    ['a wrong hint far away', DOC, 0],
  ])('finds the quote exactly: %s', (_name, text, hint) => {
    const m = anchorQuote(text, q, hint);
    expect(m).not.toBeNull();
    expect(text.slice(m!.start, m!.end)).toBe(q.exact);
    expect(m!.exact).toBe(true);
  });

  it('picks the occurrence whose context matches when the quote repeats', () => {
    const text = '甲条：本办法自公布之日起施行。乙条：本办法自公布之日起施行。丙条';
    const second = text.lastIndexOf('本办法自公布之日起施行');
    const q2 = quoteAt(text, second, second + 11, 4);
    const m = anchorQuote(text, q2, 0);
    expect(m!.start).toBe(second);
  });

  it('finds an edited quote approximately (a digit changed)', () => {
    const text = DOC.replace('处200元以上500元以下罚款', '处300元以上500元以下罚款');
    const m = anchorQuote(text, q, at);
    expect(m).not.toBeNull();
    expect(m!.exact).toBe(false);
    expect(text.slice(m!.start, m!.end)).toBe('处300元以上500元以下罚款');
  });

  it('finds a heavily edited quote by its intact context', () => {
    const text = DOC.replace('处200元以上500元以下罚款', '依法予以警告并责令改正罚款');
    const m = anchorQuote(text, q, at);
    // Context-only matches need the quote to stay at least half similar; this one is not.
    if (m) expect(text.slice(m.start, m.end)).toBe('依法予以警告并责令改正罚款');
  });

  it('returns null when the quote was deleted', () => {
    const text = DOC.replace('处200元以上500元以下罚款', '');
    expect(anchorQuote(text, q, at)).toBeNull();
  });

  it('returns null for a short quote that is gone, instead of matching noise', () => {
    const short = quoteAt(DOC, DOC.indexOf('罚款'), DOC.indexOf('罚款') + 2, 8);
    expect(anchorQuote(DOC.replace('罚款', '警告'), short, 0)).toBeNull();
  });

  it('stays bounded on a large text with many near-misses', () => {
    const big = '处200元以上400元以下罚金。'.repeat(40_000);
    const t0 = performance.now();
    anchorQuote(big, q, 10);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('rejects empty quotes and empty text', () => {
    expect(anchorQuote('', q)).toBeNull();
    expect(anchorQuote(DOC, { exact: '', prefix: '', suffix: '' })).toBeNull();
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['罚款', '罚金', 1],
    ['kitten', 'sitting', 3],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('stops early past the bound', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
  });
});
