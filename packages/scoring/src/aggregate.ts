import { ScoringError, show } from './errors.ts';

/** Statistical aggregation of a panel's percentages for one item. */
export type StatMethod = 'mean' | 'median' | 'trimmed' | 'olympic';
/** Aggregation used by {@link scoreCycle}: a statistic, or recorded consensus with a fallback. */
export type AggregationMethod = StatMethod | 'consensus';

export const STAT_METHODS: readonly StatMethod[] = ['mean', 'median', 'trimmed', 'olympic'];
/** Default proportion cut from each end by the trimmed mean. */
export const DEFAULT_TRIM_PROPORTION = 0.2;

export interface AggregateOptions {
  /** Trimmed mean: proportion cut from each end, 0 ≤ p < 0.5 (default 0.2). */
  proportion?: number;
}

/**
 * Aggregates a panel's values for one item.
 * - mean, median;
 * - trimmed: scipy.stats.trim_mean semantics — sort, cut ⌊p·n⌋ values from each end, average the rest;
 * - olympic: drop one highest and one lowest value (needs ≥ 3 values).
 * Throws a RangeError ({@link ScoringError}) for an empty list, non-finite values, an unknown method,
 * a proportion outside [0, 0.5) or olympic with fewer than 3 values. The result always lies within
 * min..max of the inputs.
 */
export function aggregate(values: readonly number[], method: StatMethod, options?: AggregateOptions): number {
  if (!Array.isArray(values) || values.length === 0) {
    throw new ScoringError('emptyValues', {
      zh: '没有可汇总的评分：至少需要一个分数。',
      en: 'Nothing to aggregate: at least one value is needed.',
    });
  }
  const n = values.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ScoringError('invalidValue', {
        zh: `第 ${i + 1} 个分数不是有限数字：${show(v)}。`,
        en: `Value #${i + 1} is not a finite number: ${show(v)}.`,
      });
    }
    sorted[i] = v;
  }
  sorted.sort();
  const lowCut = cutFor(method, n, options?.proportion);
  return aggregateSorted(sorted, 0, n, method, lowCut);
}

/**
 * How many values each end loses for `method` with `n` values (validates method, proportion
 * and the olympic minimum).
 */
export function cutFor(method: StatMethod, n: number, proportion?: number): number {
  switch (method) {
    case 'mean':
    case 'median':
      return 0;
    case 'trimmed': {
      const p = checkProportion(proportion);
      // scipy.stats.trim_mean: lowercut = int(proportion * nobs).
      return Math.floor(p * n);
    }
    case 'olympic':
      if (n < 3) {
        throw new ScoringError('olympicNeedsThree', {
          zh: `去掉一个最高分和一个最低分至少需要 3 个分数，当前只有 ${n} 个。`,
          en: `Dropping the highest and the lowest score needs at least 3 scores; got ${n}.`,
        });
      }
      return 1;
    default:
      throw new ScoringError('unknownMethod', {
        zh: `未知的汇总方法 ${show(method)}；可选：mean、median、trimmed、olympic。`,
        en: `Unknown aggregation method ${show(method)}; use mean, median, trimmed or olympic.`,
      });
  }
}

export function checkProportion(proportion: number | undefined): number {
  const p = proportion ?? DEFAULT_TRIM_PROPORTION;
  if (typeof p !== 'number' || !(p >= 0 && p < 0.5)) {
    throw new ScoringError('invalidProportion', {
      zh: `截尾比例必须满足 0 ≤ p < 0.5，收到的是 ${show(p)}。`,
      en: `The trim proportion must satisfy 0 ≤ p < 0.5; got ${show(p)}.`,
    });
  }
  return p;
}

/**
 * Aggregate of the ascending-sorted slice `a[from, to)`; `lowCut` values are dropped from each
 * end for trimmed/olympic (callers use {@link cutFor}). No allocation: this is the hot path.
 */
export function aggregateSorted(a: Float64Array, from: number, to: number, method: StatMethod, lowCut: number): number {
  const n = to - from;
  if (method === 'median') {
    const mid = from + (n >> 1);
    if (n & 1) return a[mid]!;
    const lo = a[mid - 1]!;
    const hi = a[mid]!;
    return clamp(lo + (hi - lo) / 2, lo, hi);
  }
  const lo = from + lowCut;
  const hi = to - lowCut;
  let s = 0;
  for (let i = lo; i < hi; i++) s += a[i]!;
  // The exact mean lies within [a[lo], a[hi-1]]; clamping removes floating-point overshoot.
  return clamp(s / (hi - lo), a[lo]!, a[hi - 1]!);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Sorts a[from, to) ascending in place (insertion sort: panels are small). */
export function insertionSort(a: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= from && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Sample standard deviation (n − 1) of a[from, to); 0 for a single value. */
export function sampleSd(a: Float64Array, from: number, to: number): number {
  const n = to - from;
  if (n < 2) return 0;
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  const m = s / n;
  let ss = 0;
  for (let i = from; i < to; i++) {
    const d = a[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/**
 * Quantile of the ascending-sorted slice a[from, to) with linear interpolation between order
 * statistics (Hyndman & Fan type 7, the default of R and numpy).
 */
export function quantileSorted(a: Float64Array, from: number, to: number, q: number): number {
  const n = to - from;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const x = a[from + lo]!;
  if (lo + 1 >= n) return x;
  return x + (h - lo) * (a[from + lo + 1]! - x);
}

export interface Spread {
  n: number;
  /** Sample standard deviation (n − 1); 0 with one value. */
  sd: number;
  /** max − min. */
  range: number;
  /** Interquartile range Q3 − Q1 (type 7 quantiles). */
  iqr: number;
}

/** Disagreement statistics of a panel's values for one item. */
export function spread(values: readonly number[]): Spread {
  if (!Array.isArray(values) || values.length === 0) {
    throw new ScoringError('emptyValues', {
      zh: '没有可计算离散度的评分：至少需要一个分数。',
      en: 'No values to measure disagreement on: at least one value is needed.',
    });
  }
  const a = Float64Array.from(values);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) {
      throw new ScoringError('invalidValue', {
        zh: `第 ${i + 1} 个分数不是有限数字：${show(values[i])}。`,
        en: `Value #${i + 1} is not a finite number: ${show(values[i])}.`,
      });
    }
  }
  a.sort();
  const n = a.length;
  return {
    n,
    sd: sampleSd(a, 0, n),
    range: a[n - 1]! - a[0]!,
    iqr: quantileSorted(a, 0, n, 0.75) - quantileSorted(a, 0, n, 0.25),
  };
}
