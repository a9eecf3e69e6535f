import { CYCLE_PHASES, getCycleByYear, getWeightSet, listAudit } from '@mqa/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignedApplication, createFixture, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

describe('cycles', () => {
  it('lists the cycles with their phase and application counts', async () => {
    const list = await f.as('leadership').cycles.list();
    expect(list.map((c) => c.year)).toEqual([2019, 2021, 2023, 2025]);
    const open = list.find((c) => c.year === OPEN_YEAR)!;
    expect(open.phase).toMatchObject({ id: 'material_review', name: { zh: '材料评审', en: 'Material review' }, article: 17 });
    expect(open.applications).toBe(f.seed.applicationsPerCycle[OPEN_YEAR]);
  });

  it('returns the timeline checked by @mqa/rules, with articles', async () => {
    const c = await f.as('committee').cycles.get({ year: 2023 });
    expect(c.timeline.map((t) => t.article)).toEqual([14, 16, 17, 18, 21]);
    for (const t of c.timeline) expect(['ok', 'breach', 'pending', 'uncovered']).toContain(t.status);
    expect(c.timeline[0]!.message.zh.length).toBeGreaterThan(0);
    expect(c.weightSet?.points['4.1.2']).toBe(50);
    expect(c.phases.map((p) => p.id)).toEqual([...CYCLE_PHASES]);
  });

  it('advances the phase one step, auditing it, and refuses past the last phase', async () => {
    const sec = f.as('secretariat');
    const moved = await sec.cycles.advancePhase({ year: OPEN_YEAR, confirm: true });
    expect(moved.from.id).toBe('material_review');
    expect(moved.to.id).toBe('onsite_review');
    expect((await getCycleByYear(f.db, OPEN_YEAR))!.phase).toBe('onsite_review');
    const cycle = (await getCycleByYear(f.db, OPEN_YEAR))!;
    const audit = await listAudit(f.db, { entity: 'cycle', entityId: cycle.id });
    expect(audit[0]).toMatchObject({ action: 'cycle.advancePhase', user_id: f.users.secretariat.id });
    expect(JSON.parse(audit[0]!.before!)).toEqual({ phase: 'material_review' });
    expect((await getWeightSet(f.db, cycle.weight_set_id))!.status).toBe('frozen');
    // The examiner's material sheets close with the phase.
    const appId = await assignedApplication(f).catch(() => null);
    expect(appId).toBeNull();
    const err = await sec.cycles.advancePhase({ year: 2019 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((err as { cause: { i18n: { zh: string } } }).cause.i18n.zh).toMatch(/已授奖/);
  });
});

describe('applications', () => {
  it('lists applications with names, sector, district, priority areas and eligibility failures with articles', async () => {
    const list = await f.as('committee').applications.list({ year: OPEN_YEAR });
    expect(list).toHaveLength(f.seed.applicationsPerCycle[OPEN_YEAR]!);
    expect(list.every((x) => x.year === OPEN_YEAR)).toBe(true);
    const older = (await f.as('committee').cycles.list()).find((c) => c.year !== OPEN_YEAR)!;
    expect((await f.as('committee').applications.list({ year: older.year })).every((x) => x.year === older.year)).toBe(true);
    const a = list[0]!;
    expect(a.name.zh.length).toBeGreaterThan(0);
    expect(a.sectorName.zh.length).toBeGreaterThan(0);
    expect(a.districtName.zh).toMatch(/区|旗/);
    const ineligible = list.filter((x) => x.eligibility.status === 'ineligible');
    expect(ineligible.length).toBeGreaterThan(0);
    for (const x of ineligible) {
      expect(x.eligibility.failures.length).toBeGreaterThan(0);
      expect(x.eligibility.failures.every((fl) => typeof fl.article === 'number' && fl.message.zh.length > 0)).toBe(true);
    }
    expect(list.some((x) => x.priorityAreas.length > 0 && x.priorityAreas[0]!.name.zh.length > 0)).toBe(true);
  });

  it('shows confidential materials only to the secretariat and assigned examiners (Art. 29)', async () => {
    const row = await f.db.selectFrom('application_materials').select('application_id').where('confidential', '=', 1).executeTakeFirstOrThrow();
    const id = row.application_id;
    const sec = await f.as('secretariat').applications.get({ id });
    expect(sec.materials.some((m) => m.confidential)).toBe(true);
    expect(sec.withheldConfidential).toBe(0);
    const com = await f.as('committee').applications.get({ id });
    // Committee members see that the material exists (title, confidential) but not its body.
    const secret = com.materials.filter((m) => m.confidential);
    expect(secret.length).toBe(sec.materials.filter((m) => m.confidential).length);
    expect(secret.every((m) => m.body === null && m.bodyWithheld && m.title.length > 0)).toBe(true);
    expect(com.withheldConfidential).toBe(secret.length);
    expect(com.materials.length).toBe(sec.materials.length);
    await expect(f.as('leadership').applications.get({ id: 999999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
