import { describe, expect, it } from 'vitest';
import {
  ELIGIBILITY_RULES,
  FACT_NAMES,
  checkEligibility,
  rulesFor,
  type EligibilityRule,
  type IndividualEligibilityFacts,
  type OrganisationEligibilityFacts,
} from './eligibility.ts';
import { RulesInputError } from './i18n.ts';

const ASOF = '2025-06-15';

const goodOrganisation: OrganisationEligibilityFacts = {
  applicantType: 'organisation',
  registeredInOrdos: true,
  independentLegalPerson: true,
  foundedOn: '2010-03-01',
  continuousNormalOperation: true,
  licencesHeld: true,
  compliesWithRegulations: true,
  qualitySystemAppliesGbT19580: true,
  topOfSectorFor3Years: true,
  goodCreditRecord: true,
  contravenesNationalPolicy: false,
  lacksRequiredLicences: false,
  majorIncidentWithin3Years: false,
  awardFraudWithin3Years: false,
  seriousTaxOrSocialInsuranceViolationWithin3Years: false,
  onAbnormalOperationList: false,
  onSeriousDishonestyList: false,
};

const goodIndividual: IndividualEligibilityFacts = {
  applicantType: 'individual',
  qualityWorkSince: '2012-09-01',
  innovationContribution: true,
  integrityAndGoodCredit: true,
  isHeadOfOrganisation: false,
  awardFraudWithin3Years: false,
  seriousTaxOrSocialInsuranceViolationWithin3Years: false,
  onSeriousDishonestyList: false,
};

/** Facts that make exactly `rule` fail. */
function failing(rule: EligibilityRule): OrganisationEligibilityFacts | IndividualEligibilityFacts {
  const base = rule.appliesTo === 'individual' ? goodIndividual : goodOrganisation;
  switch (rule.code) {
    case 'ORG_YEARS_OF_OPERATION':
      return { ...goodOrganisation, foundedOn: '2023-01-01' };
    case 'IND_YEARS_IN_QUALITY_WORK':
      return { ...goodIndividual, qualityWorkSince: '2021-01-01' };
    case 'IND_HEADED_ORGANISATION_RECORD':
      return { ...goodIndividual, isHeadOfOrganisation: true, headedOrganisationMajorIncidentWithin3Years: true };
    default:
      return { ...base, [rule.facts[0]!]: rule.kind === 'condition' ? false : true };
  }
}

describe('rule table', () => {
  it('is declarative data: unique codes, articles 10–12, bilingual texts', () => {
    expect(new Set(ELIGIBILITY_RULES.map((r) => r.code)).size).toBe(ELIGIBILITY_RULES.length);
    for (const r of ELIGIBILITY_RULES) {
      expect([10, 11, 12]).toContain(r.article);
      expect(r.kind).toBe(r.article === 12 ? 'exclusion' : 'condition');
      expect(r.title.zh && r.title.en && r.message.zh && r.message.en).toBeTruthy();
      expect(r.facts.length).toBeGreaterThan(0);
    }
    // Art. 12 has six clauses, each with at least one exclusion
    const clauses = new Set(ELIGIBILITY_RULES.filter((r) => r.article === 12).map((r) => r.clause));
    expect([...clauses].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('complete, clean declarations pass', () => {
    expect(checkEligibility(goodOrganisation, { asOf: ASOF })).toMatchObject({ eligible: true, failures: [] });
    expect(checkEligibility(goodIndividual, { asOf: ASOF })).toMatchObject({ eligible: true, failures: [] });
  });
});

describe('each rule fails on its own, with its article and reason', () => {
  it.each(ELIGIBILITY_RULES.map((r) => [r.code, r] as const))('%s', (_code, rule) => {
    const result = checkEligibility(failing(rule), { asOf: ASOF });
    expect(result.eligible).toBe(false);
    expect(result.failures).toHaveLength(1);
    const [failure] = result.failures;
    expect(failure).toMatchObject({ code: rule.code, article: rule.article, clause: rule.clause, kind: rule.kind, reason: 'failed' });
    expect(failure!.message.zh).toContain(rule.message.zh);
    expect(failure!.message.zh).toContain(`第${rule.article}条`);
    expect(failure!.message.en).toContain(`Art. ${rule.article}(${rule.clause})`);
  });
});

describe('Art. 12 exclusions, one at a time', () => {
  const exclusions = ELIGIBILITY_RULES.filter((r) => r.kind === 'exclusion');
  it('every exclusion applies to organisations', () => {
    expect(exclusions.every((r) => r.appliesTo !== 'individual')).toBe(true);
  });
  it.each(exclusions.map((r) => [r.clause, r.code, r] as const))('12(%s) %s vetoes an otherwise eligible organisation', (_c, code, rule) => {
    const facts = { ...goodOrganisation, [rule.facts[0]!]: true };
    const result = checkEligibility(facts, { asOf: ASOF });
    expect(result.eligible).toBe(false);
    expect(result.failures.map((f) => f.code)).toEqual([code]);
  });
});

describe('Art. 10(1): years of operation', () => {
  it('exactly 3 years passes, one day short fails', () => {
    const facts = { ...goodOrganisation, foundedOn: '2022-06-15' };
    expect(checkEligibility(facts, { asOf: '2025-06-15' }).eligible).toBe(true);
    const short = checkEligibility(facts, { asOf: '2025-06-14' });
    expect(short.eligible).toBe(false);
    expect(short.failures).toEqual([expect.objectContaining({ code: 'ORG_YEARS_OF_OPERATION', article: 10, clause: 1, reason: 'failed' })]);
  });

  it('an organisation founded on 29 February completes 3 years on 28 February (Civil Code Art. 202)', () => {
    const facts = { ...goodOrganisation, foundedOn: '2020-02-29' };
    expect(checkEligibility(facts, { asOf: '2023-02-28' }).eligible).toBe(true);
    expect(checkEligibility(facts, { asOf: '2023-02-27' }).eligible).toBe(false);
  });

  it('a malformed founding date is reported as invalid, not passed', () => {
    const r = checkEligibility({ ...goodOrganisation, foundedOn: '2020-02-30' }, { asOf: ASOF });
    expect(r.failures).toEqual([expect.objectContaining({ code: 'ORG_YEARS_OF_OPERATION', reason: 'invalid' })]);
  });
});

describe('missing facts never pass', () => {
  it('an empty organisation declaration fails every organisation rule as not declared', () => {
    const r = checkEligibility({ applicantType: 'organisation' }, { asOf: ASOF });
    const orgRules = rulesFor('organisation');
    expect(r.eligible).toBe(false);
    expect(r.failures.map((f) => f.code)).toEqual(orgRules.map((x) => x.code));
    expect(r.failures.every((f) => f.reason === 'undeclared')).toBe(true);
    expect(r.failures[0]!.message.zh).toMatch(/^未申报/);
    expect(r.failures[0]!.message.en).toMatch(/^Not declared/);
  });

  it('names the missing or malformed facts in words, never by their keys', () => {
    const empty = checkEligibility({ applicantType: 'organisation' }, { asOf: ASOF });
    const malformed = checkEligibility({ ...goodOrganisation, foundedOn: 'soon', continuousNormalOperation: 'yes' as unknown as boolean }, { asOf: ASOF });
    const keys = new RegExp(Object.keys(FACT_NAMES).join('|'));
    for (const f of [...empty.failures, ...malformed.failures]) {
      expect(f.message.zh, f.code).not.toMatch(keys);
      expect(f.message.en, f.code).not.toMatch(keys);
    }
    const operation = empty.failures.find((f) => f.code === 'ORG_CONTINUOUS_OPERATION');
    expect(operation?.message.zh).toBe('未申报：未填写“连续正常运营”（第10条第（一）项）');
    expect(operation?.message.en).toBe('Not declared: "Continuous normal operation" not filled in (Art. 10(1))');
    expect(malformed.failures.map((f) => f.reason)).toEqual(['invalid', 'invalid']);
    expect(malformed.failures[0]!.message.zh).toMatch(/^申报信息无效：“成立日期”的填写格式不正确/);
    // Every fact a rule reads has its name in both languages.
    for (const r of ELIGIBILITY_RULES) for (const k of r.facts) expect(FACT_NAMES[k], k).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
  });

  it('one undeclared exclusion fact is its own failure', () => {
    const { onSeriousDishonestyList: _omitted, ...rest } = goodOrganisation;
    const r = checkEligibility(rest, { asOf: ASOF });
    expect(r.failures).toEqual([expect.objectContaining({ code: 'EXC_SERIOUS_DISHONESTY_LIST', article: 12, clause: 6, reason: 'undeclared' })]);
  });

  it('lists every failure at once', () => {
    const r = checkEligibility({ ...goodOrganisation, registeredInOrdos: false, onAbnormalOperationList: true, goodCreditRecord: undefined }, { asOf: ASOF });
    expect(r.failures.map((f) => [f.code, f.reason])).toEqual([
      ['ORG_REGISTERED_IN_ORDOS', 'failed'],
      ['ORG_GOOD_CREDIT', 'undeclared'],
      ['EXC_ABNORMAL_OPERATION_LIST', 'failed'],
    ]);
  });
});

describe('Art. 11: individuals', () => {
  it('only individual and shared rules are checked', () => {
    const r = checkEligibility(goodIndividual, { asOf: ASOF });
    expect(r.checked).toEqual(rulesFor('individual').map((x) => x.code));
    expect(r.checked).not.toContain('EXC_ABNORMAL_OPERATION_LIST');
    expect(r.checked).toContain('EXC_AWARD_FRAUD');
  });

  it('5 years of quality work: exactly 5 passes, one day short fails', () => {
    const facts = { ...goodIndividual, qualityWorkSince: '2020-06-15' };
    expect(checkEligibility(facts, { asOf: '2025-06-15' }).eligible).toBe(true);
    expect(checkEligibility(facts, { asOf: '2025-06-14' }).failures.map((f) => f.code)).toEqual(['IND_YEARS_IN_QUALITY_WORK']);
  });

  it('declared years take precedence over the start date', () => {
    expect(checkEligibility({ ...goodIndividual, yearsInQualityWork: 4 }, { asOf: ASOF }).eligible).toBe(false);
    expect(checkEligibility({ ...goodIndividual, qualityWorkSince: undefined, yearsInQualityWork: 5 }, { asOf: ASOF }).eligible).toBe(true);
    expect(checkEligibility({ ...goodIndividual, yearsInQualityWork: -1 }, { asOf: ASOF }).failures.map((f) => f.reason)).toEqual(['invalid']);
  });

  it('a head of organisation needs a clean 3-year record of that organisation', () => {
    const head = { ...goodIndividual, isHeadOfOrganisation: true };
    expect(checkEligibility({ ...head, headedOrganisationMajorIncidentWithin3Years: false }, { asOf: ASOF }).eligible).toBe(true);
    const undeclared = checkEligibility(head, { asOf: ASOF });
    expect(undeclared.failures).toEqual([expect.objectContaining({ code: 'IND_HEADED_ORGANISATION_RECORD', article: 11, reason: 'undeclared' })]);
    // not a head: the organisation's record is not asked for
    expect(checkEligibility({ ...goodIndividual, isHeadOfOrganisation: false }, { asOf: ASOF }).eligible).toBe(true);
    const notDeclaredWhetherHead = { ...goodIndividual, isHeadOfOrganisation: undefined };
    expect(checkEligibility(notDeclaredWhetherHead, { asOf: ASOF }).failures.map((f) => f.reason)).toEqual(['undeclared']);
  });

  it('an individual on the serious-dishonesty list is excluded (Art. 12(6))', () => {
    const r = checkEligibility({ ...goodIndividual, onSeriousDishonestyList: true }, { asOf: ASOF });
    expect(r.failures).toEqual([expect.objectContaining({ code: 'EXC_SERIOUS_DISHONESTY_LIST', article: 12, clause: 6 })]);
  });
});

describe('bad input', () => {
  it('throws a bilingual error on a missing applicant type or bad asOf', () => {
    expect(() => checkEligibility({} as OrganisationEligibilityFacts)).toThrow(RulesInputError);
    expect(() => checkEligibility({ applicantType: 'company' } as unknown as OrganisationEligibilityFacts)).toThrow(/applicantType/);
    expect(() => checkEligibility(goodOrganisation, { asOf: '15/06/2025' })).toThrow(/asOf/);
  });

  it('a non-boolean flag is invalid, not truthy', () => {
    const r = checkEligibility({ ...goodOrganisation, registeredInOrdos: 'yes' as unknown as boolean }, { asOf: ASOF });
    expect(r.failures).toEqual([expect.objectContaining({ code: 'ORG_REGISTERED_IN_ORDOS', reason: 'invalid' })]);
  });

  it('defaults asOf to today in China', () => {
    expect(checkEligibility(goodOrganisation).asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
