/**
 * The consensus agenda paged and searched on the server (a province's cycle has tens of
 * thousands of agenda rows): every row and every application exactly once across the pages, in
 * the agenda's order; the search and the filters; the whole answer unchanged for a caller that
 * asks for no page; and the kept agenda follows every change of the data.
 */
import { createTestDatabase, insertUser, seedDemo, type DB } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner, type SessionUser } from '../context.ts';
import { createCaller } from '../root.ts';
import { createServices, type Services } from '../services/index.ts';
import { codeOf, createFixture, errorOf, OPEN_YEAR } from '../test/helpers.ts';

const YEAR = 2025;
const APPLICATIONS = 300;

type Caller = ReturnType<typeof createCaller>;
type Agenda = Awaited<ReturnType<Caller['scoring']['consensusAgenda']>>;
type AgendaInput = Parameters<Caller['scoring']['consensusAgenda']>[0];

/** Pages one list to its end with the other list's page size fixed. */
async function pagesOf<K extends 'items' | 'applications'>(c: Caller, input: AgendaInput, list: K, size: number): Promise<Agenda[K]> {
  const out: Agenda[K][number][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const page: Agenda =
      list === 'items'
        ? await c.scoring.consensusAgenda({ ...input, limit: size, cursor })
        : await c.scoring.consensusAgenda({ ...input, applicationsLimit: size, applicationsCursor: cursor });
    const rows = page[list] as Agenda[K][number][];
    expect(rows.length).toBeLessThanOrEqual(size);
    out.push(...rows);
    cursor = list === 'items' ? page.nextCursor : page.applicationsNextCursor;
    if (!cursor) break;
  }
  return out as Agenda[K];
}

describe(`the consensus agenda paged on the server (${APPLICATIONS} applications)`, () => {
  let db: DB;
  let services: Services;
  let sec: Caller;
  let whole: Agenda;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db, { applications: APPLICATIONS });
    services = createServices();
    const user: SessionUser = { id: 1, username: 'paging', displayName: 'paging', role: 'secretariat', examinerId: null };
    sec = createCaller(createContextInner({ db, services, user }));
    whole = await sec.scoring.consensusAgenda({ year: YEAR });
  }, 120_000);
  afterAll(async () => {
    await db.destroy();
  });

  it('the cycle has a long agenda', () => {
    expect(whole.applications.length).toBeGreaterThan(200);
    expect(whole.items.length).toBeGreaterThan(300);
    expect(whole.items.some((i) => i.consensus !== null)).toBe(true);
    expect(whole.items.every((i) => i.scores.length > 1)).toBe(true);
  });

  it('the whole answer (no paging asked) keeps every field, with its counts beside', () => {
    expect(whole.total).toBe(whole.items.length);
    expect(whole.nextCursor).toBeNull();
    expect(whole.applicationsTotal).toBe(whole.applications.length);
    expect(whole.applicationsNextCursor).toBeNull();
    expect(whole.counts).toEqual({
      applications: whole.applications.length,
      open: whole.applications.filter((a) => a.open).length,
      items: whole.items.length,
      recorded: whole.items.filter((i) => i.consensus).length,
    });
    for (const key of ['year', 'phase', 'stage', 'recordable', 'method', 'flagThreshold', 'scope', 'groups', 'applications', 'recusedApplications', 'items'])
      expect(whole).toHaveProperty(key);
  });

  it('pages give every agenda row exactly once, in the agenda’s order, the same rows as the whole answer', async () => {
    const items = await pagesOf(sec, { year: YEAR }, 'items', 37);
    expect(items.map((i) => `${i.applicationId}|${i.itemId}`)).toEqual(whole.items.map((i) => `${i.applicationId}|${i.itemId}`));
    expect(new Set(items.map((i) => `${i.applicationId}|${i.itemId}`)).size).toBe(items.length);
    // The same rows: figures, members' percentages and comments, consensus and its history.
    expect(items).toEqual(whole.items);
    for (let i = 1; i < items.length; i++) expect(items[i - 1]!.stake).toBeGreaterThanOrEqual(items[i]!.stake);
  });

  it('pages give every application exactly once, in code order, the same rows as the whole answer', async () => {
    const apps = await pagesOf(sec, { year: YEAR }, 'applications', 41);
    expect(apps).toEqual(whole.applications);
    expect(new Set(apps.map((a) => a.applicationId)).size).toBe(apps.length);
  });

  it('both lists page together, each with its own cursor, and the counts are of the whole agenda', async () => {
    const first = await sec.scoring.consensusAgenda({ year: YEAR, limit: 100, applicationsLimit: 60 });
    expect(first.items).toEqual(whole.items.slice(0, 100));
    expect(first.applications).toEqual(whole.applications.slice(0, 60));
    expect([first.total, first.applicationsTotal]).toEqual([whole.items.length, whole.applications.length]);
    expect(first.counts).toEqual(whole.counts);
    expect(first.groups).toEqual(whole.groups);
    // The next page of rows with the applications where they were, then the other way round.
    const rows2 = await sec.scoring.consensusAgenda({ year: YEAR, limit: 100, cursor: first.nextCursor, applicationsLimit: 60 });
    expect(rows2.items).toEqual(whole.items.slice(100, 200));
    expect(rows2.applications).toEqual(first.applications);
    const apps2 = await sec.scoring.consensusAgenda({
      year: YEAR,
      limit: 100,
      cursor: rows2.nextCursor,
      applicationsLimit: 60,
      applicationsCursor: first.applicationsNextCursor,
    });
    expect(apps2.items).toEqual(whole.items.slice(200, 300));
    expect(apps2.applications).toEqual(whole.applications.slice(60, 120));
  });

  it('every item of every application (scope all) and one group page like the whole answer', async () => {
    const group = whole.groups[1]!;
    const input = { year: YEAR, scope: 'all' as const, groupId: group.id };
    const all = await sec.scoring.consensusAgenda(input);
    expect(all.items.length).toBe(all.applications.length * 23);
    expect(await pagesOf(sec, input, 'items', 50)).toEqual(all.items);
    expect(await pagesOf(sec, input, 'applications', 7)).toEqual(all.applications);
  });

  it('searches by code or applicant name, and filters by the step’s state and by a recorded consensus', async () => {
    const target = whole.items[Math.floor(whole.items.length / 2)]!;
    const byCode = await sec.scoring.consensusAgenda({ year: YEAR, q: target.code.toLowerCase(), limit: 50 });
    expect(byCode.applications.map((a) => a.code)).toEqual([target.code]);
    expect(byCode.items).toEqual(whole.items.filter((i) => i.applicationId === target.applicationId));
    expect(byCode.total).toBe(byCode.items.length);
    expect(byCode.counts).toEqual(whole.counts);

    const part = target.name.zh.slice(-4);
    const byName = await sec.scoring.consensusAgenda({ year: YEAR, q: part, limit: 200, applicationsLimit: 200 });
    const named = whole.applications.filter((a) => a.name.zh.includes(part) || a.name.en.toLowerCase().includes(part.toLowerCase()) || a.code.includes(part));
    expect(byName.applications.map((a) => a.applicationId)).toEqual(named.map((a) => a.applicationId).slice(0, 200));
    expect(byName.applications.map((a) => a.code)).toContain(target.code);
    const en = target.name.en.split(' ').at(-1)!.toUpperCase();
    expect((await sec.scoring.consensusAgenda({ year: YEAR, q: en, limit: 200 })).applications.map((a) => a.code)).toContain(target.code);

    const recorded = await pagesOf(sec, { year: YEAR, recorded: true }, 'items', 100);
    const pending = await pagesOf(sec, { year: YEAR, recorded: false }, 'items', 100);
    expect(recorded).toEqual(whole.items.filter((i) => i.consensus));
    expect(pending).toEqual(whole.items.filter((i) => !i.consensus));

    const open = await sec.scoring.consensusAgenda({ year: YEAR, state: 'open', applicationsLimit: 200 });
    const waiting = await sec.scoring.consensusAgenda({ year: YEAR, state: 'waiting', applicationsLimit: 200 });
    expect(open.applicationsTotal).toBe(whole.applications.filter((a) => a.open).length);
    expect(waiting.applicationsTotal).toBe(whole.applications.filter((a) => !a.open).length);
    expect(open.applications.every((a) => a.open) && waiting.applications.every((a) => !a.open)).toBe(true);

    const none = await sec.scoring.consensusAgenda({ year: YEAR, q: 'no-such-applicant-anywhere', limit: 10 });
    expect([none.items, none.applications, none.total, none.applicationsTotal, none.nextCursor]).toEqual([[], [], 0, 0, null]);
  });

  it('refuses a cursor that is not one of the agenda’s (BAD_REQUEST, in both languages)', async () => {
    const page = await sec.scoring.consensusAgenda({ year: YEAR, limit: 10, applicationsLimit: 10 });
    // An applications cursor is not a rows cursor, nor the ranking's.
    const err = await errorOf(sec.scoring.consensusAgenda({ year: YEAR, limit: 10, cursor: page.applicationsNextCursor }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.zh).toMatch(/游标/);
    expect(err.en).toMatch(/cursor/);
    const ranking = await sec.analytics.ranking({ year: YEAR, limit: 5 });
    expect(await codeOf(sec.scoring.consensusAgenda({ year: YEAR, applicationsLimit: 10, applicationsCursor: ranking.nextCursor }))).toBe('BAD_REQUEST');
    expect(await codeOf(sec.scoring.consensusAgenda({ year: YEAR, limit: 10, cursor: 'bm9uc2Vuc2U' }))).toBe('BAD_REQUEST');
    expect(await codeOf(sec.scoring.consensusAgenda({ year: YEAR, limit: 201 }))).toBe('BAD_REQUEST');
  });

  it('a group leader pages the agenda of the groups they lead, as in the whole answer', async () => {
    const g = whole.groups[0]!;
    const id = await insertUser(db, {
      username: 'paging-leader',
      display_name: 'Leader',
      password_hash: 'x',
      role: 'examiner',
      examiner_id: g.leader.examinerId,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
    const user: SessionUser = { id, username: 'paging-leader', displayName: 'Leader', role: 'examiner', examinerId: g.leader.examinerId };
    const leader = createCaller(createContextInner({ db, services, user }));
    const mine = await leader.scoring.consensusAgenda({ year: YEAR });
    expect(mine.applications.length).toBeGreaterThan(0);
    const page = await leader.scoring.consensusAgenda({ year: YEAR, limit: 5, applicationsLimit: 5 });
    expect(page.groups).toEqual(mine.groups);
    expect(page.recusedApplications).toEqual(mine.recusedApplications);
    expect(await pagesOf(leader, { year: YEAR }, 'items', 5)).toEqual(mine.items);
    expect(await pagesOf(leader, { year: YEAR }, 'applications', 5)).toEqual(mine.applications);
  });
});

describe('the paged agenda follows the data', () => {
  it('on every demo cycle and both stages the pages hold the whole answer’s rows', async () => {
    const f = await createFixture();
    const sec = f.as('secretariat');
    const years = (await f.db.selectFrom('cycles').select('year').execute()).map((c) => c.year);
    let rows = 0;
    for (const year of years) {
      for (const stage of ['material', 'onsite'] as const) {
        for (const scope of ['flagged', 'all'] as const) {
          const whole = await sec.scoring.consensusAgenda({ year, stage, scope });
          expect(await pagesOf(sec, { year, stage, scope }, 'items', 13), `${year} ${stage} ${scope}`).toEqual(whole.items);
          expect(await pagesOf(sec, { year, stage, scope }, 'applications', 3), `${year} ${stage} ${scope}`).toEqual(whole.applications);
          rows += whole.items.length;
        }
      }
    }
    expect(rows).toBeGreaterThan(0);
  });

  it('a step opened early and a consensus recorded show on the next page asked for', async () => {
    const f = await createFixture();
    const sec = f.as('secretariat');
    const before = await sec.scoring.consensusAgenda({ year: OPEN_YEAR, limit: 200, applicationsLimit: 200 });
    const waiting = before.applications.find((a) => !a.open)!;
    expect(waiting).toBeDefined();
    await sec.scoring.openConsensus({ applicationId: waiting.applicationId, stage: before.stage, reason: '成员出差，秘书处提前开启' });
    const after = await sec.scoring.consensusAgenda({ year: OPEN_YEAR, limit: 200, applicationsLimit: 200 });
    const opened = after.applications.find((a) => a.applicationId === waiting.applicationId)!;
    expect(opened.open).toBe(true);
    expect(opened.opening?.reason).toBe('成员出差，秘书处提前开启');
    expect(after.counts.open).toBe(before.counts.open + 1);

    const row = after.items.find((i) => i.scores.length > 0 && !i.consensus)!;
    await sec.scoring.recordConsensus({ applicationId: row.applicationId, itemId: row.itemId, stage: after.stage, percent: 50, reason: '秘书处记录' });
    const recorded = await sec.scoring.consensusAgenda({ year: OPEN_YEAR, limit: 200, q: row.code });
    const now = recorded.items.find((i) => i.applicationId === row.applicationId && i.itemId === row.itemId)!;
    expect(now.consensus?.percent).toBe(50);
    expect(now.consensus?.history).toHaveLength(1);
    expect(recorded.items).toEqual((await sec.scoring.consensusAgenda({ year: OPEN_YEAR })).items.filter((i) => i.applicationId === row.applicationId));
  });

  it('the on-site list names every chosen candidate, so a list longer than the ranking page shown keeps them all', async () => {
    const f = await createFixture();
    const sec = f.as('secretariat');
    const ranking = await sec.analytics.ranking({ year: OPEN_YEAR, limit: 200 });
    const fit = await f.db
      .selectFrom('applications')
      .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
      .select(['applications.id as id', 'applications.code as code'])
      .where('cycles.year', '=', OPEN_YEAR)
      .where('applications.status', '=', 'active')
      .where('applications.qualification_status', '=', 'qualified')
      .orderBy('applications.code', 'desc')
      .limit(2)
      .execute();
    await sec.scoring.selectForOnsite({ year: OPEN_YEAR, applicationIds: fit.map((a) => a.id) });
    const list = await sec.scoring.onsiteSelection({ year: OPEN_YEAR });
    expect(list.selected.map((x) => x.code).sort()).toEqual(fit.map((a) => a.code).sort());
    for (const x of list.selected) {
      expect(x.name.zh.length).toBeGreaterThan(0);
      const ranked = ranking.items.find((r) => r.id === x.applicationId);
      if (ranked) expect(x.name).toEqual(ranked.name);
    }
  });
});
