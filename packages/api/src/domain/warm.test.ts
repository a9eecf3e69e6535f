import { describe, expect, it } from 'vitest';
import { createFixture } from '../test/helpers.ts';
import { keepCacheWarm, warmCache } from './warm.ts';

describe('cache warming', () => {
  it('computes every cycle ahead of requests, and again after a data change', async () => {
    const f = await createFixture();
    expect(await warmCache(f.db, f.services)).toBe(4);
    const misses = f.services.cache.misses;
    await f.as('leadership').analytics.cycleOverview({ year: 2021 });
    expect(f.services.cache.misses).toBe(misses);

    const stop = keepCacheWarm(f.db, f.services, 5);
    // What a full warm holds: after a change to one cycle, the others stay cached, so "warm
    // again" means back to this size, not merely some entries present.
    const warmed = f.services.cache.size;
    const before = await f.as('committee').analytics.cycleOverview({ year: 2023 });
    const app = before.ranked[0]!;
    await f.as('secretariat').scoring.recordConsensus({ applicationId: app.id, itemId: '4.1.3', stage: app.stage, percent: 0, reason: 'warm test' });
    const version = f.services.cache.version;
    for (let i = 0; i < 250 && f.services.cache.size < warmed; i++) await new Promise((r) => setTimeout(r, 20));
    const m = f.services.cache.misses;
    const after = await f.as('committee').analytics.cycleOverview({ year: 2023 });
    expect(f.services.cache.misses).toBe(m);
    expect(f.services.cache.version).toBe(version);
    expect(after.ranked.find((a) => a.id === app.id)!.total).toBeLessThan(app.total);
    stop();
  });
});
