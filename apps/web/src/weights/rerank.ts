/**
 * In-browser re-ranking for weight tuning. All scoring is done by @mqa/scoring: the cycle's raw
 * scores are aggregated once (`scoreCycleColumnar`, weight-independent percentages), then each
 * weight change only re-weights those percentages (`rescoreCycle`), which for 60 candidates
 * takes well under a frame.
 */
import {
  flipPoints,
  materialise,
  rescoreCycle,
  scoreCycleColumnar,
  selectCandidates,
  validateWeightSet,
  type AggregationMethod,
  type FlipPoint,
  type RescoreResult,
  type ScoredApplication,
  type WeightSet,
  type WeightSetValidation,
} from '@mqa/scoring';

/** The raw data of a cycle as `analytics.cycleMatrix` sends it (only what re-scoring needs). */
export interface CycleMatrix {
  year: number;
  itemIds: readonly string[];
  applications: readonly { id: number; exclusion: unknown; priorityAreas: number }[];
  examiners: readonly { id: number }[];
  scores: { application: readonly number[]; examiner: readonly number[]; item: readonly number[]; percent: readonly number[] };
  recusals: { application: readonly number[]; examiner: readonly number[] };
  consensus: { application: readonly number[]; item: readonly number[]; percent: readonly number[] };
  weightSet: { id: number; points: Record<string, number> };
  method: AggregationMethod;
  flagThreshold: number;
  cap: number;
  minTotal: number;
  /** The cycle's tie-break at the cap ('priorityAreas': more priority areas first, Art. 2; or 'none'), as the server selects. */
  tieBreak: TieBreak;
}

/** How ties at the cap are broken, as `analytics.cycleMatrix` reports it. */
export type TieBreak = 'priorityAreas' | 'none';

export interface Prepared {
  /** Eligible candidates with their aggregated percentages, ranked under the cycle's own weights. */
  base: ScoredApplication[];
  priorityAreas: Map<string, number>;
  cap: number;
  minTotal: number;
  tieBreak: TieBreak;
}

export function weightSetOf(points: Record<string, number>, id = 'draft'): WeightSet {
  return { id, name: { zh: '调整中的权重', en: 'Weights being tuned' }, points };
}

/** Aggregates the cycle once and ranks the eligible candidates under the cycle's own weights. */
export function prepare(m: CycleMatrix): Prepared {
  const weights = weightSetOf(m.weightSet.points, String(m.weightSet.id));
  const r = materialise(
    scoreCycleColumnar({
      weights,
      method: m.method,
      flagThreshold: m.flagThreshold,
      scores: {
        applicationIds: m.applications.map((a) => String(a.id)),
        examinerIds: m.examiners.map((e) => String(e.id)),
        itemIds: m.itemIds,
        application: m.scores.application,
        examiner: m.scores.examiner,
        item: m.scores.item,
        percent: m.scores.percent,
      },
      recusals: m.recusals,
      consensus: m.consensus,
    }),
  );
  const excluded = new Set(m.applications.filter((a) => a.exclusion).map((a) => String(a.id)));
  const eligible = r.applications.filter((a) => !excluded.has(a.id));
  // Ranks among the eligible candidates under the cycle's own weights: the "before" ranks.
  const baseRanked = rescoreCycle({ applications: eligible }, weights);
  const items = new Map(eligible.map((a) => [a.id, a.items]));
  return {
    base: baseRanked.applications.map((a) => ({ id: a.id, rank: a.rank, total: a.total, items: items.get(a.id)! })),
    priorityAreas: new Map(m.applications.map((a) => [String(a.id), a.priorityAreas])),
    cap: m.cap,
    minTotal: m.minTotal,
    tieBreak: m.tieBreak,
  };
}

export interface RerankResult {
  validation: WeightSetValidation;
  /** Null when the weights are invalid (the caller keeps showing the last valid ranking). */
  ranking: RescoreResult | null;
  /** Ids selected within the cap under the new weights. */
  selected: string[];
  ms: number;
}

/** Re-ranks the prepared cycle under `points` (validated first). */
export function rerank(p: Prepared, points: Record<string, number>): RerankResult {
  const t0 = performance.now();
  const ws = weightSetOf(points);
  const validation = validateWeightSet(ws);
  if (!validation.ok) return { validation, ranking: null, selected: [], ms: performance.now() - t0 };
  const ranking = rescoreCycle({ applications: p.base }, ws);
  const selection = selectCandidates(
    ranking.applications.map((a) => ({ id: a.id, total: a.total, priorityAreas: p.priorityAreas.get(a.id) ?? 0 })),
    { cap: p.cap, minTotal: p.minTotal, tieBreak: p.tieBreak },
  );
  return { validation, ranking, selected: selection.selected, ms: performance.now() - t0 };
}

/** Smallest category changes that change who ranks first, under `points`. */
export function flips(ranking: RescoreResult, points: Record<string, number>): FlipPoint[] {
  return flipPoints(
    ranking.applications.map((a) => ({ id: a.id, categories: a.categories })),
    weightSetOf(points),
  );
}
