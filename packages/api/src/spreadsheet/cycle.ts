import { CYCLE_PHASES, type CyclePhase } from '@mqa/db';

const LAST_OPEN_PHASE = CYCLE_PHASES.indexOf('onsite_review');

/**
 * Whether a cycle still accepts imported scores (and applications): every phase up to and
 * including the on-site review (Art. 17). From the public comment period (Art. 18) on, the
 * review results are published and the cycle is frozen for imports.
 */
export function isCycleOpenForScores(phase: string): boolean {
  const i = CYCLE_PHASES.indexOf(phase as CyclePhase);
  return i >= 0 && i <= LAST_OPEN_PHASE;
}

export { PHASE_NAMES } from '../domain/labels.ts';
