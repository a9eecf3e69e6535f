/**
 * In-browser re-ranking for weight tuning. The cycle's matrix (`analytics.cycleMatrix`) goes
 * through the same scoring input as on the server (`scoringInputOf`, so the same method, the
 * same consensus fallback, the same recusals), is aggregated once into weight-independent
 * percentages, and each weight change only re-weights them (`rescoreCycle`). Who is in the
 * running, the ranks and who is selected come from the award's one selection function
 * (`selectCandidates` of @mqa/rules), before and after, so untouched weights reproduce the
 * official result exactly. The view prepares from the server's compact answer
 * (`analytics.rerankBase`, `prepareCompact`: the aggregated percentages per candidate), which
 * stays small at any cycle size and gives the same results as `prepare` over the matrix.
 */
import { selectCandidates, type Exclusion, type SelectionResult, type TieBreak } from '@mqa/rules';
import {
  flipPoints,
  materialise,
  matrixWeights,
  rescoreCycle,
  scoreCycleColumnar,
  scoringInputOf,
  validateWeightSet,
  type FlipPoint,
  type RescoreResult,
  type ScoredApplication,
  type ScoringMatrix,
  type WeightSet,
  type WeightSetValidation,
} from '@mqa/scoring';

/** What re-ranking reads of `analytics.cycleMatrix`: the scoring matrix and the cycle's selection settings. */
export interface CycleMatrix extends ScoringMatrix {
  applications: readonly { id: number; priorityAreas: number; exclusion: Exclusion | null }[];
  cap: number;
  minTotal: number;
  tieBreak: TieBreak;
}

export interface Prepared {
  /** Candidates in the running with their aggregated percentages, by their official rank. */
  base: ScoredApplication[];
  priorityAreas: Map<string, number>;
  cap: number;
  minTotal: number;
  tieBreak: TieBreak;
  /** The official selection under the cycle's own weights (the "before"). */
  before: SelectionResult;
}

export function weightSetOf(points: Record<string, number>, id = 'draft'): WeightSet {
  return { id, name: { zh: '调整中的权重', en: 'Weights being tuned' }, points };
}

function select(
  p: Pick<Prepared, 'priorityAreas' | 'cap' | 'minTotal' | 'tieBreak'>,
  rows: readonly { id: string; total: number; exclusion?: Exclusion | null }[],
) {
  return selectCandidates(
    rows.map((a) => ({ id: a.id, total: a.total, priorityAreas: p.priorityAreas.get(a.id) ?? 0, exclusion: a.exclusion ?? null })),
    { cap: p.cap, minTotal: p.minTotal, tieBreak: p.tieBreak },
  );
}

/** Aggregates the cycle once and ranks it under the cycle's own weights, exactly as the server does. */
export function prepare(m: CycleMatrix): Prepared {
  const r = materialise(scoreCycleColumnar(scoringInputOf(m, matrixWeights(m))));
  const priorityAreas = new Map(m.applications.map((a) => [String(a.id), a.priorityAreas]));
  const exclusion = new Map(m.applications.map((a) => [String(a.id), a.exclusion]));
  const settings = { priorityAreas, cap: m.cap, minTotal: m.minTotal, tieBreak: m.tieBreak };
  const before = select(
    settings,
    r.applications.map((a) => ({ id: a.id, total: a.total, exclusion: exclusion.get(a.id) ?? null })),
  );
  const byId = new Map(r.applications.map((a) => [a.id, a]));
  const base = before.decisions
    .filter((d) => d.rank !== null)
    .map((d) => ({ id: d.id, rank: d.rank!, total: byId.get(d.id)!.total, items: byId.get(d.id)!.items }));
  return { base, ...settings, before };
}

/**
 * What re-ranking reads of `analytics.rerankBase`: the candidates in the running with their
 * aggregated percentages per item (row-major, null where missing), compact at any cycle size.
 */
export interface RerankBase {
  itemIds: readonly string[];
  candidates: {
    id: readonly number[];
    rank: readonly number[];
    total: readonly number[];
    priorityAreas: readonly number[];
  };
  percent: readonly (number | null)[];
  cap: number;
  minTotal: number;
  tieBreak: TieBreak;
}

/**
 * The same preparation as {@link prepare}, from the server's compact answer instead of every
 * score: the aggregated percentages arrive ready (the server's scoring computed them the same
 * way), and the selection before runs the same `selectCandidates` over the candidates in the
 * running (the excluded never rank nor count), so re-ranking gives the same ranks and selection.
 */
export function prepareCompact(b: RerankBase): Prepared {
  const n = b.candidates.id.length;
  const k = b.itemIds.length;
  const base: ScoredApplication[] = [];
  const priorityAreas = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = String(b.candidates.id[i]);
    const items: ScoredApplication['items'] = {};
    for (let j = 0; j < k; j++) items[b.itemIds[j]!] = { percent: b.percent[i * k + j] ?? null };
    base.push({ id, rank: b.candidates.rank[i]!, total: b.candidates.total[i]!, items });
    priorityAreas.set(id, b.candidates.priorityAreas[i]!);
  }
  const settings = { priorityAreas, cap: b.cap, minTotal: b.minTotal, tieBreak: b.tieBreak };
  const before = select(settings, base);
  return { base, ...settings, before };
}

/** The `n` biggest movers (largest rank change either way; ties by the new rank). */
export function topMovers(ranking: RescoreResult, n: number): RescoreResult['applications'] {
  return ranking.applications
    .filter((a) => a.rankChange !== 0)
    .sort((a, b) => Math.abs(b.rankChange) - Math.abs(a.rankChange) || a.rank - b.rank)
    .slice(0, n);
}

export interface RerankResult {
  validation: WeightSetValidation;
  /**
   * Candidates in the running under the new weights, in their new order, with the cycle's one
   * rank before (`baseRank`) and after (`rank`). Null when the weights are invalid (the caller
   * keeps showing the last valid ranking).
   */
  ranking: RescoreResult | null;
  /** Ids selected under the cycle's own weights (the official selection: cap, minimum total, tie-break). */
  before: string[];
  /** Ids selected within the cap under the new weights. */
  selected: string[];
  ms: number;
}

/** Re-ranks the prepared cycle under `points` (validated first). */
export function rerank(p: Prepared, points: Record<string, number>): RerankResult {
  const t0 = performance.now();
  const ws = weightSetOf(points);
  const validation = validateWeightSet(ws);
  const before = p.before.selected;
  if (!validation.ok) return { validation, ranking: null, before, selected: [], ms: performance.now() - t0 };
  const rescored = rescoreCycle({ applications: p.base }, ws);
  const after = select(p, rescored.applications);
  const row = new Map(rescored.applications.map((a) => [a.id, a]));
  const ranking: RescoreResult = {
    ...rescored,
    applications: after.decisions.map((d) => {
      const a = row.get(d.id)!;
      return { ...a, rank: d.rank!, rankChange: a.baseRank - d.rank! };
    }),
  };
  return { validation, ranking, before, selected: after.selected, ms: performance.now() - t0 };
}

/** Smallest category changes that change who ranks first, under `points`. */
export function flips(ranking: RescoreResult, points: Record<string, number>): FlipPoint[] {
  return flipPoints(
    ranking.applications.map((a) => ({ id: a.id, categories: a.categories })),
    weightSetOf(points),
  );
}
