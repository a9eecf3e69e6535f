import { describe, expect, it } from 'vitest';
import { addWorkingDays } from './calendar.ts';
import { checkEligibility } from './eligibility.ts';
import { eligibilityVerdict, qualificationReviewDeadline } from './intake.ts';

describe('eligibilityVerdict', () => {
  it('treats undeclared facts as to be supplemented, not as vetoes', () => {
    const r = checkEligibility({ applicantType: 'organisation' }, { asOf: '2025-03-01' });
    expect(r.eligible).toBe(false);
    const v = eligibilityVerdict(r.failures);
    expect(v.status).toBe('incomplete');
    expect(v.vetoes).toEqual([]);
    expect(v.toSupplement.length).toBe(r.failures.length);
  });

  it('is ineligible as soon as one declared fact fails, keeping the undeclared ones apart', () => {
    const r = checkEligibility({ applicantType: 'organisation', registeredInOrdos: false }, { asOf: '2025-03-01' });
    const v = eligibilityVerdict(r.failures);
    expect(v.status).toBe('ineligible');
    expect(v.vetoes.map((f) => f.code)).toEqual(['ORG_REGISTERED_IN_ORDOS']);
    expect(v.toSupplement.some((f) => f.code === 'ORG_REGISTERED_IN_ORDOS')).toBe(false);
    expect(v.toSupplement.length).toBe(r.failures.length - 1);
  });

  it('is eligible with no failures', () => {
    expect(eligibilityVerdict([]).status).toBe('eligible');
  });
});

describe('qualificationReviewDeadline', () => {
  it('counts 10 working days from receipt, or from a later supplement', () => {
    expect(qualificationReviewDeadline('2025-03-03').deadline).toBe(addWorkingDays('2025-03-03', 10));
    const d = qualificationReviewDeadline('2025-03-03', '2025-03-20');
    expect(d.from).toBe('2025-03-20');
    expect(d.deadline).toBe(addWorkingDays('2025-03-20', 10));
    expect(qualificationReviewDeadline('2025-03-03', '2025-03-01').from).toBe('2025-03-03');
  });
});
