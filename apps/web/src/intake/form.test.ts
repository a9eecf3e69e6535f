import { describe, expect, it } from 'vitest';
import { ELIGIBILITY_RULES } from '@mqa/rules';
import { answersFrom, booleanFacts, createInputFrom, emptyRegisterForm, factsFrom, missingMaterialsToConfirm } from './form.ts';

describe('the registration form', () => {
  it('asks an organisation and an individual for the yes/no facts of their rules only', () => {
    const org = booleanFacts('organisation');
    const ind = booleanFacts('individual');
    expect(org).toContain('registeredInOrdos');
    expect(org).toContain('awardFraudWithin3Years');
    expect(org).not.toContain('innovationContribution');
    expect(org).not.toContain('foundedOn');
    expect(ind).toContain('isHeadOfOrganisation');
    expect(ind).not.toContain('registeredInOrdos');
    expect(ind).not.toContain('yearsInQualityWork');
    // Every boolean fact a rule of the type reads is asked for.
    for (const r of ELIGIBILITY_RULES.filter((x) => x.appliesTo !== 'individual')) {
      for (const fact of r.facts) if (fact !== 'foundedOn') expect(org).toContain(fact);
    }
  });

  it('leaves blank answers out of the facts (to be supplemented) and keeps no as false', () => {
    const answers = { ...answersFrom(null, 'organisation'), registeredInOrdos: 'yes' as const, majorIncidentWithin3Years: 'no' as const };
    expect(factsFrom('organisation', answers, { foundedOn: '2010-05-01' })).toEqual({
      applicantType: 'organisation',
      registeredInOrdos: true,
      majorIncidentWithin3Years: false,
      foundedOn: '2010-05-01',
    });
    expect(answersFrom({ registeredInOrdos: false, goodCreditRecord: true }, 'organisation')).toMatchObject({
      registeredInOrdos: 'no',
      goodCreditRecord: 'yes',
      licencesHeld: '',
    });
  });

  it('builds the input of applications.create without blank optional fields', () => {
    const form = emptyRegisterForm(2026, '2026-03-02');
    Object.assign(form, {
      name: ' 示例公司 ',
      uscc: '91150602ma0qc0001x',
      sector: 'coal_mining',
      district: '150602',
      channel: 'district_bureau',
      recommender: '东胜区市场监督管理局',
      foundedOn: '2010-01-01',
    });
    form.answers.registeredInOrdos = 'yes';
    expect(createInputFrom(form)).toEqual({
      year: 2026,
      applicantType: 'organisation',
      name: '示例公司',
      uscc: '91150602MA0QC0001X',
      sector: 'coal_mining',
      district: '150602',
      channel: 'district_bureau',
      recommender: '东胜区市场监督管理局',
      receivedOn: '2026-03-02',
      foundedOn: '2010-01-01',
      facts: { applicantType: 'organisation', registeredInOrdos: true },
    });
    form.applicantType = 'individual';
    form.qualityWorkSince = '2001-01-01';
    form.position = '质量总监';
    const ind = createInputFrom(form);
    expect(ind).toMatchObject({ applicantType: 'individual', qualityWorkSince: '2001-01-01', position: '质量总监' });
    expect(ind).not.toHaveProperty('foundedOn');
  });

  it('recognises the refusal that asks to confirm missing materials, and nothing else', () => {
    const missing = [{ id: 'application_form', name: { zh: '申报表', en: 'Application form' } }];
    expect(missingMaterialsToConfirm({ data: { code: 'PRECONDITION_FAILED', details: { needsConfirm: true, missing } } })).toEqual(missing);
    expect(missingMaterialsToConfirm({ data: { code: 'PRECONDITION_FAILED', details: null } })).toBeNull();
    expect(missingMaterialsToConfirm(new Error('x'))).toBeNull();
  });
});
