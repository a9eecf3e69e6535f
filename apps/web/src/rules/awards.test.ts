import { describe, expect, it } from 'vitest';
import { awardStatusType, revocationArticle, revocationProblems, type RevocationForm } from './awards.ts';

const AWARD = { awardedOn: '2023-12-01', prizeRmb: 500_000 };
const ok: RevocationForm = { reason: 'major_accident', detail: '较大安全事故', revokedOn: '2025-06-01', prizeRecoveredRmb: 500_000 };

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
    expect(revocationProblems({ reason: '', detail: ' ', revokedOn: '', prizeRecoveredRmb: null }, AWARD, '2025-06-01')).toEqual([
      'reason',
      'detail',
      'date',
      'prize',
    ]);
    expect(revocationProblems({ ...ok, revokedOn: '2023-11-30' }, AWARD, '2025-06-01')).toEqual(['beforeAward']);
    expect(revocationProblems({ ...ok, revokedOn: '2025-06-02' }, AWARD, '2025-06-01')).toEqual(['future']);
    expect(revocationProblems({ ...ok, prizeRecoveredRmb: 500_001 }, AWARD, '2025-06-01')).toEqual(['prizeTooHigh']);
    expect(revocationProblems({ ...ok, prizeRecoveredRmb: -1 }, AWARD, '2025-06-01')).toEqual(['prize']);
    expect(revocationProblems({ ...ok, prizeRecoveredRmb: 1.5 }, AWARD, '2025-06-01')).toEqual(['prize']);
  });
});
