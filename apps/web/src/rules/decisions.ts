/**
 * Committee decisions (Art. 19–21) and the grant of awards (Art. 22) on the cycle overview: which
 * ranked candidates may be chosen for a decision, the places they would take against the cap
 * (Art. 3), the request sent to `decisions.record`, the approved list and prize total that
 * `awards.grant` would create, and the articles a server refusal cites. Pure functions, no Vue.
 * The server decides; these only prepare the form and explain its answer.
 */
import { prizeFor } from '@mqa/rules';
import { serverText } from '../api/errors.ts';
import type { RouterInputs } from '../api/trpc.ts';
import type { LocalizedText } from '../i18n/index.ts';

/** A committee decision, as `decisions.record` takes it. */
export type DecisionKind = RouterInputs['decisions']['record']['decision'];

/** The decisions in the order of the procedure, with the article each rests on. */
export const DECISION_KINDS: readonly { id: DecisionKind; article: number }[] = [
  { id: 'shortlisted', article: 19 },
  { id: 'proposed', article: 20 },
  { id: 'not_proposed', article: 20 },
  { id: 'approved', article: 21 },
];

/** Decisions that take one of the cycle's award places (Art. 3). */
export const TAKES_A_PLACE: ReadonlySet<DecisionKind> = new Set(['proposed', 'approved']);

/** Phases in which `awards.grant` accepts the approved list (after the public notice, Art. 21–22). */
export const GRANT_PHASES: ReadonlySet<string> = new Set(['public_notice', 'awarded']);

/** A row of the overview's ranked list (only what the form needs). */
export interface RankedCandidate {
  id: number;
  code: string;
  name: LocalizedText;
  rank: number | null;
  applicantType: 'organisation' | 'individual';
  /** Why the candidate is not ranked (removed, ineligible, rejected, withdrawn, incomplete), else null. */
  exclusion: LocalizedText | null;
}

/** A row of the cycle's ranking (`analytics.cycleOverview` ranked, `analytics.ranking` items) as the form needs it. */
export function rankedCandidateOf(r: {
  id: number;
  code: string;
  name: LocalizedText;
  rank: number | null;
  applicantType: 'organisation' | 'individual';
  exclusion?: { message: LocalizedText } | null;
}): RankedCandidate {
  return { id: r.id, code: r.code, name: r.name, rank: r.rank, applicantType: r.applicantType, exclusion: r.exclusion?.message ?? null };
}

export interface CandidateOption extends RankedCandidate {
  /** False when the server would refuse this candidate for the decision (it is excluded). */
  selectable: boolean;
}

/**
 * The candidates offered for `decision`, in ranking order: ranked candidates are selectable for
 * every decision; an excluded one (Art. 10–12, 16, 21, withdrawn) only for `not_proposed`.
 */
export function candidateOptions(ranked: readonly RankedCandidate[], decision: DecisionKind): CandidateOption[] {
  return ranked.map((r) => ({ ...r, selectable: decision === 'not_proposed' || r.exclusion === null }));
}

/** A decision of `decisions.list` (only what is counted here). */
export interface CurrentDecision {
  applicationId: number;
  status: string;
  current: { decision: DecisionKind };
}

/**
 * Places taken (proposed + approved, active applications only) if `decision` were recorded for
 * `ids` — the same count as the server's, so the form can warn before sending (Art. 3).
 */
export function placesAfter(
  current: readonly CurrentDecision[],
  ids: readonly number[],
  decision: DecisionKind,
  inactive: ReadonlySet<number> = new Set(),
): number {
  const after = new Map<number, DecisionKind>();
  const status = new Map<number, string>();
  for (const d of current) {
    after.set(d.applicationId, d.current.decision);
    status.set(d.applicationId, d.status);
  }
  for (const id of ids) after.set(id, decision);
  let used = 0;
  for (const [id, d] of after) if (TAKES_A_PLACE.has(d) && (status.get(id) ?? 'active') === 'active' && !inactive.has(id)) used++;
  return used;
}

export interface DecisionForm {
  applicationIds: number[];
  decision: DecisionKind | '';
  reason: string;
}

export type DecisionProblem = 'noCandidate' | 'noDecision' | 'notSelectable' | 'reasonShort' | 'tooMany';

/** What keeps the form from being sent (the server checks again). */
export function decisionProblems(form: DecisionForm, options: readonly CandidateOption[]): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if (form.decision === '') problems.push('noDecision');
  if (form.applicationIds.length === 0) problems.push('noCandidate');
  if (form.applicationIds.length > 100) problems.push('tooMany');
  const byId = new Map(options.map((o) => [o.id, o]));
  if (
    form.decision !== '' &&
    form.applicationIds.some((id) => byId.get(id) && !candidateOptions([byId.get(id)!], form.decision as DecisionKind)[0]!.selectable)
  ) {
    problems.push('notSelectable');
  }
  const reason = form.reason.trim();
  if (reason.length > 0 && reason.length < 2) problems.push('reasonShort');
  return problems;
}

/** The input of `decisions.record`: unique ids, the reason trimmed and left out when empty. */
export function decisionRequest(year: number, form: DecisionForm): { year: number; applicationIds: number[]; decision: DecisionKind; reason?: string } {
  if (form.decision === '') throw new Error('A decision must be chosen before it is recorded.');
  const reason = form.reason.trim();
  return { year, applicationIds: [...new Set(form.applicationIds)], decision: form.decision, ...(reason ? { reason } : {}) };
}

/** A server refusal: its own `{ zh, en }` text and the articles it cites (details, else the text). */
export interface Refusal {
  text: LocalizedText | null;
  articles: number[];
}

function detailsOf(error: unknown): Record<string, unknown> | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as { data?: unknown; shape?: { data?: unknown } };
  const data = (e.data ?? e.shape?.data) as { details?: unknown } | undefined;
  return data && typeof data.details === 'object' && data.details !== null ? (data.details as Record<string, unknown>) : null;
}

/** The articles of a refusal: `details.articles`, `details.article`, or those named in the text (第N条 / Art. N). */
export function refusalOf(error: unknown): Refusal {
  const text = serverText(error) ?? null;
  const details = detailsOf(error);
  const found: number[] = [];
  if (details) {
    if (Array.isArray(details.articles)) for (const a of details.articles) if (typeof a === 'number') found.push(a);
    if (typeof details.article === 'number') found.push(details.article);
  }
  if (found.length === 0 && text) for (const m of text.zh.matchAll(/第(\d+)条/g)) found.push(Number(m[1]));
  return { text, articles: [...new Set(found)].sort((a, b) => a - b) };
}

/** The approved list (latest decision `approved`, active) that `awards.grant` would award, with the prizes (Art. 22). */
export function grantPreview(current: readonly (CurrentDecision & { code: string; name: LocalizedText; applicantType: 'organisation' | 'individual' })[]): {
  awards: { applicationId: number; code: string; name: LocalizedText; prizeRmb: number }[];
  totalPrizeRmb: number;
} {
  const awards = current
    .filter((d) => d.current.decision === 'approved' && d.status === 'active')
    .map((d) => ({ applicationId: d.applicationId, code: d.code, name: d.name, prizeRmb: prizeFor(d.applicantType) }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return { awards, totalPrizeRmb: awards.reduce((s, a) => s + a.prizeRmb, 0) };
}
