/**
 * 不得设定 findings by meaning, measured on a labelled table of real-form clauses
 * (tests/fixtures/nb-labelled.json) and on real normative documents whose NB findings were
 * judged by reading (tests/fixtures/nb-real/manifest.json). `npm run eval` prints the same
 * figures.
 */
import { describe, expect, it } from 'vitest';
import {
  labelledScores,
  loadLabelled,
  loadReal,
  realScores,
  runLabelled,
  runReal,
} from '../../../scripts/nb-labelled';

const rows = loadLabelled();
const results = runLabelled(rows);

describe('the labelled NB table', () => {
  it('has at least 150 clauses, positives and negatives for each main kind', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    for (const rule of ['NB-CF', 'NB-XK', 'NB-SF', 'NB-QZ', 'NB-ZS', 'NB-ZM', 'NB-JS']) {
      const mine = rows.filter((r) => r.rule === rule);
      expect(
        mine.some((r) => r.expect === 'flag'),
        rule,
      ).toBe(true);
      expect(
        mine.some((r) => r.expect === 'clear'),
        rule,
      ).toBe(true);
    }
  });

  it.each(results.map((r) => [r.rule, r.expect, r.text, r.got] as const))(
    '%s %s: %s',
    (_rule, expected, _text, got) => {
      if (expected === 'clear') expect(got).not.toBe('flag');
      else expect(got).toBe(expected);
    },
  );

  it('keeps precision and recall of its flags at or above 90 %', () => {
    const s = labelledScores(results);
    expect(s.precision).toBeGreaterThanOrEqual(0.9);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('real normative documents', () => {
  const real = runReal(loadReal());
  it('at least 90 % of their NB errors and warnings are right', () => {
    const s = realScores(real);
    const wrong = real.flatMap((r) =>
      r.findings.filter((f) => !f.right).map((f) => `${r.file} ${f.rule} ${f.quote}`),
    );
    expect(s.precision, wrong.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('every reviewed right finding is still found', () => {
    const missed: string[] = [];
    for (const d of loadReal()) {
      const got = real.find((r) => r.file === d.file)!;
      for (const want of d.right)
        if (!got.findings.some((f) => f.right && f.rule === want.rule))
          missed.push(`${d.file} ${want.rule} ${want.quote}`);
    }
    expect(missed).toEqual([]);
  });
});
