/** Recusal (Art. 24) and submitted-only aggregation: every path a recused examiner could take is closed. */
import { getCycleByYear, listAudit } from '@mqa/db';
import { ITEM_IDS } from '@mqa/scoring';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
let cycleId: number;
beforeAll(async () => {
  f = await createFixture();
  cycleId = (await getCycleByYear(f.db, OPEN_YEAR))!.id;
});

const full = (p: number) => Object.fromEntries(ITEM_IDS.map((id) => [id, p]));

async function unscoredAssignment(): Promise<number> {
  const list = await f.as('examiner').scoring.myAssignments();
  const a = list.find((x) => x.year === OPEN_YEAR && x.material.scoredItems === 0);
  if (!a) throw new Error('no unscored assignment');
  return a.applicationId;
}

describe('only submitted sheets count', () => {
  it('a saved draft changes no aggregate; submitting it does', async () => {
    const ex = f.as('examiner');
    const sec = f.as('secretariat');
    const appId = await unscoredAssignment();
    const before = (await sec.scoring.cycleResults({ year: OPEN_YEAR, method: 'mean' })).applications.find((a) => a.id === appId)!;
    await ex.scoring.saveSheet({ applicationId: appId, stage: 'material', percents: full(100) });
    const draft = (await sec.scoring.cycleResults({ year: OPEN_YEAR, method: 'mean' })).applications.find((a) => a.id === appId)!;
    expect(draft.total).toBe(before.total);
    expect(draft.items['4.1.2']!.n).toBe(before.items['4.1.2']!.n);
    // The seeded 9-item draft of the demo examiner is not counted either.
    const cells = await f.db
      .selectFrom('score_sheets')
      .select(['application_id'])
      .where('examiner_id', '=', f.seed.demoExaminerId)
      .where('status', '=', 'draft')
      .execute();
    const draftApp = cells.map((c) => c.application_id).find((id) => id !== appId)!;
    const dr = (await sec.scoring.cycleResults({ year: OPEN_YEAR, method: 'mean' })).applications.find((a) => a.id === draftApp)!;
    const submitted = await f.db
      .selectFrom('score_sheets')
      .select('examiner_id')
      .where('application_id', '=', draftApp)
      .where('stage', '=', 'material')
      .where('status', '=', 'submitted')
      .execute();
    expect(dr.items['4.1.2']!.n).toBe(submitted.length);

    await ex.scoring.submitSheet({ applicationId: appId, stage: 'material' });
    const after = (await sec.scoring.cycleResults({ year: OPEN_YEAR, method: 'mean' })).applications.find((a) => a.id === appId)!;
    expect(after.items['4.1.2']!.n).toBe(before.items['4.1.2']!.n + 1);
    expect(after.total).toBeGreaterThan(before.total);
  });
});

describe('recusal (Art. 24)', () => {
  it('an examiner recused after scoring: scores excluded and shown, desk closed, FORBIDDEN citing Art. 24', async () => {
    const ex = f.as('examiner');
    const sec = f.as('secretariat');
    const me = f.seed.demoExaminerId;
    const appId = (await ex.scoring.myAssignments()).find((a) => a.year === OPEN_YEAR && a.material.status === 'submitted')!.applicationId;
    const before = (await sec.scoring.cycleResults({ year: OPEN_YEAR, method: 'mean' })).applications.find((a) => a.id === appId)!;
    const declared = await sec.conflicts.declare({ applicationId: appId, examinerId: me, reason: '评分后发现曾为该单位提供咨询服务' });
    expect(declared).toMatchObject({ article: 24, source: 'declared', scoresExcluded: 23 });
    expect(declared.message.zh).toMatch(/23 个分数不再计入/);

    const after = (await sec.scoring.cycleResults({ year: OPEN_YEAR, method: 'mean' })).applications.find((a) => a.id === appId)!;
    expect(after.items['4.1.2']!.n).toBe(before.items['4.1.2']!.n - 1);
    const shown = after.excludedExaminers.find((e) => e.id === me)!;
    expect(shown).toMatchObject({ article: 24, source: 'declared', scoresExcluded: 23 });
    expect(shown.reason.zh).toMatch(/咨询服务/);
    // The matrix sent to browsers no longer carries the recused examiner's scores at all.
    const matrix = await sec.analytics.cycleMatrix({ year: OPEN_YEAR });
    const a = matrix.applications.findIndex((x) => x.id === appId);
    const e = matrix.examiners.findIndex((x) => x.id === me);
    let sent = 0;
    for (let k = 0; k < matrix.scores.percent.length; k++) if (matrix.scores.application[k] === a && matrix.scores.examiner[k] === e) sent++;
    expect(a).toBeGreaterThanOrEqual(0);
    expect(e).toBeGreaterThanOrEqual(0);
    expect(sent).toBe(0);
    const listed = (await f.as('committee').conflicts.list({ year: OPEN_YEAR })).find((c) => c.applicationId === appId && c.examiner.id === me)!;
    expect(listed).toMatchObject({ source: 'declared', inAssignedGroup: true, scoresExcluded: 23, article: 24 });

    // One call at a time: calls started together and awaited in turn leave the later refusals
    // unhandled while the first is awaited (on PostgreSQL they arrive meanwhile).
    for (const call of [
      () => ex.scoring.mySheet({ applicationId: appId, stage: 'material' }),
      () => ex.scoring.saveSheet({ applicationId: appId, stage: 'material', percents: { '4.1.2': 50 } }),
      () => ex.scoring.submitSheet({ applicationId: appId, stage: 'material' }),
      () => ex.scoring.myComparison({ applicationId: appId }),
      () => ex.applications.get({ id: appId }),
      () => ex.feedback.submit({ applicationId: appId, direction: 'examiner_to_applicant', rating: 4 }),
    ]) {
      const err = await errorOf(call());
      expect(err.code).toBe('FORBIDDEN');
      expect(err.zh).toMatch(/第24条/);
    }
    expect((await ex.scoring.myAssignments()).map((a) => a.applicationId)).not.toContain(appId);
    expect((await errorOf(sec.conflicts.declare({ applicationId: appId, examinerId: me, reason: 'again' }))).code).toBe('CONFLICT');
    expect((await listAudit(f.db, { entity: 'conflict', limit: 1 }))[0]!.action).toBe('conflict.declare');
  });

  it('shows the seeded late recusals of 2023 with their excluded scores', async () => {
    const list = await f.as('committee').conflicts.list({ year: 2023 });
    const late = list.filter((c) => c.scoresExcluded > 0);
    expect(late.length).toBeGreaterThan(0);
    const results = await f.as('committee').scoring.cycleResults({ year: 2023 });
    for (const c of late) {
      const app = results.applications.find((a) => a.id === c.applicationId)!;
      expect(app.excludedExaminers.map((e) => e.id)).toContain(c.examiner.id);
    }
  });

  it('detects a declared business tie and an employer by USCC, records them once, and assignGroup records a member’s conflict', async () => {
    const sec = f.as('secretariat');
    // Arrange: an examiner of another group declares a business tie with an applicant of group X.
    const apps = await f.db
      .selectFrom('applications')
      .select(['id', 'organisation_id', 'review_group_id', 'code'])
      .where('cycle_id', '=', cycleId)
      .where('applicant_type', '=', 'organisation')
      .where('review_group_id', 'is not', null)
      .orderBy('code')
      .execute();
    const target = apps[apps.length - 1]!;
    const members = await f.db.selectFrom('review_group_members').select('examiner_id').where('review_group_id', '=', target.review_group_id!).execute();
    const memberIds = members.map((m) => m.examiner_id).filter((id) => id !== f.seed.demoExaminerId);
    const tied = memberIds[memberIds.length - 1]!;
    const recorded = await f.db.selectFrom('conflicts').select('id').where('application_id', '=', target.id).where('examiner_id', '=', tied).execute();
    expect(recorded).toEqual([]);
    await f.db.insertInto('examiner_ties').values({ examiner_id: tied, organisation_id: target.organisation_id!, kind: 'business', note: '持股' }).execute();

    const first = await sec.conflicts.detect({ year: OPEN_YEAR });
    const added = first.added.find((a) => a.applicationId === target.id && a.examiner.id === tied)!;
    expect(added.kinds).toEqual(['business_tie']);
    expect(added.reason.zh).toMatch(/第24条/);
    const again = await sec.conflicts.detect({ year: OPEN_YEAR });
    expect(again.added).toEqual([]);
    expect(again.alreadyRecorded).toBe(again.found);
    const listed = (await sec.conflicts.list({ year: OPEN_YEAR })).find((c) => c.applicationId === target.id && c.examiner.id === tied)!;
    expect(listed).toMatchObject({ source: 'automatic', inAssignedGroup: true });

    // assignGroup: move another application into group X where a member works for it (same USCC).
    const mover = apps.find((a) => a.review_group_id !== target.review_group_id)!;
    const org = await f.db.selectFrom('organisations').select(['uscc']).where('id', '=', mover.organisation_id!).executeTakeFirstOrThrow();
    const employee = memberIds[0]!;
    await f.db.updateTable('examiners').set({ employer_uscc: org.uscc, employer_name: null }).where('id', '=', employee).execute();
    const r = await sec.applications.assignGroup({ id: mover.id, reviewGroupId: target.review_group_id! });
    expect(r.reviewGroupId).toBe(target.review_group_id);
    expect(r.recordedConflicts).toBe(1);
    const m = r.members.find((x) => x.examinerId === employee)!;
    expect(m).toMatchObject({ recused: true, conflict: { article: 24, source: 'automatic', newlyRecorded: true } });
    expect(r.scoringMembers).toBe(r.members.length - r.members.filter((x) => x.recused).length);
    // A group of another cycle is refused.
    const g2023 = await f.db
      .selectFrom('review_groups')
      .innerJoin('cycles', 'cycles.id', 'review_groups.cycle_id')
      .select('review_groups.id')
      .where('cycles.year', '=', 2023)
      .executeTakeFirstOrThrow();
    expect((await errorOf(sec.applications.assignGroup({ id: mover.id, reviewGroupId: g2023.id }))).code).toBe('BAD_REQUEST');
  });
});
