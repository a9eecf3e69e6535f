/**
 * The registration form and the declared-facts editor of the secretariat, as pure functions:
 * which facts an applicant of a type declares (from @mqa/rules `ELIGIBILITY_RULES`), a form's
 * three-way answers (yes / no / not declared) to the facts object of `applications.updateFacts`,
 * and the form to the input of `applications.create`. No Vue.
 */
import { ELIGIBILITY_RULES, type ApplicantType } from '@mqa/rules';
import type { RouterInputs } from '../api/trpc.ts';

export type CreateInput = RouterInputs['applications']['create'];
export type FactsInput = RouterInputs['applications']['updateFacts']['facts'];

/** Date facts, entered as dates rather than yes/no. */
export const DATE_FACTS = new Set(['foundedOn', 'qualityWorkSince']);
/** Facts the form leaves out: derived from another fact. */
const SKIPPED = new Set(['yearsInQualityWork']);

/** The yes/no facts an applicant of this type declares, in the order of the measures. */
export function booleanFacts(type: ApplicantType): string[] {
  const out: string[] = [];
  for (const rule of ELIGIBILITY_RULES) {
    if (rule.appliesTo !== 'both' && rule.appliesTo !== type) continue;
    for (const fact of rule.facts) if (!DATE_FACTS.has(fact) && !SKIPPED.has(fact) && !out.includes(fact)) out.push(fact);
  }
  return out;
}

/** A three-way answer of the form: yes, no, or left blank (= not declared, to be supplemented). */
export type Answer = 'yes' | 'no' | '';

export function answersFrom(facts: Readonly<Record<string, unknown>> | null, type: ApplicantType): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  for (const key of booleanFacts(type)) {
    const v = facts?.[key];
    out[key] = v === true ? 'yes' : v === false ? 'no' : '';
  }
  return out;
}

/** The facts object of `applications.updateFacts`: declared answers and dates; blanks left out. */
export function factsFrom(
  type: ApplicantType,
  answers: Readonly<Record<string, Answer>>,
  dates: { foundedOn?: string; qualityWorkSince?: string } = {},
): FactsInput {
  const facts: Record<string, unknown> = { applicantType: type };
  for (const key of booleanFacts(type)) {
    const a = answers[key];
    if (a === 'yes') facts[key] = true;
    else if (a === 'no') facts[key] = false;
  }
  const date = type === 'organisation' ? dates.foundedOn : dates.qualityWorkSince;
  if (date) facts[type === 'organisation' ? 'foundedOn' : 'qualityWorkSince'] = date;
  return facts as FactsInput;
}

export interface RegisterForm {
  year: number;
  applicantType: ApplicantType;
  name: string;
  nameEn: string;
  uscc: string;
  sector: string;
  district: string;
  channel: string;
  recommender: string;
  receivedOn: string;
  foundedOn: string;
  qualityWorkSince: string;
  position: string;
  priorityAreas: string[];
  answers: Record<string, Answer>;
}

export function emptyRegisterForm(year: number, today: string): RegisterForm {
  return {
    year,
    applicantType: 'organisation',
    name: '',
    nameEn: '',
    uscc: '',
    sector: '',
    district: '',
    channel: '',
    recommender: '',
    receivedOn: today,
    foundedOn: '',
    qualityWorkSince: '',
    position: '',
    priorityAreas: [],
    answers: answersFrom(null, 'organisation'),
  };
}

const trimmed = (s: string) => s.trim() || undefined;

/** The input of `applications.create` from the form (the server validates everything again). */
export function createInputFrom(form: RegisterForm): CreateInput {
  const org = form.applicantType === 'organisation';
  const facts = factsFrom(form.applicantType, form.answers);
  const input: CreateInput = {
    year: form.year,
    applicantType: form.applicantType,
    name: form.name.trim(),
    nameEn: trimmed(form.nameEn),
    uscc: trimmed(form.uscc.toUpperCase()),
    sector: form.sector,
    district: form.district,
    channel: form.channel,
    recommender: form.recommender.trim(),
    receivedOn: form.receivedOn,
    foundedOn: org ? trimmed(form.foundedOn) : undefined,
    qualityWorkSince: org ? undefined : trimmed(form.qualityWorkSince),
    position: org ? undefined : trimmed(form.position),
    priorityAreas: form.priorityAreas.length ? [...form.priorityAreas] : undefined,
    facts,
  };
  for (const k of Object.keys(input) as (keyof CreateInput)[]) if (input[k] === undefined) delete input[k];
  return input;
}

/** Whether an error of `setQualification` asks to confirm missing materials, with their names. */
export function missingMaterialsToConfirm(error: unknown): { id: string; name: { zh: string; en: string } }[] | null {
  const data = (error as { data?: { details?: { needsConfirm?: unknown; missing?: unknown } | null } } | null)?.data;
  const details = data?.details;
  if (!details || details.needsConfirm !== true || !Array.isArray(details.missing)) return null;
  return details.missing as { id: string; name: { zh: string; en: string } }[];
}
