/**
 * Selection helpers (Art. 2, 3, 19–22). Ranking itself (scores, aggregation) belongs to
 * @mqa/scoring; these are the award's own limits and outcomes.
 */
import { RulesInputError, type LocalizedText } from './i18n.ts';

/** Art. 3: at most 5 awards per cycle, organisations and individuals together; may stay vacant. */
export const AWARD_CAP = 5;
/** Art. 3: one cycle every 2 years. */
export const CYCLE_INTERVAL_YEARS = 2;
/** Art. 22: RMB 500,000 to each awarded organisation (individuals receive certificate and plaque only). */
export const PRIZE_PER_ORGANISATION_RMB = 500_000;
/** Art. 5: an award is valid for 3 years. */
export const AWARD_VALIDITY_YEARS = 3;

export type PriorityAreaId = 'safe_production' | 'energy_dual_control' | 'green_eco' | 'innovation' | 'modern_services';

export interface PriorityArea {
  id: PriorityAreaId;
  name: LocalizedText;
  article: 2;
}

/** Art. 2: areas where leading organisations are given priority (优先考量). */
export const PRIORITY_AREAS: readonly PriorityArea[] = [
  { id: 'safe_production', name: { zh: '安全生产高效', en: 'Safe and efficient production' }, article: 2 },
  { id: 'energy_dual_control', name: { zh: '能耗双控达标', en: 'Energy dual control targets met' }, article: 2 },
  { id: 'green_eco', name: { zh: '绿色生态环保', en: 'Green, ecological and environmental protection' }, article: 2 },
  { id: 'innovation', name: { zh: '创新驱动发展', en: 'Innovation-driven development' }, article: 2 },
  { id: 'modern_services', name: { zh: '现代服务优质', en: 'High-quality modern services' }, article: 2 },
];

const PRIORITY_IDS = new Set<string>(PRIORITY_AREAS.map((a) => a.id));

export function isPriorityAreaId(id: unknown): id is PriorityAreaId {
  return typeof id === 'string' && PRIORITY_IDS.has(id);
}

/**
 * Validate and deduplicate declared priority areas; unknown ids throw a RulesInputError.
 * The number of areas is the declared, visible Art. 2 tie-break.
 */
export function normalisePriorityAreas(ids: readonly string[]): PriorityAreaId[] {
  const unknown = ids.filter((id) => !isPriorityAreaId(id));
  if (unknown.length > 0) {
    throw new RulesInputError('unknown_priority_area', {
      zh: `未知的优先领域：${unknown.join('、')}；可选：${PRIORITY_AREAS.map((a) => `${a.id}（${a.name.zh}）`).join('、')}`,
      en: `Unknown priority area(s): ${unknown.join(', ')}; allowed: ${PRIORITY_AREAS.map((a) => a.id).join(', ')}`,
    });
  }
  return PRIORITY_AREAS.map((a) => a.id).filter((id) => ids.includes(id));
}

/** Prize money of an awardee (Art. 22): organisations only. */
export function prizeFor(applicantType: 'organisation' | 'individual', individualPrizeRmb = 0): number {
  return applicantType === 'organisation' ? PRIZE_PER_ORGANISATION_RMB : individualPrizeRmb;
}

export interface AwardCapCheck {
  ok: boolean;
  article: 3;
  count: number;
  cap: number;
  message: LocalizedText;
}

/** Art. 3: a proposed awardee list (organisations and individuals together) holds at most AWARD_CAP entries. */
export function checkAwardCap(count: number): AwardCapCheck {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RulesInputError('invalid_count', {
      zh: `获奖数量必须是非负整数，实际收到 ${String(count)}`,
      en: `The number of awards must be a non-negative integer, got ${String(count)}`,
    });
  }
  const ok = count <= AWARD_CAP;
  return {
    ok,
    article: 3,
    count,
    cap: AWARD_CAP,
    message: ok
      ? {
          zh: `拟授奖 ${count} 个，未超过每届 ${AWARD_CAP} 个的上限（第3条）`,
          en: `${count} proposed award(s), within the cap of ${AWARD_CAP} per cycle (Art. 3)`,
        }
      : {
          zh: `拟授奖 ${count} 个，超过每届组织和个人合计 ${AWARD_CAP} 个的上限（第3条）`,
          en: `${count} proposed awards exceed the cap of ${AWARD_CAP} per cycle, organisations and individuals together (Art. 3)`,
        },
  };
}

export type ObjectionOutcome = 'pending' | 'confirmed' | 'rejected';

/** An objection raised during the public notice (Art. 21). */
export interface Objection {
  candidateId: string;
  outcome: ObjectionOutcome;
  /** What the objection is about / what the investigation found. */
  finding?: string;
}

export interface ObjectionExclusion {
  candidateId: string;
  article: 21;
  reason: LocalizedText;
}

export type ObjectionResolution =
  { candidateId: string; removed: true; exclusion: ObjectionExclusion } | { candidateId: string; removed: false; blocking: boolean; message: LocalizedText };

/**
 * Effect of one objection (Art. 21): a confirmed objection removes the candidate (the
 * committee cancels its award eligibility); a pending one blocks approval until investigated;
 * a rejected one has no effect.
 */
export function resolveObjection(objection: Objection): ObjectionResolution {
  const { candidateId, outcome, finding } = objection;
  if (outcome === 'confirmed') {
    return {
      candidateId,
      removed: true,
      exclusion: {
        candidateId,
        article: 21,
        reason: {
          zh: `公示期间异议经调查属实，取消授奖资格（第21条）${finding ? `：${finding}` : ''}`,
          // A finding typed in Chinese is not put into the English sentence (no mixed languages).
          en: `An objection raised during the public notice was confirmed by investigation; the candidacy is cancelled (Art. 21)${
            !finding ? '' : /[\u3400-\u9fff]/.test(finding) ? '. The finding is recorded in Chinese with the objection.' : `: ${finding}`
          }`,
        },
      },
    };
  }
  if (outcome === 'pending') {
    return {
      candidateId,
      removed: false,
      blocking: true,
      message: {
        zh: '异议正在调查核实，核实前不得报请市人民政府批准（第21条）',
        en: 'An objection is under investigation; the candidate cannot be submitted for approval until it is resolved (Art. 21)',
      },
    };
  }
  if (outcome === 'rejected') {
    return {
      candidateId,
      removed: false,
      blocking: false,
      message: { zh: '异议经调查不属实，不影响授奖资格（第21条）', en: 'The objection was not substantiated; the candidacy stands (Art. 21)' },
    };
  }
  throw new RulesInputError('invalid_objection_outcome', {
    zh: `异议结论必须是 pending、confirmed 或 rejected，实际收到 ${String(outcome)}`,
    en: `Objection outcome must be 'pending', 'confirmed' or 'rejected', got ${String(outcome)}`,
  });
}
