/**
 * Payload budget (issue 15): no dashboard answer over ~500 KB gzipped at any cycle size. A large
 * cycle is generated (`seedDemo` with 1,000 applications, a few seconds), and each query the
 * views ask of a growing cycle is measured as sent (JSON, gzipped). At N applications an answer
 * may take at most BUDGET × N / 10,000: a bounded answer (a page, the top of a ranking) passes
 * easily, and one that grows with the cycle passes only if it would stay within the budget at a
 * province's 10,000 applications. The 2,000-application e2e (`9-scale.spec.ts`) checks the same
 * budget on every response the browser receives.
 */
import { gzipSync } from 'node:zlib';
import { createTestDatabase, seedDemo, type DB } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner } from '../context.ts';
import { createCaller } from '../root.ts';
import { createServices } from '../services/index.ts';

const APPLICATIONS = 1000;
const BUDGET = 500 * 1024;
const PROVINCE = 10_000;
const YEAR = 2025;

let db: DB;
let c: ReturnType<typeof createCaller>;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db, { applications: APPLICATIONS });
  const user = { id: 1, username: 'budget', displayName: 'budget', role: 'committee' as const, examinerId: null };
  c = createCaller(createContextInner({ db, services: createServices(), user }));
}, 300_000);
afterAll(async () => {
  await db.destroy();
});

const gzipped = (answer: unknown) => gzipSync(Buffer.from(JSON.stringify(answer))).length;

describe(`payload budget at ${APPLICATIONS.toLocaleString('en')} applications`, () => {
  it('the cycle is large', async () => {
    expect((await c.applications.page({ year: YEAR, limit: 1 })).total).toBeGreaterThanOrEqual(APPLICATIONS);
  });

  it('every growing view’s query answers within the budget (scaled to the cycle size)', async () => {
    const first = await c.applications.page({ year: YEAR });
    const someone = first.items[7]!;
    const secretariat = () =>
      createCaller(
        createContextInner({
          db,
          services: createServices(),
          user: { id: 1, username: 'budget', displayName: 'budget', role: 'secretariat', examinerId: null },
        }),
      );
    const queries: Record<string, () => Promise<unknown>> = {
      'applications.page': () => Promise.resolve(first),
      'applications.page, next page': () => c.applications.page({ year: YEAR, cursor: first.nextCursor }),
      'applications.page, search': () => c.applications.page({ year: YEAR, q: someone.name.zh.slice(0, 3) }),
      'applications.page, filter and sort': () => c.applications.page({ year: YEAR, eligibility: 'ineligible', sort: 'name', dir: 'desc' }),
      'analytics.cycleOverview, top 100': () => c.analytics.cycleOverview({ year: YEAR, top: 100 }),
      // The overview asks for its top 200 (the decision and objection forms offer them) and the
      // applications never ranked a page at a time; the committee report the details of its shortlist.
      'analytics.cycleOverview, top 200': () => c.analytics.cycleOverview({ year: YEAR, top: 200 }),
      'analytics.notRanked': () => c.analytics.notRanked({ year: YEAR }),
      'analytics.candidateDetails, 20': () => c.analytics.candidateDetails({ year: YEAR, ids: first.items.slice(0, 20).map((a) => a.id) }),
      'applications.page, assigned': () => c.applications.page({ year: YEAR, assigned: true, limit: 50 }),
      'analytics.ranking': () => c.analytics.ranking({ year: YEAR }),
      'analytics.ranking, search': () => c.analytics.ranking({ year: YEAR, q: someone.code }),
      'analytics.rerankBase': () => c.analytics.rerankBase({ year: YEAR }),
      'analytics.compare': () => c.analytics.compare({ year: YEAR }),
      'analytics.sectors': () => c.analytics.sectors({ year: YEAR }),
      'analytics.trends': () => c.analytics.trends(),
      'conflicts.list': () => c.conflicts.list({ year: YEAR }),
      'analytics.panelPage': () => c.analytics.panelPage({ year: YEAR }),
      'analytics.panelPage, search': () => c.analytics.panelPage({ year: YEAR, q: 'Review Group 1' }),
      'analytics.panel, one group': async () => c.analytics.panel({ year: YEAR, groupIds: [(await c.groups.summaries({ year: YEAR }))[0]!.id] }),
      'groups.summaries': () => c.groups.summaries({ year: YEAR }),
      // The review groups view: 20 groups and 100 applications without a group a page.
      'groups.page': () => c.groups.page({ year: YEAR }),
      'groups.page, search': () => c.groups.page({ year: YEAR, q: 'Review Group 1', unassignedQ: someone.code.slice(0, 4) }),
      'decisions.list': () => c.decisions.list({ year: YEAR }),
      'cycles.get': () => c.cycles.get({ year: YEAR }),
      // The consensus view (the secretariat's agenda: 100 rows and 100 applications a page).
      'scoring.consensusAgenda, a page': () => secretariat().scoring.consensusAgenda({ year: YEAR, limit: 100, applicationsLimit: 100 }),
      'scoring.consensusAgenda, every item, a page': () =>
        secretariat().scoring.consensusAgenda({ year: YEAR, scope: 'all', limit: 100, applicationsLimit: 100 }),
      'scoring.consensusAgenda, search': () => secretariat().scoring.consensusAgenda({ year: YEAR, q: someone.code, limit: 100, applicationsLimit: 100 }),
    };
    const limit = (BUDGET * APPLICATIONS) / PROVINCE;
    const sizes: Record<string, number> = {};
    for (const [name, q] of Object.entries(queries)) sizes[name] = gzipped(await q());
    const over = Object.entries(sizes).filter(([, n]) => n > limit);
    expect(over, `over ${Math.round(limit / 1024)} KB gzipped: ${JSON.stringify(sizes)}`).toEqual([]);
    // The compact answer of /weights is a fraction of every score (analytics.cycleMatrix) it replaces.
    expect(sizes['analytics.rerankBase']!).toBeLessThan(gzipped(await c.analytics.cycleMatrix({ year: YEAR })) / 2);
  }, 300_000);

  it('pages are bounded: the overview’s top, the ranking and the applications do not send the whole cycle', async () => {
    const full = await c.analytics.cycleOverview({ year: YEAR });
    const top = await c.analytics.cycleOverview({ year: YEAR, top: 100 });
    expect(full.ranked.length).toBe(full.rankedTotal);
    expect(top.ranked).toEqual(full.ranked.slice(0, 100));
    expect(top.rankedTotal).toBe(full.ranked.length);
    expect(top.quantiles.map((x) => x.q)).toEqual([0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]);
    const median = top.quantiles.find((x) => x.q === 0.5)!.value!;
    const complete = full.ranked.filter((r) => r.complete).map((r) => r.total);
    expect(median).toBeCloseTo(full.totals!.median, 6);
    expect(complete.filter((t) => t <= median).length / complete.length).toBeGreaterThanOrEqual(0.5);

    // The ranking, paged: the same rows as the overview's, each once, in order.
    const rows = [];
    let cursor: string | null = null;
    do {
      const p: Awaited<ReturnType<typeof c.analytics.ranking>> = await c.analytics.ranking({ year: YEAR, limit: 200, cursor });
      expect(p.items.length).toBeLessThanOrEqual(200);
      expect(p.total).toBe(full.ranked.length);
      rows.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    expect(rows.map((r) => r.id)).toEqual(full.ranked.map((r) => r.id));
    const target = full.ranked[full.ranked.length >> 1]!;
    expect((await c.analytics.ranking({ year: YEAR, q: target.code })).items).toEqual([target]);
  }, 300_000);
});
