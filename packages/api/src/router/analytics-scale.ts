/**
 * Analytics answers that stay small at any cycle size (issue 15, province scale): the ranking
 * paged and searched on the server, the overview's ranking bounded to its top with the
 * distribution as quantiles, and the compact per-candidate percentages the weight-tuning view
 * re-ranks from (instead of every score of `analytics.cycleMatrix`).
 */
import { ITEM_IDS, quantile } from '@mqa/scoring';
import { z } from 'zod';
import type { cycleOverview } from '../domain/analytics.ts';
import { consensusIndex, scoredCycle, weightSetSummary } from '../domain/cycle.ts';
import { allow } from '../trpc.ts';
import { applicationJson, eligibilityJson } from './applications.ts';
import { yearInput } from './cycles.ts';
import { idInput } from './inputs.ts';
import { cursorInput, decodeCursor, encodeCursor, limitInput, searchInput } from './paging.ts';
import { ANALYSTS, READERS } from './roles.ts';

type Overview = Awaited<ReturnType<typeof cycleOverview>>;

/** Quantiles the overview gives of the complete totals (the distribution without every total). */
const QUANTILES = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;

/** At most this many ranked rows in an overview asked for its `top` (the rest: `analytics.ranking`). */
export const MAX_OVERVIEW_TOP = 500;

/** Candidates `analytics.candidateDetails` answers at once (a committee pack has at most 12 pages). */
const MAX_DETAIL_IDS = 20;

/** `top` of `analytics.cycleOverview`: only the first rows of the ranking (all of it when absent). */
export const overviewTopInput = z.number().int().min(1).max(MAX_OVERVIEW_TOP).optional();

/**
 * The overview with its ranking cut to the first `top` rows (when given), and always how many
 * rows the ranking has and quantiles of the complete totals.
 */
export function boundedOverview(ov: Overview, top: number | undefined): BoundedOverview {
  // Once per cached overview and `top`: a warm call answers the same object, at no cost.
  let byTop = bounded.get(ov);
  if (!byTop) bounded.set(ov, (byTop = new Map()));
  const key = top ?? 0;
  let out = byTop.get(key);
  if (!out) byTop.set(key, (out = bound(ov, top)));
  return out;
}

type BoundedOverview = ReturnType<typeof bound>;
const bounded = new WeakMap<Overview, Map<number, BoundedOverview>>();

function bound(ov: Overview, top: number | undefined) {
  const totals = ov.ranked.filter((r) => r.complete).map((r) => r.total);
  return {
    ...ov,
    ranked: top === undefined ? ov.ranked : ov.ranked.slice(0, top),
    /** Rows of the whole ranking (in the running, then excluded); page through them with `analytics.ranking`. */
    rankedTotal: ov.ranked.length,
    /** With `top`, the widest `top` disagreements awaiting consensus (the whole agenda: `scoring.consensusAgenda`). */
    awaitingConsensus: top === undefined ? ov.awaitingConsensus : ov.awaitingConsensus.slice(0, top),
    /** Flagged items awaiting consensus in the whole cycle, whatever `top`. */
    awaitingConsensusTotal: ov.awaitingConsensus.length,
    /** Quantiles of the complete totals (`q`: 0.05 … 0.95), null values when nothing is complete. */
    quantiles: QUANTILES.map((q) => ({ q, value: quantile(totals, q) })),
    /** The last candidate within the cap (the row the cap line is drawn under), null when none is. */
    lastSelectedId: ov.ranked.findLast((r) => r.selected)?.id ?? null,
    /** Ranked rows removed after a confirmed objection (Art. 21), anywhere in the ranking. */
    removedCount: ov.ranked.filter((r) => r.exclusion?.code === 'removed').length,
  };
}

export function scaleAnalyticsProcedures(overviewOf: (ctx: Parameters<typeof cycleOverview>[0], year: number) => Promise<Overview>) {
  return {
    /**
     * The cycle's ranking (the rows of `cycleOverview.ranked`, in that order: by rank, then the
     * excluded) one page at a time, searched by code or name (`q`). Keyset paging: the cursor
     * is the last row's position and id.
     */
    ranking: allow(...READERS)
      .meta({ cacheable: true })
      .input(yearInput.extend({ limit: limitInput, cursor: cursorInput, q: searchInput }))
      .query(async ({ ctx, input }) => {
        const ov = await overviewOf(ctx, input.year);
        const q = input.q?.toLowerCase() ?? '';
        const rows = q
          ? ov.ranked.filter((r) => r.code.toLowerCase().includes(q) || r.name.zh.toLowerCase().includes(q) || r.name.en.toLowerCase().includes(q))
          : ov.ranked;
        let from = 0;
        if (input.cursor) {
          const after = decodeCursor(input.cursor, 'ranking');
          // The row itself when it is still there (a change may have moved it), else its position.
          const at = rows.findIndex((r) => r.id === after.id);
          from = at >= 0 ? at + 1 : Math.min(rows.length, Number(after.key) + 1);
        }
        const items = rows.slice(from, from + input.limit);
        const lastAt = from + items.length - 1;
        return {
          items,
          nextCursor: lastAt + 1 < rows.length && items.length ? encodeCursor({ order: 'ranking', key: lastAt, id: items[items.length - 1]!.id }) : null,
          total: rows.length,
        };
      }),

    /**
     * The cycle's applications that were never ranked because they are excluded (ineligible,
     * Art. 10–12; withdrawn or removed, Art. 21; rejected at the qualification review, Art. 16),
     * by code, one page at a time, searched by code or name (`q`).
     */
    notRanked: allow(...READERS)
      .meta({ cacheable: true })
      .input(yearInput.extend({ limit: limitInput, cursor: cursorInput, q: searchInput }))
      .query(async ({ ctx, input }) => {
        const rows = await ctx.services.cache.memo(`notRanked:${input.year}`, async () => {
          const { bundle, result } = await scoredCycle(ctx, input.year);
          const ranked = new Set(result.applications.map((a) => Number(a.id)));
          return bundle.applications
            .filter((a) => !ranked.has(a.id) && (a.eligibility_status === 'ineligible' || a.status !== 'active' || a.qualification_status === 'rejected'))
            .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id))
            .map((a) => applicationJson(a, bundle.cycle.year));
        });
        const q = input.q?.toLowerCase() ?? '';
        const found = q
          ? rows.filter((r) => r.code.toLowerCase().includes(q) || r.name.zh.toLowerCase().includes(q) || r.name.en.toLowerCase().includes(q))
          : rows;
        let from = 0;
        if (input.cursor) {
          const after = decodeCursor(input.cursor, 'notRanked');
          const key = String(after.key);
          from = found.findIndex((r) => r.code > key || (r.code === key && r.id > after.id));
          if (from < 0) from = found.length;
        }
        const items = found.slice(from, from + input.limit);
        const last = items[items.length - 1];
        return {
          items,
          nextCursor: last && from + items.length < found.length ? encodeCursor({ order: 'notRanked', key: last.code, id: last.id }) : null,
          total: found.length,
        };
      }),

    /**
     * What the committee pack prints of a few candidates besides their charts: the eligibility
     * check (Art. 10–12) and the items on the consensus agenda with the consensus recorded
     * (the entries of `scoring.cycleResults.agenda` for these applications), without the
     * whole cycle's results or application list. Applications without scores answer empty lists.
     */
    candidateDetails: allow(...ANALYSTS)
      .meta({ cacheable: true })
      .input(
        yearInput.extend({
          ids: z.array(idInput).min(1).max(MAX_DETAIL_IDS, `At most ${MAX_DETAIL_IDS} candidates at once (一次最多 ${MAX_DETAIL_IDS} 个候选)`),
        }),
      )
      .query(async ({ ctx, input }) => {
        const { bundle, result } = await scoredCycle(ctx, input.year);
        const wanted = new Set(input.ids);
        const cIndex = consensusIndex(bundle);
        const agenda = new Map<
          number,
          { itemId: string; stage: string; range: number; sd: number; n: number; consensus: { percent: number; reason: string } | null }[]
        >();
        for (const a of result.agenda) {
          const id = Number(a.applicationId);
          if (!wanted.has(id)) continue;
          const c = cIndex.get(`${a.applicationId}|${a.itemId}`);
          let list = agenda.get(id);
          if (!list) agenda.set(id, (list = []));
          list.push({
            itemId: a.itemId,
            stage: bundle.stageOf.get(id)!,
            range: a.range,
            sd: a.sd,
            n: a.n,
            consensus: c ? { percent: c.percent, reason: c.reason } : null,
          });
        }
        return input.ids.flatMap((id) => {
          const app = bundle.appById.get(id);
          if (!app) return [];
          return [
            {
              applicationId: id,
              code: app.code,
              eligibility: eligibilityJson(app),
              agenda: (agenda.get(id) ?? []).map((a) => ({ applicationId: id, ...a })),
            },
          ];
        });
      }),

    /**
     * What the weight-tuning view re-ranks from, compact at any cycle size: the candidates in the
     * running by their official rank, each with its aggregated (weight-independent) percentage
     * per item, as computed by the server's scoring (the same numbers the browser's
     * `scoringInputOf` + `scoreCycleColumnar` over `cycleMatrix` gives), and the official selection.
     */
    rerankBase: allow(...ANALYSTS)
      .meta({ cacheable: true })
      .input(yearInput)
      .query(({ ctx, input }) =>
        ctx.services.cache.memo(`rerankBase:${input.year}`, async () => {
          const sc = await scoredCycle(ctx, input.year);
          const { bundle, result, selection } = sc;
          const itemIds = [...ITEM_IDS];
          const byId = new Map(result.applications.map((a) => [a.id, a]));
          const running = selection.decisions.filter((d) => d.rank !== null);
          const candidates = {
            id: [] as number[],
            code: [] as string[],
            nameZh: [] as string[],
            nameEn: [] as string[],
            rank: [] as number[],
            total: [] as number[],
            priorityAreas: [] as number[],
          };
          /** Row-major: candidate i, item j at `i * itemIds.length + j`; null where the item is missing. */
          const percent: (number | null)[] = [];
          for (const d of running) {
            const r = byId.get(d.id)!;
            const app = bundle.appById.get(Number(d.id))!;
            candidates.id.push(app.id);
            candidates.code.push(app.code);
            candidates.nameZh.push(app.applicantNameZh);
            candidates.nameEn.push(app.applicantNameEn);
            candidates.rank.push(d.rank!);
            candidates.total.push(r.total);
            candidates.priorityAreas.push(app.priorityAreas.length);
            for (const itemId of itemIds) percent.push(r.items[itemId]?.percent ?? null);
          }
          return {
            year: bundle.cycle.year,
            itemIds,
            candidates,
            percent,
            /** The official selection under the cycle's own weights (ids). */
            selected: selection.selected.map(Number),
            weightSet: { ...weightSetSummary(bundle.weightSet), points: bundle.weightSet.points },
            cap: bundle.cycle.award_cap,
            minTotal: bundle.cycle.min_total,
            tieBreak: selection.tieBreak,
          };
        }),
      ),
  };
}
