/**
 * Awards after the decision (Art. 5, 22, 27, 28) as the dashboard shows and edits them. Pure
 * functions, no Vue.
 */
import { compareIsoDates, isIsoDate, REVOCATION_REASONS, type RevocationReason } from '@mqa/rules';
import type { RouterOutputs } from '../api/trpc.ts';
import type { LocalizedText } from '../i18n/index.ts';

/** An award's status on a date, as `awards.list` reports it. */
export type AwardStatus = RouterOutputs['awards']['list'][number]['status'];

/** Element Plus tag type of an award status. */
export function awardStatusType(status: string): 'success' | 'warning' | 'info' | 'danger' {
  if (status === 'valid') return 'success';
  if (status === 'expiring') return 'warning';
  if (status === 'revoked') return 'danger';
  return 'info';
}

/** The article a revocation reason rests on (fraud: Art. 27; a major accident or serious violation: Art. 28). */
export function revocationArticle(reason: RevocationReason): 27 | 28 {
  return REVOCATION_REASONS[reason].article;
}

export interface RevocationForm {
  reason: RevocationReason | '';
  detail: string;
  /** The decision's date and document number. */
  revokedOn: string;
  decisionNo: string;
  /** The prize to recover, what is already recovered and when. */
  prizeToRecoverRmb: number | null;
  prizeRecoveredRmb: number | null;
  prizeRecoveredOn: string;
}

/** i18n keys (under `rules.revoke.problem`) of what is wrong with a revocation form; empty when it can be sent. */
export type RevocationProblem = 'reason' | 'detail' | 'date' | 'beforeAward' | 'future' | 'prize' | 'prizeTooHigh' | 'recoveredTooHigh' | 'recoveryDate';

/** What the actions need of an award (an `analytics.followUp` entry or an `awards.list` row gives it). */
export interface AwardTarget {
  id: number;
  name: LocalizedText;
  certificateNo: string;
  awardedOn: string;
  prizeRmb: number;
  /** The awardee organisation; null for an individual. */
  organisationId: number | null;
  /** The awarded individual; null for an organisation. */
  individualId?: number | null;
  applicantType?: 'organisation' | 'individual';
}

/**
 * Checks a revocation before it is sent (the server checks again): a reason, a detail of at least
 * 2 characters, a valid date not before the award nor after today, a prize to recover between 0
 * and the prize paid, and an amount already recovered not above it, with its date (not before the
 * decision, not after today).
 */
export function revocationProblems(form: RevocationForm, award: { awardedOn: string; prizeRmb: number }, today: string): RevocationProblem[] {
  const out: RevocationProblem[] = [];
  if (form.reason === '' || !(form.reason in REVOCATION_REASONS)) out.push('reason');
  if (form.detail.trim().length < 2) out.push('detail');
  if (!isIsoDate(form.revokedOn)) out.push('date');
  else {
    if (compareIsoDates(form.revokedOn, award.awardedOn) < 0) out.push('beforeAward');
    if (isIsoDate(today) && compareIsoDates(form.revokedOn, today) > 0) out.push('future');
  }
  const due = form.prizeToRecoverRmb;
  if (due === null || !Number.isInteger(due) || due < 0) out.push('prize');
  else if (due > award.prizeRmb) out.push('prizeTooHigh');
  const got = form.prizeRecoveredRmb ?? 0;
  if (!Number.isInteger(got) || got < 0) out.push('prize');
  else if (due !== null && Number.isInteger(due) && due >= 0 && got > due) out.push('recoveredTooHigh');
  if (got > 0) {
    if (!isIsoDate(form.prizeRecoveredOn)) out.push('recoveryDate');
    else if (isIsoDate(form.revokedOn) && compareIsoDates(form.prizeRecoveredOn, form.revokedOn) < 0) out.push('recoveryDate');
    else if (isIsoDate(today) && compareIsoDates(form.prizeRecoveredOn, today) > 0) out.push('recoveryDate');
  }
  return out;
}
