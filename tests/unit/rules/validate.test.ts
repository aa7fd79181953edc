import { describe, expect, it } from 'vitest';
import { validatePack, validatePackSet } from '../../../rules/validate';
import { citationOf } from '../../../rules/basis';
import { vetPattern } from '../../../rules/regex';
import { seedPacks, shippedPatterns } from '../../../rules/seeds';
import national from '../../../seeds/packs/national.json';
import fairCompetition from '../../../seeds/packs/fair-competition.json';
import higherLaw from '../../../seeds/packs/higher-law.json';

const pack = (rules: unknown[], extra: Record<string, unknown> = {}) => ({
  id: 'p1',
  name: '测试包',
  version: '1',
  jurisdiction: '测试',
  rules,
  ...extra,
});
const rule = (options: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'NB-CF',
  kind: 'pattern',
  severity: 'error',
  category: '合法性',
  message: 'm',
  basis: 'b',
  options,
  ...extra,
});
const errorsOf = (json: unknown) => {
  const r = validatePack(json);
  return r.ok ? [] : r.errors.map((e) => e.message);
};

describe('pack validation', () => {
  it('accepts every seed pack and the seed set as a whole', () => {
    const trusted = shippedPatterns();
    for (const p of seedPacks) expect(validatePack(p, { trusted })).toMatchObject({ ok: true });
    expect(validatePackSet(seedPacks, { trusted })).toMatchObject({ ok: true });
  });

  it.each([
    [
      'a rule',
      pack([rule({ triggers: ['罚款'] }, { basis: '[S-SZ][S-SZ2]' })]),
      '规则 NB-CF › basis',
    ],
    [
      'a parameter',
      pack([], { params: { 'effective.minGapDays': { value: 30, basis: '[S-QA] ；[S-30]' } } }),
      'params.effective.minGapDays',
    ],
    [
      'a checklist item',
      pack([], { checklist: [{ id: 'X', group: '程序', label: 'l', basis: '[S-XJ]' }] }),
      '审查清单 X',
    ],
  ])('refuses %s whose basis is only source keys, naming where', (_what, json, where) => {
    const errors = errorsOf(json);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(where);
    expect(errors[0]).toContain('依据只有来源编号');
  });

  it('accepts a basis of source keys when the citation form is given', () => {
    expect(
      errorsOf(
        pack([rule({ triggers: ['罚款'] }, { basis: '[S-PEN]', cite: '《行政处罚法》第十六条' })]),
      ),
    ).toEqual([]);
  });

  it('gives every seed rule, parameter and checklist item a citation, never only source keys', () => {
    for (const p of seedPacks) {
      for (const r of p.rules) expect(citationOf(r), `${p.id}/${r.id}`).not.toBe('');
      for (const [k, v] of Object.entries(p.params))
        expect(citationOf(v), `${p.id}.${k}`).not.toBe('');
      for (const c of p.checklist) expect(citationOf(c), `${p.id} ${c.id}`).not.toBe('');
    }
  });

  it('gives every seed rule and parameter a basis', () => {
    for (const p of seedPacks) {
      for (const r of p.rules) expect(r.basis.trim(), `${p.id}/${r.id}`).not.toBe('');
      for (const [k, v] of Object.entries(p.params))
        expect(v.basis.trim(), `${p.id}.${k}`).not.toBe('');
    }
  });

  it.each([
    [
      'an invalid regex',
      pack([rule({ triggers: ['罚款', '处以', '(未闭合'] })]),
      '规则包 p1 › 规则 NB-CF › options.triggers[2]：正则表达式无效',
    ],
    [
      'catastrophic backtracking (a+)+$',
      pack([rule({ triggers: ['(a+)+$'] })]),
      '规则包 p1 › 规则 NB-CF › options.triggers[0]：正则表达式可能导致灾难性回溯',
    ],
    [
      'an unknown kind',
      pack([rule({}, { kind: 'magic' })]),
      '规则包 p1 › 规则 NB-CF › kind：未知的规则类型「magic」',
    ],
    [
      'a wrong type in options',
      pack([rule({ triggers: '罚款' })]),
      '规则包 p1 › 规则 NB-CF › options.triggers：类型错误：应为数组',
    ],
    [
      'an unknown option (typo)',
      pack([rule({ triggers: ['罚款'], scopes: 'body' })]),
      '规则包 p1 › 规则 NB-CF › options：不认识的字段：scopes',
    ],
    [
      'a wrong severity',
      pack([rule({ triggers: ['罚款'] }, { severity: 'fatal' })]),
      '规则包 p1 › 规则 NB-CF › severity：取值无效',
    ],
    [
      'a missing basis',
      pack([rule({ triggers: ['罚款'] }, { basis: '' })]),
      '规则包 p1 › 规则 NB-CF › basis：不能为空',
    ],
    [
      'a parameter of the wrong type',
      pack([], { params: { 'validity.maxYears.default': { value: '五', basis: 'x' } } }),
      '规则包 p1 › params.validity.maxYears.default：类型错误：应为数字',
    ],
    [
      'an unsafe regex parameter',
      pack([], { params: { 'registration.patterns': { value: ['^(\\w+\\s?)*$'], basis: 'x' } } }),
      '规则包 p1 › params.registration.patterns[0]：正则表达式可能导致灾难性回溯',
    ],
    [
      'duplicate rule ids',
      pack([rule({ triggers: ['罚款'] }), rule({ triggers: ['处以'] })]),
      '规则包 p1 › 规则 NB-CF › id：规则编号重复',
    ],
  ])('rejects %s naming the pack, the rule and the field', (_what, json, message) => {
    const errs = errorsOf(json);
    expect(
      errs.some((e) => e.startsWith(message)),
      errs.join('\n'),
    ).toBe(true);
  });

  it('names the pack when the envelope is wrong', () => {
    expect(errorsOf({ id: 'Bad Id', name: '', version: '1', jurisdiction: 'x' })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^规则包 Bad Id › id：/),
        expect.stringMatching(/^规则包 Bad Id › name：/),
      ]),
    );
    expect(errorsOf(null)[0]).toMatch(/^规则包 （未命名）/);
  });

  it('keeps the valid rules of a pack with one bad rule as a partial pack', () => {
    const r = validatePack(
      pack([rule({ triggers: ['(a+)+$'] }), rule({ triggers: ['罚款'] }, { id: 'OK' })]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.partial?.rules.map((x) => x.id)).toEqual(['OK']);
  });

  it('checks extends references and cycles across a set', () => {
    const a = pack([], { id: 'a', extends: ['b'] });
    const b = pack([], { id: 'b', extends: ['a'] });
    const c = pack([], { id: 'c', extends: ['nowhere'] });
    const r = validatePackSet([a, b, c]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const msgs = r.errors.map((e) => e.message).join('\n');
      expect(msgs).toContain('扩展的规则包「nowhere」不存在');
      expect(msgs).toContain('形成循环');
    }
  });

  it('checks that checklist items name existing rules (in the pack or its bases)', () => {
    const p = pack([], {
      id: 'local',
      extends: ['national'],
      checklist: [{ id: 'X', group: '有效期', label: 'x', rules: ['NB-CF', 'NOPE'] }],
    });
    const r = validatePackSet([fairCompetition, higherLaw, national, p], {
      trusted: shippedPatterns(),
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.message)).toEqual([
        '规则包 local › 清单项 X › rules[1]：引用的规则「NOPE」不存在',
      ]);
  });
});

describe('regex vetting', () => {
  it.each(['(a+)+$', '(a*)*b', '(\\w+\\s?)*$', '(?:x|y+){2,}', '(.*a){12}', '((ab)+c)+'])(
    'rejects %s',
    (src) => {
      expect(vetPattern(src)).not.toBeNull();
    },
  );

  it.each([
    '罚款',
    '须经[^。；\\n]{0,15}(?:批准|审批|同意|核准)',
    '^[\\p{Script=Han}]+规字?〔\\d{4}〕[1-9]\\d*号$',
    '^HFGS[—\\-－–]\\d{4}[—\\-－–][1-9]\\d*$',
    '(?<!征)收',
    '[+*]{2}',
    '\\(a+\\)+',
  ])('accepts %s', (src) => {
    expect(vetPattern(src)).toBeNull();
  });

  it('rejects backreferences and very long patterns', () => {
    expect(vetPattern('(a)\\1')).toMatch(/反向引用/);
    expect(vetPattern('a'.repeat(501))).toMatch(/过长/);
  });

  it('names the nested repeat it complains about', () => {
    expect(vetPattern('x(a+)+y')).toContain('「a+」在重复「(a+)+」之内');
    expect(vetPattern('(a{0,3})+')).toContain('重复「(a{0,3})+」的内容可以匹配空串');
  });
});
