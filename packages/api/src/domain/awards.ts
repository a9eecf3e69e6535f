/**
 * Awards after the decision (Art. 5, 22, 27, 28): status through @mqa/rules `awardStatus` (the
 * revocations table decides 'revoked'), and the revocation review an incident opens
 * (`assessIncident`).
 */
import type { AwardDetail, Incident as IncidentRow } from '@mqa/db';
import { assessIncident, awardStatus, REVOCATION_REASONS, type RevocationReason } from '@mqa/rules';
import { domainText, type LocalizedText } from '../errors.ts';
import { rulesIncident } from './followup.ts';

export interface AwardStatusJson {
  status: 'valid' | 'expiring' | 'expired' | 'revoked';
  article: number | null;
  validUntil: string;
  message: LocalizedText;
}

/** The award's status on `asOf` (Art. 5; 27/28 once revoked). */
export function awardStatusJson(award: Pick<AwardDetail, 'awardedOn' | 'validUntil' | 'revocation'>, asOf: string): AwardStatusJson {
  const r = award.revocation;
  try {
    const s = awardStatus(
      { awardedOn: award.awardedOn, ...(r ? { revokedOn: r.revokedOn, revocationReason: r.reason } : {}) },
      asOf < award.awardedOn ? award.awardedOn : asOf,
    );
    return { status: s.status, article: s.article ?? null, validUntil: s.validUntil, message: s.message };
  } catch (error) {
    return { status: r ? 'revoked' : 'valid', article: r?.article ?? null, validUntil: award.validUntil, message: domainText(error) ?? { zh: '', en: '' } };
  }
}

export function revocationJson(r: NonNullable<AwardDetail['revocation']>) {
  const info = REVOCATION_REASONS[r.reason as RevocationReason];
  return {
    reason: r.reason,
    reasonName: info?.label ?? { zh: r.reason, en: r.reason },
    article: r.article,
    detail: r.detail,
    /** The decision's document number and date (Art. 27–28). */
    decisionNo: r.decisionNo,
    revokedOn: r.revokedOn,
    /** The prize to recover, what was recovered and when (null: not yet). */
    prizeToRecoverRmb: r.prizeToRecoverRmb,
    prizeRecoveredRmb: r.prizeRecoveredRmb,
    prizeRecoveredOn: r.prizeRecoveredOn,
    recoveryOutstandingRmb: Math.max(0, r.prizeToRecoverRmb - r.prizeRecoveredRmb),
    incidentId: r.incidentId,
    /** The published public notice of the revocation, once there is one. */
    publicationId: r.publicationId,
    consequences: info?.consequences ?? [],
  };
}

/**
 * The public notice of a revocation (Art. 27–28: 向社会公告). The notice itself is produced and
 * stored by `publications.publish({ kind: 'revocation' })`, which links it through
 * `revocations.publication_id` (`setRevocationPublication`); until it is published the
 * revocation answers `publicationId: null` and `noticePending: true`.
 */
export function revocationNoticePending(r: Pick<NonNullable<AwardDetail['revocation']>, 'publicationId'>): boolean {
  return r.publicationId === null;
}

export interface IncidentAssessment {
  awardId: number;
  certificateNo: string;
  year: number;
  needed: boolean;
  reason: RevocationReason | null;
  article: number | null;
  message: LocalizedText;
}

const MINOR: LocalizedText = {
  zh: '一般事件，不构成撤销复核事由（第28条只适用于较大及以上事故和严重违法违规行为）。',
  en: 'A general (一般) incident: no ground for a revocation review (Art. 28 covers larger (较大) and major (重大) accidents and serious violations only).',
};

/** What an incident means for each award of its organisation (Art. 27, 28). */
export function assessAgainstAwards(incident: Pick<IncidentRow, 'kind' | 'severity' | 'occurred_on'>, awards: readonly AwardDetail[]): IncidentAssessment[] {
  const ri = rulesIncident(incident);
  return awards.map((a) => {
    const base = { awardId: a.id, certificateNo: a.certificateNo, year: a.year };
    if (!ri) return { ...base, needed: false, reason: null, article: null, message: MINOR };
    try {
      const r = assessIncident({ awardedOn: a.awardedOn, ...(a.revocation ? { revokedOn: a.revocation.revokedOn } : {}) }, ri);
      return { ...base, needed: r.needed, reason: r.reason ?? null, article: r.article ?? null, message: r.message };
    } catch (error) {
      return { ...base, needed: false, reason: null, article: null, message: domainText(error) ?? { zh: '无法评估。', en: 'Could not be assessed.' } };
    }
  });
}
