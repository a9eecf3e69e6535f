/**
 * Calendar-date helpers on ISO `YYYY-MM-DD` strings. Dates are plain calendar dates
 * (no time, no time zone): all arithmetic is done on UTC day numbers so the result never
 * depends on the time zone of the machine or browser running it.
 */
import { RulesInputError } from './i18n.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface YearMonthDay {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

/** Parse a strict ISO calendar date; throws a RulesInputError naming `field` when malformed. */
export function parseIsoDate(value: unknown, field = 'date'): YearMonthDay {
  if (typeof value !== 'string') {
    throw new RulesInputError('invalid_date', {
      zh: `${field} 必须是 YYYY-MM-DD 格式的日期字符串，实际收到 ${describe(value)}`,
      en: `${field} must be a date string in YYYY-MM-DD format, got ${describe(value)}`,
    });
  }
  const m = ISO_DATE.exec(value);
  if (!m) {
    throw new RulesInputError('invalid_date', {
      zh: `${field}「${value}」不是 YYYY-MM-DD 格式的日期`,
      en: `${field} "${value}" is not a date in YYYY-MM-DD format`,
    });
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RulesInputError('invalid_date', {
      zh: `${field}「${value}」不是日历上存在的日期`,
      en: `${field} "${value}" is not a real calendar date`,
    });
  }
  return { year, month, day };
}

/** True when `value` is a strict, existing ISO calendar date. */
export function isIsoDate(value: unknown): value is string {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 (UTC day number). */
export function toDayNumber(iso: string, field = 'date'): number {
  const { year, month, day } = parseIsoDate(iso, field);
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): string {
  const d = new Date(dayNumber * MS_PER_DAY);
  return formatIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function formatIsoDate(year: number, month: number, day: number): string {
  if (year < 0 || year > 9999) {
    throw new RulesInputError('invalid_date', {
      zh: `年份 ${year} 超出 0000–9999 范围`,
      en: `Year ${year} is outside 0000–9999`,
    });
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of week, 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(iso: string): number {
  return ((toDayNumber(iso) % 7) + 7 + 4) % 7; // 1970-01-01 was a Thursday
}

export function addCalendarDays(iso: string, n: number): string {
  return fromDayNumber(toDayNumber(iso) + n);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function calendarDaysBetween(from: string, to: string): number {
  return toDayNumber(to, 'to') - toDayNumber(from, 'from');
}

/** Negative, zero or positive like a comparator; both must be valid ISO dates. */
export function compareIsoDates(a: string, b: string): number {
  return toDayNumber(a) - toDayNumber(b);
}

/**
 * The same calendar day `years` years later. When that day does not exist (29 February
 * in a common year) the last day of the month is used, as the PRC Civil Code Art. 202
 * prescribes for periods counted in years ("没有对应日的，月末日为期间的最后一日").
 */
export function addYears(iso: string, years: number): string {
  const { year, month, day } = parseIsoDate(iso);
  const y = year + years;
  return formatIsoDate(y, month, Math.min(day, daysInMonth(y, month)));
}

/**
 * Number of full years elapsed from `from` to `asOf`. The n-th year is complete on its
 * anniversary (Civil Code Art. 201–202: the start day is not counted and the period ends
 * on the corresponding day), so 2022-06-15 → 2025-06-15 is exactly 3 full years and
 * 2022-06-15 → 2025-06-14 is 2. Returns a negative number when `asOf` precedes `from`.
 */
export function fullYearsBetween(from: string, asOf: string): number {
  const a = parseIsoDate(from, 'from');
  const b = parseIsoDate(asOf, 'asOf');
  let years = b.year - a.year;
  if (years >= 0) {
    if (compareIsoDates(addYears(from, years), asOf) > 0) years -= 1;
  } else if (compareIsoDates(addYears(from, years), asOf) < 0) {
    years += 1;
  }
  return years;
}

/** Today's calendar date in China Standard Time (UTC+8), regardless of the host time zone. */
export function todayInChina(now: Date = new Date()): string {
  const shifted = new Date(now.getTime() + 8 * 3_600_000);
  return formatIsoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (value instanceof Date) return `a Date object (${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  return typeof value;
}

/** The same calendar day `months` months later, clamped to the month's last day (Civil Code Art. 202). */
export function addMonths(iso: string, months: number): string {
  const { year, month, day } = parseIsoDate(iso);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
}
