/**
 * Keeps the hot results computed ahead of requests: every cycle's scored results and overview,
 * at start-up and shortly after each data change, so even the first request after a change is
 * usually answered from the cache. With a compute worker, the heavy analytics the views open
 * with (the comparison of the leading candidates, the panel's first page) are computed ahead
 * too, in the worker, off the event loop.
 */
import { TRPCError } from '@trpc/server';
import { listCycles, type DB } from '@mqa/db';
import { heavy } from '../compute/heavy.ts';
import { createContextInner } from '../context.ts';
import type { Services } from '../services/index.ts';
import { PANEL_PAGE_SIZE, cycleOverview } from './analytics.ts';
import { scoredCycle } from './cycle.ts';

/** Computes and caches the scored results and overview of every cycle (newest first). */
export async function warmCache(db: DB, services: Services): Promise<number> {
  const ctx = createContextInner({ db, services });
  const cycles = await listCycles(db);
  for (const c of [...cycles].reverse()) {
    await scoredCycle(ctx, c.year);
    await cycleOverview(ctx, c.year);
  }
  return cycles.length;
}

/**
 * In the compute worker, for every cycle (newest first): `analytics.compare` of the cycle's
 * leading candidates and the panel's first page (`analytics.panelPage` with its default size),
 * memoised here under the very keys those requests use, so the first visit of the compare and
 * panel views finds them ready. Nothing without a compute worker: there they would hold up the
 * event loop, which is what the worker is for. A cycle the analytics refuse (a domain error,
 * e.g. nothing scored yet) is skipped; a worker that fails stops the warm-up with its error. Returns how many cycles were warmed.
 */
export async function warmHeavy(db: DB, services: Services): Promise<number> {
  if (!services.compute) return 0;
  const ctx = createContextInner({ db, services });
  const cycles = await listCycles(db);
  let warmed = 0;
  for (const c of [...cycles].reverse()) {
    try {
      // The inputs exactly as the routers build them (analytics.compare / analytics.panelPage).
      await heavy(ctx, 'compare', { year: c.year, ids: undefined });
      await heavy(ctx, 'panelPage', { year: c.year, limit: PANEL_PAGE_SIZE, after: null });
      warmed++;
    } catch (error) {
      // A domain refusal skips the cycle; a worker stopped by its limits is reported (onError).
      if (!(error instanceof TRPCError) || error.code === 'INTERNAL_SERVER_ERROR') throw error;
    }
  }
  return warmed;
}

/**
 * Re-warms the cache `delayMs` after the last data change (changes in quick succession warm
 * once), and the heavy analytics ({@link warmHeavy}) `heavyDelayMs` after it: longer, so a run
 * of edits (an examiner saving item after item) does not keep the worker busy re-computing.
 * Returns a function that stops it.
 */
export function keepCacheWarm(db: DB, services: Services, delayMs = 20, onError?: (error: unknown) => void, heavyDelayMs = 3000): () => void {
  const report = (error: unknown) => onError?.(error);
  const light = trailing(delayMs, () => warmCache(db, services).catch(report));
  const heavyWarm = trailing(heavyDelayMs, () => warmHeavy(db, services).catch(report));
  const off = services.cache.onBump(() => {
    light.schedule();
    if (services.compute) heavyWarm.schedule();
  });
  return () => {
    off();
    light.cancel();
    heavyWarm.cancel();
  };
}

/** Runs `run` once `ms` after the last of a run of `schedule` calls (an unreferenced timer). */
function trailing(ms: number, run: () => unknown): { schedule(): void; cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    schedule() {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        run();
      }, ms);
      timer.unref();
    },
    cancel,
  };
}
