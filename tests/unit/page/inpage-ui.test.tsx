import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Badge, uniqueAttachments } from '@/components/Badge';
import { HitCard } from '@/components/inpage/HitCard';
import { I18nContext } from '@/components/i18n';
import type { Finding, Report } from '@/rules/schema';
import { loadHighlightsOn, onHighlightsOnChanged, saveHighlightsOn } from '@/lib/page/prefs';
import { loadTranslate } from '../helpers/i18n';

const t = loadTranslate('zh_CN');
const PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'national/NB-CF',
    kind: 'pattern',
    severity: 'error',
    category: '合法性',
    message: `规范性文件不得设定行政处罚：「罚款」${PAYLOAD}`,
    basis: '《行政处罚法》第十六条',
    range: { start: 10, end: 12 },
    anchor: { exact: `罚款${PAYLOAD}`, prefix: '', suffix: '' },
    suggestion: '删除该条款',
    ...over,
  };
}

function report(over: Partial<Report> = {}): Report {
  return {
    facts: {
      title: `关于印发《办法》的通知${PAYLOAD}`,
      docNumber: null,
      registrationNumber: null,
      issuer: null,
      publishDate: null,
      effectiveDate: null,
      validity: { years: null, until: null, expiry: null },
      trial: false,
      isDraft: true,
      commentDeadline: null,
      attachments: [
        { name: '1. 起草说明.docx', href: 'http://x.gov.cn/a.docx' },
        { name: '起草说明.docx', href: '' },
        { name: '恶意.doc', href: 'javascript:alert(1)' },
      ],
    },
    factSpans: [],
    classification: {
      isDocument: true,
      isDraft: true,
      level: '行政规范性文件',
      normative: true,
      score: 0.82,
      reasons: [{ text: '载有登记号', weight: 3.5 }],
    },
    findings: [finding(), finding({ severity: 'warning' }), finding({ severity: 'warning' })],
    checklist: [],
    packs: [],
    ...over,
  };
}

const noop = () => {};

function withT(node: preact.ComponentChildren) {
  return render(<I18nContext.Provider value={t}>{node}</I18nContext.Provider>);
}

afterEach(cleanup);

describe('the badge', () => {
  it('shows counts by severity, the draft tag and the score in Chinese', () => {
    const { container } = withT(
      <Badge report={report()} highlightsOn onOpenPanel={noop} onToggleHighlights={noop} />,
    );
    const count = (s: string) => container.querySelector(`[data-severity="${s}"]`)!.textContent;
    // Labelled pills, not bare numbers.
    expect([count('error'), count('warning'), count('info')]).toEqual([
      '错误 1',
      '警告 2',
      '提示 0',
    ]);
    expect(container.querySelector('.gs-draft')!.textContent).toBe('草案');
    expect(container.querySelector('.gs-score')!.textContent).toBe('规范性 82%');
  });

  it('renders page text as text: the title payload stays inert', () => {
    const { container } = withT(
      <Badge report={report()} highlightsOn onOpenPanel={noop} onToggleHighlights={noop} />,
    );
    fireEvent.click(container.querySelector('.gs-head')!);
    expect(container.querySelector('.gs-title')!.textContent).toContain(PAYLOAD);
    expect(container.querySelectorAll('script, img').length).toBe(0);
  });

  it('lists each attachment once and links only web URLs', () => {
    const { container } = withT(
      <Badge report={report()} highlightsOn onOpenPanel={noop} onToggleHighlights={noop} />,
    );
    fireEvent.click(container.querySelector('.gs-head')!);
    const items = [...container.querySelectorAll('.gs-atts li')];
    expect(items.map((li) => li.textContent)).toEqual(['1. 起草说明.docx', '恶意.doc']);
    expect(items[0]!.querySelector('a')!.getAttribute('href')).toBe('http://x.gov.cn/a.docx');
    expect(items[1]!.querySelector('a')).toBeNull();
    expect(
      uniqueAttachments([
        { name: 'a.pdf', href: '' },
        { name: 'a.pdf', href: '' },
      ]),
    ).toEqual([{ name: 'a.pdf', href: '' }]);
  });

  it('offers 上一处/下一处 with the position, and line numbers for a textarea', () => {
    let moves = 0;
    const { container } = withT(
      <Badge
        report={report()}
        highlightsOn
        nav={{ index: 1, total: 3 }}
        lines={[{ line: 7, message: '不得设定罚款', severity: 'error' }]}
        onOpenPanel={noop}
        onToggleHighlights={noop}
        onNext={() => moves++}
        onPrev={() => moves--}
      />,
    );
    expect(container.querySelector('.gs-pos')!.textContent).toBe('第 2/3 处');
    fireEvent.click(container.querySelector('.gs-next')!);
    fireEvent.click(container.querySelector('.gs-next')!);
    expect(moves).toBe(2);
    fireEvent.click(container.querySelector('.gs-head')!);
    expect(container.querySelector('.gs-lines li')!.textContent).toBe('第7行：不得设定罚款');
  });
});

describe('the finding card', () => {
  it('shows message, quote, suggestion and basis as text, placed inside the viewport', () => {
    const { container } = withT(
      <HitCard
        id="c"
        findings={[finding()]}
        facts={[{ name: 'title', value: PAYLOAD, range: { start: 0, end: 5 } }]}
        anchor={{ left: 990, top: 100, right: 1000, bottom: 120 }}
        viewport={{ width: 1000, height: 800 }}
        source="keyboard"
        position={{ index: 0, total: 4 }}
        onClose={noop}
      />,
    );
    const card = container.querySelector('.gs-card') as HTMLElement;
    expect(card.getAttribute('role')).toBe('dialog');
    expect(card.textContent).toContain('建议：删除该条款');
    expect(card.textContent).toContain('依据：《行政处罚法》第十六条');
    expect(card.textContent).toContain(PAYLOAD);
    expect(card.querySelector('.gs-card-pos')!.textContent).toBe('第 1/4 处');
    expect(card.querySelectorAll('script, img').length).toBe(0);
    expect(parseFloat(card.style.left)).toBeLessThanOrEqual(1000 - 8);
  });

  it('closes on Escape and from its close button', () => {
    let closed = 0;
    const { container } = withT(
      <HitCard
        id="c"
        findings={[finding()]}
        facts={[]}
        anchor={{ left: 10, top: 10, right: 20, bottom: 20 }}
        viewport={{ width: 1000, height: 800 }}
        source="keyboard"
        onClose={() => closed++}
      />,
    );
    fireEvent.keyDown(container.querySelector('.gs-card')!, { key: 'Escape' });
    fireEvent.click(container.querySelector('.gs-card-close')!);
    expect(closed).toBe(2);
  });
});

describe('the highlight switch', () => {
  it('defaults to on, is remembered per browser, and tells other tabs', async () => {
    fakeBrowser.reset();
    expect(await loadHighlightsOn()).toBe(true);
    const seen: boolean[] = [];
    const stop = onHighlightsOnChanged((on) => seen.push(on));
    await saveHighlightsOn(false);
    expect(await loadHighlightsOn()).toBe(false);
    await saveHighlightsOn(true);
    stop();
    expect(seen).toEqual([false, true]);
  });
});
