import { describe, expect, it } from 'vitest';
import { check } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import { compileImpositionWords, notImposed } from '../../../rules/imposition';
import { nbCompiled, nbFindings } from '../../../scripts/nb-labelled';
import { normativeDoc, run, seeds } from './helpers';

const words = compileImpositionWords(seeds().params);
const why = (text: string, hit: string, bearer?: 'public' | 'admin') => {
  const s = text.indexOf(hit);
  return notImposed(text, s, s + hit.length, 0, text.length, words, {
    negation: true,
    enumeration: true,
    ...(bearer ? { bearer } : {}),
  });
};

describe('what a clause does with the measure it names', () => {
  it.each([
    ['严禁借机收取额外费用。', '收取额外费用', 'admin', 'negated'],
    ['不得在物业服务费之外，以任何名义向业主收取其他费用。', '收取其他费用', 'admin', 'negated'],
    ['纠治乱收费、乱罚款、乱查封等问题。', '查封', 'admin', 'pejorative'],
    [
      '作出较大数额罚款、没收较大数额违法所得、吊销许可证件等行政处罚决定之前',
      '没收较大数额违法所得',
      'admin',
      'enumeration',
    ],
    [
      '罚款、没收违法所得或者没收非法财物拍卖的款项，必须全部上缴国库。',
      '没收违法所得',
      'admin',
      'enumeration',
    ],
    ['给予当事人罚款处罚后，应当在七日内送达。', '给予当事人罚款', 'admin', 'procedure'],
    ['各区县须经市政府同意后方可调整。', '须经市政府同意', 'public', 'subject-admin'],
    ['物业服务企业按照合同约定收取物业费。', '收取物业费', 'admin', 'subject-market'],
  ] as const)('「%s」 does not impose 「%s」 (%s): %s', (text, hit, bearer, reason) => {
    expect(why(text, hit, bearer)).toBe(reason);
  });

  it.each([
    ['对违反本通知规定的，处500元以上2000元以下罚款。', '处500元以上2000元以下罚款', 'admin'],
    ['由市场监管部门对经营者处以罚款。', '处以罚款', 'admin'],
    ['经营者销售过期食品的，没收过期食品。', '没收过期食品', 'admin'],
    ['给予警告、罚款等行政处罚。', '给予警告', 'admin'],
    ['建房户应当向村委会缴纳建房保证金。', '缴纳建房保证金', 'public'],
    ['市民政局要求申请人提供收入证明。', '提供收入证明', 'public'],
    ['禁止在公共场所吸烟，违者处五十元罚款。', '处五十元罚款', 'admin'],
  ] as const)('「%s」 imposes 「%s」', (text, hit, bearer) => {
    expect(why(text, hit, bearer)).toBeNull();
  });
});

describe('one finding per clause and kind', () => {
  it('reports the other hits of an article as the finding’s further places', () => {
    const text = normativeDoc({
      articles: [
        '为了规范管理，根据《某某法》，制定本办法。',
        '携犬出户未束犬链的，由公安机关处二百元罚款；情节严重的，没收犬只，并吊销其养犬登记证。',
        '未即时清除犬只粪便的，处每次100元罚款。',
      ],
    });
    const cf = run(text).findings.filter((f) => f.ruleId.endsWith('/NB-CF'));
    expect(cf).toHaveLength(2);
    const [first, second] = cf;
    expect(text.slice(first!.range.start, first!.range.end)).toBe('处二百元罚款');
    expect(first!.ranges!.map((r) => text.slice(r.start, r.end))).toEqual([
      '没收犬只',
      '吊销其养犬登记证',
    ]);
    expect(second!.ranges).toBeUndefined();
  });

  it('reports a tax exemption repeated in every paragraph nowhere', () => {
    const text = [
      '关于继续实施小微企业税费优惠政策的公告',
      '一、对月销售额10万元以下的增值税小规模纳税人，免征增值税。',
      '二、对小型微利企业年应纳税所得额不超过100万元的部分，减按25%计入应纳税所得额，按20%的税率缴纳企业所得税。',
      '三、对增值税小规模纳税人减半征收资源税、城市维护建设税、房产税、城镇土地使用税、印花税、耕地占用税和教育费附加、地方教育附加。',
      '四、本公告执行至2027年12月31日。',
    ].join('\n');
    expect(nbFindings(text)).toEqual([]);
  });

  it('a more severe hit later in the clause becomes the main place', () => {
    const text = normativeDoc({
      articles: [
        '为了规范管理，制定本办法。',
        '违反本办法的，依照《中华人民共和国某某法》第十条处以警告；拒不改正的，处一千元罚款。',
      ],
    });
    const cf = run(text).findings.filter((f) => f.ruleId.endsWith('/NB-CF'));
    expect(cf).toHaveLength(1);
    expect(cf[0]!.severity).toBe('error');
    expect(text.slice(cf[0]!.range.start, cf[0]!.range.end)).toBe('处一千元罚款');
    expect(cf[0]!.ranges!.map((r) => text.slice(r.start, r.end))).toEqual(['处以警告']);
  });
});

describe('hostile text stays linear', () => {
  const time = (text: string) => {
    const t0 = performance.now();
    check(modelFromText(text), nbCompiled(), { today: '2026-11-27' });
    return performance.now() - t0;
  };

  it('a clause of 100,000 characters full of near-triggers', () => {
    const unit = '处罚款、没收、乱收费、不得收取费用、须经批准、由村委会出具证明、查封、征收税、';
    const small = '关于通知\n' + unit.repeat(Math.ceil(10_000 / unit.length));
    const big = '关于通知\n' + unit.repeat(Math.ceil(100_000 / unit.length));
    time(small);
    const a = Math.min(time(small), time(small));
    const b = Math.min(time(big), time(big));
    // Ten times the text may cost at most ~25 times the time (noise on a shared machine),
    // never the hundredfold of a quadratic scan.
    expect(b).toBeLessThan(Math.max(a, 5) * 25);
    expect(b).toBeLessThan(5000);
  });

  it('20,000 clauses each with a measure', () => {
    const clause = (i: number) => `第${i}条　违反本办法的，处${i}元罚款，没收其工具。`;
    const mk = (n: number) =>
      ['关于通知', ...Array.from({ length: n }, (_, i) => clause(i + 1))].join('\n');
    const small = mk(2_000);
    const big = mk(20_000);
    time(small);
    const a = Math.min(time(small), time(small));
    const b = Math.min(time(big), time(big));
    expect(b).toBeLessThan(Math.max(a, 5) * 25);
    expect(b).toBeLessThan(10_000);
  });
});
