import { describe, expect, it } from 'vitest';
import { makeUscc } from './uscc.ts';
import { detectConflicts, isRecused, sameOrganisation, type ApplicantProfile, type ExaminerProfile } from './recusal.ts';

// Synthetic organisations (valid codes made with makeUscc; not real companies).
const applicant: ApplicantProfile = {
  id: 'app-1',
  applicantType: 'organisation',
  name: '鄂尔多斯示例能源有限公司',
  uscc: makeUscc('91150602MA0000001'),
};
const unrelated: ExaminerProfile = { id: 'ex-1', name: '张评审', employer: { uscc: makeUscc('12150600000000001'), name: '鄂尔多斯示例研究院' } };

describe('detectConflicts (Art. 24)', () => {
  it('no ties → no conflict', () => {
    expect(detectConflicts(unrelated, applicant)).toEqual([]);
    expect(isRecused(unrelated, applicant)).toBe(false);
  });

  it('an examiner employed by the applicant is recused (same USCC)', () => {
    const ex = { ...unrelated, employer: { uscc: ` ${applicant.uscc!.toLowerCase()}` } };
    const conflicts = detectConflicts(ex, applicant);
    expect(conflicts).toEqual([expect.objectContaining({ kind: 'same_organisation', article: 24, source: 'automatic' })]);
    expect(conflicts[0]!.reason.zh).toContain('任职于申报组织');
    expect(isRecused(ex, applicant)).toBe(true);
  });

  it('same employer by name when no USCC is known (full-width brackets and spaces folded)', () => {
    const app = { applicantType: 'organisation' as const, name: '示例（鄂尔多斯）化工有限公司' };
    const ex = { employer: { name: '示例(鄂尔多斯) 化工有限公司' } };
    expect(detectConflicts(ex, app).map((c) => c.kind)).toEqual(['same_organisation']);
  });

  it('different USCCs win over equal names', () => {
    expect(sameOrganisation({ uscc: 'A', name: 'X' }, { uscc: 'B', name: 'X' })).toBe(false);
  });

  it('an individual applicant working with the examiner is a conflict', () => {
    const person: ApplicantProfile = { id: 'p-1', applicantType: 'individual', name: '李质量', employer: unrelated.employer! };
    expect(detectConflicts(unrelated, person).map((c) => c.kind)).toEqual(['same_organisation']);
  });

  it('declared employment, business and relative ties, and declared conflicts', () => {
    const ex: ExaminerProfile = {
      ...unrelated,
      employmentTies: [{ uscc: applicant.uscc! }],
      businessTies: [{ name: applicant.name! }],
      relatives: [{ relation: '配偶', name: '王某', employer: { uscc: applicant.uscc! } }],
      declaredConflicts: [{ applicantId: 'app-1', reason: '曾为其提供咨询' }],
    };
    const conflicts = detectConflicts(ex, applicant);
    expect(conflicts.map((c) => c.kind)).toEqual(['employment_tie', 'business_tie', 'relative', 'declared']);
    expect(conflicts.every((c) => c.article === 24 && c.source === 'declared')).toBe(true);
    expect(conflicts[3]!.reason.zh).toContain('曾为其提供咨询');
  });

  it('a relative who is the individual applicant', () => {
    const person: ApplicantProfile = { applicantType: 'individual', name: '李质量', personId: 'p-9' };
    expect(detectConflicts({ relatives: [{ relation: '兄弟', personId: 'p-9' }] }, person).map((c) => c.kind)).toEqual(['relative']);
    expect(detectConflicts({ relatives: [{ relation: '兄弟', personId: 'p-8', name: '李质量' }] }, person)).toEqual([]);
  });

  it('a recusal recorded by the secretariat counts too', () => {
    expect(isRecused(unrelated, applicant, [{ examinerId: 'ex-1', applicantId: 'app-1' }])).toBe(true);
    expect(isRecused(unrelated, applicant, [{ examinerId: 'ex-2', applicantId: 'app-1' }])).toBe(false);
  });
});
