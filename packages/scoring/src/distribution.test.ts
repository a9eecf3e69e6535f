import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boxStats, histogram, median, quantile } from './distribution.ts';

describe('quantile and median (type 7)', () => {
  it('match R quantile(1:10) and numpy.percentile', () => {
    const v = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(quantile(v, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantile(v, 0.75)).toBeCloseTo(7.75, 12);
    expect(quantile(v, 0.9)).toBeCloseTo(9.1, 12);
    expect(median(v)).toBe(5.5);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('return null for no values and reject bad input', () => {
    expect(median([])).toBeNull();
    expect(quantile([], 0.5)).toBeNull();
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(/between 0 and 1/);
  });

  it('the median lies between the minimum and the maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const m = median(xs)!;
        return m >= Math.min(...xs) && m <= Math.max(...xs);
      }),
    );
  });
});

describe('boxStats', () => {
  it('gives the five numbers, mean, SD and Tukey outliers', () => {
    const b = boxStats([1, 2, 3, 4, 5, 6, 7, 8, 9, 100])!;
    expect(b.n).toBe(10);
    expect(b.min).toBe(1);
    expect(b.max).toBe(100);
    expect(b.median).toBe(5.5);
    expect(b.q1).toBeCloseTo(3.25, 12);
    expect(b.q3).toBeCloseTo(7.75, 12);
    expect(b.iqr).toBeCloseTo(4.5, 12);
    // Upper fence 7.75 + 6.75 = 14.5: 100 is an outlier, the whisker stops at 9.
    expect(b.outliers).toEqual([100]);
    expect(b.upperWhisker).toBe(9);
    expect(b.lowerWhisker).toBe(1);
    expect(b.mean).toBeCloseTo(14.5, 12);
    // sample SD of 1..9,100
    const m = 14.5;
    const ss = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100].reduce((s, x) => s + (x - m) ** 2, 0);
    expect(b.sd).toBeCloseTo(Math.sqrt(ss / 9), 10);
  });

  it('handles a single value and an empty list', () => {
    expect(boxStats([])).toBeNull();
    const b = boxStats([42])!;
    expect([b.min, b.q1, b.median, b.q3, b.max, b.sd, b.iqr]).toEqual([42, 42, 42, 42, 42, 0, 0]);
    expect(b.outliers).toEqual([]);
  });

  it('keeps min ≤ whiskers ≤ max and q1 ≤ median ≤ q3', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 80 }), (xs) => {
        const b = boxStats(xs)!;
        return (
          b.min <= b.lowerWhisker &&
          b.lowerWhisker <= b.upperWhisker &&
          b.upperWhisker <= b.max &&
          b.q1 <= b.median &&
          b.median <= b.q3 &&
          b.outliers.length + xs.filter((x) => x >= b.lowerWhisker && x <= b.upperWhisker).length === xs.length
        );
      }),
    );
  });
});

describe('histogram', () => {
  it('counts values into half-open bins with the last bin closed', () => {
    const h = histogram([0, 49.99, 50, 999, 1000, 1200, -1], { min: 0, max: 1000, binWidth: 50 });
    expect(h.bins).toHaveLength(20);
    expect(h.bins[0]).toEqual({ from: 0, to: 50, count: 2 });
    expect(h.bins[1]).toEqual({ from: 50, to: 100, count: 1 });
    expect(h.bins[19]).toEqual({ from: 950, to: 1000, count: 2 });
    expect(h.outside).toBe(2);
  });

  it('makes the last bin narrower when the width does not divide the range', () => {
    const h = histogram([95, 100], { min: 0, max: 100, binWidth: 30 });
    expect(h.bins.map((b) => [b.from, b.to])).toEqual([
      [0, 30],
      [30, 60],
      [60, 90],
      [90, 100],
    ]);
    expect(h.bins[3]!.count).toBe(2);
  });

  it('accounts for every value exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 1100, noNaN: true })), (xs) => {
        const h = histogram(xs);
        return h.bins.reduce((s, b) => s + b.count, 0) + h.outside === xs.length;
      }),
    );
  });

  it('rejects an empty range or a non-positive width', () => {
    expect(() => histogram([1], { min: 5, max: 5 })).toThrow(RangeError);
    expect(() => histogram([1], { binWidth: 0 })).toThrow(/bin width/);
  });
});
