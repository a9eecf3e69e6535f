import { isValidPercent } from './criteria.ts';
import { ScoringError, show } from './errors.ts';

/** Throws a RangeError ({@link ScoringError}) unless `percent` is 0–100 in steps of 5. */
export function assertPercent(percent: unknown, where?: string): asserts percent is number {
  if (isValidPercent(percent)) return;
  const at = where ? ` (${where})` : '';
  throw new ScoringError(
    'invalidPercent',
    {
      zh: `评分百分比必须是 0–100 之间 5 的倍数，收到的是 ${show(percent)}${at}。`,
      en: `A score percentage must be 0–100 in steps of 5; got ${show(percent)}${at}.`,
    },
    { percent, where },
  );
}

/**
 * Item score = points × percent / 100. Throws a RangeError for a percent outside 0–100 or not a
 * multiple of 5, and for negative or non-finite points.
 */
export function itemScore(points: number, percent: number): number {
  assertPercent(percent);
  if (typeof points !== 'number' || !Number.isFinite(points) || points < 0) {
    throw new ScoringError('invalidPoints', {
      zh: `条款分值必须是非负的有限数字，收到的是 ${show(points)}。`,
      en: `Item points must be a finite, non-negative number; got ${show(points)}.`,
    });
  }
  return (points * percent) / 100;
}
