/**
 * Eligibility of applicants (Art. 10–12 of the measures) as a declarative rule table.
 *
 * Every fact is declared by the applicant (and verified by the recommending body, Art. 15).
 * A fact left undefined never passes: it is reported as "not declared" with its own reason.
 * Exclusion facts (Art. 12) are phrased as "does X apply?" and must be declared `false`.
 */
import { fullYearsBetween, isIsoDate, parseIsoDate, todayInChina } from './dates.ts';
import { RulesInputError, type LocalizedText } from './i18n.ts';

/** Minimum years of continuous normal operation of an organisation (Art. 10(1): "3年以上", 3 included). */
export const MIN_YEARS_OF_OPERATION = 3;
/** Minimum years in quality or quality-related work of an individual (Art. 11(1): "5年以上", 5 included). */
export const MIN_YEARS_IN_QUALITY_WORK = 5;
/** The look-back window of Art. 10(4), 11(3) and 12(3)–(5): "近3年". */
export const LOOKBACK_YEARS = 3;

/** Facts that both kinds of applicant declare (Art. 12(4)–(6)). */
export interface CommonEligibilityFacts {
  /** Art. 12(4): fraud or other misconduct in any government award in the last 3 years. */
  awardFraudWithin3Years?: boolean;
  /** Art. 12(5): serious violation in paying or withholding taxes or social-insurance contributions in the last 3 years. */
  seriousTaxOrSocialInsuranceViolationWithin3Years?: boolean;
  /** Art. 12(6): on the list of seriously illegal and dishonest entities (严重违法失信名单) / dishonest persons. */
  onSeriousDishonestyList?: boolean;
}

export interface OrganisationEligibilityFacts extends CommonEligibilityFacts {
  applicantType: 'organisation';
  /** Art. 10(1): registered within Ordos (依法在鄂尔多斯市内登记注册). */
  registeredInOrdos?: boolean;
  /** Art. 10(1): has independent legal-person status. */
  independentLegalPerson?: boolean;
  /** Art. 10(1): founding (registration) date, ISO YYYY-MM-DD; ≥ 3 full years of operation required. */
  foundedOn?: string;
  /** Art. 10(1): has been operating continuously and normally since founding (连续正常运营). */
  continuousNormalOperation?: boolean;
  /** Art. 10(1): holds the qualifications and licences its business requires. */
  licencesHeld?: boolean;
  /** Art. 10(2): operations comply with national and regional industry, environment, quality and safety law and policy. */
  compliesWithRegulations?: boolean;
  /** Art. 10(3): sound quality management system implementing GB/T 19580 with continuous improvement. */
  qualitySystemAppliesGbT19580?: boolean;
  /** Art. 10(4): scale, profit and tax, total-asset contribution (or social contribution if non-profit) in the top of its Ordos sector for the last 3 years. */
  topOfSectorFor3Years?: boolean;
  /** Art. 10(5): good credit record and reputation. */
  goodCreditRecord?: boolean;
  /** Art. 12(1): does not conform to national industry, environment or quality policy. */
  contravenesNationalPolicy?: boolean;
  /** Art. 12(2): lacks licences required by national regulations. */
  lacksRequiredLicences?: boolean;
  /** Art. 12(3): major quality, safety, pollution or public-health accident, major quality problem or legal violation in the last 3 years. */
  majorIncidentWithin3Years?: boolean;
  /** Art. 12(6): on the abnormal-operation list (经营异常名录). */
  onAbnormalOperationList?: boolean;
}

export interface IndividualEligibilityFacts extends CommonEligibilityFacts {
  applicantType: 'individual';
  /** Art. 11(1): date the person started quality or quality-related work (ISO); used when yearsInQualityWork is absent. */
  qualityWorkSince?: string;
  /** Art. 11(1): full years in quality or quality-related work; takes precedence over qualityWorkSince. */
  yearsInQualityWork?: number;
  /** Art. 11(2): quality innovation and improvement with an important contribution to the organisation or sector. */
  innovationContribution?: boolean;
  /** Art. 11(3): professional ethics, exemplary role, good personal credit record. */
  integrityAndGoodCredit?: boolean;
  /** Art. 11(3): the person is the top manager (最高管理者) of an organisation. */
  isHeadOfOrganisation?: boolean;
  /** Art. 11(3): if head, the organisation had a major accident, major negative complaint or violation record in the last 3 years. */
  headedOrganisationMajorIncidentWithin3Years?: boolean;
}

/** What an application declares, discriminated on `applicantType`. */
export type EligibilityFacts = OrganisationEligibilityFacts | IndividualEligibilityFacts;

export type ApplicantType = EligibilityFacts['applicantType'];

/** Result of one rule: 'undeclared' = a needed fact is missing, 'invalid' = a fact is malformed. */
export type RuleOutcome = 'pass' | 'fail' | 'undeclared' | 'invalid';

export interface EligibilityContext {
  /** Reference date for periods, ISO YYYY-MM-DD. */
  asOf: string;
}

export interface EligibilityRule {
  /** Stable identifier, e.g. 'ORG_YEARS_OF_OPERATION'. */
  code: string;
  article: number;
  clause?: number;
  appliesTo: ApplicantType | 'both';
  kind: 'condition' | 'exclusion';
  /** Names of the facts the rule reads (keys of EligibilityFacts), for forms and the UI. */
  facts: readonly string[];
  /** Short name of the rule. */
  title: LocalizedText;
  /** Reason shown when the rule fails. */
  message: LocalizedText;
  test(facts: EligibilityFacts, context: EligibilityContext): RuleOutcome;
}

export interface EligibilityFailure {
  article: number;
  clause?: number;
  code: string;
  kind: 'condition' | 'exclusion';
  /** 'failed': the declared facts fail the rule; 'undeclared' / 'invalid': a fact is missing / malformed. */
  reason: 'failed' | 'undeclared' | 'invalid';
  message: LocalizedText;
}

export interface EligibilityResult {
  eligible: boolean;
  applicantType: ApplicantType;
  asOf: string;
  failures: EligibilityFailure[];
  /** Codes of the rules that were evaluated (those applying to this applicant type). */
  checked: string[];
}

type Facts<T extends ApplicantType> = Extract<EligibilityFacts, { applicantType: T }>;

/** A rule that passes when a declared boolean fact equals `expected`. */
function flag<K extends string>(facts: Record<string, unknown>, key: K, expected: boolean): RuleOutcome {
  const value = facts[key];
  if (value === undefined || value === null) return 'undeclared';
  if (typeof value !== 'boolean') return 'invalid';
  return value === expected ? 'pass' : 'fail';
}

interface RuleSpec {
  code: string;
  article: number;
  clause?: number;
  appliesTo: ApplicantType | 'both';
  kind: 'condition' | 'exclusion';
  facts: readonly string[];
  title: LocalizedText;
  message: LocalizedText;
}

function booleanRule(spec: RuleSpec & { expected: boolean }): EligibilityRule {
  const { expected, ...rest } = spec;
  const key = spec.facts[0]!;
  return { ...rest, test: (facts) => flag(facts as unknown as Record<string, unknown>, key, expected) };
}

const condition = (spec: RuleSpec): EligibilityRule => booleanRule({ ...spec, expected: true });
const exclusion = (spec: RuleSpec): EligibilityRule => booleanRule({ ...spec, expected: false });

function orgYearsOfOperation(facts: EligibilityFacts, { asOf }: EligibilityContext): RuleOutcome {
  const { foundedOn } = facts as Facts<'organisation'>;
  if (foundedOn === undefined || foundedOn === null) return 'undeclared';
  if (!isIsoDate(foundedOn)) return 'invalid';
  return fullYearsBetween(foundedOn, asOf) >= MIN_YEARS_OF_OPERATION ? 'pass' : 'fail';
}

/** Full years in quality work, from yearsInQualityWork or else qualityWorkSince; undefined if undeclared, NaN if malformed. */
export function yearsInQualityWork(facts: IndividualEligibilityFacts, asOf: string): number | undefined {
  if (facts.yearsInQualityWork !== undefined && facts.yearsInQualityWork !== null) {
    const y = facts.yearsInQualityWork;
    return typeof y === 'number' && Number.isFinite(y) && y >= 0 ? y : Number.NaN;
  }
  if (facts.qualityWorkSince === undefined || facts.qualityWorkSince === null) return undefined;
  if (!isIsoDate(facts.qualityWorkSince)) return Number.NaN;
  return fullYearsBetween(facts.qualityWorkSince, asOf);
}

function indYearsInQualityWork(facts: EligibilityFacts, { asOf }: EligibilityContext): RuleOutcome {
  const years = yearsInQualityWork(facts as Facts<'individual'>, asOf);
  if (years === undefined) return 'undeclared';
  if (Number.isNaN(years)) return 'invalid';
  return years >= MIN_YEARS_IN_QUALITY_WORK ? 'pass' : 'fail';
}

function indHeadOrganisationRecord(facts: EligibilityFacts): RuleOutcome {
  const f = facts as Facts<'individual'>;
  const head = flag(f as unknown as Record<string, unknown>, 'isHeadOfOrganisation', true);
  if (head === 'undeclared' || head === 'invalid') return head;
  if (head === 'fail') return 'pass'; // not a head: the clause does not apply
  return flag(f as unknown as Record<string, unknown>, 'headedOrganisationMajorIncidentWithin3Years', false);
}

/**
 * The eligibility rules of Art. 10 (organisations), 11 (individuals) and 12 (exclusions),
 * in the order of the measures. Art. 12(1)–(3) and the abnormal-operation list concern
 * organisations (for an individual who heads an organisation, Art. 11(3) covers the
 * organisation's record); Art. 12(4), 12(5) and the serious-dishonesty list apply to both.
 */
export const ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  condition({
    code: 'ORG_REGISTERED_IN_ORDOS',
    article: 10,
    clause: 1,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['registeredInOrdos'],
    title: { zh: '在鄂尔多斯市内登记注册', en: 'Registered in Ordos' },
    message: { zh: '未在鄂尔多斯市内依法登记注册', en: 'Not registered in Ordos' },
  }),
  condition({
    code: 'ORG_INDEPENDENT_LEGAL_PERSON',
    article: 10,
    clause: 1,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['independentLegalPerson'],
    title: { zh: '具有独立法人资格', en: 'Independent legal person' },
    message: { zh: '不具有独立法人资格', en: 'Not an independent legal person' },
  }),
  {
    code: 'ORG_YEARS_OF_OPERATION',
    article: 10,
    clause: 1,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['foundedOn'],
    title: { zh: `成立满${MIN_YEARS_OF_OPERATION}年`, en: `Operating for at least ${MIN_YEARS_OF_OPERATION} full years` },
    message: {
      zh: `自成立之日起至评定基准日不满${MIN_YEARS_OF_OPERATION}年`,
      en: `Fewer than ${MIN_YEARS_OF_OPERATION} full years between founding and the reference date`,
    },
    test: orgYearsOfOperation,
  },
  condition({
    code: 'ORG_CONTINUOUS_OPERATION',
    article: 10,
    clause: 1,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['continuousNormalOperation'],
    title: { zh: '连续正常运营', en: 'Continuous normal operation' },
    message: { zh: '未能连续正常运营', en: 'Operation has not been continuous and normal' },
  }),
  condition({
    code: 'ORG_LICENCES_HELD',
    article: 10,
    clause: 1,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['licencesHeld'],
    title: { zh: '具备有关资质或证照', en: 'Holds required qualifications and licences' },
    message: { zh: '不具备有关资质或证照', en: 'Does not hold the required qualifications or licences' },
  }),
  condition({
    code: 'ORG_REGULATORY_COMPLIANCE',
    article: 10,
    clause: 2,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['compliesWithRegulations'],
    title: {
      zh: '生产经营符合产业、环保、质量、安全等法律法规及政策',
      en: 'Complies with industry, environment, quality and safety law and policy',
    },
    message: {
      zh: '生产经营不符合国家和自治区产业、环保、质量、安全等法律法规及政策要求',
      en: 'Operations do not comply with national and regional industry, environment, quality and safety law and policy',
    },
  }),
  condition({
    code: 'ORG_QUALITY_SYSTEM_GBT19580',
    article: 10,
    clause: 3,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['qualitySystemAppliesGbT19580'],
    title: { zh: '质量管理体系健全并贯彻 GB/T 19580', en: 'Sound quality system applying GB/T 19580' },
    message: {
      zh: '质量管理体系不健全或未贯彻 GB/T 19580《卓越绩效评价准则》',
      en: 'Quality management system is not sound or does not apply GB/T 19580 (Criteria for Performance Excellence)',
    },
  }),
  condition({
    code: 'ORG_TOP_OF_SECTOR',
    article: 10,
    clause: 4,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['topOfSectorFor3Years'],
    title: { zh: '近3年经营业绩或社会贡献居全市同行业前列', en: 'Top of its Ordos sector for 3 years' },
    message: {
      zh: '近3年经营规模、实现利税、总资产贡献率（非营利组织为社会贡献）未居全市同行业前列',
      en: 'Scale, profit and tax, and total-asset contribution (social contribution if non-profit) not in the top of its Ordos sector for the last 3 years',
    },
  }),
  condition({
    code: 'ORG_GOOD_CREDIT',
    article: 10,
    clause: 5,
    appliesTo: 'organisation',
    kind: 'condition',
    facts: ['goodCreditRecord'],
    title: { zh: '良好的诚信记录和社会声誉', en: 'Good credit record and reputation' },
    message: { zh: '诚信记录或社会声誉不良', en: 'Credit record or reputation is not good' },
  }),
  {
    code: 'IND_YEARS_IN_QUALITY_WORK',
    article: 11,
    clause: 1,
    appliesTo: 'individual',
    kind: 'condition',
    facts: ['yearsInQualityWork', 'qualityWorkSince'],
    title: { zh: `从事质量工作${MIN_YEARS_IN_QUALITY_WORK}年以上`, en: `At least ${MIN_YEARS_IN_QUALITY_WORK} years in quality work` },
    message: {
      zh: `从事质量或质量有关工作不满${MIN_YEARS_IN_QUALITY_WORK}年`,
      en: `Fewer than ${MIN_YEARS_IN_QUALITY_WORK} years in quality or quality-related work`,
    },
    test: indYearsInQualityWork,
  },
  condition({
    code: 'IND_INNOVATION_CONTRIBUTION',
    article: 11,
    clause: 2,
    appliesTo: 'individual',
    kind: 'condition',
    facts: ['innovationContribution'],
    title: { zh: '质量创新与改进贡献突出', en: 'Important contribution to quality innovation and improvement' },
    message: {
      zh: '未体现质量创新和改进意识或对提高组织、行业质量水平的重要贡献',
      en: 'No demonstrated quality innovation and improvement or important contribution to the quality of an organisation or sector',
    },
  }),
  condition({
    code: 'IND_INTEGRITY_CREDIT',
    article: 11,
    clause: 3,
    appliesTo: 'individual',
    kind: 'condition',
    facts: ['integrityAndGoodCredit'],
    title: { zh: '恪守职业道德，个人信用记录良好', en: 'Professional integrity and good personal credit' },
    message: { zh: '职业道德或个人信用记录不良', en: 'Professional integrity or personal credit record is not good' },
  }),
  {
    code: 'IND_HEADED_ORGANISATION_RECORD',
    article: 11,
    clause: 3,
    appliesTo: 'individual',
    kind: 'condition',
    facts: ['isHeadOfOrganisation', 'headedOrganisationMajorIncidentWithin3Years'],
    title: { zh: '任职组织近3年无重大事故及违法记录', en: 'Headed organisation clean for 3 years' },
    message: {
      zh: '申报人为组织最高管理者，其任职组织近3年有重大质量、安全生产、环境污染、公共卫生等责任事故、重大负面投诉或违法违规记录',
      en: 'The applicant heads an organisation that had a major quality, safety, pollution or public-health accident, major negative complaint or legal violation in the last 3 years',
    },
    test: indHeadOrganisationRecord,
  },
  exclusion({
    code: 'EXC_POLICY',
    article: 12,
    clause: 1,
    appliesTo: 'organisation',
    kind: 'exclusion',
    facts: ['contravenesNationalPolicy'],
    title: { zh: '不符合国家产业、环保、质量等政策', en: 'Contravenes national industry, environment or quality policy' },
    message: { zh: '不符合国家产业、环保、质量等政策', en: 'Does not conform to national industry, environment or quality policy' },
  }),
  exclusion({
    code: 'EXC_LICENCES',
    article: 12,
    clause: 2,
    appliesTo: 'organisation',
    kind: 'exclusion',
    facts: ['lacksRequiredLicences'],
    title: { zh: '未取得国家规定的有关证照', en: 'Lacks licences required by national regulations' },
    message: { zh: '未取得国家规定的有关证照', en: 'Has not obtained the licences required by national regulations' },
  }),
  exclusion({
    code: 'EXC_MAJOR_INCIDENT',
    article: 12,
    clause: 3,
    appliesTo: 'organisation',
    kind: 'exclusion',
    facts: ['majorIncidentWithin3Years'],
    title: { zh: '近3年有较大以上责任事故或违法记录', en: 'Major accident or violation in the last 3 years' },
    message: {
      zh: '近3年有较大以上质量、安全、环境污染、公共卫生等责任事故，服务质量和劳动保障等重大质量问题或违法记录',
      en: 'Major quality, safety, pollution or public-health accident, major service-quality or labour-protection problem, or legal violation in the last 3 years',
    },
  }),
  exclusion({
    code: 'EXC_AWARD_FRAUD',
    article: 12,
    clause: 4,
    appliesTo: 'both',
    kind: 'exclusion',
    facts: ['awardFraudWithin3Years'],
    title: { zh: '近3年政府奖项评定中弄虚作假', en: 'Fraud in a government award in the last 3 years' },
    message: {
      zh: '近3年参加各级政府奖项评定活动存在弄虚作假等违规行为',
      en: 'Fraud or other misconduct in a government award at any level in the last 3 years',
    },
  }),
  exclusion({
    code: 'EXC_TAX_SOCIAL_INSURANCE',
    article: 12,
    clause: 5,
    appliesTo: 'both',
    kind: 'exclusion',
    facts: ['seriousTaxOrSocialInsuranceViolationWithin3Years'],
    title: { zh: '近3年税收、社会保险费严重违法', en: 'Serious tax or social-insurance violation in the last 3 years' },
    message: {
      zh: '近3年在缴纳和代扣代缴税收、社会保险费过程中存在严重违法行为',
      en: 'Serious violation in paying or withholding taxes or social-insurance contributions in the last 3 years',
    },
  }),
  exclusion({
    code: 'EXC_ABNORMAL_OPERATION_LIST',
    article: 12,
    clause: 6,
    appliesTo: 'organisation',
    kind: 'exclusion',
    facts: ['onAbnormalOperationList'],
    title: { zh: '列入经营异常名录', en: 'On the abnormal-operation list' },
    message: { zh: '已列入经营异常名录', en: 'Listed on the abnormal-operation list' },
  }),
  exclusion({
    code: 'EXC_SERIOUS_DISHONESTY_LIST',
    article: 12,
    clause: 6,
    appliesTo: 'both',
    kind: 'exclusion',
    facts: ['onSeriousDishonestyList'],
    title: { zh: '列入严重违法失信名单', en: 'On the serious-dishonesty list' },
    message: { zh: '已列入严重违法失信名单', en: 'Listed on the list of seriously illegal and dishonest entities (严重违法失信名单)' },
  }),
];

/** Names of the declared facts (keys of `EligibilityFacts`), as the form, the import sheet and the check's messages call them. */
export const FACT_NAMES: Readonly<Record<string, LocalizedText>> = {
  registeredInOrdos: { zh: '在鄂尔多斯市内登记注册', en: 'Registered in Ordos' },
  independentLegalPerson: { zh: '具有独立法人资格', en: 'Independent legal person' },
  foundedOn: { zh: '成立日期', en: 'Founded on' },
  continuousNormalOperation: { zh: '连续正常运营', en: 'Continuous normal operation' },
  licencesHeld: { zh: '具备有关资质或证照', en: 'Licences held' },
  compliesWithRegulations: { zh: '生产经营依法合规', en: 'Complies with regulations' },
  qualitySystemAppliesGbT19580: { zh: '实施 GB/T 19580 卓越绩效管理', en: 'Applies GB/T 19580' },
  topOfSectorFor3Years: { zh: '近3年居全市同行业前列', en: 'Top of its sector for 3 years' },
  goodCreditRecord: { zh: '诚信记录和社会声誉良好', en: 'Good credit record and reputation' },
  contravenesNationalPolicy: { zh: '不符合国家产业、环保、质量等政策', en: 'Contravenes national policy' },
  lacksRequiredLicences: { zh: '未取得国家规定的有关证照', en: 'Lacks required licences' },
  majorIncidentWithin3Years: { zh: '近3年有较大以上责任事故或违法记录', en: 'Major incident or violation within 3 years' },
  onAbnormalOperationList: { zh: '列入经营异常名录', en: 'On the abnormal-operation list' },
  qualityWorkSince: { zh: '开始从事质量工作的日期', en: 'In quality work since' },
  yearsInQualityWork: { zh: '从事质量工作年限', en: 'Years in quality work' },
  innovationContribution: { zh: '质量创新与改进贡献', en: 'Innovation and improvement contribution' },
  integrityAndGoodCredit: { zh: '恪守职业道德，个人信用良好', en: 'Integrity and good personal credit' },
  isHeadOfOrganisation: { zh: '为组织最高管理者', en: 'Heads an organisation' },
  headedOrganisationMajorIncidentWithin3Years: { zh: '任职组织近3年有重大事故或违法记录', en: 'Headed organisation had a major incident within 3 years' },
  awardFraudWithin3Years: { zh: '近3年政府奖项评定中弄虚作假', en: 'Award fraud within 3 years' },
  seriousTaxOrSocialInsuranceViolationWithin3Years: { zh: '近3年税收、社会保险费严重违法', en: 'Serious tax or social-insurance violation within 3 years' },
  onSeriousDishonestyList: { zh: '列入严重违法失信名单', en: 'On the serious-dishonesty list' },
};

/** The names of facts, joined (`连续正常运营、具备有关资质或证照`); a key without a name as it is. */
function factNames(keys: readonly string[]): LocalizedText {
  const names = keys.map((k) => FACT_NAMES[k] ?? { zh: k, en: k });
  return { zh: names.map((n) => n.zh).join('、'), en: names.map((n) => `"${n.en}"`).join(', ') };
}

/** The rules that apply to one kind of applicant, in table order. */
export function rulesFor(applicantType: ApplicantType): EligibilityRule[] {
  return ELIGIBILITY_RULES.filter((r) => r.appliesTo === 'both' || r.appliesTo === applicantType);
}

function clauseText(rule: EligibilityRule): LocalizedText {
  const clauses = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  return rule.clause === undefined
    ? { zh: `第${rule.article}条`, en: `Art. ${rule.article}` }
    : { zh: `第${rule.article}条第（${clauses[rule.clause] ?? rule.clause}）项`, en: `Art. ${rule.article}(${rule.clause})` };
}

/**
 * What a failed rule says: the rule's own message when the facts fail it; when a fact is missing
 * or malformed, which facts (by name, never by their keys) and which rule cannot be judged.
 */
export function failureMessage(rule: EligibilityRule, reason: EligibilityFailure['reason']): LocalizedText {
  const where = clauseText(rule);
  const names = factNames(rule.facts);
  // The rule is named after its one fact: name it once.
  const same = rule.facts.length === 1 && FACT_NAMES[rule.facts[0]!]?.zh === rule.title.zh;
  if (reason === 'undeclared' && same) {
    return { zh: `未申报：未填写“${names.zh}”（${where.zh}）`, en: `Not declared: ${names.en} not filled in (${where.en})` };
  }
  if (reason === 'invalid' && same) {
    return { zh: `申报信息无效：“${names.zh}”的填写格式不正确（${where.zh}）`, en: `Invalid declaration: ${names.en} is not in a valid form (${where.en})` };
  }
  if (reason === 'undeclared') {
    return {
      zh: `未申报：未填写“${names.zh}”，无法认定「${rule.title.zh}」（${where.zh}）`,
      en: `Not declared: ${names.en} not filled in, so "${rule.title.en}" cannot be confirmed (${where.en})`,
    };
  }
  if (reason === 'invalid') {
    return {
      zh: `申报信息无效：“${names.zh}”的填写格式不正确，无法认定「${rule.title.zh}」（${where.zh}）`,
      en: `Invalid declaration: ${names.en} is not in a valid form, so "${rule.title.en}" cannot be confirmed (${where.en})`,
    };
  }
  return { zh: `${rule.message.zh}（${where.zh}）`, en: `${rule.message.en} (${where.en})` };
}

/**
 * Screen an applicant against every rule that applies to it and list every failure
 * (conditions not met, exclusions that apply, facts not declared or malformed).
 * `asOf` (default: today in China) is the reference date for the years of operation / work.
 * @throws RulesInputError when `facts` has no valid applicantType or `asOf` is malformed.
 */
export function checkEligibility(facts: EligibilityFacts, options: { asOf?: string } = {}): EligibilityResult {
  const applicantType = (facts as { applicantType?: unknown } | null | undefined)?.applicantType;
  if (applicantType !== 'organisation' && applicantType !== 'individual') {
    throw new RulesInputError('invalid_applicant_type', {
      zh: `申报主体类型必须是 organisation（组织）或 individual（个人），实际收到 ${String(applicantType)}`,
      en: `applicantType must be 'organisation' or 'individual', got ${String(applicantType)}`,
    });
  }
  const asOf = options.asOf ?? todayInChina();
  parseIsoDate(asOf, 'asOf');
  const rules = rulesFor(applicantType);
  const failures: EligibilityFailure[] = [];
  for (const rule of rules) {
    const outcome = rule.test(facts, { asOf });
    if (outcome === 'pass') continue;
    const reason = outcome === 'fail' ? 'failed' : outcome;
    failures.push({
      article: rule.article,
      ...(rule.clause !== undefined ? { clause: rule.clause } : {}),
      code: rule.code,
      kind: rule.kind,
      reason,
      message: failureMessage(rule, reason),
    });
  }
  return { eligible: failures.length === 0, applicantType, asOf, failures, checked: rules.map((r) => r.code) };
}
