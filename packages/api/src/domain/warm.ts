/**
 * Keeps the hot results computed ahead of requests: every cycle's scored results and overview,
 * at start-up and shortly after each data change, so even the first request after a change is
 * usually answered from the cache.
 */
import { listCycles, type DB } from '@mqa/db';
import { createContextInner } from '../context.ts';
import type { Services } from '../services/index.ts';
import { cycleOverview } from './analytics.ts';
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
 * Re-warms the cache `delayMs` after the last data change (changes in quick succession warm
 * once). Returns a function that stops it.
 */
export function keepCacheWarm(db: DB, services: Services, delayMs = 20, onError?: (error: unknown) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const off = services.cache.onBump(() => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      warmCache(db, services).catch((error: unknown) => onError?.(error));
    }, delayMs);
    timer.unref();
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}
