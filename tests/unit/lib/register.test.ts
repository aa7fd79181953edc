import { describe, expect, it } from 'vitest';
import {
  dueMonthsFromPacks,
  expiryOf,
  registerState,
  validityOf,
  validityRegister,
} from '@/lib/register';
import { reviewed } from '../components/fixtures';
import { dbPerTest, pack, storedRecord } from './fixtures';

const newDb = dbPerTest();

const TODAY = '2025-06-30';

const validity = (
  expiry: string | null,
  extra: Partial<{ years: number; until: string }> = {},
) => ({
  effectiveDate: '2021-01-01',
  validity: { years: extra.years ?? null, until: extra.until ?? null, expiry },
});

describe('validity register', () => {
  it.each([
    ['2025-06-29', 'lapsed'],
    ['2025-06-30', 'evaluationDue'],
    ['2025-12-30', 'evaluationDue'],
    ['2025-12-31', 'valid'],
    [null, 'unknown'],
  ] as const)('expiry %s on %s with 6 months is %s', (expiry, state) => {
    expect(registerState(expiry, TODAY, 6)).toBe(state);
  });

  it('computes the expiry from 施行日期 + years when none is stated', () => {
    expect(
      expiryOf({ effectiveDate: '2025-03-01', validity: { years: 5, until: null, expiry: null } }),
    ).toBe('2030-02-28');
    expect(
      expiryOf({
        effectiveDate: '2025-03-01',
        validity: { years: 2, until: '2026-12-31', expiry: null },
      }),
    ).toBe('2026-12-31');
    expect(
      expiryOf({ effectiveDate: null, validity: { years: 5, until: null, expiry: null } }),
    ).toBeNull();
  });

  it('gives the popup, the side panel and the register the same validity arithmetic', async () => {
    // 施行 2025-08-01, valid for 5 years: the engine's expiry is 2030-07-31.
    const { report } = reviewed('nb-cf-dog-fines.html');
    expect(validityOf(report.facts, 6, '2026-11-27')).toEqual({
      expiry: '2030-07-31',
      evaluationFrom: '2030-01-31',
      daysLeft: 1342,
    });
    expect(validityOf(report.facts, 12)).toEqual({
      expiry: '2030-07-31',
      evaluationFrom: '2029-07-31',
      daysLeft: null,
    });
    // 有效期至 only; the evaluation day is clamped to the month's end; lapsed is negative.
    const until = {
      effectiveDate: null,
      validity: { years: null, until: '2030-08-31', expiry: null },
    };
    expect(validityOf(until, 6, '2030-09-02')).toEqual({
      expiry: '2030-08-31',
      evaluationFrom: '2030-02-28',
      daysLeft: -2,
    });
    expect(validityOf(validity(null), 6, TODAY)).toEqual({
      expiry: null,
      evaluationFrom: null,
      daysLeft: null,
    });

    const db = newDb();
    const { effectiveDate, validity: v } = report.facts;
    await db.records.add(
      storedRecord({ classification: 'normative', facts: { effectiveDate, validity: v } }),
    );
    const [entry] = await validityRegister(db, { today: '2026-11-27', dueMonths: 6 });
    expect(entry).toMatchObject(validityOf(report.facts, 6, '2026-11-27'));
  });

  it('gives a draft no expiry and no register entry until its final text is recorded', async () => {
    const draftFacts = {
      ...validity(null, { years: 5 }),
      isDraft: true,
      commentDeadline: '2025-05-20',
    };
    expect(validityOf(draftFacts, 6, TODAY)).toEqual({
      expiry: null,
      evaluationFrom: null,
      daysLeft: null,
      draft: true,
    });
    const db = newDb();
    await db.records.add(
      storedRecord({ id: 'draft', docKey: 'k', classification: 'normative', facts: draftFacts }),
    );
    expect(await validityRegister(db, { today: TODAY })).toEqual([]);
    // The final text (a later round of the same document) enters the register.
    await db.records.add(
      storedRecord({
        id: 'final',
        docKey: 'k',
        round: 2,
        classification: 'normative',
        facts: { ...validity('2030-01-01'), isDraft: false },
      }),
    );
    expect((await validityRegister(db, { today: TODAY })).map((e) => e.recordId)).toEqual([
      'final',
    ]);
  });

  it('takes the evaluation window from the packs', () => {
    expect(dueMonthsFromPacks([pack()])).toBe(6);
    expect(
      dueMonthsFromPacks([
        pack(),
        pack({ id: 'local', params: { 'validity.evaluationMonths': { value: 12, basis: 'x' } } }),
      ]),
    ).toBe(12);
    expect(dueMonthsFromPacks([pack({ params: {} })], 3)).toBe(3);
  });

  it('lists normative documents by urgency, latest round only, without rejected or deleted ones', async () => {
    const db = newDb();
    await db.records.bulkAdd([
      storedRecord({
        id: 'lapsed',
        title: '甲',
        classification: 'normative',
        facts: validity('2025-01-31'),
      }),
      storedRecord({
        id: 'due',
        title: '乙',
        classification: 'normative',
        facts: validity('2025-09-30'),
      }),
      storedRecord({
        id: 'valid',
        title: '丙',
        classification: 'normative',
        facts: validity('2028-01-01'),
      }),
      storedRecord({
        id: 'unknown',
        title: '丁',
        classification: 'normative',
        facts: validity(null),
      }),
      storedRecord({ id: 'not-normative', facts: validity('2025-01-01') }),
      storedRecord({
        id: 'rejected',
        classification: 'normative',
        conclusion: '不予通过',
        facts: validity('2025-01-01'),
      }),
      storedRecord({
        id: 'deleted',
        classification: 'normative',
        facts: validity('2025-01-01'),
        deletedAt: '2025-06-01T00:00:00.000Z',
      }),
      // Two rounds of one document: only round 2 (with its revised validity) is listed.
      storedRecord({
        id: 'r1',
        docKey: 'no:x',
        round: 1,
        classification: 'normative',
        facts: validity('2025-02-01'),
      }),
      storedRecord({
        id: 'r2',
        docKey: 'no:x',
        round: 2,
        classification: 'normative',
        facts: validity('2027-02-01'),
      }),
    ]);
    const entries = await validityRegister(db, { today: TODAY, dueMonths: 6 });
    expect(entries.map((e) => [e.recordId, e.state])).toEqual([
      ['lapsed', 'lapsed'],
      ['due', 'evaluationDue'],
      ['r2', 'valid'],
      ['valid', 'valid'],
      ['unknown', 'unknown'],
    ]);
    expect(entries[0]).toMatchObject({ daysLeft: -150, evaluationFrom: '2024-07-31' });
    expect(entries[1]).toMatchObject({ daysLeft: 92 });
  });

  it('moves a document into evaluationDue when the window is widened', async () => {
    const db = newDb();
    await db.records.add(
      storedRecord({ id: 'a', classification: 'normative', facts: validity('2026-03-31') }),
    );
    expect((await validityRegister(db, { today: TODAY, dueMonths: 6 }))[0]?.state).toBe('valid');
    expect((await validityRegister(db, { today: TODAY, dueMonths: 12 }))[0]?.state).toBe(
      'evaluationDue',
    );
  });
});
