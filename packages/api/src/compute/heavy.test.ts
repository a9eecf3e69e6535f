/**
 * The heavy analytics in a compute worker (heavy.ts, workers.ts): the same answers as on the main
 * thread, concurrent identical requests computed once, a data change seen by the worker, errors
 * with their zh/en text, and the main thread free while the worker computes. The database is a
 * file (or PostgreSQL with MQA_TEST_POSTGRES_URL): a worker cannot open an in-memory one.
 */
import { createTestDatabaseUrl, insertUser, listCycles, migrateToLatest, openDatabase, seedDemo, type DB, type Role } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createContextInner, type SessionUser } from '../context.ts';
import { createCaller } from '../root.ts';
import { createServices, type Services } from '../services/index.ts';
import { ensureAdminAccount } from '../bootstrap.ts';
import { PANEL_PAGE_SIZE } from '../domain/analytics.ts';
import { keepCacheWarm, warmHeavy } from '../domain/warm.ts';
import { OPEN_YEAR, errorOf } from '../test/helpers.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let db: DB;
let url: string;
let user: SessionUser;
const opened: Services[] = [];

beforeAll(async () => {
  url = await createTestDatabaseUrl();
  db = openDatabase({ url });
  await migrateToLatest(db);
  await seedDemo(db);
  const role: Role = 'committee';
  const id = await insertUser(db, {
    username: 'heavy-committee',
    display_name: 'Heavy committee',
    password_hash: 'x',
    role,
    examiner_id: null,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  user = { id, username: 'heavy-committee', displayName: 'Heavy committee', role, examinerId: null, mustChangePassword: false };
});

afterAll(async () => {
  for (const s of opened) await s.compute?.close();
  await db?.destroy();
});

/** Services with a compute worker on the test database (`workers: true`) or without one. */
function services(workers: boolean, idleMs = 0): Services {
  const s = createServices(workers ? { computeDatabaseUrl: url, compute: { workers: 1, memoryMb: 1024, timeoutMs: 120_000, idleMs } } : {});
  opened.push(s);
  return s;
}

const callerOf = (s: Services) => createCaller(createContextInner({ db, services: s, user }));

describe('heavy analytics in a compute worker', () => {
  it('answers exactly as the main thread does: panel, compare, cycle results', async () => {
    const off = services(true);
    const inline = services(false);
    expect(off.compute).toBeTruthy();
    expect(inline.compute ?? null).toBeNull();
    const a = callerOf(off);
    const b = callerOf(inline);
    expect(await a.analytics.panel({ year: OPEN_YEAR })).toEqual(await b.analytics.panel({ year: OPEN_YEAR }));
    expect(await a.analytics.compare({ year: OPEN_YEAR })).toEqual(await b.analytics.compare({ year: OPEN_YEAR }));
    const results = await b.scoring.cycleResults({ year: OPEN_YEAR });
    expect(await a.scoring.cycleResults({ year: OPEN_YEAR })).toEqual(results);
    expect(await a.scoring.cycleResults({ year: OPEN_YEAR, method: 'median', tieBreak: 'none' })).toEqual(
      await b.scoring.cycleResults({ year: OPEN_YEAR, method: 'median', tieBreak: 'none' }),
    );
    const ids = results.applications.slice(2, 5).map((x) => x.id);
    expect(await a.analytics.compare({ year: OPEN_YEAR, ids })).toEqual(await b.analytics.compare({ year: OPEN_YEAR, ids }));
    // A page of the panel and some of its groups, from the worker's own cache of the cycle.
    const page = await b.analytics.panelPage({ year: OPEN_YEAR, limit: 2 });
    expect(await a.analytics.panelPage({ year: OPEN_YEAR, limit: 2 })).toEqual(page);
    const groupIds = page.items.map((g) => g.group.id).reverse();
    expect(await a.analytics.panel({ year: OPEN_YEAR, groupIds })).toEqual(await b.analytics.panel({ year: OPEN_YEAR, groupIds }));
    // Every one of them was computed in the worker.
    expect(off.compute!.pool.completed).toBe(7);
  });

  it('computes concurrent identical requests once, and again after a data change, from the new data', async () => {
    const off = services(true);
    const a = callerOf(off);
    const pool = off.compute!.pool;
    const answers = await Promise.all([1, 2, 3].map(() => a.analytics.panel({ year: OPEN_YEAR })));
    expect(pool.completed).toBe(1);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
    await a.analytics.panel({ year: OPEN_YEAR });
    expect(pool.completed).toBe(1);

    // A change to the cycle's scores (as a mutation records it: the data, then the version).
    const before = await a.scoring.cycleResults({ year: OPEN_YEAR });
    const top = before.applications[0]!;
    await db.updateTable('scores').set({ percent: 0 }).where('application_id', '=', top.id).execute();
    off.cache.bump(OPEN_YEAR);
    const after = await a.scoring.cycleResults({ year: OPEN_YEAR });
    expect(after).toEqual(await callerOf(services(false)).scoring.cycleResults({ year: OPEN_YEAR }));
    expect(after.applications.find((x) => x.id === top.id)!.total).toBeLessThan(top.total);
  });

  it('brings errors back with their code and zh/en text', async () => {
    const a = callerOf(services(true));
    const e = await errorOf(a.scoring.cycleResults({ year: 2099 }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.zh).toContain('2099');
    expect(e.en).toContain('2099');
  });

  it('leaves the main thread free: a light query answers while the worker computes', async () => {
    const off = services(true);
    const a = callerOf(off);
    let panelDone = false;
    const panel = a.analytics.panel({ year: OPEN_YEAR }).then((p) => {
      panelDone = true;
      return p;
    });
    const cycles = await a.cycles.list();
    expect(cycles.length).toBeGreaterThan(0);
    expect(panelDone).toBe(false);
    expect((await panel).length).toBeGreaterThan(0);
  });

  it('retires a worker left idle, and answers the next request from a fresh one', async () => {
    const off = services(true, 300);
    const a = callerOf(off);
    const pool = off.compute!.pool;
    const first = await a.analytics.compare({ year: OPEN_YEAR });
    expect(pool.workers).toBe(1);
    await vi.waitFor(() => expect(pool.workers).toBe(0), { timeout: 60_000, interval: 100 });
    expect(pool.retired).toBe(1);
    // A request the main thread has not memoised goes to a new worker, which loads the cycle afresh.
    const results = await a.scoring.cycleResults({ year: OPEN_YEAR });
    expect(pool.completed).toBe(2);
    expect(results).toEqual(await callerOf(services(false)).scoring.cycleResults({ year: OPEN_YEAR }));
    expect(await a.analytics.compare({ year: OPEN_YEAR })).toBe(first);
  });

  it('computes the comparison and the panel’s first page of every cycle ahead of requests, and again after a change', async () => {
    const off = services(true);
    const a = callerOf(off);
    const pool = off.compute!.pool;
    const cycles = await listCycles(db);
    expect(await warmHeavy(db, off)).toBe(cycles.length);
    // Two computations per cycle, in the worker.
    expect(pool.completed).toBe(2 * cycles.length);
    const inline = callerOf(services(false));
    for (const c of cycles) {
      // The views' first requests: answered from what was warmed, nothing computed again.
      expect(await a.analytics.compare({ year: c.year })).toEqual(await inline.analytics.compare({ year: c.year }));
      expect(await a.analytics.panelPage({ year: c.year, limit: PANEL_PAGE_SIZE })).toEqual(await inline.analytics.panelPage({ year: c.year }));
    }
    expect(pool.completed).toBe(2 * cycles.length);

    // After a change to one cycle, only that cycle is warmed again (once the edits pause).
    const stop = keepCacheWarm(db, off, 5, undefined, 50);
    const before = await a.analytics.compare({ year: OPEN_YEAR });
    const top = before.candidates[0]!;
    await db.updateTable('scores').set({ percent: 0 }).where('application_id', '=', top.id).execute();
    off.cache.bump(OPEN_YEAR);
    await vi.waitFor(() => expect(pool.completed).toBe(2 * cycles.length + 2), { timeout: 60_000, interval: 50 });
    const after = await a.analytics.compare({ year: OPEN_YEAR });
    expect(pool.completed).toBe(2 * cycles.length + 2);
    expect(after).toEqual(await callerOf(services(false)).analytics.compare({ year: OPEN_YEAR }));
    expect(after.candidates.map((x) => x.id)).not.toContain(top.id);
    stop();
  });

  it('warms a just-opened cycle of an empty install (no applications yet) without an error', async () => {
    const emptyUrl = await createTestDatabaseUrl();
    const empty = openDatabase({ url: emptyUrl });
    try {
      await migrateToLatest(empty);
      const admin = (await ensureAdminAccount(empty, 'Admin-password-1'))!;
      const row = await empty.selectFrom('users').selectAll().where('username', '=', admin.username).executeTakeFirstOrThrow();
      const s = createServices({ computeDatabaseUrl: emptyUrl, compute: { workers: 1, memoryMb: 1024, timeoutMs: 120_000, idleMs: 0 } });
      opened.push(s);
      const secretariat = createCaller(
        createContextInner({
          db: empty,
          services: s,
          user: { id: row.id, username: row.username, displayName: row.display_name, role: 'secretariat', examinerId: null, mustChangePassword: false },
        }),
      );
      expect(await warmHeavy(empty, s)).toBe(0);
      await secretariat.cycles.create({ year: 2027 });
      expect(await warmHeavy(empty, s)).toBe(1);
      const compare = await secretariat.analytics.compare({ year: 2027 });
      expect(compare.candidates).toEqual([]);
    } finally {
      await empty.destroy();
    }
  });

  it('warms nothing without a compute worker (the analytics would hold up the event loop)', async () => {
    const inline = services(false);
    const misses = inline.cache.misses;
    expect(await warmHeavy(db, inline)).toBe(0);
    expect(inline.cache.misses).toBe(misses);
  });
});
