/**
 * The panel bounded at province scale: `analytics.panelPage` (a page of review groups with the
 * whole cycle's summary), `analytics.panel` for some groups only (`groupIds`) and
 * `groups.summaries` (the groups in brief). Each bounded answer is checked against the whole
 * panel computed on its own fresh cache, so equality means the same figures, not the same objects.
 */
import { createTestDatabase, insertUser, seedDemo, type DB } from '@mqa/db';
import { ICC_READING_COEFFICIENT, iccReading } from '@mqa/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner, type SessionUser } from '../context.ts';
import { createCaller } from '../root.ts';
import { createServices } from '../services/index.ts';
import { errorOf, OPEN_YEAR } from '../test/helpers.ts';

/** Enough applications for a few dozen review groups (about ten applications each). */
const APPLICATIONS = 500;

let db: DB;
let user: SessionUser;
/** A caller on a cache of its own (nothing computed yet). */
const fresh = (as: SessionUser = user) => createCaller(createContextInner({ db, services: createServices(), user: as }));

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db, { applications: APPLICATIONS });
  const id = await insertUser(db, {
    username: 'panel-committee',
    display_name: 'Panel committee',
    password_hash: 'x',
    role: 'committee',
    examiner_id: null,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  user = { id, username: 'panel-committee', displayName: 'Panel committee', role: 'committee', examinerId: null, mustChangePassword: false };
}, 300_000);
afterAll(async () => {
  await db.destroy();
});

type Page = Awaited<ReturnType<ReturnType<typeof fresh>['analytics']['panelPage']>>;

describe('analytics.panelPage', () => {
  it('pages through the same groups as the whole panel: same entries, each once, in order', async () => {
    const whole = await fresh().analytics.panel({ year: OPEN_YEAR });
    expect(whole.length).toBeGreaterThan(15);
    const c = fresh();
    const seen: Page['items'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Page = await c.analytics.panelPage({ year: OPEN_YEAR, limit: 7, cursor });
      expect(p.items.length).toBeLessThanOrEqual(7);
      expect(p.total).toBe(whole.length);
      seen.push(...p.items);
      cursor = p.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(whole.length / 7));
    expect(seen).toEqual(whole);
  });

  it('sums the whole cycle in its summary, whatever the page or the search', async () => {
    const whole = await fresh().analytics.panel({ year: OPEN_YEAR });
    const first = await fresh().analytics.panelPage({ year: OPEN_YEAR, limit: 3 });
    const readings = { good: 0, moderate: 0, poor: 0, unknown: 0 };
    for (const g of whole) readings[iccReading(g.reliability.icc?.[ICC_READING_COEFFICIENT]) ?? 'unknown']++;
    expect(first.summary).toEqual({
      groups: whole.length,
      applications: whole.reduce((s, g) => s + g.applications, 0),
      examiners: new Set(whole.flatMap((g) => g.members.map((m) => m.id))).size,
      agendaItems: whole.reduce((s, g) => s + g.agenda.length, 0),
      readings,
    });
    const searched = await fresh().analytics.panelPage({ year: OPEN_YEAR, q: whole[4]!.group.name.zh });
    expect(searched.summary).toEqual(first.summary);
  });

  it('searches by group name and by a member’s name, paging the matches', async () => {
    const whole = await fresh().analytics.panel({ year: OPEN_YEAR });
    const target = whole[whole.length - 2]!;
    const byName = await fresh().analytics.panelPage({ year: OPEN_YEAR, q: `  ${target.group.name.en.toUpperCase()} ` });
    expect(byName.items.map((g) => g.group.id)).toContain(target.group.id);
    for (const g of byName.items) expect(g.group.name.en.toLowerCase()).toContain(target.group.name.en.toLowerCase());
    const member = target.members.find((m) => m.id !== target.group.leader.id)!;
    const byMember = await fresh().analytics.panelPage({ year: OPEN_YEAR, q: member.name.zh });
    expect(byMember.items.map((g) => g.group.id)).toContain(target.group.id);
    expect(byMember.total).toBe(whole.filter((g) => g.members.some((m) => m.name.zh.includes(member.name.zh))).length);
    const none = await fresh().analytics.panelPage({ year: OPEN_YEAR, q: 'no such group 无此评审组' });
    expect(none).toMatchObject({ items: [], total: 0, nextCursor: null });
  });

  it('refuses bad input with a clear error', async () => {
    const c = fresh();
    expect((await errorOf(c.analytics.panelPage({ year: OPEN_YEAR, limit: 0 }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(c.analytics.panelPage({ year: OPEN_YEAR, limit: 51 }))).code).toBe('BAD_REQUEST');
    const bad = await errorOf(c.analytics.panelPage({ year: OPEN_YEAR, cursor: 'not-a-cursor' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.zh).toContain('分页游标无效');
    // A cursor of another list (the ranking's) is refused too.
    const ranking = await c.analytics.ranking({ year: OPEN_YEAR, limit: 1 });
    expect((await errorOf(c.analytics.panelPage({ year: OPEN_YEAR, cursor: ranking.nextCursor }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(c.analytics.panelPage({ year: 2001 }))).code).toBe('NOT_FOUND');
    const examiner = { ...user, role: 'examiner' as const };
    expect((await errorOf(fresh(examiner).analytics.panelPage({ year: OPEN_YEAR }))).code).toBe('FORBIDDEN');
  });
});

describe('analytics.panel with groupIds', () => {
  it('answers exactly those groups of the whole panel, in the order asked', async () => {
    const whole = await fresh().analytics.panel({ year: OPEN_YEAR });
    const one = await fresh().analytics.panel({ year: OPEN_YEAR, groupIds: [whole[5]!.group.id] });
    expect(one).toEqual([whole[5]]);
    const ids = [whole[9]!.group.id, whole[1]!.group.id];
    expect(await fresh().analytics.panel({ year: OPEN_YEAR, groupIds: ids })).toEqual([whole[9], whole[1]]);
  });

  it('names the groups the cycle does not have; refuses an empty, repeated or too long list', async () => {
    const c = fresh();
    const whole = await c.analytics.panel({ year: OPEN_YEAR });
    const missing = await errorOf(c.analytics.panel({ year: OPEN_YEAR, groupIds: [whole[0]!.group.id, 999_999] }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.zh).toContain('999999');
    expect(missing.details).toEqual({ missing: [999_999] });
    expect((await errorOf(c.analytics.panel({ year: OPEN_YEAR, groupIds: [] }))).code).toBe('BAD_REQUEST');
    const id = whole[0]!.group.id;
    expect((await errorOf(c.analytics.panel({ year: OPEN_YEAR, groupIds: [id, id] }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(c.analytics.panel({ year: OPEN_YEAR, groupIds: Array.from({ length: 51 }, (_, i) => i + 1) }))).code).toBe('BAD_REQUEST');
  });
});

describe('groups.summaries', () => {
  it('gives every group of the panel with its leader and members, and one group by id', async () => {
    const whole = await fresh().analytics.panel({ year: OPEN_YEAR });
    const all = await fresh().groups.summaries({ year: OPEN_YEAR });
    expect(all.map((g) => g.id)).toEqual(whole.map((g) => g.group.id));
    for (const [i, g] of all.entries()) {
      const p = whole[i]!;
      expect(g.name).toEqual(p.group.name);
      expect(g.leaderId).toBe(p.group.leader.id);
      expect(g.members.filter((m) => m.leader).map((m) => m.id)).toEqual([p.group.leader.id]);
      expect(g.members.map((m) => m.id).sort((a, b) => a - b)).toEqual(p.members.map((m) => m.id).sort((a, b) => a - b));
      expect(g.load).toBeGreaterThanOrEqual(0);
    }
    expect(await fresh().groups.summaries({ year: OPEN_YEAR, ids: [all[3]!.id] })).toEqual([all[3]]);
    const missing = await errorOf(fresh().groups.summaries({ year: OPEN_YEAR, ids: [999_999] }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.details).toEqual({ missing: [999_999] });
  });
});
