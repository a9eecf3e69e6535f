import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, spread, type StatMethod } from './aggregate.ts';

describe('aggregate (hand-computed)', () => {
  const v = [70, 50, 65, 90, 55];
  it('mean', () => expect(aggregate(v, 'mean')).toBe(66));
  it('median (odd and even)', () => {
    expect(aggregate(v, 'median')).toBe(65);
    expect(aggregate([50, 90, 55, 60], 'median')).toBe(57.5);
  });
  it('olympic drops one highest and one lowest', () => {
    // drop 50 and 90 → (55 + 65 + 70) / 3
    expect(aggregate(v, 'olympic')).toBeCloseTo(190 / 3, 12);
    expect(aggregate([40, 40, 40], 'olympic')).toBe(40);
  });
  it('trimmed cuts ⌊p·n⌋ from each end (default p = 0.2)', () => {
    // n = 5, ⌊0.2·5⌋ = 1 → same as olympic here
    expect(aggregate(v, 'trimmed')).toBeCloseTo(190 / 3, 12);
    // n = 4, ⌊0.2·4⌋ = 0 → plain mean
    expect(aggregate([30, 35, 40, 45], 'trimmed')).toBe(37.5);
    // n = 10, p = 0.25 → ⌊2.5⌋ = 2 from each end
    expect(aggregate([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 'trimmed', { proportion: 0.25 })).toBe(55);
  });
  it('trimmed matches scipy.stats.trim_mean (scipy 1.17.1 reference values)', () => {
    expect(aggregate([60, 65, 70, 75, 95], 'trimmed', { proportion: 0.2 })).toBe(70);
    expect(aggregate([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 'trimmed', { proportion: 0.1 })).toBe(55);
    expect(aggregate([50, 55, 60, 65, 70, 90, 100], 'trimmed', { proportion: 0.2 })).toBe(68);
    expect(aggregate([5, 40, 45, 50, 55, 60, 95], 'trimmed', { proportion: 0.25 })).toBe(50);
    expect(aggregate([0, 100, 50], 'trimmed', { proportion: 0.4 })).toBe(50);
    expect(aggregate([45, 50, 55, 60, 65, 70], 'trimmed', { proportion: 0.3 })).toBe(57.5);
  });
  it('does not modify its input', () => {
    const input = [90, 10, 50];
    aggregate(input, 'median');
    expect(input).toEqual([90, 10, 50]);
  });
});

describe('aggregate rejects bad input clearly', () => {
  it('empty list', () => expect(() => aggregate([], 'mean')).toThrow(/at least one value/));
  it('non-finite values', () => expect(() => aggregate([50, Number.NaN], 'mean')).toThrow(RangeError));
  it('olympic with fewer than 3', () => expect(() => aggregate([50, 60], 'olympic')).toThrow(/at least 3/));
  it('proportion outside [0, 0.5)', () => {
    expect(() => aggregate([1, 2, 3], 'trimmed', { proportion: 0.5 })).toThrow(/0 ≤ p < 0.5/);
    expect(() => aggregate([1, 2, 3], 'trimmed', { proportion: -0.1 })).toThrow(RangeError);
  });
  it('unknown method', () => expect(() => aggregate([1], 'mode' as StatMethod)).toThrow(/Unknown aggregation method/));
});

describe('aggregate properties', () => {
  const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 40 });
  const percents = fc.array(
    fc.integer({ min: 0, max: 20 }).map((k) => k * 5),
    { minLength: 3, maxLength: 15 },
  );
  const methods = fc.constantFrom<StatMethod>('mean', 'median', 'trimmed', 'olympic');

  it('lies within min..max of its inputs', () => {
    fc.assert(
      fc.property(values, methods, fc.double({ min: 0, max: 0.49, noNaN: true }), (xs, m, p) => {
        const r = aggregate(xs, m, { proportion: p });
        expect(r).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(r).toBeLessThanOrEqual(Math.max(...xs));
      }),
    );
  });

  it('ignores input order', () => {
    fc.assert(
      fc.property(percents, methods, fc.integer(), (xs, m, seed) => {
        const shuffled = [...xs].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        expect(aggregate(shuffled, m)).toBe(aggregate(xs, m));
      }),
    );
  });

  it('is shift-equivariant: aggregate(x + c) = aggregate(x) + c', () => {
    fc.assert(
      fc.property(percents, methods, fc.integer({ min: -50, max: 50 }), (xs, m, c) => {
        expect(
          aggregate(
            xs.map((x) => x + c),
            m,
          ),
        ).toBeCloseTo(aggregate(xs, m) + c, 9);
      }),
    );
  });

  it('trimmed with p = 0 is the mean', () => {
    fc.assert(
      fc.property(percents, (xs) => {
        expect(aggregate(xs, 'trimmed', { proportion: 0 })).toBeCloseTo(aggregate(xs, 'mean'), 9);
      }),
    );
  });
});

describe('spread', () => {
  it('computes SD (n − 1), range and IQR (type 7) by hand', () => {
    // values 50 55 60 65 70 90 100: mean 70, squared deviations 400+225+100+25+0+400+900 = 2050,
    // SD = √(2050/6) = 18.4842…; Q1 at h = 1.5 → 57.5, Q3 at h = 4.5 → 80 (numpy.percentile agrees)
    const s = spread([100, 50, 55, 60, 65, 70, 90]);
    expect(s.n).toBe(7);
    expect(s.sd).toBeCloseTo(Math.sqrt(2050 / 6), 12);
    expect(s.sd).toBeCloseTo(18.484227510682363, 12);
    expect(s.range).toBe(50);
    expect(s.iqr).toBe(22.5);
  });
  it('is zero for one value and rejects none', () => {
    expect(spread([40])).toEqual({ n: 1, sd: 0, range: 0, iqr: 0 });
    expect(() => spread([])).toThrow(RangeError);
  });
});
