import { describe, expect, it } from 'vitest';
import { EXPIRING_WINDOW_MONTHS, REVOCATION_REASONS, assessIncident, awardStatus, awardValidUntil, needsRevocationReview } from './award.ts';
import { RulesInputError } from './i18n.ts';

const award = { awardedOn: '2023-05-10' };

describe('awardStatus (Art. 5: valid 3 years)', () => {
  it('valid until the third anniversary, inclusive', () => {
    expect(awardValidUntil('2023-05-10')).toBe('2026-05-10');
    expect(awardStatus(award, '2023-05-10')).toMatchObject({ status: 'valid', article: 5, validUntil: '2026-05-10' });
  });

  it(`is expiring during the last ${EXPIRING_WINDOW_MONTHS} months`, () => {
    expect(EXPIRING_WINDOW_MONTHS).toBe(6);
    expect(awardStatus(award, '2025-11-10').status).toBe('valid');
    expect(awardStatus(award, '2025-11-11')).toMatchObject({ status: 'expiring', expiringFrom: '2025-11-11' });
    expect(awardStatus(award, '2026-05-10').status).toBe('expiring');
  });

  it('expires the day after the 3-year boundary', () => {
    const r = awardStatus(award, '2026-05-11');
    expect(r.status).toBe('expired');
    expect(r.message.zh).toContain('2026-05-10');
  });

  it('revoked from the revocation date on, with its article when the reason is known', () => {
    const revoked = { ...award, revokedOn: '2024-08-01', revocationReason: 'fraud' as const };
    expect(awardStatus(revoked, '2024-07-31').status).toBe('valid');
    expect(awardStatus(revoked, '2024-08-01')).toMatchObject({ status: 'revoked', article: 27 });
    expect(awardStatus(revoked, '2030-01-01').status).toBe('revoked');
    expect(awardStatus({ ...award, revokedOn: '2024-08-01' }, '2025-01-01').article).toBeUndefined();
  });

  it('rejects inconsistent dates', () => {
    expect(() => awardStatus(award, '2023-05-09')).toThrow(RulesInputError);
    expect(() => awardStatus({ ...award, revokedOn: '2023-01-01' }, '2024-01-01')).toThrow(/revokedOn/);
    expect(() => awardStatus({ awardedOn: '2023-5-10' }, '2024-01-01')).toThrow(/awardedOn/);
  });
});

describe('revocation review (Art. 27–28)', () => {
  it('a major accident within 3 years opens a review (Art. 28)', () => {
    const a = assessIncident(award, { date: '2026-05-10', kind: 'major_safety_accident' });
    expect(a).toMatchObject({ needed: true, reason: 'major_accident', article: 28 });
    expect(needsRevocationReview(award, { date: '2024-01-15', kind: 'major_quality_accident' })).toBe(true);
    expect(needsRevocationReview(award, { date: '2025-03-01', kind: 'serious_violation' })).toBe(true);
  });

  it('an incident after the 3 years does not', () => {
    const a = assessIncident(award, { date: '2026-05-11', kind: 'major_safety_accident' });
    expect(a.needed).toBe(false);
    expect(a.message.en).toContain('Art. 28 does not apply');
    expect(needsRevocationReview(award, { date: '2026-05-11', kind: 'serious_violation' })).toBe(false);
    expect(needsRevocationReview(award, { date: '2023-05-09', kind: 'serious_violation' })).toBe(false);
  });

  it('fraud opens a review at any time (Art. 27)', () => {
    expect(assessIncident(award, { date: '2030-01-01', kind: 'fraud' })).toMatchObject({ needed: true, reason: 'fraud', article: 27 });
  });

  it('nothing to review once revoked', () => {
    expect(needsRevocationReview({ ...award, revokedOn: '2024-01-01' }, { date: '2024-06-01', kind: 'fraud' })).toBe(false);
  });

  it('rejects an unknown incident kind', () => {
    expect(() => assessIncident(award, { date: '2024-01-01', kind: 'scandal' as 'fraud' })).toThrow(RulesInputError);
  });

  it('revocation reasons carry their article and consequences', () => {
    expect(REVOCATION_REASONS.fraud.article).toBe(27);
    expect(REVOCATION_REASONS.fraud.consequences.map((c) => c.zh)).toEqual(['撤销市长质量奖称号', '收回奖牌、证书', '追缴奖金', '向社会公告']);
    expect(REVOCATION_REASONS.major_accident.article).toBe(28);
    expect(REVOCATION_REASONS.serious_violation.article).toBe(28);
  });
});
