/**
 * Publications of the award (Art. 18, 21, 27–28): the review results published for public
 * comment (at least 20 days, Art. 18 "不少于20日", counted in calendar days as the Civil Code
 * Art. 201 counts them: the start day is not counted, the end day is), the public notice of the
 * proposed awardees (7 working days, Art. 21) and the announcement of a revocation (Art. 27–28,
 * no period). The same counting as `checkTimeline`, so the cycle's timeline and a publication
 * never disagree.
 */
import { addWorkingDays, workingDaysBetween } from './calendar.ts';
import { addCalendarDays, calendarDaysBetween, compareIsoDates, parseIsoDate } from './dates.ts';
import { RulesInputError, type LocalizedText } from './i18n.ts';

export const PUBLICATION_KINDS = ['results', 'notice', 'revocation'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

/** Art. 18: results open for public comment for at least 20 (calendar) days. */
export const COMMENT_PERIOD_MIN_DAYS = 20;
/** Art. 21: the proposed list is on public notice for 7 working days. */
export const NOTICE_PERIOD_WORKING_DAYS = 7;

export interface PublicationKindRule {
  kind: PublicationKind;
  article: number;
  name: LocalizedText;
  /** 'calendar' or 'working' days; null: no period (an announcement). */
  unit: 'calendar' | 'working' | null;
  /** The least length of the period (0 without a period). */
  minimum: number;
}

export const PUBLICATION_RULES: Readonly<Record<PublicationKind, PublicationKindRule>> = {
  results: {
    kind: 'results',
    article: 18,
    name: { zh: '评审结果公开征求意见', en: 'Review results for public comment' },
    unit: 'calendar',
    minimum: COMMENT_PERIOD_MIN_DAYS,
  },
  notice: {
    kind: 'notice',
    article: 21,
    name: { zh: '拟授奖名单公示', en: 'Public notice of the proposed awardees' },
    unit: 'working',
    minimum: NOTICE_PERIOD_WORKING_DAYS,
  },
  revocation: {
    kind: 'revocation',
    article: 27,
    name: { zh: '撤销市长质量奖称号公告', en: 'Announcement of a revoked award' },
    unit: null,
    minimum: 0,
  },
};

export function isPublicationKind(value: unknown): value is PublicationKind {
  return typeof value === 'string' && (PUBLICATION_KINDS as readonly string[]).includes(value);
}

/**
 * The first day a period starting on `startsOn` may end: 20 calendar days after it (Art. 18) or
 * the 7th working day after it (Art. 21); null for an announcement. Throws
 * `CalendarNotCoveredError` for working days outside the calendar's coverage.
 */
export function earliestPeriodEnd(kind: PublicationKind, startsOn: string): string | null {
  parseIsoDate(startsOn, 'startsOn');
  const rule = PUBLICATION_RULES[kind];
  if (rule.unit === 'calendar') return addCalendarDays(startsOn, rule.minimum);
  if (rule.unit === 'working') return addWorkingDays(startsOn, rule.minimum);
  return null;
}

export interface PeriodCheck {
  ok: boolean;
  kind: PublicationKind;
  article: number;
  unit: 'calendar' | 'working' | null;
  required: number;
  /** Days counted from the start (excluded) to the end (included); null without a period. */
  actual: number | null;
  earliestEnd: string | null;
  message: LocalizedText;
}

function daysText(unit: 'calendar' | 'working', n: number): LocalizedText {
  return unit === 'working' ? { zh: `${n}个工作日`, en: `${n} working day${n === 1 ? '' : 's'}` } : { zh: `${n}日`, en: `${n} day${n === 1 ? '' : 's'}` };
}

/**
 * Whether a publication's period meets its article: results at least 20 days (Art. 18), the
 * notice at least 7 working days (Art. 21). An announcement (revocation) has no period: `endsOn`
 * must be absent. Malformed dates throw `RulesInputError`.
 */
export function checkPublicationPeriod(input: { kind: PublicationKind; startsOn: string; endsOn?: string | null }): PeriodCheck {
  if (!isPublicationKind(input.kind)) {
    throw new RulesInputError('unknown_publication_kind', {
      zh: `未知的公告类型：${String(input.kind)}`,
      en: `Unknown publication kind: ${String(input.kind)}`,
    });
  }
  const rule = PUBLICATION_RULES[input.kind];
  parseIsoDate(input.startsOn, 'startsOn');
  const art = { zh: `第${rule.article}条`, en: `Art. ${rule.article}` };
  const base = { kind: rule.kind, article: rule.article, unit: rule.unit, required: rule.minimum };
  if (rule.unit === null) {
    if (input.endsOn) {
      return {
        ...base,
        ok: false,
        actual: null,
        earliestEnd: null,
        message: { zh: `${rule.name.zh}没有公示期，不填结束日期`, en: `${rule.name.en} has no period; leave the end date empty` },
      };
    }
    return { ...base, ok: true, actual: null, earliestEnd: null, message: { zh: `${rule.name.zh}（${art.zh}）`, en: `${rule.name.en} (${art.en})` } };
  }
  const earliestEnd = earliestPeriodEnd(input.kind, input.startsOn)!;
  const req = daysText(rule.unit, rule.minimum);
  if (!input.endsOn) {
    return {
      ...base,
      ok: false,
      actual: null,
      earliestEnd,
      message: {
        zh: `请填写${rule.name.zh}的结束日期（最早 ${earliestEnd}）`,
        en: `Enter the end date of the ${rule.name.en} (${earliestEnd} at the earliest)`,
      },
    };
  }
  parseIsoDate(input.endsOn, 'endsOn');
  if (compareIsoDates(input.endsOn, input.startsOn) < 0) {
    return {
      ...base,
      ok: false,
      actual: null,
      earliestEnd,
      message: {
        zh: `${rule.name.zh}的结束日期 ${input.endsOn} 早于开始日期 ${input.startsOn}`,
        en: `The ${rule.name.en} ends on ${input.endsOn}, before it starts on ${input.startsOn}`,
      },
    };
  }
  const actual = rule.unit === 'working' ? workingDaysBetween(input.startsOn, input.endsOn) : calendarDaysBetween(input.startsOn, input.endsOn);
  const act = daysText(rule.unit, actual);
  const ok = actual >= rule.minimum;
  return {
    ...base,
    ok,
    actual,
    earliestEnd,
    message: ok
      ? {
          zh: `${rule.name.zh}自 ${input.startsOn} 至 ${input.endsOn}，共${act.zh}，符合${art.zh}不少于${req.zh}的要求`,
          en: `The ${rule.name.en} runs from ${input.startsOn} to ${input.endsOn}, ${act.en}, meeting ${art.en} (at least ${req.en})`,
        }
      : {
          zh: `${rule.name.zh}自 ${input.startsOn} 至 ${input.endsOn} 仅${act.zh}，${art.zh}要求不少于${req.zh}，最早 ${earliestEnd} 结束`,
          en: `The ${rule.name.en} from ${input.startsOn} to ${input.endsOn} is only ${act.en}; ${art.en} requires at least ${req.en}, ending on ${earliestEnd} at the earliest`,
        },
  };
}

/** The period's text as the notice prints it: `2025年7月1日至2025年7月21日` (start and end inclusive as published). */
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1–100 in Chinese numerals, as articles are numbered (第十八条, 第二十一条) and fractions read (三分之二); other numbers as digits. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 100) return String(n);
  if (n === 100) return '一百';
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

export function chineseDate(iso: string): string {
  const { year, month, day } = parseIsoDate(iso);
  return `${year}年${month}月${day}日`;
}
