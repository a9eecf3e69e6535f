/**
 * Rank acceptability over the plausible contenders (`ranks`) against the full n × n analysis it
 * replaced (`src/reference/acceptability.ts`).
 */
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from './criteria.ts';
import { createRng } from './random.ts';
import { fullRankAcceptability as reference } from './reference/acceptability.ts';
import { rankAcceptability, type CategoryScores } from './sensitivity.ts';
import { categoryTotals, defaultWeightSet } from './weights.ts';

const weights = defaultWeightSet();
const points = categoryTotals(weights);

/** A field of `n` candidates: a common level per candidate plus category-specific variation, some exact ties. */
function field(n: number, seed: number): CategoryScores[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const level = 0.6 + 0.12 * rng.normal();
    const categories: Record<string, number> = {};
    for (const c of CATEGORY_IDS) categories[c] = Math.min(1, Math.max(0, level + 0.05 * rng.normal())) * points[c]!;
    return { id: `c${String(i).padStart(4, '0')}`, categories };
  }).map((c, i, all) => (i % 17 === 5 ? { id: c.id, categories: { ...all[i - 1]!.categories } } : c));
}

describe('rankAcceptability over the contenders', () => {
  it('by default (every rank counted) gives exactly the full analysis', () => {
    for (const [n, seed] of [
      [1, 1],
      [7, 2],
      [58, 3],
      [120, 4],
    ] as const) {
      const cands = field(n, seed);
      const opts = { base: weights, samples: 400, cap: 5, minTotal: 600, seed: 9 };
      const r = rankAcceptability(cands, opts);
      expect(r.ranks).toBe(n);
      expect(r.contenders).toBe(n);
      expect(r.candidates).toEqual(reference(cands, opts));
    }
  });

  it('counting the top R: ranks 1…R and selection exact, mean rank where it stayed in the top R, far fewer candidates sampled', () => {
    const cands = field(1500, 5);
    const opts = { base: weights, samples: 300, cap: 5, minTotal: 600, seed: 3 };
    const full = reference(cands, opts);
    const r = rankAcceptability(cands, { ...opts, ranks: 20 });
    expect(r.ranks).toBe(20);
    expect(r.contenders).toBeGreaterThanOrEqual(20);
    expect(r.contenders).toBeLessThan(cands.length / 4);
    expect(r.candidates.map((c) => c.id)).toEqual(full.map((c) => c.id));
    let meanRanks = 0;
    r.candidates.forEach((c, k) => {
      const f = full[k]!;
      expect(c.baseRank).toBe(f.baseRank);
      expect(c.rankProbabilities).toEqual(f.rankProbabilities.slice(0, 20));
      expect(c.selectionProbability).toBe(f.selectionProbability);
      if (c.meanRank !== null) {
        meanRanks++;
        expect(c.meanRank).toBe(f.meanRank);
      } else expect(f.rankProbabilities.slice(0, 20).reduce((a, b) => a + b, 0)).toBeLessThan(1);
    });
    expect(meanRanks).toBeGreaterThan(0);
    expect(r.candidates[0]!.meanRank).not.toBeNull();
  });

  it('never counts fewer ranks than the cap, nor more than there are candidates', () => {
    const cands = field(30, 6);
    expect(rankAcceptability(cands, { base: weights, samples: 50, cap: 5, ranks: 2 }).ranks).toBe(5);
    expect(rankAcceptability(cands, { base: weights, samples: 50, cap: 5, ranks: 500 }).ranks).toBe(30);
    expect(() => rankAcceptability(cands, { base: weights, samples: 50, ranks: 0 })).toThrow(/ranks counted/);
  });
});
