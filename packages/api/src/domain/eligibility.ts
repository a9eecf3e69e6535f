/** Eligibility (Art. 10–12) as stored on an application: declared facts and the failures of the last check. */
import type { ApplicationSummary } from '@mqa/db';
import { checkEligibility, todayInChina, type EligibilityFacts, type EligibilityResult } from '@mqa/rules';
import type { LocalizedText } from '../errors.ts';
import { rethrowDomain } from '../errors.ts';
import { articlesText, splitBilingual } from './text.ts';

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

/** Why an ineligible application is excluded: the articles of its failed conditions and their reasons. */
export function ineligibleReason(app: Pick<ApplicationSummary, 'eligibility_failures'>): LocalizedText {
  const failures = failuresOf(app.eligibility_failures);
  const articles = failures.map((f) => f.article).filter((a): a is number => a !== null);
  const where = articles.length ? articlesText(articles) : { zh: '第10–12条', en: 'Art. 10–12' };
  const first = failures.slice(0, 3);
  const more = failures.length > 3 ? failures.length - 3 : 0;
  return {
    zh: `不符合申报条件（${where.zh}）${first.length ? `：${first.map((f) => f.message.zh).join('；')}${more ? `；另有 ${more} 项` : ''}` : '。'}`,
    en: `Not eligible (${where.en})${first.length ? `: ${first.map((f) => f.message.en).join('; ')}${more ? `; and ${more} more` : ''}` : '.'}`,
  };
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

/**
 * Why an application cannot be shortlisted, proposed, approved or awarded, with the article(s),
 * or null when nothing stands in the way: removed (Art. 21, with the reason), withdrawn,
 * ineligible (the failed articles of Art. 10–12), rejected in the qualification review (Art. 16).
 */
export function candidacyProblem(
  app: Pick<ApplicationSummary, 'code' | 'status' | 'removed_reason' | 'eligibility_status' | 'eligibility_failures' | 'qualification_status'>,
): { articles: number[]; text: LocalizedText } | null {
  if (app.status === 'removed') {
    const why = splitBilingual(app.removed_reason);
    return {
      articles: [21],
      text: {
        zh: `申报 ${app.code} 已被取消资格（第21条）${why.zh ? `：${why.zh}` : '。'}`,
        en: `Application ${app.code} was removed (Art. 21)${why.en ? `: ${why.en}` : '.'}`,
      },
    };
  }
  if (app.status === 'withdrawn') {
    return { articles: [], text: { zh: `申报 ${app.code} 已撤回。`, en: `Application ${app.code} was withdrawn.` } };
  }
  if (app.eligibility_status === 'ineligible') {
    const why = ineligibleReason(app);
    const articles = [...new Set(failuresOf(app.eligibility_failures).map((f) => f.article).filter((a): a is number => a !== null))];
    return { articles: articles.length ? articles : [10, 11, 12], text: { zh: `申报 ${app.code}：${why.zh}`, en: `Application ${app.code}: ${why.en}` } };
  }
  if (app.qualification_status === 'rejected') {
    return {
      articles: [16],
      text: { zh: `申报 ${app.code} 资格初审未通过（第16条）。`, en: `Application ${app.code} was rejected in the qualification review (Art. 16).` },
    };
  }
  return null;
}
