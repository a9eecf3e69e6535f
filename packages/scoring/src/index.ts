/**
 * @mqa/scoring — the scoring core of the Ordos Mayor Quality Award platform: the GB/T 19580-2012
 * model, weight sets, panel aggregation, disagreement, ranking and selection, panel reliability
 * and weight sensitivity. Pure TypeScript, no Node-only APIs (it also runs in the browser).
 */
export {
  GBT_19580_2012,
  ITEMS,
  ITEM_IDS,
  CATEGORY_IDS,
  SCORING_BANDS,
  getItem,
  categoryOf,
  itemsOfCategory,
  isValidPercent,
  bandOf,
  type LocalizedText,
  type ItemKind,
  type CriteriaItem,
  type CriteriaCategory,
  type CriteriaModel,
  type ScoringBand,
} from './criteria.ts';
export { ScoringError } from './errors.ts';
export {
  WEIGHT_TOTAL,
  defaultWeightSet,
  validateWeightSet,
  assertValidWeightSet,
  WeightSetError,
  categoryTotals,
  weightTotal,
  diffWeightSets,
  type WeightSet,
  type WeightSetErrorCode,
  type WeightSetProblem,
  type WeightSetValidation,
  type WeightChange,
  type WeightSetDiff,
} from './weights.ts';
export { itemScore, assertPercent } from './score.ts';
export {
  aggregate,
  spread,
  STAT_METHODS,
  DEFAULT_TRIM_PROPORTION,
  type StatMethod,
  type AggregationMethod,
  type AggregateOptions,
  type Spread,
} from './aggregate.ts';
export { rankTotals, totalKey, roundTotal, type RankEntry, type RankOptions, type Ranked } from './ranking.ts';
export {
  icc,
  iccReading,
  ICC_READING,
  ICC_READING_COEFFICIENT,
  type IccReading,
  kendallW,
  midRanks,
  examinerLeniency,
  zScoreNormalise,
  type IccResult,
  type ExaminerScore,
  type Recusal,
  type ExaminerLeniency,
  type LeniencyOptions,
  type NormalisedScore,
} from './reliability.ts';
export {
  scoreCycle,
  scoreCycleColumnar,
  toColumnar,
  materialise,
  sourceName,
  DEFAULT_FLAG_THRESHOLD,
  type CycleInput,
  type CycleResult,
  type ApplicationResult,
  type ItemResult,
  type ItemSource,
  type AgendaEntry,
  type ScoreRecord,
  type RecusalRecord,
  type ConsensusRecord,
  type ColumnarScores,
  type ColumnarCycleInput,
  type ColumnarCycleResult,
} from './cycle.ts';
export { matrixWeights, scoringInputOf, type ScoringMatrix } from './matrix.ts';
export {
  rescoreCycle,
  rankAcceptability,
  flipPoints,
  type ScoredApplication,
  type RescoredApplication,
  type RescoreResult,
  type CategoryScores,
  type RankAcceptabilityOptions,
  type RankAcceptability,
  type RankAcceptabilityResult,
  type FlipChange,
  type FlipPoint,
} from './sensitivity.ts';
export { createRng, type Rng } from './random.ts';
export * from './distribution.ts';
