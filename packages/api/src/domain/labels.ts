/** Bilingual names of reference codes (sectors, banners/districts, priority areas, phases). */
import type { CyclePhase } from '@mqa/db';
import { findDivision, findSector, PRIORITY_AREAS } from '@mqa/rules';
import type { LocalizedText } from '../errors.ts';

export function sectorName(id: string): LocalizedText {
  return findSector(id)?.name ?? { zh: id, en: id };
}

export function districtName(code: string): LocalizedText {
  return findDivision(code)?.name ?? { zh: code, en: code };
}

export function priorityAreaName(id: string): LocalizedText {
  return PRIORITY_AREAS.find((a) => a.id === id)?.name ?? { zh: id, en: id };
}

export const PHASE_NAMES: Record<CyclePhase, LocalizedText & { article: number | null }> = {
  preparation: { zh: '筹备', en: 'Preparation', article: null },
  call_for_applications: { zh: '发布申报公告', en: 'Call for applications', article: 14 },
  qualification_review: { zh: '资格初审', en: 'Qualification review', article: 16 },
  material_review: { zh: '材料评审', en: 'Material review', article: 17 },
  onsite_review: { zh: '现场评审', en: 'On-site review', article: 17 },
  public_comment: { zh: '公开征求意见', en: 'Public comment', article: 18 },
  committee_review: { zh: '评审委员会审定', en: 'Committee review', article: 20 },
  public_notice: { zh: '拟授奖名单公示', en: 'Public notice', article: 21 },
  awarded: { zh: '已授奖', en: 'Awarded', article: 22 },
};

export const STAGE_NAMES: Record<'material' | 'onsite', LocalizedText> = {
  material: { zh: '材料评审', en: 'Material review' },
  onsite: { zh: '现场评审', en: 'On-site review' },
};
