/**
 * The consensus agenda as the dashboard shows it: the before/after of an item (the independent
 * statistic vs the recorded consensus), whether a reason is required, and the desk's cycle
 * summary. Pure functions (the statistics themselves come from the server, via @mqa/scoring).
 */

export interface BeforeAfter {
  /** The independent statistic now (before the discussion). */
  independent: number | null;
  /** The independent statistic the consensus was recorded against (may differ if sheets changed since). */
  recordedAgainst: number | null;
  /** The consensus percentage, or null when none is recorded. */
  consensus: number | null;
  /** consensus − independent figure it was recorded against (null when either is missing). */
  delta: number | null;
  /** Whether the consensus moved away from the independent figure. */
  moved: boolean;
  /** The independent figure changed after the consensus was recorded (a sheet was reopened and resubmitted). */
  stale: boolean;
}

export interface AgendaItemLike {
  independent: { percent: number | null };
  consensus: { percent: number; independentPercent: number | null } | null;
}

export function beforeAfter(item: AgendaItemLike): BeforeAfter {
  const independent = item.independent.percent;
  const c = item.consensus;
  if (!c) return { independent, recordedAgainst: null, consensus: null, delta: null, moved: false, stale: false };
  const against = c.independentPercent;
  const delta = against === null ? null : c.percent - against;
  return {
    independent,
    recordedAgainst: against,
    consensus: c.percent,
    delta,
    moved: delta === null || Math.abs(delta) > 1e-9,
    stale: against !== null && independent !== null && Math.abs(against - independent) > 1e-9,
  };
}

/** A reason is required where the consensus moves away from the independent statistic (or there is none). */
export function reasonRequired(percent: number | null, independent: number | null): boolean {
  if (percent === null) return false;
  return independent === null || Math.abs(percent - independent) > 1e-9;
}

/** The nearest valid percentage (0–100, step 5) to an independent figure: the dialog's starting value. */
export function suggestedPercent(independent: number | null): number {
  if (independent === null) return 50;
  return Math.min(100, Math.max(0, Math.round(independent / 5) * 5));
}

export interface MemberLike {
  status: string;
  recused: boolean;
}

/** Submitted / expected sheets among the non-recused members. */
export function submittedCount(members: readonly MemberLike[]): { submitted: number; expected: number } {
  const active = members.filter((m) => !m.recused);
  return { submitted: active.filter((m) => m.status === 'submitted').length, expected: active.length };
}

/** Working days left as a tag type: overdue, due soon (≤ 5), or fine. */
export function deadlineTone(workingDaysLeft: number | null): 'danger' | 'warning' | 'success' | 'info' {
  if (workingDaysLeft === null) return 'info';
  if (workingDaysLeft < 0) return 'danger';
  if (workingDaysLeft <= 5) return 'warning';
  return 'success';
}
