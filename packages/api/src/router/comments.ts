/** Public comments on the review results (Art. 18: published for comment for at least 20 days). */
import { insertComment, listApplicationsOfCycle, listComments, writeAudit } from '@mqa/db';
import { requireCycle } from '../domain/cycle.ts';
import { apiError } from '../errors.ts';
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

export const commentsRouter = {
  /** Records a public comment on the cycle or on one application (audited). */
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
        const id = await insertComment(tx.db, {
          cycleId: cycle.id,
          applicationId: input.applicationId ?? null,
          receivedOn: input.receivedOn,
          body: input.body,
          recordedBy: ctx.user!.id,
        });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'comment.add',
          entity: 'public_comment',
          entityId: id,
          cycleId: cycle.id,
          before: null,
          after: { applicationId: input.applicationId ?? null, receivedOn: input.receivedOn, body: input.body },
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
          /** Received within the cycle's comment period (null when the period is not set). */
          withinCommentPeriod: within(input.receivedOn, cycle.comment_starts, cycle.comment_ends),
        };
      }),
    ),

  /** The cycle's public comments, oldest first. */
  list: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [comments, apps] = await Promise.all([listComments(ctx.db, cycle.id), listApplicationsOfCycle(ctx.db, cycle.id)]);
      const appById = new Map(apps.map((a) => [a.id, a]));
      return comments.map((c) => {
        const app = c.application_id !== null ? appById.get(c.application_id) : undefined;
        return {
          id: c.id,
          article: 18 as const,
          applicationId: c.application_id,
          code: app?.code ?? null,
          name: app ? { zh: app.applicantNameZh, en: app.applicantNameEn } : null,
          receivedOn: c.received_on,
          body: c.body,
          withinCommentPeriod: within(c.received_on, cycle.comment_starts, cycle.comment_ends),
        };
      });
    }),
};
