import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../rules/context';
import { extractFacts, toFacts } from '../../../rules/facts';
import { modelFromText } from '../../../rules/model';

const TODAY = { y: 2026, m: 11, d: 27 };
const facts = (text: string) => toFacts(extractFacts(makeContext(modelFromText(text)), TODAY));
const BODY = [
  '各有关单位：',
  '为了规范管理，根据有关规定，现就有关事项通知如下。',
  '一、各单位应当按照本通知要求执行。',
  '本通知自印发之日起施行。',
];

describe('the document’s own 发文字号 in the forms real headers print it', () => {
  it.each([
    // After the date on the same line (the 成文日期 printed beside the number).
    [['2002年4月23日　财税〔2002〕59号', '某部关于某某问题的通知'], '财税〔2002〕59号'],
    [
      ['2019年3月1日 某政办发〔2019〕12号', '某市人民政府办公室关于某某的通知'],
      '某政办发〔2019〕12号',
    ],
    // Glued before the heading.
    [['梁政发【2023】7号关于印发某某管理办法的通知'], '梁政发【2023】7号'],
    [['某政办〔2021〕3号 关于做好某某工作的通知'], '某政办〔2021〕3号'],
    // The old form, year first in round brackets.
    [['(78)交公路字412号', '关于某某公路养护的通知'], '(78)交公路字412号'],
    [['（1987）财税字第51号', '关于某某税收问题的通知'], '（1987）财税字第51号'],
    // In brackets at the end of the heading.
    [['某部关于某某资金管理的通知（财建〔2006〕689号）'], '财建〔2006〕689号'],
    [['某省人民政府关于某某的意见(某政发〔2015〕8号)'], '某政发〔2015〕8号'],
  ])('%j → %s', (header, number) => {
    const f = facts([...header, ...BODY].join('\n'));
    expect(f.docNumber).toBe(number);
  });

  it.each([
    // A citation in running text stays a citation.
    ['根据《某部关于某某问题的通知》（财税〔2002〕59号）规定，现就有关事项通知如下。'],
    ['依照（78）交公路字412号文件精神办理。'],
    ['按照2019年3月1日某政办发〔2019〕12号文件要求，各单位应当认真执行有关规定并按时报送材料。'],
  ])('「%s」 in the body is not the document’s number', (line) => {
    const f = facts(
      ['某市人民政府关于某某的通知', '各有关单位：', line, '本通知自印发之日起施行。'].join('\n'),
    );
    expect(f.docNumber).toBeNull();
  });
});

describe('an organ’s 公告 series is its number, and not a GB/T 9704 发文字号', () => {
  const announcement = (first: string) =>
    [
      first,
      '关于延续实施某某税收优惠政策的公告',
      '现将有关政策公告如下：',
      '一、对符合条件的纳税人继续减半征收。',
      '二、本公告执行至2027年12月31日。',
      '特此公告。',
      '财政部',
      '2025年1月2日',
    ].join('\n');
  const run = (text: string) => {
    const m = modelFromText(text);
    return { f: toFacts(extractFacts(makeContext(m), TODAY)) };
  };

  it.each([
    ['国家税务总局公告2024年第3号'],
    ['财政部 税务总局公告2023年第12号'],
    ['财政部 税务总局 海关总署公告2019年第39号'],
    ['中国人民银行 公安部公告〔2025〕第4号'],
    ['中国人民银行公告〔2020〕第1号'],
  ])('「%s」 on its own line is the document’s number', (number) => {
    expect(run(announcement(number)).f.docNumber).toBe(number);
  });

  it('a 公告 number cited in running text is not the document’s own', () => {
    const text = announcement('关于某某的公告').replace(
      '一、',
      '一、根据《国家税务总局公告2018年第31号》的规定，',
    );
    expect(run(text).f.docNumber).toBeNull();
  });

  it('the 发文字号 format checks (第, brackets, spaces) leave a 公告 number alone', async () => {
    const { check, compilePacks } = await import('../../../rules/engine');
    const { seedPacks } = await import('../../../rules/seeds');
    const compiled = compilePacks(seedPacks);
    for (const n of ['财政部 税务总局公告2023年第12号', '中国人民银行 公安部公告〔2025〕第4号']) {
      const report = check(modelFromText(announcement(n)), compiled, { today: '2026-11-27' });
      expect(report.findings.filter((x) => /\/DN-/.test(x.ruleId))).toEqual([]);
    }
    // A 发文字号 with 第 is still flagged (the check itself is on).
    const plain = check(modelFromText(announcement('某政发〔2025〕第4号')), compiled, {
      today: '2026-11-27',
    });
    expect(plain.findings.some((x) => /\/DN-/.test(x.ruleId))).toBe(true);
  });
});
