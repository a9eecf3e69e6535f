/**
 * The phase dates of a cycle as the dashboard edits them, and the reading of the Art. 14/16/17/18/21
 * deadline checks (@mqa/rules `checkTimeline`). Pure functions, no Vue.
 */
import { checkTimeline, isIsoDate, type CycleTimeline, type DeadlineCheck } from '@mqa/rules';
import type { LocalizedText } from '../i18n/index.ts';

export type DateKey = keyof CycleTimeline;

/** The ten phase dates in the order of the procedure, with the article that governs each. */
export const DATE_FIELDS: readonly { key: DateKey; article: number }[] = [
  { key: 'callOpens', article: 14 },
  { key: 'callCloses', article: 14 },
  { key: 'applicationsReceived', article: 16 },
  { key: 'qualificationDone', article: 16 },
  { key: 'reviewStarts', article: 17 },
  { key: 'reviewEnds', article: 17 },
  { key: 'commentStarts', article: 18 },
  { key: 'commentEnds', article: 18 },
  { key: 'noticeStarts', article: 21 },
  { key: 'noticeEnds', article: 21 },
];

/** The form's dates: every key present, `''` for a date not set. */
export type DateForm = Record<DateKey, string>;

export function formFromDates(dates: CycleTimeline | null | undefined): DateForm {
  const out = {} as DateForm;
  for (const { key } of DATE_FIELDS) out[key] = dates?.[key] ?? '';
  return out;
}

/** The dates of the form that are set (valid ISO dates only), as `checkTimeline` takes them. */
export function timelineFromForm(form: DateForm): CycleTimeline {
  const out: CycleTimeline = {};
  for (const { key } of DATE_FIELDS) {
    const v = form[key]?.trim();
    if (v && isIsoDate(v)) out[key] = v;
  }
  return out;
}

/** The form's dates that are neither empty nor a valid `YYYY-MM-DD` date. */
export function invalidDates(form: DateForm): DateKey[] {
  return DATE_FIELDS.map((f) => f.key).filter((k) => {
    const v = form[k]?.trim();
    return !!v && !isIsoDate(v);
  });
}

/**
 * What `cycles.updateDates` needs: only the changed dates; a date that was set and is now empty
 * becomes `null` (cleared). Empty object when nothing changed.
 */
export function changedDates(before: CycleTimeline | null | undefined, form: DateForm): Partial<Record<DateKey, string | null>> {
  const out: Partial<Record<DateKey, string | null>> = {};
  for (const { key } of DATE_FIELDS) {
    const was = before?.[key] ?? '';
    const now = form[key]?.trim() ?? '';
    if (was !== now) out[key] = now === '' ? null : now;
  }
  return out;
}

/** Runs `checkTimeline` over the form (live preview in the browser); a domain error is returned as text. */
export function previewTimeline(form: DateForm, asOf?: string): { checks: DeadlineCheck[]; error: LocalizedText | null } {
  try {
    return { checks: checkTimeline(timelineFromForm(form), asOf ? { asOf } : {}), error: null };
  } catch (error) {
    const text = (error as { text?: LocalizedText; messages?: LocalizedText } | null)?.text ?? (error as { messages?: LocalizedText } | null)?.messages;
    return { checks: [], error: text ?? { zh: '时间安排无法检查。', en: 'The timeline could not be checked.' } };
  }
}

/** A deadline check as the table shows it (the fields the server's and the browser's checks share). */
export interface DeadlineLike {
  article: number;
  code: string;
  status: 'ok' | 'breach' | 'pending' | 'uncovered';
  overdue?: boolean | undefined;
  /** The step's start date, when entered. */
  start?: string | undefined;
  message: LocalizedText;
}

/** Breaches (including overdue 'max' deadlines), uncovered checks, and whether all five passed. */
export function summariseTimeline<T extends DeadlineLike>(checks: readonly T[]): { breaches: T[]; uncovered: T[]; allOk: boolean } {
  const breaches = checks.filter((c) => c.status === 'breach' || c.overdue === true);
  const uncovered = checks.filter((c) => c.status === 'uncovered');
  return { breaches, uncovered, allOk: checks.length > 0 && checks.every((c) => c.status === 'ok') };
}

/** Element Plus tag type of a deadline status (an overdue pending one counts as a breach; one not started is neutral). */
export function deadlineTagType(c: DeadlineLike): 'success' | 'danger' | 'warning' | 'info' {
  if (c.status === 'breach' || c.overdue === true) return 'danger';
  if (c.status === 'ok') return 'success';
  if (deadlineState(c) === 'notStarted') return 'info';
  if (c.status === 'pending') return 'warning';
  return 'info';
}

/**
 * What a deadline check reads as (the key under rules.timeline.state, or overdue): a pending step
 * without its start date has not started, one with it is in progress.
 */
export function deadlineState(c: DeadlineLike): 'overdue' | 'notStarted' | DeadlineLike['status'] {
  if (c.overdue === true) return 'overdue';
  if (c.status === 'pending' && c.start === undefined) return 'notStarted';
  return c.status;
}
