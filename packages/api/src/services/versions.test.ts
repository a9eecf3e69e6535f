/**
 * Two server processes on one database, played by two `Services` (each its own memory) sharing
 * one database: a change through one is never answered stale by the other.
 */
import { createTestDatabase, readDataVersions, type DB } from '@mqa/db';
import { beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from './index.ts';

let db: DB;
let a: Services;
let b: Services;

beforeEach(async () => {
  db = await createTestDatabase();
  a = createServices();
  b = createServices();
  await a.versions.sync(db, a);
  await b.versions.sync(db, b);
});

describe('shared data versions', () => {
  it('a cycle changed through one process drops that cycle in the other, and only that cycle', async () => {
    let computed = 0;
    const scored = (s: Services, year: number) => s.cache.memo(`scored:${year}`, () => ({ year, n: ++computed }));
    const before2023 = await scored(b, 2023);
    const before2025 = await scored(b, 2025);

    await a.versions.dataChanged(db, a, 2023);
    // Until it catches up, the other process still holds its value…
    expect(await scored(b, 2023)).toBe(before2023);
    await b.versions.sync(db, b);
    // …and after, recomputes the changed cycle and keeps the other.
    expect((await scored(b, 2023)).n).not.toBe(before2023.n);
    expect(await scored(b, 2025)).toBe(before2025);
    expect(b.versions.applied).toBe(1);
  });

  it('a change of everything drops everything in the other process', async () => {
    const v = await b.cache.memo('trends', () => ({ at: 1 }));
    const w = await b.cache.memo('scored:2019', () => ({ at: 2 }));
    await a.versions.dataChanged(db, a);
    await b.versions.sync(db, b);
    expect(await b.cache.memo('trends', () => ({ at: 3 }))).not.toBe(v);
    expect(await b.cache.memo('scored:2019', () => ({ at: 4 }))).not.toBe(w);
  });

  it('a process does not drop its cache again for its own change', async () => {
    await a.versions.dataChanged(db, a, 2023);
    const v = await a.cache.memo('scored:2023', () => ({ at: 1 }));
    await a.versions.sync(db, a);
    expect(await a.cache.memo('scored:2023', () => ({ at: 2 }))).toBe(v);
    expect(a.versions.applied).toBe(0);
  });

  it('when another process changed the same cycle in between, the next sync drops it once more', async () => {
    await b.versions.dataChanged(db, b, 2023);
    await a.versions.dataChanged(db, a, 2023);
    const v = await a.cache.memo('scored:2023', () => ({ at: 1 }));
    await a.versions.sync(db, a);
    expect(await a.cache.memo('scored:2023', () => ({ at: 2 }))).not.toBe(v);
  });

  it('an ended session is forgotten by every process', async () => {
    b.sessions.set('s1', { user: { id: 1, username: 'x', displayName: 'X', role: 'secretariat', examinerId: null }, until: Date.now() + 60_000 });
    await a.versions.sessionsEnded(db);
    await b.versions.sync(db, b);
    expect(b.sessions.size).toBe(0);
  });

  it('counts every change in the database, per scope', async () => {
    await a.versions.dataChanged(db, a, [2023, 2025]);
    await b.versions.dataChanged(db, b, 2023);
    await a.versions.dataChanged(db, a);
    const counts = await readDataVersions(db);
    expect(Object.fromEntries(counts)).toEqual({ y2023: 2, y2025: 1, all: 1 });
  });

  it('concurrent syncs share one read', async () => {
    await a.versions.dataChanged(db, a, 2023);
    await Promise.all([b.versions.sync(db, b), b.versions.sync(db, b), b.versions.sync(db, b)]);
    expect(b.versions.applied).toBe(1);
  });
});
