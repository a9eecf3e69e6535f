/**
 * A synthetic cycle in the `cycleMatrix` shape, for tests and the benchmark (never shown as real
 * data): `n` candidates, three examiners each, every item scored in steps of 5. Candidates differ
 * in their strengths by category, so changing weights does move ranks.
 */
import { createRng, defaultWeightSet, ITEM_IDS, categoryOf, CATEGORY_IDS } from '@mqa/scoring';
import type { CycleMatrix } from './rerank.ts';

export function syntheticMatrix(n: number, seed = 7): CycleMatrix {
  const rng = createRng(seed);
  const examinersPerApp = 3;
  const nExaminers = 12;
  const scores = { application: [] as number[], examiner: [] as number[], item: [] as number[], percent: [] as number[] };
  for (let a = 0; a < n; a++) {
    const level = 35 + rng.next() * 45;
    const bias: Record<string, number> = {};
    for (const c of CATEGORY_IDS) bias[c] = (rng.next() - 0.5) * 30;
    for (let k = 0; k < examinersPerApp; k++) {
      const e = (a + k * 4) % nExaminers;
      ITEM_IDS.forEach((itemId, i) => {
        const raw = level + bias[categoryOf(itemId)!]! + (rng.next() - 0.5) * 20;
        const p = Math.max(0, Math.min(100, Math.round(raw / 5) * 5));
        scores.application.push(a);
        scores.examiner.push(e);
        scores.item.push(i);
        scores.percent.push(p);
      });
    }
  }
  return {
    itemIds: [...ITEM_IDS],
    applications: Array.from({ length: n }, (_, i) => ({ id: i + 1, exclusion: null, priorityAreas: i % 3 })),
    examiners: Array.from({ length: nExaminers }, (_, i) => ({ id: i + 1 })),
    scores,
    recusals: { application: [], examiner: [] },
    consensus: { application: [], item: [], percent: [] },
    weightSet: { id: 1, points: defaultWeightSet().points },
    method: 'mean',
    fallback: null,
    flagThreshold: 30,
    cap: 5,
    minTotal: 500,
    tieBreak: 'priorityAreas',
  };
}
