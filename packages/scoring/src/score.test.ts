import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScoringError } from './errors.ts';
import { itemScore } from './score.ts';

describe('itemScore', () => {
  it('is points × percent / 100', () => {
    expect(itemScore(50, 60)).toBe(30);
    expect(itemScore(15, 35)).toBe(5.25);
    expect(itemScore(80, 100)).toBe(80);
    expect(itemScore(80, 0)).toBe(0);
  });

  it('rejects percentages outside 0–100 or not a multiple of 5 with a RangeError in zh and en', () => {
    for (const bad of [-5, 105, 7, 62.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => itemScore(50, bad)).toThrow(RangeError);
    }
    try {
      itemScore(50, 7);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScoringError);
      expect((e as ScoringError).code).toBe('invalidPercent');
      expect((e as ScoringError).messages.en).toContain('steps of 5');
      expect((e as ScoringError).messages.zh).toContain('5 的倍数');
      expect((e as ScoringError).message).toContain('got 7');
    }
  });

  it('rejects negative or non-finite points', () => {
    expect(() => itemScore(-1, 50)).toThrow(RangeError);
    expect(() => itemScore(Number.NaN, 50)).toThrow(RangeError);
  });

  it('scales linearly with points (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 10 }), (points, step, k) => {
        const percent = step * 5;
        expect(itemScore(points * k, percent)).toBeCloseTo(k * itemScore(points, percent), 9);
        expect(itemScore(points, percent)).toBeLessThanOrEqual(points);
      }),
    );
  });
});
