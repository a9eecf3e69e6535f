import { CATEGORY_IDS, ITEM_IDS, categoryOf, isValidPercent } from './criteria.ts';
import { type AggregationMethod, type StatMethod, STAT_METHODS, aggregateSorted, checkProportion, cutFor, insertionSort, quantileSorted } from './aggregate.ts';
import { ScoringError, show } from './errors.ts';
import { totalKey } from './ranking.ts';
import { assertValidWeightSet, type WeightSet } from './weights.ts';

/** Default range (percentage points) at which an item goes on the consensus-meeting agenda. */
export const DEFAULT_FLAG_THRESHOLD = 30;

/** Where an item's percentage comes from. */
export type ItemSource = 'examiners' | 'consensus' | 'missing' | 'insufficient';
const SOURCES: readonly ItemSource[] = ['missing', 'examiners', 'consensus', 'insufficient'];
const SRC_MISSING = 0;
const SRC_EXAMINERS = 1;
const SRC_CONSENSUS = 2;
const SRC_INSUFFICIENT = 3;

interface CycleOptions {
  weights: WeightSet;
  /** 'consensus': a recorded consensus percentage wins; otherwise `fallback` (default 'mean'). */
  method: AggregationMethod;
  /** Statistic used where no consensus is recorded (method 'consensus' only). Default 'mean'. */
  fallback?: StatMethod;
  /** Trimmed mean proportion (default 0.2). */
  proportion?: number;
  /** Range (percentage points) at which an item is flagged for the consensus meeting (default 30). */
  flagThreshold?: number;
}

/** Scores as typed arrays of interned indices: the fast path (no per-score objects). */
export interface ColumnarScores {
  /** Application id per application index. */
  applicationIds: readonly string[];
  /** Examiner id per examiner index. */
  examinerIds: readonly string[];
  /** Item id per item index (default: the 23 GB/T 19580 item ids in order). */
  itemIds?: readonly string[];
  /** Per score: application index, examiner index, item index, percentage. */
  application: ArrayLike<number>;
  examiner: ArrayLike<number>;
  item: ArrayLike<number>;
  percent: ArrayLike<number>;
}

export interface ColumnarCycleInput extends CycleOptions {
  scores: ColumnarScores;
  /** Recused (application index, examiner index) pairs: those scores never count. */
  recusals?: { application: ArrayLike<number>; examiner: ArrayLike<number> };
  /** Recorded consensus percentages per (application index, item index). */
  consensus?: { application: ArrayLike<number>; item: ArrayLike<number>; percent: ArrayLike<number> };
}

/** Result of {@link scoreCycleColumnar}: flat typed arrays, application-major (app × 23 items). */
export interface ColumnarCycleResult {
  weightSetId: string;
  method: AggregationMethod;
  fallback: StatMethod | null;
  proportion: number;
  flagThreshold: number;
  applicationIds: readonly string[];
  itemIds: readonly string[];
  categoryIds: readonly string[];
  /** Aggregated percentage per cell (NaN where missing or insufficient). */
  percent: Float64Array;
  /** points × percent / 100 per cell (NaN where missing or insufficient). */
  score: Float64Array;
  /** Examiner scores counted per cell (recused ones excluded). */
  n: Uint16Array;
  /** Sample SD, range and IQR of the counted examiner scores per cell (NaN when n = 0). */
  sd: Float64Array;
  range: Float64Array;
  iqr: Float64Array;
  /** 1 when range ≥ flagThreshold. */
  flagged: Uint8Array;
  /** 0 missing, 1 examiners, 2 consensus, 3 insufficient (olympic with < 3 scores): see {@link sourceName}. */
  source: Uint8Array;
  /** Category score per application (app × 7). */
  category: Float64Array;
  total: Float64Array;
  /** 1 when every item has a value. */
  complete: Uint8Array;
  /** Competition rank on totals rounded to 0.01. */
  rank: Uint32Array;
  /** Application indices, best first (ties by id). */
  order: Uint32Array;
  /** Number of scores ignored because of recusal. */
  recusedScores: number;
}

export function sourceName(code: number): ItemSource {
  return SOURCES[code] ?? 'missing';
}

/**
 * Reusable scratch buffers for per-score temporaries, so repeated scoring of large cycles does
 * not allocate (and make the garbage collector reclaim) tens of megabytes each time. JavaScript
 * is single-threaded and nothing here re-enters, so one pool per module is safe.
 */
const scratch = {
  i32: new Int32Array(0),
  f64: new Float64Array(0),
  u32: new Uint32Array(0),
  u32b: new Uint32Array(0),
  u32c: new Uint32Array(0),
  u8: new Uint8Array(0),
  f64b: new Float64Array(0),
  fill: new Uint32Array(0),
};
function grow(n: number): number {
  return Math.max(n, 1024, Math.ceil(n * 1.25));
}
function scratchI32(n: number): Int32Array {
  if (scratch.i32.length < n) scratch.i32 = new Int32Array(grow(n));
  return scratch.i32;
}
function scratchF64(n: number): Float64Array {
  if (scratch.f64.length < n) scratch.f64 = new Float64Array(grow(n));
  return scratch.f64;
}
function scratchU32(n: number): Uint32Array {
  if (scratch.u32.length < n) scratch.u32 = new Uint32Array(grow(n));
  return scratch.u32;
}
function scratchU32b(n: number): Uint32Array {
  if (scratch.fill.length < n) scratch.fill = new Uint32Array(grow(n));
  return scratch.fill;
}

const NI = ITEM_IDS.length;
const NC = CATEGORY_IDS.length;
const ITEM_CATEGORY = Uint8Array.from(ITEM_IDS, (id) => CATEGORY_IDS.indexOf(categoryOf(id)!));
const CANONICAL_ITEM = new Map(ITEM_IDS.map((id, i) => [id, i]));

function resolveOptions(input: CycleOptions) {
  assertValidWeightSet(input.weights);
  const method = input.method;
  if (method !== 'consensus' && !STAT_METHODS.includes(method)) {
    throw new ScoringError('unknownMethod', {
      zh: `未知的汇总方法 ${show(method)}；可选：mean、median、trimmed、olympic、consensus。`,
      en: `Unknown aggregation method ${show(method)}; use mean, median, trimmed, olympic or consensus.`,
    });
  }
  const fallback = method === 'consensus' ? (input.fallback ?? 'mean') : null;
  if (fallback !== null && !STAT_METHODS.includes(fallback)) {
    throw new ScoringError('unknownMethod', {
      zh: `未知的后备汇总方法 ${show(fallback)}；可选：mean、median、trimmed、olympic。`,
      en: `Unknown fallback method ${show(fallback)}; use mean, median, trimmed or olympic.`,
    });
  }
  const stat: StatMethod = method === 'consensus' ? fallback! : method;
  const proportion = checkProportion(input.proportion);
  const flagThreshold = input.flagThreshold ?? DEFAULT_FLAG_THRESHOLD;
  if (typeof flagThreshold !== 'number' || !(flagThreshold >= 0)) {
    throw new ScoringError('invalidFlagThreshold', {
      zh: `分歧标记阈值必须是非负数，收到的是 ${show(flagThreshold)}。`,
      en: `The disagreement flag threshold must be a non-negative number; got ${show(flagThreshold)}.`,
    });
  }
  const points = Float64Array.from(ITEM_IDS, (id) => input.weights.points[id]!);
  return { method, fallback, stat, proportion, flagThreshold, points };
}

function badIndex(what: { zh: string; en: string }, row: number, value: unknown): ScoringError {
  return new ScoringError('invalidIndex', {
    zh: `第 ${row + 1} 条记录的${what.zh}索引无效：${show(value)}。`,
    en: `Record #${row + 1} has an invalid ${what.en} index: ${show(value)}.`,
  });
}

/**
 * Scores a whole cycle from columnar input (typed arrays of interned indices). Same rules as
 * {@link scoreCycle}; no per-score allocation: scores are bucketed per (application, item) with
 * a counting sort, each small bucket is sorted in place in one reused Float64Array.
 */
export function scoreCycleColumnar(input: ColumnarCycleInput): ColumnarCycleResult {
  const opt = resolveOptions(input);
  const { stat, proportion, flagThreshold, points } = opt;
  const s = input.scores;
  const appIds = s.applicationIds;
  const exIds = s.examinerIds;
  const nApps = appIds.length;
  const nEx = exIds.length;
  const len = s.percent.length;
  if (s.application.length !== len || s.examiner.length !== len || s.item.length !== len) {
    throw new ScoringError('columnLengthMismatch', {
      zh: '评分列的长度不一致：application、examiner、item、percent 必须一样长。',
      en: 'Score columns differ in length: application, examiner, item and percent must be equally long.',
    });
  }
  // Input item index → canonical item index (GB/T 19580 order).
  const inItems = s.itemIds ?? ITEM_IDS;
  const itemMap = new Int32Array(inItems.length);
  for (let t = 0; t < inItems.length; t++) {
    const c = CANONICAL_ITEM.get(inItems[t]!);
    if (c === undefined) throw unknownItem(inItems[t]);
    itemMap[t] = c;
  }
  const nInItems = inItems.length;

  // Recusals: a per-application flag so the common case skips the set lookup.
  const recusedApp = new Uint8Array(nApps);
  const recusedPairs = new Set<number>();
  if (input.recusals) {
    const ra = input.recusals.application;
    const re = input.recusals.examiner;
    for (let r = 0; r < ra.length; r++) {
      const a = ra[r]!;
      const e = re[r]!;
      if (!(a >= 0 && a < nApps && Number.isInteger(a))) throw badIndex({ zh: '回避记录中的申报', en: 'recusal application' }, r, a);
      if (!(e >= 0 && e < nEx && Number.isInteger(e))) throw badIndex({ zh: '回避记录中的评审员', en: 'recusal examiner' }, r, e);
      recusedApp[a] = 1;
      recusedPairs.add(a * nEx + e);
    }
  }

  const nCells = nApps * NI;
  const b = bucketScores(s, nApps, nEx, nInItems, itemMap, recusedApp, recusedPairs, inItems);
  const { maxN, recusedScores } = b;

  // Consensus per cell (NaN = none); only method 'consensus' uses recorded consensus.
  const useConsensus = opt.method === 'consensus' && input.consensus !== undefined;
  const consensus = new Float64Array(useConsensus ? nCells : 0);
  if (useConsensus && input.consensus) {
    consensus.fill(Number.NaN);
    const ca = input.consensus.application;
    const ct = input.consensus.item;
    const cp = input.consensus.percent;
    for (let r = 0; r < ca.length; r++) {
      const a = ca[r]!;
      const t = ct[r]!;
      const p = cp[r]!;
      if (!(a >>> 0 === a && a < nApps)) throw badIndex({ zh: '共识记录中的申报', en: 'consensus application' }, r, a);
      if (!(t >>> 0 === t && t < nInItems)) throw badIndex({ zh: '共识记录中的条款', en: 'consensus item' }, r, t);
      if (!isValidPercent(p)) throw invalidPercent(p, appIds[a], null, inItems[t], true);
      const c = a * NI + itemMap[t]!;
      if (!Number.isNaN(consensus[c]!)) {
        throw new ScoringError('duplicateConsensus', {
          zh: `申报 ${show(appIds[a])} 的条款 ${inItems[t]} 记录了不止一个共识分。`,
          en: `Application ${show(appIds[a])}, item ${inItems[t]}: more than one consensus percentage is recorded.`,
        });
      }
      consensus[c] = p;
    }
  }

  // Cut per panel size (−1: olympic with fewer than 3 scores → insufficient).
  const cutByN = new Int32Array(maxN + 1);
  for (let m = 1; m <= maxN; m++) cutByN[m] = stat === 'olympic' && m < 3 ? -1 : cutFor(stat, m, proportion);

  const out: CellOutputs = {
    percent: new Float64Array(nCells),
    score: new Float64Array(nCells),
    n: new Uint16Array(nCells),
    sd: new Float64Array(nCells),
    range: new Float64Array(nCells),
    iqr: new Float64Array(nCells),
    flagged: new Uint8Array(nCells),
    source: new Uint8Array(nCells),
    category: new Float64Array(nApps * NC),
    total: new Float64Array(nApps),
    complete: new Uint8Array(nApps),
  };
  aggregateCells(b, consensus, cutByN, stat, flagThreshold, points, out, appIds, exIds);
  const { total } = out;

  const { order, rank } = rankApplications(total, appIds);

  return {
    weightSetId: input.weights.id,
    method: opt.method,
    fallback: opt.fallback,
    proportion,
    flagThreshold,
    applicationIds: appIds,
    itemIds: ITEM_IDS,
    categoryIds: CATEGORY_IDS,
    ...out,
    rank,
    order,
    recusedScores,
  };
}

/** Competition ranking on totals rounded to 0.01 (same rule as {@link rankTotals}); ties by id. */
function rankApplications(total: Float64Array, appIds: readonly string[]): { order: Uint32Array; rank: Uint32Array } {
  const nApps = total.length;
  const keys = new Float64Array(nApps);
  for (let a = 0; a < nApps; a++) keys[a] = totalKey(total[a]!);
  const order = new Uint32Array(nApps);
  for (let a = 0; a < nApps; a++) order[a] = a;
  order.sort((x, y) => keys[y]! - keys[x]! || compareIds(appIds[x]!, appIds[y]!));
  const rank = new Uint32Array(nApps);
  for (let i = 0; i < nApps; i++) {
    const a = order[i]!;
    rank[a] = i > 0 && keys[order[i - 1]!] === keys[a] ? rank[order[i - 1]!]! : i + 1;
  }
  return { order, rank };
}

interface CellOutputs {
  percent: Float64Array;
  score: Float64Array;
  n: Uint16Array;
  sd: Float64Array;
  range: Float64Array;
  iqr: Float64Array;
  flagged: Uint8Array;
  source: Uint8Array;
  category: Float64Array;
  total: Float64Array;
  complete: Uint8Array;
}

/** Per (application, item) cell: sort in place, aggregate, disagreement, score; then totals. */
function aggregateCells(
  b: Buckets,
  consensus: Float64Array,
  cutByN: Int32Array,
  stat: StatMethod,
  flagThreshold: number,
  points: Float64Array,
  out: CellOutputs,
  appIds: readonly string[],
  exIds: readonly string[],
): void {
  const { counts, values, exOf } = b;
  const { percent, score, n, sd, range, iqr, flagged, source, category, total, complete } = out;
  const nApps = total.length;
  const hasConsensus = consensus.length > 0;
  for (let a = 0; a < nApps; a++) {
    let appTotal = 0;
    let appComplete = 1;
    const catBase = a * NC;
    for (let t = 0; t < NI; t++) {
      const c = a * NI + t;
      const from = counts[c]!;
      const to = counts[c + 1]!;
      const m = to - from;
      n[c] = m;
      let pct = Number.NaN;
      let src = SRC_MISSING;
      if (m > 0) {
        // Duplicate check: one score per examiner per item and application.
        for (let i = from + 1; i < to; i++) {
          const e = exOf[i]!;
          for (let j = from; j < i; j++) if (exOf[j] === e) throw duplicateScore(appIds[a]!, exIds[e]!, ITEM_IDS[t]!);
        }
        insertionSort(values, from, to);
        const lo = values[from]!;
        const hi = values[to - 1]!;
        const r = hi - lo;
        range[c] = r;
        iqr[c] = quantileSorted(values, from, to, 0.75) - quantileSorted(values, from, to, 0.25);
        let sum = 0;
        for (let i = from; i < to; i++) sum += values[i]!;
        const mean = sum / m;
        let ss = 0;
        for (let i = from; i < to; i++) {
          const d = values[i]! - mean;
          ss += d * d;
        }
        sd[c] = m > 1 ? Math.sqrt(ss / (m - 1)) : 0;
        if (r >= flagThreshold) flagged[c] = 1;
        const cut = cutByN[m]!;
        if (cut < 0) src = SRC_INSUFFICIENT;
        else {
          pct = stat === 'mean' ? (mean < lo ? lo : mean > hi ? hi : mean) : aggregateSorted(values, from, to, stat, cut);
          src = SRC_EXAMINERS;
        }
      } else {
        sd[c] = Number.NaN;
        range[c] = Number.NaN;
        iqr[c] = Number.NaN;
      }
      if (hasConsensus) {
        const cv = consensus[c]!;
        if (cv === cv) {
          pct = cv;
          src = SRC_CONSENSUS;
        }
      }
      source[c] = src;
      percent[c] = pct;
      if (pct === pct) {
        const sc = (points[t]! * pct) / 100;
        score[c] = sc;
        appTotal += sc;
        category[catBase + ITEM_CATEGORY[t]!]! += sc;
      } else {
        score[c] = Number.NaN;
        appComplete = 0;
      }
    }
    total[a] = appTotal;
    complete[a] = appComplete;
  }
}

interface Buckets {
  /** counts[c] … counts[c + 1] is cell c's slice of `values` / `exOf`. */
  counts: Uint32Array;
  values: Float64Array;
  exOf: Uint32Array;
  maxN: number;
  recusedScores: number;
}

/**
 * Validates every score and buckets the counted ones per (application, item) cell with a
 * counting sort: pass 1 counts, pass 2 places percentages and examiner indices.
 */
function bucketScores(
  s: ColumnarScores,
  nApps: number,
  nEx: number,
  nInItems: number,
  itemMap: Int32Array,
  recusedApp: Uint8Array,
  recusedPairs: Set<number>,
  inItems: readonly string[],
): Buckets {
  const app = s.application;
  const ex = s.examiner;
  const it = s.item;
  const pc = s.percent;
  const len = pc.length;
  const nCells = nApps * NI;
  const counts = new Uint32Array(nCells + 1);
  // cellOf[k] = cell of score k, or −1 when recused.
  const cellOf = scratchI32(len);
  let recusedScores = 0;
  for (let k = 0; k < len; k++) {
    const a = app[k]!;
    const e = ex[k]!;
    const t = it[k]!;
    const p = pc[k]!;
    // `x >>> 0 === x` accepts exactly the non-negative 32-bit integers.
    if (!(a >>> 0 === a && a < nApps)) throw badIndex({ zh: '申报', en: 'application' }, k, a);
    if (!(e >>> 0 === e && e < nEx)) throw badIndex({ zh: '评审员', en: 'examiner' }, k, e);
    if (!(t >>> 0 === t && t < nInItems)) throw badIndex({ zh: '条款', en: 'item' }, k, t);
    // 0–100 in steps of 5 ⇔ p / 5 is an integer 0…20 (exact: IEEE division is correctly rounded).
    const q = p / 5;
    if (!(q >>> 0 === q && q <= 20)) throw invalidPercent(p, s.applicationIds[a], s.examinerIds[e], inItems[t]);
    if (recusedApp[a] === 1 && recusedPairs.has(a * nEx + e)) {
      cellOf[k] = -1;
      recusedScores++;
      continue;
    }
    const c = a * NI + itemMap[t]!;
    cellOf[k] = c;
    counts[c + 1]!++;
  }
  let maxN = 0;
  for (let c = 1; c <= nCells; c++) {
    const v = counts[c]!;
    if (v > maxN) maxN = v;
    counts[c] = counts[c - 1]! + v;
  }
  const nCounted = counts[nCells]!;
  const values = scratchF64(nCounted);
  const exOf = scratchU32(nCounted);
  const fill = scratchU32b(nCells);
  fill.set(counts.subarray(0, nCells));
  for (let k = 0; k < len; k++) {
    const c = cellOf[k]!;
    if (c < 0) continue;
    const at = fill[c]!++;
    values[at] = pc[k]!;
    exOf[at] = ex[k]!;
  }
  return { counts, values, exOf, maxN, recusedScores };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unknownItem(itemId: unknown): ScoringError {
  return new ScoringError('unknownItem', {
    zh: `未知条款 ${show(itemId)}：GB/T 19580-2012 中没有该评分条款。`,
    en: `Unknown item ${show(itemId)}: GB/T 19580-2012 has no such scored item.`,
  });
}

function invalidPercent(p: unknown, appId: unknown, exId: unknown, itemId: unknown, consensus = false): ScoringError {
  const whoZh = exId == null ? '' : `、评审员 ${show(exId)}`;
  const whoEn = exId == null ? '' : `, examiner ${show(exId)}`;
  const kindZh = consensus ? '共识分' : '评分';
  const kindEn = consensus ? 'consensus percentage' : 'score';
  return new ScoringError(
    'invalidPercent',
    {
      zh: `申报 ${show(appId)}${whoZh}、条款 ${show(itemId)} 的${kindZh}必须是 0–100 之间 5 的倍数，收到的是 ${show(p)}。`,
      en: `Application ${show(appId)}${whoEn}, item ${show(itemId)}: the ${kindEn} must be 0–100 in steps of 5; got ${show(p)}.`,
    },
    { applicationId: appId, examinerId: exId, itemId, percent: p },
  );
}

function duplicateScore(appId: string, exId: string, itemId: string): ScoringError {
  return new ScoringError(
    'duplicateScore',
    {
      zh: `评审员 ${show(exId)} 对申报 ${show(appId)} 的条款 ${itemId} 给了不止一个分数。`,
      en: `Examiner ${show(exId)} scored application ${show(appId)}, item ${itemId} more than once.`,
    },
    { applicationId: appId, examinerId: exId, itemId },
  );
}

// ---------------------------------------------------------------------------------------------
// Object input (the public contract): interns ids, then runs the columnar core.

export interface ScoreRecord {
  applicationId: string;
  examinerId: string;
  itemId: string;
  percent: number;
}

export interface RecusalRecord {
  applicationId: string;
  examinerId: string;
}

export interface ConsensusRecord {
  applicationId: string;
  itemId: string;
  percent: number;
}

export interface CycleInput extends CycleOptions {
  scores: readonly ScoreRecord[];
  recusals?: readonly RecusalRecord[];
  /** Recorded consensus percentages (used with method 'consensus' only). */
  consensus?: readonly ConsensusRecord[];
  /** Applications to report even if they have no score at all (then every item is missing). */
  applicationIds?: readonly string[];
}

export interface ItemResult {
  /** Aggregated (or consensus) percentage; null when missing or insufficient. */
  percent: number | null;
  /** points × percent / 100; null when percent is null. */
  score: number | null;
  /** Examiner scores counted (recused excluded). */
  n: number;
  /** Sample SD, range and IQR of the counted examiner scores; null when n = 0. */
  sd: number | null;
  range: number | null;
  iqr: number | null;
  /** range ≥ flagThreshold: on the consensus-meeting agenda. */
  flagged: boolean;
  source: ItemSource;
}

export interface ApplicationResult {
  id: string;
  /** Sum of present item scores (≤ the weight set's total). */
  total: number;
  rank: number;
  categories: Record<string, number>;
  items: Record<string, ItemResult>;
  /** False when an item is missing or insufficient. */
  complete: boolean;
  /** Items without any valid score (and no consensus): never treated as 0. */
  missingItems: string[];
  /** Items whose scores are too few for the method (olympic needs ≥ 3). */
  insufficientItems: string[];
  flaggedItems: string[];
  /** Examiners recused from this application. */
  excludedExaminers: string[];
}

export interface AgendaEntry {
  applicationId: string;
  itemId: string;
  range: number;
  sd: number;
  n: number;
}

export interface CycleResult {
  weightSetId: string;
  method: AggregationMethod;
  fallback: StatMethod | null;
  proportion: number;
  flagThreshold: number;
  /** Best first (ties by id). */
  applications: ApplicationResult[];
  /** Flagged items, application by application in rank order: the consensus-meeting agenda. */
  agenda: AgendaEntry[];
  recusedScores: number;
}

/** Interns object input into columnar form (ids → indices, typed arrays). */
export function toColumnar(input: Pick<CycleInput, 'scores' | 'recusals' | 'consensus' | 'applicationIds'>): Interned {
  return intern(input, false);
}

type Interned = {
  scores: ColumnarScores & { item: Uint8Array; percent: Float64Array; application: Uint32Array; examiner: Uint32Array };
  recusals?: { application: Uint32Array; examiner: Uint32Array };
  consensus?: { application: Uint32Array; item: Uint8Array; percent: Float64Array };
};

/** `reuse`: the columns are views of module scratch buffers (valid until the next call). */
function intern(input: Pick<CycleInput, 'scores' | 'recusals' | 'consensus' | 'applicationIds'>, reuse: boolean): Interned {
  const list = input.scores;
  if (!Array.isArray(list)) {
    throw new ScoringError('invalidScores', { zh: 'scores 必须是评分记录数组。', en: 'scores must be an array of score records.' });
  }
  const len = list.length;
  const appIndex = new Map<string, number>();
  const appIds: string[] = [];
  const exIndex = new Map<string, number>();
  const exIds: string[] = [];
  for (const id of input.applicationIds ?? []) {
    if (!appIndex.has(id)) {
      appIndex.set(id, appIds.length);
      appIds.push(id);
    }
  }
  let application: Uint32Array;
  let examiner: Uint32Array;
  let item: Uint8Array;
  let percent: Float64Array;
  if (reuse) {
    if (scratch.u32b.length < len) scratch.u32b = new Uint32Array(grow(len));
    if (scratch.u32c.length < len) scratch.u32c = new Uint32Array(grow(len));
    if (scratch.u8.length < len) scratch.u8 = new Uint8Array(grow(len));
    if (scratch.f64b.length < len) scratch.f64b = new Float64Array(grow(len));
    application = scratch.u32b.subarray(0, len);
    examiner = scratch.u32c.subarray(0, len);
    item = scratch.u8.subarray(0, len);
    percent = scratch.f64b.subarray(0, len);
  } else {
    application = new Uint32Array(len);
    examiner = new Uint32Array(len);
    item = new Uint8Array(len);
    percent = new Float64Array(len);
  }
  let lastApp: unknown = undefined;
  let lastAppIdx = 0;
  let lastEx: unknown = undefined;
  let lastExIdx = 0;
  for (let k = 0; k < len; k++) {
    const r = list[k]!;
    const a = r.applicationId;
    if (a !== lastApp) {
      let i = appIndex.get(a);
      if (i === undefined) {
        if (typeof a !== 'string') throw badId('applicationId', k, a);
        i = appIds.length;
        appIndex.set(a, i);
        appIds.push(a);
      }
      lastApp = a;
      lastAppIdx = i;
    }
    const e = r.examinerId;
    if (e !== lastEx) {
      let i = exIndex.get(e);
      if (i === undefined) {
        if (typeof e !== 'string') throw badId('examinerId', k, e);
        i = exIds.length;
        exIndex.set(e, i);
        exIds.push(e);
      }
      lastEx = e;
      lastExIdx = i;
    }
    const t = CANONICAL_ITEM.get(r.itemId);
    if (t === undefined) throw unknownItem(r.itemId);
    application[k] = lastAppIdx;
    examiner[k] = lastExIdx;
    item[k] = t;
    // A non-number becomes NaN and is rejected by the core with the record's ids.
    const p = r.percent;
    percent[k] = typeof p === 'number' ? p : Number.NaN;
  }
  const out: Interned = {
    scores: { applicationIds: appIds, examinerIds: exIds, itemIds: ITEM_IDS, application, examiner, item, percent },
  };
  if (input.recusals && input.recusals.length) {
    const ra: number[] = [];
    const re: number[] = [];
    for (const r of input.recusals) {
      const a = appIndex.get(r.applicationId);
      const e = exIndex.get(r.examinerId);
      // A recusal for an application or examiner without scores changes nothing.
      if (a === undefined || e === undefined) continue;
      ra.push(a);
      re.push(e);
    }
    out.recusals = { application: Uint32Array.from(ra), examiner: Uint32Array.from(re) };
  }
  if (input.consensus && input.consensus.length) {
    const n = input.consensus.length;
    const ca = new Uint32Array(n);
    const ct = new Uint8Array(n);
    const cp = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const c = input.consensus[r]!;
      let a = appIndex.get(c.applicationId);
      if (a === undefined) {
        if (typeof c.applicationId !== 'string') throw badId('applicationId', r, c.applicationId);
        a = appIds.length;
        appIndex.set(c.applicationId, a);
        appIds.push(c.applicationId);
      }
      const t = CANONICAL_ITEM.get(c.itemId);
      if (t === undefined) throw unknownItem(c.itemId);
      ca[r] = a;
      ct[r] = t;
      cp[r] = typeof c.percent === 'number' ? c.percent : Number.NaN;
    }
    out.consensus = { application: ca, item: ct, percent: cp };
  }
  return out;
}

function badId(field: string, row: number, value: unknown): ScoringError {
  return new ScoringError('invalidId', {
    zh: `第 ${row + 1} 条记录的 ${field} 必须是字符串，收到的是 ${show(value)}。`,
    en: `Record #${row + 1}: ${field} must be a string; got ${show(value)}.`,
  });
}

/**
 * Scores a cycle: aggregates each item over the panel (recused examiners excluded), applies the
 * weight set, sums categories and totals, ranks (competition ranking on totals rounded to 0.01)
 * and flags disagreement. Throws a RangeError ({@link ScoringError}) for a percentage that is not
 * 0–100 in steps of 5, an unknown item, a duplicate score, or an invalid weight set.
 */
export function scoreCycle(input: CycleInput): CycleResult {
  const col = intern(input, true);
  const r = scoreCycleColumnar({
    weights: input.weights,
    method: input.method,
    fallback: input.fallback,
    proportion: input.proportion,
    flagThreshold: input.flagThreshold,
    scores: col.scores,
    recusals: col.recusals,
    consensus: col.consensus,
  });
  const excluded = new Map<number, string[]>();
  if (col.recusals) {
    for (let i = 0; i < col.recusals.application.length; i++) {
      const a = col.recusals.application[i]!;
      const list = excluded.get(a) ?? [];
      const exId = col.scores.examinerIds[col.recusals.examiner[i]!]!;
      if (!list.includes(exId)) list.push(exId);
      excluded.set(a, list);
    }
  }
  return materialise(r, excluded);
}

/** Object view of a columnar result (the shape {@link scoreCycle} returns). */
export function materialise(r: ColumnarCycleResult, excluded?: Map<number, string[]>): CycleResult {
  const applications: ApplicationResult[] = [];
  const agenda: AgendaEntry[] = [];
  const { applicationIds, order, n, source, flagged, sd, range, category, total, rank, complete } = r;
  const nApps = applicationIds.length;
  for (let i = 0; i < nApps; i++) {
    const a = order[i]!;
    const id = applicationIds[a]!;
    const missingItems: string[] = [];
    const insufficientItems: string[] = [];
    const flaggedItems: string[] = [];
    const base = a * NI;
    for (let t = 0; t < NI; t++) {
      const c = base + t;
      const src = source[c]!;
      if (src === SRC_MISSING) missingItems.push(ITEM_IDS[t]!);
      else if (src === SRC_INSUFFICIENT) insufficientItems.push(ITEM_IDS[t]!);
      if (flagged[c] === 1) {
        flaggedItems.push(ITEM_IDS[t]!);
        agenda.push({ applicationId: id, itemId: ITEM_IDS[t]!, range: range[c]!, sd: sd[c]!, n: n[c]! });
      }
    }
    const categories: Record<string, number> = {};
    for (let g = 0; g < NC; g++) categories[CATEGORY_IDS[g]!] = category[a * NC + g]!;
    const app = {
      id,
      total: total[a]!,
      rank: rank[a]!,
      categories,
      items: undefined as unknown as Record<string, ItemResult>,
      complete: complete[a] === 1,
      missingItems,
      insufficientItems,
      flaggedItems,
      excludedExaminers: excluded?.get(a) ?? [],
    };
    defineLazyItems(app, r, a);
    applications.push(app);
  }
  return {
    weightSetId: r.weightSetId,
    method: r.method,
    fallback: r.fallback,
    proportion: r.proportion,
    flagThreshold: r.flagThreshold,
    applications,
    agenda,
    recusedScores: r.recusedScores,
  };
}

/**
 * `items` of one application, built from the columnar result on first read and then kept as an
 * ordinary data property. At province scale the 23 item objects per application are most of the
 * allocation work of `scoreCycle`, and most callers read only a few applications' items. The
 * property is own and enumerable, so JSON, structured clone, spreading and deep equality see it
 * like any other.
 */
function defineLazyItems(app: { items: Record<string, ItemResult> }, r: ColumnarCycleResult, a: number): void {
  Object.defineProperty(app, 'items', {
    enumerable: true,
    configurable: true,
    get(this: { items: Record<string, ItemResult> }) {
      const value = buildItems(r, a);
      Object.defineProperty(this, 'items', { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
    set(this: { items: Record<string, ItemResult> }, value: Record<string, ItemResult>) {
      Object.defineProperty(this, 'items', { value, enumerable: true, writable: true, configurable: true });
    },
  });
}

function buildItems(r: ColumnarCycleResult, a: number): Record<string, ItemResult> {
  const { n, percent, score, source, flagged, sd, range, iqr } = r;
  const items: Record<string, ItemResult> = {};
  const base = a * NI;
  for (let t = 0; t < NI; t++) {
    const c = base + t;
    const m = n[c]!;
    const pct = percent[c]!;
    const present = pct === pct;
    items[ITEM_IDS[t]!] = {
      percent: present ? pct : null,
      score: present ? score[c]! : null,
      n: m,
      sd: m > 0 ? sd[c]! : null,
      range: m > 0 ? range[c]! : null,
      iqr: m > 0 ? iqr[c]! : null,
      flagged: flagged[c] === 1,
      source: SOURCES[source[c]!]!,
    };
  }
  return items;
}
