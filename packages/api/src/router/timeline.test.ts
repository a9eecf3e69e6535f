/** The cycle's timeline (Art. 14, 16, 17, 18, 21) in Chinese working days, through cycles.get / cycles.updateDates. */
import { getCycleByYear, listAudit } from '@mqa/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture({ now: () => new Date('2025-12-01T02:00:00Z') });
});

describe('timeline', () => {
  it('shows the seeded 2021 qualification-review breach (Art. 16: 13 working days > 10)', async () => {
    const c = await f.as('leadership').cycles.get({ year: 2021 });
    const q = c.timeline.find((t) => t.article === 16)!;
    expect(q).toMatchObject({ code: 'qualification_review', status: 'breach', actual: 13, required: 10 });
    expect(c.breaches.map((b) => b.article)).toEqual([16]);
    expect(q.message.zh.length).toBeGreaterThan(0);
    // The other finished cycles keep every deadline.
    for (const year of [2019, 2023]) expect((await f.as('leadership').cycles.get({ year })).breaches).toEqual([]);
  });

  it('counts a deadline across the 2025 National Day holiday with its make-up working days', async () => {
    const sec = f.as('secretariat');
    const version = f.services.cache.version;
    // Received Thu 25 Sep 2025: working days 26 Sep, Sun 28 Sep (make-up), 29, 30 Sep, then 1–8 Oct off,
    // 9, 10, Sat 11 Oct (make-up), 13, 14, 15 Oct → the 10th working day is 15 Oct.
    const ok = await sec.cycles.updateDates({ year: OPEN_YEAR, dates: { applicationsReceived: '2025-09-25', qualificationDone: '2025-10-15' } });
    expect(f.services.cache.version).toBe(version + 1);
    const q = ok.timeline.find((t) => t.article === 16)!;
    expect(q).toMatchObject({ status: 'ok', actual: 10, deadline: '2025-10-15' });
    const late = await sec.cycles.updateDates({ year: OPEN_YEAR, dates: { qualificationDone: '2025-10-16' } });
    expect(late.timeline.find((t) => t.article === 16)).toMatchObject({ status: 'breach', actual: 11, deadline: '2025-10-15' });
    expect(late.breaches.map((b) => b.article)).toContain(16);
    expect(late.dates.applicationsReceived).toBe('2025-09-25');
    // cycles.get shows the stored dates and the same check.
    const got = await f.as('committee').cycles.get({ year: OPEN_YEAR });
    expect(got.dates.qualificationDone).toBe('2025-10-16');
    expect(got.timeline.find((t) => t.article === 16)!.status).toBe('breach');
    const cycle = (await getCycleByYear(f.db, OPEN_YEAR))!;
    const audit = await listAudit(f.db, { entity: 'cycle', entityId: cycle.id });
    expect(audit[0]).toMatchObject({ action: 'cycle.updateDates', user_id: f.users.secretariat.id });
    expect(JSON.parse(audit[0]!.before!).qualificationDone).toBe('2025-10-15');
  });

  it('reports a deadline the working-day calendar does not cover as uncovered, and clears a date with null', async () => {
    const sec = f.as('secretariat');
    const r = await sec.cycles.updateDates({ year: OPEN_YEAR, dates: { reviewStarts: '2027-03-01', reviewEnds: '2027-03-20' } });
    expect(r.timeline.find((t) => t.article === 17)!.status).toBe('uncovered');
    const cleared = await sec.cycles.updateDates({ year: OPEN_YEAR, dates: { reviewEnds: null } });
    expect(cleared.dates.reviewEnds).toBeUndefined();
    expect(cleared.timeline.find((t) => t.article === 17)!.status).not.toBe('ok');
  });

  it('refuses malformed dates, unknown fields and an empty update with clear errors', async () => {
    const sec = f.as('secretariat');
    expect((await errorOf(sec.cycles.updateDates({ year: OPEN_YEAR, dates: { callOpens: '2025-02-30' } }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(sec.cycles.updateDates({ year: OPEN_YEAR, dates: { opening: '2025-02-03' } as never }))).code).toBe('BAD_REQUEST');
    const empty = await errorOf(sec.cycles.updateDates({ year: OPEN_YEAR, dates: {} }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.zh).toMatch(/请至少填写一个日期/);
    expect((await errorOf(sec.cycles.updateDates({ year: 2031, dates: { callOpens: '2031-03-03' } }))).code).toBe('NOT_FOUND');
  });
});
