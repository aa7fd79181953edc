import { describe, expect, it } from 'vitest';
import { modelFromText } from '../../../rules/model';
import { makeContext } from '../../../rules/context';
import { extractFacts, toFacts } from '../../../rules/facts';
import { LineIndex, anchorFor, normalizeForMatching } from '../../../rules/text';
import { problems, run } from './helpers';

const TODAY = { y: 2026, m: 11, d: 27 };
function facts(text: string, extra: Parameters<typeof modelFromText>[1] = {}) {
  const f = extractFacts(makeContext(modelFromText(text, extra)), TODAY);
  return { f, plain: toFacts(f) };
}

describe('matching copy', () => {
  it('keeps the length so offsets map one to one', () => {
    const raw = '惠府辦發〔２０２２〕３２號　第一条';
    const norm = normalizeForMatching(raw);
    expect(norm.length).toBe(raw.length);
    expect(norm).toBe('惠府办发〔2022〕32号 第一条');
  });

  it('leaves tortoise-shell and full-width square brackets alone (format checks need them)', () => {
    expect(normalizeForMatching('﹝2024﹞［2024］（2024）')).toBe('﹝2024﹞［2024］（2024）');
  });

  it('returns the very same string when nothing needs folding', () => {
    const s = '本办法自2025年1月1日起施行。';
    expect(normalizeForMatching(s)).toBe(s);
  });

  it('indexes lines for O(log n) lookups', () => {
    const li = new LineIndex('a\nbb\n\nccc');
    expect([0, 1, 2, 3, 4, 5, 6].map((o) => li.lineOf(o))).toEqual([0, 0, 1, 1, 1, 2, 3]);
    expect(li.lineRange(1)).toEqual({ start: 2, end: 4 });
  });

  it('builds anchors with 32 characters of context', () => {
    const t = 'x'.repeat(40) + 'HIT' + 'y'.repeat(40);
    const a = anchorFor(t, 40, 43);
    expect(a).toEqual({ exact: 'HIT', prefix: 'x'.repeat(32), suffix: 'y'.repeat(32) });
  });
});

describe('document model from text', () => {
  it('types each line as a block and reads key：value metadata', () => {
    const m = modelFromText(
      '索引号：123　发文机关：银湖市人民政府\n发文字号：银政规发〔2025〕6号\n银湖市人民政府关于印发某某办法的通知\n第一条　内容。\n附件：1.表格.docx\n银湖市人民政府\n2025年1月1日',
    );
    expect(m.meta).toMatchObject({
      索引号: '123',
      发文机关: '银湖市人民政府',
      发文字号: '银政规发〔2025〕6号',
    });
    expect(m.blocks.map((b) => b.kind)).toEqual([
      'meta',
      'meta',
      'title',
      'article',
      'attachments',
      'signature',
      'date',
    ]);
    expect(m.title).toBe('银湖市人民政府关于印发某某办法的通知');
    for (const b of m.blocks) expect(b.end).toBeGreaterThan(b.start);
  });

  it('does not take the 发文机关标志 (××文件) for the title', () => {
    expect(
      modelFromText('银湖市人民政府文件\n银政发〔2025〕1号\n关于某某的通知\n正文。').title,
    ).toBe('关于某某的通知');
  });

  it('prefers a title supplied by the extractor', () => {
    expect(modelFromText('正文第一行\n第二行', { title: '网页标题' }).title).toBe('网页标题');
  });
});

describe('发文字号', () => {
  it('tells the own number in the header from numbers cited in running text', () => {
    const { f, plain } = facts(
      '银政规发〔2025〕6号\n关于印发某某办法的通知\n第一条　根据《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）和按照省政府办公厅苏政办发〔2019〕5号文件要求，制定本办法。',
    );
    expect(plain.docNumber).toBe('银政规发〔2025〕6号');
    expect(plain.citedDocNumbers).toEqual(['国办发〔2018〕37号', '苏政办发〔2019〕5号']);
    expect(f.docNumbers.find((h) => h.text === '国办发〔2018〕37号')!.cited).toBe(true);
  });

  it.each([
    ['国办发[2018]37号', '[', ']', '国办发〔2018〕37号'],
    ['汀府规﹝2024﹞4号', '﹝', '﹞', '汀府规〔2024〕4号'],
    ['银政办规（2024）9号', '（', '）', '银政办规〔2024〕9号'],
    ['汀农规【2024】3号', '【', '】', '汀农规〔2024〕3号'],
    ['银政规发〔2024〕05号', '〔', '〕', '银政规发〔2024〕5号'],
    ['汀府办规〔2024〕第7号', '〔', '〕', '汀府办规〔2024〕7号'],
    ['溪府规〔2024〕 12 号', '〔', '〕', '溪府规〔2024〕12号'],
    ['汀府办规〔202418号', '〔', '', '汀府办规〔2024〕18号'],
    ['惠府〔2017〕46號', '〔', '〕', '惠府〔2017〕46号'],
  ])('parses %s (brackets %s%s) and rebuilds it as %s', (num, open, close, fixed) => {
    const { f } = facts(`${num}\n关于某某的通知\n正文内容很长的一段话，用来充当正文。`);
    const own = f.ownDocNumber!;
    expect(own.text).toBe(num);
    expect([own.open, own.close, own.normalized]).toEqual([open, close, fixed]);
  });

  it('keeps 令 numbers with 第 and takes them as the document number of a 规章', () => {
    const { plain } = facts(
      '银湖市人民政府令第52号\n《银湖市电梯安全管理办法》已经市人民政府常务会议审议通过，现予公布。',
    );
    expect(plain.docNumber).toBe('银湖市人民政府令第52号');
    const b = facts(
      '兰州市人民政府令〔2025〕第1号\n《某某规定》已经审议通过，现予公布，自2025年3月1日起施行。',
    );
    expect(b.f.ownDocNumber!.isOrder).toBe(true);
  });

  it('uses the portal metadata value when the number is not in the text', () => {
    const { plain } = facts('关于某某的通知\n正文。', { meta: { 发文字号: '增府办规[2020]6号' } });
    expect(plain.docNumber).toBe('增府办规[2020]6号');
  });
});

describe('登记号 / 统一编号', () => {
  it.each([
    ['HFGS-2022-7', 2022],
    ['HFGS—2017—9', 2017],
    ['HHCR-2023-01005', 2023],
    ['HP0120210019', 2021],
    ['YHGF-2025-031', 2025],
  ])('finds %s in the header with its year', (reg, year) => {
    const { f } = facts(`${reg}\n某某〔${year}〕1号\n关于某某的通知\n正文内容。`);
    expect(f.registration!.text).toBe(reg);
    expect(f.registration!.year).toBe(year);
  });

  it('reads a labelled number anywhere and the 统一编号 metadata field', () => {
    expect(facts('关于某某的通知\n正文。\n统一编号：ZC0220200006').plain.registrationNumber).toBe(
      'ZC0220200006',
    );
    expect(
      facts('关于某某的通知\n正文。', { meta: { 统一编号: 'BY0220250004' } }).plain
        .registrationNumber,
    ).toBe('BY0220250004');
  });

  it('ignores a blank 统一编号 field', () => {
    expect(facts('统一编号：\n关于某某的通知\n正文。').plain.registrationNumber).toBeNull();
  });
});

describe('dates, 施行 and 有效期', () => {
  it.each([
    ['本办法自2026年1月1日起施行，有效期5年。', '2026-01-01', 5, '2030-12-31'],
    ['本办法自印发之日起施行，有效期五年。', '2025-11-01', 5, '2030-10-31'],
    ['本办法自公布之日起30日后施行，有效期两年。', '2025-12-01', 2, '2027-11-30'],
    ['本办法自2026年1月1日起施行，有效期至2030年12月31日。', '2026-01-01', 5, '2030-12-31'],
    ['本办法自2026年1月1日起施行，至2028年12月31日止。', '2026-01-01', 3, '2028-12-31'],
    ['本办法有效期为2026年1月1日至2027年12月31日。', '2026-01-01', 2, '2027-12-31'],
  ])('reads %s', (closing, effective, years, expiry) => {
    const r = run(
      `银政规发〔2025〕6号\n关于印发某某办法的通知\n第一条　内容。\n${closing}\n银湖市人民政府\n2025年11月1日`,
    );
    expect(r.facts.effectiveDate).toBe(effective);
    expect(r.facts.validity.years).toBe(years);
    expect(r.facts.validity.expiry).toBe(expiry);
    expect(r.facts.publishDate).toBe('2025-11-01');
  });

  it('prefers the portal 发布日期 as the publication date', () => {
    const { plain } = facts('关于某某的通知\n正文。\n某某局\n2025年1月1日', {
      meta: { 发布日期: '2025-01-05' },
    });
    expect(plain.publishDate).toBe('2025-01-05');
  });

  it('does not take the repeal clause of an older text for the effective date', () => {
    const { plain } = facts(
      '关于某某的通知\n第八条　本办法自2026年1月1日起施行。2012年6月1日起施行的《某某暂行办法》同时废止。',
    );
    expect(plain.effectiveDate).toBe('2026-01-01');
  });

  it('leaves a blank draft date (自  年  月  日起施行) unread', () => {
    expect(
      facts('关于某某的通知\n本办法自  年  月  日起施行，有效期5年。').plain.effectiveDate,
    ).toBeNull();
  });

  it('marks 暂行/试行 and 通告 from the title', () => {
    expect(facts('关于印发某某管理暂行办法的通知\n正文。').plain.trial).toBe(true);
    expect(facts('某某管理办法（试行）\n正文。').plain.trial).toBe(true);
    expect(facts('银湖市人民政府关于某某的通告\n正文。').plain.notice).toBe(true);
  });

  it('finds the issuer from the signature block before the date', () => {
    expect(facts('关于某某的通知\n正文内容。\n银湖市城市管理局\n2025年1月1日').plain.issuer).toBe(
      '银湖市城市管理局',
    );
  });
});

describe('drafts', () => {
  it.each([
    ['关于公开征求《某某办法（征求意见稿）》意见的公告', true],
    ['某某管理规定（送审稿）', true],
    ['某某条例（草案）', true],
    ['关于《某某细则（讨论稿）》的通知', true],
    ['关于某某办法征求意见采纳情况的说明（征求意见稿）', false],
    ['银湖市人民政府第36次常务会议纪要', false],
  ])('title %s → draft %s', (title, draft) => {
    expect(
      facts(`${title}\n会议审议并原则通过了《某某办法（修订送审稿）》，要求进一步修改完善。`).plain
        .isDraft,
    ).toBe(draft);
  });

  it.each([
    ['请于2026年12月20日前将意见反馈至市司法局。', '2026-12-20'],
    ['意见反馈截止时间为2026年12月7日。', '2026-12-07'],
    ['征求意见时间截止到2026年12月10日。', '2026-12-10'],
    ['公告时间：2026年10月15日至2026年11月16日。', '2026-11-16'],
    ['征求意见时间为11月15日至20日。', null],
    ['征求意见时间为11月15日至11月20日。', '2026-11-20'],
    ['公示时间：12月20日至1月5日。', '2027-01-05'],
    ['社会各界可于2026年12月20日前通过电子邮件提出意见建议。', '2026-12-20'],
    ['意见反馈时间为即日起至2026年12月15日。', '2026-12-15'],
    ['第五条　经营者应当于2027年3月1日前完成改造。', null],
  ])('reads the comment deadline in %s', (sentence, iso) => {
    const r = facts(
      `关于公开征求《某某办法（征求意见稿）》意见的公告\n现向社会公开征求意见。${sentence}\n某某局\n2026年11月1日`,
    );
    expect(r.plain.commentDeadline).toBe(iso);
  });

  it('leaves the date of 「自发布之日起施行」 open in a draft (the notice date is not it)', () => {
    const r = facts(
      '关于公开征求《某某办法（征求意见稿）》意见的公告\n发布日期：2026年11月20日\n第一条　为了规范管理，制定本办法。\n第二条　本办法自发布之日起施行，有效期5年。',
      { meta: { 发布日期: '2026年11月20日' } },
    );
    expect(r.plain.isDraft).toBe(true);
    expect(r.plain.effectiveDate).toBeNull();
    expect(r.f.effective?.relativeTo).toBe('publish');
    expect(r.plain.validity.years).toBe(5);
    expect(r.plain.validity.expiry).toBeNull();
    // The same clause in a final document counts from its publication date.
    const fin = facts(
      '关于印发某某办法的通知\n第一条　为了规范管理，制定本办法。\n第二条　本办法自发布之日起施行，有效期5年。',
      { meta: { 发布日期: '2026年11月20日' } },
    );
    expect(fin.plain.effectiveDate).toBe('2026-11-20');
  });

  it.each([
    [
      '「自…起实施，执行期限至…」',
      '本措施自2025年10月1日起实施，执行期限至2028年9月30日。',
      '2025-10-01',
      '2028-09-30',
    ],
    [
      '「…起施行，…废止」',
      '本规定自2025年9月15日起施行，2030年9月14日废止。',
      '2025-09-15',
      '2030-09-14',
    ],
    [
      '「有效期自…起至…止」 alone',
      '本规定有效期自2025年9月15日起至2030年9月14日止。',
      '2025-09-15',
      '2030-09-14',
    ],
  ])('reads the period of %s, and the date it takes effect', (_why, clause, eff, expiry) => {
    const { plain } = facts(
      `某某规定\n第一条　为加强管理，制定本规定。\n第二条　${clause}\n某某局\n2025年8月12日`,
    );
    expect([plain.effectiveDate, plain.validity.expiry]).toEqual([eff, expiry]);
  });

  it.each([
    [
      '「自…起试行，试行期2年」',
      '本办法自2026年1月1日起试行，试行期2年。',
      '2026-01-01',
      2,
      '2027-12-31',
    ],
    [
      '「…零时起施行」',
      '本通告自2026年1月1日零时起施行，有效期1年。',
      '2026-01-01',
      1,
      '2026-12-31',
    ],
    ['「有效期：5年」', '本办法自2026年1月1日起施行。有效期：5年。', '2026-01-01', 5, '2030-12-31'],
    [
      '「有效期两年半」',
      '本办法自2026年1月1日起施行，有效期两年半。',
      '2026-01-01',
      2.5,
      '2028-06-30',
    ],
    [
      "the document's period, not a certificate's",
      '本办法自2026年1月1日起施行，有效期5年。本办法施行前已经取得补贴资格的，在其资格证明有效期2年内继续享受。',
      '2026-01-01',
      5,
      '2030-12-31',
    ],
  ])('reads %s', (_why, clause, eff, years, expiry) => {
    const { plain } = facts(
      `某某办法\n第一条　为加强管理，制定本办法。\n第二条　${clause}\n某某局\n2025年12月1日`,
    );
    expect([plain.effectiveDate, plain.validity.years, plain.validity.expiry]).toEqual([
      eff,
      years,
      expiry,
    ]);
  });

  it('marks 「自…起试行」 as a trial document', () => {
    expect(facts('某某办法\n第一条　本办法自2026年1月1日起试行，有效期3年。').plain.trial).toBe(
      true,
    );
  });

  it('does not read 「《…》自2020年1月1日起施行以来」 as a 施行 clause', () => {
    const { f } = facts(
      '某某办法\n第一条　《某某规定》自2020年1月1日起施行以来，取得了良好效果。\n第二条　本办法自2026年1月1日起施行。',
    );
    expect(f.effectiveClauses.map((c) => c.text)).not.toContain('自2020年1月1日起施行');
  });

  it('reads the 规章 order number printed on two centred lines, or in the metadata', () => {
    const two = facts(
      '青岚市人民政府令\n第45号\n《青岚市城市绿化管理办法》已经市人民政府常务会议审议通过，现予公布。\n市长　李某某\n2025年8月20日',
    );
    expect(two.f.orderNumber?.value).toBe('青岚市人民政府令第45号');
    for (const no of ['省政府令第218号', '第45号令']) {
      const m = facts('青岚市城市绿化管理办法\n第一条　为了加强城市绿化管理，制定本办法。', {
        meta: { 文号: no },
      });
      expect(m.f.orderNumber?.value).toBe(no);
    }
  });

  it.each([['发布时间'], ['生成日期'], ['公开时间']])(
    'takes the publication date from the portal label %s',
    (label) => {
      const { plain } = facts(
        '某某办法\n第一条　为了规范管理，制定本办法。\n某某局\n2025年6月18日',
        {
          meta: { [label]: '2025-06-20' },
        },
      );
      expect(plain.publishDate).toBe('2025-06-20');
    },
  );

  it('has no comment deadline outside drafts (请于…前报送 in a letter)', () => {
    expect(facts('关于报送材料的函\n请于2026年11月30日前报送。').plain.commentDeadline).toBeNull();
  });

  it('lists a linked file once though the text names it too, and splits names run together', () => {
    const { plain } = facts(
      '关于公开征求《某某办法（征求意见稿）》意见的公告\n附件：1.某某办法（征求意见稿）.docx2.起草说明.pdf',
      {
        attachments: [
          { name: '1. 某某办法（征求意见稿）.docx', href: 'http://example.gov.cn/1.docx' },
          { name: '2. 起草说明.pdf', href: 'http://example.gov.cn/2.pdf' },
        ],
      },
    );
    expect(plain.attachments.map((a) => a.name)).toEqual([
      '1. 某某办法（征求意见稿）.docx',
      '2. 起草说明.pdf',
    ]);
    const text = facts('关于某某的通知\n附件：某某办法.docx2.起草说明.pdf').plain.attachments;
    expect(text.map((a) => a.name)).toEqual(['某某办法.docx', '起草说明.pdf']);
  });

  it('collects attachment links and attachment file names written in the text', () => {
    const { plain } = facts(
      '关于公开征求《某某办法（征求意见稿）》意见的公告\n附件：1.某某办法（征求意见稿）.docx\n2.起草说明.pdf',
      {
        attachments: [{ name: '意见反馈表.wps', href: 'http://example.gov.cn/a.wps' }],
      },
    );
    expect(plain.attachments.map((a) => a.name)).toEqual([
      '意见反馈表.wps',
      '某某办法（征求意见稿）.docx',
      '起草说明.pdf',
    ]);
  });
});

describe('a 转发 notice with the forwarded document printed after it', () => {
  it("takes the notice's own number, date, 施行 and period, not the forwarded document's", () => {
    const r = run(
      '青岚市人民政府办公室转发临川省民政厅关于进一步做好社区养老服务补贴工作的通知\n\n登记号：QLGF-2025-013\n\n青政办发〔2025〕30号\n\n各区（县）人民政府，市政府各部门：\n现将《临川省民政厅关于进一步做好社区养老服务补贴工作的通知》（临民规〔2025〕7号）转发给你们，请结合实际认真贯彻执行。本通知自2026年1月1日起施行，有效期5年。\n\n青岚市人民政府办公室\n2025年12月1日\n\n临川省民政厅关于进一步做好社区养老服务补贴工作的通知\n\n临民规〔2025〕7号\n\n各市（州）民政局：\n　　为贯彻落实《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号），现就做好社区养老服务补贴工作通知如下。\n一、各地应当按照每人每月不低于100元的标准发放社区养老服务补贴。\n二、本通知自2025年10月1日起施行，有效期5年。\n\n临川省民政厅\n2025年9月1日',
    );
    expect(r.facts.docNumber).toBe('青政办发〔2025〕30号');
    expect(r.facts.publishDate).toBe('2025-12-01');
    expect(r.facts.effectiveDate).toBe('2026-01-01');
    expect(problems(r)).not.toContain('ED-RETRO');
  });

  it('reports its own number missing rather than borrow the forwarded one', () => {
    const r = run(
      '青岚市人民政府办公室转发临川省民政厅关于进一步做好社区养老服务补贴工作的通知\n\n登记号：QLGF-2025-013\n\n各区（县）人民政府，市政府各部门：\n现将《临川省民政厅关于进一步做好社区养老服务补贴工作的通知》（临民规〔2025〕7号）转发给你们，请结合实际认真贯彻执行。本通知自2026年1月1日起施行，有效期5年。\n\n青岚市人民政府办公室\n2025年12月1日\n\n临川省民政厅关于进一步做好社区养老服务补贴工作的通知\n\n临民规〔2025〕7号\n\n各市（州）民政局：\n　　为贯彻落实《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号），现就做好社区养老服务补贴工作通知如下。\n一、各地应当按照每人每月不低于100元的标准发放社区养老服务补贴。\n二、本通知自2025年10月1日起施行，有效期5年。\n\n临川省民政厅\n2025年9月1日',
    );
    expect(r.facts.docNumber).toBeNull();
  });
});
