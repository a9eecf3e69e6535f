import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS, ITEM_IDS } from './criteria.ts';
import { scoreCycle, type ScoreRecord } from './cycle.ts';
import { flipPoints, rankAcceptability, rescoreCycle, type CategoryScores } from './sensitivity.ts';
import { categoryTotals, defaultWeightSet, type WeightSet } from './weights.ts';

const weights = defaultWeightSet();
const base = categoryTotals(weights);

/** Candidate whose share of every category is `share`, except the overrides. */
function cand(id: string, share: number, overrides: Record<string, number> = {}): CategoryScores {
  const categories: Record<string, number> = {};
  for (const c of CATEGORY_IDS) categories[c] = (overrides[c] ?? share) * base[c]!;
  return { id, categories };
}

describe('rescoreCycle', () => {
  it('equals scoring the cycle under the other weight set, with each rank change', () => {
    // P is strong on results (4.7), Q on process items.
    const scores: ScoreRecord[] = [];
    for (const itemId of ITEM_IDS) {
      const results = itemId.startsWith('4.7.');
      scores.push({ applicationId: 'P', examinerId: 'e1', itemId, percent: results ? 80 : 50 });
      scores.push({ applicationId: 'Q', examinerId: 'e1', itemId, percent: results ? 50 : 80 });
    }
    const before = scoreCycle({ weights, method: 'mean', scores });
    expect(before.applications.map((a) => a.id)).toEqual(['Q', 'P']); // 680 vs 620
    // Move 150 points from process items to results.
    const alt: WeightSet = { ...weights, id: 'results-heavy', points: { ...weights.points } };
    alt.points['4.1.2'] = 0;
    alt.points['4.2.3'] = 0;
    alt.points['4.3.3'] = 0;
    alt.points['4.7.2'] = 230;
    const r = rescoreCycle(before, alt);
    const direct = scoreCycle({ weights: alt, method: 'mean', scores });
    expect(r.weightSetId).toBe('results-heavy');
    expect(r.applications.map((a) => [a.id, a.rank, a.total])).toEqual(direct.applications.map((a) => [a.id, a.rank, a.total]));
    const p = r.applications.find((a) => a.id === 'P')!;
    // P: 0.5 × 450 + 0.8 × 550 = 665; Q: 0.8 × 450 + 0.5 × 550 = 635.
    expect(p.total).toBeCloseTo(665, 9);
    expect(p).toMatchObject({ baseRank: 2, rank: 1, rankChange: 1 });
    expect(r.applications.find((a) => a.id === 'Q')).toMatchObject({ baseRank: 1, rank: 2, rankChange: -1 });
  });
});

describe('rankAcceptability', () => {
  const candidates = [cand('strong', 0.8), cand('results', 0.5, { '4.7': 0.8 }), cand('process', 0.8, { '4.7': 0.5 }), cand('weak', 0.3)];

  it('gives probability distributions over ranks that reproduce with the same seed', () => {
    const a = rankAcceptability(candidates, { base: weights, samples: 2000, seed: 7, concentration: 20, cap: 2 });
    const b = rankAcceptability(candidates, { base: weights, samples: 2000, seed: 7, concentration: 20, cap: 2 });
    expect(b).toEqual(a);
    const c = rankAcceptability(candidates, { base: weights, samples: 2000, seed: 8, concentration: 20, cap: 2 });
    expect(c.candidates.find((x) => x.id === 'results')!.rankProbabilities).not.toEqual(a.candidates.find((x) => x.id === 'results')!.rankProbabilities);
    for (const x of a.candidates) {
      expect(x.rankProbabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(x.selectionProbability).toBeGreaterThanOrEqual(0);
      expect(x.selectionProbability).toBeLessThanOrEqual(1);
    }
  });

  it('a candidate that is better in every category always ranks first; the worst always last', () => {
    const r = rankAcceptability(candidates, { base: weights, samples: 2000, seed: 1, concentration: 5 });
    const strong = r.candidates.find((x) => x.id === 'strong')!;
    expect(strong.rankProbabilities[0]).toBe(1);
    expect(strong.meanRank).toBe(1);
    expect(r.candidates.find((x) => x.id === 'weak')!.rankProbabilities[3]).toBe(1);
    // The two specialists trade places 2 and 3 depending on how much weight results get.
    const results = r.candidates.find((x) => x.id === 'results')!;
    expect(results.rankProbabilities[1]).toBeGreaterThan(0);
    expect(results.rankProbabilities[2]).toBeGreaterThan(0);
    expect(results.rankProbabilities[1]! + results.rankProbabilities[2]!).toBeCloseTo(1, 12);
    expect(r.candidates.map((x) => x.baseRank)).toEqual([1, 2, 3, 4]);
  });

  it('selection within the cap follows the ranks; with a huge concentration the base ranking holds', () => {
    const r = rankAcceptability(candidates, { base: weights, samples: 500, seed: 3, concentration: 1e7, cap: 2 });
    expect(r.candidates.map((x) => [x.id, x.rankProbabilities[x.baseRank - 1], x.selectionProbability])).toEqual([
      ['strong', 1, 1],
      ['process', 1, 1],
      ['results', 1, 0],
      ['weak', 1, 0],
    ]);
  });

  it('a tie straddling the cap selects neither; minTotal is respected', () => {
    const twins = [cand('x', 0.9), cand('y', 0.6), cand('z', 0.6)];
    const r = rankAcceptability(twins, { base: weights, samples: 200, cap: 2 });
    expect(r.candidates.map((c) => [c.id, c.selectionProbability, c.rankProbabilities[1]])).toEqual([
      ['x', 1, 0],
      ['y', 0, 1],
      ['z', 0, 1],
    ]);
    expect(rankAcceptability(twins, { base: weights, samples: 50, cap: 5, minTotal: 950 }).candidates[0]!.selectionProbability).toBe(0);
  });

  it('rejects bad options clearly', () => {
    expect(() => rankAcceptability(candidates, { base: weights, samples: 0 })).toThrow(/positive integer/);
    expect(() => rankAcceptability(candidates, { base: weights, concentration: -1 })).toThrow(/concentration/);
    expect(() => rankAcceptability([{ id: 'a', categories: { '4.1': Number.NaN } }], { base: weights })).toThrow(/not a finite number/);
  });
});

describe('flipPoints', () => {
  // results: 50 % on process, 80 % on results → 620; process: the reverse → 680 (leader).
  const two = [cand('results', 0.5, { '4.7': 0.8 }), cand('process', 0.8, { '4.7': 0.5 })];

  it('finds the smallest change of a category that changes who ranks first (hand-computed)', () => {
    const r = flipPoints(two, weights);
    const c47 = r.find((x) => x.categoryId === '4.7')!;
    // Slopes per point added to 4.7 (taken proportionally from 600 process points):
    // results 0.8 − 300/600 = 0.3, process 0.5 − 480/600 = −0.3; gap 60 → Δ = 60 / 0.6 = 100.
    expect(c47.leaders).toEqual(['process']);
    expect(c47.increase!.delta).toBeCloseTo(100, 9);
    expect(c47.increase!.points).toBeCloseTo(500, 9);
    expect(c47.increase!.challenger).toBe('results');
    expect(c47.decrease).toBeNull();
    expect(c47.smallest).toEqual(c47.increase);
    expect(c47.note.en).toContain('+100');
    expect(c47.note.zh).toContain('增加 100');
  });

  it('says when no flip exists in the feasible range', () => {
    const c41 = flipPoints(two, weights).find((x) => x.categoryId === '4.1')!;
    // Lowering 4.1 helps "results", but even at 0 points it stays behind: 620 → 0.5·0 + (565/890)·1000 = 634.8 < 665.2.
    expect(c41.increase).toBeNull();
    expect(c41.decrease).toBeNull();
    expect(c41.smallest).toBeNull();
    expect(c41.note.en).toMatch(/No change of category 4.1/);
    expect(c41.note.zh).toContain('不会改变第一名');
  });

  it('reports a tie at the base and too few candidates', () => {
    const tied = flipPoints([cand('a', 0.6), cand('b', 0.6)], weights);
    expect(tied[0]!.leaders).toEqual(['a', 'b']);
    expect(tied[0]!.smallest).toBeNull();
    expect(tied[0]!.note.en).toMatch(/already shared/);
    expect(flipPoints([cand('a', 0.6)], weights)[0]!.note.en).toMatch(/At least two/);
  });

  it('at the flip point the challenger ties the leader; just before it does not (property)', () => {
    const arbCand = (id: string) =>
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 7, maxLength: 7 }).map((shares) => {
        const o: Record<string, number> = {};
        CATEGORY_IDS.forEach((c, g) => (o[c] = shares[g]! / 20));
        return cand(id, 0, o);
      });
    fc.assert(
      fc.property(fc.tuple(arbCand('a'), arbCand('b'), arbCand('c')), (cs) => {
        for (const f of flipPoints(cs, weights)) {
          for (const change of [f.increase, f.decrease]) {
            if (!change) continue;
            const b = base[f.categoryId]!;
            const totalsAt = (delta: number) =>
              cs.map((c) => {
                let t = 0;
                for (const cat of CATEGORY_IDS) {
                  const share = c.categories[cat]! / base[cat]!;
                  const pts = cat === f.categoryId ? b + delta : base[cat]! * (1 - delta / (1000 - b));
                  t += share * pts;
                }
                return t;
              });
            const at = totalsAt(change.delta);
            const leader = cs.findIndex((c) => c.id === f.leaders[0]);
            const challenger = cs.findIndex((c) => c.id === change.challenger);
            expect(at[challenger]).toBeCloseTo(at[leader]!, 6);
            const before = totalsAt(change.delta * 0.999);
            expect(Math.max(...before.filter((_, i) => i !== leader))).toBeLessThan(before[leader]!);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
