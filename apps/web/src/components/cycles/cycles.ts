/** The cycle form's logic (defaults, client-side checks, the API input), kept out of the views so it is tested on its own. */
import { AWARD_CAP } from '@mqa/rules';
import type { RouterInputs, RouterOutputs } from '../../api/trpc.ts';

export type Method = NonNullable<RouterInputs['cycles']['create']['method']>;
export type Stat = Exclude<Method, 'consensus'>;
export type TieBreak = NonNullable<RouterInputs['cycles']['create']['tieBreak']>;
export type CycleRow = RouterOutputs['cycles']['list'][number];
export type PreflightWarning = RouterOutputs['cycles']['preflight']['warnings'][number];

export const METHODS: readonly Method[] = ['consensus', 'mean', 'median', 'trimmed', 'olympic'];
export const STATS: readonly Stat[] = ['mean', 'median', 'trimmed', 'olympic'];
export const TIE_BREAKS: readonly TieBreak[] = ['priorityAreas', 'none'];

export interface CycleForm {
  year: number | undefined;
  cap: number;
  minTotal: number;
  /** undefined: the GB/T 19580-2012 standard set (created on first use). */
  weightSetId: number | undefined;
  method: Method;
  fallback: Stat;
  flagThreshold: number;
  tieBreak: TieBreak;
  callOpens: string;
  callCloses: string;
}

/** The defaults the server applies too: cap 5 (Art. 3), 600 points, consensus with the trimmed mean, 30 points, Art. 2 tie-break. */
export function emptyCycleForm(existingYears: readonly number[], thisYear: number): CycleForm {
  let year = Math.max(thisYear, ...existingYears.map((y) => y + 2));
  while (existingYears.includes(year)) year++;
  return {
    year,
    cap: AWARD_CAP,
    minTotal: 600,
    weightSetId: undefined,
    method: 'consensus',
    fallback: 'trimmed',
    flagThreshold: 30,
    tieBreak: 'priorityAreas',
    callOpens: '',
    callCloses: '',
  };
}

/** Message keys (under `cycles.form.problems`) of what the server would refuse anyway, shown before sending. */
export function formProblems(form: CycleForm, existingYears: readonly number[]): ('year' | 'duplicate' | 'cap' | 'dates')[] {
  const out: ('year' | 'duplicate' | 'cap' | 'dates')[] = [];
  if (form.year === undefined || !Number.isInteger(form.year) || form.year < 2000 || form.year > 2100) out.push('year');
  else if (existingYears.includes(form.year)) out.push('duplicate');
  if (form.cap > AWARD_CAP || form.cap < 1) out.push('cap');
  if (form.callOpens && form.callCloses && form.callCloses < form.callOpens) out.push('dates');
  return out;
}

/** The `cycles.create` input of a checked form. */
export function createInputOf(form: CycleForm): RouterInputs['cycles']['create'] {
  const dates: Record<string, string> = {};
  if (form.callOpens) dates.callOpens = form.callOpens;
  if (form.callCloses) dates.callCloses = form.callCloses;
  return {
    year: form.year!,
    cap: form.cap,
    minTotal: form.minTotal,
    ...(form.weightSetId !== undefined ? { weightSetId: form.weightSetId } : {}),
    method: form.method,
    fallback: form.method === 'consensus' ? form.fallback : null,
    flagThreshold: form.flagThreshold,
    tieBreak: form.tieBreak,
    ...(Object.keys(dates).length ? { dates } : {}),
  };
}

/** The `cycles.updateSettings` input: only what changed (a locked field is never sent unchanged). */
export function settingsPatchOf(row: CycleRow, form: CycleForm): RouterInputs['cycles']['updateSettings'] {
  const patch: RouterInputs['cycles']['updateSettings'] = { year: row.year };
  if (form.cap !== row.cap) patch.cap = form.cap;
  if (form.minTotal !== row.minTotal) patch.minTotal = form.minTotal;
  if (form.tieBreak !== row.tieBreak) patch.tieBreak = form.tieBreak;
  if (form.weightSetId !== undefined && form.weightSetId !== row.weightSetId) patch.weightSetId = form.weightSetId;
  if (form.method !== row.method) patch.method = form.method;
  const fallback = form.method === 'consensus' ? form.fallback : null;
  if (fallback !== row.fallback) patch.fallback = fallback;
  if (form.flagThreshold !== row.flagThreshold) patch.flagThreshold = form.flagThreshold;
  return patch;
}

/** The form filled with a cycle's current settings. */
export function formOf(row: CycleRow): CycleForm {
  return {
    year: row.year,
    cap: row.cap,
    minTotal: row.minTotal,
    weightSetId: row.weightSetId,
    method: row.method,
    fallback: row.fallback ?? 'trimmed',
    flagThreshold: row.flagThreshold,
    tieBreak: row.tieBreak,
    callOpens: '',
    callCloses: '',
  };
}

/** Cycles a weight set may still be assigned to: those without any score. */
export function assignableCycles(rows: readonly CycleRow[]): CycleRow[] {
  return rows.filter((r) => !r.hasScores).sort((a, b) => a.year - b.year);
}
