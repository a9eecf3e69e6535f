import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankTotals, roundTotal, selectCandidates, totalKey, type SelectionEntry } from './ranking.ts';

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
    expect(rankTotals([{ id: 'p', total: 700.01 }, { id: 'q', total: 700 }]).map((x) => x.rank)).toEqual([1, 2]);
    // A difference below 0.005 after rounding is a tie.
    expect(rankTotals([{ id: 'p', total: 700.004 }, { id: 'q', total: 700 }]).map((x) => x.rank)).toEqual([1, 1]);
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
    expect(() => rankTotals([{ id: 'a', total: 1 }, { id: 'a', total: 2 }])).toThrow(/more than once/);
    expect(() => rankTotals([{ id: 'a', total: 1, priorityAreas: -1 }], { tieBreak: 'priorityAreas' })).toThrow(/priority areas/);
  });

  it('roundTotal / totalKey round half up at 0.01 after removing noise', () => {
    expect(totalKey(812.455)).toBe(81246);
    expect(roundTotal(812.4549999999999)).toBe(812.46);
    expect(roundTotal(0.1 + 0.2)).toBe(0.3);
    expect(roundTotal(999.994)).toBe(999.99);
  });

  it('ignores input order (property)', () => {
    const entries = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), total: fc.integer({ min: 0, max: 200 }).map((k) => k * 5) }),
      { selector: (e) => e.id, minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(entries, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (es, rnd) => {
        const shuffled = es.map((e) => ({ e, k: rnd.next().value })).sort((a, b) => a.k - b.k).map((x) => x.e);
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

describe('selectCandidates', () => {
  const pool: SelectionEntry[] = [
    { id: 'a', total: 850 },
    { id: 'b', total: 820 },
    { id: 'c', total: 800, excluded: { reason: { zh: '近3年有较大安全事故', en: 'major safety accident within 3 years' } } },
    { id: 'd', total: 790 },
    { id: 'e', total: 760 },
    { id: 'f', total: 700 },
    { id: 'g', total: 640 },
  ];

  it('selects at most the cap, best first, skipping excluded candidates', () => {
    const r = selectCandidates(pool, { cap: 5, minTotal: 600 });
    expect(r.selected).toEqual(['a', 'b', 'd', 'e', 'f']);
    expect(r.vacancies).toBe(0);
    expect(r.tieAtCap).toBeNull();
    const byId = new Map(r.decisions.map((d) => [d.id, d]));
    expect(byId.get('c')).toMatchObject({ selected: false, code: 'excluded', rank: null });
    expect(byId.get('c')!.reason.zh).toContain('较大安全事故');
    expect(byId.get('c')!.reason.en).toContain('major safety accident');
    expect(byId.get('g')).toMatchObject({ selected: false, code: 'capReached', rank: 6 });
    expect(byId.get('a')!.reason.en).toContain('Rank 1');
    expect(r.decisions).toHaveLength(pool.length);
  });

  it('leaves places vacant below the minimum total', () => {
    const r = selectCandidates(pool, { cap: 5, minTotal: 780 });
    expect(r.selected).toEqual(['a', 'b', 'd']);
    expect(r.vacancies).toBe(2);
    expect(r.decisions.find((d) => d.id === 'e')).toMatchObject({ code: 'belowMinTotal', selected: false });
    expect(r.decisions.find((d) => d.id === 'e')!.reason.zh).toContain('低于最低分');
  });

  it('reports a tie that straddles the cap instead of picking silently', () => {
    const tied: SelectionEntry[] = [
      { id: 'a', total: 900 },
      { id: 'b', total: 880 },
      { id: 'c', total: 870 },
      { id: 'd', total: 860 },
      { id: 'e', total: 850, priorityAreas: 2 },
      { id: 'f', total: 850.001, priorityAreas: 4 },
      { id: 'g', total: 800 },
    ];
    const r = selectCandidates(tied);
    expect(r.selected).toEqual(['a', 'b', 'c', 'd']);
    expect(r.tieAtCap).toEqual({ rank: 5, ids: ['e', 'f'], seatsLeft: 1 });
    expect(r.vacancies).toBe(1);
    expect(r.decisions.filter((d) => d.code === 'tieAtCap').map((d) => d.id)).toEqual(['e', 'f']);
    expect(r.decisions.find((d) => d.id === 'g')!.code).toBe('capReached');
    // With the declared tie-break the tie is resolved in the open.
    const broken = selectCandidates(tied, { tieBreak: 'priorityAreas' });
    expect(broken.selected).toEqual(['a', 'b', 'c', 'd', 'f']);
    expect(broken.tieAtCap).toBeNull();
    expect(broken.tieBreak).toBe('priorityAreas');
  });

  it('selects a whole tie group that fits', () => {
    const r = selectCandidates(
      [
        { id: 'a', total: 900 },
        { id: 'b', total: 900 },
        { id: 'c', total: 800 },
      ],
      { cap: 2 },
    );
    expect(r.selected).toEqual(['a', 'b']);
    expect(r.tieAtCap).toBeNull();
  });

  it('handles no candidates and cap 0, rejects bad options', () => {
    expect(selectCandidates([])).toMatchObject({ selected: [], vacancies: 5, decisions: [] });
    expect(selectCandidates(pool, { cap: 0 }).selected).toEqual([]);
    expect(() => selectCandidates(pool, { cap: -1 })).toThrow(RangeError);
    expect(() => selectCandidates(pool, { cap: 2.5 })).toThrow(/non-negative integer/);
    expect(() => selectCandidates(pool, { minTotal: Number.NaN })).toThrow(RangeError);
  });

  it('never selects an excluded candidate, never more than the cap, never below minTotal (property)', () => {
    const entries = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 3 }),
        total: fc.integer({ min: 0, max: 100 }).map((k) => k * 10),
        excluded: fc.option(fc.constant({ reason: 'objection upheld' }), { nil: undefined }),
      }),
      { selector: (e) => e.id, maxLength: 25 },
    );
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 1000 }), (es, cap, minTotal) => {
        const r = selectCandidates(es, { cap, minTotal });
        expect(r.selected.length).toBeLessThanOrEqual(cap);
        expect(r.vacancies).toBe(cap - r.selected.length);
        for (const id of r.selected) {
          const e = es.find((x) => x.id === id)!;
          expect(e.excluded).toBeUndefined();
          expect(e.total).toBeGreaterThanOrEqual(minTotal);
        }
        expect(r.decisions).toHaveLength(es.length);
      }),
    );
  });
});
