/**
 * The heavy analytics of a cycle — the scored results, the panel (leniency, ICC, Kendall's W) and
 * the comparison with its rank acceptability — computed off the event loop when the server has
 * a compute worker ({@link ComputeWorkers}, services.compute), so a cold 10,000-application query
 * does not hold up everyone else's requests.
 *
 * Concurrent identical requests are coalesced: the answer is memoised in the result cache under
 * the procedure, its input and the cycle's data version (one computation; every caller gets its
 * promise; a data change starts afresh). The worker runs the very same functions on its own
 * connection to the same database, so the answer is the same as on the main thread. Without a
 * compute worker (an in-memory database, `MQA_COMPUTE_WORKERS=0`) they run here, as before.
 */
import type { AggregationMethod } from '@mqa/scoring';
import type { TieBreak } from '@mqa/rules';
import type { Context } from '../context.ts';
import { compareJson, panelGroupsJson, panelJson, panelPageJson, type PanelAfter } from '../domain/analytics.ts';
import { cycleResultsJson, scoredCycle } from '../domain/cycle.ts';

export interface HeavyInputs {
  /** `groupIds`: only these review groups' entries (in that order); all of them when absent. */
  panel: { year: number; groupIds?: number[] | undefined };
  panelPage: { year: number; limit: number; after: PanelAfter | null; q?: string | undefined };
  compare: { year: number; ids?: number[] | undefined };
  cycleResults: { year: number; method?: AggregationMethod | undefined; tieBreak?: TieBreak | undefined };
}

/** Each heavy computation, from a context and its input (run on the main thread or in the worker). */
export const HEAVY = {
  panel: (ctx: Context, input: HeavyInputs['panel']) => (input.groupIds ? panelGroupsJson(ctx, input.year, input.groupIds) : panelJson(ctx, input.year)),
  panelPage: (ctx: Context, input: HeavyInputs['panelPage']) => panelPageJson(ctx, input.year, input),
  compare: (ctx: Context, input: HeavyInputs['compare']) => compareJson(ctx, input.year, input.ids),
  cycleResults: async (ctx: Context, input: HeavyInputs['cycleResults']) => cycleResultsJson(await scoredCycle(ctx, input.year, input.method, input.tieBreak)),
} satisfies { [K in keyof HeavyInputs]: (ctx: Context, input: HeavyInputs[K]) => unknown };

export type HeavyOp = keyof HeavyInputs;
export type HeavyResult<K extends HeavyOp> = Awaited<ReturnType<(typeof HEAVY)[K]>>;

/** What the worker is asked: the computation, its input, and the cycle's data version it must reflect. */
export interface HeavyTask {
  op: HeavyOp;
  input: unknown;
  year: number;
  /** `ResultCache.stamp([year])` on the main thread: `e<epoch>|<year>.<version>`. */
  stamp: string;
}

/** The memo key of a heavy computation: scoped to its cycle (`name:<year>:…`, see `scopeOfKey`). */
export function heavyKey(op: HeavyOp, input: { year: number }): string {
  return `heavy-${op}:${input.year}:${JSON.stringify(input)}`;
}

/**
 * The result of a heavy computation: from the compute worker when the server has one (coalesced
 * per procedure, input and data version), else computed here.
 */
export function heavy<K extends HeavyOp>(ctx: Context, op: K, input: HeavyInputs[K]): Promise<HeavyResult<K>> {
  const compute = ctx.services.compute;
  const run = HEAVY[op] as (ctx: Context, input: HeavyInputs[K]) => Promise<HeavyResult<K>>;
  if (!compute) return run(ctx, input);
  const { cache } = ctx.services;
  const scope = [input.year];
  return cache.memo(heavyKey(op, input), () => compute.run<HeavyResult<K>>({ op, input, year: input.year, stamp: cache.stamp(scope) }), scope);
}
