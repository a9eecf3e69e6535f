/**
 * Intake of an application (Art. 15–16): what an eligibility check means while facts are still
 * missing, and the qualification review's deadline once a requested supplement arrives.
 *
 * A fact the applicant has not declared yet is not a veto: it is something to supplement
 * (待补充), asked for in the one supplement notice of Art. 16. Only a declared fact that fails a
 * condition of Art. 10–12 (or a malformed one) makes an application ineligible.
 */
import { addWorkingDays } from './calendar.ts';
import type { LocalizedText } from './i18n.ts';

/** Working days the secretariat has for the qualification review (Art. 16: "10个工作日内"). */
export const QUALIFICATION_REVIEW_WORKING_DAYS = 10;

/** The failure fields the verdict reads (an @mqa/rules `EligibilityFailure`, or one read back from storage). */
export interface VerdictFailure {
  reason: 'failed' | 'undeclared' | 'invalid' | null;
}

export type EligibilityVerdictStatus = 'eligible' | 'ineligible' | 'incomplete';

export interface EligibilityVerdict<F extends VerdictFailure> {
  /**
   * `ineligible` when a declared fact fails (or is malformed); else `incomplete` while any
   * needed fact is undeclared; else `eligible`.
   */
  status: EligibilityVerdictStatus;
  /** Declared facts that fail a condition or an exclusion (Art. 10–12). */
  vetoes: F[];
  /** Conditions whose facts are not declared yet: to supplement (Art. 16). */
  toSupplement: F[];
}

export function eligibilityVerdict<F extends VerdictFailure>(failures: readonly F[]): EligibilityVerdict<F> {
  const vetoes = failures.filter((f) => f.reason !== 'undeclared');
  const toSupplement = failures.filter((f) => f.reason === 'undeclared');
  return { status: vetoes.length > 0 ? 'ineligible' : toSupplement.length > 0 ? 'incomplete' : 'eligible', vetoes, toSupplement };
}

/**
 * The deadline of the qualification review (Art. 16): 10 working days after the materials were
 * received, counted again from the day a requested supplement arrived (the review can only be
 * completed on complete materials).
 */
export function qualificationReviewDeadline(
  receivedOn: string,
  supplementReceivedOn: string | null = null,
): { article: 16; from: string; deadline: string; workingDays: number } {
  const from = supplementReceivedOn !== null && supplementReceivedOn > receivedOn ? supplementReceivedOn : receivedOn;
  return { article: 16, from, deadline: addWorkingDays(from, QUALIFICATION_REVIEW_WORKING_DAYS), workingDays: QUALIFICATION_REVIEW_WORKING_DAYS };
}

/** The kind of a material that is none of the standard materials of Art. 15 (@mqa/rules `APPLICATION_MATERIALS`). */
export const OTHER_MATERIAL_KIND = { id: 'other', name: { zh: '其他材料', en: 'Other' } satisfies LocalizedText } as const;
