/**
 * Follow-up indicators of an awardee for the three years of its award (Art. 5, 28): read per
 * award and year, recorded by the secretariat per year with the plausible ranges of @mqa/rules
 * (`INDICATORS`), the year refused outside the award's validity (`followUpYearProblem`). The same
 * checks run in the indicators import (`spreadsheet/indicators-import.ts`).
 */
import { deleteIndicator, indicatorsOf, listAwardDetails, upsertIndicator, writeAudit, type AwardDetail, type DB } from '@mqa/db';
import { followUpYearProblem, followUpYears, INDICATOR_IDS } from '@mqa/rules';
import { z } from 'zod';
import { indicatorDefinitionsJson, indicatorValueProblems } from '../domain/followup.ts';
import { apiError, notFound } from '../errors.ts';
import { allow } from '../trpc.ts';
import { inTransaction, nowIso, todayOf } from './helpers.ts';
import { idInput } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

const indicatorKey = z.enum(INDICATOR_IDS);

/** The award and its organisation; individuals have no organisation indicators. */
export async function requireIndicatorAward(db: DB, awardId: number): Promise<AwardDetail & { organisationId: number }> {
  const [award] = await listAwardDetails(db, { awardId });
  if (!award) throw notFound({ zh: `编号为 ${awardId} 的奖励`, en: `Award ${awardId}` });
  if (award.organisationId === null) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `奖励 ${award.certificateNo} 授予个人；跟踪指标（总资产贡献率、顾客满意度等）只适用于获奖组织。`,
        en: `Award ${award.certificateNo} is held by an individual; the follow-up indicators (total-asset contribution, customer satisfaction, …) apply to organisations only.`,
      },
      { awardId },
    );
  }
  return award as AwardDetail & { organisationId: number };
}

export const indicatorsRouter = {
  /** An award's indicators per follow-up year, the years that can be recorded today, and the definitions with their ranges. */
  get: allow(...READERS)
    .input(z.object({ awardId: idInput }))
    .query(async ({ ctx, input }) => {
      const [award] = await listAwardDetails(ctx.db, { awardId: input.awardId });
      if (!award) throw notFound({ zh: `编号为 ${input.awardId} 的奖励`, en: `Award ${input.awardId}` });
      const today = todayOf(ctx);
      const years = followUpYears(award.awardedOn);
      const rows = award.organisationId === null ? [] : await indicatorsOf(ctx.db, award.organisationId);
      return {
        awardId: award.id,
        certificateNo: award.certificateNo,
        awardedOn: award.awardedOn,
        applicantType: award.applicantType,
        organisationId: award.organisationId,
        articles: [5, 28],
        applicable: award.organisationId !== null,
        years: years.map((year) => ({
          year,
          recordable: award.organisationId !== null && followUpYearProblem(award.awardedOn, year, today) === null,
          values: Object.fromEntries(rows.filter((r) => r.year === year).map((r) => [r.indicator, r.value])) as Record<string, number>,
        })),
        definitions: indicatorDefinitionsJson(),
      };
    }),

  /**
   * Records one year's indicators of an awardee (`values` keyed by indicator; null clears one).
   * Refused: an unknown award (`NOT_FOUND`), an individual's award, a year outside the award's
   * 3-year validity or not yet begun, a value outside its plausible range (`BAD_REQUEST`,
   * `details.problems`). Nothing is stored unless every value passes. Audited old → new.
   */
  record: allow(...SECRETARIAT)
    .input(
      z.object({
        awardId: idInput,
        year: z.number().int().min(2000).max(2100),
        values: z.partialRecord(indicatorKey, z.number().nullable()).refine((v) => Object.keys(v).length > 0, {
          message: 'At least one indicator is required (至少填写一项指标)',
        }),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const award = await requireIndicatorAward(tx.db, input.awardId);
        const yearProblem = followUpYearProblem(award.awardedOn, input.year, todayOf(ctx));
        if (yearProblem) throw apiError('BAD_REQUEST', yearProblem, { article: 5, years: followUpYears(award.awardedOn) });
        const values = input.values as Record<string, number | null>;
        const problems = indicatorValueProblems(values);
        if (problems.length) {
          throw apiError('BAD_REQUEST', { zh: problems.map((p) => p.message.zh).join(' '), en: problems.map((p) => p.message.en).join(' ') }, { problems });
        }
        const existing = await indicatorsOf(tx.db, award.organisationId, input.year);
        const before: Record<string, number | null> = {};
        const after: Record<string, number | null> = {};
        for (const [indicator, value] of Object.entries(values)) {
          const old = existing.find((r) => r.indicator === indicator)?.value ?? null;
          if (old === value) continue;
          before[indicator] = old;
          after[indicator] = value;
          if (value === null) await deleteIndicator(tx.db, { organisationId: award.organisationId, year: input.year, indicator });
          else await upsertIndicator(tx.db, { organisationId: award.organisationId, year: input.year, indicator, value });
        }
        const changed = Object.keys(after);
        if (changed.length) {
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'indicators.record',
            entity: 'award',
            entityId: award.id,
            cycleId: award.cycleId,
            before: { year: input.year, values: before },
            after: { year: input.year, organisationId: award.organisationId, values: after },
            at: nowIso(ctx),
          });
        }
        const stored = await indicatorsOf(tx.db, award.organisationId, input.year);
        return {
          awardId: award.id,
          year: input.year,
          articles: [5, 28],
          changed,
          values: Object.fromEntries(stored.map((r) => [r.indicator, r.value])) as Record<string, number>,
        };
      }),
    ),
};
