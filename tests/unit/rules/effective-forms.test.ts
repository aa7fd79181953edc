import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../rules/context';
import { extractFacts, toFacts } from '../../../rules/facts';
import { modelFromText } from '../../../rules/model';

const TODAY = { y: 2026, m: 11, d: 27 };
const facts = (text: string) => toFacts(extractFacts(makeContext(modelFromText(text)), TODAY));

describe('「现予发布施行」: an order that takes effect the day it is issued', () => {
  // How ministries and city governments word it: the 令, its one sentence, the signature, the date.
  it.each([
    [
      '某部令',
      '第2号',
      '《某某规定》已经部务会议讨论通过，现予发布施行。',
      '部长　某某',
      '2001年6月13日',
    ],
    [
      '某市人民政府令',
      '第95号',
      '《某市某某管理办法》已经市政府常务会议通过，现予发布实施。',
      '市长　某某',
      '2019年12月20日',
    ],
    [
      '某银行令',
      '〔2001〕第3号',
      '《某某管理规定》已经行长办公会议通过，现予以发布施行。',
      '行长　某某',
      '2001年8月9日',
    ],
    [
      '某某委员会令',
      '第7号',
      '《某某办法》已经委员会会议审议通过，现予公布施行。',
      '主任　某某',
      '2010年3月1日',
    ],
  ])('%s %s: 施行 is the order’s date', (org, no, sentence, signer, date) => {
    const text = [
      org,
      no,
      sentence,
      signer,
      date,
      '某某规定',
      '第一条　为了规范管理，制定本规定。',
      '第二条　本规定由某部负责解释。',
    ].join('\n');
    const f = facts(text);
    const iso = date.replace(
      /(\d+)年(\d+)月(\d+)日/,
      (_m, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
    );
    expect(f.effectiveDate).toBe(iso);
  });

  it('an explicit 施行 clause in the text wins over the order’s sentence', () => {
    const text = [
      '某部令',
      '第2号',
      '《某某规定》已经部务会议讨论通过，现予发布施行。',
      '部长　某某',
      '2001年6月13日',
      '某某规定',
      '第一条　为了规范管理，制定本规定。',
      '第二条　本规定自2001年8月1日起施行。',
    ].join('\n');
    expect(facts(text).effectiveDate).toBe('2001-08-01');
  });

  it('「现将…印发给你们，请遵照执行」 is not a 施行 date', () => {
    const text = [
      '某市人民政府关于印发某某办法的通知',
      '各区人民政府：',
      '现将《某某办法》印发给你们，请认真贯彻执行。',
      '某市人民政府',
      '2020年1月2日',
    ].join('\n');
    expect(facts(text).effectiveDate).toBeNull();
  });
});

describe('「决定自…起…」: a 通告 that decides a measure from a date', () => {
  it.each([
    ['决定自2024年1月1日起，在本市行政区域内禁止燃放烟花爆竹。', '2024-01-01'],
    ['市人民政府决定，自2023年3月1日零时起禁止重型货车驶入城区道路。', '2023-03-01'],
    ['经研究，决定从2022年7月1日起对某某路段实行交通管制。', '2022-07-01'],
  ])('「%s」 → %s', (clause, iso) => {
    const text = [
      '某市人民政府关于某某的通告',
      '为了维护公共安全，根据有关法律规定，' + clause,
      '特此通告。',
      '某市人民政府',
      '2021年12月1日',
    ].join('\n');
    expect(facts(text).effectiveDate).toBe(iso);
  });

  it('a 施行 clause of its own wins', () => {
    const text = [
      '某市人民政府关于某某的通告',
      '决定自2024年1月1日起，在本市行政区域内禁止燃放烟花爆竹。',
      '本通告自2023年12月1日起施行。',
      '某市人民政府',
      '2023年11月1日',
    ].join('\n');
    expect(facts(text).effectiveDate).toBe('2023-12-01');
  });
});

describe('the 施行 date where the text gives it in other common forms', () => {
  it('「现予发布实行」 with the signer and the date run together on one line', () => {
    const text = [
      '某省人民政府令',
      '〔2001〕第3号',
      '《某省某某收费管理暂行办法》已经省政府常务会议通过，现予发布实行。',
      '省长　某某2001年2月14日',
      '某省某某收费管理暂行办法',
      '第一条　为了规范收费行为，制定本办法。',
      '第二条　本办法由省价格主管部门负责解释。',
    ].join('\n');
    expect(facts(text).effectiveDate).toBe('2001-02-14');
  });

  it('a law of the 全国人大常委会 「自公布之日起施行」: promulgated the day it is passed', () => {
    const text = [
      '中华人民共和国某某法',
      '2018年10月26日第十三届全国人民代表大会常务委员会第六次会议通过',
      '第一条　为了规范某某活动，制定本法。',
      '第二条　本法适用于某某活动。',
      '第三条　本法自公布之日起施行。',
    ].join('\n');
    expect(facts(text).effectiveDate).toBe('2018-10-26');
  });

  it('a local 法规 passed by a provincial 人大常委会 is published later: no date is guessed', () => {
    const text = [
      '某省某某条例',
      '2018年10月26日某省第十三届人民代表大会常务委员会第六次会议通过',
      '第一条　为了规范某某活动，制定本条例。',
      '第二条　本条例自公布之日起施行。',
    ].join('\n');
    expect(facts(text).effectiveDate).toBeNull();
  });

  it('a law database’s 文章属性 line 「•【施行日期】2020.06.03」 is read as metadata', () => {
    const text = [
      '某市人民政府关于禁止露天焚烧秸秆的通告',
      '文章属性',
      '•【制定机关】某市人民政府',
      '•【公布日期】2020.06.03',
      '•【施行日期】2020.06.03',
      '正文',
      '为改善空气质量，现通告如下：一、全市范围内禁止露天焚烧秸秆。',
    ].join('\n');
    expect(facts(text).effectiveDate).toBe('2020-06-03');
  });
});
