import { describe, expect, it } from 'vitest';
import { check, compilePacks } from '../../../rules/engine';
import { modelFromText } from '../../../rules/model';
import { seedPacks } from '../../../rules/seeds';
import { normativeDoc, onePack, problems, run } from './helpers';

/**
 * The 「规」-series 发文字号 as the 统一编号 (issue 14 item 7): where a pack does not require a
 * separate 登记号, a document numbered 浙政规〔2022〕N号 has its unified number and gets no
 * 「未载明登记号」 warning; a pack that knows of a separate 登记号 keeps asking for it.
 */
describe('the 规 number counts as the 统一编号 where no separate 登记号 is required', () => {
  // Several real forms of 规-series numbers (domain.md §1 R-3U-03): province, city, department,
  // 规字, joint department codes.
  it.each([
    ['浙政规〔2022〕3号', '浙江省人民政府关于印发《浙江省某某管理办法》的通知'],
    ['沪府规〔2023〕12号', '某市人民政府关于印发《某某实施办法》的通知'],
    ['穗建规字〔2019〕13号', '广州市住房和城乡建设局关于印发《某某管理规定》的通知'],
    ['川发改价格规〔2021〕499号', '四川省发展和改革委员会关于某某收费标准的通知'],
    ['浙财农规〔2024〕2号', '浙江省财政厅关于印发《某某资金管理办法》的通知'],
  ])('no 3U-NO-REGNO for %s under the common layer', (number, title) => {
    const r = run(normativeDoc({ number, reg: '', title }));
    expect(r.classification.normative).toBe(true);
    expect(problems(r)).not.toContain('3U-NO-REGNO');
  });

  it.each([['银政发〔2025〕6号'], ['银政规发〔2025〕6号'], ['浙政办发〔2022〕3号']])(
    'still warns when the number %s is not a 规 number and no 登记号 is printed',
    (number) => {
      expect(problems(run(normativeDoc({ number, reg: '' })))).toContain('3U-NO-REGNO');
    },
  );

  it('Lanzhou (separate 登记号 not known) accepts a 规 number too', () => {
    expect(
      problems(run(normativeDoc({ number: '兰政规〔2025〕1号', reg: '' }), 'lanzhou')),
    ).not.toContain('3U-NO-REGNO');
  });

  it.each([
    ['huizhou', '惠府规〔2025〕4号'],
    ['huaihua', '怀政规〔2025〕4号'],
    ['guangzhou', '穗埔府规〔2025〕4号'],
  ])('%s prints a separate 登记号: a 规 number alone still lacks it', (pack, number) => {
    expect(problems(run(normativeDoc({ number, reg: '' }), pack))).toContain('3U-NO-REGNO');
  });

  it('a rule option acceptNormativeDocNumber overrides a required separate 登记号', () => {
    const pack = onePack(
      {
        id: 'R',
        kind: 'registration-number',
        options: { check: 'present', acceptNormativeDocNumber: true },
      },
      { 'registration.separateRequired': true },
    );
    const compiled = compilePacks([pack]);
    const text = normativeDoc({ number: '浙政规〔2022〕3号', reg: '' });
    expect(check(modelFromText(text), compiled, { today: '2026-11-27' }).findings).toEqual([]);
    const plain = normativeDoc({ number: '浙政发〔2022〕3号', reg: '' });
    expect(check(modelFromText(plain), compiled, { today: '2026-11-27' }).findings).toHaveLength(1);
  });

  it('every seed jurisdiction pack states whether a separate 登记号 is required, with a basis', () => {
    for (const id of ['national', 'huizhou', 'huaihua', 'guangzhou', 'lanzhou']) {
      const p = seedPacks.find((x) => x.id === id)!;
      const v = p.params['registration.separateRequired'];
      expect(typeof v?.value, id).toBe('boolean');
      expect(v!.basis.length, id).toBeGreaterThan(10);
    }
  });
});
