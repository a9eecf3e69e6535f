/**
 * The analytics at a larger size and against the implementations they replaced: rank
 * acceptability over the plausible contenders equals the full n × n analysis on every demo
 * cycle, and a 600-application synthetic cycle (the demo generator's sized mode) is analysed
 * consistently.
 */
import { createTestDatabase, DEMO_YEARS, seedDemo, type DB } from '@mqa/db';
import { fullRankAcceptability } from '@mqa/scoring/reference';
import { rescoreCycle } from '@mqa/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner } from '../context.ts';
import { createCaller } from '../root.ts';
import { createServices } from '../services/index.ts';
import { createFixture, type Fixture } from '../test/helpers.ts';
import { ACCEPTABILITY_RANKS, acceptabilityOf } from './analytics.ts';
import { computeCycleResults, type ScoredCycle } from './cycle.ts';

/** The candidates and options the server's default acceptability uses, for the reference. */
function referenceOf(sc: ScoredCycle, samples: number) {
  const eligible = sc.result.applications.filter((a) => !sc.exclusions.has(Number(a.id)));
  const candidates = rescoreCycle({ applications: eligible }, sc.bundle.weights).applications.map((a) => ({ id: a.id, categories: a.categories }));
  return fullRankAcceptability(candidates, {
    base: sc.bundle.weights,
    samples,
    concentration: 100,
    seed: 1,
    cap: sc.bundle.cycle.award_cap,
    minTotal: sc.bundle.cycle.min_total,
  });
}

describe('rank acceptability on the demo cycles', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });

  it('equals the full analysis it replaced, cycle by cycle', async () => {
    for (const year of DEMO_YEARS) {
      const sc = await computeCycleResults(f.db, year);
      const r = acceptabilityOf(sc, { weights: sc.bundle.weights, samples: 2000, concentration: 100, seed: 1 });
      expect(r.candidates.length).toBeLessThanOrEqual(ACCEPTABILITY_RANKS);
      expect(r.ranks).toBe(r.candidates.length);
      expect(r.contenders).toBe(r.candidates.length);
      expect(r.candidates).toEqual(referenceOf(sc, 2000));
    }
  });
});

describe('a 600-application synthetic cycle', () => {
  let db: DB;
  let caller: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db, { seed: 11, applications: 600 });
    const user = { id: 1, username: 'c', displayName: 'c', role: 'committee' as const, examinerId: null };
    caller = createCaller(createContextInner({ db, services: createServices(), user }));
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('panels every group of seven examiners over its own applications', async () => {
    const [panel, results] = await Promise.all([caller.analytics.panel({ year: 2025 }), caller.scoring.cycleResults({ year: 2025 })]);
    expect(panel.reduce((n, g) => n + g.applications, 0)).toBe(results.applications.length);
    for (const g of panel) {
      expect(g.members).toHaveLength(7);
      expect(g.reliability.k).toBe(7);
      expect(g.reliability.n + g.reliability.excludedApplications).toBe(g.applications);
      expect(g.totals.map((t) => t.rawRankInGroup)).toEqual(g.totals.map((_, i) => i + 1));
      expect(g.leniency.length).toBe(7);
    }
    // Recused examiners (Art. 24) are listed with the scores of theirs that do not count.
    const excluded = results.applications.flatMap((a) => a.excludedExaminers);
    expect(excluded.length).toBeGreaterThan(0);
    expect(excluded.every((e) => e.article === 24 && e.source === 'declared')).toBe(true);
    expect(excluded.some((e) => e.scoresExcluded === 23)).toBe(true);
    expect(excluded.some((e) => e.scoresExcluded === 0)).toBe(true);
  });

  it('runs acceptability over the contenders only, exact on the ranks it counts', async () => {
    const sc = await computeCycleResults(db, 2025);
    const r = acceptabilityOf(sc, { weights: sc.bundle.weights, samples: 300, concentration: 100, seed: 1 });
    const full = referenceOf(sc, 300);
    expect(r.ranks).toBe(ACCEPTABILITY_RANKS);
    expect(r.contenders).toBeLessThan(full.length);
    expect(r.candidates.map((c) => [c.id, c.baseRank, c.selectionProbability])).toEqual(full.map((c) => [c.id, c.baseRank, c.selectionProbability]));
    r.candidates.forEach((c, i) => {
      expect(c.rankProbabilities).toEqual(full[i]!.rankProbabilities.slice(0, ACCEPTABILITY_RANKS));
      if (c.meanRank !== null) expect(c.meanRank).toBe(full[i]!.meanRank);
    });
    const compare = await caller.analytics.compare({ year: 2025 });
    expect(compare.candidates).toHaveLength(3);
    expect(compare.candidates.every((c) => c.acceptability !== null && c.acceptability.meanRank !== null)).toBe(true);
  });
});
