import { CATEGORY_IDS, ITEM_IDS, categoryOf, type LocalizedText } from './criteria.ts';
import { ScoringError, show } from './errors.ts';
import { createRng } from './random.ts';
import { rankTotals, roundTotal, totalKey } from './ranking.ts';
import { assertValidWeightSet, categoryTotals, type WeightSet } from './weights.ts';

/** What re-scoring needs of a scored application: aggregated percentages per item. */
export interface ScoredApplication {
  id: string;
  rank: number;
  total: number;
  items: Record<string, { percent: number | null }>;
}

export interface RescoredApplication {
  id: string;
  baseTotal: number;
  baseRank: number;
  total: number;
  rank: number;
  categories: Record<string, number>;
  /** baseRank − rank: positive = moved up, negative = moved down. */
  rankChange: number;
}

export interface RescoreResult {
  weightSetId: string;
  /** Best first under the new weight set. */
  applications: RescoredApplication[];
}

/**
 * Re-scores a scored cycle under another weight set. Aggregated percentages do not depend on
 * weights, so this is exactly what {@link scoreCycle} would give with `weights`, plus each
 * candidate's rank change. Missing items stay missing (they add nothing).
 */
export function rescoreCycle(cycle: { applications: readonly ScoredApplication[] }, weights: WeightSet): RescoreResult {
  assertValidWeightSet(weights);
  const rows = cycle.applications.map((a) => {
    const categories: Record<string, number> = {};
    for (const c of CATEGORY_IDS) categories[c] = 0;
    let total = 0;
    for (const itemId of ITEM_IDS) {
      const p = a.items[itemId]?.percent;
      if (p == null) continue;
      const s = (weights.points[itemId]! * p) / 100;
      total += s;
      const c = categoryOf(itemId)!;
      categories[c] = categories[c]! + s;
    }
    return { id: a.id, total, categories, baseTotal: a.total, baseRank: a.rank };
  });
  const ranked = rankTotals(rows);
  return {
    weightSetId: weights.id,
    applications: ranked.map((r) => ({
      id: r.id,
      baseTotal: r.baseTotal,
      baseRank: r.baseRank,
      total: r.total,
      rank: r.rank,
      categories: r.categories,
      rankChange: r.baseRank - r.rank,
    })),
  };
}

/** A candidate's category scores, computed under the base weight set. */
export interface CategoryScores {
  id: string;
  categories: Record<string, number>;
}

export interface RankAcceptabilityOptions {
  /** Weight set the category scores were computed with; sampling is centred on it. */
  base: WeightSet;
  /** Number of sampled weight sets (default 10,000). */
  samples?: number;
  /**
   * Dirichlet concentration κ: category shares are drawn from Dirichlet(κ · baseShare). Larger
   * κ keeps samples closer to the base (default 100).
   */
  concentration?: number;
  /** PRNG seed: the same seed gives the same result (default 1). */
  seed?: number;
  /** Selection cap (default 5). */
  cap?: number;
  /** Minimum total for selection (default 0). */
  minTotal?: number;
  /**
   * Count only the top R ranks (default: all). With R below the number of candidates the
   * analysis runs over the plausible contenders only — those not outranked by at least R others
   * under every sampled weight set — so its cost grows with the contenders, not with n²; the
   * counts of ranks 1…R and the selection probabilities stay exact, and a mean rank is given
   * where the candidate stayed within the top R in every sample. Never below `cap`.
   */
  ranks?: number;
}

export interface RankAcceptability {
  id: string;
  /** Rank under the base weight set. */
  baseRank: number;
  /** rankProbabilities[r − 1] = share of samples in which the candidate has rank r (r ≤ the ranks counted). */
  rankProbabilities: number[];
  /** Share of samples in which the candidate is selected (whole tie group fits within the cap, total ≥ minTotal). */
  selectionProbability: number;
  /**
   * Mean rank over the samples; null only when fewer ranks than candidates are counted and the
   * candidate fell below the top `ranks` in some sample (its rank there is not computed).
   */
  meanRank: number | null;
}

export interface RankAcceptabilityResult {
  samples: number;
  concentration: number;
  seed: number;
  cap: number;
  minTotal: number;
  /** Ranks counted (R): the length of every `rankProbabilities`. */
  ranks: number;
  /** Candidates that can reach the top R under the sampled weights (all of them when R ≥ n). */
  contenders: number;
  candidates: RankAcceptability[];
}

function baseCategoryPoints(base: WeightSet): Float64Array {
  const totals = categoryTotals(base);
  return Float64Array.from(CATEGORY_IDS, (c) => totals[c]!);
}

/** Candidate × category matrix of achieved shares (category score ÷ category points). */
function shareMatrix(candidates: readonly CategoryScores[], catPoints: Float64Array): Float64Array {
  const nc = CATEGORY_IDS.length;
  const F = new Float64Array(candidates.length * nc);
  candidates.forEach((cand, i) => {
    for (let g = 0; g < nc; g++) {
      const v = cand.categories[CATEGORY_IDS[g]!] ?? 0;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ScoringError('invalidCategoryScore', {
          zh: `候选 ${show(cand.id)} 的类目 ${CATEGORY_IDS[g]} 得分不是有限数字：${show(v)}。`,
          en: `Candidate ${show(cand.id)}: the score of category ${CATEGORY_IDS[g]} is not a finite number: ${show(v)}.`,
        });
      }
      F[i * nc + g] = catPoints[g]! > 0 ? v / catPoints[g]! : 0;
    }
  });
  return F;
}

/**
 * Rank acceptability analysis (SMAA-style, Lahdelma & Salminen): samples category weights around
 * the base weight set — category shares ~ Dirichlet(κ · base shares), via Gamma draws; items keep
 * their proportions within a category — and reports each candidate's probability of each rank and
 * of being selected within the cap. Seeded, so results reproduce.
 */
export function rankAcceptability(candidates: readonly CategoryScores[], options: RankAcceptabilityOptions): RankAcceptabilityResult {
  assertValidWeightSet(options.base);
  const samples = options.samples ?? 10_000;
  const concentration = options.concentration ?? 100;
  const seed = options.seed ?? 1;
  const cap = options.cap ?? 5;
  const minTotal = options.minTotal ?? 0;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new ScoringError('invalidSamples', {
      zh: `抽样次数必须是正整数，收到的是 ${show(samples)}。`,
      en: `The number of samples must be a positive integer; got ${show(samples)}.`,
    });
  }
  if (!(typeof concentration === 'number' && concentration > 0 && Number.isFinite(concentration))) {
    throw new ScoringError('invalidConcentration', {
      zh: `集中度参数必须是正数，收到的是 ${show(concentration)}。`,
      en: `The concentration must be a positive number; got ${show(concentration)}.`,
    });
  }
  if (!Number.isInteger(cap) || cap < 0) {
    throw new ScoringError('invalidCap', {
      zh: `名额上限必须是非负整数，收到的是 ${show(cap)}。`,
      en: `The cap must be a non-negative integer; got ${show(cap)}.`,
    });
  }
  if (options.ranks !== undefined && !(Number.isInteger(options.ranks) && options.ranks >= 1)) {
    throw new ScoringError('invalidRanks', {
      zh: `统计的名次数必须是正整数，收到的是 ${show(options.ranks)}。`,
      en: `The number of ranks counted must be a positive integer; got ${show(options.ranks)}.`,
    });
  }
  const n = candidates.length;
  const nc = CATEGORY_IDS.length;
  const R = Math.min(n, Math.max(options.ranks ?? n, cap));
  const catPoints = baseCategoryPoints(options.base);
  let W = 0;
  for (let g = 0; g < nc; g++) W += catPoints[g]!;
  const F = shareMatrix(candidates, catPoints);
  const alpha = Float64Array.from(catPoints, (p) => (concentration * p) / W);
  const baseTotals = candidates.map((c, i) => {
    let t = 0;
    for (let g = 0; g < nc; g++) t += F[i * nc + g]! * catPoints[g]!;
    return { id: c.id, total: t };
  });
  const baseRanked = rankTotals(baseTotals);
  const baseRank = new Map(baseRanked.map((r) => [r.id, r.rank]));

  // The sampled weight sets (category points), drawn first so the contenders can be bounded.
  const rng = createRng(seed);
  const w = new Float64Array(nc);
  const weights = new Float64Array(samples * nc);
  const lo = new Float64Array(nc).fill(Infinity);
  const hi = new Float64Array(nc).fill(-Infinity);
  for (let s = 0; s < samples; s++) {
    rng.dirichlet(alpha, w);
    for (let g = 0; g < nc; g++) {
      const x = w[g]! * W;
      weights[s * nc + g] = x;
      if (x < lo[g]!) lo[g] = x;
      if (x > hi[g]!) hi[g] = x;
    }
  }
  const contender = contendersOf(F, n, nc, R, W, lo, hi);
  const m = contender.length;

  const packed = new Float64Array(m);
  const rankCounts = new Uint32Array(m * R);
  const selectedCounts = new Uint32Array(m);
  const rankSum = new Float64Array(m);
  const beyond = new Uint8Array(m);
  const minKey = totalKey(minTotal);
  for (let s = 0; s < samples; s++) {
    const ws = s * nc;
    for (let q = 0; q < m; q++) {
      const row = contender[q]! * nc;
      let t = 0;
      for (let g = 0; g < nc; g++) t += F[row + g]! * weights[ws + g]!;
      // Pack the rounded total (hundredths) and the index into one double: one native sort.
      packed[q] = totalKey(t) * m + q;
    }
    packed.sort();
    // Walk from the best (largest) down, in tie groups of equal keys. Every candidate above a
    // contender ranked ≤ R is a contender itself, so ranks 1…R are exact here.
    let pos = 0;
    let hiQ = m - 1;
    while (hiQ >= 0) {
      const key = Math.floor(packed[hiQ]! / m);
      let loQ = hiQ;
      while (loQ > 0 && Math.floor(packed[loQ - 1]! / m) === key) loQ--;
      const size = hiQ - loQ + 1;
      const rank = pos + 1;
      const selected = pos + size <= cap && key >= minKey;
      for (let q = loQ; q <= hiQ; q++) {
        const i = packed[q]! - key * m;
        if (rank <= R) {
          rankCounts[i * R + rank - 1]!++;
          rankSum[i]! += rank;
        } else beyond[i] = 1;
        if (selected) selectedCounts[i]!++;
      }
      pos += size;
      hiQ = loQ - 1;
    }
  }
  const slot = new Int32Array(n).fill(-1);
  contender.forEach((i, q) => (slot[i] = q));
  const result: RankAcceptability[] = candidates.map((c, i) => {
    const q = slot[i]!;
    const probs: number[] = Array.from({ length: R }, () => 0);
    if (q < 0) return { id: c.id, baseRank: baseRank.get(c.id)!, rankProbabilities: probs, selectionProbability: 0, meanRank: null };
    for (let r = 0; r < R; r++) probs[r] = rankCounts[q * R + r]! / samples;
    return {
      id: c.id,
      baseRank: baseRank.get(c.id)!,
      rankProbabilities: probs,
      selectionProbability: selectedCounts[q]! / samples,
      meanRank: beyond[q] ? null : rankSum[q]! / samples,
    };
  });
  result.sort((a, b) => a.baseRank - b.baseRank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { samples, concentration, seed, cap, minTotal, ranks: R, contenders: m, candidates: result };
}

/** Safety margin (points) on the bounds: well above floating-point error, above the 0.01 rounding of totals. */
const BOUND_MARGIN = 0.05;

/**
 * Indices of the candidates that may reach the top R: a candidate is left out when at least R
 * others score more than it under every weight set with lo ≤ w ≤ hi and Σw = W (a superset of the
 * samples), by comparing its highest possible total with the others' lowest. All when R ≥ n.
 */
function contendersOf(F: Float64Array, n: number, nc: number, R: number, W: number, lo: Float64Array, hi: Float64Array): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (R >= n) return all;
  let base = 0;
  for (let g = 0; g < nc; g++) base += lo[g]!;
  const spare = W - base;
  const order = Array.from({ length: nc }, (_, g) => g);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * nc;
    let fixed = 0;
    for (let g = 0; g < nc; g++) fixed += F[row + g]! * lo[g]!;
    // Greedy over the box: the spare weight goes to the best (for the upper bound) or worst categories first.
    order.sort((a, b) => F[row + b]! - F[row + a]!);
    let up = fixed;
    let left = spare;
    for (const g of order) {
      const take = Math.min(hi[g]! - lo[g]!, left);
      up += F[row + g]! * take;
      left -= take;
    }
    let down = fixed;
    left = spare;
    for (let k = nc - 1; k >= 0; k--) {
      const g = order[k]!;
      const take = Math.min(hi[g]! - lo[g]!, left);
      down += F[row + g]! * take;
      left -= take;
    }
    upper[i] = up;
    lower[i] = down;
  }
  const sortedLower = Float64Array.from(lower).sort();
  // The R-th highest lowest total: a candidate whose best stays below it has ≥ R candidates above it always.
  const line = sortedLower[n - R]!;
  return all.filter((i) => upper[i]! + BOUND_MARGIN >= line);
}

export interface FlipChange {
  /** Signed change of the category's points at which the challenger ties for first place. */
  delta: number;
  /** The category's points at that change (base + delta). */
  points: number;
  /** The candidate who reaches first place there. */
  challenger: string;
}

export interface FlipPoint {
  categoryId: string;
  basePoints: number;
  /** Base leader(s) (more than one when first place is shared already). */
  leaders: string[];
  increase: FlipChange | null;
  decrease: FlipChange | null;
  /** The smaller of the two changes (by absolute size), or null when none exists. */
  smallest: FlipChange | null;
  note: LocalizedText;
}

/**
 * For each category: the smallest change of its points that changes who ranks first. The change
 * is redistributed over the other categories in proportion to their points so the total stays
 * the same (items keep their proportions within each category). Totals are linear in the change,
 * so the answer is exact: the first crossing of the leader's line by another candidate's line
 * within the feasible range (no category below 0). Says so when no flip exists there.
 */
export function flipPoints(candidates: readonly CategoryScores[], base: WeightSet): FlipPoint[] {
  assertValidWeightSet(base);
  const nc = CATEGORY_IDS.length;
  const catPoints = baseCategoryPoints(base);
  let W = 0;
  for (let g = 0; g < nc; g++) W += catPoints[g]!;
  const F = shareMatrix(candidates, catPoints);
  const n = candidates.length;
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let g = 0; g < nc; g++) T[i]! += F[i * nc + g]! * catPoints[g]!;
  let bestKey = -Infinity;
  for (let i = 0; i < n; i++) bestKey = Math.max(bestKey, totalKey(T[i]!));
  const leaderIdx: number[] = [];
  for (let i = 0; i < n; i++) if (totalKey(T[i]!) === bestKey) leaderIdx.push(i);
  const leaders = leaderIdx.map((i) => candidates[i]!.id).sort();

  return CATEGORY_IDS.map((categoryId, g) => {
    const b = catPoints[g]!;
    const R = W - b;
    const base = { categoryId, basePoints: b, leaders };
    if (n < 2) {
      return { ...base, increase: null, decrease: null, smallest: null, note: msg.tooFew() };
    }
    if (leaderIdx.length > 1) {
      return { ...base, increase: null, decrease: null, smallest: null, note: msg.tiedAtBase(leaders) };
    }
    if (b <= 0 || R <= 0) {
      return { ...base, increase: null, decrease: null, smallest: null, note: msg.notApplicable(categoryId, b) };
    }
    const slope = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const own = F[i * nc + g]! * b;
      slope[i] = F[i * nc + g]! - (T[i]! - own) / R;
    }
    const l = leaderIdx[0]!;
    let inc: FlipChange | null = null;
    let incSlope = 0;
    let dec: FlipChange | null = null;
    let decSlope = 0;
    for (let j = 0; j < n; j++) {
      if (j === l) continue;
      const ds = slope[j]! - slope[l]!;
      const gap = T[l]! - T[j]!;
      if (ds > 0) {
        const d = gap / ds;
        if (d <= R && (!inc || d < inc.delta || (d === inc.delta && slope[j]! > incSlope))) {
          inc = { delta: d, points: b + d, challenger: candidates[j]!.id };
          incSlope = slope[j]!;
        }
      } else if (ds < 0) {
        const d = gap / -ds;
        if (d <= b && (!dec || -d > dec.delta || (-d === dec.delta && slope[j]! < decSlope))) {
          dec = { delta: -d, points: b - d, challenger: candidates[j]!.id };
          decSlope = slope[j]!;
        }
      }
    }
    const smallest = inc && dec ? (inc.delta <= -dec.delta ? inc : dec) : (inc ?? dec);
    return {
      ...base,
      increase: inc,
      decrease: dec,
      smallest,
      note: smallest ? msg.flip(categoryId, b, smallest) : msg.noFlip(categoryId, W),
    };
  });
}

const fmt = (x: number) => String(roundTotal(x));
const msg = {
  tooFew: (): LocalizedText => ({ zh: '至少需要两个候选才能比较排名第一。', en: 'At least two candidates are needed to compare first place.' }),
  tiedAtBase: (ids: string[]): LocalizedText => ({
    zh: `基准权重下已有并列第一（${ids.join('、')}），任何区分他们的调整都会改变第一名。`,
    en: `First place is already shared at the base weights (${ids.join(', ')}); any change that separates them changes who ranks first.`,
  }),
  notApplicable: (c: string, b: number): LocalizedText => ({
    zh: `类目 ${c} 的分值为 ${b}，无法按比例在其他类目之间重新分配。`,
    en: `Category ${c} has ${b} points; the change cannot be redistributed proportionally over the other categories.`,
  }),
  flip: (c: string, b: number, f: FlipChange): LocalizedText => ({
    zh: `类目 ${c} 的分值从 ${b} ${f.delta >= 0 ? '增加' : '减少'} ${fmt(Math.abs(f.delta))} 分（至 ${fmt(f.points)}）时，${f.challenger} 与第一名持平；变化按比例由其他类目承担。`,
    en: `Changing category ${c} from ${b} by ${f.delta >= 0 ? '+' : '−'}${fmt(Math.abs(f.delta))} points (to ${fmt(f.points)}) lets ${f.challenger} tie for first place; the other categories absorb the change proportionally.`,
  }),
  noFlip: (c: string, W: number): LocalizedText => ({
    zh: `在可行范围内（类目 ${c} 分值 0–${W}）调整该类目分值都不会改变第一名。`,
    en: `No change of category ${c}'s points within the feasible range (0–${W}) changes who ranks first.`,
  }),
};
