/**
 * The second half of a cycle in the dashboard (Art. 18–21): a thin layer over the tRPC
 * procedures of publications, comments, the shortlist, committee meetings and objections, and
 * the small pure helpers the views share. Every rule is the one of @mqa/rules (the period of a
 * publication, the shortlist's departures from the ranking); nothing here restates it.
 */
import {
  checkPublicationPeriod,
  checkShortlist,
  earliestPeriodEnd,
  PUBLICATION_RULES,
  RulesError,
  type LocalizedText,
  type ShortlistDeparture,
} from '@mqa/rules';
import { api, type RouterInputs, type RouterOutputs } from '../api/trpc.ts';

export type Publication = RouterOutputs['publications']['list'][number];
export type NoticeContent = Publication['content'];
export type Comment = RouterOutputs['comments']['list'][number];
export type Ranking = RouterOutputs['decisions']['ranking'];
export type RankedRow = Ranking['candidates'][number];
export type CommitteeRules = RouterOutputs['meetings']['rules'];
export type Meeting = RouterOutputs['meetings']['list'][number];
export type MeetingCandidate = Meeting['candidates'][number];
export type Objection = RouterOutputs['objections']['list'][number];
export type VoteKind = RouterInputs['meetings']['vote']['vote'];
export type CommentOutcome = RouterInputs['comments']['decide']['outcome'];
export type ObjectionOutcome = RouterInputs['objections']['decide']['outcome'];
export type PeriodKind = 'results' | 'notice';

export const VOTE_KINDS: readonly VoteKind[] = ['for', 'against', 'abstain'];
export const COMMENT_OUTCOMES: readonly CommentOutcome[] = ['upheld', 'rejected', 'noted'];
export const OBJECTION_OUTCOMES: readonly ObjectionOutcome[] = ['confirmed', 'dismissed'];

// ---- calls ---------------------------------------------------------------------------------------

export const publicationApi = {
  list: (year: number) => api.publications.list.query({ year }),
  get: (id: number) => api.publications.get.query({ id }),
  publish: (input: RouterInputs['publications']['publish']) => api.publications.publish.mutate(input),
  comments: (year: number) => api.comments.list.query({ year }),
  addComment: (input: RouterInputs['comments']['add']) => api.comments.add.mutate(input),
  decideComment: (input: RouterInputs['comments']['decide']) => api.comments.decide.mutate(input),
  ranking: (year: number) => api.decisions.ranking.query({ year }),
  shortlist: (input: RouterInputs['decisions']['record']) => api.decisions.record.mutate(input),
  rules: (year: number) => api.meetings.rules.query({ year }),
  setRules: (input: RouterInputs['meetings']['setRules']) => api.meetings.setRules.mutate(input),
  meetings: (year: number) => api.meetings.list.query({ year }),
  openMeeting: (input: RouterInputs['meetings']['create']) => api.meetings.create.mutate(input),
  vote: (input: RouterInputs['meetings']['vote']) => api.meetings.vote.mutate(input),
  closeMeeting: (input: RouterInputs['meetings']['close']) => api.meetings.close.mutate(input),
  objections: (year: number) => api.objections.list.query({ year }),
  addObjection: (input: RouterInputs['objections']['add']) => api.objections.add.mutate(input),
  decideObjection: (input: RouterInputs['objections']['decide']) => api.objections.decide.mutate(input),
};

// ---- publication periods (Art. 18, 21) -----------------------------------------------------------

export interface PeriodView {
  article: number;
  unit: 'calendar' | 'working';
  minimum: number;
  /** The first day the period may end, once a start date is chosen (null before, or outside the calendar). */
  earliestEnd: string | null;
  /** The rules' verdict with its message (the one the server gives); null until both dates are set. */
  check: { ok: boolean; message: LocalizedText } | null;
  /** Why no end can be computed from the start chosen (the working-day calendar does not cover it yet), as soon as the start is set. */
  calendarProblem: LocalizedText | null;
}

/** The period rule of a results list (Art. 18, 20 days) or a notice (Art. 21, 7 working days) for the dates entered. */
export function periodView(kind: PeriodKind, startsOn: string, endsOn: string): PeriodView {
  const rule = PUBLICATION_RULES[kind];
  const out: PeriodView = {
    article: rule.article,
    unit: rule.unit === 'working' ? 'working' : 'calendar',
    minimum: rule.minimum,
    earliestEnd: null,
    check: null,
    calendarProblem: null,
  };
  if (!startsOn) return out;
  try {
    out.earliestEnd = earliestPeriodEnd(kind, startsOn);
    if (endsOn) {
      const c = checkPublicationPeriod({ kind, startsOn, endsOn });
      out.check = { ok: c.ok, message: c.message };
    }
  } catch (error) {
    // A date the working-day calendar does not cover: the server says so on publishing.
    if (!(error instanceof RulesError)) throw error;
    out.calendarProblem = error.text;
    if (endsOn) out.check = { ok: false, message: error.text };
  }
  return out;
}

// ---- shortlist (Art. 19) ---------------------------------------------------------------------------

/** The candidates in the running that may be shortlisted (ranked, active), in ranking order. */
export function shortlistable(ranking: Ranking | null): RankedRow[] {
  return (ranking?.candidates ?? []).filter((c) => c.rank !== null && c.status === 'active').sort((a, b) => a.rank! - b.rank!);
}

/** Already shortlisted (the current decision), active. */
export function alreadyShortlisted(ranking: Ranking | null): number[] {
  return (ranking?.candidates ?? []).filter((c) => c.decision?.decision === 'shortlisted' && c.status === 'active').map((c) => c.applicationId);
}

/**
 * The departures from the ranking of a proposed shortlist (the existing shortlist plus the new
 * selection), as @mqa/rules `checkShortlist` finds them — the same call the server makes.
 */
export function shortlistDepartures(ranking: Ranking | null, selected: readonly number[], reasons: Record<number, string>) {
  const all = [...new Set([...alreadyShortlisted(ranking), ...selected])];
  const check = checkShortlist(
    (ranking?.candidates ?? []).map((c) => ({ id: c.applicationId, rank: c.status === 'active' ? c.rank : null })),
    all,
    reasons,
  );
  return check;
}

export type Departure = ShortlistDeparture;

/** The request for `decisions.record` of a shortlist: a reason per departure, only for the departures. */
export function shortlistRequest(year: number, selected: readonly number[], departures: readonly Departure[], reasons: Record<number, string>) {
  return {
    year,
    applicationIds: [...selected],
    decision: 'shortlisted' as const,
    departures: departures.filter((d) => (reasons[d.id] ?? '').trim() !== '').map((d) => ({ applicationId: d.id, reason: reasons[d.id]!.trim() })),
  };
}

// ---- the notice (Art. 21) ------------------------------------------------------------------------

/** The candidates on the published notices (the only ones an objection may be recorded against). */
export function onNotice(publications: readonly Publication[]): Publication['entries'] {
  const seen = new Map<number, Publication['entries'][number]>();
  for (const p of publications) if (p.kind === 'notice') for (const e of p.entries) if (!seen.has(e.applicationId)) seen.set(e.applicationId, e);
  return [...seen.values()];
}

/** The latest results list (Art. 18) and its candidates (a comment may concern one of them). */
export function latestResults(publications: readonly Publication[]): Publication | null {
  return [...publications].reverse().find((p) => p.kind === 'results') ?? null;
}

// ---- meetings (Art. 20) ----------------------------------------------------------------------------

export function openMeeting(meetings: readonly Meeting[]): Meeting | null {
  return meetings.find((m) => m.status === 'open') ?? null;
}

/** Votes still missing in an open meeting (members present × candidates − votes cast). */
export function missingVotes(m: Meeting): number {
  const live = m.candidates.filter((c) => c.status === 'active');
  return Math.max(0, live.length * m.present.length - live.reduce((n, c) => n + c.votesCast, 0));
}

/** What a committee member may do in a meeting: vote while it is open and they are present. */
export function memberState(m: Meeting | null): 'none' | 'notPresent' | 'voting' | 'closed' {
  if (!m) return 'none';
  if (m.status === 'closed') return 'closed';
  return m.callerPresent ? 'voting' : 'notPresent';
}

/** A sha-256 shown in groups of eight (still the whole digest). */
export function groupedHash(hex: string): string {
  return hex.replace(/(.{8})(?=.)/g, '$1 ');
}
