import { CYCLE_PHASES, type CyclePhase } from '@mqa/db';

const LAST_OPEN_PHASE = CYCLE_PHASES.indexOf('onsite_review');

/**
 * Whether a cycle still accepts imported scores (and applications): every phase up to and
 * including the on-site review (Art. 17). From the public comment period (Art. 18) on, the
 * review results are published and the cycle is frozen for imports.
 */
export function isCycleOpenForScores(phase: CyclePhase | string): boolean {
  const i = CYCLE_PHASES.indexOf(phase as CyclePhase);
  return i >= 0 && i <= LAST_OPEN_PHASE;
}

export const PHASE_NAMES: Record<CyclePhase, { zh: string; en: string }> = {
  preparation: { zh: '筹备', en: 'preparation' },
  call_for_applications: { zh: '申报征集', en: 'call for applications' },
  qualification_review: { zh: '资格审查', en: 'qualification review' },
  material_review: { zh: '材料评审', en: 'material review' },
  onsite_review: { zh: '现场评审', en: 'on-site review' },
  public_comment: { zh: '公示征求意见', en: 'public comment' },
  committee_review: { zh: '评审委员会审议', en: 'committee review' },
  public_notice: { zh: '公告', en: 'public notice' },
  awarded: { zh: '已授奖', en: 'awarded' },
};
