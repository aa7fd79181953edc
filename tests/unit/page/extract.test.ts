import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '@/rules/html';
import { looksLikeDocument, parseMetaText, stripSiteSuffix } from '@/rules/extract';
import {
  domAdapter,
  extractPage,
  pageLooksLikeDocument,
  rangeFor,
  sameOriginFrameDocuments,
  type PageExtract,
} from '@/lib/page/extract';
import { DRAFT_ATTACHMENT_PAGE, HOME_PAGE, TABLE_LAYOUT_PAGE, TRS_PAGE } from './portal';

const URL_ = 'http://www.example.gov.cn/zw/2024/a.html';

/**
 * The page as the global document. (happy-dom's Ranges misbehave on DOMParser documents:
 * setEnd collapses them; real browsers do not. The global document behaves.)
 */
function dom(html: string): Document {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.documentElement.remove();
  document.appendChild(document.importNode(parsed.documentElement, true));
  return document;
}

/** Whitespace-insensitive comparison: a collapsed run maps to the first char of its run. */
const squash = (s: string) => s.replace(/[ \t\n\r\f\v\u00a0]+/g, ' ');

/** True when [start, end) is covered by contiguous segments (no inserted separator inside). */
function covered(x: PageExtract, start: number, end: number): boolean {
  let pos = start;
  for (const s of x.segments) {
    if (s.end <= pos) continue;
    if (s.start > pos) return false;
    pos = s.end;
    if (pos >= end) return true;
  }
  return false;
}

describe('extraction of a TRS-style portal page', () => {
  const x = extractPage(dom(TRS_PAGE), URL_);

  it('keeps the document and drops nav, breadcrumb, share widget, footer and hidden copies', () => {
    expect(x.text).toContain('第一条　为了加强行政规范性文件管理');
    for (const junk of [
      '机构概况',
      '当前位置',
      '分享到',
      '主办单位',
      '联系我们',
      '隐藏的副本',
      '首页',
    ]) {
      expect(x.text).not.toContain(junk);
    }
  });

  it('takes the article title and puts it on the first line', () => {
    expect(x.title).toBe('关于印发《某市行政规范性文件管理办法》的通知');
    expect(x.text.split('\n')[0]).toBe(x.title);
    expect(x.titleRange).not.toBeNull();
    expect(x.text.slice(x.titleRange!.start, x.titleRange!.end)).toBe(x.title);
  });

  it('parses the metadata table (spaced labels, nbsp) and keeps it out of the text', () => {
    expect(x.meta).toMatchObject({
      索引号: '11510000/2024-00012',
      主题分类: '综合政务',
      发文机关: '某市人民政府办公室',
      成文日期: '2024年3月1日',
      发文字号: '某府办规〔2024〕1号',
      有效性: '有效',
      发布日期: '2024-03-05',
      来源: '市司法局',
    });
    expect(x.text).not.toContain('索引号');
    expect(x.text).not.toContain('发布日期');
  });

  it('finds attachment links and resolves them against the page URL', () => {
    expect(x.attachments).toEqual([
      {
        name: '附件1.管理办法解读.docx',
        href: 'http://www.example.gov.cn/files/%E9%99%84%E4%BB%B61.docx',
      },
      { name: '2.pdf 文件', href: 'http://www.example.gov.cn/zw/2024/att/2.pdf?x=1' },
    ]);
  });

  it('puts blocks on lines, cells apart by tabs, collapses spaces and trims indentation', () => {
    expect(x.text).toContain('\n各区县人民政府，市政府各部门：\n');
    expect(x.text).toContain('\n序号\t名称\n1\t甲 乙\n');
    expect(x.text).toContain('\n某市人民政府办公室\n2024年3月1日');
    // Full-width spaces inside a line are content, kept as-is.
    expect(x.text).toContain('第三条　本办法');
    expect(x.text).not.toMatch(/\n\u3000/);
  });

  it('maps random ranges back to the DOM: the range text equals the slice', () => {
    let checked = 0;
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let k = 0; k < 500; k++) {
      const a = rnd(x.text.length);
      const b = Math.min(x.text.length, a + 1 + rnd(40));
      if (!covered(x, a, b)) continue;
      const r = rangeFor(x, a, b);
      expect(r).not.toBeNull();
      expect(squash(r!.toString())).toBe(squash(x.text.slice(a, b)));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('maps every segment exactly (no whitespace inside) to its text node', () => {
    for (const s of x.segments) {
      const slice = x.text.slice(s.start, s.end);
      const src = (s.node as Text).data.slice(s.nodeOffset, s.nodeOffset + s.end - s.start);
      expect(squash(src)).toBe(slice);
    }
  });

  it('snaps ranges that start or end on an inserted newline to the neighbouring text', () => {
    const nl = x.text.indexOf('\n');
    const r = rangeFor(x, nl, nl + 3);
    expect(r!.toString()).toBe(x.text.slice(nl + 1, nl + 3));
    expect(rangeFor(x, nl, nl + 1)).toBeNull();
    expect(rangeFor(x, 5, 5)).toBeNull();
  });
});

describe('the DOM adapter', () => {
  it('lists children in order, for…of, spread and the iterator protocol alike', () => {
    const doc = dom(
      '<body><div id="r"><p>a</p>b<!--c--><span>d</span></div><div id="e"></div></body>',
    );
    const r = doc.getElementById('r')!;
    const want = [...r.childNodes];
    expect([...domAdapter.children(r)]).toEqual(want);
    const seen: Node[] = [];
    for (const c of domAdapter.children(r)) seen.push(c);
    expect(seen).toEqual(want);
    // The result object is reused: read it before the next call, as the walk does.
    const it = domAdapter.children(r)[Symbol.iterator]();
    const got: Node[] = [];
    for (let s = it.next(); !s.done; s = it.next()) got.push(s.value);
    expect(got).toEqual(want);
    expect(it.next().done).toBe(true); // stays done
    expect([...domAdapter.children(doc.getElementById('e')!)]).toEqual([]);
  });
});

describe('other layouts', () => {
  it('reads a consultation notice whose draft is only an attachment', () => {
    const x = extractPage(dom(DRAFT_ATTACHMENT_PAGE), URL_);
    expect(x.title).toBe('关于公开征求《某市停车管理办法（征求意见稿）》意见的公告');
    expect(x.meta).toMatchObject({
      发布机构: '某市交通运输局',
      发布日期: '2024-06-01',
      截止日期: '2024-07-01',
    });
    expect(x.attachments.map((a) => a.href)).toEqual([
      'https://files.example.gov.cn/a/draft.DOCX#p1',
      'http://www.example.gov.cn/download?id=7',
    ]);
    expect(x.text).toContain('请于2024年7月1日前');
    expect(x.text).not.toContain('我的意见');
    expect(x.text).not.toContain('相关文章');
    expect(x.text).not.toContain('版权所有');
  });

  it('reads an old table layout with <br> lines and an unnamed <font><b> title', () => {
    const x = extractPage(dom(TABLE_LAYOUT_PAGE), URL_);
    expect(x.title).toBe('某县人民政府关于印发某某规定的通知');
    expect(x.text.split('\n')).toEqual([
      '某县人民政府关于印发某某规定的通知',
      '某政规〔2023〕2号',
      '各乡镇人民政府：',
      '现将《某某规定》印发给你们，请遵照执行。',
      '第一条　为了规范管理，制定本规定。',
      '第二条　本规定自印发之日起施行。',
    ]);
  });

  it('the Node path (htmlparser2) gives the same result as the DOM path', () => {
    for (const html of [TRS_PAGE, DRAFT_ATTACHMENT_PAGE, TABLE_LAYOUT_PAGE, HOME_PAGE]) {
      const a = extractDocument(html, URL_);
      const b = extractPage(dom(html), URL_);
      expect(a.text).toBe(b.text);
      expect(a.title).toBe(b.title);
      expect(a.meta).toEqual(b.meta);
      expect(a.attachments).toEqual(b.attachments);
    }
  });
});

describe('seed portal pages', () => {
  const dir = join(__dirname, '../../../seeds/documents');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.html') && f !== 'index.html');
  } catch {
    files = [];
  }

  it.runIf(files.length > 0)('Node and DOM extraction agree on every seed page', () => {
    for (const f of files) {
      const html = readFileSync(join(dir, f), 'utf8');
      const a = extractDocument(html, `http://demo.example.gov.cn/${f}`);
      const b = extractPage(dom(html), `http://demo.example.gov.cn/${f}`);
      expect(b.text, f).toBe(a.text);
      expect(b.meta, f).toEqual(a.meta);
      expect(b.attachments, f).toEqual(a.attachments);
    }
  });

  it.runIf(files.length > 0)(
    'every seed document page has a title and keeps no page chrome',
    () => {
      for (const f of files) {
        if (f === 'editor.html') continue;
        const x = extractDocument(readFileSync(join(dir, f), 'utf8'));
        expect(x.title, f).toBeTruthy();
        // A title broken by <br> (「…公共租赁住房<br>保障管理…」) spans two lines of the text.
        const flat = (t: string) => t.replace(/\s+/g, '');
        expect(flat(x.text).startsWith(flat(x.title!)), f).toBe(true);
        for (const junk of ['当前位置', '网站地图', '无障碍浏览', '【字体']) {
          expect(x.text, `${f}: ${junk}`).not.toContain(junk);
        }
      }
    },
  );

  it.runIf(files.length > 0)('the cheap pre-check accepts every seed document page', () => {
    // Pages the manifest marks as not documents may pass the pre-check (it only decides
    // whether to extract at all); documents must never be turned away.
    const notDocs = new Set<string>();
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        file: string;
        expect?: { isDocument?: boolean };
      }[];
      for (const e of manifest) if (e.expect?.isDocument === false) notDocs.add(e.file);
    } catch {
      /* no manifest yet */
    }
    for (const f of files) {
      if (f === 'editor.html' || notDocs.has(f)) continue;
      expect(pageLooksLikeDocument(dom(readFileSync(join(dir, f), 'utf8'))), f).toBe(true);
    }
  });
});

describe('metadata text', () => {
  it.each([
    ['发文字号：\t浙政发〔2024〕1号', { 发文字号: '浙政发〔2024〕1号' }],
    ['发 文 字 号：浙政发〔2024〕1号', { 发文字号: '浙政发〔2024〕1号' }],
    [
      '发布时间：2024-01-01　来源：市政府　浏览次数：12',
      { 发布时间: '2024-01-01', 来源: '市政府' },
    ],
    ['【发布机构】某局\n【发布日期】2024年1月2日', { 发布机构: '某局', 发布日期: '2024年1月2日' }],
    ['登记号: GZ0320240001', { 登记号: 'GZ0320240001' }],
    ['有效性\t有效\t统一编号\tBY0220250004', { 有效性: '有效', 统一编号: 'BY0220250004' }],
    ['发布时间：2026-11-10　文章来源：某局　编辑：小编', { 发布时间: '2026-11-10' }],
    ['本办法有效性待定', {}],
  ])('parses %j', (text, want) => {
    const meta: Record<string, string> = {};
    parseMetaText(text, meta);
    expect(meta).toEqual(want);
  });
});

describe('the cheap pre-check', () => {
  it.each([
    ['关于公开征求《某办法（征求意见稿）》意见的公告', '', true],
    ['某市人民政府关于印发某某规定的通知', '某政规〔2023〕2号 各乡镇人民政府：', true],
    ['某条例', '第一条 为了… 第二条 本条例…', true],
    ['某市人民政府门户网站', '市长调研城市建设工作 我市召开经济工作会议', false],
    ['天气预报', '今天晴，明天多云。', false],
    ['', '索引号：123 发文字号：某发〔2024〕1号', true],
  ])('title %j, sample %j → %s', (title, sample, want) => {
    expect(looksLikeDocument(sample, title)).toBe(want);
  });

  it('rejects a portal home page from the live DOM', () => {
    expect(pageLooksLikeDocument(dom(HOME_PAGE))).toBe(false);
    expect(pageLooksLikeDocument(dom(TRS_PAGE))).toBe(true);
  });

  it.each([
    ['关于印发《某办法》的通知_某市人民政府门户网站', '关于印发《某办法》的通知'],
    ['某市人民政府 - 关于2021-2025年规划的通知', '关于2021-2025年规划的通知'],
    ['关于某事的公告|某局', '关于某事的公告'],
    ['只有标题', '只有标题'],
  ])('strips the site name from %j', (t, want) => {
    expect(stripSiteSuffix(t)).toBe(want);
  });
});

describe('same-origin iframes', () => {
  it('lists accessible frame documents and skips detached ones without throwing', () => {
    const doc = document;
    doc.body.innerHTML = '';
    const f1 = doc.createElement('iframe');
    doc.body.appendChild(f1);
    const f2 = doc.createElement('iframe');
    doc.body.appendChild(f2);
    f2.remove();
    const docs = sameOriginFrameDocuments(doc);
    expect(docs.length).toBeLessThanOrEqual(1);
    for (const d of docs) expect(d.documentElement).toBeTruthy();
  });

  it('skips a frame whose contentDocument throws (cross-origin in old engines)', () => {
    const fake = {
      querySelectorAll: () => [
        {
          get contentDocument(): Document {
            throw new DOMException('blocked', 'SecurityError');
          },
        },
        { contentDocument: null },
      ],
    } as unknown as Document;
    expect(sameOriginFrameDocuments(fake)).toEqual([]);
  });
});

describe('text the page hides with its stylesheet', () => {
  const html = `<!DOCTYPE html><html><head><title>某某办法</title>
<style>.m{display:none}.v{visibility:hidden}.fz{display:none}</style></head><body>
<div class="meta-old m">发文字号：青政规〔2019〕9号</div>
<div id="zoom"><h1>青岚市某某管理办法</h1>
<p>第一条　为了规范管理，根据有关法律法规，制定本办法。</p>
<p>第二条　本办法自2025年11月1日<span class="fz">至2019年1月1日</span>起施行。</p>
<div class="box"><div class="m"><p>第三条　违反本办法的，处1111元罚款。</p></div></div>
<p class="v">第四条　违反本办法的，处2222元罚款。</p>
<p>第五条　本办法由市司法局负责解释。</p></div></body></html>`;

  it('is left out of the live page extraction (the reader does not see it)', () => {
    const x = extractPage(dom(html), 'http://demo.example.gov.cn/h.html');
    expect(x.text).toContain('本办法自2025年11月1日起施行');
    for (const hidden of ['青政规〔2019〕9号', '至2019年1月1日', '1111元', '2222元'])
      expect(x.text).not.toContain(hidden);
  });
});

describe('a document shown only in a PDF viewer', () => {
  it('lists the embedded file as an attachment (the text is not on the page)', () => {
    const html = `<html><head><title>某某办法</title></head><body><div class="article"><h1>青岚市某某管理办法</h1>
<p>发布日期：2025-11-01</p><embed src="files/banfa.pdf" type="application/pdf">
<iframe src="/files/xize.pdf?v=2" title="实施细则"></iframe><object data="pf.ofd"></object></div></body></html>`;
    const x = extractDocument(html, 'http://demo.example.gov.cn/a/b.html');
    expect(x.attachments.map((a) => a.href)).toEqual([
      'http://demo.example.gov.cn/a/files/banfa.pdf',
      'http://demo.example.gov.cn/files/xize.pdf?v=2',
      'http://demo.example.gov.cn/a/pf.ofd',
    ]);
    expect(x.attachments[1]!.name).toBe('实施细则');
  });
});

describe('zero-width characters in the page text', () => {
  it('are dropped, so the words and numbers they split are read whole', () => {
    const html =
      '<html><head><title>某某办法</title></head><body><div class="article"><h1>青岚市某某管理办法</h1>' +
      '<p>青政规〔2025〕\u200b8号</p><p>第一条　违反本办法的，处1000元罚\u200d款。</p>' +
      '<p>第二条　本办法自2025年\u200b11月1日起施行\ufeff。</p></div></body></html>';
    for (const x of [
      extractDocument(html, 'http://demo.example.gov.cn/z.html'),
      extractPage(dom(html), 'http://demo.example.gov.cn/z.html'),
    ]) {
      expect(x.text).toContain('青政规〔2025〕8号');
      expect(x.text).toContain('处1000元罚款。');
      expect(x.text).toContain('本办法自2025年11月1日起施行。');
    }
  });
});
