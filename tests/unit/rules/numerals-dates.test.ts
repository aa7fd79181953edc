import { describe, expect, it } from 'vitest';
import { parseChineseNumber } from '../../../rules/facts/numerals';
import {
  addMonths,
  daysBetween,
  findDates,
  parseDate,
  parseMonthDay,
  periodEnd,
  toISO,
  workingDaysBetween,
  fromISO,
} from '../../../rules/facts/dates';

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['三十一', 31],
    ['一百零五', 105],
    ['一百一十', 110],
    ['两', 2],
    ['两千', 2000],
    ['三千零七', 3007],
    ['一万二千', 12000],
    ['二〇二〇', 2020],
    ['二○二○', 2020],
    ['一九九七', 1997],
    ['二零二五', 2025],
    ['二OO六', 2006],
    ['２５', 25],
    ['37', 37],
  ])('reads %s as %i', (s, n) => {
    expect(parseChineseNumber(s)).toBe(n);
  });

  it.each(['', '甲', '十a', '第三'])('rejects %j', (s) => {
    expect(parseChineseNumber(s)).toBeNull();
  });
});

describe('dates', () => {
  it.each([
    ['二〇二〇年一月一日', '2020-01-01'],
    ['二○二五年十二月三十一日', '2025-12-31'],
    ['二O二五年三月十日', '2025-03-10'],
    ['二00五年六月二十日', '2005-06-20'],
    ['2020年1月1日', '2020-01-01'],
    ['2020 年 1 月 1 日', '2020-01-01'],
    ['2020-01-01', '2020-01-01'],
    ['2020.1.1', '2020-01-01'],
    ['2020/01/01', '2020-01-01'],
    ['2024年2月29日', '2024-02-29'],
  ])('parses %s', (s, iso) => {
    expect(toISO(parseDate(s)!)).toBe(iso);
  });

  it.each(['2023年2月29日', '2020-13-01', '2020年0月1日', '二〇二〇年十三月一日', '明年'])(
    'rejects the impossible date %s',
    (s) => {
      expect(parseDate(s)).toBeNull();
    },
  );

  it('reads a month-day with the year supplied', () => {
    expect(toISO(parseMonthDay('5月20日', 2026)!)).toBe('2026-05-20');
    expect(toISO(parseMonthDay('十二月二日', 2026)!)).toBe('2026-12-02');
  });

  it('finds every date form in running text with its range', () => {
    const text = '于2020年1月1日印发，二〇二〇年二月一日施行，截至2021.3.4，另见2022/05/06。';
    const hits = findDates(text);
    expect(hits.map((h) => toISO(h.date))).toEqual([
      '2020-01-01',
      '2020-02-01',
      '2021-03-04',
      '2022-05-06',
    ]);
    for (const h of hits) expect(text.slice(h.start, h.end)).toBe(h.text);
  });

  it('does not read a version number as a date', () => {
    expect(findDates('版本 2020.1.1.5')).toEqual([]);
  });

  it('computes the last day of a validity period like Guangzhou does (2022-01-01 + 5 y → 2026-12-31)', () => {
    expect(toISO(periodEnd(fromISO('2022-01-01')!, 5))).toBe('2026-12-31');
    expect(toISO(periodEnd(fromISO('2020-06-05')!, 3))).toBe('2023-06-04');
    expect(toISO(periodEnd(fromISO('2024-02-29')!, 1))).toBe('2025-02-27');
  });

  it('adds months with the day clamped', () => {
    expect(toISO(addMonths(fromISO('2026-08-31')!, -6))).toBe('2026-02-28');
  });

  it('counts calendar and working days', () => {
    expect(daysBetween(fromISO('2026-11-15')!, fromISO('2026-11-20')!)).toBe(5);
    // Sun 2026-11-15 → Fri 2026-11-20: Mon..Fri = 5 working days.
    expect(workingDaysBetween(fromISO('2026-11-15')!, fromISO('2026-11-20')!)).toBe(5);
    expect(workingDaysBetween(fromISO('2026-11-20')!, fromISO('2026-11-23')!)).toBe(1);
    expect(workingDaysBetween(fromISO('2026-11-01')!, fromISO('2026-12-01')!)).toBe(22);
  });
});
