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
    revokedOn: r.revokedOn,
    prizeRecoveredRmb: r.prizeRecoveredRmb,
    incidentId: r.incidentId,
    consequences: info?.consequences ?? [],
  };
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
  zh: '一般事件，不构成撤销复核事由（第28条只适用于较大事故和严重违法违规行为）。',
  en: 'A minor incident: no ground for a revocation review (Art. 28 covers major accidents and serious violations only).',
};

/** What an incident means for each award of its organisation (Art. 27, 28). */
export function assessAgainstAwards(incident: Pick<IncidentRow, 'kind' | 'severity' | 'occurred_on'>, awards: AwardDetail[]): IncidentAssessment[] {
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
