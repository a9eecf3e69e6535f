/**
 * Public comments on the review results (Art. 18: published for comment for at least 20 days)
 * and their outcome (Art. 19: the ranking weighs them). A comment is recorded against a
 * published results list, received within its period, on the cycle or on a listed candidate.
 */
import {
  decideComment,
  getComment,
  getCycleById,
  insertComment,
  listComments,
  listPublications,
  setCommentPublication,
  writeAudit,
  type CommentOutcome,
} from '@mqa/db';
import { z } from 'zod';
import { requireCycle } from '../domain/cycle.ts';
import { applicationsById } from '../domain/publications.ts';
import { apiError, notFound, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso, requireApplication } from './helpers.ts';
import { idInput, isoDate, text } from './inputs.ts';
import { ANALYSTS, SECRETARIAT } from './roles.ts';

/** Whether a date lies in [start, end] (null when the period is not set). */
export function within(date: string, start: string | null, end: string | null): boolean | null {
  if (!start || !end) return null;
  return date >= start && date <= end;
}

export const COMMENT_OUTCOMES: Record<CommentOutcome, LocalizedText> = {
  upheld: { zh: '意见成立', en: 'Upheld' },
  rejected: { zh: '意见不成立', en: 'Rejected' },
  noted: { zh: '已记录备查', en: 'Noted' },
};

export const commentsRouter = {
  /**
   * Records a public comment received within a published results period (Art. 18), on the
   * cycle or on a candidate of that list. Audited.
   */
  add: allow(...SECRETARIAT)
    .input(yearInput.extend({ applicationId: idInput.optional(), body: text(2, 5000, 'Comment'), receivedOn: isoDate }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        let code: string | null = null;
        if (input.applicationId !== undefined) {
          const app = await requireApplication(tx, input.applicationId);
          if (app.cycle_id !== cycle.id) {
            throw apiError('BAD_REQUEST', {
              zh: `申报 ${app.code} 不属于 ${cycle.year} 年度周期。`,
              en: `Application ${app.code} does not belong to the ${cycle.year} cycle.`,
            });
          }
          code = app.code;
        }
        const published = await listPublications(tx.db, { cycleId: cycle.id, kind: 'results' });
        if (published.length === 0) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `${cycle.year} 年度的评审结果尚未公开征求意见（第18条），不能登记意见。`,
              en: `The ${cycle.year} review results have not been published for comment (Art. 18); no comment can be recorded.`,
            },
            { article: 18 },
          );
        }
        const publication = [...published].reverse().find((p) => within(input.receivedOn, p.starts_on, p.ends_on));
        if (!publication) {
          const first = published[0]!;
          const last = published[published.length - 1]!;
          const before = input.receivedOn < first.starts_on;
          throw apiError(
            'BAD_REQUEST',
            before
              ? {
                  zh: `收到日期 ${input.receivedOn} 早于征求意见期（${first.starts_on} 起，第18条）。`,
                  en: `The date received, ${input.receivedOn}, is before the comment period (from ${first.starts_on}, Art. 18).`,
                }
              : {
                  zh: `收到日期 ${input.receivedOn} 不在公布的征求意见期内（${last.starts_on} 至 ${last.ends_on}，第18条）。`,
                  en: `The date received, ${input.receivedOn}, is outside the published comment period (${last.starts_on} to ${last.ends_on}, Art. 18).`,
                },
            { article: 18, startsOn: last.starts_on, endsOn: last.ends_on },
          );
        }
        if (input.applicationId !== undefined && !publication.applicationIds.includes(input.applicationId)) {
          throw apiError('BAD_REQUEST', {
            zh: `申报 ${code} 不在公布的评审结果名单中（第18条）。`,
            en: `Application ${code} is not on the published results list (Art. 18).`,
          });
        }
        const id = await insertComment(tx.db, {
          cycleId: cycle.id,
          applicationId: input.applicationId ?? null,
          receivedOn: input.receivedOn,
          body: input.body,
          recordedBy: ctx.user!.id,
        });
        await setCommentPublication(tx.db, id, publication.id);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'comment.add',
          entity: 'public_comment',
          entityId: id,
          cycleId: cycle.id,
          before: null,
          after: { applicationId: input.applicationId ?? null, receivedOn: input.receivedOn, body: input.body, publicationId: publication.id },
          at: nowIso(ctx),
        });
        return {
          id,
          article: 18 as const,
          year: cycle.year,
          applicationId: input.applicationId ?? null,
          code,
          receivedOn: input.receivedOn,
          body: input.body,
          publicationId: publication.id,
          /** Received within the cycle's comment period (null when the period is not set). */
          withinCommentPeriod: within(input.receivedOn, publication.starts_on, publication.ends_on),
        };
      }),
    ),

  /** Records how a comment was handled (upheld / rejected / noted) with the reason; audited old → new. */
  decide: allow(...SECRETARIAT)
    .input(z.object({ id: idInput, outcome: z.enum(['upheld', 'rejected', 'noted']), reason: text(2, 2000, 'Reason') }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const comment = await getComment(tx.db, input.id);
        if (!comment) throw notFound({ zh: `编号为 ${input.id} 的公众意见`, en: `Public comment ${input.id}` });
        const cycle = (await getCycleById(tx.db, comment.cycle_id))!;
        if (cycle.phase === 'public_notice' || cycle.phase === 'awarded') {
          throw apiError('PRECONDITION_FAILED', {
            zh: `${cycle.year} 年度已进入公示或授奖阶段，公众意见的处理结论不能再更改。`,
            en: `The ${cycle.year} cycle is on notice or awarded; the outcome of public comments can no longer change.`,
          });
        }
        const at = nowIso(ctx);
        await decideComment(tx.db, comment.id, { outcome: input.outcome, reason: input.reason, decidedBy: ctx.user!.id, decidedAt: at });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'comment.decide',
          entity: 'public_comment',
          entityId: comment.id,
          cycleId: comment.cycle_id,
          before: { outcome: comment.outcome, reason: comment.outcome_reason },
          after: { outcome: input.outcome, reason: input.reason },
          at,
        });
        return {
          id: comment.id,
          article: 19 as const,
          outcome: input.outcome,
          outcomeName: COMMENT_OUTCOMES[input.outcome],
          reason: input.reason,
          previous: comment.outcome,
          decidedAt: at,
          decidedBy: ctx.user!.displayName,
        };
      }),
    ),

  /** The cycle's public comments, oldest first, with their outcome. */
  list: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [comments, apps, users] = await Promise.all([
        listComments(ctx.db, cycle.id),
        applicationsById(ctx.db, cycle.id),
        ctx.db.selectFrom('users').select(['id', 'display_name']).where('role', '=', 'secretariat').execute(),
      ]);
      const userName = new Map(users.map((u) => [u.id, u.display_name]));
      return comments.map((c) => {
        const app = c.application_id !== null ? apps.get(c.application_id) : undefined;
        return {
          id: c.id,
          article: 18 as const,
          applicationId: c.application_id,
          code: app?.code ?? null,
          name: app ? { zh: app.applicantNameZh, en: app.applicantNameEn } : null,
          receivedOn: c.received_on,
          body: c.body,
          publicationId: c.publication_id,
          withinCommentPeriod: within(c.received_on, cycle.comment_starts, cycle.comment_ends),
          outcome: c.outcome,
          outcomeName: c.outcome ? COMMENT_OUTCOMES[c.outcome] : null,
          outcomeReason: c.outcome_reason,
          decidedBy: c.decided_by !== null ? (userName.get(c.decided_by) ?? null) : null,
          decidedAt: c.decided_at,
        };
      });
    }),
};
