import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FactSpan, Finding } from '@/rules/schema';
import { extractPage } from '@/lib/page/extract';
import {
  applyHighlights,
  clearHighlights,
  factHighlightName,
  findingAtPoint,
  findingHighlightName,
  highlightCss,
  highlightHits,
  highlightsEnabled,
  hitsAtOffset,
  toggleHighlights,
} from '@/lib/page/highlight';
import { TRS_PAGE } from './portal';

/** happy-dom has no CSS Custom Highlight API: a faithful-enough stand-in (Set + priority). */
class FakeHighlight extends Set<Range> {
  priority = 0;
}
const registry = new Map<string, FakeHighlight>();

function load(html: string): Document {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.documentElement.remove();
  document.appendChild(document.importNode(parsed.documentElement, true));
  return document;
}

function finding(start: number, end: number, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'national/x',
    kind: 'pattern',
    severity: 'error',
    category: '合法性',
    message: 'm',
    basis: 'b',
    range: { start, end },
    anchor: { exact: '', prefix: '', suffix: '' },
    ...over,
  };
}

beforeEach(() => {
  // window.CSS is a fresh object per access in happy-dom: replace it with a stable one.
  Object.defineProperty(window, 'Highlight', { value: FakeHighlight, configurable: true });
  Object.defineProperty(window, 'CSS', { value: { highlights: registry }, configurable: true });
  registry.clear();
});
afterEach(() => clearHighlights());

describe('highlights', () => {
  it('uses ASCII registry names per severity × category and per fact', () => {
    expect(findingHighlightName('error', '合法性')).toBe('gs-err-legal');
    expect(findingHighlightName('warning', '格式')).toBe('gs-warn-format');
    expect(findingHighlightName('info', '三统一')).toBe('gs-info-unify');
    expect(factHighlightName('docNumber')).toBe('gs-fact-docnum');
    expect(highlightCss()).toMatch(/::highlight\(gs-err-legal\)[^{]*\{[^}]*wavy/);
    expect(highlightCss()).toMatch(/::highlight\(gs-fact-docnum\)[^{]*\{[^}]*underline solid/);
    // Every registry name has a style.
    for (const sev of ['err', 'warn', 'info'])
      for (const cat of ['unify', 'validity', 'legal', 'procedure', 'format'])
        expect(highlightCss()).toContain(`::highlight(gs-${sev}-${cat})`);
    expect(highlightCss()).not.toMatch(/[^\x00-\x7f]/);
  });

  it('registers one highlight per group, adds every range, and leaves the DOM unchanged', () => {
    const doc = load(TRS_PAGE);
    const before = doc.documentElement.outerHTML;
    const x = extractPage(doc, 'http://a/');
    const i = x.text.indexOf('罚款') >= 0 ? x.text.indexOf('罚款') : x.text.indexOf('第一条');
    const j = x.text.indexOf('有效期5年');
    const findings = [
      finding(i, i + 3),
      finding(j, j + 5, { severity: 'warning', category: '有效期' }),
      finding(x.text.indexOf('\n'), x.text.indexOf('\n') + 1), // only an inserted newline
    ];
    const facts: FactSpan[] = [
      { name: 'effectiveDate', value: '2024-05-01', range: { start: j - 10, end: j - 1 } },
    ];
    const res = applyHighlights(doc, x, findings, facts);
    expect(res).toEqual({ ranges: 3, unresolved: 1, supported: true });
    expect([...registry.keys()].sort()).toEqual([
      'gs-err-legal',
      'gs-fact-effdate',
      'gs-warn-validity',
    ]);
    expect(registry.get('gs-err-legal')!.size).toBe(1);
    expect(registry.get('gs-err-legal')!.priority).toBeGreaterThan(
      registry.get('gs-fact-effdate')!.priority,
    );
    expect([...registry.get('gs-warn-validity')!][0].toString()).toBe('有效期5年');
    expect(doc.documentElement.outerHTML).toBe(before);
    expect(doc.adoptedStyleSheets.length).toBe(1);
    expect(doc.querySelectorAll('style').length).toBe(0);
  });

  it('paints a finding at each of its places, and each place opens the same finding', () => {
    const doc = load(TRS_PAGE);
    const x = extractPage(doc, 'http://a/');
    const k = x.text.indexOf('第一条');
    const j = x.text.indexOf('有效期5年');
    const f = finding(k, k + 3, { ranges: [{ start: j, end: j + 5 }] });
    const res = applyHighlights(doc, x, [f], []);
    expect(res).toEqual({ ranges: 2, unresolved: 0, supported: true });
    expect([...registry.get('gs-err-legal')!].map((r) => r.toString())).toEqual([
      '第一条',
      '有效期5年',
    ]);
    expect(highlightHits(doc).map((h) => [h.finding, h.index])).toEqual([
      [f, 0],
      [f, 0],
    ]);
  });

  it('handles thousands of findings without spreading them into a call', () => {
    const doc = load(TRS_PAGE);
    const x = extractPage(doc, 'http://a/');
    const k = x.text.indexOf('第一条');
    const many = Array.from({ length: 5000 }, () => finding(k, k + 3));
    const res = applyHighlights(doc, x, many, []);
    expect(res.ranges).toBe(5000);
    expect(registry.get('gs-err-legal')!.size).toBe(5000);
  });

  it('toggles off and on without losing ranges, and clears everything', () => {
    const doc = load(TRS_PAGE);
    const x = extractPage(doc, 'http://a/');
    const k = x.text.indexOf('第一条');
    applyHighlights(doc, x, [finding(k, k + 3)], []);
    expect(highlightsEnabled(doc)).toBe(true);
    expect(toggleHighlights(doc)).toBe(false);
    expect(registry.size).toBe(0);
    expect(highlightHits(doc)).toHaveLength(1);
    expect(toggleHighlights(doc)).toBe(true);
    expect(registry.get('gs-err-legal')!.size).toBe(1);
    clearHighlights(doc);
    expect(registry.size).toBe(0);
    expect(doc.adoptedStyleSheets.length).toBe(0);
    expect(highlightHits(doc)).toHaveLength(0);
  });

  it('prepares but does not paint with enabled: false', () => {
    const doc = load(TRS_PAGE);
    const x = extractPage(doc, 'http://a/');
    const k = x.text.indexOf('第一条');
    applyHighlights(doc, x, [finding(k, k + 3)], [], { enabled: false });
    expect(registry.size).toBe(0);
    expect(highlightHits(doc)).toHaveLength(1);
  });

  it('hit-tests a caret position: most severe finding first, overlaps found', () => {
    const doc = load(TRS_PAGE);
    const x = extractPage(doc, 'http://a/');
    const k = x.text.indexOf('第一条');
    const findings = [
      finding(k - 30 < 0 ? 0 : k - 30, k + 40, { severity: 'info' }), // long, starts early
      finding(k, k + 3, { severity: 'warning' }),
      finding(k + 1, k + 2, { severity: 'error' }),
      finding(k + 50, k + 52),
    ];
    applyHighlights(doc, x, findings, []);
    const seg = x.segments.find((s) => s.start <= k + 1 && k + 1 < s.end)!;
    (doc as unknown as { caretPositionFromPoint: unknown }).caretPositionFromPoint = () => ({
      offsetNode: seg.node,
      offset: seg.nodeOffset + (k + 2 - seg.start),
    });
    const hit = findingAtPoint(10, 10, doc)!;
    expect(hit.findings.map((h) => h.finding!.severity)).toEqual(['error', 'warning', 'info']);
    expect(hit.findings[0].index).toBe(2);
    expect(hit.range.toString()).toBe(x.text.slice(k + 1, k + 2));
  });

  it('finds nothing between highlights', () => {
    const hits = [
      { start: 0, end: 2, range: {} as Range, finding: finding(0, 2) },
      { start: 10, end: 12, range: {} as Range, finding: finding(10, 12) },
    ];
    expect(hitsAtOffset({ hits, maxEnd: [2, 12] }, 6)).toBeNull();
    expect(hitsAtOffset({ hits, maxEnd: [2, 12] }, 11)!.findings).toHaveLength(1);
  });
});
