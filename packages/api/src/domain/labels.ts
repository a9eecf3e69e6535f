/** Bilingual names of reference codes (sectors, banners/districts, priority areas, phases). */
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

// The phase, stage and channel names are the vocabulary's (@mqa/rules).
export { PHASES as PHASE_NAMES, STAGES as STAGE_NAMES, CHANNELS as CHANNEL_NAMES } from '@mqa/rules';
