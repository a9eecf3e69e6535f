/** analytics.trendChanges (leadership's headline and the changes by district, sector, category) and the counts behind the heatmaps and follow-up marks. */
import { INDICATORS, indicatorWatch, isIndicatorId } from '@mqa/rules';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_GROUP_N } from '../domain/analytics.ts';
import { createFixture, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

describe('analytics.trendChanges', () => {
  it('compares the newest scored cycle with the one before, from the same figures as analytics.trends', async () => {
    const c = await f.as('leadership').analytics.trendChanges();
    const trends = await f.as('leadership').analytics.trends();
    const scored = trends.filter((t) => t.scored > 0).sort((a, b) => a.year - b.year);
    expect(scored.length).toBeGreaterThanOrEqual(2);
    const cur = scored[scored.length - 1]!;
    const prev = scored[scored.length - 2]!;
    expect(c.current).toBe(cur.year);
    expect(c.previous).toBe(prev.year);
    expect(c.years).toEqual(scored.map((t) => t.year));
    expect(c.minN).toBe(MIN_GROUP_N);
    expect(c.headline.applications).toEqual({ current: cur.applications, previous: prev.applications, change: cur.applications - prev.applications });
    expect(c.headline.meanTotal.change).toBeCloseTo(cur.meanTotal! - prev.meanTotal!, 9);
    // The share at or above the minimum is counted from the cycle's complete sheets.
    const results = await f.as('committee').scoring.cycleResults({ year: cur.year });
    const complete = results.applications.filter((a) => a.complete);
    const above = complete.filter((a) => a.total >= cur.minTotal).length;
    expect(cur.aboveMinimum).toBe(above);
    expect(c.headline.shareAboveMinimum.current).toBeCloseTo(above / complete.length, 12);
    expect(c.headline.shareAboveMinimum.minTotal).toBe(cur.minTotal);
    // The weakest category is the lowest category mean of the cycle, compared with its own mean last cycle.
    const w = c.headline.weakestCategory!;
    const lowest = Math.min(...Object.values(cur.categoryMeans).map((v) => v!));
    expect(w.current).toBe(lowest);
    expect(cur.categoryMeans[w.id]).toBe(lowest);
    expect(w.previous).toBe(prev.categoryMeans[w.id]);
    expect(w.previousWeakest).toBe(prev.weakestCategory!.id);
  });

  it('tracks each banner/district and sector across cycles with its counts, ranked by change, low counts marked', async () => {
    const c = await f.as('leadership').analytics.trendChanges();
    const trends = await f.as('leadership').analytics.trends();
    const cur = trends.find((t) => t.year === c.current)!;
    // Every district of the current cycle, with the n of each point as trends counts it.
    expect(new Set(c.districts.map((d) => d.id))).toEqual(new Set(trends.flatMap((t) => t.byDistrict.map((d) => d.id))));
    expect(c.districts.reduce((s, d) => s + d.currentN, 0)).toBe(cur.scored);
    for (const d of c.districts) {
      for (const p of d.points) {
        const t = trends.find((x) => x.year === p.year)!.byDistrict.find((x) => x.id === d.id)!;
        expect(p.n).toBe(t.n);
        expect(p.value).toBe(t.meanTotal);
        expect(p.lowN).toBe(p.n < MIN_GROUP_N);
      }
      expect(d.lowN).toBe(d.currentN < MIN_GROUP_N || d.previousN < MIN_GROUP_N);
      if (d.change !== null) expect(d.change).toBeCloseTo(d.current! - d.previous!, 9);
    }
    for (const list of [c.districts, c.sectors, c.categories]) {
      const changes = list.map((x) => x.change);
      const known = changes.filter((x) => x !== null);
      // Largest rise first, groups missing from a cycle at the end.
      expect(changes.slice(0, known.length)).toEqual(known);
      for (let i = 1; i < known.length; i++) expect(known[i - 1]!).toBeGreaterThanOrEqual(known[i]!);
    }
    expect(c.sectors.reduce((s, x) => s + x.currentN, 0)).toBe(cur.scored);
    expect(c.categories).toHaveLength(7);
    for (const cat of c.categories) expect(cat.current).toBe(cur.categoryMeans[cat.id]);
    // The demo has small groups: some are marked.
    expect(c.sectors.some((s) => s.lowN)).toBe(true);
  });

  it('is for readers only, like analytics.trends', async () => {
    await expect(f.as('examiner').analytics.trendChanges()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as(null).analytics.trendChanges()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('counts behind the heatmaps and the follow-up marks', () => {
  it('sectors names the minimum count the heatmap greys below', async () => {
    const s = await f.as('leadership').analytics.sectors();
    expect(s.minN).toBe(MIN_GROUP_N);
    expect(s.bySector.some((g) => g.n < s.minN)).toBe(true);
  });

  it('follow-up gives the sector band and the watch line each value crosses', async () => {
    const list = await f.as('leadership').analytics.followUp();
    let marked = 0;
    let points = 0;
    for (const a of list) {
      for (const ind of a.indicators) {
        expect(isIndicatorId(ind.id)).toBe(true);
        for (const y of ind.years) {
          points++;
          if (y.sectorP25 !== null) {
            expect(y.sectorP25).toBeLessThanOrEqual(y.sectorMedian!);
            expect(y.sectorP75!).toBeGreaterThanOrEqual(y.sectorMedian!);
          }
          const expected = isIndicatorId(ind.id) ? indicatorWatch(ind.id, y.value, y.sectorMedian) : null;
          expect(y.watch).toEqual(expected);
          if (y.watch) {
            marked++;
            const w = ind.watch;
            if (y.watch.rule === 'below') expect(y.value).toBeLessThan(w.below!);
            if (y.watch.rule === 'atLeast') expect(y.value).toBeGreaterThanOrEqual(w.atLeast!);
            if (y.watch.rule === 'worseThanMedian') {
              expect(INDICATORS[ind.id as keyof typeof INDICATORS].better === 'higher' ? y.value < y.sectorMedian! : y.value > y.sectorMedian!).toBe(true);
            }
          }
        }
      }
    }
    expect(points).toBeGreaterThan(0);
    // Some demo values cross a line, most do not.
    expect(marked).toBeGreaterThan(0);
    expect(marked).toBeLessThan(points);
  });
});
