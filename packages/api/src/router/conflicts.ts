/**
 * Recusal (Art. 24): declared conflicts and those found by @mqa/rules `detectConflicts`. A
 * recused examiner is not assigned the application, cannot open or score it, and any score they
 * have for it is excluded from every aggregate.
 */
import {
  countConflictScores,
  countExaminerScoresFor,
  getExaminer,
  insertConflict,
  listApplicationSummaries,
  listApplicationsOfCycle,
  listConflictDetails,
  listExaminers,
  listReviewGroups,
  writeAudit,
} from '@mqa/db';
import { z } from 'zod';
import { recordDetected } from '../domain/conflicts.ts';
import { requireCycle } from '../domain/cycle.ts';
import { joinBilingual, splitBilingual } from '../domain/text.ts';
import { apiError, notFound } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso, requireApplication } from './helpers.ts';
import { idInput, text } from './inputs.ts';
import { ANALYSTS, SECRETARIAT } from './roles.ts';

export const conflictsRouter = {
  /** Every recorded conflict of the cycle, with whether the examiner sits in the application's group and how many of their scores are excluded. */
  list: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [conflicts, groups, scoreCounts] = await Promise.all([
        listConflictDetails(ctx.db, { cycleId: cycle.id }),
        listReviewGroups(ctx.db, cycle.id),
        countConflictScores(ctx.db, cycle.id),
      ]);
      // Only the applications the conflicts name, not the whole cycle.
      const apps = await listApplicationSummaries(
        ctx.db,
        conflicts.map((c) => c.applicationId),
      );
      const appById = new Map(apps.map((a) => [a.id, a]));
      const groupById = new Map(groups.map((g) => [g.id, g]));
      const out = [];
      for (const c of conflicts) {
        const app = appById.get(c.applicationId)!;
        const group = c.reviewGroupId !== null ? groupById.get(c.reviewGroupId) : undefined;
        out.push({
          id: c.id,
          article: 24 as const,
          applicationId: c.applicationId,
          code: c.applicationCode,
          name: { zh: app.applicantNameZh, en: app.applicantNameEn },
          examiner: { id: c.examinerId, name: { zh: c.examinerNameZh, en: c.examinerNameEn } },
          source: c.source,
          reason: splitBilingual(c.reason),
          declaredAt: c.declaredAt,
          /** The examiner is a member of the group the application is assigned to (and is kept off it). */
          inAssignedGroup: group ? group.memberIds.includes(c.examinerId) : false,
          /** Scores the examiner has for the application: stored, never counted. */
          scoresExcluded: scoreCounts.get(`${c.applicationId}|${c.examinerId}`) ?? 0,
        });
      }
      return out;
    }),

  /** Records a declared conflict (Art. 24), e.g. one the examiner or the applicant raised. Audited. */
  declare: allow(...SECRETARIAT)
    .input(z.object({ applicationId: idInput, examinerId: idInput, reason: text(2, 2000, 'Reason') }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.applicationId);
        const examiner = await getExaminer(tx.db, input.examinerId);
        if (!examiner) throw notFound({ zh: `编号为 ${input.examinerId} 的评审员`, en: `Examiner ${input.examinerId}` });
        const existing = (await listConflictDetails(tx.db, { applicationId: app.id })).find((c) => c.examinerId === examiner.id);
        if (existing) {
          throw apiError(
            'CONFLICT',
            {
              zh: `评审员 ${examiner.name_zh} 已登记回避申报 ${app.code}（第24条）。`,
              en: `Examiner ${examiner.name_en} is already recorded as recused from application ${app.code} (Art. 24).`,
            },
            { conflictId: existing.id },
          );
        }
        const at = nowIso(ctx);
        const reason = joinBilingual({ zh: `申报回避：${input.reason}`, en: `Declared: ${input.reason}` });
        const id = await insertConflict(tx.db, { applicationId: app.id, examinerId: examiner.id, source: 'declared', reason, declaredAt: at });
        const scoresExcluded = await countExaminerScoresFor(tx.db, app.id, examiner.id);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'conflict.declare',
          entity: 'conflict',
          entityId: id,
          cycleId: app.cycle_id,
          before: null,
          after: { applicationId: app.id, examinerId: examiner.id, source: 'declared', reason: input.reason, scoresExcluded },
          at,
        });
        return {
          id,
          article: 24 as const,
          applicationId: app.id,
          code: app.code,
          examiner: { id: examiner.id, name: { zh: examiner.name_zh, en: examiner.name_en } },
          source: 'declared' as const,
          reason: splitBilingual(reason),
          declaredAt: at,
          scoresExcluded,
          message:
            scoresExcluded > 0
              ? {
                  zh: `已登记回避；该评审员已有的 ${scoresExcluded} 个分数不再计入任何汇总（第24条）。`,
                  en: `Recusal recorded; the examiner's ${scoresExcluded} existing score(s) no longer count in any aggregate (Art. 24).`,
                }
              : { zh: '已登记回避（第24条）。', en: 'Recusal recorded (Art. 24).' },
        };
      }),
    ),

  /**
   * Runs @mqa/rules `detectConflicts` for every examiner × every application of the cycle (same
   * organisation by USCC, declared employment, business and relative ties) and records the conflicts
   * not recorded yet (source `automatic`). Audited per conflict.
   */
  detect: allow(...SECRETARIAT)
    .input(yearInput)
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        const apps = await listApplicationsOfCycle(tx.db, cycle.id);
        const examiners = await listExaminers(tx.db);
        const at = nowIso(ctx);
        const { added, found } = await recordDetected(
          tx,
          examiners.map((e) => e.id),
          apps.map((a) => a.id),
          at,
        );
        const appById = new Map(apps.map((a) => [a.id, a]));
        const exById = new Map(examiners.map((e) => [e.id, e]));
        for (const a of added) {
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'conflict.detect',
            entity: 'conflict',
            entityId: a.id,
            cycleId: cycle.id,
            before: null,
            after: { applicationId: a.applicationId, examinerId: a.examinerId, source: 'automatic', kinds: a.conflicts.map((c) => c.kind) },
            at,
          });
        }
        return {
          year: cycle.year,
          article: 24 as const,
          pairsChecked: apps.length * examiners.length,
          found: found.length,
          alreadyRecorded: found.length - added.length,
          added: added.map((a) => {
            const app = appById.get(a.applicationId)!;
            const e = exById.get(a.examinerId)!;
            return {
              id: a.id,
              applicationId: a.applicationId,
              code: app.code,
              examiner: { id: e.id, name: { zh: e.name_zh, en: e.name_en } },
              kinds: a.conflicts.map((c) => c.kind),
              reason: a.reason,
            };
          }),
        };
      }),
    ),
};
