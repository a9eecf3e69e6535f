/**
 * Two-way feedback (Art. 25): examiners rate the conduct of the applicants assigned to them; the
 * secretariat records the applicants' ratings of the examiners' discipline. Validated by
 * @mqa/rules `validateFeedback` (a rating of 1–2 needs a comment).
 */
import { getExaminer, insertFeedback, isInApplicationGroup, isRecused, listFeedback, writeAudit } from '@mqa/db';
import { FEEDBACK_DIRECTIONS, validateFeedback } from '@mqa/rules';
import { z } from 'zod';
import { requireCycle } from '../domain/cycle.ts';
import { apiError, notFound } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso, requireApplication } from './helpers.ts';
import { idInput } from './inputs.ts';
import { SECRETARIAT } from './roles.ts';

const DIRECTION_NAMES = Object.fromEntries(FEEDBACK_DIRECTIONS.map((d) => [d.id, d.label]));

export const feedbackRouter = {
  /**
   * Examiners: `examiner_to_applicant` for their own assigned, non-recused applications (examinerId
   * is their own). Secretariat: `applicant_to_examiner`, naming the examiner of the application's
   * review group who is rated. Audited.
   */
  submit: allow('secretariat', 'examiner')
    .meta({ changes: 'nothing' })
    .input(
      z.object({
        applicationId: idInput,
        examinerId: idInput.optional(),
        direction: z.enum(['applicant_to_examiner', 'examiner_to_applicant']),
        rating: z.number(),
        comment: z.string().max(2000).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const user = ctx.user!;
        const app = await requireApplication(tx, input.applicationId);
        let examinerId: number;
        if (user.role === 'examiner') {
          if (input.direction !== 'examiner_to_applicant') {
            throw apiError('FORBIDDEN', {
              zh: '评审员只能评价受评方的守纪情况（第25条）；受评方对评审员的评价由秘书处录入。',
              en: "Examiners rate the applicant's conduct only (Art. 25); the applicants' ratings of examiners are entered by the secretariat.",
            });
          }
          if (user.examinerId == null || (input.examinerId !== undefined && input.examinerId !== user.examinerId)) {
            throw apiError('FORBIDDEN', {
              zh: '只能以您本人的评审员身份提交评价。',
              en: 'You can only give feedback as yourself.',
            });
          }
          examinerId = user.examinerId;
          if (await isRecused(tx.db, app.id, examinerId)) {
            throw apiError('FORBIDDEN', {
              zh: `您已回避申报 ${app.code}（第24条），不能评价。`,
              en: `You are recused from application ${app.code} (Art. 24) and cannot rate it.`,
            });
          }
          if (!(await isInApplicationGroup(tx.db, app.id, examinerId))) {
            throw apiError('FORBIDDEN', {
              zh: `申报 ${app.code} 没有分配给您所在的评审组。`,
              en: `Application ${app.code} is not assigned to your review group.`,
            });
          }
        } else {
          if (input.direction !== 'applicant_to_examiner') {
            throw apiError('BAD_REQUEST', {
              zh: '秘书处录入的是受评方对评审员纪律执行情况的评价（applicant_to_examiner，第25条）。',
              en: "The secretariat records the applicant's rating of an examiner (applicant_to_examiner, Art. 25).",
            });
          }
          if (input.examinerId === undefined) {
            throw apiError('BAD_REQUEST', { zh: '请指定被评价的评审员。', en: 'Name the examiner who is rated (examinerId).' });
          }
          const examiner = await getExaminer(tx.db, input.examinerId);
          if (!examiner) throw notFound({ zh: `编号为 ${input.examinerId} 的评审员`, en: `Examiner ${input.examinerId}` });
          if (!(await isInApplicationGroup(tx.db, app.id, examiner.id))) {
            throw apiError('BAD_REQUEST', {
              zh: `评审员 ${examiner.name_zh} 不在评审申报 ${app.code} 的评审组中。`,
              en: `Examiner ${examiner.name_en} is not in the review group of application ${app.code}.`,
            });
          }
          examinerId = examiner.id;
        }
        const comment = input.comment?.trim() ? input.comment.trim() : undefined;
        const check = validateFeedback({
          direction: input.direction,
          examinerId: String(examinerId),
          applicantId: String(app.id),
          rating: input.rating,
          ...(comment !== undefined ? { comment } : {}),
        });
        if (!check.ok) {
          throw apiError(
            'BAD_REQUEST',
            {
              zh: `评价不符合要求（第25条）：${check.errors.map((e) => e.message.zh).join('；')}`,
              en: `The feedback is not valid (Art. 25): ${check.errors.map((e) => e.message.en).join('; ')}`,
            },
            { article: 25, problems: check.errors },
          );
        }
        const at = nowIso(ctx);
        const id = await insertFeedback(tx.db, {
          applicationId: app.id,
          examinerId,
          direction: input.direction,
          rating: input.rating,
          comment: comment ?? null,
          createdAt: at,
        });
        await writeAudit(tx.db, {
          userId: user.id,
          action: 'feedback.submit',
          entity: 'feedback',
          entityId: id,
          cycleId: app.cycle_id,
          before: null,
          after: { applicationId: app.id, examinerId, direction: input.direction, rating: input.rating },
          at,
        });
        return {
          id,
          article: 25 as const,
          applicationId: app.id,
          code: app.code,
          examinerId,
          direction: input.direction,
          directionName: DIRECTION_NAMES[input.direction]!,
          rating: input.rating,
          comment: comment ?? null,
          createdAt: at,
        };
      }),
    ),

  /** The cycle's feedback in both directions, with a summary per examiner and per application. */
  list: allow(...SECRETARIAT)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const rows = await listFeedback(ctx.db, cycle.id);
      const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
      const byExaminer = new Map<number, { name: { zh: string; en: string }; ratings: number[] }>();
      for (const r of rows.filter((x) => x.direction === 'applicant_to_examiner')) {
        const e = byExaminer.get(r.examinerId) ?? { name: { zh: r.examinerNameZh, en: r.examinerNameEn }, ratings: [] };
        e.ratings.push(r.rating);
        byExaminer.set(r.examinerId, e);
      }
      return {
        year: cycle.year,
        article: 25 as const,
        entries: rows.map((r) => ({
          id: r.id,
          applicationId: r.applicationId,
          code: r.applicationCode,
          examiner: { id: r.examinerId, name: { zh: r.examinerNameZh, en: r.examinerNameEn } },
          direction: r.direction,
          directionName: DIRECTION_NAMES[r.direction] ?? { zh: r.direction, en: r.direction },
          rating: r.rating,
          comment: r.comment,
          createdAt: r.createdAt,
          /** A rating of 1–2: to be followed up. */
          low: r.rating <= 2,
        })),
        /** Applicants' ratings of each examiner's discipline. */
        examiners: [...byExaminer.entries()]
          .map(([id, e]) => ({ examinerId: id, name: e.name, n: e.ratings.length, meanRating: mean(e.ratings), low: e.ratings.filter((x) => x <= 2).length }))
          .sort((a, b) => a.examinerId - b.examinerId),
      };
    }),
};
