/** Analytics for the committee, leadership and secretariat. All statistics come from @mqa/scoring. */
import { getWeightSet } from '@mqa/db';
import { selectCandidates } from '@mqa/rules';
import { diffWeightSets, flipPoints, rescoreCycle, type WeightSet } from '@mqa/scoring';
import { z } from 'zod';
import { acceptabilityOf, cycleOverview, MAX_PANEL_PAGE_SIZE, PANEL_PAGE_SIZE, sectorsJson, trendChangesJson, trendsJson } from '../domain/analytics.ts';
import { applicantLabel, examinerLabel, matrixOf, scoredCycle, toScoringWeights, weightSetSummary, type ScoredCycle } from '../domain/cycle.ts';
import { followUpJson } from '../domain/followup.ts';
import { heavy } from '../compute/heavy.ts';
import type { Context } from '../context.ts';
import { apiError, rethrowDomain, weightSetNotFound } from '../errors.ts';
import { allow } from '../trpc.ts';
import { boundedOverview, overviewTopInput, scaleAnalyticsProcedures } from './analytics-scale.ts';
import { yearInput } from './cycles.ts';
import { cursorInput, decodeCursor, encodeCursor, searchInput } from './paging.ts';
import { ANALYSTS, READERS } from './roles.ts';
import { assertValidPoints, pointsInput } from './weights.ts';

const year = z.number().int().min(2000).max(2100);

/** The order a cursor of `panelPage` belongs to (the cycle's group order). */
const PANEL_ORDER = 'panelGroups';

/** Review groups asked of `analytics.panel` by id: each once, at most a page's worth. */
const panelGroupIdsInput = z
  .array(z.number().int().positive())
  .min(1, 'Give at least one review group (至少指定一个评审组)')
  .max(MAX_PANEL_PAGE_SIZE, `At most ${MAX_PANEL_PAGE_SIZE} review groups at once (一次最多 ${MAX_PANEL_PAGE_SIZE} 个评审组)`)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'Each review group only once (评审组不能重复)' });

/** A draft weight set given either by id or as points. */
const weightsChoice = z
  .object({ year, weightSetId: z.number().int().positive().optional(), points: pointsInput.optional() })
  .refine((v) => (v.weightSetId === undefined) !== (v.points === undefined), {
    message: 'Give either weightSetId or points, not both (请提供 weightSetId 或 points 之一)',
    path: ['points'],
  });

async function resolveWeights(ctx: Context, sc: ScoredCycle, input: { weightSetId?: number; points?: Record<string, number> }) {
  if (input.weightSetId !== undefined) {
    const ws = await getWeightSet(ctx.db, input.weightSetId);
    if (!ws) throw weightSetNotFound(input.weightSetId);
    return { weights: toScoringWeights(ws), summary: weightSetSummary(ws) };
  }
  if (input.points !== undefined) {
    assertValidPoints(input.points);
    const weights: WeightSet = { id: 'draft', name: { zh: '草稿权重', en: 'Draft weights' }, points: input.points };
    return { weights, summary: null };
  }
  return { weights: sc.bundle.weights, summary: weightSetSummary(sc.bundle.weightSet) };
}

export const analyticsRouter = {
  ...scaleAnalyticsProcedures(cycleOverview),

  /**
   * Counts by sector and district, histogram of totals, box stats per category, ranked list, flags awaiting consensus.
   * `top`: only the first rows of the ranking (the rest through `analytics.ranking`) and the widest
   * `top` flags awaiting consensus; `rankedTotal`, `awaitingConsensusTotal` and `quantiles` always.
   */
  cycleOverview: allow(...READERS)
    .meta({ cacheable: true })
    .input(yearInput.extend({ top: overviewTopInput }))
    .query(async ({ ctx, input }) => boundedOverview(await cycleOverview(ctx, input.year), input.top)),

  /** Side-by-side comparison of 2–6 candidates (default: the top 3). */
  compare: allow(...ANALYSTS)
    .meta({ cacheable: true })
    .input(
      yearInput.extend({
        ids: z
          .array(z.number().int().positive())
          .min(2, 'Choose at least 2 candidates (至少选择 2 个候选)')
          .max(6, 'Choose at most 6 candidates (最多选择 6 个候选)')
          .refine((ids) => new Set(ids).size === ids.length, { message: 'Each candidate only once (候选不能重复)' })
          .optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const out = await heavy(ctx, 'compare', { year: input.year, ids: input.ids });
      if (out.missing.length) {
        throw apiError(
          'NOT_FOUND',
          {
            zh: `${input.year} 年度没有这些已评分的申报：${out.missing.join('、')}。`,
            en: `These applications have no scores in ${input.year}: ${out.missing.join(', ')}.`,
          },
          { missing: out.missing },
        );
      }
      return out;
    }),

  /** Category means by sector and by district, and the citywide weakest categories (one cycle or all). */
  sectors: allow(...READERS)
    .meta({ cacheable: true })
    .input(z.object({ year: year.optional() }).optional())
    .query(async ({ ctx, input }) => {
      if (input?.year !== undefined) await scoredCycle(ctx, input.year);
      return sectorsJson(ctx, input?.year);
    }),

  /** Per cycle: applications, mean total, category means, spread, awardees; per sector. */
  trends: allow(...READERS)
    .meta({ cacheable: true })
    .query(({ ctx }) => trendsJson(ctx)),

  /** This cycle against the last (headline), and banners/districts, sectors and categories across cycles ranked by change, with counts. */
  trendChanges: allow(...READERS)
    .meta({ cacheable: true })
    .query(({ ctx }) => trendChangesJson(ctx)),

  /**
   * Per review group: leniency/severity, ICC forms, Kendall's W, consensus agenda, raw vs z-normalised totals.
   * `groupIds`: only those groups' entries, in that order (NOT_FOUND for a group the cycle does not have);
   * a page of groups with the whole cycle's summary: `analytics.panelPage`.
   */
  panel: allow(...ANALYSTS)
    .meta({ cacheable: true })
    .input(yearInput.extend({ groupIds: panelGroupIdsInput.optional() }))
    .query(({ ctx, input }) => heavy(ctx, 'panel', input.groupIds ? { year: input.year, groupIds: input.groupIds } : { year: input.year })),

  /**
   * The panel one page of review groups at a time (the entries of `panel`, in its order), searched
   * by `q` (part of the group's, its leader's or a member's name), with keyset paging (pass
   * `nextCursor` for the next page; null after the last). `total` counts the groups matching the
   * search; `summary` is over every group of the cycle. Only the page's groups are computed.
   */
  panelPage: allow(...ANALYSTS)
    .meta({ cacheable: true })
    .input(
      yearInput.extend({
        limit: z.number().int().min(1).max(MAX_PANEL_PAGE_SIZE).default(PANEL_PAGE_SIZE),
        cursor: cursorInput,
        q: searchInput,
      }),
    )
    .query(async ({ ctx, input }) => {
      const after = input.cursor ? decodeCursor(input.cursor, PANEL_ORDER) : null;
      const q = input.q ? input.q.toLowerCase() : undefined;
      const page = await heavy(ctx, 'panelPage', {
        year: input.year,
        limit: input.limit,
        after: after ? { pos: Number(after.key), id: after.id } : null,
        ...(q ? { q } : {}),
      });
      return {
        items: page.items,
        nextCursor: page.next ? encodeCursor({ order: PANEL_ORDER, key: page.next.pos, id: page.next.id }) : null,
        total: page.total,
        summary: page.summary,
      };
    }),

  /** The compact raw data the browser needs to re-score the cycle with @mqa/scoring (scoreCycleColumnar). */
  cycleMatrix: allow(...ANALYSTS)
    .meta({ cacheable: true })
    .input(yearInput)
    .query(({ ctx, input }) =>
      ctx.services.cache.memo(`matrix:${input.year}`, async () => {
        const sc = await scoredCycle(ctx, input.year);
        const { bundle } = sc;
        // The same matrix the server scores with (@mqa/scoring `scoringInputOf` on both sides),
        // typed arrays as plain arrays for JSON, with labels for the view.
        const m = matrixOf(bundle.cycle, bundle.columnar, bundle.weightSet);
        // Recused examiners' scores never leave the server but to the secretariat's workbook
        // (Art. 24): they count nowhere, so the browser's re-scoring needs neither them nor the pairs.
        const nEx = m.examiners.length;
        const recused = new Set<number>();
        for (let k = 0; k < m.recusals.application.length; k++) recused.add(m.recusals.application[k]! * nEx + m.recusals.examiner[k]!);
        const keep: number[] = [];
        for (let k = 0; k < m.scores.percent.length; k++) if (!recused.has(m.scores.application[k]! * nEx + m.scores.examiner[k]!)) keep.push(k);
        const pick = (xs: ArrayLike<number>) => keep.map((k) => xs[k]!);
        return {
          year: bundle.cycle.year,
          itemIds: [...m.itemIds],
          applications: m.applications.map(({ id }) => {
            const app = bundle.appById.get(Number(id))!;
            return {
              ...applicantLabel(app),
              stage: bundle.stageOf.get(app.id)!,
              priorityAreas: app.priorityAreas.length,
              exclusion: sc.exclusions.get(app.id) ?? null,
            };
          }),
          examiners: m.examiners.map(({ id }) => examinerLabel(bundle, Number(id))),
          scores: {
            application: pick(m.scores.application),
            examiner: pick(m.scores.examiner),
            item: pick(m.scores.item),
            percent: pick(m.scores.percent),
          },
          recusals: { application: [] as number[], examiner: [] as number[] },
          consensus: {
            application: Array.from(m.consensus.application),
            item: Array.from(m.consensus.item),
            percent: Array.from(m.consensus.percent),
          },
          weightSet: { ...weightSetSummary(bundle.weightSet), points: bundle.weightSet.points },
          /** How the server aggregates: consensus first, then `fallback` (pass the matrix to `scoringInputOf`). */
          method: m.method,
          fallback: m.fallback,
          flagThreshold: m.flagThreshold,
          cap: bundle.cycle.award_cap,
          minTotal: bundle.cycle.min_total,
          /** The tie-break the cycle's selection uses ('priorityAreas' or 'none'), as cycleOverview reports it. */
          tieBreak: sc.selection.tieBreak,
        };
      }),
    ),

  /** Re-scores the cycle under another weight set (saved or draft points): new totals, ranks, selection, flip points. */
  rescore: allow(...ANALYSTS)
    .meta({ cacheable: true })
    .input(weightsChoice)
    .query(async ({ ctx, input }) => {
      const sc = await scoredCycle(ctx, input.year);
      const { weights, summary } = await resolveWeights(ctx, sc, input);
      try {
        const r = rescoreCycle(sc.result, weights);
        const baseSelected = new Set(sc.selection.selected);
        const selection = selectCandidates(
          r.applications.map((a) => ({
            id: a.id,
            total: a.total,
            priorityAreas: sc.bundle.appById.get(Number(a.id))!.priorityAreas.length,
            exclusion: sc.exclusions.get(Number(a.id)) ?? null,
          })),
          { cap: sc.bundle.cycle.award_cap, minTotal: sc.bundle.cycle.min_total, tieBreak: sc.selection.tieBreak },
        );
        const baseRank = new Map(sc.selection.decisions.map((d) => [d.id, d.rank]));
        const newRank = new Map(selection.decisions.map((d) => [d.id, d.rank]));
        const selected = new Set(selection.selected);
        const eligible = r.applications.filter((a) => !sc.exclusions.has(Number(a.id)));
        return {
          year: input.year,
          weightSet: summary,
          points: weights.points,
          diff: diffWeightSets(sc.bundle.weights, weights),
          applications: r.applications.map((a) => ({
            ...applicantLabel(sc.bundle.appById.get(Number(a.id))!),
            baseTotal: a.baseTotal,
            /** The cycle's one rank (among candidates in the running; null when excluded), before and after. */
            baseRank: baseRank.get(a.id) ?? null,
            total: a.total,
            rank: newRank.get(a.id) ?? null,
            rankChange: (baseRank.get(a.id) ?? 0) - (newRank.get(a.id) ?? 0),
            categories: a.categories,
            baseSelected: baseSelected.has(a.id),
            selected: selected.has(a.id),
          })),
          selection: { selected: selection.selected.map(Number), vacancies: selection.vacancies, tieAtCap: selection.tieAtCap },
          flipPoints: flipPoints(
            eligible.map((a) => ({ id: a.id, categories: a.categories })),
            weights,
          ),
        };
      } catch (error) {
        rethrowDomain(error);
      }
    }),

  /** Rank acceptability (seeded Dirichlet sampling of category weights around `points`). */
  acceptability: allow(...ANALYSTS)
    .meta({ cacheable: true })
    .input(
      z.object({
        year,
        points: pointsInput.optional(),
        samples: z.number().int().min(100).max(20_000).default(2000),
        concentration: z.number().positive().max(100_000).default(100),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(1),
      }),
    )
    .query(async ({ ctx, input }) => {
      const sc = await scoredCycle(ctx, input.year);
      const { weights } = await resolveWeights(ctx, sc, { points: input.points });
      const key = `acc:${input.year}:${input.samples}:${input.concentration}:${input.seed}:${JSON.stringify(weights.points)}`;
      const r = await ctx.services.cache.memo(key, () =>
        acceptabilityOf(sc, { weights, samples: input.samples, concentration: input.concentration, seed: input.seed }),
      );
      return {
        ...r,
        candidates: r.candidates.map((c) => ({ ...c, ...applicantLabel(sc.bundle.appById.get(Number(c.id))!), id: Number(c.id) })),
      };
    }),

  /** Each awardee: status (Art. 5/27/28), indicators against the sector median, incidents needing a review. */
  followUp: allow(...READERS)
    .meta({ cacheable: true })
    .query(({ ctx }) => followUpJson(ctx)),
};
