import { describe, expect, it } from 'vitest';
import { diffPacks, shortValue } from '@/rules/pack-diff';
import type { Pack, Rule } from '@/rules/schema';

const rule = (id: string, over: Partial<Rule> = {}): Rule => ({
  id,
  kind: 'pattern',
  severity: 'error',
  category: '合法性',
  message: `规则 ${id}`,
  basis: '某法第一条',
  enabled: true,
  options: { triggers: ['罚款'] },
  ...over,
});
const pack = (over: Partial<Pack> = {}): Pack => ({
  id: 'office',
  name: '本单位规则',
  version: '1.0.0',
  jurisdiction: '某市',
  extends: ['national'],
  params: { 'validity.maxYears.default': { value: 5, basis: '国办发〔2018〕37号' } },
  rules: [rule('a'), rule('b')],
  checklist: [],
  ...over,
});

describe('what a pack update changes', () => {
  it('lists everything of a first install as added', () => {
    const c = diffPacks(null, pack());
    expect(c.fromVersion).toBeNull();
    expect(c.added.map((r) => r.id)).toEqual(['a', 'b']);
    expect(c.params).toEqual([{ key: 'validity.maxYears.default', before: null, after: '5' }]);
    expect(c.empty).toBe(false);
  });

  it('names rules added, removed and changed, field by field and option by option', () => {
    const after = pack({
      version: '1.1.0',
      rules: [
        rule('a', { severity: 'warning', options: { triggers: ['罚款', '没收'] } }),
        rule('c'),
      ],
    });
    const c = diffPacks(pack(), after);
    expect(c.added.map((r) => r.id)).toEqual(['c']);
    expect(c.removed.map((r) => r.id)).toEqual(['b']);
    expect(c.changed).toEqual([
      {
        id: 'a',
        message: '规则 a',
        fields: [
          { field: 'severity', before: 'error', after: 'warning' },
          { field: 'options.triggers', before: '["罚款"]', after: '["罚款","没收"]' },
        ],
      },
    ]);
  });

  it('shows parameter values old and new, and the pack’s own fields', () => {
    const after = pack({
      name: '本单位规则（修订）',
      params: {
        'validity.maxYears.default': { value: 3, basis: '省规定' },
        'effective.minGapDays': { value: 30, basis: '国办发〔2018〕37号' },
      },
    });
    const c = diffPacks(pack(), after);
    expect(c.params).toEqual([
      { key: 'effective.minGapDays', before: null, after: '30' },
      { key: 'validity.maxYears.default', before: '5', after: '3' },
    ]);
    expect(c.meta).toEqual([{ field: 'name', before: '本单位规则', after: '本单位规则（修订）' }]);
  });

  it('is empty when only the key order or the version differs', () => {
    const reordered = JSON.parse(JSON.stringify(pack({ version: '1.0.1' }))) as Pack;
    const { options, ...rest } = rule('a');
    reordered.rules[0] = { options, ...rest };
    expect(diffPacks(pack(), reordered).empty).toBe(true);
  });

  it('caps long values', () => {
    expect(shortValue('字'.repeat(500), 10)).toBe(`${'字'.repeat(9)}…`);
  });
});
