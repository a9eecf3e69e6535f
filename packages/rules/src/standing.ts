/**
 * The one selection function of the award (Art. 3, 10–12, 16, 19, 21): ranked totals and the
 * cycle's applications and settings → who is still in the running, their ranks, who is selected
 * under the cap and the minimum total, ties at the cap, and why everyone else is not.
 *
 * Every consumer (the API's results, the weight-tuning view before and after a change, the
 * committee pack, the results workbook) calls {@link selectCandidates}, so a candidate has one
 * rank per cycle everywhere: the standard competition rank among the candidates in the running.
 * Withdrawn, removed, ineligible, rejected and incompletely scored candidates hold no rank and
 * are listed apart with their article. The arithmetic of totals and ranks is @mqa/scoring's.
 */
import { rankTotals, roundTotal, totalKey } from '@mqa/scoring';
import { RulesInputError, type LocalizedText } from './i18n.ts';

/** Why a candidate is not in the running. */
export type ExclusionCode = 'withdrawn' | 'removed' | 'ineligible' | 'rejected' | 'incomplete';

export interface Exclusion {
  code: ExclusionCode;
  /** The articles of the measures that decide it (empty: none does, e.g. a withdrawal). */
  articles: readonly number[];
  message: LocalizedText;
}

/** What {@link exclusionOf} reads of an application. */
export interface CandidacyFacts {
  status: 'active' | 'withdrawn' | 'removed';
  eligibility: 'pending' | 'eligible' | 'ineligible';
  qualification: 'received' | 'supplement_requested' | 'qualified' | 'rejected';
  /** Art. 21: the recorded reason of a removal after a confirmed objection. */
  removedReason?: LocalizedText | null;
  /** Art. 10–12: the failed conditions of an ineligible application. */
  eligibilityFailures?: readonly { article: number | null; message: LocalizedText }[];
  /** Items without a countable score (scoring incomplete); 0 or absent: complete. */
  missingItems?: number;
}

/** `第10条、第12条` / `Art. 10, 12` (deduplicated, ascending). */
export function articlesText(articles: readonly number[]): LocalizedText {
  const list = [...new Set(articles)].sort((a, b) => a - b);
  return { zh: list.map((a) => `第${a}条`).join('、'), en: `Art. ${list.join(', ')}` };
}

/**
 * Why an application cannot be selected, or null when it is in the running: withdrawn; removed
 * after a confirmed objection (Art. 21, with its reason); ineligible (the failed articles of
 * Art. 10–12); rejected in the qualification review (Art. 16); incompletely scored.
 */
export function exclusionOf(app: CandidacyFacts): Exclusion | null {
  if (app.status === 'withdrawn') {
    return { code: 'withdrawn', articles: [], message: { zh: '申报已撤回。', en: 'The application was withdrawn.' } };
  }
  if (app.status === 'removed') {
    const why = app.removedReason;
    // A recorded reason that already cites Art. 21 is the message itself (not "…(Art. 21): …(Art. 21)");
    // an English reason holding Chinese (a finding typed in Chinese) is not mixed into English.
    const zh = !why?.zh
      ? '公示期间异议经调查属实，已取消授奖资格（第21条）。'
      : /第\s*(21|二十一)\s*条/.test(why.zh)
        ? why.zh
        : `公示期间异议经调查属实，已取消授奖资格（第21条）：${why.zh}`;
    const en =
      !why?.en || /[\u3400-\u9fff]/.test(why.en)
        ? `Removed after a confirmed objection (Art. 21)${why?.en ? '; the finding is recorded in Chinese.' : '.'}`
        : /Art\.\s*21/.test(why.en)
          ? why.en
          : `Removed after a confirmed objection (Art. 21): ${why.en}`;
    return { code: 'removed', articles: [21], message: { zh, en } };
  }
  if (app.eligibility === 'ineligible') {
    const failures = app.eligibilityFailures ?? [];
    const found = [...new Set(failures.map((f) => f.article).filter((a): a is number => a !== null))].sort((a, b) => a - b);
    const articles = found.length ? found : [10, 11, 12];
    const where = found.length ? articlesText(found) : { zh: '第10–12条', en: 'Art. 10–12' };
    const first = failures.slice(0, 3);
    const more = failures.length - first.length;
    return {
      code: 'ineligible',
      articles,
      message: {
        zh: `不符合申报条件（${where.zh}）${first.length ? `：${first.map((f) => f.message.zh).join('；')}${more ? `；另有 ${more} 项` : ''}` : '。'}`,
        en: `Not eligible (${where.en})${first.length ? `: ${first.map((f) => f.message.en).join('; ')}${more ? `; and ${more} more` : ''}` : '.'}`,
      },
    };
  }
  if (app.qualification === 'rejected') {
    return { code: 'rejected', articles: [16], message: { zh: '资格初审未通过（第16条）。', en: 'Rejected in the qualification review (Art. 16).' } };
  }
  const missing = app.missingItems ?? 0;
  if (missing > 0) {
    return {
      code: 'incomplete',
      articles: [],
      message: { zh: `评分不完整：${missing} 个条款没有分数。`, en: `Scores incomplete: ${missing} item(s) have no score.` },
    };
  }
  return null;
}

export interface SelectionEntry {
  id: string;
  total: number;
  /** Number of Art. 2 priority areas (0–5); read only under the 'priorityAreas' tie-break. */
  priorityAreas?: number;
  /** Not in the running (see {@link exclusionOf}); null or absent: in the running. */
  exclusion?: Exclusion | null;
}

export type TieBreak = 'none' | 'priorityAreas';

export interface SelectionOptions {
  /** At most this many candidates are selected (Art. 3: 5). */
  cap?: number;
  /** Nobody below this total is selected (configurable per cycle). Default 0. */
  minTotal?: number;
  /** Declared tie-break among equal totals (Art. 2: more priority areas first), or 'none'. */
  tieBreak?: TieBreak;
}

export type SelectionReasonCode = 'selected' | 'excluded' | 'belowMinTotal' | 'tieAtCap' | 'capReached';

export interface SelectionDecision {
  id: string;
  total: number;
  /** Competition rank among the candidates in the running; null for an excluded candidate. */
  rank: number | null;
  selected: boolean;
  code: SelectionReasonCode;
  reason: LocalizedText;
  /** Why the candidate is not in the running (code 'excluded'), else null. */
  exclusion: Exclusion | null;
}

export interface SelectionResult {
  cap: number;
  minTotal: number;
  tieBreak: TieBreak;
  /** Selected ids, best first. */
  selected: string[];
  /** Seats left empty (Art. 3: awards may stay vacant). */
  vacancies: number;
  /** One decision per input candidate: those in the running by rank, then excluded ones by id. */
  decisions: SelectionDecision[];
  /**
   * Set when the cap boundary falls inside a tie: the tied candidates, the rank they share and
   * how many seats were left. None of them is selected; the committee must decide.
   */
  tieAtCap: { rank: number; ids: string[]; seatsLeft: number } | null;
  /** Total of the last selected candidate (the cap line), or null when nobody is selected. */
  capLine: number | null;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/**
 * Proposes at most `cap` candidates (default 5) at or above `minTotal` (default 0) among those in
 * the running. Excluded candidates are never selected and hold no rank. A tie that straddles the
 * cap is reported as `tieAtCap`, never broken silently. Every candidate gets a reason in Chinese
 * and English.
 */
export function selectCandidates(entries: readonly SelectionEntry[], options?: SelectionOptions): SelectionResult {
  const cap = options?.cap ?? 5;
  const minTotal = options?.minTotal ?? 0;
  const tieBreak = options?.tieBreak ?? 'none';
  if (!Number.isInteger(cap) || cap < 0) {
    throw new RulesInputError('invalid_cap', {
      zh: `名额上限必须是非负整数，收到的是 ${show(cap)}。`,
      en: `The cap must be a non-negative integer; got ${show(cap)}.`,
    });
  }
  if (typeof minTotal !== 'number' || !Number.isFinite(minTotal)) {
    throw new RulesInputError('invalid_min_total', {
      zh: `最低总分必须是有限数字，收到的是 ${show(minTotal)}。`,
      en: `The minimum total must be a finite number; got ${show(minTotal)}.`,
    });
  }
  const running = entries.filter((e) => !e.exclusion);
  const excluded = entries.filter((e) => e.exclusion).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ranked = rankTotals(running, { tieBreak });
  const minKey = totalKey(minTotal);
  const decisions: SelectionDecision[] = [];
  const selected: string[] = [];
  let tieAtCap: SelectionResult['tieAtCap'] = null;
  let capLine: number | null = null;
  let closed = false;
  for (let i = 0; i < ranked.length;) {
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
      const base = { id: g.id, total: g.total, rank, exclusion: null };
      if (fits) {
        selected.push(g.id);
        capLine = g.total;
        decisions.push({
          ...base,
          selected: true,
          code: 'selected',
          reason: { zh: `排名第 ${rank}，总分 ${total}，在 ${cap} 个名额之内。`, en: `Rank ${rank}, total ${total}, within the ${cap} places.` },
        });
      } else if (below) {
        decisions.push({
          ...base,
          selected: false,
          code: 'belowMinTotal',
          reason: { zh: `总分 ${total} 低于最低分 ${minTotal}。`, en: `Total ${total} is below the minimum of ${minTotal}.` },
        });
      } else if (straddles) {
        decisions.push({
          ...base,
          selected: false,
          code: 'tieAtCap',
          reason: {
            zh: `与另外 ${group.length - 1} 个候选并列第 ${rank}，剩余名额只有 ${seatsLeft} 个，需评审委员会决定。`,
            en: `Tied at rank ${rank} with ${group.length - 1} other candidate(s) for ${seatsLeft} remaining place(s): the committee must decide.`,
          },
        });
      } else {
        decisions.push({
          ...base,
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
    const why = e.exclusion!;
    decisions.push({
      id: e.id,
      total: e.total,
      rank: null,
      selected: false,
      code: 'excluded',
      exclusion: why,
      reason: { zh: `不参与推荐：${why.message.zh}`, en: `Not in the running: ${why.message.en}` },
    });
  }
  return { cap, minTotal, tieBreak, selected, vacancies: cap - selected.length, decisions, tieAtCap, capLine };
}

/** The decisions of a selection by candidate id. */
export function decisionsById(selection: SelectionResult): Map<string, SelectionDecision> {
  return new Map(selection.decisions.map((d) => [d.id, d]));
}
