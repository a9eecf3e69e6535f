/**
 * The shortlist (Art. 19) and the committee's decision (Art. 20, 3).
 *
 * - Art. 19: the secretariat ranks the candidates on the review results and the public comments
 *   and proposes a shortlist. Following the ranking needs no words; every departure from it does:
 *   a candidate left out while a lower-ranked one is in (`skipped_higher`), and a candidate in
 *   while a higher-ranked one is out (`included_lower`). Equal ranks are not a departure.
 * - Art. 20: the committee meets as a whole ("全体成员会议"). The measures leave the quorum to the
 *   committee: it is a per-cycle rule (`QuorumRule`, by default two thirds of the members). Each
 *   member present votes for / against / abstains on each shortlisted candidate; a candidate
 *   passes with more than half of the members present voting for (an abstention or a missing
 *   vote is not a vote for). The measures do not word a majority; this is the simple majority of
 *   the meeting, stated with the result.
 * - Art. 3: at most the cycle's cap (≤ 5) are proposed, none below the minimum total; places
 *   stay vacant rather than be filled by a candidate who did not pass. Among those who passed,
 *   more votes for come first, then the Art. 19 ranking. Those who passed beyond the cap are the
 *   reserve, in that order: when an upheld objection (Art. 21) cancels a proposed candidacy, the
 *   first reserve moves up, so the list has no gap.
 */
import { RulesInputError, type LocalizedText } from './i18n.ts';
import { chineseNumber } from './publication.ts';

// --- Shortlist (Art. 19) ------------------------------------------------------------------------

export interface RankedCandidate {
  id: number;
  /** The Art. 19 rank (competition rank of the cycle's one ranking); null: not in the running. */
  rank: number | null;
}

export interface ShortlistDeparture {
  id: number;
  rank: number;
  kind: 'skipped_higher' | 'included_lower';
  /** The candidates on the other side of the departure (ids). */
  against: number[];
  reason: string | null;
  message: LocalizedText;
}

export interface ShortlistCheck {
  ok: boolean;
  article: 19;
  departures: ShortlistDeparture[];
  /** Departures without a reason (ids). */
  missingReasons: number[];
  /** Shortlisted ids that are not in the running (rank null or unknown). */
  notRanked: number[];
  message: LocalizedText;
}

/**
 * Checks a proposed shortlist against the ranking: every departure needs a reason (a non-blank
 * text in `reasons`, keyed by the departing candidate's id).
 */
export function checkShortlist(
  ranking: readonly RankedCandidate[],
  shortlist: readonly number[],
  reasons: Readonly<Record<number, string | undefined>> = {},
): ShortlistCheck {
  const chosen = new Set(shortlist);
  if (chosen.size !== shortlist.length) {
    throw new RulesInputError('duplicate_candidate', { zh: '候选名单中有重复的申报', en: 'The shortlist names a candidate twice' });
  }
  const ranked = ranking.filter((c): c is { id: number; rank: number } => c.rank !== null);
  const rankOf = new Map(ranked.map((c) => [c.id, c.rank]));
  const notRanked = shortlist.filter((id) => !rankOf.has(id));
  const inside = ranked.filter((c) => chosen.has(c.id));
  const outside = ranked.filter((c) => !chosen.has(c.id));
  const departures: ShortlistDeparture[] = [];
  const reasonOf = (id: number) => {
    const r = reasons[id]?.trim();
    return r ? r : null;
  };
  for (const c of outside) {
    const lower = inside.filter((o) => o.rank > c.rank).map((o) => o.id);
    if (lower.length) {
      departures.push({
        id: c.id,
        rank: c.rank,
        kind: 'skipped_higher',
        against: lower,
        reason: reasonOf(c.id),
        message: {
          zh: `排名第${c.rank}位的候选未列入，而排名在其后的候选列入了候选名单（第19条），须说明理由`,
          en: `The candidate ranked ${c.rank} is left out while lower-ranked candidates are in (Art. 19); a reason is required`,
        },
      });
    }
  }
  for (const c of inside) {
    const higher = outside.filter((o) => o.rank < c.rank).map((o) => o.id);
    if (higher.length) {
      departures.push({
        id: c.id,
        rank: c.rank,
        kind: 'included_lower',
        against: higher,
        reason: reasonOf(c.id),
        message: {
          zh: `排名第${c.rank}位的候选列入候选名单，而排名在其前的候选未列入（第19条），须说明理由`,
          en: `The candidate ranked ${c.rank} is in while higher-ranked candidates are left out (Art. 19); a reason is required`,
        },
      });
    }
  }
  departures.sort((a, b) => a.rank - b.rank || a.id - b.id);
  const missingReasons = departures.filter((d) => d.reason === null).map((d) => d.id);
  const ok = missingReasons.length === 0 && notRanked.length === 0;
  const message: LocalizedText = notRanked.length
    ? {
        zh: `${notRanked.length} 个申报不在综合排序中（已被排除），不能列入候选名单（第19条）`,
        en: `${notRanked.length} application(s) are not in the ranking (excluded) and cannot be shortlisted (Art. 19)`,
      }
    : missingReasons.length
      ? {
          zh: `候选名单偏离综合排序 ${departures.length} 处，其中 ${missingReasons.length} 处未说明理由（第19条）`,
          en: `The shortlist departs from the ranking ${departures.length} time(s); ${missingReasons.length} without a reason (Art. 19)`,
        }
      : departures.length
        ? {
            zh: `候选名单偏离综合排序 ${departures.length} 处，均已说明理由（第19条）`,
            en: `The shortlist departs from the ranking ${departures.length} time(s), each with its reason (Art. 19)`,
          }
        : { zh: '候选名单按综合排序提出（第19条）', en: 'The shortlist follows the ranking (Art. 19)' };
  return { ok, article: 19, departures, missingReasons, notRanked, message };
}

// --- Quorum (Art. 20) ---------------------------------------------------------------------------

/** The share of the committee's members that must be present: numerator / denominator. */
export interface QuorumRule {
  numerator: number;
  denominator: number;
}

/** Two thirds of the members, unless the cycle sets another rule. */
export const DEFAULT_QUORUM: QuorumRule = { numerator: 2, denominator: 3 };

export function validateQuorumRule(rule: QuorumRule): QuorumRule {
  const { numerator: n, denominator: d } = rule;
  if (!Number.isInteger(n) || !Number.isInteger(d) || d < 1 || d > 100 || n < 1 || n > d) {
    throw new RulesInputError('invalid_quorum', {
      zh: `法定人数比例须为 1 至 100 之间的整数构成的不大于 1 的分数，收到 ${String(n)}/${String(d)}`,
      en: `The quorum must be a fraction of whole numbers (1–100) no greater than 1; got ${String(n)}/${String(d)}`,
    });
  }
  return rule;
}

export function quorumText(rule: QuorumRule): LocalizedText {
  if (rule.numerator === rule.denominator) return { zh: '全体成员', en: 'all members' };
  if (rule.denominator === 2 && rule.numerator === 1) return { zh: '过半数成员', en: 'more than half of the members' };
  return {
    zh: `${chineseNumber(rule.denominator)}分之${chineseNumber(rule.numerator)}以上成员`,
    en: `at least ${rule.numerator}/${rule.denominator} of the members`,
  };
}

export interface QuorumCheck {
  ok: boolean;
  article: 20;
  present: number;
  members: number;
  required: number;
  rule: QuorumRule;
  message: LocalizedText;
}

/**
 * Whether enough members are present: at least `members × numerator / denominator` (rounded up);
 * a rule of one half means more than half. A committee without members never has a quorum.
 */
export function checkQuorum(present: number, members: number, rule: QuorumRule = DEFAULT_QUORUM): QuorumCheck {
  validateQuorumRule(rule);
  if (!Number.isInteger(present) || !Number.isInteger(members) || present < 0 || members < 0 || present > members) {
    throw new RulesInputError('invalid_attendance', {
      zh: `出席人数 ${String(present)} 与成员总数 ${String(members)} 不合理`,
      en: `Attendance ${String(present)} of ${String(members)} members is not possible`,
    });
  }
  const half = rule.numerator * 2 === rule.denominator;
  const required = members === 0 ? 1 : half ? Math.floor(members / 2) + 1 : Math.ceil((members * rule.numerator) / rule.denominator);
  const ok = members > 0 && present >= required;
  const q = quorumText(rule);
  return {
    ok,
    article: 20,
    present,
    members,
    required,
    rule,
    message: ok
      ? {
          zh: `出席 ${present} 人（共 ${members} 人），达到${q.zh}出席的要求（第20条）`,
          en: `${present} of ${members} members present: the quorum of ${q.en} is met (Art. 20)`,
        }
      : {
          zh: `出席 ${present} 人（共 ${members} 人），未达到${q.zh}出席（至少 ${required} 人）的要求（第20条）`,
          en: `${present} of ${members} members present: the quorum of ${q.en} (${required}) is not met (Art. 20)`,
        },
  };
}

// --- Votes and the result (Art. 20, 3) ----------------------------------------------------------

export const VOTE_KINDS = ['for', 'against', 'abstain'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export interface MeetingCandidate {
  id: number;
  /** Position in the Art. 19 ranking of the shortlist (1 = first). */
  position: number;
  total: number;
}

export interface MeetingVote {
  candidateId: number;
  voterId: number;
  vote: VoteKind;
}

export type MeetingOutcome = 'proposed' | 'reserve' | 'not_passed' | 'below_min_total';

export interface CandidateTally {
  id: number;
  position: number;
  total: number;
  for: number;
  against: number;
  abstain: number;
  notVoted: number;
  /** More than half of the members present voted for. */
  passed: boolean;
  outcome: MeetingOutcome;
  /** Order on the proposed list, then the reserve (1-based); null for the others. */
  order: number | null;
  message: LocalizedText;
}

export interface MeetingResult {
  article: 20;
  present: number;
  /** Votes for needed to pass: more than half of the members present. */
  needed: number;
  cap: number;
  minTotal: number;
  proposed: number[];
  reserve: number[];
  vacancies: number;
  candidates: CandidateTally[];
  message: LocalizedText;
}

/**
 * The committee's result from the votes: a candidate passes with more than half of the members
 * present voting for; of those at or above the minimum total, at most `cap` are proposed (most
 * votes for first, then the Art. 19 position); the others who passed are the reserve. Votes by
 * someone not present, or two votes of one member on one candidate, are refused (throw).
 */
export function tallyMeeting(
  candidates: readonly MeetingCandidate[],
  votes: readonly MeetingVote[],
  options: { presentIds: readonly number[]; cap: number; minTotal: number },
): MeetingResult {
  const present = new Set(options.presentIds);
  if (present.size === 0) throw new RulesInputError('no_members_present', { zh: '没有出席的委员', en: 'No member is present' });
  if (!Number.isInteger(options.cap) || options.cap < 0)
    throw new RulesInputError('invalid_cap', { zh: '名额须为非负整数', en: 'The cap must be a whole number ≥ 0' });
  const byCandidate = new Map(candidates.map((c) => [c.id, { for: 0, against: 0, abstain: 0 }]));
  const seen = new Set<string>();
  for (const v of votes) {
    const counts = byCandidate.get(v.candidateId);
    if (!counts)
      throw new RulesInputError('unknown_candidate', {
        zh: `候选 ${v.candidateId} 不在审议名单中`,
        en: `Candidate ${v.candidateId} is not on the meeting's list`,
      });
    if (!present.has(v.voterId))
      throw new RulesInputError('voter_not_present', {
        zh: `委员 ${v.voterId} 未出席会议，不能表决`,
        en: `Member ${v.voterId} is not present and cannot vote`,
      });
    const key = `${v.candidateId}|${v.voterId}`;
    if (seen.has(key)) throw new RulesInputError('duplicate_vote', { zh: '同一委员对同一候选只能表决一次', en: 'A member votes once per candidate' });
    seen.add(key);
    counts[v.vote] += 1;
  }
  const needed = Math.floor(present.size / 2) + 1;
  const tallies = candidates.map((c) => {
    const n = byCandidate.get(c.id)!;
    return { ...c, ...n, notVoted: present.size - n.for - n.against - n.abstain, passed: n.for >= needed };
  });
  const eligible = tallies.filter((t) => t.passed && t.total >= options.minTotal).sort((a, b) => b.for - a.for || a.position - b.position || a.id - b.id);
  const proposed = eligible.slice(0, options.cap).map((t) => t.id);
  const reserve = eligible.slice(options.cap).map((t) => t.id);
  const orderOf = new Map([...proposed, ...reserve].map((id, i) => [id, i + 1]));
  const out: CandidateTally[] = tallies.map((t) => {
    const outcome: MeetingOutcome = !t.passed
      ? 'not_passed'
      : t.total < options.minTotal
        ? 'below_min_total'
        : proposed.includes(t.id)
          ? 'proposed'
          : 'reserve';
    const votesText = {
      zh: `赞成 ${t.for}、反对 ${t.against}、弃权 ${t.abstain}、未表决 ${t.notVoted}`,
      en: `${t.for} for, ${t.against} against, ${t.abstain} abstaining, ${t.notVoted} not voting`,
    };
    const message: LocalizedText =
      outcome === 'proposed'
        ? {
            zh: `${votesText.zh}：超过出席委员半数（${needed} 票）赞成，列入拟授奖名单（第20条）`,
            en: `${votesText.en}: more than half of the members present (${needed}) voted for; proposed (Art. 20)`,
          }
        : outcome === 'reserve'
          ? {
              zh: `${votesText.zh}：获得通过，但拟授奖名额（${options.cap} 个，第3条）已满，列为递补`,
              en: `${votesText.en}: passed, but the ${options.cap} places (Art. 3) are taken; reserve`,
            }
          : outcome === 'below_min_total'
            ? {
                zh: `${votesText.zh}：获得通过，但总分 ${t.total} 低于本届最低分 ${options.minTotal}（第3条），不予推荐`,
                en: `${votesText.en}: passed, but the total ${t.total} is below this cycle's minimum ${options.minTotal} (Art. 3); not proposed`,
              }
            : {
                zh: `${votesText.zh}：赞成票未超过出席委员半数（需 ${needed} 票），未通过（第20条）`,
                en: `${votesText.en}: fewer than ${needed} votes for (more than half of those present); not passed (Art. 20)`,
              };
    return { ...t, outcome, order: orderOf.get(t.id) ?? null, message };
  });
  const vacancies = Math.max(0, options.cap - proposed.length);
  return {
    article: 20,
    present: present.size,
    needed,
    cap: options.cap,
    minTotal: options.minTotal,
    proposed,
    reserve,
    vacancies,
    candidates: out,
    message: {
      zh: `出席委员 ${present.size} 人，${proposed.length} 个候选列入拟授奖名单${vacancies ? `，${vacancies} 个名额空缺（第3条）` : ''}${reserve.length ? `，${reserve.length} 个递补` : ''}`,
      en: `${present.size} members present; ${proposed.length} proposed${vacancies ? `, ${vacancies} place(s) vacant (Art. 3)` : ''}${reserve.length ? `, ${reserve.length} in reserve` : ''}`,
    },
  };
}

/**
 * After upheld objections (Art. 21): the first reserve (in the committee's order) not yet
 * removed or already on the list moves up into a freed place; null when there is none (the place
 * stays vacant, Art. 3).
 */
export function nextReserve(result: Pick<MeetingResult, 'reserve'>, unavailable: ReadonlySet<number>): number | null {
  for (const id of result.reserve) if (!unavailable.has(id)) return id;
  return null;
}
