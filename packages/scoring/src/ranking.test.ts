import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankTotals, roundTotal, totalKey } from './ranking.ts';

describe('rankTotals', () => {
  it('uses standard competition ranking (1, 2, 2, 4), best first', () => {
    const r = rankTotals([
      { id: 'c', total: 700 },
      { id: 'a', total: 812.5 },
      { id: 'd', total: 650 },
      { id: 'b', total: 700 },
    ]);
    expect(r.map((x) => [x.id, x.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('ranks on totals rounded to 0.01: float noise never splits or merges a tie', () => {
    // 0.1 + 0.2 ≠ 0.3 in floating point, but they are the same total.
    const noisy = [
      { id: 'x', total: 0.1 + 0.2 + 700 },
      { id: 'y', total: 700.3 },
      { id: 'z', total: 812.455 },
      { id: 'w', total: 812.4549999999999 },
    ];
    const r = rankTotals(noisy);
    expect(r.map((x) => x.rank)).toEqual([1, 1, 3, 3]);
    // A real difference of 0.01 is not merged.
    expect(
      rankTotals([
        { id: 'p', total: 700.01 },
        { id: 'q', total: 700 },
      ]).map((x) => x.rank),
    ).toEqual([1, 2]);
    // A difference below 0.005 after rounding is a tie.
    expect(
      rankTotals([
        { id: 'p', total: 700.004 },
        { id: 'q', total: 700 },
      ]).map((x) => x.rank),
    ).toEqual([1, 1]);
  });

  it('keeps extra fields', () => {
    const r = rankTotals([{ id: 'a', total: 1, sector: 'coal' }]);
    expect(r[0]).toEqual({ id: 'a', total: 1, sector: 'coal', rank: 1 });
  });

  it('applies the declared priority-area tie-break only when asked', () => {
    const entries = [
      { id: 'a', total: 800, priorityAreas: 1 },
      { id: 'b', total: 800, priorityAreas: 3 },
      { id: 'c', total: 790, priorityAreas: 5 },
    ];
    expect(rankTotals(entries).map((x) => [x.id, x.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
    ]);
    expect(rankTotals(entries, { tieBreak: 'priorityAreas' }).map((x) => [x.id, x.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 3],
    ]);
  });

  it('rejects non-finite totals and duplicate ids', () => {
    expect(() => rankTotals([{ id: 'a', total: Number.NaN }])).toThrow(RangeError);
    expect(() =>
      rankTotals([
        { id: 'a', total: 1 },
        { id: 'a', total: 2 },
      ]),
    ).toThrow(/more than once/);
    expect(() => rankTotals([{ id: 'a', total: 1, priorityAreas: -1 }], { tieBreak: 'priorityAreas' })).toThrow(/priority areas/);
  });

  it('roundTotal / totalKey round half up at 0.01 after removing noise', () => {
    expect(totalKey(812.455)).toBe(81246);
    expect(roundTotal(812.4549999999999)).toBe(812.46);
    expect(roundTotal(0.1 + 0.2)).toBe(0.3);
    expect(roundTotal(999.994)).toBe(999.99);
  });

  it('ignores input order (property)', () => {
    const entries = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), total: fc.integer({ min: 0, max: 200 }).map((k) => k * 5) }), {
      selector: (e) => e.id,
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(entries, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (es, rnd) => {
        const shuffled = es
          .map((e) => ({ e, k: rnd.next().value }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        expect(rankTotals(shuffled)).toEqual(rankTotals(es));
      }),
    );
  });

  it('ranks are consistent with totals (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 40 }), (totals) => {
        const r = rankTotals(totals.map((total, i) => ({ id: `c${i}`, total })));
        for (const x of r) {
          const better = r.filter((y) => totalKey(y.total) > totalKey(x.total)).length;
          expect(x.rank).toBe(better + 1);
        }
      }),
    );
  });
});
