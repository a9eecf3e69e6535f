import { describe, expect, it } from 'vitest';
import { addMonths, addYears, calendarDaysBetween, dayOfWeek, fullYearsBetween, isIsoDate, parseIsoDate, todayInChina } from './dates.ts';
import { RulesInputError } from './i18n.ts';

describe('ISO dates', () => {
  it('parses strict YYYY-MM-DD and rejects everything else with a bilingual error', () => {
    expect(parseIsoDate('2025-10-01')).toEqual({ year: 2025, month: 10, day: 1 });
    for (const bad of ['2025-13-01', '2025-02-29', '2025-10-1', '2025/10/01', '', '2025-00-10']) {
      expect(() => parseIsoDate(bad, 'callOpens')).toThrow(RulesInputError);
      expect(isIsoDate(bad)).toBe(false);
    }
    try {
      parseIsoDate('2025-02-30', 'callOpens');
      expect.unreachable();
    } catch (error) {
      expect((error as RulesInputError).text.zh).toContain('callOpens');
      expect((error as RulesInputError).text.en).toContain('not a real calendar date');
    }
    expect(() => parseIsoDate(20251001)).toThrow(/YYYY-MM-DD/);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('knows the weekday of known dates', () => {
    expect(dayOfWeek('2025-10-01')).toBe(3); // Wednesday
    expect(dayOfWeek('2025-09-28')).toBe(0); // Sunday
    expect(dayOfWeek('2025-10-11')).toBe(6); // Saturday
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
  });

  it('counts calendar days', () => {
    expect(calendarDaysBetween('2025-12-05', '2025-12-25')).toBe(20);
    expect(calendarDaysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(calendarDaysBetween('2025-03-01', '2025-02-28')).toBe(-1);
  });

  it('adds years and months clamping to the month end (Civil Code Art. 202)', () => {
    expect(addYears('2020-02-29', 3)).toBe('2023-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
    expect(addMonths('2026-08-31', -6)).toBe('2026-02-28');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });

  it('counts full years: the anniversary completes the year', () => {
    expect(fullYearsBetween('2022-06-15', '2025-06-15')).toBe(3);
    expect(fullYearsBetween('2022-06-15', '2025-06-14')).toBe(2);
    expect(fullYearsBetween('2020-02-29', '2023-02-28')).toBe(3);
    expect(fullYearsBetween('2020-02-29', '2023-02-27')).toBe(2);
    expect(fullYearsBetween('2025-06-15', '2025-06-15')).toBe(0);
  });

  it("gives today's date in China time whatever the host zone", () => {
    expect(todayInChina(new Date('2025-09-30T16:30:00Z'))).toBe('2025-10-01');
    expect(todayInChina(new Date('2025-09-30T15:59:00Z'))).toBe('2025-09-30');
  });
});
