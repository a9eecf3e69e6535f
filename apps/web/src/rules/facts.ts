/**
 * The declared eligibility facts of an application (Art. 10–12) as the application page shows
 * them: each fact with its value formatted in Chinese and English, and beside it the rules of
 * @mqa/rules `ELIGIBILITY_RULES` that read it (their `facts` lists), failing ones marked from the
 * stored eligibility verdict. Pure functions, no Vue.
 */
import { ELIGIBILITY_RULES, FACT_NAMES, type ApplicantType } from '@mqa/rules';
import type { AppLocale, LocalizedText } from '../i18n/index.ts';
import { formatDate, formatNumber } from '../utils/format.ts';
import { articleText } from './articles.ts';

/** Names of the declared facts: defined once in @mqa/rules (the check's messages use them too). */
export { FACT_NAMES };

/** Facts whose number is a count of years (`12 年` / `12 years`). */
const YEAR_COUNTS = new Set(['yearsInQualityWork']);

export const NOT_DECLARED: LocalizedText = { zh: '未申报', en: 'Not declared' };
const YES: LocalizedText = { zh: '是', en: 'Yes' };
const NO: LocalizedText = { zh: '否', en: 'No' };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a value counts as declared: anything but undefined, null, an empty string or an empty list. */
export function isDeclared(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some(isDeclared);
  return true;
}

function formatOne(key: string, value: unknown, locale: AppLocale): string {
  if (typeof value === 'boolean') return (value ? YES : NO)[locale === 'en' ? 'en' : 'zh'];
  if (typeof value === 'number') {
    const n = formatNumber(value, locale, 2);
    if (!YEAR_COUNTS.has(key) || !Number.isFinite(value)) return n;
    return locale === 'en' ? `${n} ${value === 1 ? 'year' : 'years'}` : `${n} 年`;
  }
  if (typeof value === 'string') return ISO_DATE.test(value) ? formatDate(value, locale) : value;
  if (Array.isArray(value))
    return value
      .filter(isDeclared)
      .map((v) => formatOne(key, v, locale))
      .join(locale === 'en' ? ', ' : '、');
  return JSON.stringify(value) ?? '';
}

/**
 * A declared value in both languages: yes/no (`是`/`否`), an ISO date as a calendar date
 * (`2019年3月5日` / `5 Mar 2019`), a number (years of work with their unit), a list joined;
 * `未申报` / `Not declared` when absent. A malformed date is shown as it was stored.
 */
export function formatFactValue(key: string, value: unknown): LocalizedText {
  if (!isDeclared(value)) return NOT_DECLARED;
  return { zh: formatOne(key, value, 'zh-CN'), en: formatOne(key, value, 'en') };
}

/** The name of a fact (its key when unknown). */
export function factName(key: string): LocalizedText {
  return FACT_NAMES[key] ?? { zh: key, en: key };
}

/** One stored failure of the eligibility check, as `applications.get` gives it. */
export interface FactFailure {
  code: string | null;
  reason: 'failed' | 'undeclared' | 'invalid' | null;
}

export interface FactRule {
  code: string;
  article: number;
  clause: number | null;
  /** `第10条第(一)项` / `Art. 10(1)`. */
  articleText: LocalizedText;
  kind: 'condition' | 'exclusion';
  title: LocalizedText;
  /** Whether the last check failed this rule, and why (null when it passed or was not checked). */
  failing: boolean;
  reason: FactFailure['reason'];
}

export interface FactRow {
  key: string;
  name: LocalizedText;
  declared: boolean;
  value: LocalizedText;
  /** The rules that read this fact (for this applicant type), in the order of the measures. */
  rules: FactRule[];
  /** Whether any of those rules failed. */
  failing: boolean;
}

/**
 * The table of declared facts: every fact read by a rule that applies to the applicant type (in
 * the order of the measures, declared or not), then any other stored fact; each with its value
 * and the rules that read it, failing ones marked from `failures` (the stored verdict).
 */
export function declaredFactRows(
  applicantType: ApplicantType,
  facts: Readonly<Record<string, unknown>> | null | undefined,
  failures: readonly FactFailure[],
): FactRow[] {
  const failed = new Map(failures.filter((f) => f.code !== null).map((f) => [f.code!, f.reason]));
  const rules = ELIGIBILITY_RULES.filter((r) => r.appliesTo === 'both' || r.appliesTo === applicantType);
  const keys: string[] = [];
  for (const r of rules) for (const k of r.facts) if (!keys.includes(k)) keys.push(k);
  for (const k of Object.keys(facts ?? {})) if (k !== 'applicantType' && !keys.includes(k) && isDeclared(facts![k])) keys.push(k);
  return keys.map((key) => {
    const value = facts?.[key];
    const reading: FactRule[] = rules
      .filter((r) => r.facts.includes(key))
      .map((r) => ({
        code: r.code,
        article: r.article,
        clause: r.clause ?? null,
        articleText: articleText({ article: r.article, clause: r.clause ?? null })!,
        kind: r.kind,
        title: r.title,
        failing: failed.has(r.code),
        reason: failed.get(r.code) ?? null,
      }));
    return {
      key,
      name: factName(key),
      declared: isDeclared(value),
      value: formatFactValue(key, value),
      rules: reading,
      failing: reading.some((r) => r.failing),
    };
  });
}
