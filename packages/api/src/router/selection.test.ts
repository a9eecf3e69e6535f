/** Selection (Art. 3, 18–22): public comments, objections, committee decisions with the cap, the tie at the cap, granting awards. */
import { CYCLE_PHASES, getCycleByYear, insertPublication, listAudit } from '@mqa/db';
import { AWARD_CAP, PRIZE_PER_ORGANISATION_RMB } from '@mqa/rules';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

/** A publication as if produced earlier (Art. 18 results, Art. 21 notice), listing these applications. */
async function published(f: Fixture, year: number, kind: 'results' | 'notice', applicationIds: number[], startsOn: string, endsOn: string) {
  const cycle = (await getCycleByYear(f.db, year))!;
  await insertPublication(f.db, {
    cycleId: cycle.id,
    kind,
    title: `${year} ${kind}`,
    startsOn,
    endsOn,
    contact: 'test',
    content: '{}',
    fileName: 'test.docx',
    mime: 'application/octet-stream',
    file: Buffer.from('test'),
    sha256: '0'.repeat(64),
    awardId: null,
    publishedBy: null,
    publishedAt: `${startsOn}T00:00:00Z`,
    applicationIds,
  });
}

let f: Fixture;
beforeAll(async () => {
  f = await createFixture({ now: () => new Date('2026-01-15T02:00:00Z') });
});

describe('a sixth candidate tied with the fifth (Art. 3)', () => {
  it('reports tieAtCap and selects neither; proposing both is refused citing Art. 3', async () => {
    const com = f.as('committee');
    const base = await com.scoring.cycleResults({ year: 2023 });
    const fifthId = base.selection.selected[base.selection.selected.length - 1]!;
    const fifth = base.applications.find((a) => a.id === fifthId)!;
    const sixth = base.applications.find((a) => a.selection.code === 'capReached')!;
    expect(base.selection.selected).toHaveLength(AWARD_CAP);
    // Arrange: the sixth gets exactly the fifth's counted scores, consensus and priority areas.
    const stage = fifth.stage;
    const recused = new Set(fifth.excludedExaminers.map((e) => e.id));
    const scores = (await f.db.selectFrom('scores').selectAll().where('application_id', '=', fifthId).where('stage', '=', stage).execute()).filter(
      (s) => !recused.has(s.examiner_id),
    );
    await f.db.deleteFrom('scores').where('application_id', '=', sixth.id).execute();
    await f.db.deleteFrom('score_sheets').where('application_id', '=', sixth.id).execute();
    await f.db.deleteFrom('consensus_records').where('application_id', '=', sixth.id).execute();
    await f.db.deleteFrom('conflicts').where('application_id', '=', sixth.id).execute();
    await f.db
      .insertInto('scores')
      .values(scores.map(({ id: _id, ...s }) => ({ ...s, application_id: sixth.id })))
      .execute();
    const examiners = [...new Set(scores.map((s) => s.examiner_id))];
    await f.db
      .insertInto('score_sheets')
      .values(examiners.map((e) => ({ application_id: sixth.id, examiner_id: e, stage, status: 'submitted' as const, submitted_at: '2023-07-01T00:00:00Z' })))
      .execute();
    const consensus = await f.db.selectFrom('consensus_records').selectAll().where('application_id', '=', fifthId).where('stage', '=', stage).execute();
    if (consensus.length) {
      await f.db
        .insertInto('consensus_records')
        .values(consensus.map(({ id: _id, ...c }) => ({ ...c, application_id: sixth.id })))
        .execute();
    }
    await f.db.deleteFrom('application_priority_areas').where('application_id', '=', sixth.id).execute();
    const areas = await f.db.selectFrom('application_priority_areas').select('area').where('application_id', '=', fifthId).execute();
    if (areas.length)
      await f.db
        .insertInto('application_priority_areas')
        .values(areas.map((a) => ({ application_id: sixth.id, area: a.area })))
        .execute();
    f.services.cache.bump();

    const r = await com.scoring.cycleResults({ year: 2023 });
    const a5 = r.applications.find((a) => a.id === fifthId)!;
    const a6 = r.applications.find((a) => a.id === sixth.id)!;
    expect(a6.total).toBe(a5.total);
    expect(r.selection.tieAtCap).toMatchObject({ seatsLeft: 1 });
    expect([...r.selection.tieAtCap!.ids].sort((a, b) => a - b)).toEqual([fifthId, sixth.id].sort((a, b) => a - b));
    expect(r.selection.selected).toHaveLength(AWARD_CAP - 1);
    for (const a of [a5, a6]) expect(a.selection).toMatchObject({ selected: false, code: 'tieAtCap' });
    expect(a6.selection.reason.zh).toMatch(/评审委员会决定/);
    const overview = await com.analytics.cycleOverview({ year: 2023 });
    expect(overview.tieAtCap!.ids.sort((a, b) => a - b)).toEqual([fifthId, sixth.id].sort((a, b) => a - b));

    // The committee may propose five at most (organisations and individuals together).
    const sec = f.as('secretariat');
    const ids = [...r.selection.selected, fifthId, sixth.id];
    const err = await errorOf(sec.decisions.record({ year: 2023, applicationIds: ids, decision: 'proposed', reason: '并列候选均拟推荐' }));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.zh).toMatch(/第3条/);
    expect(err.details).toMatchObject({ article: 3, count: 6, cap: 5 });
  });
});

describe('public comments (Art. 18) and objections (Art. 21)', () => {
  it('records and lists comments, flagging those outside the comment period', async () => {
    const sec = f.as('secretariat');
    const app = (await sec.applications.list({ year: 2023 }))[0]!;
    const c2023 = (await getCycleByYear(f.db, 2023))!;
    await published(f, 2023, 'results', [app.id], c2023.comment_starts!, c2023.comment_ends!);
    const inside = await sec.comments.add({ year: 2023, applicationId: app.id, body: '支持该单位获奖。', receivedOn: '2023-07-20' });
    expect(inside.withinCommentPeriod).toBe('2023-07-20' >= c2023.comment_starts! && '2023-07-20' <= c2023.comment_ends!);
    // Outside the published period: refused (Art. 18).
    expect((await errorOf(sec.comments.add({ year: 2023, body: '对评审标准的建议。', receivedOn: '2023-12-30' }))).code).toBe('BAD_REQUEST');
    const list = await f.as('committee').comments.list({ year: 2023 });
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining([inside.id]));
    expect(list.find((c) => c.id === inside.id)!.code).toBe(app.code);
    const other = (await sec.applications.list({ year: 2021 }))[0]!;
    expect((await errorOf(sec.comments.add({ year: 2023, applicationId: other.id, body: '错配', receivedOn: '2023-07-20' }))).code).toBe('BAD_REQUEST');
  });

  it('a confirmed objection removes the candidate with the reason kept; it is then excluded and cannot be decided or awarded', async () => {
    const sec = f.as('secretariat');
    const r = await sec.scoring.cycleResults({ year: OPEN_YEAR });
    const target = r.applications.find((a) => a.selection.selected)!;
    await published(f, OPEN_YEAR, 'notice', [target.id], '2025-11-17', '2025-11-25');
    const o = await sec.objections.add({ applicationId: target.id, body: '反映申报材料中的安全记录不实。', receivedOn: '2025-11-20' });
    expect(o).toMatchObject({ status: 'open', article: 21 });
    expect((await f.as('committee').objections.list({ year: OPEN_YEAR })).find((x) => x.id === o.id)).toMatchObject({ blocking: true });
    // An open objection blocks approval (Art. 21).
    const blocked = await errorOf(sec.decisions.record({ year: OPEN_YEAR, applicationIds: [target.id], decision: 'approved' }));
    expect(blocked.code).toBe('PRECONDITION_FAILED');
    expect(blocked.zh).toMatch(/第21条/);

    const d = await sec.objections.decide({ id: o.id, outcome: 'confirmed', reason: '经核查，安全生产记录与主管部门记录不符。' });
    expect(d).toMatchObject({ status: 'confirmed', applicationStatus: 'removed', article: 21 });
    expect(d.removedReason!.zh).toMatch(/第21条.*安全生产记录与主管部门记录不符/);
    const app = await sec.applications.get({ id: target.id });
    expect(app.status).toBe('removed');
    expect(app.removedReasonText!.zh).toMatch(/安全生产记录/);
    expect(app.removedReasonText!.en).toMatch(/Art\. 21/);
    const after = await sec.scoring.cycleResults({ year: OPEN_YEAR });
    const row = after.applications.find((a) => a.id === target.id)!;
    expect(row.selection).toMatchObject({ selected: false, code: 'excluded', rank: null });
    expect(row.exclusion).toMatchObject({ code: 'removed', articles: [21] });
    expect(row.exclusion!.message.zh).toMatch(/第21条/);
    expect(after.selection.selected).not.toContain(target.id);
    const refused = await errorOf(sec.decisions.record({ year: OPEN_YEAR, applicationIds: [target.id], decision: 'proposed' }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.details).toMatchObject({ articles: [21] });
    expect((await errorOf(sec.objections.decide({ id: o.id, outcome: 'dismissed', reason: '再议' }))).code).toBe('CONFLICT');
    const audit = await listAudit(f.db, { entity: 'application', entityId: target.id });
    expect(audit[0]).toMatchObject({ action: 'application.remove' });
  });
});

describe('decisions and granting the awards (Art. 19–22)', () => {
  it('grants the approved list after the public notice: valid 3 years, RMB 500,000 per organisation, once', async () => {
    const sec = f.as('secretariat');
    // Not in the right phase yet (material review).
    const early = await errorOf(
      sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-01-15', awards: [{ applicationId: 1, certificateNo: 'X', plaqueNo: 'Y' }] }),
    );
    expect(early.code).toBe('PRECONDITION_FAILED');
    expect(early.zh).toMatch(/第21条/);
    for (let i = CYCLE_PHASES.indexOf('material_review'); i < CYCLE_PHASES.indexOf('public_notice'); i++)
      await sec.cycles.advancePhase({ year: OPEN_YEAR, confirm: true });
    const r = await sec.scoring.cycleResults({ year: OPEN_YEAR });
    const chosen = r.selection.selected.slice(0, 3);
    expect(chosen.length).toBe(3);
    await sec.decisions.record({ year: OPEN_YEAR, applicationIds: chosen, decision: 'shortlisted' });
    const proposed = await sec.decisions.record({ year: OPEN_YEAR, applicationIds: chosen, decision: 'proposed', reason: '评审委员会审定' });
    expect(proposed.places).toMatchObject({ used: 3, cap: 5 });
    await published(f, OPEN_YEAR, 'notice', chosen, '2025-12-15', '2025-12-23');
    const o = await sec.objections.add({ applicationId: chosen[0]!, body: '质疑排名依据。', receivedOn: '2025-12-20' });
    await sec.decisions.record({ year: OPEN_YEAR, applicationIds: chosen.slice(1), decision: 'approved' });
    await sec.objections.decide({ id: o.id, outcome: 'dismissed', reason: '评审过程完整，异议不成立。' });
    await sec.decisions.record({ year: OPEN_YEAR, applicationIds: [chosen[0]!], decision: 'approved' });
    const decisions = await f.as('committee').decisions.list({ year: OPEN_YEAR });
    expect(decisions.places).toBe(3);
    expect(decisions.applications.find((a) => a.applicationId === chosen[0])!.history.map((h) => h.decision)).toEqual(['shortlisted', 'proposed', 'approved']);

    await sec.cycles.updateDates({ year: OPEN_YEAR, dates: { noticeStarts: '2026-01-05', noticeEnds: '2026-01-13' } });
    const plan = await sec.awards.grantPlan({ year: OPEN_YEAR });
    expect(plan).toMatchObject({ grantable: true, noticeEnds: '2026-01-13', earliestApproval: '2026-01-14', individualPrizeRmb: 0 });
    const numbers = plan.candidates.map((c) => ({ applicationId: c.applicationId, certificateNo: c.suggestedCertificateNo, plaqueNo: c.suggestedPlaqueNo }));
    const tooEarly = await errorOf(sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-01-13', awards: numbers }));
    expect(tooEarly.code).toBe('PRECONDITION_FAILED');
    expect(tooEarly.details).toMatchObject({ article: 21 });

    const granted = await sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-01-15', awards: numbers });
    expect(granted.awardedOn).toBe('2026-01-15');
    expect(granted.validUntil).toBe('2029-01-15');
    expect(granted.awards.map((a) => a.applicationId).sort((a, b) => a - b)).toEqual([...chosen].sort((a, b) => a - b));
    for (const a of granted.awards) {
      expect(a.prizeRmb).toBe(a.applicantType === 'organisation' ? PRIZE_PER_ORGANISATION_RMB : 0);
      expect(a.certificateNo).toMatch(/^MQA-2025-0[1-3]$/);
    }
    expect(granted.vacancies).toBe(2);
    expect((await getCycleByYear(f.db, OPEN_YEAR))!.phase).toBe('awarded');
    const list = await f.as('leadership').awards.list();
    for (const a of list.filter((x) => x.year === OPEN_YEAR)) expect(a).toMatchObject({ status: 'valid', statusArticle: 5, revocation: null });
    expect((await errorOf(sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-01-15', awards: numbers }))).code).toBe('CONFLICT');
    expect((await listAudit(f.db, { entity: 'award', limit: 3 })).every((e) => e.action === 'award.grant')).toBe(true);
  });
});
