/** zod inputs shared by the routers of the award's measures. */
import { isIsoDate } from '@mqa/rules';
import type { LocalizedText } from '../errors.ts';
import { z } from 'zod';

/** A row id: a positive integer that fits the databases' integer columns (PostgreSQL's are 32-bit). */
export const idInput = z.number().int().positive().max(2_147_483_647);
export const isoDate = z.string().refine(isIsoDate, { message: 'A date must be YYYY-MM-DD (日期格式须为 YYYY-MM-DD)' });
export const text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, `${what} is required (at least ${min} characters) (${what}不能为空)`)
    .max(max, `${what} is too long (at most ${max} characters) (${what}过长)`);

/**
 * Markup in a name or title: a tag opener (`<b`, `</`, `<!`, `<?`) or anything between `<` and
 * `>`. Names reach HTML (tables, chart tooltips, PDFs), so they are refused at every input.
 */
const MARKUP = /<[A-Za-z/!?]|<[^>]*>/u;

/** Whether a name or free text contains `<…>` markup. */
export function hasMarkup(value: string): boolean {
  return MARKUP.test(value);
}

/** The refusal of markup in a named field, in Chinese and English. */
export function markupRefusal(zh: string, en: string): LocalizedText {
  return { zh: `${zh}不能包含 <…> 等标记符号。`, en: `${en} must not contain markup such as <…>.` };
}

/** A zod string schema that also refuses `<…>` markup (a name or title that reaches HTML). */
export const plain = <S extends z.ZodType<string | null | undefined>>(schema: S, what: string, whatZh: string) =>
  schema.refine((v) => typeof v !== 'string' || !hasMarkup(v), {
    message: `${what} must not contain markup such as <…> (${whatZh}不能包含 <…> 等标记符号)`,
  });

/** {@link text} that refuses markup: a name or title that reaches HTML. */
export const plainText = (min: number, max: number, what: string, whatZh: string) => plain(text(min, max, what), what, whatZh);

const bool = z.boolean();

const common = {
  awardFraudWithin3Years: bool.optional(),
  seriousTaxOrSocialInsuranceViolationWithin3Years: bool.optional(),
  onSeriousDishonestyList: bool.optional(),
};

/** Declared facts of an organisation (Art. 10, 12), in the shape of @mqa/rules `OrganisationEligibilityFacts`. */
export const organisationFactsInput = z.strictObject({
  applicantType: z.literal('organisation'),
  registeredInOrdos: bool.optional(),
  independentLegalPerson: bool.optional(),
  foundedOn: isoDate.optional(),
  continuousNormalOperation: bool.optional(),
  licencesHeld: bool.optional(),
  compliesWithRegulations: bool.optional(),
  qualitySystemAppliesGbT19580: bool.optional(),
  topOfSectorFor3Years: bool.optional(),
  goodCreditRecord: bool.optional(),
  contravenesNationalPolicy: bool.optional(),
  lacksRequiredLicences: bool.optional(),
  majorIncidentWithin3Years: bool.optional(),
  onAbnormalOperationList: bool.optional(),
  ...common,
});

/** Declared facts of an individual (Art. 11, 12), in the shape of @mqa/rules `IndividualEligibilityFacts`. */
export const individualFactsInput = z.strictObject({
  applicantType: z.literal('individual'),
  qualityWorkSince: isoDate.optional(),
  yearsInQualityWork: z.number().int().min(0).max(80).optional(),
  innovationContribution: bool.optional(),
  integrityAndGoodCredit: bool.optional(),
  isHeadOfOrganisation: bool.optional(),
  headedOrganisationMajorIncidentWithin3Years: bool.optional(),
  ...common,
});

export const factsInput = z.discriminatedUnion('applicantType', [organisationFactsInput, individualFactsInput]);
