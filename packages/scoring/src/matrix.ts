/**
 * The one way a cycle's raw data becomes the scoring core's input. The server scores a cycle
 * from this matrix and sends the same matrix to the browser (`analytics.cycleMatrix`), which
 * re-scores it with the same function while weights are tuned: the two cannot drift apart
 * (same method, same consensus fallback, same recusals, same flag threshold).
 */
import type { AggregationMethod, StatMethod } from './aggregate.ts';
import type { ColumnarCycleInput } from './cycle.ts';
import type { WeightSet } from './weights.ts';

/** A cycle's interned scores and scoring settings, in a JSON-safe form (plain or typed arrays). */
export interface ScoringMatrix {
  /** Item id per item index. */
  itemIds: readonly string[];
  /** One entry per application index (its id is the application id the results carry). */
  applications: readonly { id: number | string }[];
  /** One entry per examiner index. */
  examiners: readonly { id: number | string }[];
  /** Per score: application index, examiner index, item index, percentage. */
  scores: { application: ArrayLike<number>; examiner: ArrayLike<number>; item: ArrayLike<number>; percent: ArrayLike<number> };
  /** Recused (application index, examiner index) pairs (Art. 24): those scores never count. */
  recusals: { application: ArrayLike<number>; examiner: ArrayLike<number> };
  /** Recorded consensus percentages per (application index, item index). */
  consensus: { application: ArrayLike<number>; item: ArrayLike<number>; percent: ArrayLike<number> };
  /** The cycle's own weight set. */
  weightSet: { id: number | string; points: Readonly<Record<string, number>> };
  /** How the cycle aggregates: 'consensus' first, then `fallback` where no consensus is recorded. */
  method: AggregationMethod;
  fallback: StatMethod | null;
  flagThreshold: number;
}

/** The matrix's own weight set as the scoring core sees it. */
export function matrixWeights(m: Pick<ScoringMatrix, 'weightSet'>): WeightSet {
  return { id: String(m.weightSet.id), name: { zh: '本周期权重', en: "The cycle's weights" }, points: { ...m.weightSet.points } };
}

/**
 * The scoring core's columnar input for the matrix, under its own weights or `weights`
 * (results are weight-independent percentages plus totals under those weights).
 */
export function scoringInputOf(m: ScoringMatrix, weights: WeightSet = matrixWeights(m)): ColumnarCycleInput {
  return {
    weights,
    method: m.method,
    ...(m.fallback ? { fallback: m.fallback } : {}),
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
  };
}
