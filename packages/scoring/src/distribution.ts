/**
 * Descriptive statistics for charts: histograms, box-plot summaries, medians and quantiles.
 * Quantiles use linear interpolation between order statistics (Hyndman & Fan 1996, type 7 —
 * the default of R's `quantile` and numpy's `percentile`), the same as the disagreement
 * statistics of this package. Box-plot whiskers follow Tukey (1977): the most extreme values
 * within 1.5 × IQR of the quartiles; values beyond are outliers.
 */
import { quantileSorted } from './aggregate.ts';
import { ScoringError, show } from './errors.ts';

function finiteSorted(values: readonly number[], what: string): Float64Array {
  if (!Array.isArray(values)) {
    throw new ScoringError('invalidValues', { zh: `${what}需要一个数字数组。`, en: `${what} needs an array of numbers.` });
  }
  const a = Float64Array.from(values);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) {
      throw new ScoringError('invalidValue', {
        zh: `${what}：第 ${i + 1} 个值不是有限数字：${show(values[i])}。`,
        en: `${what}: value #${i + 1} is not a finite number: ${show(values[i])}.`,
      });
    }
  }
  return a.sort();
}

/** The q-quantile (0 ≤ q ≤ 1, type 7) of the values; null for an empty list. */
export function quantile(values: readonly number[], q: number): number | null {
  if (!(typeof q === 'number' && q >= 0 && q <= 1)) {
    throw new ScoringError('invalidQuantile', {
      zh: `分位数必须在 0 到 1 之间，收到的是 ${show(q)}。`,
      en: `A quantile must be between 0 and 1; got ${show(q)}.`,
    });
  }
  const a = finiteSorted(values, 'quantile');
  return a.length === 0 ? null : quantileSorted(a, 0, a.length, q);
}

/** Median of the values; null for an empty list. */
export function median(values: readonly number[]): number | null {
  const a = finiteSorted(values, 'median');
  return a.length === 0 ? null : quantileSorted(a, 0, a.length, 0.5);
}

export interface BoxStats {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  sd: number;
  iqr: number;
  /** Tukey whiskers: the most extreme values within 1.5 × IQR of the quartiles. */
  lowerWhisker: number;
  upperWhisker: number;
  /** Values outside the whiskers, ascending. */
  outliers: number[];
}

/** Five-number summary with mean, SD, Tukey whiskers and outliers; null for an empty list. */
export function boxStats(values: readonly number[]): BoxStats | null {
  const a = finiteSorted(values, 'boxStats');
  const n = a.length;
  if (n === 0) return null;
  const q1 = quantileSorted(a, 0, n, 0.25);
  const med = quantileSorted(a, 0, n, 0.5);
  const q3 = quantileSorted(a, 0, n, 0.75);
  const iqr = q3 - q1;
  const loFence = q1 - 1.5 * iqr;
  const hiFence = q3 + 1.5 * iqr;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (a[i]! - mean) ** 2;
  let lowerWhisker = a[0]!;
  let upperWhisker = a[n - 1]!;
  const outliers: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v < loFence || v > hiFence) outliers.push(v);
  }
  for (let i = 0; i < n; i++) {
    if (a[i]! >= loFence) {
      lowerWhisker = a[i]!;
      break;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    if (a[i]! <= hiFence) {
      upperWhisker = a[i]!;
      break;
    }
  }
  return {
    n,
    min: a[0]!,
    q1,
    median: med,
    q3,
    max: a[n - 1]!,
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    iqr,
    lowerWhisker,
    upperWhisker,
    outliers,
  };
}

export interface HistogramBin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge, except for the last bin, which includes `max`. */
  to: number;
  count: number;
}

export interface Histogram {
  min: number;
  max: number;
  binWidth: number;
  bins: HistogramBin[];
  /** Values below `min` or above `max` (not counted in any bin). */
  outside: number;
}

export interface HistogramOptions {
  /** Lower edge of the first bin (default 0). */
  min?: number;
  /** Upper edge of the last bin (default 1000, the GB/T 19580 total). */
  max?: number;
  /** Bin width (default 50); the last bin may be narrower when it does not divide the range. */
  binWidth?: number;
}

/** Equal-width histogram over [min, max]; the last bin is closed on the right. */
export function histogram(values: readonly number[], options: HistogramOptions = {}): Histogram {
  const min = options.min ?? 0;
  const max = options.max ?? 1000;
  const binWidth = options.binWidth ?? 50;
  if (!(Number.isFinite(min) && Number.isFinite(max) && max > min)) {
    throw new ScoringError('invalidHistogramRange', {
      zh: `直方图范围无效：最小值 ${show(min)} 必须小于最大值 ${show(max)}。`,
      en: `Invalid histogram range: min ${show(min)} must be below max ${show(max)}.`,
    });
  }
  if (!(Number.isFinite(binWidth) && binWidth > 0) || (max - min) / binWidth > 10_000) {
    throw new ScoringError('invalidBinWidth', {
      zh: `直方图组距必须是正数且不超过 10000 组，收到的是 ${show(binWidth)}。`,
      en: `The bin width must be positive and give at most 10,000 bins; got ${show(binWidth)}.`,
    });
  }
  const a = finiteSorted(values, 'histogram');
  const nBins = Math.ceil((max - min) / binWidth - 1e-9);
  const bins: HistogramBin[] = [];
  for (let b = 0; b < nBins; b++) bins.push({ from: min + b * binWidth, to: Math.min(max, min + (b + 1) * binWidth), count: 0 });
  let outside = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < min || v > max) {
      outside++;
      continue;
    }
    const b = Math.min(nBins - 1, Math.floor((v - min) / binWidth));
    bins[b]!.count++;
  }
  return { min, max, binWidth, bins, outside };
}
