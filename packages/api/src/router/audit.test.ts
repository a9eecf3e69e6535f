/** audit.list paging past 1,000 rows and audit.chain (Art. 26), through createCaller on a fresh database. */
import { writeAuditMany } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
  await writeAuditMany(
    f.db,
    Array.from({ length: 2400 }, (_, i) => ({
      userId: f.users.secretariat.id,
      action: 'test.bulk',
      entity: i % 3 ? 'bulk' : 'bulk_third',
      entityId: i,
      after: { i },
    })),
  );
});
afterAll(async () => {
  await f.db.destroy();
});

describe('audit.list pages by id', () => {
  it('walks every row, newest first, past 1,000 with beforeId, and back with afterId', async () => {
    const sec = f.as('secretariat');
    const total = Number(
      (
        await f.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(total).toBeGreaterThan(2400);
    const ids: number[] = [];
    let beforeId: number | undefined;
    for (;;) {
      const page = await sec.audit.list({ limit: 1000, ...(beforeId ? { beforeId } : {}) });
      if (page.length === 0) break;
      ids.push(...page.map((e) => e.id));
      beforeId = page.at(-1)!.id;
    }
    expect(ids).toHaveLength(total);
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1]!).toBeGreaterThan(ids[i]!);

    const second = await sec.audit.list({ entity: 'bulk', limit: 50, beforeId: (await sec.audit.list({ entity: 'bulk', limit: 50 })).at(-1)!.id });
    const back = await sec.audit.list({ entity: 'bulk', limit: 50, afterId: second[0]!.id });
    expect(back).toEqual(await sec.audit.list({ entity: 'bulk', limit: 50 }));
    expect(second.every((e) => e.entity === 'bulk')).toBe(true);

    const both = await errorOf(sec.audit.list({ beforeId: 5, afterId: 2 }));
    expect(both.code).toBe('BAD_REQUEST');
  });
});

describe('audit.chain', () => {
  it('reports an intact chain, then the first row someone edited', async () => {
    const sec = f.as('secretariat');
    const ok = await sec.audit.chain();
    expect(ok).toMatchObject({ intact: true, firstBroken: null, brokenRows: 0 });
    expect(ok.rows).toBeGreaterThan(2400);
    const victim = (await sec.audit.list({ entity: 'bulk_third', limit: 1, beforeId: 1000 }))[0]!;
    await f.db.updateTable('audit_log').set({ after: '{"i":-1}' }).where('id', '=', victim.id).execute();
    const broken = await sec.audit.chain();
    expect(broken).toMatchObject({ intact: false, firstBroken: { id: victim.id, reason: 'hash_mismatch' }, brokenRows: 1 });
    expect((await errorOf(f.as('committee').audit.chain())).code).toBe('FORBIDDEN');
  });
});

describe('audit.list names applications by their code', () => {
  it('gives the application a row is about, and the codes of applications its change names', async () => {
    const sec = f.as('secretariat');
    const apps = await sec.applications.list({ year: OPEN_YEAR });
    const panel = await sec.analytics.panel({ year: OPEN_YEAR });
    const conflicts = await sec.conflicts.list({ year: OPEN_YEAR });
    // An assigned application and a member of its group not yet recused from it.
    const [app, member] = apps
      .filter((a) => a.status === 'active' && a.reviewGroupId !== null)
      .flatMap((a) =>
        panel
          .find((g) => g.group.id === a.reviewGroupId)!
          .members.filter((m) => !conflicts.some((c) => c.applicationId === a.id && c.examiner.id === m.id))
          .map((m) => [a, m] as const),
      )[0]!;
    await sec.conflicts.declare({ applicationId: app.id, examinerId: member.id, reason: '曾在申报单位任职' });
    await sec.applications.checkEligibility({ id: app.id });

    const [conflict] = await sec.audit.list({ entity: 'conflict', limit: 1 });
    expect(conflict!.application).toEqual({ id: app.id, code: app.code });
    expect(conflict!.applicationCodes).toEqual({ [String(app.id)]: app.code });
    const [check] = await sec.audit.list({ entity: 'application', entityId: app.id, limit: 1 });
    expect(check!.action).toBe('application.checkEligibility');
    expect(check!.application).toEqual({ id: app.id, code: app.code });
    // A row about no application has neither field.
    const [bulk] = await sec.audit.list({ entity: 'bulk', limit: 1 });
    expect(bulk).not.toHaveProperty('application');
    expect(bulk).not.toHaveProperty('applicationCodes');
  });
});
