import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarNotCoveredError, addWorkingDays, calendarCoverage, dayInfo, isWorkingDay, isYearCovered, workingDaysBetween } from './calendar.ts';
import { addCalendarDays, fromDayNumber, toDayNumber } from './dates.ts';
import { RulesInputError } from './i18n.ts';

describe('calendar coverage', () => {
  it('covers 2004 through 2026 with chinese-days 1.5.7 (its README: 2004–2026)', () => {
    expect(calendarCoverage()).toEqual({ from: 2004, to: 2026 });
    expect(isYearCovered(2025)).toBe(true);
    expect(isYearCovered(2027)).toBe(false);
    expect(isYearCovered(2003)).toBe(false);
  });

  it('throws CalendarNotCoveredError for a year outside the data, never guessing', () => {
    const { from, to } = calendarCoverage();
    expect(() => isWorkingDay(`${to + 1}-03-02`)).toThrow(CalendarNotCoveredError);
    expect(() => isWorkingDay(`${from - 1}-03-02`)).toThrow(CalendarNotCoveredError);
    try {
      isWorkingDay(`${to + 1}-01-04`);
      expect.unreachable();
    } catch (error) {
      const e = error as CalendarNotCoveredError;
      expect(e.year).toBe(to + 1);
      expect(e.coverage).toEqual({ from, to });
      expect(e.text.zh).toContain(`${to + 1} 年不在节假日日历范围内`);
      expect(e.text.en).toContain('does not cover');
    }
  });

  it('throws when a computation runs into an uncovered year', () => {
    expect(() => addWorkingDays('2026-12-24', 10)).toThrow(CalendarNotCoveredError);
    expect(() => workingDaysBetween('2026-12-01', '2027-01-15')).toThrow(CalendarNotCoveredError);
  });

  it('rejects malformed input with a clear error', () => {
    expect(() => isWorkingDay('2025-10-32')).toThrow(RulesInputError);
    expect(() => addWorkingDays('2025-10-01', 1.5)).toThrow(/integer/);
    expect(() => workingDaysBetween('yesterday', '2025-10-01')).toThrow(/from "yesterday"/);
  });
});

describe('working days of 2025 (国办发明电〔2024〕12号)', () => {
  it('National Day + Mid-Autumn 1–8 Oct are holidays, Sun 28 Sep and Sat 11 Oct are make-up working days', () => {
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(`2025-10-0${d}`)).toBe(false);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-09-27')).toBe(false); // ordinary Saturday
    expect(isWorkingDay('2025-10-12')).toBe(false); // ordinary Sunday
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(dayInfo('2025-10-11')).toMatchObject({ working: true, kind: 'makeup_workday' });
    expect(dayInfo('2025-10-06')).toMatchObject({ working: false, kind: 'holiday', holiday: { zh: '中秋' } });
    expect(dayInfo('2025-10-12')).toEqual({ date: '2025-10-12', working: false, kind: 'weekend' });
    expect(dayInfo('2025-10-13')).toEqual({ date: '2025-10-13', working: true, kind: 'workday' });
  });

  it('Spring Festival 28 Jan – 4 Feb with make-up Sun 26 Jan and Sat 8 Feb', () => {
    expect(isWorkingDay('2025-01-26')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isWorkingDay('2025-01-28')).toBe(false);
    expect(isWorkingDay('2025-02-04')).toBe(false);
    expect(isWorkingDay('2025-02-05')).toBe(true);
  });

  it('adds working days across the National Day holiday and the make-up days', () => {
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28'); // Fri → make-up Sunday
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09'); // skips 1–8 Oct
    expect(addWorkingDays('2025-10-10', 1)).toBe('2025-10-11'); // make-up Saturday
    // 10 working days from 25 Sep: 26, 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15 Oct.
    expect(addWorkingDays('2025-09-25', 10)).toBe('2025-10-15');
    expect(addWorkingDays('2025-10-15', -10)).toBe('2025-09-25');
    expect(addWorkingDays('2025-10-04', 0)).toBe('2025-10-04');
  });

  it('counts working days after `from` up to and including `to`', () => {
    expect(workingDaysBetween('2025-09-25', '2025-10-15')).toBe(10);
    expect(workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(workingDaysBetween('2025-10-01', '2025-10-01')).toBe(0);
    expect(workingDaysBetween('2025-09-26', '2025-10-11')).toBe(6);
    // backwards: minus the working days in [to, from)
    expect(workingDaysBetween('2025-10-15', '2025-09-25')).toBe(-10);
    expect(workingDaysBetween('2025-10-08', '2025-09-30')).toBe(-1);
  });
});

// Oracle: the package's own API. It mixes UTC parsing with local-time formatting, so it is
// only right in time zones at or east of UTC (e.g. UTC and China); elsewhere the comparison
// would test the package's bug, not ours.
const hostEastOfUtc = new Date().getTimezoneOffset() <= 0;

describe('agreement with the chinese-days API', () => {
  it.skipIf(!hostEastOfUtc)('agrees on every day of every covered year', () => {
    const { from, to } = calendarCoverage();
    const last = toDayNumber(`${to}-12-31`);
    for (let d = toDayNumber(`${from}-01-01`); d <= last; d++) {
      const iso = fromDayNumber(d);
      if (isWorkingDay(iso) !== chineseDays.isWorkday(iso)) throw new Error(`disagreement on ${iso}`);
    }
  });
});

describe('working-day invariants (fast-check)', () => {
  // Margins keep date ± 40 working days (≈ 2 months + a holiday week) inside 2004–2026.
  const first = toDayNumber('2004-05-01');
  const last = toDayNumber('2026-10-15');
  const date = fc.integer({ min: first, max: last }).map(fromDayNumber);
  const n = fc.integer({ min: -40, max: 40 });

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n', () => {
    fc.assert(fc.property(date, n, (d, k) => workingDaysBetween(d, addWorkingDays(d, k)) === k));
  });

  it('the result of n ≠ 0 is always a working day, and no working day is skipped', () => {
    fc.assert(
      fc.property(
        date,
        n.filter((k) => k !== 0),
        (d, k) => {
          const r = addWorkingDays(d, k);
          if (!isWorkingDay(r)) return false;
          // the day before (for n > 0) / after (for n < 0) the result is still within n-1 working days
          const neighbour = addCalendarDays(r, k > 0 ? -1 : 1);
          return Math.abs(workingDaysBetween(d, neighbour)) === Math.abs(k) - 1 || neighbour === d;
        },
      ),
    );
  });

  it('is additive: between(a, c) = between(a, b) + between(b, c) for a ≤ b ≤ c', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: first, max: last - 200 }), { minLength: 3, maxLength: 3 }), (xs) => {
        const [a, b, c] = [...xs].sort((x, y) => x - y).map((x, i) => fromDayNumber(x + i * 30));
        return workingDaysBetween(a!, c!) === workingDaysBetween(a!, b!) + workingDaysBetween(b!, c!);
      }),
    );
  });
});
