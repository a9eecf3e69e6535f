/** Weight sets: points per GB/T 19580 item, validated by @mqa/scoring; frozen sets are read-only. */
import {
  cycleHasScores,
  cyclesUsingWeightSet,
  freezeWeightSet,
  getCycleByYear,
  getWeightSet,
  insertWeightSet,
  listWeightSets,
  nextWeightSetVersion,
  replaceWeightSetPoints,
  updateWeightSetNames,
  writeAudit,
  type WeightSetWithPoints,
} from '@mqa/db';
import { categoryTotals, diffWeightSets, validateWeightSet, weightTotal } from '@mqa/scoring';
import { z } from 'zod';
import { requireCycle, toScoringWeights } from '../domain/cycle.ts';
import { applyCycleSettings } from '../domain/cycle-settings.ts';
import { apiError, weightSetNotFound } from '../errors.ts';
import { allow } from '../trpc.ts';
import type { Context } from '../context.ts';
import { READERS, SECRETARIAT } from './roles.ts';
import { inTransaction } from './helpers.ts';
import { plain } from './inputs.ts';

/** itemId → points, as typed in a form (validated in full by the scoring core). */
export const pointsInput = z.record(z.string().max(16), z.number().finite());
const name = plain(z.string().trim().min(1).max(255), 'A weight set name', '权重方案名称');

function summary(ws: WeightSetWithPoints, usedBy: number[]) {
  const w = toScoringWeights(ws);
  return {
    id: ws.id,
    code: ws.code,
    version: ws.version,
    name: { zh: ws.name_zh, en: ws.name_en },
    status: ws.status,
    basedOnId: ws.based_on_id,
    note: ws.note,
    createdAt: ws.created_at,
    frozenAt: ws.frozen_at,
    total: weightTotal(w),
    categoryTotals: categoryTotals(w),
    usedByCycles: usedBy,
  };
}

/** Refuses invalid points with every problem listed (zh/en), as the scoring core reports them. */
export function assertValidPoints(points: Record<string, number>, label = 'draft') {
  const check = validateWeightSet({ id: label, name: { zh: label, en: label }, points });
  if (!check.ok) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `权重方案无效：${check.errors.map((e) => e.message.zh).join('；')}`,
        en: `Invalid weight set: ${check.errors.map((e) => e.message.en).join('; ')}`,
      },
      { problems: check.errors },
    );
  }
}

async function requireWeightSet(ctx: Pick<Context, 'db'>, id: number) {
  const ws = await getWeightSet(ctx.db, id);
  if (!ws) throw weightSetNotFound(id);
  return ws;
}

function frozenError(ws: WeightSetWithPoints) {
  return apiError(
    'CONFLICT',
    {
      zh: `权重方案“${ws.name_zh}”（第 ${ws.version} 版）已冻结，不能修改；请以它为基础新建一个版本。`,
      en: `Weight set "${ws.name_en}" (version ${ws.version}) is frozen and cannot be edited; create a new version based on it.`,
    },
    { id: ws.id },
  );
}

export const weightsRouter = {
  list: allow(...READERS)
    .meta({ cacheable: true })
    .query(async ({ ctx }) => {
      const sets = await listWeightSets(ctx.db);
      return Promise.all(sets.map(async (ws) => summary(ws, await cyclesUsingWeightSet(ctx.db, ws.id))));
    }),

  get: allow(...READERS)
    .meta({ cacheable: true })
    .input(z.object({ id: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const ws = await requireWeightSet(ctx, input.id);
      return { ...summary(ws, await cyclesUsingWeightSet(ctx.db, ws.id)), points: ws.points };
    }),

  create: allow(...SECRETARIAT)
    .input(
      z.object({
        nameZh: name,
        nameEn: name,
        basedOnId: z.number().int().positive().optional(),
        code: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Use lowercase letters, digits and hyphens')
          .optional(),
        note: z.string().max(2000).optional(),
        points: pointsInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      assertValidPoints(input.points);
      return ctx.db.transaction().execute(async (tx) => {
        const base = input.basedOnId !== undefined ? await requireWeightSet({ db: tx }, input.basedOnId) : undefined;
        const code = input.code ?? base?.code ?? 'custom';
        const version = await nextWeightSetVersion(tx, code);
        const at = ctx.services.now().toISOString();
        const id = await insertWeightSet(tx, {
          code,
          version,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          basedOnId: base?.id ?? null,
          note: input.note ?? null,
          createdBy: ctx.user!.id,
          createdAt: at,
          points: input.points,
        });
        await writeAudit(tx, {
          userId: ctx.user!.id,
          action: 'weightSet.create',
          entity: 'weight_set',
          entityId: id,
          after: { code, version, nameZh: input.nameZh, nameEn: input.nameEn, basedOnId: base?.id ?? null, points: input.points },
          at,
        });
        const ws = (await getWeightSet(tx, id))!;
        return { ...summary(ws, []), points: ws.points };
      });
    }),

  update: allow(...SECRETARIAT)
    .input(z.object({ id: z.number().int().positive(), points: pointsInput, nameZh: name.optional(), nameEn: name.optional() }))
    .mutation(async ({ ctx, input }) => {
      assertValidPoints(input.points);
      return ctx.db.transaction().execute(async (tx) => {
        const ws = await requireWeightSet({ db: tx }, input.id);
        if (ws.status === 'frozen') throw frozenError(ws);
        for (const year of await cyclesUsingWeightSet(tx, ws.id)) {
          const cycle = (await getCycleByYear(tx, year))!;
          if (await cycleHasScores(tx, cycle.id)) {
            throw apiError(
              'CONFLICT',
              {
                zh: `权重方案已被 ${year} 年度周期使用且该周期已有评分，不能修改；请新建一个版本。`,
                en: `The weight set is used by the ${year} cycle, which has scores; it cannot be edited. Create a new version instead.`,
              },
              { id: ws.id, year },
            );
          }
        }
        await replaceWeightSetPoints(tx, ws.id, input.points);
        await updateWeightSetNames(tx, ws.id, { nameZh: input.nameZh, nameEn: input.nameEn });
        const after = (await getWeightSet(tx, ws.id))!;
        await writeAudit(tx, {
          userId: ctx.user!.id,
          action: 'weightSet.update',
          entity: 'weight_set',
          entityId: ws.id,
          before: { nameZh: ws.name_zh, nameEn: ws.name_en, points: ws.points },
          after: { nameZh: after.name_zh, nameEn: after.name_en, points: after.points },
          at: ctx.services.now().toISOString(),
        });
        return { ...summary(after, await cyclesUsingWeightSet(tx, ws.id)), points: after.points };
      });
    }),

  freeze: allow(...SECRETARIAT)
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (tx) => {
        const ws = await requireWeightSet({ db: tx }, input.id);
        if (ws.status === 'frozen') throw frozenError(ws);
        assertValidPoints(ws.points, String(ws.id));
        const at = ctx.services.now().toISOString();
        await freezeWeightSet(tx, ws.id, at);
        await writeAudit(tx, {
          userId: ctx.user!.id,
          action: 'weightSet.freeze',
          entity: 'weight_set',
          entityId: ws.id,
          before: { status: ws.status },
          after: { status: 'frozen' },
          at,
        });
        const after = (await getWeightSet(tx, ws.id))!;
        return { ...summary(after, await cyclesUsingWeightSet(tx, ws.id)), points: after.points };
      });
    }),

  /**
   * Makes a weight set the one a cycle scores with ("use for 2027"): refused once the cycle has
   * a score (its weights are fixed from then; make a new cycle's draft instead). The set is
   * checked by @mqa/scoring; the change is audited on the cycle, old → new.
   */
  assignToCycle: allow(...SECRETARIAT)
    .input(z.object({ weightSetId: z.number().int().positive(), year: z.number().int().min(2000).max(2100) }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const ws = await requireWeightSet(tx, input.weightSetId);
        const cycle = await requireCycle(tx, input.year);
        const after = await applyCycleSettings(tx, cycle, { weightSetId: ws.id }, 'weightSet.assignToCycle');
        return {
          year: after.year,
          weightSetId: after.weight_set_id,
          previousWeightSetId: cycle.weight_set_id,
          usedByCycles: await cyclesUsingWeightSet(tx.db, ws.id),
        };
      }),
    ),

  diff: allow(...READERS)
    .meta({ cacheable: true })
    .input(z.object({ aId: z.number().int().positive(), bId: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const [a, b] = await Promise.all([requireWeightSet(ctx, input.aId), requireWeightSet(ctx, input.bId)]);
      return {
        a: summary(a, []),
        b: summary(b, []),
        diff: diffWeightSets(toScoringWeights(a), toScoringWeights(b)),
      };
    }),
};
