/**
 * Issue 20, defence in depth: whatever a pack holds, a check finishes. A rule that runs past
 * the time budget is named in the report, the rules after the budget are left out (and named),
 * and the rest of the review still shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { check, compilePacks, SLOW_RULE_MS } from '../../../rules/engine';
import { kinds } from '../../../rules/kinds';
import { modelFromText } from '../../../rules/model';
import { ReportSchema, type Pack } from '../../../rules/schema';
import { seedPacks } from '../../../rules/seeds';
import { normativeDoc } from './helpers';

const slowKind = {
  name: 'slow-test',
  optionsSchema: {
    parse: (o: unknown) => o,
    safeParse: (o: unknown) => ({ success: true, data: o }),
  },
  compile: () => null,
  run: () => {
    const until = performance.now() + 60;
    while (performance.now() < until) {
      /* a rule stuck in a long match */
    }
    return [];
  },
};

afterEach(() => {
  delete (kinds as Record<string, unknown>)['slow-test'];
});

describe('the check time budget', () => {
  const doc = modelFromText(normativeDoc({}));

  it('leaves every rule in when they run in time, and says nothing', () => {
    const r = check(doc, compilePacks(seedPacks, ['common-local']), { today: '2026-11-27' });
    expect(r.slow).toBeUndefined();
    expect(r.checklist.some((c) => c.status === 'pass')).toBe(true);
  });

  it('names a slow rule and leaves out the rules after the budget, and the report still validates', () => {
    (kinds as Record<string, unknown>)['slow-test'] = slowKind;
    const compiled = compilePacks(seedPacks, ['common-local'], { validated: true });
    const slowRule = {
      packId: 'office',
      rule: {
        id: 'SLOW',
        kind: 'slow-test',
        severity: 'warning',
        category: '合法性',
        message: 'm',
        basis: 'b',
        enabled: true,
        options: {},
      } as Pack['rules'][number],
      qualifiedId: 'office/SLOW',
      when: { document: false },
      state: null,
    };
    compiled.rules.unshift(slowRule);
    const r = check(doc, compiled, { today: '2026-11-27', budgetMs: 30 });
    expect(ReportSchema.safeParse(r).success).toBe(true);
    expect(r.slow?.rules[0]?.ruleId).toBe('office/SLOW');
    expect(r.slow?.rules[0]?.ms).toBeGreaterThanOrEqual(30);
    expect(r.slow?.skipped.length).toBeGreaterThan(5);
    // The facts and the classification are there: the review shows.
    expect(r.classification.isDocument).toBe(true);
    expect(r.facts.title).not.toBeNull();
    expect(SLOW_RULE_MS).toBeGreaterThan(30);
  });
});
