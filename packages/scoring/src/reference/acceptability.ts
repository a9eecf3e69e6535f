/**
 * The rank acceptability analysis as it was before it ran over the plausible contenders: every
 * candidate's count of every rank in an n × n matrix. Kept only as the reference the contender
 * analysis (`rankAcceptability` with `ranks`) is tested against — by this package and by
 * the API on the demo cycles — and exported as `@mqa/scoring/reference`, never used for results.
 */
import { CATEGORY_IDS } from '../criteria.ts';
import { createRng } from '../random.ts';
import { rankTotals, totalKey } from '../ranking.ts';
import type { CategoryScores, RankAcceptabilityOptions } from '../sensitivity.ts';
import { categoryTotals } from '../weights.ts';

/** The full analysis: every candidate's count of every rank (an n × n matrix); its `candidates`, best base rank first. */
export function fullRankAcceptability(candidates: readonly CategoryScores[], o: RankAcceptabilityOptions) {
  const samples = o.samples ?? 10_000;
  const cap = o.cap ?? 5;
  const n = candidates.length;
  const nc = CATEGORY_IDS.length;
  const catPoints = Float64Array.from(CATEGORY_IDS, (c) => categoryTotals(o.base)[c]!);
  let W = 0;
  for (let g = 0; g < nc; g++) W += catPoints[g]!;
  const F = new Float64Array(n * nc);
  candidates.forEach((c, i) => CATEGORY_IDS.forEach((id, g) => (F[i * nc + g] = catPoints[g]! > 0 ? c.categories[id]! / catPoints[g]! : 0)));
  const alpha = Float64Array.from(catPoints, (p) => ((o.concentration ?? 100) * p) / W);
  const baseRank = new Map(
    rankTotals(
      candidates.map((c, i) => {
        let t = 0;
        for (let g = 0; g < nc; g++) t += F[i * nc + g]! * catPoints[g]!;
        return { id: c.id, total: t };
      }),
    ).map((r) => [r.id, r.rank]),
  );
  const rng = createRng(o.seed ?? 1);
  const w = new Float64Array(nc);
  const packed = new Float64Array(n);
  const rankCounts = new Uint32Array(n * n);
  const selectedCounts = new Uint32Array(n);
  const rankSum = new Float64Array(n);
  const minKey = totalKey(o.minTotal ?? 0);
  for (let s = 0; s < samples; s++) {
    rng.dirichlet(alpha, w);
    for (let g = 0; g < nc; g++) w[g] = w[g]! * W;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let g = 0; g < nc; g++) t += F[i * nc + g]! * w[g]!;
      packed[i] = totalKey(t) * n + i;
    }
    packed.sort();
    let pos = 0;
    let hi = n - 1;
    while (hi >= 0) {
      const key = Math.floor(packed[hi]! / n);
      let lo = hi;
      while (lo > 0 && Math.floor(packed[lo - 1]! / n) === key) lo--;
      const size = hi - lo + 1;
      const selected = pos + size <= cap && key >= minKey;
      for (let q = lo; q <= hi; q++) {
        const i = packed[q]! - key * n;
        rankCounts[i * n + pos]!++;
        rankSum[i]! += pos + 1;
        if (selected) selectedCounts[i]!++;
      }
      pos += size;
      hi = lo - 1;
    }
  }
  return candidates
    .map((c, i) => ({
      id: c.id,
      baseRank: baseRank.get(c.id)!,
      rankProbabilities: Array.from({ length: n }, (_, r) => rankCounts[i * n + r]! / samples),
      selectionProbability: selectedCounts[i]! / samples,
      meanRank: rankSum[i]! / samples,
    }))
    .sort((a, b) => a.baseRank - b.baseRank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
