import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../connection.ts';
import { seedDemo } from '../seed/index.ts';
import {
  getCycleByYear,
  listApplicationsOfCycle,
  listAssignedApplicationIds,
  listCycleScores,
  setMeta,
  getMeta,
  writeAudit,
  listAudit,
  insertWeightSet,
  getWeightSet,
  nextWeightSetVersion,
} from './index.ts';

describe('repositories', async () => {
  const db = await createTestDatabase();
  const seed = await seedDemo(db);

  it('listCycleScores unpacks exactly the rows of the scores table for the cycle', async () => {
    const cycle = (await getCycleByYear(db, 2023))!;
    const cells = await listCycleScores(db, cycle.id);
    const rows = await db
      .selectFrom('scores')
      .innerJoin('applications', 'applications.id', 'scores.application_id')
      .select(['scores.application_id', 'scores.examiner_id', 'scores.item_id', 'scores.stage', 'scores.percent'])
      .where('applications.cycle_id', '=', cycle.id)
      .execute();
    const key = (a: number, e: number, i: string, s: string, p: number) => `${a}|${e}|${i}|${s}|${p}`;
    expect(cells.map((c) => key(c.applicationId, c.examinerId, c.itemId, c.stage, c.percent)).sort()).toEqual(
      rows.map((r) => key(r.application_id, r.examiner_id, r.item_id, r.stage, r.percent)).sort(),
    );
    expect(cells.length).toBeGreaterThan(1000);
  });

  it('lists applications with the applicant’s name, sector and district', async () => {
    const cycle = (await getCycleByYear(db, 2025))!;
    const apps = await listApplicationsOfCycle(db, cycle.id);
    expect(apps).toHaveLength(seed.applicationsPerCycle[2025]!);
    for (const a of apps) {
      expect(a.applicantNameZh).not.toBe('');
      expect(a.sector).not.toBe('');
      expect(a.district).toMatch(/^1506\d\d$/);
    }
  });

  it('excludes recused applications from an examiner’s assignments', async () => {
    const ex = seed.demoExaminerId;
    const before = await listAssignedApplicationIds(db, ex);
    expect(before.length).toBeGreaterThan(0);
    await db
      .insertInto('conflicts')
      .values({ application_id: before[0]!, examiner_id: ex, source: 'declared', reason: 'test', declared_at: '2025-01-01T00:00:00Z' })
      .execute();
    const after = await listAssignedApplicationIds(db, ex);
    expect(after).toEqual(before.slice(1));
  });

  it('stores meta values, audit entries and versioned weight sets', async () => {
    await setMeta(db, 'k', 'v1');
    await setMeta(db, 'k', 'v2');
    expect(await getMeta(db, 'k')).toBe('v2');
    await writeAudit(db, { userId: null, action: 'test.action', entity: 'thing', entityId: 7, before: { a: 1 }, after: { a: 2 } });
    const [entry] = await listAudit(db, { entity: 'thing', entityId: 7 });
    expect(entry).toMatchObject({ action: 'test.action', entity_id: '7', before: '{"a":1}', after: '{"a":2}' });
    const v = await nextWeightSetVersion(db, 'gbt19580-2012');
    const id = await insertWeightSet(db, {
      code: 'gbt19580-2012',
      version: v,
      nameZh: '测',
      nameEn: 'T',
      basedOnId: 1,
      createdBy: null,
      createdAt: '2025-01-01T00:00:00Z',
      points: { '4.1.2': 1000 },
    });
    expect(await getWeightSet(db, id)).toMatchObject({ version: v, status: 'draft', points: { '4.1.2': 1000 } });
    expect(await nextWeightSetVersion(db, 'gbt19580-2012')).toBe(v + 1);
  });
});
