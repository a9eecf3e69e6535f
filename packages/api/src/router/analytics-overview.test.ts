/**
 * What the overview view reads besides its charts, bounded at any cycle size (issue 15): the
 * applications never ranked, paged on the server; the removed count, the cap row and the failed
 * conditions of each excluded candidate, sent with the overview instead of being worked out in
 * the browser from the whole application list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../test/helpers.ts';

/** The demo cycle with a removed candidate (Art. 21) and ineligible applications (Art. 10–12). */
const YEAR = 2023;

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

describe('analytics.notRanked', () => {
  it('pages every excluded application that was never ranked, by code, each once', async () => {
    const c = f.as('committee');
    const [apps, overview] = await Promise.all([c.applications.list({ year: YEAR }), c.analytics.cycleOverview({ year: YEAR })]);
    const ranked = new Set(overview.ranked.map((r) => r.id));
    const expected = apps
      .filter((a) => !ranked.has(a.id) && (a.eligibility.status === 'ineligible' || a.status !== 'active' || a.qualificationStatus === 'rejected'))
      .map((a) => a.code)
      .sort();
    expect(expected.length, 'the demo cycle has applications never ranked').toBeGreaterThanOrEqual(4);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Awaited<ReturnType<typeof c.analytics.notRanked>> = await c.analytics.notRanked({ year: YEAR, limit: 2, cursor });
      expect(p.items.length).toBeLessThanOrEqual(2);
      expect(p.total).toBe(expected.length);
      seen.push(...p.items.map((a) => a.code));
      cursor = p.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(expected);

    // Each row is the application as the applications list answers it.
    const first = (await c.analytics.notRanked({ year: YEAR, limit: 1 })).items[0]!;
    expect(first).toEqual(apps.find((a) => a.id === first.id));
  });

  it('searches by code or name, and refuses a cursor of another list', async () => {
    const c = f.as('leadership');
    const all = await c.analytics.notRanked({ year: YEAR, limit: 200 });
    const target = all.items[all.items.length - 1]!;
    expect((await c.analytics.notRanked({ year: YEAR, q: target.code })).items.map((a) => a.id)).toEqual([target.id]);
    const byName = await c.analytics.notRanked({ year: YEAR, q: target.name.zh });
    expect(byName.items.map((a) => a.id)).toContain(target.id);
    const ranking = await c.analytics.ranking({ year: YEAR, limit: 1 });
    await expect(c.analytics.notRanked({ year: YEAR, cursor: ranking.nextCursor })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('analytics.cycleOverview, what the ranking table needs', () => {
  it('counts the removed candidates, names the cap row and the failed conditions of each ineligible one', async () => {
    const c = f.as('committee');
    const [apps, full, top] = await Promise.all([
      c.applications.list({ year: YEAR }),
      c.analytics.cycleOverview({ year: YEAR }),
      c.analytics.cycleOverview({ year: YEAR, top: 3 }),
    ]);
    const appById = new Map(apps.map((a) => [a.id, a]));
    const removed = full.ranked.filter((r) => appById.get(r.id)?.status === 'removed');
    expect(removed.length, 'the demo cycle ranks a removed candidate').toBeGreaterThanOrEqual(1);
    expect(top.removedCount).toBe(removed.length);
    expect(top.lastSelectedId).toBe(full.ranked.findLast((r) => r.selected)!.id);

    for (const r of full.ranked) {
      const app = appById.get(r.id)!;
      if (r.exclusion?.code === 'ineligible') {
        const failed = app.eligibility.failures.filter((x) => x.article !== null).map((x) => ({ article: x.article, clause: x.clause }));
        expect(r.exclusion.failures).toEqual(failed);
      } else if (r.exclusion) {
        expect(r.exclusion.failures).toEqual([]);
      }
    }
  });
});

describe('analytics.cycleOverview, the flags awaiting consensus', () => {
  it('with top, sends the widest flags only and counts them all', async () => {
    const c = f.as('committee');
    const years = (await c.cycles.list()).map((y) => y.year);
    const overviews = await Promise.all(years.map((year) => c.analytics.cycleOverview({ year })));
    const full = overviews.reduce((a, b) => (b.awaitingConsensus.length > a.awaitingConsensus.length ? b : a));
    expect(full.awaitingConsensus.length, 'a demo cycle has flags awaiting consensus').toBeGreaterThanOrEqual(2);
    expect(full.awaitingConsensusTotal).toBe(full.awaitingConsensus.length);
    const top = await c.analytics.cycleOverview({ year: full.year, top: 1 });
    expect(top.awaitingConsensus).toEqual(full.awaitingConsensus.slice(0, 1));
    expect(top.awaitingConsensusTotal).toBe(full.awaitingConsensus.length);
  });
});

describe('analytics.candidateDetails', () => {
  it('answers the eligibility and the agenda entries of the asked candidates, as the whole results and list have them', async () => {
    const c = f.as('secretariat');
    const [results, apps] = await Promise.all([c.scoring.cycleResults({ year: YEAR }), c.applications.list({ year: YEAR })]);
    const flagged = [...new Set(results.agenda.map((a) => a.applicationId))];
    expect(flagged.length, 'the demo cycle has items on the consensus agenda').toBeGreaterThanOrEqual(2);
    const ineligible = apps.find((a) => a.eligibility.status === 'ineligible')!;
    const ids = [flagged[1]!, ineligible.id, flagged[0]!];
    const details = await c.analytics.candidateDetails({ year: YEAR, ids });
    expect(details.map((d) => d.applicationId)).toEqual(ids);
    for (const d of details) {
      const app = apps.find((a) => a.id === d.applicationId)!;
      expect(d.code).toBe(app.code);
      expect(d.eligibility).toEqual(app.eligibility);
      const expected = results.agenda
        .filter((a) => a.applicationId === d.applicationId)
        .map(({ applicationId, itemId, stage, range, sd, n, consensus }) => ({ applicationId, itemId, stage, range, sd, n, consensus }));
      expect(d.agenda).toEqual(expected);
    }
    expect(details[0]!.agenda.length).toBeGreaterThan(0);
  });

  it('leaves out applications of other cycles and refuses too many at once', async () => {
    const c = f.as('committee');
    const other = (await c.applications.page({ year: 2021, limit: 1 })).items[0]!;
    expect(await c.analytics.candidateDetails({ year: YEAR, ids: [other.id] })).toEqual([]);
    const many = Array.from({ length: 21 }, (_, i) => i + 1);
    await expect(c.analytics.candidateDetails({ year: YEAR, ids: many })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
