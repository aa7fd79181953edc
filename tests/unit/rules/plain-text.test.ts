import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../rules/context';
import { extractFacts, toFacts } from '../../../rules/facts';
import { modelFromText } from '../../../rules/model';
import { run } from './helpers';

const TODAY = { y: 2026, m: 11, d: 27 };
const facts = (text: string) => toFacts(extractFacts(makeContext(modelFromText(text)), TODAY));

const BODY = [
  '某市人民政府关于印发《某市某某管理办法》的通知',
  '某政规〔2024〕3号',
  '各区人民政府，市政府各部门：',
  '现将《某市某某管理办法》印发给你们，请认真贯彻执行。',
];

/**
 * Text as it arrives from copy-paste or a converted file (issue 14 item 6): site chrome
 * before the title, metadata in bullets, dashes, table rows and several pairs on one line.
 */
describe('the title is chosen by evidence, not the first line', () => {
  it.each([
    ['a print link', '打印本页　关闭窗口'],
    ['a portal name', '某某市人民政府门户网站'],
    ['a navigation bar', '首页 > 政务公开 > 政策文件 > 规范性文件'],
    ['a location line', '当前位置：首页 » 信息公开 » 文件'],
    ['a mirror’s spam header', '本站整理发布 www.example.com 免费下载'],
    ['an organ’s name as a page header', '某市人民政府'],
    ['a font-size switcher', '字号：大 中 小'],
  ])('skips %s before the title', (_what, chrome) => {
    expect(modelFromText([chrome, ...BODY].join('\n')).title).toBe(BODY[0]);
  });

  it('skips several chrome lines together', () => {
    const text = ['某某市人民政府门户网站', '首页 > 政务公开', '打印本页', ...BODY].join('\n');
    expect(modelFromText(text).title).toBe(BODY[0]);
  });

  it.each([
    ['某市某某管理办法（试行）', '第一条　为了规范管理，制定本办法。'],
    ['某市某某实施细则', '第一条　为了规范管理，制定本细则。'],
    ['关于进一步加强某某工作的意见', '各区人民政府，市政府各部门：'],
    ['某市某某管理规定', '（2023年5月6日某市人民政府令第12号公布）'],
  ])('finds 「%s」 under a portal header by its form and place', (title, next) => {
    const m = modelFromText(['某某市人民政府网站', '字号：大 中 小', title, next].join('\n'));
    expect(m.title).toBe(title);
  });

  it('keeps a 试行 in the real title, so the trial cap applies', () => {
    const text = [
      '某某县人民政府门户网站',
      '某县某某补贴管理办法（试行）',
      '某政规〔2024〕3号',
      '第一条　为了规范管理，制定本办法。',
      '第二条　本办法自2024年1月1日起施行，有效期3年。',
    ].join('\n');
    const r = run(text);
    expect(r.facts.title).toBe('某县某某补贴管理办法（试行）');
    expect(r.facts.trial).toBe(true);
  });

  it('the wrapper notice’s title wins over the inner title after the body begins', () => {
    const text = [
      ...BODY,
      '某市人民政府',
      '2024年1月2日',
      '某市某某管理办法',
      '第一条　内容。',
    ].join('\n');
    expect(modelFromText(text).title).toBe(BODY[0]);
  });
});

describe('a title printed over two or three lines', () => {
  it.each([
    [
      'organ, 关于… and the document type on three lines',
      ['某县交通运输局', '关于禁止在公路上打场晒粮的', '通告', '为确保公路安全畅通，现通告如下：'],
      '某县交通运输局关于禁止在公路上打场晒粮的通告',
    ],
    [
      'the same with a blank line between every line (a repost)',
      [
        '某县某某工作指挥部',
        '',
        '关于对某山进行集中治理的',
        '',
        '通告',
        '',
        '为巩固治理成果，现通告如下：',
      ],
      '某县某某工作指挥部关于对某山进行集中治理的通告',
    ],
    [
      'a letterhead organ above a one-line title',
      [
        '某市人民政府办公室',
        '关于印发某市某某管理办法的通知',
        '某政办规〔2024〕3号',
        '各区人民政府：',
      ],
      '某市人民政府办公室关于印发某市某某管理办法的通知',
    ],
    [
      'a long title wrapped before its last words',
      ['某市人民政府关于进一步加强城市道路', '停车管理工作的通知', '各区人民政府，市政府各部门：'],
      '某市人民政府关于进一步加强城市道路停车管理工作的通知',
    ],
  ])('%s reads as one title', (_what, lines, title) => {
    const text = lines.join('\n');
    expect(modelFromText(text).title).toBe(title);
    expect(run(text).facts.title).toBe(title);
  });

  it.each([
    [
      'a complete title keeps the line under it out',
      ['某市某某管理办法', '（征求意见稿）', '第一条　为了规范管理，制定本办法。'],
    ],
    [
      'two blank lines apart, a heading is not joined',
      ['关于做好某某工作的', '', '', '通知', '各单位：'],
    ],
    [
      'an organ line above a title that names its issuer already',
      ['某某市人民政府', '某市人民政府关于印发某某办法的通知', '各区人民政府：'],
    ],
  ])('%s', (_what, lines) => {
    const m = modelFromText(lines.join('\n'));
    expect(m.title).toBe(lines.find((l) => /关于|办法$/.test(l)));
  });
});

describe('metadata in bulleted, dashed, tabular and multi-pair lines', () => {
  it.each([
    ['• 实施日期：2024年2月1日', '实施日期', '2024年2月1日'],
    ['- 发文字号：某政规〔2024〕3号', '发文字号', '某政规〔2024〕3号'],
    ['· 成文日期：2024-01-05', '成文日期', '2024-01-05'],
    ['● 失效日期：2029年1月31日', '失效日期', '2029年1月31日'],
    ['1. 文件编号：某政规〔2024〕3号', '文件编号', '某政规〔2024〕3号'],
    ['| 发文字号 | 某政规〔2024〕3号 |', '发文字号', '某政规〔2024〕3号'],
    ['有效性\t有效', '有效性', '有效'],
    ['— 发布日期：2024年1月9日', '发布日期', '2024年1月9日'],
  ])('reads 「%s」', (line, key, value) => {
    const m = modelFromText([line, ...BODY].join('\n'));
    expect(m.meta[key]).toBe(value);
    expect(m.blocks[0]!.kind).toBe('meta');
  });

  it('reads every pair of a multi-pair line and of a table row', () => {
    const m = modelFromText(
      [
        '发文字号：某政规〔2024〕3号　　成文日期：2024年1月5日',
        '| 索引号 | 001-2024-0003 | 有效性 | 有效 |',
        '实施日期：2024-02-01  失效日期：2029-01-31',
        ...BODY.slice(2),
      ].join('\n'),
    );
    expect(m.meta).toMatchObject({
      发文字号: '某政规〔2024〕3号',
      成文日期: '2024年1月5日',
      索引号: '001-2024-0003',
      有效性: '有效',
      实施日期: '2024-02-01',
      失效日期: '2029-01-31',
    });
  });

  it('turns the labels into facts: number, signing date, effective date, expiry', () => {
    const f = facts(
      [
        '| 文件编号 | 某政规〔2024〕3号 | 成文日期 | 2024年1月5日 |',
        '- 实施日期：2024年2月1日',
        '- 失效日期：2029年1月31日',
        '关于某某的通知',
        '各区人民政府：',
        '现就有关事项通知如下。',
      ].join('\n'),
    );
    expect(f.docNumber).toBe('某政规〔2024〕3号');
    expect(f.signedDate).toBe('2024-01-05');
    expect(f.effectiveDate).toBe('2024-02-01');
    expect(f.validity.until).toBe('2029-01-31');
  });

  it('does not take a body sentence that begins with a label word for metadata', () => {
    const m = modelFromText('关于某某的通知\n有效期内，申请人应当按时报送材料。');
    expect(m.blocks[1]!.kind).not.toBe('meta');
  });
});

describe('the own 发文字号 and its 代字', () => {
  it.each([
    ['（浙政规〔2022〕3号）', '浙政规〔2022〕3号'],
    ['(沪府规〔2023〕12号)', '沪府规〔2023〕12号'],
    ['（和平政发〔2024〕3号）', '和平政发〔2024〕3号'],
  ])('the number in brackets under the title, %s, is the document’s', (line, number) => {
    const f = facts(
      ['某省人民政府关于某某的通知', line, '各市人民政府：', '现通知如下。'].join('\n'),
    );
    expect(f.docNumber).toBe(number);
    expect(f.citedDocNumbers).toEqual([]);
  });

  it('a number in brackets in running text stays a citation', () => {
    const f = facts(
      [
        '某市人民政府关于某某的通知',
        '某政发〔2024〕5号',
        '各区人民政府：',
        '根据《某省某某办法》（某政规〔2022〕3号），现通知如下。',
      ].join('\n'),
    );
    expect(f.docNumber).toBe('某政发〔2024〕5号');
    expect(f.citedDocNumbers).toEqual(['某政规〔2022〕3号']);
  });

  it.each([
    ['和平政发〔2024〕3号'],
    ['经信规〔2024〕2号'],
    ['即政办发〔2023〕11号'],
    ['依政规〔2025〕1号'],
  ])('reads the 代字 of %s whole, on its line and as a metadata value', (number) => {
    expect(facts(['关于某某的通知', number, '各单位：', '现通知如下。'].join('\n')).docNumber).toBe(
      number,
    );
    expect(
      facts([`- 发文字号：${number}`, '关于某某的通知', '各单位：', '现通知如下。'].join('\n'))
        .docNumber,
    ).toBe(number);
  });
});
