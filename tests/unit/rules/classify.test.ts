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

describe('classification near the boundary (red-team cases)', () => {
  it.each([
    [
      'a 规定 whose title mentions the 规划区 it covers',
      '青岚市城市规划区内临时建筑管理规定\n\n　　一、建设临时建筑，应当向市自然资源和规划局申请。\n　　二、违反本规定擅自建设临时建筑的，处5000元罚款。\n　　三、本规定自2026年1月1日起施行，有效期5年。',
      '行政规范性文件',
      true,
    ],
    [
      'a 核算方法 (方法 is not 法)',
      '溪原县低保家庭收入核算方法\n\n　　第一条　本县行政区域内低保家庭收入的核算，适用本方法。\n　　第二条　申请人应当如实申报收入，不得隐瞒。',
      '行政规范性文件',
      true,
    ],
    [
      'a 名单管理办法 (rules on a list, not a list)',
      '青岚市严重失信主体名单管理办法\n\n　　第一条　本市行政区域内严重失信主体名单的认定，适用本办法。\n　　第二条　列入名单的企业，不得参加政府采购。\n　　第三条　列入名单的企业可以申请信用修复。\n　　第四条　本办法自2026年2月1日起施行。',
      '行政规范性文件',
      true,
    ],
    [
      "a 请休假管理办法 for the bureau's own staff",
      '某局机关工作人员请休假管理办法\n\n　　第一条　本办法适用于本局机关工作人员。\n　　第二条　请假应当提前申请。\n　　第三条　未经批准不得擅自离岗。\n　　第四条　本办法自2025年10月1日起施行。',
      '其他',
      false,
    ],
    [
      "a planning bureau's 批复 numbered 青规字",
      '青岚市自然资源和规划局关于某地块设计方案的批复\n\n青规字〔2025〕36号\n\n某某置业有限公司：\n　　同意该设计方案。你公司应当申请办理规划许可证，不得擅自变更。本批复有效期1年。',
      '其他',
      false,
    ],
    [
      'a fund allocation citing the 登记号 of the 办法 it applies',
      '关于下达2026年农机购置补贴资金的通知\n\n溪农联〔2026〕2号\n\n各乡镇人民政府：\n　　根据《溪原县农机购置补贴实施办法》（登记号：XYGF-2024-006），现将补贴资金386万元下达给你们。',
      '其他',
      false,
    ],
    [
      'a tender notice with a 项目编号 shaped like a 登记号',
      '某医院设备采购项目招标公告\n\n项目编号：QLCG-2025-0183\n\n　　投标人应当符合资格条件，联合体不得投标。',
      '其他',
      false,
    ],
    [
      'a 人大常委会 决定',
      '青岚市人民代表大会常务委员会关于禁止燃放烟花爆竹的决定\n\n（2025年10月30日青岚市第十六届人民代表大会常务委员会第二十三次会议通过）\n\n　　一、本市中心城区禁止燃放烟花爆竹。单位和个人应当遵守本决定。\n　　二、本决定自2026年1月1日起施行。',
      '法律法规',
      false,
    ],
    [
      'a notice of holiday office hours',
      '关于春节期间政务服务大厅办公时间的公告\n\n　　放假期间，企业和群众可以网上申请办理，符合条件的即时办结，不得委托他人代办。\n　　本公告自2026年2月15日起执行。',
      '其他',
      false,
    ],
  ])('%s', (_why, text, level, normative) => {
    const c = run(text).classification;
    expect([c.level, c.normative]).toEqual([level, normative]);
  });

  it.each([
    [
      '「关于《…办法》的政策解读」',
      '关于《青岚市既有住宅加装电梯管理办法》的政策解读\n\n　　《办法》规定，加装电梯应当经三分之二以上业主同意，申请人可以向区住建局申请。《办法》自2026年1月1日起施行。',
    ],
    [
      'news 「青岚市印发《…办法》」',
      '青岚市印发《青岚市既有住宅加装电梯管理办法》\n\n　　本报讯　市政府办公室近日印发《办法》，加装电梯应当经三分之二以上业主同意，申请人可以向区住建局申请。《办法》自2026年1月1日起施行。',
    ],
  ])('%s is about a document, not one', (_why, text) => {
    expect(run(text).classification.isDocument).toBe(false);
  });

  it("does not take an order number cited in the title for the page's own", () => {
    const r = run(
      '关于贯彻实施《青岚市城市绿化管理办法》（青岚市人民政府令第18号）的实施意见\n\n　　一、单位和个人临时占用城市绿地的，应当申请，期限不得超过一年。\n　　本意见自2026年1月1日起施行，有效期5年。',
    );
    expect(r.facts.docNumber).toBeNull();
    expect(r.classification.level).toBe('行政规范性文件');
  });

  it('does not take a labelled 登记号 of a cited or repealed document for its own', () => {
    const r = run(
      '青岚市社区养老服务补贴办法\n第一条　为了规范补贴发放，制定本办法。\n第二条　本办法自2026年1月1日起施行，有效期5年。《青岚市社区养老服务补贴办法》（登记号：QLGF-2020-003）同时废止。\n青岚市民政局\n2025年12月1日',
    );
    expect(r.facts.registrationNumber).toBeNull();
  });
});

describe('pages that list documents', () => {
  it('takes a search result page for no document, whatever numbers its snippets quote', () => {
    const c = run(
      '搜索结果\n青岚市人民政府关于印发《青岚市户外广告设施管理办法》的通知\n发文字号：青政规〔2025〕1号　登记号：QLGF-2025-001\n……违反本办法的，处2000元罚款……本办法自2025年9月1日起施行，有效期5年。',
    ).classification;
    expect([c.isDocument, c.normative]).toEqual([false, false]);
  });
});
