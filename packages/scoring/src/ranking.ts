import type { LocalizedText } from './criteria.ts';
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

export interface SelectionEntry extends RankEntry {
  /** Ineligible, vetoed (Art. 12) or removed after a confirmed objection (Art. 21). */
  excluded?: { reason: LocalizedText | string };
}

export interface SelectionOptions extends RankOptions {
  /** At most this many candidates are selected (Art. 3: 5). */
  cap?: number;
  /** Nobody below this total is selected (configurable per cycle). Default 0. */
  minTotal?: number;
}

export type SelectionReasonCode = 'selected' | 'excluded' | 'belowMinTotal' | 'tieAtCap' | 'capReached';

export interface SelectionDecision {
  id: string;
  total: number;
  /** Rank among eligible candidates; null for an excluded candidate. */
  rank: number | null;
  selected: boolean;
  code: SelectionReasonCode;
  reason: LocalizedText;
}

export interface SelectionResult {
  cap: number;
  minTotal: number;
  tieBreak: 'none' | 'priorityAreas';
  /** Selected ids, best first. */
  selected: string[];
  /** Seats left empty (Art. 3: awards may stay vacant). */
  vacancies: number;
  /** One decision per input candidate: eligible ones by rank, then excluded ones by id. */
  decisions: SelectionDecision[];
  /**
   * Set when the cap boundary falls inside a tie: the tied candidates, the rank they share and
   * how many seats were left. None of them is selected; the committee must decide.
   */
  tieAtCap: { rank: number; ids: string[]; seatsLeft: number } | null;
}

/**
 * Proposes at most `cap` candidates (default 5) at or above `minTotal` (default 0). Excluded
 * candidates are never selected. A tie that straddles the cap is reported as `tieAtCap`, never
 * broken silently. Every candidate gets a reason in Chinese and English.
 */
export function selectCandidates(entries: readonly SelectionEntry[], options?: SelectionOptions): SelectionResult {
  const cap = options?.cap ?? 5;
  const minTotal = options?.minTotal ?? 0;
  const tieBreak = options?.tieBreak ?? 'none';
  if (!Number.isInteger(cap) || cap < 0) {
    throw new ScoringError('invalidCap', {
      zh: `名额上限必须是非负整数，收到的是 ${show(cap)}。`,
      en: `The cap must be a non-negative integer; got ${show(cap)}.`,
    });
  }
  if (typeof minTotal !== 'number' || !Number.isFinite(minTotal)) {
    throw new ScoringError('invalidMinTotal', {
      zh: `最低总分必须是有限数字，收到的是 ${show(minTotal)}。`,
      en: `The minimum total must be a finite number; got ${show(minTotal)}.`,
    });
  }
  const eligible = entries.filter((e) => !e.excluded);
  const excluded = entries.filter((e) => e.excluded).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ranked = rankTotals(eligible, { tieBreak });
  const minKey = totalKey(minTotal);
  const decisions: SelectionDecision[] = [];
  const selected: string[] = [];
  let tieAtCap: SelectionResult['tieAtCap'] = null;
  let closed = false;
  for (let i = 0; i < ranked.length; ) {
    let j = i;
    while (j < ranked.length && ranked[j]!.rank === ranked[i]!.rank) j++;
    const group = ranked.slice(i, j);
    const rank = ranked[i]!.rank;
    const seatsLeft = cap - selected.length;
    const below = totalKey(ranked[i]!.total) < minKey;
    const fits = !closed && !below && group.length <= seatsLeft;
    const straddles = !closed && !below && seatsLeft > 0 && group.length > seatsLeft;
    if (straddles) tieAtCap = { rank, ids: group.map((g) => g.id), seatsLeft };
    for (const g of group) {
      const total = roundTotal(g.total);
      if (fits) {
        selected.push(g.id);
        decisions.push({
          id: g.id,
          total: g.total,
          rank,
          selected: true,
          code: 'selected',
          reason: { zh: `排名第 ${rank}，总分 ${total}，在 ${cap} 个名额之内。`, en: `Rank ${rank}, total ${total}, within the ${cap} places.` },
        });
      } else if (below) {
        decisions.push({
          id: g.id,
          total: g.total,
          rank,
          selected: false,
          code: 'belowMinTotal',
          reason: { zh: `总分 ${total} 低于最低分 ${minTotal}。`, en: `Total ${total} is below the minimum of ${minTotal}.` },
        });
      } else if (straddles) {
        decisions.push({
          id: g.id,
          total: g.total,
          rank,
          selected: false,
          code: 'tieAtCap',
          reason: {
            zh: `与另外 ${group.length - 1} 个候选并列第 ${rank}，剩余名额只有 ${seatsLeft} 个，需评审委员会决定。`,
            en: `Tied at rank ${rank} with ${group.length - 1} other candidate(s) for ${seatsLeft} remaining place(s): the committee must decide.`,
          },
        });
      } else {
        decisions.push({
          id: g.id,
          total: g.total,
          rank,
          selected: false,
          code: 'capReached',
          reason: { zh: `排名第 ${rank}，${cap} 个名额已满。`, en: `Rank ${rank}: the ${cap} places are already filled.` },
        });
      }
    }
    if (straddles || (!fits && !below)) closed = true;
    if (fits && selected.length >= cap) closed = true;
    i = j;
  }
  for (const e of excluded) {
    const r = e.excluded!.reason;
    const why: LocalizedText = typeof r === 'string' ? { zh: r, en: r } : r;
    decisions.push({
      id: e.id,
      total: e.total,
      rank: null,
      selected: false,
      code: 'excluded',
      reason: { zh: `不参与推荐：${why.zh}`, en: `Not eligible for selection: ${why.en}` },
    });
  }
  return { cap, minTotal, tieBreak, selected, vacancies: cap - selected.length, decisions, tieAtCap };
}
