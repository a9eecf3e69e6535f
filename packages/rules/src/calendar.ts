/**
 * Chinese working days (工作日) per the State Council's yearly holiday arrangement
 * (国务院办公厅关于部分节假日安排的通知), including make-up working days (调休上班),
 * using the data of the `chinese-days` package (compiled from the notices on www.gov.cn). A date in a year the data does not cover
 * raises CalendarNotCoveredError: the arrangement of such a year is published only late in
 * the previous year, so it is never guessed from weekdays.
 *
 * Counting convention (PRC Civil Code Art. 201: "开始的当日不计入，自下一日开始计算"):
 * the start day is never counted, the end day is.
 */
// The package's JSON build artifact is read instead of its functions: the functions parse
// dates as UTC but format them in local time, which shifts every date by one day in time
// zones west of UTC; the JSON holds plain calendar-date keys.
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { RulesError, RulesInputError } from './i18n.ts';
import { addCalendarDays, daysInMonth, formatIsoDate, fromDayNumber, parseIsoDate, toDayNumber } from './dates.ts';

export interface CalendarCoverage {
  /** First year (inclusive) whose holiday arrangement is in the data. */
  from: number;
  /** Last year (inclusive) whose holiday arrangement is in the data. */
  to: number;
}

/** Thrown when a date falls in a year whose holiday arrangement is not in the calendar data. */
export class CalendarNotCoveredError extends RulesError {
  readonly year: number;
  readonly date: string;
  readonly coverage: CalendarCoverage;

  constructor(date: string, year: number, coverage: CalendarCoverage) {
    super('calendar_not_covered', {
      zh: `日期 ${date} 所在的 ${year} 年不在节假日日历范围内（已收录 ${coverage.from}–${coverage.to} 年国务院节假日安排），无法计算工作日；请待该年安排发布并更新 chinese-days 后再计算`,
      en: `Date ${date} is in ${year}, which the holiday calendar does not cover (it holds the State Council holiday arrangements for ${coverage.from}–${coverage.to}); working days cannot be computed until that year's arrangement is published and chinese-days is updated`,
    });
    this.name = 'CalendarNotCoveredError';
    this.year = year;
    this.date = date;
    this.coverage = coverage;
  }
}

let coveredYears: ReadonlySet<number> | undefined;
let coverage: CalendarCoverage | undefined;
const yearTables = new Map<number, YearTable>();

interface CalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const data = calendarData as CalendarData;

/**
 * A year is in the data when its New Year's Day (元旦, a public holiday every year) is listed
 * as a holiday; a year without an arrangement has no entry at all.
 */
function discoverCoverage(): void {
  const years = new Set<number>();
  for (const key of Object.keys(data.holidays)) {
    if (key.endsWith('-01-01')) years.add(Number(key.slice(0, 4)));
  }
  if (years.size === 0) {
    throw new RulesError('calendar_empty', {
      zh: '节假日日历数据为空（chinese-days 未提供任何年份的安排）',
      en: 'The holiday calendar holds no data (chinese-days provides no year at all)',
    });
  }
  const to = Math.max(...years);
  // Only the contiguous run ending at the latest year counts, so a hole is never papered over.
  let from = to;
  while (years.has(from - 1)) from -= 1;
  const contiguous = new Set<number>();
  for (let y = from; y <= to; y++) contiguous.add(y);
  coveredYears = contiguous;
  coverage = { from, to };
}

/** The range of years (inclusive) for which working days can be computed. */
export function calendarCoverage(): CalendarCoverage {
  if (!coverage) discoverCoverage();
  return { ...coverage! };
}

/** True when the holiday arrangement of `year` is in the calendar data. */
export function isYearCovered(year: number): boolean {
  if (!coveredYears) discoverCoverage();
  return coveredYears!.has(year);
}

interface YearTable {
  /** Day number (days since 1970-01-01) of 1 January. */
  firstDay: number;
  /** 1 for a working day, 0 otherwise, indexed by day of year. */
  working: Uint8Array;
  /** prefix[i] = working days among the first i days of the year. */
  prefix: Uint16Array;
}

function yearTable(year: number, date: string): YearTable {
  const cached = yearTables.get(year);
  if (cached) return cached;
  if (!isYearCovered(year)) throw new CalendarNotCoveredError(date, year, calendarCoverage());
  const length = daysInMonth(year, 2) === 29 ? 366 : 365;
  const working = new Uint8Array(length);
  const prefix = new Uint16Array(length + 1);
  let i = 0;
  for (let month = 1; month <= 12; month++) {
    const days = daysInMonth(year, month);
    for (let day = 1; day <= days; day++) {
      const key = formatIsoDate(year, month, day);
      const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
      const isWorking = key in data.workdays || (weekday >= 1 && weekday <= 5 && !(key in data.holidays));
      working[i] = isWorking ? 1 : 0;
      prefix[i + 1] = prefix[i]! + working[i]!;
      i += 1;
    }
  }
  const table = { firstDay: toDayNumber(formatIsoDate(year, 1, 1)), working, prefix };
  yearTables.set(year, table);
  return table;
}

/** Working days among the day numbers lo..hi (inclusive); throws on the first uncovered day. */
function countWorkingDays(lo: number, hi: number): number {
  let count = 0;
  let day = lo;
  while (day <= hi) {
    const iso = fromDayNumber(day);
    const year = Number(iso.slice(0, 4));
    const table = yearTable(year, iso);
    const startIndex = day - table.firstDay;
    const endIndex = Math.min(hi - table.firstDay, table.working.length - 1);
    count += table.prefix[endIndex + 1]! - table.prefix[startIndex]!;
    day = table.firstDay + endIndex + 1;
  }
  return count;
}

function dayOfYear(year: number, month: number, day: number): number {
  let n = day - 1;
  for (let m = 1; m < month; m++) n += daysInMonth(year, m);
  return n;
}

/**
 * True when `date` (YYYY-MM-DD) is a working day in mainland China: Monday–Friday that is
 * not a public holiday, or a weekend day declared a make-up working day (调休上班).
 * @throws RulesInputError on a malformed date, CalendarNotCoveredError outside the data.
 */
export function isWorkingDay(date: string): boolean {
  const { year, month, day } = parseIsoDate(date, 'date');
  return yearTable(year, date).working[dayOfYear(year, month, day)] === 1;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** Holiday name when the day belongs to a holiday arrangement, e.g. 国庆节 / National Day. */
  holiday?: { zh: string; en: string };
}

/** What kind of day `date` is (for calendars in the UI). */
export function dayInfo(date: string): DayInfo {
  const working = isWorkingDay(date); // validates and checks coverage
  const { year, month, day } = parseIsoDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  // Listed days are named "English,中文,n" (n: the holiday's length in the law's terms).
  const name = data.holidays[date] ?? data.workdays[date];
  const parts = name?.split(',') ?? [];
  const holiday = parts.length >= 2 ? { en: parts[0]!, zh: parts[1]! } : undefined;
  let kind: DayKind;
  if (working) kind = weekend ? 'makeup_workday' : 'workday';
  else kind = holiday ? 'holiday' : 'weekend';
  return holiday ? { date, working, kind, holiday } : { date, working, kind };
}

function assertInteger(n: unknown, field: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new RulesInputError('invalid_integer', {
      zh: `${field} 必须是整数，实际收到 ${String(n)}`,
      en: `${field} must be an integer, got ${String(n)}`,
    });
  }
}

/**
 * The n-th working day after `from` (n > 0), or before it (n < 0); `from` itself is not
 * counted. n = 0 returns `from` unchanged. The result of n ≠ 0 is always a working day and
 * `workingDaysBetween(from, addWorkingDays(from, n)) === n`.
 * Example: addWorkingDays('2025-09-30', 1) === '2025-10-09' (National Day holiday 1–8 Oct).
 */
export function addWorkingDays(from: string, n: number): string {
  parseIsoDate(from, 'from');
  assertInteger(n, 'n');
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  let current = from;
  while (remaining > 0) {
    current = addCalendarDays(current, step);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

/**
 * Working days counted from `from` towards `to`, excluding `from` and including `to`:
 * - `to` after `from`: the number of working days in (from, to], positive or 0;
 * - `to` equal to `from`: 0;
 * - `to` before `from`: minus the number of working days in [to, from), negative or 0.
 * This makes it the inverse of addWorkingDays for either sign.
 */
export function workingDaysBetween(from: string, to: string): number {
  const a = toDayNumber(from, 'from');
  const b = toDayNumber(to, 'to');
  if (a === b) return 0;
  // (from, to] when going forward; [to, from) when going backward.
  return a < b ? countWorkingDays(a + 1, b) : -countWorkingDays(b, a - 1);
}
