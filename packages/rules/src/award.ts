/**
 * After the award (Art. 5, 22–23, 27–28): validity, follow-up incidents and revocation.
 *
 * Periods follow the PRC Civil Code Art. 201–202: the award day is not counted and a
 * 3-year period ends on the corresponding day, so an award made on 2023-05-10 is valid
 * up to and including 2026-05-10.
 */
import { addCalendarDays, addMonths, addYears, compareIsoDates, parseIsoDate } from './dates.ts';
import { RulesInputError, type LocalizedText } from './i18n.ts';
import { AWARD_VALIDITY_YEARS } from './selection.ts';
import { INCIDENT_KIND_IDS, INCIDENT_SEVERITY_IDS, type IncidentKindId, type IncidentSeverity } from './vocabulary.ts';

/** An award is 'expiring' during its last 6 months of validity. */
export const EXPIRING_WINDOW_MONTHS = 6;
/** Art. 28: incidents within 3 years after the award lead to a revocation review. */
export const REVOCATION_WINDOW_YEARS = 3;

export interface AwardRecord {
  /** ISO date of the award (the city government's decision). */
  awardedOn: string;
  /** ISO date the award was revoked, if it was. */
  revokedOn?: string;
  /** Why it was revoked (Art. 27 or 28), if known. */
  revocationReason?: RevocationReason;
}

export type AwardStatus = 'valid' | 'expiring' | 'expired' | 'revoked';

export interface AwardStatusResult {
  status: AwardStatus;
  /** 5 for validity; 27 or 28 for a revocation with a known reason; absent for a revocation without one. */
  article?: 5 | 27 | 28;
  /** Last day of validity (inclusive). */
  validUntil: string;
  /** First day of the 'expiring' window. */
  expiringFrom: string;
  message: LocalizedText;
}

/** Last day (inclusive) an award made on `awardedOn` is valid (Art. 5). */
export function awardValidUntil(awardedOn: string): string {
  parseIsoDate(awardedOn, 'awardedOn');
  return addYears(awardedOn, AWARD_VALIDITY_YEARS);
}

/**
 * Status of an award on `asOf`: 'revoked' once revokedOn ≤ asOf; otherwise 'valid',
 * 'expiring' within the last EXPIRING_WINDOW_MONTHS months up to validUntil, then 'expired'.
 * @throws RulesInputError on malformed dates or when asOf precedes the award.
 */
export function awardStatus(award: AwardRecord, asOf: string): AwardStatusResult {
  parseIsoDate(asOf, 'asOf');
  const validUntil = awardValidUntil(award.awardedOn);
  const expiringFrom = addCalendarDays(addMonths(validUntil, -EXPIRING_WINDOW_MONTHS), 1);
  if (compareIsoDates(asOf, award.awardedOn) < 0) {
    throw new RulesInputError('as_of_before_award', {
      zh: `查询日期 ${asOf} 早于授奖日期 ${award.awardedOn}`,
      en: `asOf ${asOf} is before the award date ${award.awardedOn}`,
    });
  }
  if (award.revokedOn !== undefined) {
    parseIsoDate(award.revokedOn, 'revokedOn');
    if (compareIsoDates(award.revokedOn, award.awardedOn) < 0) {
      throw new RulesInputError('revoked_before_award', {
        zh: `撤销日期 ${award.revokedOn} 早于授奖日期 ${award.awardedOn}`,
        en: `revokedOn ${award.revokedOn} is before the award date ${award.awardedOn}`,
      });
    }
    if (compareIsoDates(award.revokedOn, asOf) <= 0) {
      const info = award.revocationReason ? REVOCATION_REASONS[award.revocationReason] : undefined;
      return {
        status: 'revoked',
        ...(info ? { article: info.article } : {}),
        validUntil,
        expiringFrom,
        message: info
          ? {
              zh: `奖励已于 ${award.revokedOn} 撤销：${info.label.zh}（第${info.article}条）`,
              en: `The award was revoked on ${award.revokedOn}: ${info.label.en} (Art. ${info.article})`,
            }
          : { zh: `奖励已于 ${award.revokedOn} 撤销`, en: `The award was revoked on ${award.revokedOn}` },
      };
    }
  }
  if (compareIsoDates(asOf, validUntil) > 0) {
    return {
      status: 'expired',
      article: 5,
      validUntil,
      expiringFrom,
      message: {
        zh: `有效期3年，已于 ${validUntil} 届满（第5条）`,
        en: `The 3-year validity ended on ${validUntil} (Art. 5)`,
      },
    };
  }
  if (compareIsoDates(asOf, expiringFrom) >= 0) {
    return {
      status: 'expiring',
      article: 5,
      validUntil,
      expiringFrom,
      message: {
        zh: `有效期将于 ${validUntil} 届满（第5条）`,
        en: `The validity ends on ${validUntil} (Art. 5)`,
      },
    };
  }
  return {
    status: 'valid',
    article: 5,
    validUntil,
    expiringFrom,
    message: { zh: `有效期至 ${validUntil}（第5条）`, en: `Valid until ${validUntil} (Art. 5)` },
  };
}

export type RevocationReason = 'fraud' | 'major_accident' | 'serious_violation';

export interface RevocationReasonInfo {
  id: RevocationReason;
  article: 27 | 28;
  label: LocalizedText;
  /** What revocation entails under that article. */
  consequences: readonly LocalizedText[];
}

export const REVOCATION_REASONS: Readonly<Record<RevocationReason, RevocationReasonInfo>> = {
  fraud: {
    id: 'fraud',
    article: 27,
    label: {
      zh: '弄虚作假、采取不正当手段骗取市长质量奖荣誉',
      en: 'Obtained the award by fraud or other improper means',
    },
    consequences: [
      { zh: '撤销市长质量奖称号', en: 'The Mayor Quality Award title is revoked' },
      { zh: '收回奖牌、证书', en: 'The plaque and certificate are recovered' },
      { zh: '追缴奖金', en: 'The prize money is recovered' },
      { zh: '向社会公告', en: 'A public notice is issued' },
    ],
  },
  major_accident: {
    id: 'major_accident',
    article: 28,
    label: {
      zh: '获奖后3年内发生较大质量或安全事故',
      en: 'A major quality or safety accident within 3 years after the award',
    },
    consequences: [
      { zh: '撤销奖励', en: 'The award is revoked' },
      { zh: '向社会公告', en: 'A public notice is issued' },
    ],
  },
  serious_violation: {
    id: 'serious_violation',
    article: 28,
    label: {
      zh: '获奖后3年内有严重违法违规生产经营行为',
      en: 'Serious illegal or irregular business conduct within 3 years after the award',
    },
    consequences: [
      { zh: '撤销奖励', en: 'The award is revoked' },
      { zh: '向社会公告', en: 'A public notice is issued' },
    ],
  },
};

export type IncidentKind = 'major_quality_accident' | 'major_safety_accident' | 'serious_violation' | 'fraud';

export interface Incident {
  /** ISO date the incident occurred (for fraud: when it was committed or discovered). */
  date: string;
  kind: IncidentKind;
}

const INCIDENT_REASON: Record<IncidentKind, RevocationReason> = {
  major_quality_accident: 'major_accident',
  major_safety_accident: 'major_accident',
  serious_violation: 'serious_violation',
  fraud: 'fraud',
};

export interface RevocationReviewAssessment {
  needed: boolean;
  reason?: RevocationReason;
  article?: 27 | 28;
  message: LocalizedText;
}

/**
 * Whether an incident opens a revocation review, with the reason and article:
 * fraud (Art. 27) at any time; a major quality/safety accident or serious violation
 * (Art. 28) when it occurs after the award and within 3 years (up to and including the
 * third anniversary). Nothing is opened for an award already revoked before the incident.
 */
export function assessIncident(award: AwardRecord, incident: Incident): RevocationReviewAssessment {
  parseIsoDate(award.awardedOn, 'awardedOn');
  parseIsoDate(incident.date, 'incident.date');
  const reason = INCIDENT_REASON[incident.kind];
  if (reason === undefined) {
    throw new RulesInputError('invalid_incident_kind', {
      zh: `事件类型必须是 ${Object.keys(INCIDENT_REASON).join('、')} 之一，实际收到 ${String(incident.kind)}`,
      en: `Incident kind must be one of ${Object.keys(INCIDENT_REASON).join(', ')}, got ${String(incident.kind)}`,
    });
  }
  if (award.revokedOn !== undefined && compareIsoDates(award.revokedOn, incident.date) <= 0) {
    return {
      needed: false,
      message: { zh: `奖励已于 ${award.revokedOn} 撤销，无需复核`, en: `The award was already revoked on ${award.revokedOn}; no review needed` },
    };
  }
  const info = REVOCATION_REASONS[reason];
  if (reason === 'fraud') {
    return {
      needed: true,
      reason,
      article: 27,
      message: {
        zh: `发现弄虚作假，应提请撤销称号、收回奖牌证书、追缴奖金并公告（第27条）`,
        en: 'Fraud found: revocation of the title, recovery of plaque, certificate and prize, and a public notice are to be proposed (Art. 27)',
      },
    };
  }
  const windowEnd = addYears(award.awardedOn, REVOCATION_WINDOW_YEARS);
  const within = compareIsoDates(incident.date, award.awardedOn) >= 0 && compareIsoDates(incident.date, windowEnd) <= 0;
  if (!within) {
    return {
      needed: false,
      message: {
        zh: `事件发生于 ${incident.date}，不在获奖后3年内（${award.awardedOn} 至 ${windowEnd}），不适用第28条`,
        en: `The incident on ${incident.date} is outside the 3 years after the award (${award.awardedOn} to ${windowEnd}); Art. 28 does not apply`,
      },
    };
  }
  return {
    needed: true,
    reason,
    article: 28,
    message: {
      zh: `${info.label.zh}（${incident.date}），应调查核实并提交评审委员会研究是否撤销奖励（第28条）`,
      en: `${info.label.en} (${incident.date}): to be investigated and submitted to the committee for a revocation decision (Art. 28)`,
    },
  };
}

/** True when the incident opens a revocation review (see assessIncident). */
export function needsRevocationReview(award: AwardRecord, incident: Incident): boolean {
  return assessIncident(award, incident).needed;
}

/** Severities that can ground a revocation review under Art. 28 (较大 and above). */
export const REVIEW_SEVERITIES: readonly IncidentSeverity[] = ['larger', 'major'];

/** True for 较大 and 重大 incidents (Art. 28 reads 较大 and above); false for 一般. */
export function severityOpensReview(severity: IncidentSeverity): boolean {
  if (!(INCIDENT_SEVERITY_IDS as readonly string[]).includes(severity)) {
    throw new RulesInputError('invalid_incident_severity', {
      zh: `事件等级必须是 ${INCIDENT_SEVERITY_IDS.join('、')} 之一，实际收到 ${String(severity)}`,
      en: `Incident severity must be one of ${INCIDENT_SEVERITY_IDS.join(', ')}, got ${String(severity)}`,
    });
  }
  return REVIEW_SEVERITIES.includes(severity);
}

/**
 * What a recorded incident (kind, grade, date) is in the measures' terms: fraud at any grade
 * (Art. 27); a 较大 or 重大 quality, safety, environmental or public-health accident, or
 * illegal business conduct of that grade (Art. 28); null for a 一般 incident, which grounds no
 * review.
 */
export function incidentGrounds(row: { kind: IncidentKindId; severity: IncidentSeverity; date: string }): Incident | null {
  if (row.kind === 'fraud') return { date: row.date, kind: 'fraud' };
  if (!severityOpensReview(row.severity)) return null;
  switch (row.kind) {
    case 'quality_accident':
    case 'public_health':
      return { date: row.date, kind: 'major_quality_accident' };
    case 'safety_accident':
    case 'environmental':
      return { date: row.date, kind: 'major_safety_accident' };
    case 'violation':
      return { date: row.date, kind: 'serious_violation' };
    default:
      throw new RulesInputError('invalid_incident_kind', {
        zh: `事件类型必须是 ${INCIDENT_KIND_IDS.join('、')} 之一，实际收到 ${String(row.kind)}`,
        en: `Incident kind must be one of ${INCIDENT_KIND_IDS.join(', ')}, got ${String(row.kind)}`,
      });
  }
}

/** The Art. 28 window of an award: from the award day to its third anniversary, both inclusive. */
export function revocationReviewWindow(awardedOn: string): { from: string; until: string; article: 28 } {
  parseIsoDate(awardedOn, 'awardedOn');
  return { from: awardedOn, until: addYears(awardedOn, REVOCATION_WINDOW_YEARS), article: 28 };
}
