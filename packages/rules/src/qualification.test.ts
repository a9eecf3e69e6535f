import { describe, expect, it } from 'vitest';
import { RulesInputError } from './i18n.ts';
import { APPLICATION_MATERIALS, findMissingMaterials, planSupplementRequest, requiredMaterials } from './qualification.ts';

describe('application materials (Art. 15)', () => {
  it('lists the standard materials with bilingual names', () => {
    const ids = APPLICATION_MATERIALS.map((m) => m.id);
    for (const id of ['application_form', 'self_assessment_report', 'supporting_documents', 'recommendation_opinion']) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('differs between organisations and individuals', () => {
    const org = requiredMaterials('organisation').map((m) => m.id);
    const ind = requiredMaterials('individual').map((m) => m.id);
    expect(org).toContain('business_licence');
    expect(ind).not.toContain('business_licence');
    expect(ind).toContain('personal_achievements');
  });

  it('finds what is missing', () => {
    const all = requiredMaterials('organisation').map((m) => m.id);
    expect(findMissingMaterials('organisation', all)).toEqual([]);
    const submitted = all.filter((id) => id !== 'self_assessment_report' && id !== 'recommendation_opinion');
    expect(findMissingMaterials('organisation', submitted)).toEqual(['self_assessment_report', 'recommendation_opinion']);
  });
});

describe('supplement request (Art. 16: 一次性告知)', () => {
  it('the first request lists everything missing, once', () => {
    const d = planSupplementRequest([], ['self_assessment_report', 'recommendation_opinion', 'self_assessment_report']);
    expect(d.allowed).toBe(true);
    if (!d.allowed) return;
    expect(d.article).toBe(16);
    expect(d.request.items).toEqual(['self_assessment_report', 'recommendation_opinion']);
    expect(d.message.zh).toContain('一次性告知');
  });

  it('a second request is refused with the reason', () => {
    const d = planSupplementRequest([{ issuedOn: '2025-10-20', items: ['self_assessment_report'] }], ['recommendation_opinion']);
    expect(d).toMatchObject({ allowed: false, article: 16, code: 'already_requested' });
    expect(d.message.zh).toContain('2025-10-20');
    expect(d.message.zh).toContain('一次性告知');
    expect(d.message.en).toContain('second request is not allowed');
  });

  it('nothing missing → no request', () => {
    expect(planSupplementRequest([], [' ', ''])).toMatchObject({ allowed: false, code: 'nothing_missing' });
  });

  it('rejects malformed input', () => {
    expect(() => planSupplementRequest([], [42 as unknown as string])).toThrow(RulesInputError);
    expect(() => planSupplementRequest(undefined as unknown as [], [])).toThrow(/arrays/);
  });
});
