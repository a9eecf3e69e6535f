/**
 * Objections during the public notice (Art. 21): recorded, investigated, decided. A confirmed
 * objection removes the candidate (@mqa/rules `resolveObjection`), the reason kept on the application.
 */
import {
  currentDecisions,
  decideObjection,
  listMeetings,
  listPublications,
  getApplicationSummary,
  getCycleById,
  getObjection,
  insertObjection,
  listApplicationsOfCycle,
  listObjections,
  setApplicationStatus,
  writeAudit,
  type ApplicationSummary,
  type DB,
} from '@mqa/db';
import { nextReserve, resolveObjection, type MeetingResult } from '@mqa/rules';
import { z } from 'zod';
import { requireCycle } from '../domain/cycle.ts';
import { recordDecision } from '../domain/decisions.ts';
import { joinBilingual } from '../domain/text.ts';
import { apiError, notFound, rethrowDomain, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { within } from './comments.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso, requireApplication, todayOf } from './helpers.ts';
import { idInput, isoDate, text } from './inputs.ts';
import { ANALYSTS, SECRETARIAT } from './roles.ts';

const STATUS_NAMES: Record<string, LocalizedText> = {
  open: { zh: '调查核实中', en: 'Under investigation' },
  confirmed: { zh: '异议成立', en: 'Confirmed' },
  dismissed: { zh: '异议不成立', en: 'Dismissed' },
};

/**
 * When an upheld objection cancels a proposed candidacy (Art. 21), the list moves on without a
 * gap: the first reserve of the committee's last result (passed, beyond the cap) still active
 * and not yet proposed becomes `proposed` (audited); without one, the place stays vacant (Art. 3).
 */
async function moveUpReserve(
  db: DB,
  input: { cycleId: number; removed: ApplicationSummary; userId: number; at: string; decidedOn: string },
): Promise<{ applicationId: number; code: string; name: LocalizedText } | null> {
  const current = await currentDecisions(db, input.cycleId);
  const was = current.get(input.removed.id)?.decision;
  if (was !== 'proposed' && was !== 'approved') return null;
  const meetings = (await listMeetings(db, input.cycleId)).filter((m) => m.status === 'closed' && m.result);
  const meeting = meetings[meetings.length - 1];
  if (!meeting) return null;
  const result = JSON.parse(meeting.result!) as MeetingResult;
  const apps = new Map((await listApplicationsOfCycle(db, input.cycleId)).map((a) => [a.id, a]));
  const unavailable = new Set<number>([input.removed.id]);
  for (const id of result.reserve) {
    const d = current.get(id)?.decision;
    if (apps.get(id)?.status !== 'active' || (d !== undefined && d !== 'shortlisted')) unavailable.add(id);
  }
  const next = nextReserve(result, unavailable);
  if (next === null) return null;
  const app = apps.get(next)!;
  const reason = joinBilingual({
    zh: `${input.removed.code} 经公示异议成立被取消授奖资格（第21条），按评审委员会 ${meeting.held_on} 会议表决结果依次递补`,
    en: `${input.removed.code} was removed after an upheld objection (Art. 21); moved up in the order of the committee meeting of ${meeting.held_on}`,
  });
  await recordDecision(db, {
    cycleId: input.cycleId,
    applicationId: next,
    decision: 'proposed',
    reason,
    decidedOn: input.decidedOn,
    userId: input.userId,
    previous: current.get(next)?.decision ?? null,
    at: input.at,
    details: { replaces: input.removed.id, meetingId: meeting.id },
  });
  return { applicationId: next, code: app.code, name: { zh: app.applicantNameZh, en: app.applicantNameEn } };
}

export const objectionsRouter = {
  /** Records an objection against a candidate (status `open`; an open objection blocks approval). Audited. */
  add: allow(...SECRETARIAT)
    .input(z.object({ applicationId: idInput, body: text(2, 5000, 'Objection'), receivedOn: isoDate }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.applicationId);
        if (app.status === 'removed') {
          throw apiError('CONFLICT', {
            zh: `申报 ${app.code} 已被取消资格（第21条），无需再登记异议。`,
            en: `Application ${app.code} has already been removed (Art. 21); no objection can be recorded.`,
          });
        }
        const cycle = (await getCycleById(tx.db, app.cycle_id))!;
        // Art. 21: objections concern the candidates on the public notice, from its first day.
        const notices = (await listPublications(tx.db, { cycleId: cycle.id, kind: 'notice' })).filter((p) => p.applicationIds.includes(app.id));
        if (notices.length === 0) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `申报 ${app.code} 不在公示的拟授奖名单中（第21条），不能登记异议。`,
              en: `Application ${app.code} is not on the published notice of proposed awardees (Art. 21); no objection can be recorded.`,
            },
            { article: 21, applicationId: app.id },
          );
        }
        const notice = notices[0]!;
        if (input.receivedOn < notice.starts_on) {
          throw apiError(
            'BAD_REQUEST',
            {
              zh: `收到日期 ${input.receivedOn} 早于公示开始日期 ${notice.starts_on}（第21条）。`,
              en: `The date received, ${input.receivedOn}, is before the notice started on ${notice.starts_on} (Art. 21).`,
            },
            { article: 21, noticeStarts: notice.starts_on },
          );
        }
        const id = await insertObjection(tx.db, { applicationId: app.id, receivedOn: input.receivedOn, body: input.body });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'objection.add',
          entity: 'objection',
          entityId: id,
          cycleId: app.cycle_id,
          before: null,
          after: { applicationId: app.id, receivedOn: input.receivedOn, body: input.body, status: 'open' },
          at: nowIso(ctx),
        });
        return {
          id,
          article: 21 as const,
          applicationId: app.id,
          code: app.code,
          status: 'open' as const,
          statusName: STATUS_NAMES.open!,
          receivedOn: input.receivedOn,
          /** Received within the cycle's public notice (null when the notice dates are not set). */
          withinNoticePeriod: within(input.receivedOn, cycle.notice_starts, cycle.notice_ends),
        };
      }),
    ),

  /**
   * Decides an open objection. `confirmed` → the application is removed (status `removed`, the
   * reason kept, Art. 21); `dismissed` → the candidacy stands. Audited.
   */
  decide: allow(...SECRETARIAT)
    .input(z.object({ id: idInput, outcome: z.enum(['confirmed', 'dismissed']), reason: text(2, 2000, 'Reason') }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const objection = await getObjection(tx.db, input.id);
        if (!objection) throw notFound({ zh: `编号为 ${input.id} 的异议`, en: `Objection ${input.id}` });
        if (objection.status !== 'open') {
          throw apiError('CONFLICT', {
            zh: `该异议已于 ${objection.decided_on ?? ''} 作出结论（${STATUS_NAMES[objection.status]!.zh}）。`,
            en: `This objection was already decided on ${objection.decided_on ?? ''} (${STATUS_NAMES[objection.status]!.en}).`,
          });
        }
        const app = (await getApplicationSummary(tx.db, objection.application_id))!;
        let resolution;
        try {
          resolution = resolveObjection({
            candidateId: String(app.id),
            outcome: input.outcome === 'confirmed' ? 'confirmed' : 'rejected',
            finding: input.reason,
          });
        } catch (error) {
          rethrowDomain(error);
        }
        const decidedOn = todayOf(ctx);
        const at = nowIso(ctx);
        await decideObjection(tx.db, objection.id, { status: input.outcome, reason: input.reason, decidedOn, decidedBy: ctx.user!.id });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'objection.decide',
          entity: 'objection',
          entityId: objection.id,
          cycleId: app.cycle_id,
          before: { status: objection.status },
          after: { status: input.outcome, reason: input.reason, decidedOn },
          at,
        });
        let removedReason: LocalizedText | null = null;
        let promoted: { applicationId: number; code: string; name: LocalizedText } | null = null;
        if (resolution.removed) {
          removedReason = resolution.exclusion.reason;
          await setApplicationStatus(tx.db, app.id, 'removed', joinBilingual(removedReason));
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'application.remove',
            entity: 'application',
            entityId: app.id,
            cycleId: app.cycle_id,
            before: { status: app.status, removedReason: app.removed_reason },
            after: { status: 'removed', removedReason: joinBilingual(removedReason), objectionId: objection.id },
            at,
          });
          const was = (await currentDecisions(tx.db, app.cycle_id)).get(app.id)?.decision ?? null;
          promoted = await moveUpReserve(tx.db, { cycleId: app.cycle_id, removed: app, userId: ctx.user!.id, at, decidedOn });
          // The cancelled candidacy reads as such in the decisions, with the objection's finding (no longer "proposed").
          if (was === 'proposed' || was === 'approved') {
            const reason = `公示期间异议成立，取消授奖资格（第21条）：${input.reason}`;
            await recordDecision(tx.db, {
              cycleId: app.cycle_id,
              applicationId: app.id,
              decision: 'not_proposed',
              reason,
              decidedOn,
              userId: ctx.user!.id,
              previous: was,
              at,
              details: { objectionId: objection.id },
            });
          }
        }
        return {
          id: objection.id,
          article: 21 as const,
          applicationId: app.id,
          code: app.code,
          status: input.outcome,
          statusName: STATUS_NAMES[input.outcome]!,
          decidedOn,
          applicationStatus: resolution.removed ? ('removed' as const) : app.status,
          removedReason,
          /** The reserve who moved up into the freed place (Art. 3, 20), to be put on a further notice; null when none. */
          promoted,
          message: resolution.removed ? resolution.exclusion.reason : resolution.message,
        };
      }),
    ),

  /** The objections of a cycle with their outcome. */
  list: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [objections, apps] = await Promise.all([listObjections(ctx.db, { cycleId: cycle.id }), listApplicationsOfCycle(ctx.db, cycle.id)]);
      const appById = new Map(apps.map((a) => [a.id, a]));
      return objections.map((o) => {
        const app = appById.get(o.application_id)!;
        return {
          id: o.id,
          article: 21 as const,
          applicationId: o.application_id,
          code: app.code,
          name: { zh: app.applicantNameZh, en: app.applicantNameEn },
          receivedOn: o.received_on,
          body: o.body,
          status: o.status,
          statusName: STATUS_NAMES[o.status] ?? { zh: o.status, en: o.status },
          outcomeReason: o.outcome_reason,
          decidedOn: o.decided_on,
          /** An open objection blocks approval and the award (Art. 21). */
          blocking: o.status === 'open',
          withinNoticePeriod: within(o.received_on, cycle.notice_starts, cycle.notice_ends),
        };
      });
    }),
};
