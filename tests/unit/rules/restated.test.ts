/**
 * Sanctions restated from higher law (rules/restated.ts): a 通告 that repeats a regulation's fine
 * in its own words does not set the fine; the finding is lowered to a prompt naming the provision.
 * A fine beyond the provision's range, a clause about another conduct, or a document that never
 * cites the act keeps the error.
 */
import { describe, expect, it } from 'vitest';
import { compileRestated, readAmounts, restatedProvision } from '../../../rules/restated';
import { run } from './helpers';

describe('reading the amounts of a fine', () => {
  it.each([
    ['处一百元以上五百元以下罚款', [100, 500]],
    ['处100元以上500元以下的罚款', [100, 500]],
    ['处以500-2000元罚款', [500, 2000]],
    ['处500元至2000元罚款', [500, 2000]],
    ['对单位处2万元以上10万元以下的罚款', [20000, 100000]],
    ['可以处五千元以下的罚款', [5000]],
    ['处一万元以上五万元以下罚款', [10000, 50000]],
    ['处二十元以上二百元以下罚款', [20, 200]],
    ['依法处罚', []],
  ])('「%s」 → %j', (text, amounts) => {
    expect(readAmounts(text)).toEqual(amounts);
  });
});

describe('which provision a fine restates', () => {
  const rows = compileRestated([
    {
      act: '烟花爆竹安全管理条例',
      article: '第四十二条',
      conduct: '燃放(?:烟花爆竹|烟花|爆竹)',
      fines: [[100, 500]],
    },
  ]);
  const cited = '根据《烟花爆竹安全管理条例》，现通告如下。';
  const sentence = '在本区燃放烟花爆竹的，由公安部门责令停止燃放，处一百元以上五百元以下罚款。';

  it('a fine within the range, for that conduct, in a document citing the act', () => {
    expect(
      restatedProvision(rows, cited + sentence, '处一百元以上五百元以下罚款', sentence)?.article,
    ).toBe('第四十二条');
  });
  it.each([
    ['a fine beyond the range', '处一千元以上两千元以下罚款', sentence, cited],
    [
      'another conduct',
      '处一百元以上五百元以下罚款',
      '在本区乱扔垃圾的，处一百元以上五百元以下罚款。',
      cited,
    ],
    ['a document that never cites the act', '处一百元以上五百元以下罚款', sentence, '现通告如下。'],
    ['a fine without an amount', '依法处以罚款', sentence, cited],
  ])('not with %s', (_what, hit, sent, head) => {
    expect(restatedProvision(rows, head + sent, hit, sent)).toBeNull();
  });
  it('the act may be cited with 「中华人民共和国」', () => {
    const r = compileRestated([
      { act: '公路法', article: '第七十七条', conduct: '公路', fines: [[0, 5000]] },
    ]);
    const s = '在公路上打场晒粮的，处五千元以下罚款。';
    expect(
      restatedProvision(r, '根据《中华人民共和国公路法》' + s, '处五千元以下罚款', s),
    ).not.toBeNull();
  });
});

describe('in a review with the shipped packs (NB-CF)', () => {
  const notice = (fine: string, basis = '《烟花爆竹安全管理条例》') =>
    `某区人民政府关于禁止燃放烟花爆竹的通告\n为保障公共安全，根据${basis}等规定，现通告如下：\n一、本区行政区域内禁止燃放烟花爆竹。\n二、在本区行政区域内燃放烟花爆竹的，由公安部门责令停止燃放，${fine}。\n三、本通告自2026年1月1日起施行。\n某区人民政府\n2025年12月1日`;
  const nbcf = (text: string) => run(text).findings.find((f) => f.ruleId === 'national/NB-CF');

  it('a restated fine is a prompt that names the provision', () => {
    const f = nbcf(notice('处一百元以上五百元以下罚款'));
    expect(f?.severity).toBe('info');
    expect(f?.message).toContain('《烟花爆竹安全管理条例》第四十二条');
  });
  it('a heavier fine than the regulation allows stays an error', () => {
    expect(nbcf(notice('处一千元以上三千元以下罚款'))?.severity).toBe('error');
  });
  it('without the regulation cited anywhere, the fine is the notice’s own: an error', () => {
    expect(nbcf(notice('处一百元以上五百元以下罚款', '有关法律法规'))?.severity).toBe('error');
  });
  it('a detention in the same clause keeps the clause an error', () => {
    expect(
      nbcf(notice('处一百元以上五百元以下罚款，并由公安部门处以十日以下行政拘留'))?.severity,
    ).toBe('error');
  });
});
