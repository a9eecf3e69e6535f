import { describe, expect, it } from 'vitest';
import { awardStatusType, revocationArticle, revocationProblems, type RevocationForm } from './awards.ts';

const AWARD = { awardedOn: '2023-12-01', prizeRmb: 500_000 };
const ok: RevocationForm = {
  reason: 'major_accident',
  detail: '较大安全事故',
  revokedOn: '2025-06-01',
  decisionNo: '',
  prizeToRecoverRmb: 500_000,
  prizeRecoveredRmb: 500_000,
  prizeRecoveredOn: '2025-06-01',
};

describe('awards', () => {
  it('maps statuses to tag colours', () => {
    expect(['valid', 'expiring', 'expired', 'revoked'].map(awardStatusType)).toEqual(['success', 'warning', 'info', 'danger']);
  });

  it('names the article of each revocation reason', () => {
    expect(revocationArticle('fraud')).toBe(27);
    expect(revocationArticle('major_accident')).toBe(28);
    expect(revocationArticle('serious_violation')).toBe(28);
  });

  it('accepts a complete revocation', () => {
    expect(revocationProblems(ok, AWARD, '2025-06-01')).toEqual([]);
  });

  it('explains what is missing or wrong', () => {
    expect(revocationProblems({ ...ok, reason: '', detail: ' ', revokedOn: '', prizeToRecoverRmb: null, prizeRecoveredRmb: 0 }, AWARD, '2025-06-01')).toEqual([
      'reason',
      'detail',
      'date',
      'prize',
    ]);
    expect(revocationProblems({ ...ok, revokedOn: '2023-11-30' }, AWARD, '2025-06-01')).toEqual(['beforeAward']);
    expect(revocationProblems({ ...ok, revokedOn: '2025-06-02', prizeRecoveredRmb: 0 }, AWARD, '2025-06-01')).toEqual(['future']);
    expect(revocationProblems({ ...ok, prizeToRecoverRmb: 500_001, prizeRecoveredRmb: 0 }, AWARD, '2025-06-01')).toEqual(['prizeTooHigh']);
    expect(revocationProblems({ ...ok, prizeToRecoverRmb: -1, prizeRecoveredRmb: 0 }, AWARD, '2025-06-01')).toEqual(['prize']);
    expect(revocationProblems({ ...ok, prizeToRecoverRmb: 1.5, prizeRecoveredRmb: 0 }, AWARD, '2025-06-01')).toEqual(['prize']);
    expect(revocationProblems({ ...ok, prizeToRecoverRmb: 100, prizeRecoveredRmb: 200 }, AWARD, '2025-06-01')).toEqual(['recoveredTooHigh']);
  });

  it('needs the date of a recovered amount, not before the decision nor after today', () => {
    expect(revocationProblems({ ...ok, prizeRecoveredOn: '' }, AWARD, '2025-06-01')).toEqual(['recoveryDate']);
    expect(revocationProblems({ ...ok, revokedOn: '2025-05-01', prizeRecoveredOn: '2025-04-30' }, AWARD, '2025-06-01')).toEqual(['recoveryDate']);
    expect(revocationProblems({ ...ok, prizeRecoveredRmb: 0, prizeRecoveredOn: '' }, AWARD, '2025-06-01')).toEqual([]);
  });
});
