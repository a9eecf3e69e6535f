import { ScoringError, show } from './errors.ts';

export interface IccResult {
  /** ICC(1,1): one-way random, single examiner. */
  icc1: number;
  /** ICC(2,1): two-way random, absolute agreement, single examiner. */
  icc2: number;
  /** ICC(3,1): two-way mixed, consistency, single examiner. */
  icc3: number;
  /** ICC(1,k): one-way random, mean of k examiners. */
  icc1k: number;
  /** ICC(2,k): two-way random, mean of k examiners. */
  icc2k: number;
  /** ICC(3,k): two-way mixed, mean of k examiners. */
  icc3k: number;
}

/**
 * Reading of a reliability coefficient after Koo & Li (2016): below `moderate` poor, from
 * `moderate` to below `good` moderate, `good` or more good. The one definition of the bands: the
 * dashboard's label and the note printed under it both take them from here.
 */
export const ICC_READING = { moderate: 0.5, good: 0.75 } as const;

/** The coefficient the reading judges: ICC(2,k), the reliability of the group's mean score (what the ranking uses). */
export const ICC_READING_COEFFICIENT = 'icc2k' as const satisfies keyof IccResult;

export type IccReading = 'good' | 'moderate' | 'poor';

/** The band of an ICC value ({@link ICC_READING}); null for a missing or non-finite value. */
export function iccReading(value: number | null | undefined): IccReading | null {
  if (value == null || !Number.isFinite(value)) return null;
  if (value >= ICC_READING.good) return 'good';
  if (value >= ICC_READING.moderate) return 'moderate';
  return 'poor';
}

/** Checks a complete, rectangular candidates × examiners matrix of finite numbers. */
function checkMatrix(ratings: readonly (readonly number[])[], what: string): { n: number; k: number } {
  if (!Array.isArray(ratings) || ratings.length < 2) {
    throw new ScoringError('matrixTooSmall', {
      zh: `${what} 至少需要 2 个候选（行）。`,
      en: `${what} needs at least 2 candidates (rows).`,
    });
  }
  const k = Array.isArray(ratings[0]) ? ratings[0].length : 0;
  if (k < 2) {
    throw new ScoringError('matrixTooSmall', {
      zh: `${what} 至少需要 2 名评审员（列）。`,
      en: `${what} needs at least 2 examiners (columns).`,
    });
  }
  for (let i = 0; i < ratings.length; i++) {
    const row = ratings[i];
    if (!Array.isArray(row) || row.length !== k) {
      throw new ScoringError('matrixNotRectangular', {
        zh: `评分矩阵不完整：第 ${i + 1} 行有 ${Array.isArray(row) ? row.length : 0} 个分数，应为 ${k} 个（每位评审员对每个候选都要有分数）。`,
        en: `The ratings matrix is incomplete: row ${i + 1} has ${Array.isArray(row) ? row.length : 0} values, expected ${k} (every examiner must score every candidate).`,
      });
    }
    for (let j = 0; j < k; j++) {
      if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) {
        throw new ScoringError('matrixNotFinite', {
          zh: `评分矩阵第 ${i + 1} 行第 ${j + 1} 列不是有限数字：${show(row[j])}。`,
          en: `The ratings matrix has a non-finite value at row ${i + 1}, column ${j + 1}: ${show(row[j])}.`,
        });
      }
    }
  }
  return { n: ratings.length, k };
}

/**
 * Intraclass correlations after Shrout & Fleiss (1979), "Intraclass correlations: uses in
 * assessing rater reliability", Psychological Bulletin 86(2), 420–428, all six forms, from a
 * complete matrix with rows = candidates (targets) and columns = examiners (judges).
 * A form whose denominator is 0 (no variance at all) is NaN.
 */
export function icc(ratings: readonly (readonly number[])[]): IccResult {
  const { n, k } = checkMatrix(ratings, 'ICC');
  let grand = 0;
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const row = ratings[i]!;
    for (let j = 0; j < k; j++) {
      const x = row[j]!;
      rowMean[i]! += x;
      colMean[j]! += x;
      grand += x;
    }
  }
  grand /= n * k;
  for (let i = 0; i < n; i++) rowMean[i]! /= k;
  for (let j = 0; j < k; j++) colMean[j]! /= n;
  let ssRows = 0;
  let ssCols = 0;
  let ssTotal = 0;
  for (let i = 0; i < n; i++) ssRows += (rowMean[i]! - grand) ** 2;
  ssRows *= k;
  for (let j = 0; j < k; j++) ssCols += (colMean[j]! - grand) ** 2;
  ssCols *= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) ssTotal += (ratings[i]![j]! - grand) ** 2;
  const ssWithin = ssTotal - ssRows;
  const ssError = ssWithin - ssCols;
  const BMS = ssRows / (n - 1);
  const WMS = ssWithin / (n * (k - 1));
  const JMS = ssCols / (k - 1);
  const EMS = ssError / ((n - 1) * (k - 1));
  return {
    icc1: (BMS - WMS) / (BMS + (k - 1) * WMS),
    icc2: (BMS - EMS) / (BMS + (k - 1) * EMS + (k * (JMS - EMS)) / n),
    icc3: (BMS - EMS) / (BMS + (k - 1) * EMS),
    icc1k: (BMS - WMS) / BMS,
    icc2k: (BMS - EMS) / (BMS + (JMS - EMS) / n),
    icc3k: (BMS - EMS) / BMS,
  };
}

/** Mid-ranks (average rank for ties, 1 = smallest) of `values`; also Σ(t³ − t) over tie groups. */
export function midRanks(values: readonly number[]): { ranks: number[]; tieSum: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks: number[] = Array.from({ length: n }, () => 0);
  let tieSum = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && values[order[j]!] === values[order[i]!]) j++;
    const t = j - i;
    const r = (i + 1 + j) / 2;
    for (let q = i; q < j; q++) ranks[order[q]!] = r;
    if (t > 1) tieSum += t * t * t - t;
    i = j;
  }
  return { ranks, tieSum };
}

/**
 * Kendall's coefficient of concordance W with the tie correction
 * W = 12·S / (m²(n³ − n) − m·ΣT), T = Σ(t³ − t) per examiner (Kendall & Babington Smith 1939;
 * Siegel & Castellan 1988, §9.4). Rows = candidates (n), columns = examiners (m); each examiner's
 * scores are ranked across candidates with mid-ranks for ties. NaN when every examiner gives
 * every candidate the same score (no ranking at all).
 */
export function kendallW(ratings: readonly (readonly number[])[]): number {
  const { n, k: m } = checkMatrix(ratings, "Kendall's W");
  const rankSums = new Float64Array(n);
  let tieTotal = 0;
  const column: number[] = Array.from({ length: n }, () => 0);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) column[i] = ratings[i]![j]!;
    const { ranks, tieSum } = midRanks(column);
    for (let i = 0; i < n; i++) rankSums[i]! += ranks[i]!;
    tieTotal += tieSum;
  }
  const meanSum = (m * (n + 1)) / 2;
  let S = 0;
  for (let i = 0; i < n; i++) S += (rankSums[i]! - meanSum) ** 2;
  const denom = m * m * (n * n * n - n) - m * tieTotal;
  return denom === 0 ? Number.NaN : (12 * S) / denom;
}

export interface ExaminerScore {
  applicationId: string;
  examinerId: string;
  itemId: string;
  percent: number;
}

export interface Recusal {
  applicationId: string;
  examinerId: string;
}

export interface ExaminerLeniency {
  examinerId: string;
  /** Scores of this examiner that could be compared with at least one other examiner. */
  n: number;
  /** Mean of (own percent − mean of the other examiners on the same application and item). */
  meanDeviation: number;
  /** Examiner's own mean and SD of percentages (all counted scores). */
  mean: number;
  sd: number;
  /** 'lenient' above +threshold, 'severe' below −threshold, else 'typical'. */
  tendency: 'lenient' | 'severe' | 'typical';
}

export interface LeniencyOptions {
  recusals?: readonly Recusal[];
  /** Mean deviation (percentage points) beyond which an examiner is labelled (default 5). */
  threshold?: number;
}

function recusalKeys(recusals: readonly Recusal[] | undefined): Set<string> {
  const s = new Set<string>();
  for (const r of recusals ?? []) s.add(`${r.applicationId}\u0000${r.examinerId}`);
  return s;
}

/**
 * Each examiner's leniency (positive) or severity (negative): the mean deviation of their
 * percentages from the other examiners scoring the same application and item (leave-one-out, so
 * an examiner is not compared with themselves). Recused scores never count. A diagnostic only.
 */
export function examinerLeniency(scores: readonly ExaminerScore[], options?: LeniencyOptions): ExaminerLeniency[] {
  const threshold = options?.threshold ?? 5;
  const recused = recusalKeys(options?.recusals);
  const cells = new Map<string, { sum: number; n: number }>();
  const counted: ExaminerScore[] = [];
  // Each counted score's cell (application × item), found once: no second key per score.
  const cellOf: { sum: number; n: number }[] = [];
  for (const s of scores) {
    if (recused.size && recused.has(`${s.applicationId}\u0000${s.examinerId}`)) continue;
    counted.push(s);
    const key = `${s.applicationId}\u0000${s.itemId}`;
    let c = cells.get(key);
    if (c) {
      c.sum += s.percent;
      c.n++;
    } else cells.set(key, (c = { sum: s.percent, n: 1 }));
    cellOf.push(c);
  }
  const byExaminer = new Map<string, { devSum: number; devN: number; sum: number; sumSq: number; n: number }>();
  for (let k = 0; k < counted.length; k++) {
    const s = counted[k]!;
    const c = cellOf[k]!;
    let e = byExaminer.get(s.examinerId);
    if (!e) byExaminer.set(s.examinerId, (e = { devSum: 0, devN: 0, sum: 0, sumSq: 0, n: 0 }));
    e.sum += s.percent;
    e.sumSq += s.percent * s.percent;
    e.n++;
    if (c.n > 1) {
      e.devSum += s.percent - (c.sum - s.percent) / (c.n - 1);
      e.devN++;
    }
  }
  const out: ExaminerLeniency[] = [];
  for (const [examinerId, e] of byExaminer) {
    const mean = e.sum / e.n;
    const sd = e.n > 1 ? Math.sqrt(Math.max(0, (e.sumSq - e.n * mean * mean) / (e.n - 1))) : 0;
    const meanDeviation = e.devN > 0 ? e.devSum / e.devN : 0;
    out.push({
      examinerId,
      n: e.devN,
      meanDeviation,
      mean,
      sd,
      tendency: meanDeviation > threshold ? 'lenient' : meanDeviation < -threshold ? 'severe' : 'typical',
    });
  }
  return out.sort((a, b) => b.meanDeviation - a.meanDeviation || (a.examinerId < b.examinerId ? -1 : 1));
}

export interface NormalisedScore extends ExaminerScore {
  /** (percent − examiner mean) / examiner SD; null when the examiner's SD is 0. */
  z: number | null;
  /** z mapped back onto the panel's scale (panel mean + z × panel SD); null when z is null. */
  normalisedPercent: number | null;
}

/**
 * z-score normalisation per examiner, shown beside the raw percentages as a diagnostic. It is
 * never applied to official scores: {@link scoreCycle} always uses raw percentages.
 */
export function zScoreNormalise(scores: readonly ExaminerScore[], options?: { recusals?: readonly Recusal[] }): NormalisedScore[] {
  const recused = recusalKeys(options?.recusals);
  const stats = new Map<string, { sum: number; sumSq: number; n: number }>();
  let pSum = 0;
  let pSumSq = 0;
  let pN = 0;
  const counted = recused.size ? scores.filter((s) => !recused.has(`${s.applicationId}\u0000${s.examinerId}`)) : scores;
  for (const s of counted) {
    let e = stats.get(s.examinerId);
    if (!e) stats.set(s.examinerId, (e = { sum: 0, sumSq: 0, n: 0 }));
    e.sum += s.percent;
    e.sumSq += s.percent * s.percent;
    e.n++;
    pSum += s.percent;
    pSumSq += s.percent * s.percent;
    pN++;
  }
  const pMean = pN ? pSum / pN : 0;
  const pSd = pN > 1 ? Math.sqrt(Math.max(0, (pSumSq - pN * pMean * pMean) / (pN - 1))) : 0;
  return counted.map((s) => {
    const e = stats.get(s.examinerId)!;
    const mean = e.sum / e.n;
    const sd = e.n > 1 ? Math.sqrt(Math.max(0, (e.sumSq - e.n * mean * mean) / (e.n - 1))) : 0;
    const z = sd > 1e-12 ? (s.percent - mean) / sd : null;
    // The score's own fields, named (a spread of each of a million scores is several times slower).
    return {
      applicationId: s.applicationId,
      examinerId: s.examinerId,
      itemId: s.itemId,
      percent: s.percent,
      z,
      normalisedPercent: z === null ? null : pMean + z * pSd,
    };
  });
}
