/** applications.page: search, filters and sort in the database, keyset paging, the same rows as applications.list. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

type PageInput = Parameters<ReturnType<Fixture['as']>['applications']['page']>[0];

/** Every page of a query, following `nextCursor`. */
async function walk(input: PageInput) {
  const c = f.as('committee');
  const rows = [];
  let cursor: string | null = null;
  let pages = 0;
  let total = -1;
  do {
    const p = await c.applications.page({ ...input, cursor });
    rows.push(...p.items);
    total = p.total;
    cursor = p.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return { rows, total, pages };
}

describe('applications.page (keyset paging)', () => {
  it('pages through the rows of applications.list by code, each row once, with the same shape', async () => {
    const all = await f.as('committee').applications.list({ year: OPEN_YEAR });
    const { rows, total, pages } = await walk({ year: OPEN_YEAR, limit: 7 });
    expect(total).toBe(all.length);
    expect(pages).toBe(Math.ceil(all.length / 7));
    expect(rows).toEqual(all);
  });

  it('sorts by name (either direction) and day of receipt, ties broken by id', async () => {
    const all = await f.as('committee').applications.list({ year: OPEN_YEAR });
    const byName = (await walk({ year: OPEN_YEAR, limit: 5, sort: 'nameEn', dir: 'desc' })).rows;
    const expected = [...all].sort((a, b) => {
      const x = a.name.en.toLowerCase();
      const y = b.name.en.toLowerCase();
      return x < y ? 1 : x > y ? -1 : b.id - a.id;
    });
    expect(byName.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    const received = (await walk({ year: OPEN_YEAR, limit: 9, sort: 'receivedOn' })).rows;
    expect(received).toHaveLength(all.length);
    for (let i = 1; i < received.length; i++) {
      const [p, q] = [received[i - 1]!, received[i]!];
      const [x, y] = [p.receivedOn ?? '', q.receivedOn ?? ''];
      expect(x < y || (x === y && p.id < q.id)).toBe(true);
    }
    // The Chinese name order is the database's; every row still comes exactly once.
    const zh = (await walk({ year: OPEN_YEAR, limit: 6, sort: 'name' })).rows;
    expect(new Set(zh.map((a) => a.id)).size).toBe(all.length);
  });

  it('searches the code and both names case-insensitively, and filters, counting the matches', async () => {
    const c = f.as('committee');
    const all = await c.applications.list({ year: OPEN_YEAR });
    const target = all[3]!;
    const word = target.name.en.split(/\s+/)[0]!.toUpperCase();
    const found = await walk({ year: OPEN_YEAR, q: word, limit: 3 });
    expect(found.rows.map((a) => a.id)).toEqual(
      all
        .filter(
          (a) =>
            a.name.en.toLowerCase().includes(word.toLowerCase()) ||
            a.code.toLowerCase().includes(word.toLowerCase()) ||
            a.name.zh.toLowerCase().includes(word.toLowerCase()),
        )
        .map((a) => a.id),
    );
    expect(found.rows.map((a) => a.id)).toContain(target.id);
    expect((await c.applications.page({ year: OPEN_YEAR, q: target.code })).items.map((a) => a.id)).toEqual([target.id]);
    expect((await c.applications.page({ year: OPEN_YEAR, q: target.name.zh.slice(0, 4) })).items.map((a) => a.id)).toContain(target.id);
    // LIKE wildcards in the search are text, not patterns.
    expect((await c.applications.page({ year: OPEN_YEAR, q: '%' })).total).toBe(all.filter((a) => `${a.code}${a.name.zh}${a.name.en}`.includes('%')).length);
    expect((await c.applications.page({ year: OPEN_YEAR, q: '_' })).total).toBe(all.filter((a) => `${a.code}${a.name.zh}${a.name.en}`.includes('_')).length);

    const ineligible = await walk({ year: OPEN_YEAR, eligibility: 'ineligible', limit: 4 });
    expect(ineligible.rows.map((a) => a.id)).toEqual(all.filter((a) => a.eligibility.status === 'ineligible').map((a) => a.id));
    expect(ineligible.total).toBeGreaterThan(0);
    const removed = await c.applications.page({ year: OPEN_YEAR, status: 'removed', limit: 200 });
    expect(removed.items.map((a) => a.id)).toEqual(all.filter((a) => a.status === 'removed').map((a) => a.id));
    const assigned = await walk({ year: OPEN_YEAR, assigned: true, limit: 8 });
    expect(assigned.rows.map((a) => a.id)).toEqual(all.filter((a) => a.reviewGroupId !== null).map((a) => a.id));
    expect(assigned.total).toBeGreaterThan(0);
    const unassigned = await walk({ year: OPEN_YEAR, assigned: false, limit: 8 });
    expect(unassigned.rows.map((a) => a.id)).toEqual(all.filter((a) => a.reviewGroupId === null).map((a) => a.id));
    expect(assigned.total + unassigned.total).toBe(all.length);
    const page = await c.applications.page({ year: OPEN_YEAR, limit: 1 });
    expect(page.counts).toEqual({
      n: all.length,
      eligible: all.filter((a) => a.eligibility.status === 'eligible').length,
      ineligible: all.filter((a) => a.eligibility.status === 'ineligible').length,
      removed: all.filter((a) => a.status === 'removed').length,
    });
  });

  it('refuses a cursor that is not one, or belongs to another order, and a page over 200 rows', async () => {
    const c = f.as('committee');
    const first = await c.applications.page({ year: OPEN_YEAR, limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const other = await errorOf(c.applications.page({ year: OPEN_YEAR, sort: 'name', cursor: first.nextCursor }));
    expect(other.code).toBe('BAD_REQUEST');
    expect(other.zh).toMatch(/游标/);
    expect((await errorOf(c.applications.page({ year: OPEN_YEAR, cursor: 'not-a-cursor' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(c.applications.page({ year: OPEN_YEAR, limit: 201 }))).code).toBe('BAD_REQUEST');
    const second = await c.applications.page({ year: OPEN_YEAR, limit: 2, cursor: first.nextCursor });
    expect(second.items[0]!.code > first.items[1]!.code).toBe(true);
  });
});
