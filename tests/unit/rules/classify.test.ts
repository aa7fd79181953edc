import { describe, expect, it } from 'vitest';
import { run } from './helpers';

const doc = (title: string, body: string, header = '') =>
  `${header}${header ? '\n' : ''}${title}\n各有关单位：\n${body}\n某某局\n2026年1月5日`;
const ARTICLES =
  '第一条　为了规范管理，根据《某某法》，制定本办法。\n第二条　本办法适用于本市行政区域内的单位和个人。\n第三条　申请人应当符合下列条件。\n第四条　本办法自2026年3月1日起施行，有效期5年。';

describe('classification', () => {
  it.each([
    ['a 管理办法 in articles', doc('银湖市某某管理办法', ARTICLES), '行政规范性文件', true],
    [
      'a 工作方案',
      doc('关于印发2026年某某工作方案的通知', '一、工作目标。二、责任单位：市某某局负责。'),
      '其他',
      false,
    ],
    [
      'a 实施方案 that carries a 登记号 (Huaihua registers some as normative)',
      doc('关于印发某某实施方案的通知', ARTICLES, 'HHCR-2023-01005\n怀政办发〔2023〕9号'),
      '行政规范性文件',
      true,
    ],
    [
      'a 批复',
      doc(
        '关于同意设立某某产业园的批复',
        '你局《关于设立某某产业园的请示》收悉。经研究，同意设立。',
      ),
      '其他',
      false,
    ],
    [
      '人事任免',
      doc(
        '关于张某某等同志职务任免的通知',
        '经研究决定：任命张某某为某某局局长；免去李某某的某某职务。',
      ),
      '其他',
      false,
    ],
    ['an 应急预案', doc('关于印发某某应急预案的通知', '1 总则 1.1 编制目的。'), '其他', false],
    [
      'a 规划',
      doc('关于印发某某“十五五”规划的通知', '一、发展基础。二、总体要求。'),
      '其他',
      false,
    ],
    [
      'a 「规」 number alone outweighs a plain 通知 title',
      doc(
        '关于进一步加强某某管理的通知',
        '各单位应当遵守下列规定，不得擅自变更。',
        '银政规〔2026〕2号',
      ),
      '行政规范性文件',
      true,
    ],
  ])('%s → %s', (_what, text, level, normative) => {
    const c = run(text).classification;
    expect([c.level, c.normative]).toEqual([level, normative]);
    expect(c.reasons.length).toBeGreaterThan(0);
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
  });

  it('recognises a 规章 by its 令 number', () => {
    const c = run(
      '银湖市人民政府令第52号\n《银湖市电梯安全管理办法》已经市人民政府常务会议审议通过，现予公布，自2026年1月1日起施行。\n' +
        ARTICLES,
    ).classification;
    expect([c.level, c.normative]).toEqual(['规章', false]);
    expect(c.reasons[0]!.text).toContain('令');
  });

  it('recognises a 法规 by 条例 and the 人大常委会', () => {
    const c = run(
      '银湖市烟花爆竹燃放安全管理条例\n（2026年9月28日银湖市第十届人民代表大会常务委员会第二十次会议通过）\n' +
        ARTICLES,
    ).classification;
    expect(c.level).toBe('法律法规');
  });

  it('tells a draft 规章 published by the 司法局 from a draft normative document', () => {
    const rule = run(
      '关于《银湖市养犬管理规定（送审稿）》公开征求意见的公告\n《银湖市养犬管理规定（送审稿）》已由市公安局报送市人民政府审议，现公开征求意见。\n银湖市司法局\n2026年10月28日\n' +
        ARTICLES,
    ).classification;
    expect([rule.level, rule.isDraft]).toEqual(['规章', true]);
    const normative = run(
      '关于公开征求《银湖市某某管理办法（征求意见稿）》意见的公告\n为提高行政规范性文件制定的科学性，市某某局起草了征求意见稿，现公开征求意见。\n银湖市司法局\n2026年10月28日\n' +
        ARTICLES,
    ).classification;
    expect([normative.level, normative.isDraft]).toEqual(['行政规范性文件', true]);
  });

  it('does not take a county 司法局 draft for a 规章 (counties make no 规章)', () => {
    const c = run(
      '关于《溪原县城市养犬管理办法（征求意见稿）》公开征求意见的公告\n县司法局会同县公安局起草了征求意见稿，现公开征求意见。\n溪原县司法局\n2026年11月20日\n' +
        ARTICLES,
    ).classification;
    expect([c.level, c.isDraft]).toEqual(['行政规范性文件', true]);
  });

  it('says a 政策解读 page is not the document it explains', () => {
    const c = run(
      '《银湖市某某暂行办法》政策解读\n一、制定背景\n《办法》（银政规〔2026〕2号）自2026年3月1日起施行，有效期2年。',
    ).classification;
    expect(c.isDocument).toBe(false);
  });

  it('weights the 登记号 above a title word and lists that reason first', () => {
    const c = run(doc('关于某某工作的通知', ARTICLES, 'YHGF-2026-007')).classification;
    expect(c.reasons[0]!.text).toMatch(/登记号/);
  });
});
