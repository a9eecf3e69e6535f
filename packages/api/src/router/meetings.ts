/**
 * The committee's meeting (Art. 20): its date, the members present (committee accounts) against
 * the cycle's quorum rule, one vote per member present and shortlisted candidate (the
 * secretariat may record a paper vote on a member's behalf, marked as such), and the result
 * computed on closing (@mqa/rules `tallyMeeting`: more than half of those present, the cap and
 * the minimum total of Art. 3, vacancies, the reserve), recorded as decisions `proposed`.
 *
 * Secrecy: before the meeting closes no vote leaves the API except the caller's own; the others
 * see only how many votes each candidate has received.
 */
import {
  closeMeeting,
  currentDecisions,
  getCommitteeRule,
  getMeeting,
  insertMeeting,
  listCommitteeMembers,
  listMeetingAttendees,
  listMeetingCandidates,
  listMeetingVotes,
  listMeetings,
  listPublications,
  setCommitteeRule,
  upsertMeetingVote,
  writeAudit,
  type CommitteeMeetingRow,
  type DB,
} from '@mqa/db';
import { checkQuorum, DEFAULT_QUORUM, quorumText, tallyMeeting, validateQuorumRule, VOTE_KINDS, type MeetingResult, type QuorumRule } from '@mqa/rules';
import { z } from 'zod';
import { recordDecision } from '../domain/decisions.ts';
import type { Context } from '../context.ts';
import { computeCycleResults, requireCycle } from '../domain/cycle.ts';
import { applicationsById } from '../domain/publications.ts';
import { joinBilingual } from '../domain/text.ts';
import { apiError, notFound, rethrowDomain } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso } from './helpers.ts';
import { idInput, isoDate } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

const MEETING_PHASES = new Set(['public_comment', 'committee_review']);

export const VOTE_NAMES = {
  for: { zh: '赞成', en: 'For' },
  against: { zh: '反对', en: 'Against' },
  abstain: { zh: '弃权', en: 'Abstain' },
} as const;

async function quorumOf(db: DB, cycleId: number): Promise<QuorumRule & { custom: boolean }> {
  const r = await getCommitteeRule(db, cycleId);
  return r ? { numerator: r.quorum_numerator, denominator: r.quorum_denominator, custom: true } : { ...DEFAULT_QUORUM, custom: false };
}

async function requireMeeting(db: DB, id: number): Promise<CommitteeMeetingRow> {
  const m = await getMeeting(db, id);
  if (!m) throw notFound({ zh: `编号为 ${id} 的评审委员会会议`, en: `Committee meeting ${id}` });
  return m;
}

/** A meeting as the caller may see it: votes of others only once closed. */
async function meetingJson(ctx: Context, m: CommitteeMeetingRow) {
  const [attendees, candidates, apps] = await Promise.all([
    listMeetingAttendees(ctx.db, [m.id]),
    listMeetingCandidates(ctx.db, [m.id]),
    applicationsById(ctx.db, m.cycle_id),
  ]);
  const user = ctx.user!;
  const closed = m.status === 'closed';
  const allVotes = await listMeetingVotes(ctx.db, [m.id]);
  const visible = closed ? allVotes : allVotes.filter((v) => v.userId === user.id);
  const present = attendees.some((a) => a.userId === user.id);
  const result = m.result ? (JSON.parse(m.result) as MeetingResult) : null;
  const tallyOf = new Map(result?.candidates.map((c) => [c.id, c]) ?? []);
  const nameOf = new Map(attendees.map((a) => [a.userId, a.displayName]));
  const quorum = checkQuorum(attendees.length, Math.max(m.members, attendees.length), { numerator: m.quorum_numerator, denominator: m.quorum_denominator });
  return {
    id: m.id,
    article: 20 as const,
    heldOn: m.held_on,
    status: m.status,
    members: m.members,
    quorum: {
      numerator: m.quorum_numerator,
      denominator: m.quorum_denominator,
      text: quorumText({ numerator: m.quorum_numerator, denominator: m.quorum_denominator }),
      ...quorum,
    },
    present: attendees.map((a) => ({ userId: a.userId, username: a.username, displayName: a.displayName })),
    /** The caller is a member present (may vote while open). */
    callerPresent: present,
    candidates: candidates.map((c) => {
      const app = apps.get(c.applicationId)!;
      const cast = allVotes.filter((v) => v.applicationId === c.applicationId).length;
      const tally = tallyOf.get(c.applicationId) ?? null;
      return {
        applicationId: c.applicationId,
        code: app.code,
        name: { zh: app.applicantNameZh, en: app.applicantNameEn },
        applicantType: app.applicant_type,
        status: app.status,
        position: c.position,
        total: c.total,
        /** Votes received so far (how many, not which). */
        votesCast: cast,
        myVote: allVotes.find((v) => v.applicationId === c.applicationId && v.userId === user.id)?.vote ?? null,
        result: tally,
      };
    }),
    /** Open: only the caller's own votes; closed: every vote, paper votes marked. */
    votes: visible.map((v) => ({
      applicationId: v.applicationId,
      userId: v.userId,
      member: nameOf.get(v.userId) ?? String(v.userId),
      vote: v.vote,
      voteName: VOTE_NAMES[v.vote],
      onPaper: v.onPaper,
      recordedAt: v.recordedAt,
    })),
    result: result
      ? {
          proposed: result.proposed,
          reserve: result.reserve,
          vacancies: result.vacancies,
          needed: result.needed,
          cap: result.cap,
          minTotal: result.minTotal,
          message: result.message,
        }
      : null,
    closedAt: m.closed_at,
  };
}

export const meetingsRouter = {
  /** The cycle's committee rule (quorum) and the committee's members (active committee accounts). */
  rules: allow(...READERS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const quorum = await quorumOf(ctx.db, cycle.id);
      const members = (await listCommitteeMembers(ctx.db)).filter((u) => u.disabled === 0);
      return {
        year: cycle.year,
        article: 20 as const,
        quorum: { numerator: quorum.numerator, denominator: quorum.denominator, custom: quorum.custom, text: quorumText(quorum) },
        required: checkQuorum(0, members.length, quorum).required,
        members: members.map((u) => ({ userId: u.id, username: u.username, displayName: u.display_name })),
      };
    }),

  /** Sets the cycle's quorum (a share of the committee's members). Audited old → new. */
  setRules: allow(...SECRETARIAT)
    .input(yearInput.extend({ numerator: z.number().int(), denominator: z.number().int() }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        try {
          validateQuorumRule({ numerator: input.numerator, denominator: input.denominator });
        } catch (error) {
          rethrowDomain(error);
        }
        const before = await quorumOf(tx.db, cycle.id);
        const at = nowIso(ctx);
        await setCommitteeRule(tx.db, {
          cycleId: cycle.id,
          numerator: input.numerator,
          denominator: input.denominator,
          updatedBy: ctx.user!.id,
          updatedAt: at,
        });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'committee.setRules',
          entity: 'committee_rules',
          entityId: cycle.id,
          cycleId: cycle.id,
          before: { quorumNumerator: before.numerator, quorumDenominator: before.denominator, custom: before.custom },
          after: { quorumNumerator: input.numerator, quorumDenominator: input.denominator },
          at,
        });
        const rule = { numerator: input.numerator, denominator: input.denominator };
        return { year: cycle.year, quorum: { ...rule, custom: true, text: quorumText(rule) } };
      }),
    ),

  /**
   * Opens a meeting on `heldOn` with the members present: the quorum must be met (Art. 20), the
   * results' comment period over (Art. 18–19), a shortlist recorded. The shortlist is laid
   * before the meeting in the Art. 19 order. Audited.
   */
  create: allow(...SECRETARIAT)
    .input(
      yearInput.extend({
        heldOn: isoDate,
        presentUserIds: z
          .array(idInput)
          .min(1, 'Choose the members present (请选择出席委员)')
          .max(200)
          .refine((ids) => new Set(ids).size === ids.length, { message: 'Each member only once (委员不能重复)' }),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        if (!MEETING_PHASES.has(cycle.phase)) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `${cycle.year} 年度周期不在公开征求意见或评审委员会审议阶段，不能召开审议会议（第20条）。`,
              en: `The ${cycle.year} cycle is not in public comment or committee review; no committee meeting can be held (Art. 20).`,
            },
            { article: 20, phase: cycle.phase },
          );
        }
        const results = await listPublications(tx.db, { cycleId: cycle.id, kind: 'results' });
        const lastResults = results[results.length - 1];
        if (!lastResults) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: '评审结果尚未公开征求意见（第18条），不能召开审议会议。',
              en: 'The review results have not been published for comment (Art. 18); no meeting yet.',
            },
            { article: 18 },
          );
        }
        if (lastResults.ends_on && input.heldOn <= lastResults.ends_on) {
          throw apiError(
            'BAD_REQUEST',
            {
              zh: `会议日期 ${input.heldOn} 不在征求意见期（至 ${lastResults.ends_on}）结束之后（第18、19条）。`,
              en: `The meeting date ${input.heldOn} is not after the comment period, which ends on ${lastResults.ends_on} (Art. 18, 19).`,
            },
            { commentEnds: lastResults.ends_on },
          );
        }
        const open = (await listMeetings(tx.db, cycle.id)).find((m) => m.status === 'open');
        if (open) {
          throw apiError(
            'CONFLICT',
            { zh: `本届已有一次未结束的会议（${open.held_on}）。`, en: `This cycle already has an open meeting (${open.held_on}).` },
            { meetingId: open.id },
          );
        }
        const committee = await listCommitteeMembers(tx.db);
        const active = committee.filter((u) => u.disabled === 0);
        const activeIds = new Set(active.map((u) => u.id));
        const strangers = input.presentUserIds.filter((id) => !activeIds.has(id));
        if (strangers.length) {
          throw apiError(
            'BAD_REQUEST',
            {
              zh: `出席人员须为在用的评审委员会账户，这些不是：${strangers.join('、')}。`,
              en: `Those present must be active committee accounts; these are not: ${strangers.join(', ')}.`,
            },
            { userIds: strangers },
          );
        }
        const rule = await quorumOf(tx.db, cycle.id);
        const quorum = checkQuorum(input.presentUserIds.length, active.length, rule);
        if (!quorum.ok)
          throw apiError('PRECONDITION_FAILED', quorum.message, { article: 20, present: quorum.present, members: quorum.members, required: quorum.required });
        const apps = await applicationsById(tx.db, cycle.id);
        const current = await currentDecisions(tx.db, cycle.id);
        const shortlist = [...current.values()]
          .filter((d) => d.decision === 'shortlisted' && apps.get(d.application_id)?.status === 'active')
          .map((d) => d.application_id);
        if (shortlist.length === 0) {
          throw apiError(
            'PRECONDITION_FAILED',
            { zh: '尚未提出审议候选名单（第19条）。', en: 'No shortlist has been proposed yet (Art. 19).' },
            { article: 19 },
          );
        }
        const scored = await computeCycleResults(tx.db, cycle);
        const rankOf = new Map(scored.selection.decisions.map((d) => [Number(d.id), d.rank]));
        const totalOf = new Map(scored.result.applications.map((a) => [Number(a.id), a.total]));
        const ordered = [...shortlist].sort((a, b) => (rankOf.get(a) ?? 1e9) - (rankOf.get(b) ?? 1e9) || apps.get(a)!.code.localeCompare(apps.get(b)!.code));
        const at = nowIso(ctx);
        const id = await insertMeeting(tx.db, {
          cycleId: cycle.id,
          heldOn: input.heldOn,
          members: active.length,
          numerator: rule.numerator,
          denominator: rule.denominator,
          createdBy: ctx.user!.id,
          createdAt: at,
          presentUserIds: input.presentUserIds,
          candidates: ordered.map((appId, i) => ({ applicationId: appId, position: i + 1, total: totalOf.get(appId) ?? 0 })),
        });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'meeting.create',
          entity: 'committee_meeting',
          entityId: id,
          cycleId: cycle.id,
          before: null,
          after: {
            heldOn: input.heldOn,
            presentUserIds: input.presentUserIds,
            members: active.length,
            quorum: `${rule.numerator}/${rule.denominator}`,
            candidates: ordered,
          },
          at,
        });
        return meetingJson(tx, (await getMeeting(tx.db, id))!);
      }),
    ),

  /**
   * The cycle's meetings. The secretariat and leadership see every meeting, committee members
   * the ones they attend and every closed one; votes per the secrecy rule above.
   */
  list: allow(...READERS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      let meetings = await listMeetings(ctx.db, cycle.id);
      if (ctx.user!.role === 'committee') {
        const attending = new Set(
          (
            await listMeetingAttendees(
              ctx.db,
              meetings.map((m) => m.id),
            )
          )
            .filter((a) => a.userId === ctx.user!.id)
            .map((a) => a.meetingId),
        );
        meetings = meetings.filter((m) => m.status === 'closed' || attending.has(m.id));
      }
      return Promise.all(meetings.map((m) => meetingJson(ctx, m)));
    }),

  /**
   * Records the vote of a member present on a candidate of an open meeting: a committee member
   * their own, the secretariat a paper vote on behalf of `onBehalfOf`. One vote per member and
   * candidate: a second one is refused unless `change: true` (audited old → new).
   */
  vote: allow('secretariat', 'committee')
    .input(z.object({ meetingId: idInput, applicationId: idInput, vote: z.enum(VOTE_KINDS), onBehalfOf: idInput.optional(), change: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const user = ctx.user!;
        const meeting = await requireMeeting(tx.db, input.meetingId);
        if (meeting.status !== 'open') {
          throw apiError('CONFLICT', { zh: '会议已结束，不能再表决。', en: 'The meeting has closed; no more votes.' }, { meetingId: meeting.id });
        }
        let voterId: number;
        if (user.role === 'secretariat') {
          if (input.onBehalfOf === undefined) {
            throw apiError('BAD_REQUEST', {
              zh: '秘书处只能代为录入委员的纸质表决票，请选择委员。',
              en: 'The secretariat only records a member’s paper vote; choose the member.',
            });
          }
          voterId = input.onBehalfOf;
        } else {
          if (input.onBehalfOf !== undefined && input.onBehalfOf !== user.id) {
            throw apiError('FORBIDDEN', { zh: '委员只能本人表决。', en: 'A member votes only for themselves.' });
          }
          voterId = user.id;
        }
        const attendees = await listMeetingAttendees(tx.db, [meeting.id]);
        if (!attendees.some((a) => a.userId === voterId)) {
          throw apiError(
            'FORBIDDEN',
            user.role === 'secretariat'
              ? { zh: '该委员未出席本次会议，不能表决。', en: 'That member is not present at this meeting and cannot vote.' }
              : { zh: '您未出席本次会议，不能表决。', en: 'You are not present at this meeting and cannot vote.' },
            { meetingId: meeting.id },
          );
        }
        const candidates = await listMeetingCandidates(tx.db, [meeting.id]);
        if (!candidates.some((c) => c.applicationId === input.applicationId)) {
          throw apiError(
            'BAD_REQUEST',
            { zh: '该申报不在本次会议的审议名单中。', en: 'That application is not on this meeting’s list.' },
            { applicationId: input.applicationId },
          );
        }
        const existing = (await listMeetingVotes(tx.db, [meeting.id], voterId)).find((v) => v.applicationId === input.applicationId) ?? null;
        if (existing && input.change !== true) {
          throw apiError(
            'CONFLICT',
            {
              zh: `已对该候选表决（${VOTE_NAMES[existing.vote].zh}），每位委员对每个候选只计一票；如需更改，请确认更改。`,
              en: `A vote on this candidate is already recorded (${VOTE_NAMES[existing.vote].en}); one vote per member and candidate counts. Confirm to change it.`,
            },
            { existing: existing.vote },
          );
        }
        const at = nowIso(ctx);
        const onPaper = user.role === 'secretariat';
        await upsertMeetingVote(tx.db, {
          meetingId: meeting.id,
          applicationId: input.applicationId,
          userId: voterId,
          vote: input.vote,
          onPaper,
          recordedBy: user.id,
          recordedAt: at,
        });
        await writeAudit(tx.db, {
          userId: user.id,
          action: existing ? 'meeting.changeVote' : 'meeting.vote',
          entity: 'meeting_vote',
          entityId: `${meeting.id}:${input.applicationId}:${voterId}`,
          cycleId: meeting.cycle_id,
          before: existing ? { vote: existing.vote, onPaper: existing.onPaper } : null,
          after: { vote: input.vote, onPaper, memberId: voterId },
          at,
        });
        return {
          meetingId: meeting.id,
          applicationId: input.applicationId,
          memberId: voterId,
          vote: input.vote,
          voteName: VOTE_NAMES[input.vote],
          onPaper,
          changed: existing !== null,
          previous: existing?.vote ?? null,
        };
      }),
    ),

  /**
   * Closes the meeting and computes its result (@mqa/rules `tallyMeeting`); the proposed are
   * recorded as decisions `proposed`, those who did not pass (or are below the minimum total)
   * `not_proposed`; the reserve stays shortlisted. With votes missing, needs `confirm: true`.
   */
  close: allow(...SECRETARIAT)
    .input(z.object({ meetingId: idInput, confirm: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const meeting = await requireMeeting(tx.db, input.meetingId);
        if (meeting.status !== 'open') throw apiError('CONFLICT', { zh: '会议已结束。', en: 'The meeting has already closed.' });
        const [attendees, candidates, votes, apps, current] = await Promise.all([
          listMeetingAttendees(tx.db, [meeting.id]),
          listMeetingCandidates(tx.db, [meeting.id]),
          listMeetingVotes(tx.db, [meeting.id]),
          applicationsById(tx.db, meeting.cycle_id),
          currentDecisions(tx.db, meeting.cycle_id),
        ]);
        const cycle = (await tx.db.selectFrom('cycles').selectAll().where('id', '=', meeting.cycle_id).executeTakeFirst())!;
        const live = candidates.filter((c) => apps.get(c.applicationId)?.status === 'active');
        const missing = live.length * attendees.length - votes.filter((v) => live.some((c) => c.applicationId === v.applicationId)).length;
        if (missing > 0 && input.confirm !== true) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `尚有 ${missing} 票未表决（未表决不计为赞成）。确认后结束会议。`,
              en: `${missing} vote(s) are not cast (a missing vote is not a vote for). Confirm to close the meeting.`,
            },
            { missing },
          );
        }
        // Places already held by candidates outside this meeting (Art. 3).
        const here = new Set(live.map((c) => c.applicationId));
        const held = [...current.values()].filter(
          (d) => !here.has(d.application_id) && (d.decision === 'proposed' || d.decision === 'approved') && apps.get(d.application_id)?.status === 'active',
        ).length;
        let result: MeetingResult;
        try {
          result = tallyMeeting(
            live.map((c) => ({ id: c.applicationId, position: c.position, total: c.total })),
            votes.filter((v) => here.has(v.applicationId)).map((v) => ({ candidateId: v.applicationId, voterId: v.userId, vote: v.vote })),
            { presentIds: attendees.map((a) => a.userId), cap: Math.max(0, cycle.award_cap - held), minTotal: cycle.min_total },
          );
        } catch (error) {
          rethrowDomain(error);
        }
        const at = nowIso(ctx);
        const userId = ctx.user!.id;
        await closeMeeting(tx.db, meeting.id, { result: JSON.stringify(result), closedBy: userId, closedAt: at });
        for (const c of result.candidates) {
          const decision = c.outcome === 'proposed' ? 'proposed' : c.outcome === 'reserve' ? null : 'not_proposed';
          if (!decision) continue;
          const reason = joinBilingual({
            zh: `评审委员会 ${meeting.held_on} 会议表决：${c.message.zh}`,
            en: `Committee meeting of ${meeting.held_on}: ${c.message.en}`,
          });
          await recordDecision(tx.db, {
            cycleId: meeting.cycle_id,
            applicationId: c.id,
            decision,
            reason,
            decidedOn: meeting.held_on,
            userId,
            previous: current.get(c.id)?.decision ?? null,
            at,
            details: { meetingId: meeting.id, for: c.for, against: c.against, abstain: c.abstain },
          });
        }
        await writeAudit(tx.db, {
          userId,
          action: 'meeting.close',
          entity: 'committee_meeting',
          entityId: meeting.id,
          cycleId: meeting.cycle_id,
          before: { status: 'open' },
          after: { status: 'closed', proposed: result.proposed, reserve: result.reserve, vacancies: result.vacancies, needed: result.needed },
          at,
        });
        return meetingJson(tx, (await getMeeting(tx.db, meeting.id))!);
      }),
    ),
};
