/** Eligibility (Art. 10–12) as stored on an application: declared facts and the failures of the last check. */
import type { ApplicationSummary } from '@mqa/db';
import {
  checkEligibility,
  ELIGIBILITY_RULES,
  eligibilityVerdict,
  exclusionOf,
  todayInChina,
  type CandidacyFacts,
  type EligibilityFacts,
  type EligibilityResult,
} from '@mqa/rules';
import type { LocalizedText } from '../errors.ts';
import { rethrowDomain } from '../errors.ts';
import { splitBilingual } from './text.ts';

export interface FailureJson {
  article: number | null;
  clause: number | null;
  code: string | null;
  kind: 'condition' | 'exclusion' | null;
  reason: 'failed' | 'undeclared' | 'invalid' | null;
  message: LocalizedText;
}

interface StoredFailure {
  article?: unknown;
  clause?: unknown;
  code?: unknown;
  kind?: unknown;
  reason?: unknown;
  message?: unknown;
}

/** The stored failures (JSON) with article, clause, code and the bilingual reason. */
export function failuresOf(json: string): FailureJson[] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  return (list as StoredFailure[]).map((f) => {
    const m = f.message as Partial<LocalizedText> | string | undefined;
    const message: LocalizedText =
      typeof m === 'string' ? { zh: m, en: m } : { zh: typeof m?.zh === 'string' ? m.zh : '', en: typeof m?.en === 'string' ? m.en : '' };
    return {
      article: typeof f.article === 'number' ? f.article : null,
      clause: typeof f.clause === 'number' ? f.clause : null,
      code: typeof f.code === 'string' ? f.code : null,
      kind: f.kind === 'condition' || f.kind === 'exclusion' ? f.kind : null,
      reason: f.reason === 'failed' || f.reason === 'undeclared' || f.reason === 'invalid' ? f.reason : null,
      message,
    };
  });
}

/**
 * The stored failures split by @mqa/rules `eligibilityVerdict`: declared facts that fail (vetoes)
 * and conditions whose facts are not declared yet (to supplement, Art. 16).
 */
export function splitFailures(json: string): { vetoes: FailureJson[]; toSupplement: FailureJson[] } {
  const { vetoes, toSupplement } = eligibilityVerdict(failuresOf(json));
  return { vetoes, toSupplement };
}

/** A condition whose facts are still to be declared: the rule with its article and the facts it reads. */
export interface ToSupplementJson {
  article: number | null;
  clause: number | null;
  code: string | null;
  kind: 'condition' | 'exclusion' | null;
  /** The rule's short name (e.g. 具有独立法人资格). */
  title: LocalizedText;
  /** The facts (keys of @mqa/rules `EligibilityFacts`) to declare. */
  facts: string[];
}

export function toSupplementJson(f: FailureJson): ToSupplementJson {
  const rule = ELIGIBILITY_RULES.find((r) => r.code === f.code);
  return {
    article: f.article,
    clause: f.clause,
    code: f.code,
    kind: f.kind,
    title: rule ? rule.title : f.message,
    facts: rule ? [...rule.facts] : [],
  };
}

/** The supplement item id of an undeclared condition (as listed in the Art. 16 notice). */
export const factItemId = (ruleCode: string) => `eligibility:${ruleCode}`;

/** Why an ineligible application is excluded: the articles of its failed conditions and their reasons (@mqa/rules). */
export function ineligibleReason(app: Pick<ApplicationSummary, 'eligibility_failures'>): LocalizedText {
  const { vetoes } = splitFailures(app.eligibility_failures);
  const failures = vetoes.length > 0 ? vetoes : failuresOf(app.eligibility_failures);
  return exclusionOf({ status: 'active', eligibility: 'ineligible', qualification: 'qualified', eligibilityFailures: failures })!.message;
}

/**
 * The reference date of an application's eligibility check: the day it was received (the facts
 * are declared as of that day), else today in China.
 */
export function eligibilityAsOf(app: Pick<ApplicationSummary, 'received_on'>, now: Date): string {
  return app.received_on ?? todayInChina(now);
}

/** Runs @mqa/rules `checkEligibility` (domain errors become BAD_REQUEST). */
export function runEligibility(facts: EligibilityFacts, asOf: string): EligibilityResult {
  try {
    return checkEligibility(facts, { asOf });
  } catch (error) {
    rethrowDomain(error);
  }
}

/** What the award's selection rules (@mqa/rules `exclusionOf`) read of an application. */
export function candidacyFacts(
  app: Pick<ApplicationSummary, 'status' | 'removed_reason' | 'eligibility_status' | 'eligibility_failures' | 'qualification_status'>,
): CandidacyFacts {
  return {
    status: app.status,
    eligibility: app.eligibility_status,
    qualification: app.qualification_status,
    removedReason: app.removed_reason ? splitBilingual(app.removed_reason) : null,
    eligibilityFailures: splitFailures(app.eligibility_failures).vetoes,
  };
}

/**
 * Why an application cannot be shortlisted, proposed, approved or awarded, with the article(s),
 * or null when nothing stands in the way (@mqa/rules `exclusionOf`, scoring aside): removed
 * (Art. 21), withdrawn, ineligible (Art. 10–12), rejected in the qualification review (Art. 16).
 */
export function candidacyProblem(
  app: Pick<ApplicationSummary, 'code' | 'status' | 'removed_reason' | 'eligibility_status' | 'eligibility_failures' | 'qualification_status'>,
): { articles: number[]; text: LocalizedText } | null {
  const e = exclusionOf(candidacyFacts(app));
  if (!e) return null;
  return { articles: [...e.articles], text: { zh: `申报 ${app.code}：${e.message.zh}`, en: `Application ${app.code}: ${e.message.en}` } };
}
