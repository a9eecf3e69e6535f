import { describe, expect, it } from 'vitest';
import { checkEligibility, ELIGIBILITY_RULES, type EligibilityFacts } from '@mqa/rules';
import { declaredFactRows, FACT_NAMES, formatFactValue, isDeclared, NOT_DECLARED } from './facts.ts';

const HAN = /[\u3400-\u9fff]/;

describe('formatFactValue', () => {
  it('formats yes/no, dates, numbers and lists in Chinese and English', () => {
    expect(formatFactValue('registeredInOrdos', true)).toEqual({ zh: '是', en: 'Yes' });
    expect(formatFactValue('onAbnormalOperationList', false)).toEqual({ zh: '否', en: 'No' });
    expect(formatFactValue('foundedOn', '2019-03-05')).toEqual({ zh: '2019年3月5日', en: '5 Mar 2019' });
    expect(formatFactValue('yearsInQualityWork', 12)).toEqual({ zh: '12 年', en: '12 years' });
    expect(formatFactValue('yearsInQualityWork', 1)).toEqual({ zh: '1 年', en: '1 year' });
    expect(formatFactValue('someCount', 1234.5)).toEqual({ zh: '1,234.5', en: '1,234.5' });
    expect(formatFactValue('areas', ['2021-01-02', true, 3])).toEqual({ zh: '2021年1月2日、是、3', en: '2 Jan 2021, Yes, 3' });
  });

  it('says "not declared" for absent values and shows a malformed date as stored', () => {
    for (const v of [undefined, null, '', '  ', []]) {
      expect(isDeclared(v)).toBe(false);
      expect(formatFactValue('foundedOn', v)).toEqual(NOT_DECLARED);
    }
    expect(NOT_DECLARED).toEqual({ zh: '未申报', en: 'Not declared' });
    expect(isDeclared(false)).toBe(true);
    expect(isDeclared(0)).toBe(true);
    expect(formatFactValue('foundedOn', '2019/03/05')).toEqual({ zh: '2019/03/05', en: '2019/03/05' });
  });
});

describe('declaredFactRows', () => {
  it('names every fact a rule reads, in both languages', () => {
    for (const rule of ELIGIBILITY_RULES) {
      for (const fact of rule.facts) {
        const name = FACT_NAMES[fact];
        expect(name, `${rule.code}: ${fact}`).toBeDefined();
        expect(HAN.test(name!.zh)).toBe(true);
        expect(HAN.test(name!.en)).toBe(false);
      }
    }
  });

  it('lists the facts of the applicant type with their rules and articles, failing rules from the stored verdict', () => {
    const facts: EligibilityFacts = {
      applicantType: 'organisation',
      registeredInOrdos: true,
      independentLegalPerson: true,
      foundedOn: '2010-06-01',
      continuousNormalOperation: true,
      licencesHeld: true,
      compliesWithRegulations: true,
      qualitySystemAppliesGbT19580: true,
      topOfSectorFor3Years: true,
      contravenesNationalPolicy: false,
      lacksRequiredLicences: false,
      majorIncidentWithin3Years: false,
      onAbnormalOperationList: true,
      awardFraudWithin3Years: false,
      seriousTaxOrSocialInsuranceViolationWithin3Years: false,
      onSeriousDishonestyList: false,
      // goodCreditRecord not declared
    };
    const verdict = checkEligibility(facts, { asOf: '2025-04-01' });
    const { applicantType: _type, ...declared } = facts;
    const rows = declaredFactRows('organisation', declared, verdict.failures);

    // Every fact an organisation's rules read, once, in the order of the measures; none of an individual's.
    const orgFacts = [...new Set(ELIGIBILITY_RULES.filter((r) => r.appliesTo !== 'individual').flatMap((r) => r.facts))];
    expect(rows.map((r) => r.key)).toEqual(orgFacts);
    expect(rows.some((r) => r.key === 'yearsInQualityWork')).toBe(false);

    const row = (k: string) => rows.find((r) => r.key === k)!;
    expect(row('foundedOn')).toMatchObject({ declared: true, value: { zh: '2010年6月1日', en: '1 Jun 2010' }, failing: false });
    expect(row('foundedOn').rules).toMatchObject([
      { code: 'ORG_YEARS_OF_OPERATION', article: 10, clause: 1, articleText: { zh: '第10条第(一)项', en: 'Art. 10(1)' }, failing: false },
    ]);

    const listed = row('onAbnormalOperationList');
    expect(listed).toMatchObject({ declared: true, value: { zh: '是', en: 'Yes' }, failing: true });
    expect(listed.rules).toMatchObject([
      { code: 'EXC_ABNORMAL_OPERATION_LIST', kind: 'exclusion', articleText: { zh: '第12条第(六)项', en: 'Art. 12(6)' }, failing: true, reason: 'failed' },
    ]);

    const credit = row('goodCreditRecord');
    expect(credit).toMatchObject({ declared: false, value: { zh: '未申报', en: 'Not declared' }, failing: true });
    expect(credit.rules[0]).toMatchObject({ code: 'ORG_GOOD_CREDIT', article: 10, clause: 5, reason: 'undeclared' });

    // Exactly the rules the check failed are marked.
    const failingCodes = [...new Set(rows.flatMap((r) => r.rules.filter((x) => x.failing).map((x) => x.code)))].sort();
    expect(failingCodes).toEqual(verdict.failures.map((f) => f.code).sort());
  });

  it('shows a rule that reads two facts beside both, and stored facts no rule reads at the end', () => {
    const rows = declaredFactRows('individual', { yearsInQualityWork: 3, isHeadOfOrganisation: false, extraNote: '补充说明', emptyExtra: null }, [
      { code: 'IND_YEARS_IN_QUALITY_WORK', reason: 'failed' },
    ]);
    const row = (k: string) => rows.find((r) => r.key === k)!;
    expect(row('yearsInQualityWork')).toMatchObject({ value: { zh: '3 年', en: '3 years' }, failing: true });
    expect(row('qualityWorkSince')).toMatchObject({ declared: false, failing: true });
    expect(row('qualityWorkSince').rules.map((r) => r.code)).toEqual(['IND_YEARS_IN_QUALITY_WORK']);
    expect(row('headedOrganisationMajorIncidentWithin3Years').rules.map((r) => r.code)).toEqual(['IND_HEADED_ORGANISATION_RECORD']);
    expect(row('isHeadOfOrganisation').rules.map((r) => r.code)).toEqual(['IND_HEADED_ORGANISATION_RECORD']);
    expect(rows.some((r) => r.key === 'foundedOn')).toBe(false);
    expect(rows.at(-1)).toMatchObject({ key: 'extraNote', name: { zh: 'extraNote', en: 'extraNote' }, declared: true, rules: [], failing: false });
    expect(rows.some((r) => r.key === 'emptyExtra')).toBe(false);
  });

  it('shows every fact as not declared when nothing readable is stored, and no rule failing before a check', () => {
    const rows = declaredFactRows('individual', null, []);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => !r.declared && r.value.zh === '未申报' && !r.failing)).toBe(true);
  });
});
