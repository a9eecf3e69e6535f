/**
 * Deadlines of an award cycle (Art. 14, 16, 17, 18, 21 of the measures).
 *
 * Counting convention for every period: the start day is not counted, the end day is
 * (PRC Civil Code Art. 201). For minimum periods (Art. 14, 18, 21) this is the cautious
 * reading: a notice published on day D must stay up until at least D + n.
 * Art. 18 counts calendar days ("不少于20日"); the others count working days.
 */
import { CalendarNotCoveredError, addWorkingDays, workingDaysBetween } from './calendar.ts';
import { addCalendarDays, calendarDaysBetween, compareIsoDates, parseIsoDate } from './dates.ts';
import type { LocalizedText } from './i18n.ts';

/** Phase dates of one award cycle, all optional ISO dates (YYYY-MM-DD). */
export interface CycleTimeline {
  /** Art. 14: call for applications published (申报公告发布). */
  callOpens?: string;
  /** Art. 14: call for applications closes. */
  callCloses?: string;
  /** Art. 16: application materials received by the secretariat. */
  applicationsReceived?: string;
  /** Art. 16: qualification review (资格初审) completed. */
  qualificationDone?: string;
  /** Art. 17: review (material review, then on-site review) starts. */
  reviewStarts?: string;
  /** Art. 17: review ends. */
  reviewEnds?: string;
  /** Art. 18: review results published for public comment. */
  commentStarts?: string;
  /** Art. 18: public comment closes. */
  commentEnds?: string;
  /** Art. 21: public notice (公示) of the proposed awardees starts. */
  noticeStarts?: string;
  /** Art. 21: public notice ends. */
  noticeEnds?: string;
}

export type DeadlineStatus = 'ok' | 'breach' | 'pending' | 'uncovered';

export type DeadlineCode = 'call_period' | 'qualification_review' | 'review_period' | 'public_comment' | 'public_notice';

export interface DeadlineCheck {
  article: number;
  code: DeadlineCode;
  label: LocalizedText;
  /** 'working' days (Chinese working days) or 'calendar' days. */
  unit: 'working' | 'calendar';
  /** 'min': the period must last at least `required`; 'max': it must end within `required`. */
  limit: 'min' | 'max';
  start?: string;
  end?: string;
  required: number;
  /** Days counted from start (excluded) to end (included); undefined when not computable. */
  actual?: number;
  /** 'min': the first allowed end date; 'max': the last allowed end date. */
  deadline?: string;
  status: DeadlineStatus;
  /** Only with options.asOf: a 'max' deadline has passed while the end date is still missing. */
  overdue?: boolean;
  message: LocalizedText;
}

interface DeadlineSpec {
  article: number;
  code: DeadlineCode;
  label: LocalizedText;
  unit: 'working' | 'calendar';
  limit: 'min' | 'max';
  required: number;
  startKey: keyof CycleTimeline;
  endKey: keyof CycleTimeline;
}

/** The timeline rules, in the order of the procedure. */
export const TIMELINE_RULES: readonly DeadlineSpec[] = [
  {
    article: 14,
    code: 'call_period',
    label: { zh: '申报公告期', en: 'Call for applications' },
    unit: 'working',
    limit: 'min',
    required: 10,
    startKey: 'callOpens',
    endKey: 'callCloses',
  },
  {
    article: 16,
    code: 'qualification_review',
    label: { zh: '资格初审', en: 'Qualification review' },
    unit: 'working',
    limit: 'max',
    required: 10,
    startKey: 'applicationsReceived',
    endKey: 'qualificationDone',
  },
  {
    article: 17,
    code: 'review_period',
    label: { zh: '评审（材料评审与现场评审）', en: 'Review (material and on-site)' },
    unit: 'working',
    limit: 'max',
    required: 20,
    startKey: 'reviewStarts',
    endKey: 'reviewEnds',
  },
  {
    article: 18,
    code: 'public_comment',
    label: { zh: '评审结果公开征求意见', en: 'Public comment on review results' },
    unit: 'calendar',
    limit: 'min',
    required: 20,
    startKey: 'commentStarts',
    endKey: 'commentEnds',
  },
  {
    article: 21,
    code: 'public_notice',
    label: { zh: '拟授奖名单公示', en: 'Public notice of proposed awardees' },
    unit: 'working',
    limit: 'min',
    required: 7,
    startKey: 'noticeStarts',
    endKey: 'noticeEnds',
  },
];

const TIMELINE_KEYS: readonly (keyof CycleTimeline)[] = [
  'callOpens',
  'callCloses',
  'applicationsReceived',
  'qualificationDone',
  'reviewStarts',
  'reviewEnds',
  'commentStarts',
  'commentEnds',
  'noticeStarts',
  'noticeEnds',
];

function unitText(unit: 'working' | 'calendar', n: number): LocalizedText {
  return unit === 'working'
    ? { zh: `${n}个工作日`, en: `${n} working day${n === 1 ? '' : 's'}` }
    : { zh: `${n}日`, en: `${n} calendar day${n === 1 ? '' : 's'}` };
}

function checkOne(spec: DeadlineSpec, cycle: CycleTimeline, asOf: string | undefined): DeadlineCheck {
  const start = cycle[spec.startKey];
  const end = cycle[spec.endKey];
  const req = unitText(spec.unit, spec.required);
  const base = {
    article: spec.article,
    code: spec.code,
    label: spec.label,
    unit: spec.unit,
    limit: spec.limit,
    required: spec.required,
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
  };
  const art = { zh: `第${spec.article}条`, en: `Art. ${spec.article}` };

  if (start === undefined) {
    return {
      ...base,
      status: 'pending',
      message: {
        zh: `${spec.label.zh}尚未开始（未填写开始日期）`,
        en: `${spec.label.en} has not started (no start date)`,
      },
    };
  }

  let deadline: string;
  try {
    deadline = spec.unit === 'working' ? addWorkingDays(start, spec.required) : addCalendarDays(start, spec.required);
  } catch (error) {
    if (error instanceof CalendarNotCoveredError) return uncovered(base, error);
    throw error;
  }

  if (end === undefined) {
    const overdue = spec.limit === 'max' && asOf !== undefined && compareIsoDates(asOf, deadline) > 0;
    return {
      ...base,
      deadline,
      status: 'pending',
      ...(asOf !== undefined ? { overdue } : {}),
      message:
        spec.limit === 'min'
          ? {
              zh: `${spec.label.zh}进行中：不得早于 ${deadline} 结束（${art.zh}：不少于${req.zh}）`,
              en: `${spec.label.en} in progress: may not end before ${deadline} (${art.en}: at least ${req.en})`,
            }
          : overdue
            ? {
                zh: `${spec.label.zh}已逾期：应于 ${deadline} 前完成（${art.zh}：${req.zh}内），至 ${asOf} 仍未完成`,
                en: `${spec.label.en} is overdue: it had to be completed by ${deadline} (${art.en}: within ${req.en}) and is still open on ${asOf}`,
              }
            : {
                zh: `${spec.label.zh}进行中：最迟于 ${deadline} 完成（${art.zh}：${req.zh}内）`,
                en: `${spec.label.en} in progress: must be completed by ${deadline} (${art.en}: within ${req.en})`,
              },
    };
  }

  if (compareIsoDates(end, start) < 0) {
    return {
      ...base,
      deadline,
      status: 'breach',
      message: {
        zh: `${spec.label.zh}的结束日期 ${end} 早于开始日期 ${start}`,
        en: `${spec.label.en} ends on ${end}, before it starts on ${start}`,
      },
    };
  }

  let actual: number;
  try {
    actual = spec.unit === 'working' ? workingDaysBetween(start, end) : calendarDaysBetween(start, end);
  } catch (error) {
    if (error instanceof CalendarNotCoveredError) return uncovered({ ...base, deadline }, error);
    throw error;
  }
  const act = unitText(spec.unit, actual);
  const ok = spec.limit === 'min' ? actual >= spec.required : actual <= spec.required;
  const message: LocalizedText = ok
    ? spec.limit === 'min'
      ? {
          zh: `${spec.label.zh}为${act.zh}，符合${art.zh}不少于${req.zh}的要求`,
          en: `${spec.label.en} lasted ${act.en}, meeting the minimum of ${req.en} (${art.en})`,
        }
      : {
          zh: `${spec.label.zh}用时${act.zh}，符合${art.zh}${req.zh}内完成的要求`,
          en: `${spec.label.en} took ${act.en}, within the limit of ${req.en} (${art.en})`,
        }
    : spec.limit === 'min'
      ? {
          zh: `${spec.label.zh}仅${act.zh}，少于${art.zh}规定的${req.zh}；最早可于 ${deadline} 结束`,
          en: `${spec.label.en} lasted only ${act.en}, less than the ${req.en} required by ${art.en}; the earliest allowed end is ${deadline}`,
        }
      : {
          zh: `${spec.label.zh}用时${act.zh}，超过${art.zh}规定的${req.zh}；应于 ${deadline} 前完成`,
          en: `${spec.label.en} took ${act.en}, more than the ${req.en} allowed by ${art.en}; it had to be completed by ${deadline}`,
        };
  return { ...base, actual, deadline, status: ok ? 'ok' : 'breach', message };
}

function uncovered(base: Omit<DeadlineCheck, 'status' | 'message'>, error: CalendarNotCoveredError): DeadlineCheck {
  return { ...base, status: 'uncovered', message: error.text };
}

/**
 * Check every deadline of a cycle. A rule whose start or end date is missing is 'pending'
 * (with its deadline when the start is known); a rule whose dates fall in a year the holiday
 * calendar does not cover is 'uncovered'. Malformed dates throw a RulesInputError.
 * With `options.asOf`, a pending 'max' rule whose deadline has passed is flagged `overdue`.
 */
export function checkTimeline(cycle: CycleTimeline, options: { asOf?: string } = {}): DeadlineCheck[] {
  for (const key of TIMELINE_KEYS) {
    const value = cycle[key];
    if (value !== undefined) parseIsoDate(value, key);
  }
  if (options.asOf !== undefined) parseIsoDate(options.asOf, 'asOf');
  return TIMELINE_RULES.map((spec) => checkOne(spec, cycle, options.asOf));
}
