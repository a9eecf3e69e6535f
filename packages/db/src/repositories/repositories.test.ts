import { describe, expect, it } from 'vitest';
import { STAGE_IDS } from '@mqa/rules';
import { createTestDatabase } from '../connection.ts';
import { seedDemo } from '../seed/index.ts';
import {
  getCycleByYear,
  listApplicationsOfCycle,
  listAssignedApplicationIds,
  listCycleScores,
  listCycleScoreColumns,
  scoreCellsOf,
  setMeta,
  getMeta,
  writeAudit,
  listAudit,
  insertWeightSet,
  getWeightSet,
  nextWeightSetVersion,
  listApplicationScores,
  listApplicantOrganisations,
  listAwardDetails,
  currentDecisions,
  insertDecision,
  listApplicationSummaries,
  countConflictScores,
  countExaminerScoresFor,
  listConflictDetails,
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

  it('lists the summaries of given applications the way a cycle lists them, and counts conflicted examiners’ scores in one query', async () => {
    const cycle = (await getCycleByYear(db, 2023))!;
    const all = await listApplicationsOfCycle(db, cycle.id);
    const some = [all[7]!, all[2]!, all[30]!];
    expect(await listApplicationSummaries(db, [...some.map((a) => a.id), some[0]!.id])).toEqual([all[2], all[7], all[30]]);
    expect(await listApplicationSummaries(db, [])).toEqual([]);
    const conflicts = await listConflictDetails(db, { cycleId: cycle.id });
    const counts = await countConflictScores(db, cycle.id);
    expect(counts.size).toBe(conflicts.length);
    for (const c of conflicts) expect(counts.get(`${c.applicationId}|${c.examinerId}`)).toBe(await countExaminerScoresFor(db, c.applicationId, c.examinerId));
    // 2023 has a tie declared after scoring: those scores are stored (and excluded).
    expect([...counts.values()].some((n) => n > 0)).toBe(true);
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

  it('counts only submitted sheets when asked: drafts and reopened sheets are left out', async () => {
    const cycle = (await getCycleByYear(db, 2025))!;
    const all = await listCycleScores(db, cycle.id);
    const submitted = await listCycleScores(db, cycle.id, { submittedOnly: true });
    const drafts = await db
      .selectFrom('score_sheets')
      .innerJoin('scores', (j) =>
        j
          .onRef('scores.application_id', '=', 'score_sheets.application_id')
          .onRef('scores.examiner_id', '=', 'score_sheets.examiner_id')
          .onRef('scores.stage', '=', 'score_sheets.stage'),
      )
      .innerJoin('applications', 'applications.id', 'scores.application_id')
      .select(['scores.application_id', 'scores.examiner_id'])
      .where('applications.cycle_id', '=', cycle.id)
      .where('score_sheets.status', '!=', 'submitted')
      .execute();
    expect(drafts.length).toBeGreaterThan(0); // the demo examiner's 9-item draft
    expect(submitted.length).toBe(all.length - drafts.length);
    const draft = drafts[0]!;
    expect(submitted.some((c) => c.applicationId === draft.application_id && c.examinerId === draft.examiner_id)).toBe(false);
    const perApp = await listApplicationScores(db, draft.application_id, 'material', { submittedOnly: true });
    expect(perApp.some((c) => c.examinerId === draft.examiner_id)).toBe(false);
    expect((await listApplicationScores(db, draft.application_id, 'material')).some((c) => c.examinerId === draft.examiner_id)).toBe(true);
  });

  it('reads the submitted scores as columns, in application order, exactly the scores on submitted sheets', async () => {
    const cycle = (await getCycleByYear(db, 2025))!;
    const cols = await listCycleScoreColumns(db, cycle.id, { submittedOnly: true });
    const rows = await db
      .selectFrom('scores')
      .innerJoin('applications', 'applications.id', 'scores.application_id')
      .innerJoin('score_sheets', (j) =>
        j
          .onRef('score_sheets.application_id', '=', 'scores.application_id')
          .onRef('score_sheets.examiner_id', '=', 'scores.examiner_id')
          .onRef('score_sheets.stage', '=', 'scores.stage'),
      )
      .select(['scores.application_id', 'scores.examiner_id', 'scores.item_id', 'scores.stage', 'scores.percent'])
      .where('applications.cycle_id', '=', cycle.id)
      .where('score_sheets.status', '=', 'submitted')
      .execute();
    const got: string[] = [];
    for (let k = 0; k < cols.length; k++) {
      got.push(`${cols.applicationId[k]}|${cols.examinerId[k]}|${cols.itemIds[cols.item[k]!]}|${STAGE_IDS[cols.stage[k]!]}|${cols.percent[k]}`);
      if (k > 0) expect(cols.applicationId[k]!).toBeGreaterThanOrEqual(cols.applicationId[k - 1]!);
    }
    expect(got.sort()).toEqual(rows.map((r) => `${r.application_id}|${r.examiner_id}|${r.item_id}|${r.stage}|${r.percent}`).sort());
    expect(cols.length).toBeGreaterThan(1000);
    // The objects are the same scores.
    expect(scoreCellsOf(cols)).toHaveLength(cols.length);
    expect(await listCycleScores(db, cycle.id, { submittedOnly: true })).toEqual(scoreCellsOf(cols));
  });

  it('resolves the organisation an application stands for, awards with revocations, and the latest decision per application', async () => {
    const cycle = (await getCycleByYear(db, 2021))!;
    const apps = await listApplicationsOfCycle(db, cycle.id);
    const ind = apps.find((a) => a.applicant_type === 'individual')!;
    const org = apps.find((a) => a.applicant_type === 'organisation')!;
    const [o, i] = await listApplicantOrganisations(
      db,
      [org.id, ind.id].sort((a, b) => a - b),
    ).then((rows) => [rows.find((r) => r.applicationId === org.id)!, rows.find((r) => r.applicationId === ind.id)!]);
    expect(o).toMatchObject({ applicantType: 'organisation', organisationId: org.organisation_id });
    expect(o!.uscc).toHaveLength(18);
    expect(i).toMatchObject({ applicantType: 'individual', individualId: ind.individual_id });
    const awards = await listAwardDetails(db, { cycleId: cycle.id });
    expect(awards.length).toBe(seed.awardsPerCycle[2021]);
    expect(awards.filter((a) => a.revocation !== null)).toHaveLength(1);
    const current = await currentDecisions(db, cycle.id);
    const approved = [...current.values()]
      .filter((d) => d.decision === 'approved')
      .map((d) => d.application_id)
      .sort((a, b) => a - b);
    expect(approved).toEqual(awards.map((a) => a.applicationId).sort((a, b) => a - b));
    const id = await insertDecision(db, {
      cycleId: cycle.id,
      applicationId: approved[0]!,
      decision: 'not_proposed',
      reason: null,
      decidedOn: '2025-01-01',
      decidedBy: null,
    });
    expect((await currentDecisions(db, cycle.id)).get(approved[0]!)!.id).toBe(id);
  });
});
