// @vitest-environment node
/**
 * The weight-tuning view re-ranks from the server's compact answer (`analytics.rerankBase`:
 * aggregated percentages per candidate) instead of every score (`analytics.cycleMatrix`): for
 * every demo cycle, untouched and changed weights give exactly the same ranking (totals, ranks,
 * categories, rank changes) and selection as re-ranking from the full matrix, and the same
 * official ranks and selection as the server.
 */
import { createFixture, type Fixture } from '@mqa/api/test-fixture';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepare, prepareCompact, rerank, topMovers } from './rerank.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
}, 120_000);

describe('re-ranking from the compact answer', () => {
  it('gives the same results as from the full matrix, for every demo cycle, before and after a change', async () => {
    const committee = f.as('committee');
    for (const { year } of await committee.cycles.list()) {
      const [matrix, base, official] = await Promise.all([
        committee.analytics.cycleMatrix({ year }),
        committee.analytics.rerankBase({ year }),
        committee.scoring.cycleResults({ year }),
      ]);
      const full = prepare(matrix);
      const compact = prepareCompact(base);
      const plain = (p: typeof full) => p.base.map((a) => ({ ...a, items: Object.fromEntries(Object.entries(a.items).map(([k, v]) => [k, v.percent])) }));
      expect(plain(compact), `prepared ${year}`).toEqual(plain(full));
      expect(compact.before.selected, `selection ${year}`).toEqual(full.before.selected);
      expect(base.selected).toEqual(official.selection.selected);
      expect(base.candidates.id).toEqual(official.applications.filter((a) => a.rank !== null).map((a) => a.id));
      const moved = { ...matrix.weightSet.points };
      moved['4.7.2'] = moved['4.7.2']! - 40;
      moved['4.1.2'] = moved['4.1.2']! + 40;
      for (const points of [{ ...matrix.weightSet.points }, moved]) {
        const a = rerank(full, points);
        const b = rerank(compact, points);
        expect(b.ranking, `ranking ${year}`).toEqual(a.ranking);
        expect(b.selected).toEqual(a.selected);
        expect(b.before).toEqual(a.before);
        expect(topMovers(b.ranking!, 20)).toEqual(topMovers(a.ranking!, 20));
      }
    }
  }, 120_000);
});
