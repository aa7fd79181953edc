import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../rules/context';
import { extractFacts, toFacts } from '../../../rules/facts';
import { modelFromText } from '../../../rules/model';
import { problems, run } from './helpers';

const TODAY = { y: 2026, m: 11, d: 27 };
const facts = (text: string) => toFacts(extractFacts(makeContext(modelFromText(text)), TODAY));

/** A 规章 as 令 pages print it: the 令, the mayor and date, the title and its history line. */
function rule(
  body: string[],
  history = '（2023年5月6日某市人民政府令第12号公布　自公布之日起施行）',
) {
  const cn = ['一', '二', '三', '四', '五', '六'];
  return [
    '某市人民政府令',
    '第12号',
    '《某市某某管理办法》已经2023年4月20日市人民政府第5次常务会议通过，现予公布，自公布之日起施行。',
    '市长　某某',
    '2023年5月6日',
    '某市某某管理办法',
    history,
    ...body.map((b, i) => `第${cn[i]}条　${b}`),
  ].join('\n');
}

describe('validity, 施行 and numbers come from the document’s own clauses (issue 14 item 5)', () => {
  // Several forms in which a 规章 or a 规范性文件 speaks of a licence's, certificate's,
  // contract's or another document's period.
  it.each([
    ['许可证有效期为3年。'],
    ['经营许可证的有效期为三年，期满需要延续的，应当在期满前30日提出申请。'],
    ['对符合条件的，颁发培训合格证书，有效期五年。'],
    ['资格证明有效期2年。'],
    ['认定为高新技术企业的，认定有效期为三年。'],
    ['租赁合同有效期不得超过20年。'],
    ['检测报告的有效期为6个月。'],
    ['导游证的有效期限为3年。'],
    ['居住证有效期为一年，期满前申请延期。'],
    ['《某某市养犬管理规定》有效期至2025年12月31日。'],
    ['依照《某某省道路运输条例》（省人大常委会公告第3号）的规定，其有效期至2027年6月30日。'],
  ])('「%s」 inside a 规章 is not the 规章’s validity', (clause) => {
    const text = rule(['为了规范管理，制定本办法。', clause, '本办法自公布之日起施行。']);
    const f = facts(text);
    expect(f.validity).toEqual({ years: null, until: null, expiry: null });
    expect(problems(run(text)).filter((p) => p.startsWith('VP-'))).toEqual([]);
  });

  it.each([
    ['本办法自2025年1月1日起施行，有效期5年。', 5, null],
    ['本办法自2025年1月1日起施行，有效期至2029年12月31日。', null, '2029-12-31'],
    ['本规定有效期自2025年1月1日起至2027年12月31日止。', null, '2027-12-31'],
    ['本通知自2025年1月1日起施行，有效期3年。持证人的许可证有效期为5年。', 3, null],
    // The document (or the policy it sets) applies until a date: its validity by another wording.
    ['本通知自2025年1月1日起施行，执行至2027年12月31日。', null, '2027-12-31'],
    ['上述政策自2025年1月1日起实施至2027年12月31日。', null, '2027-12-31'],
    ['本公告有效至2028年6月30日。', null, '2028-06-30'],
  ])('reads the document’s own 「%s」', (closing, years, until) => {
    const text = [
      '某市人民政府关于某某管理的通知',
      '某政规〔2024〕9号',
      '各区人民政府，市政府各部门：',
      '经营者取得的许可证有效期为2年，期满前申请延续。',
      closing,
      '某市人民政府',
      '2024年12月1日',
    ].join('\n');
    const v = facts(text).validity;
    if (years !== null) expect(v.years).toBe(years);
    if (until !== null) expect(v.until).toBe(until);
  });

  it.each([
    ['经评估，《某市某某管理办法》有效期延长至2028年12月31日。', '2028-12-31'],
    ['现决定将《某市某某管理办法》的有效期延长至2028年12月31日。', '2028-12-31'],
    ['该办法有效期延长至2028年12月31日，请继续遵照执行。', '2028-12-31'],
    ['《某市某某管理办法》有效期顺延至2027年6月30日。', '2027-06-30'],
  ])('an extension notice 「%s」 gives the validity end', (clause, until) => {
    const text = [
      '某市人民政府办公室关于延长《某市某某管理办法》有效期的通知',
      '某政办发〔2023〕10号',
      '各区人民政府，市政府各部门：',
      clause,
      '某市人民政府办公室',
      '2023年12月1日',
    ].join('\n');
    expect(facts(text).validity.until).toBe(until);
  });

  it('a quoted law’s 施行 clause is not the document’s effective date', () => {
    const f = facts(
      [
        '某市某某管理规定',
        '第一条　《中华人民共和国某某法》自2021年9月1日起施行，为贯彻实施该法，制定本规定。',
        '第二条　本规定适用于本市。',
      ].join('\n'),
    );
    expect(f.effectiveDate).toBeNull();
  });

  it('「关于印发《X》的通知」: X’s own 施行 clause is the notice’s', () => {
    const f = facts(
      [
        '某市人民政府关于印发《某市某某办法》的通知',
        '某政规〔2024〕3号',
        '各区人民政府：',
        '现将《某市某某办法》印发给你们，《某市某某办法》自2024年6月1日起施行。',
      ].join('\n'),
    );
    expect(f.effectiveDate).toBe('2024-06-01');
  });
});

describe('「自公布之日起施行」 takes the 公布 date wherever the text gives it', () => {
  it('from the history line under the title', () => {
    const f = facts(
      [
        '某市某某管理办法',
        '（2023年5月6日某市人民政府令第12号公布　自公布之日起施行）',
        '第一条　为了规范管理，制定本办法。',
        '第二条　本办法自公布之日起施行。',
      ].join('\n'),
    );
    expect(f.effectiveDate).toBe('2023-05-06');
    expect(f.publishDate).toBe('2023-05-06');
  });

  it('the date nearest before 公布 in a history line that also tells the adoption', () => {
    const f = facts(
      [
        '某省某某条例实施办法',
        '（2021年12月31日省人民政府第88次常务会议通过　2022年1月5日某省人民政府令第200号公布　自公布之日起施行）',
        '第一条　为了实施条例，制定本办法。',
        '第二条　本办法自公布之日起施行。',
      ].join('\n'),
    );
    expect(f.effectiveDate).toBe('2022-01-05');
  });

  it('from the 令’s date when there is no history line', () => {
    const text = rule(['为了规范管理，制定本办法。', '本办法自公布之日起施行。'], '');
    const f = facts(text);
    expect(f.effectiveDate).toBe('2023-05-06');
    expect(f.signedDate).toBe('2023-05-06');
  });

  it('from the metadata when the text does not give it', () => {
    const f = facts(
      [
        '发布日期：2024年3月8日',
        '某市某某实施细则',
        '第一条　为了规范管理，制定本细则。',
        '第二条　本细则自公布之日起施行。',
      ].join('\n'),
    );
    expect(f.effectiveDate).toBe('2024-03-08');
  });

  it('「自公布之日起30日后施行」 counts from the header’s 公布 date', () => {
    const f = facts(
      [
        '某市某某办法',
        '（2024年2月1日公布）',
        '第一条　为了规范管理，制定本办法。',
        '第二条　本办法自公布之日起30日后施行。',
      ].join('\n'),
    );
    expect(f.effectiveDate).toBe('2024-03-02');
  });
});

describe('the signing date (成文日期, 落款) beside the publication date', () => {
  it.each([
    ['成文日期：2024年1月5日\n发布日期：2024年1月9日', '2024-01-05', '2024-01-09'],
    ['发布日期：2024-01-09', '2023-12-28', '2024-01-09'],
    ['', '2023-12-28', '2023-12-28'],
  ])('metadata %j and a 落款 dated 2023年12月28日', (meta, signed, published) => {
    const text = [
      ...(meta ? meta.split('\n') : []),
      '某市人民政府关于某某的通知',
      '某政规〔2023〕9号',
      '各区人民政府：',
      '现就有关事项通知如下。本通知自2024年2月1日起施行，有效期5年。',
      '某市人民政府',
      '2023年12月28日',
    ].join('\n');
    const f = facts(text);
    expect(f.signedDate).toBe(signed);
    expect(f.publishDate).toBe(published);
  });

  it('a 落款 written in Chinese numerals', () => {
    const f = facts(
      ['关于某某的通知', '各单位：', '现通知如下。', '某市某某局', '二〇二四年三月五日'].join('\n'),
    );
    expect(f.signedDate).toBe('2024-03-05');
  });

  it('is in the report JSON', () => {
    expect(
      run('关于某某的通知\n各单位：\n现通知如下。\n某市某某局\n2024年3月5日').facts,
    ).toMatchObject({ signedDate: '2024-03-05' });
  });
});
