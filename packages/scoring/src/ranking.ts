import { ScoringError, show } from './errors.ts';

/**
 * A total rounded to 0.01 points, as an integer number of hundredths. Noise below 1e-6 points is
 * removed first, so float noise (e.g. 812.4549999999 vs 812.455) can never split or merge a tie;
 * halves round up.
 */
export function totalKey(total: number): number {
  return Math.round(Math.round(total * 1e6) / 1e4);
}

/** A total rounded to 0.01 points (see {@link totalKey}). */
export function roundTotal(total: number): number {
  return totalKey(total) / 100;
}

export interface RankEntry {
  id: string;
  total: number;
  /** Number of Art. 2 priority areas (0–5); used only when the tie-break is declared. */
  priorityAreas?: number;
}

export interface RankOptions {
  /**
   * Declared tie-break among equal rounded totals: 'priorityAreas' ranks the candidate with more
   * Art. 2 priority areas higher. Default 'none': equal totals share a rank.
   */
  tieBreak?: 'none' | 'priorityAreas';
}

export type Ranked<T extends RankEntry> = T & { rank: number };

/**
 * Standard competition ranking (1, 2, 2, 4) on totals rounded to 0.01, best first. Entries that
 * share a rank are listed by id, so the result never depends on input order. Throws a RangeError
 * for a non-finite total or a duplicate id.
 */
export function rankTotals<T extends RankEntry>(entries: readonly T[], options?: RankOptions): Ranked<T>[] {
  const tieBreak = options?.tieBreak ?? 'none';
  const seen = new Set<string>();
  const keyed = entries.map((e) => {
    if (typeof e.total !== 'number' || !Number.isFinite(e.total)) {
      throw new ScoringError('invalidTotal', {
        zh: `候选 ${show(e.id)} 的总分不是有限数字：${show(e.total)}。`,
        en: `Candidate ${show(e.id)} has a total that is not a finite number: ${show(e.total)}.`,
      });
    }
    if (seen.has(e.id)) {
      throw new ScoringError('duplicateId', {
        zh: `候选编号 ${show(e.id)} 重复出现。`,
        en: `Candidate id ${show(e.id)} appears more than once.`,
      });
    }
    seen.add(e.id);
    const pa = tieBreak === 'priorityAreas' ? priorityCount(e) : 0;
    return { e, key: totalKey(e.total), pa };
  });
  keyed.sort((a, b) => b.key - a.key || b.pa - a.pa || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  const out: Ranked<T>[] = [];
  let rank = 0;
  for (let i = 0; i < keyed.length; i++) {
    const k = keyed[i]!;
    const prev = keyed[i - 1];
    if (!prev || prev.key !== k.key || prev.pa !== k.pa) rank = i + 1;
    out.push({ ...k.e, rank });
  }
  return out;
}

function priorityCount(e: RankEntry): number {
  const pa = e.priorityAreas ?? 0;
  if (!Number.isInteger(pa) || pa < 0) {
    throw new ScoringError('invalidPriorityAreas', {
      zh: `候选 ${show(e.id)} 的优先领域数量必须是非负整数，收到的是 ${show(pa)}。`,
      en: `Candidate ${show(e.id)}: the number of priority areas must be a non-negative integer; got ${show(pa)}.`,
    });
  }
  return pa;
}
