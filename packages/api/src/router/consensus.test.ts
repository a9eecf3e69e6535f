/**
 * The consensus review and the independence of the examiners (GB/T 19580 practice), the on-site
 * selection (Art. 17), the examiner's per-item comments and the desk header.
 */
import { getCycleByYear, insertUser, listAudit, type DB } from '@mqa/db';
import { addWorkingDays, calendarCoverage } from '@mqa/rules';
import { aggregate, ITEM_IDS } from '@mqa/scoring';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContextInner, type SessionUser } from '../context.ts';
import { createCaller } from '../root.ts';
import { codeOf, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

interface Group {
  id: number;
  leader: number;
  members: number[];
}

async function groupsOf(db: DB, year: number): Promise<Group[]> {
  const cycle = (await getCycleByYear(db, year))!;
  const groups = await db.selectFrom('review_groups').selectAll().where('cycle_id', '=', cycle.id).orderBy('id').execute();
  const out: Group[] = [];
  for (const g of groups) {
    const members = await db.selectFrom('review_group_members').select('examiner_id').where('review_group_id', '=', g.id).orderBy('examiner_id').execute();
    out.push({ id: g.id, leader: g.leader_examiner_id, members: members.map((m) => m.examiner_id) });
  }
  return out;
}

/** A signed-in examiner account for an examiner record. */
async function examinerCaller(f: Fixture, examinerId: number, username: string) {
  const id = await insertUser(f.db, {
    username,
    display_name: `Examiner ${examinerId}`,
    password_hash: 'x',
    role: 'examiner',
    examiner_id: examinerId,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  const user: SessionUser = { id, username, displayName: `Examiner ${examinerId}`, role: 'examiner', examinerId };
  return { user, caller: createCaller(createContextInner({ db: f.db, services: f.services, user })) };
}

/** Writes a full submitted sheet for each examiner: `percentOf(examinerIndex, itemId)`. */
async function submitAll(
  db: DB,
  applicationId: number,
  examiners: number[],
  percentOf: (i: number, itemId: string) => number,
  stage: 'material' | 'onsite' = 'material',
) {
  for (const [i, e] of examiners.entries()) {
    for (const itemId of ITEM_IDS) {
      const percent = percentOf(i, itemId);
      await db
        .insertInto('scores')
        .values({
          application_id: applicationId,
          examiner_id: e,
          item_id: itemId,
          stage,
          percent,
          comment: `comment ${i} on ${itemId}`,
          updated_at: '2025-06-01T00:00:00Z',
        })
        .onConflict((oc) => oc.columns(['application_id', 'examiner_id', 'item_id', 'stage']).doUpdateSet({ percent, comment: `comment ${i} on ${itemId}` }))
        .execute();
    }
    await db
      .insertInto('score_sheets')
      .values({
        application_id: applicationId,
        examiner_id: e,
        stage,
        status: 'submitted',
        submitted_at: '2025-06-01T00:00:00Z',
        reopened_reason: null,
        reopened_by: null,
      })
      .onConflict((oc) => oc.columns(['application_id', 'examiner_id', 'stage']).doUpdateSet({ status: 'submitted', submitted_at: '2025-06-01T00:00:00Z' }))
      .execute();
  }
}

async function recusedOf(db: DB, applicationId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('conflicts').select('examiner_id').where('application_id', '=', applicationId).execute();
  return new Set(rows.map((r) => r.examiner_id));
}

async function consensusCount(db: DB): Promise<number> {
  const r = await db
    .selectFrom('consensus_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Disagreement that differs by item: examiner i gives base ± spread(item) around 50. */
function spreadPercent(i: number, itemId: string): number {
  const t = ITEM_IDS.indexOf(itemId);
  const spread = [0, 10, 20, 30][t % 4]!;
  return Math.max(0, Math.min(100, 50 + (i % 2 === 0 ? spread : -spread) + (i === 0 ? 5 * (t % 3) : 0)));
}

describe('consensus review (2025 material review)', () => {
  let f: Fixture;
  let demoGroup: Group;
  let otherGroup: Group;
  let appA: { id: number; code: string };
  let appB: { id: number; code: string };
  let leader: Awaited<ReturnType<typeof examinerCaller>>;
  let otherLeader: Awaited<ReturnType<typeof examinerCaller>>;
  let membersA: number[];

  beforeAll(async () => {
    f = await createFixture();
    const groups = await groupsOf(f.db, OPEN_YEAR);
    demoGroup = groups.find((g) => g.members.includes(f.seed.demoExaminerId))!;
    otherGroup = groups.find((g) => g.id !== demoGroup.id)!;
    const apps = (await f.as('examiner').scoring.myAssignments()).filter((a) => a.year === OPEN_YEAR);
    const candidates = [];
    for (const a of apps) {
      const recused = await recusedOf(f.db, a.applicationId);
      if (!recused.has(demoGroup.leader) && a.material.status !== 'submitted') candidates.push({ id: a.applicationId, code: a.code });
    }
    appA = candidates[0]!;
    appB = candidates[1]!;
    const recusedA = await recusedOf(f.db, appA.id);
    membersA = demoGroup.members.filter((m) => !recusedA.has(m));
    leader = await examinerCaller(f, demoGroup.leader, 'leader-a');
    otherLeader = await examinerCaller(f, otherGroup.leader, 'leader-b');
  });

  it('keeps examiners independent: no panel figure before the review ends, even once a consensus is recorded (fails before the fix)', async () => {
    const ex = f.as('examiner');
    const all: Record<string, number> = {};
    for (const id of ITEM_IDS) all[id] = 60;
    await ex.scoring.saveSheet({ applicationId: appB.id, stage: 'material', percents: all });
    await ex.scoring.submitSheet({ applicationId: appB.id, stage: 'material' });
    await f.as('secretariat').scoring.recordConsensus({ applicationId: appB.id, itemId: '4.1.2', stage: 'material', percent: 55, reason: '秘书处更正' });
    // Before the fix one recorded consensus item opened the panel's figures of all 23 items.
    const err = await errorOf(ex.scoring.myComparison({ applicationId: appB.id }));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.zh).toMatch(/独立评分/);
    expect(err.en).toMatch(/independently/);
    // The sheet carries the examiner's own figures only.
    const sheet = await ex.scoring.mySheet({ applicationId: appB.id, stage: 'material' });
    expect(Object.keys(sheet).sort()).toEqual(
      [
        'applicationId',
        'code',
        'comments',
        'editable',
        'itemIds',
        'name',
        'percents',
        'phase',
        'reopenedReason',
        'review',
        'stage',
        'stageAvailable',
        'status',
        'submittedAt',
        'year',
      ].sort(),
    );
    // The consensus agenda is for leaders and the secretariat: a plain member is refused.
    const agendaErr = await errorOf(ex.scoring.consensusAgenda({ year: OPEN_YEAR }));
    expect(agendaErr.code).toBe('FORBIDDEN');
    expect(agendaErr.zh).toMatch(/组长/);
  });

  it('shows the leader no member scores before every member has submitted', async () => {
    const agenda = await leader.caller.scoring.consensusAgenda({ year: OPEN_YEAR });
    const a = agenda.applications.find((x) => x.applicationId === appA.id)!;
    expect(a.allSubmitted).toBe(false);
    expect(a.open).toBe(false);
    expect(agenda.items.filter((i) => i.applicationId === appA.id)).toEqual([]);
    // Every application of the agenda belongs to the leader's group.
    expect(agenda.groups.map((g) => g.id)).toEqual([demoGroup.id]);
    expect(agenda.applications.every((x) => x.groupId === demoGroup.id)).toBe(true);
    // Recording is refused until then, with a reason a person understands.
    const err = await errorOf(
      leader.caller.scoring.recordConsensus({ applicationId: appA.id, itemId: '4.1.2', stage: 'material', percent: 50, reason: '讨论' }),
    );
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.zh).toMatch(/尚未全部提交/);
    expect(err.en).toMatch(/Not every member/);
  });

  it('orders the agenda by range × item points and shows every member’s percentage and comment', async () => {
    await submitAll(f.db, appA.id, membersA, spreadPercent);
    const agenda = await leader.caller.scoring.consensusAgenda({ year: OPEN_YEAR });
    const a = agenda.applications.find((x) => x.applicationId === appA.id)!;
    expect(a).toMatchObject({ allSubmitted: true, open: true });
    const items = agenda.items.filter((i) => i.applicationId === appA.id);
    expect(items.length).toBeGreaterThan(0);
    const points = await f.db
      .selectFrom('weight_set_items')
      .select(['item_id', 'points'])
      .where('weight_set_id', '=', (await getCycleByYear(f.db, OPEN_YEAR))!.weight_set_id)
      .execute();
    const pointsOf = new Map(points.map((p) => [p.item_id, p.points]));
    for (const it of items) {
      const values = membersA.map((_, i) => spreadPercent(i, it.itemId));
      expect(it.range).toBe(Math.max(...values) - Math.min(...values));
      expect(it.range!).toBeGreaterThanOrEqual(agenda.flagThreshold);
      expect(it.stake).toBeCloseTo((it.range! * pointsOf.get(it.itemId)!) / 100, 9);
      expect(it.independent.percent).toBeCloseTo(aggregate(values, agenda.method), 9);
      expect(it.scores.map((s) => s.examinerId)).toEqual(membersA);
      expect(it.scores[0]!.comment).toBe(`comment 0 on ${it.itemId}`);
    }
    // Items below the threshold are left out (unless asked for).
    const flaggedIds = new Set(items.map((i) => i.itemId));
    expect(flaggedIds.has(ITEM_IDS[0]!)).toBe(false);
    const all = await leader.caller.scoring.consensusAgenda({ year: OPEN_YEAR, scope: 'all' });
    expect(all.items.filter((i) => i.applicationId === appA.id)).toHaveLength(23);
    for (let i = 1; i < agenda.items.length; i++) expect(agenda.items[i - 1]!.stake).toBeGreaterThanOrEqual(agenda.items[i]!.stake);
  });

  it('lets the leader record a consensus, keeps the before/after and the history, and audits old → new', async () => {
    const agenda = await leader.caller.scoring.consensusAgenda({ year: OPEN_YEAR });
    const top = agenda.items.find((i) => i.applicationId === appA.id)!;
    const independent = top.independent.percent!;
    const away = independent >= 50 ? 20 : 80;
    // Moving away from the independent figure needs a reason; nothing is written without one.
    const before = await consensusCount(f.db);
    const err = await errorOf(leader.caller.scoring.recordConsensus({ applicationId: appA.id, itemId: top.itemId, stage: 'material', percent: away }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.zh).toMatch(/请填写理由/);
    expect(err.en).toMatch(/give the reason/);
    expect(await consensusCount(f.db)).toBe(before);

    const first = await leader.caller.scoring.recordConsensus({
      applicationId: appA.id,
      itemId: top.itemId,
      stage: 'material',
      percent: away,
      reason: '组内讨论：证据不足',
    });
    expect(first).toMatchObject({ percent: away, previous: null, independent: { percent: independent, method: agenda.method } });
    const second = await leader.caller.scoring.recordConsensus({
      applicationId: appA.id,
      itemId: top.itemId,
      stage: 'material',
      percent: away + 5,
      reason: '补充证据后调整',
    });
    expect(second.previous).toEqual({ percent: away, reason: '组内讨论：证据不足' });

    const after = await leader.caller.scoring.consensusAgenda({ year: OPEN_YEAR });
    const item = after.items.find((i) => i.applicationId === appA.id && i.itemId === top.itemId)!;
    expect(item.consensus).toMatchObject({
      percent: away + 5,
      reason: '补充证据后调整',
      independentPercent: independent,
      recordedBy: { id: leader.user.id, name: leader.user.displayName },
    });
    expect(item.consensus!.history.map((h) => [h.oldPercent, h.percent])).toEqual([
      [null, away],
      [away, away + 5],
    ]);
    // The secretariat sees the same record.
    const sec = await f.as('secretariat').scoring.consensusAgenda({ year: OPEN_YEAR, groupId: demoGroup.id });
    expect(sec.items.find((i) => i.applicationId === appA.id && i.itemId === top.itemId)!.consensus!.percent).toBe(away + 5);
    const audit = await listAudit(f.db, { entity: 'consensus', entityId: `${appA.id}:${top.itemId}:material` });
    expect(audit[0]).toMatchObject({ action: 'consensus.record', user_id: leader.user.id });
    expect(JSON.parse(audit[0]!.before!)).toEqual({ percent: away, reason: '组内讨论：证据不足' });
    expect(JSON.parse(audit[0]!.after!)).toEqual({ percent: away + 5, reason: '补充证据后调整' });
  });

  it('accepts the independent figure without a reason when it is a valid percentage', async () => {
    // Every member gave 50 on the first item: the independent figure is 50.
    const ok = await leader.caller.scoring.recordConsensus({ applicationId: appA.id, itemId: ITEM_IDS[0]!, stage: 'material', percent: 50 });
    expect(ok).toMatchObject({ percent: 50, reason: '' });
    // The secretariat always states a reason.
    const err = await errorOf(f.as('secretariat').scoring.recordConsensus({ applicationId: appA.id, itemId: ITEM_IDS[0]!, stage: 'material', percent: 50 }));
    expect(err.code).toBe('BAD_REQUEST');
  });

  it('refuses the leader of another group, a plain member, and a recused leader — changing nothing', async () => {
    const before = await consensusCount(f.db);
    const auditBefore = (await listAudit(f.db, { entity: 'consensus' })).length;
    const input = { applicationId: appA.id, itemId: '4.7.2', stage: 'material' as const, percent: 50, reason: '讨论结果' };
    const foreign = await errorOf(otherLeader.caller.scoring.recordConsensus(input));
    expect(foreign.code).toBe('FORBIDDEN');
    expect(foreign.zh).toMatch(/组长或秘书处/);
    expect(foreign.en).toMatch(/Only the leader/);
    expect((await errorOf(f.as('examiner').scoring.recordConsensus(input))).code).toBe('FORBIDDEN');
    expect((await errorOf(otherLeader.caller.scoring.consensusAgenda({ year: OPEN_YEAR, groupId: demoGroup.id }))).code).toBe('FORBIDDEN');
    for (const role of ['committee', 'leadership'] as const) expect(await codeOf(f.as(role).scoring.recordConsensus(input))).toBe('FORBIDDEN');
    expect(await codeOf(f.as(null).scoring.recordConsensus(input))).toBe('UNAUTHORIZED');

    // The leader declares a conflict with application A: refused (Art. 24), and A leaves the agenda.
    await f.db
      .insertInto('conflicts')
      .values({ application_id: appA.id, examiner_id: demoGroup.leader, source: 'declared', reason: 'test', declared_at: '2025-06-02T00:00:00Z' })
      .execute();
    const recused = await errorOf(leader.caller.scoring.recordConsensus(input));
    expect(recused.code).toBe('FORBIDDEN');
    expect(recused.zh).toMatch(/第24条/);
    expect(recused.en).toMatch(/Art\. 24/);
    const agenda = await leader.caller.scoring.consensusAgenda({ year: OPEN_YEAR });
    expect(agenda.applications.map((a) => a.applicationId)).not.toContain(appA.id);
    expect(agenda.items.map((i) => i.applicationId)).not.toContain(appA.id);
    expect(agenda.recusedApplications).toContain(appA.code);
    await f.db.deleteFrom('conflicts').where('application_id', '=', appA.id).where('examiner_id', '=', demoGroup.leader).execute();

    expect(await consensusCount(f.db)).toBe(before);
    expect((await listAudit(f.db, { entity: 'consensus' })).length).toBe(auditBefore);
  });

  it('lets the secretariat open the step early with a reason, after which the leader may record', async () => {
    // One member of B has not submitted yet.
    const late = demoGroup.members.find((m) => m !== f.seed.demoExaminerId && m !== demoGroup.leader)!;
    await f.db
      .updateTable('score_sheets')
      .set({ status: 'draft', submitted_at: null })
      .where('application_id', '=', appB.id)
      .where('examiner_id', '=', late)
      .where('stage', '=', 'material')
      .execute();
    expect(
      await codeOf(leader.caller.scoring.recordConsensus({ applicationId: appB.id, itemId: '4.1.3', stage: 'material', percent: 65, reason: '组内讨论' })),
    ).toBe('PRECONDITION_FAILED');
    const open = await errorOf(f.as('secretariat').scoring.openConsensus({ applicationId: appB.id, stage: 'material', reason: '' }));
    expect(open.code).toBe('BAD_REQUEST');
    expect(await codeOf(leader.caller.scoring.openConsensus({ applicationId: appB.id, stage: 'material', reason: '成员请假' }))).toBe('FORBIDDEN');
    await f.as('secretariat').scoring.openConsensus({ applicationId: appB.id, stage: 'material', reason: '一名成员因病无法按期提交' });
    const agenda = await leader.caller.scoring.consensusAgenda({ year: OPEN_YEAR });
    const b = agenda.applications.find((a) => a.applicationId === appB.id)!;
    expect(b).toMatchObject({ allSubmitted: false, open: true, opening: { reason: '一名成员因病无法按期提交' } });
    const rec = await leader.caller.scoring.recordConsensus({ applicationId: appB.id, itemId: '4.1.3', stage: 'material', percent: 65, reason: '组内讨论' });
    expect(rec.percent).toBe(65);
    const audit = await listAudit(f.db, { entity: 'consensus_opening', entityId: `${appB.id}:material` });
    expect(audit[0]).toMatchObject({ action: 'consensus.open' });
  });
});

describe('on-site review (Art. 17)', () => {
  let f: Fixture;
  let selected: number;
  let notSelected: number;

  beforeAll(async () => {
    f = await createFixture();
    const apps = (await f.as('examiner').scoring.myAssignments()).filter((a) => a.year === OPEN_YEAR);
    selected = apps[0]!.applicationId;
    notSelected = apps[1]!.applicationId;
  });

  it('refuses on-site sheets until the candidate is chosen and the on-site review runs', async () => {
    const ex = f.as('examiner');
    const sec = f.as('secretariat');
    expect(await codeOf(f.as('committee').scoring.selectForOnsite({ year: OPEN_YEAR, applicationIds: [selected] }))).toBe('FORBIDDEN');
    expect(await codeOf(ex.scoring.selectForOnsite({ year: OPEN_YEAR, applicationIds: [selected] }))).toBe('FORBIDDEN');
    expect(await codeOf(f.as(null).scoring.selectForOnsite({ year: OPEN_YEAR, applicationIds: [selected] }))).toBe('UNAUTHORIZED');
    const res = await sec.scoring.selectForOnsite({ year: OPEN_YEAR, applicationIds: [selected] });
    expect(res.selected).toEqual([selected]);
    const list = await sec.scoring.onsiteSelection({ year: OPEN_YEAR });
    expect(list.selected.map((s) => s.applicationId)).toEqual([selected]);
    expect((await listAudit(f.db, { entity: 'onsite_selection', entityId: String(OPEN_YEAR) }))[0]).toMatchObject({ action: 'onsite.select' });

    // Still in material review: no on-site sheet for anyone.
    const early = await errorOf(ex.scoring.saveSheet({ applicationId: selected, stage: 'onsite', percents: { '4.1.2': 50 } }));
    expect(early.code).toBe('PRECONDITION_FAILED');

    await f.db.updateTable('cycles').set({ phase: 'onsite_review' }).where('year', '=', OPEN_YEAR).execute();
    const desk = await ex.scoring.myAssignments();
    expect(desk.find((a) => a.applicationId === selected)).toMatchObject({ openStage: 'onsite', onsiteSelected: true });
    expect(desk.find((a) => a.applicationId === notSelected)).toMatchObject({ openStage: null, onsiteSelected: false });
    const refused = await errorOf(ex.scoring.saveSheet({ applicationId: notSelected, stage: 'onsite', percents: { '4.1.2': 50 } }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.zh).toMatch(/未列入现场评审名单/);
    expect(refused.en).toMatch(/not chosen for on-site review/);
    const none = await f.db.selectFrom('scores').select('id').where('application_id', '=', notSelected).where('stage', '=', 'onsite').execute();
    expect(none).toEqual([]);
    expect((await ex.scoring.mySheet({ applicationId: notSelected, stage: 'onsite' })).editable).toBe(false);
    const saved = await ex.scoring.saveSheet({ applicationId: selected, stage: 'onsite', percents: { '4.1.2': 50 } });
    expect(saved.scoredItems).toBe(1);

    // A candidate with on-site scores cannot be dropped; a candidate not qualified cannot be added.
    const drop = await errorOf(sec.scoring.selectForOnsite({ year: OPEN_YEAR, applicationIds: [notSelected] }));
    expect(drop.code).toBe('CONFLICT');
    expect(drop.zh).toMatch(/已有现场评审评分/);
    const cycle = (await getCycleByYear(f.db, OPEN_YEAR))!;
    const unqualified = await f.db
      .selectFrom('applications')
      .select('id')
      .where('cycle_id', '=', cycle.id)
      .where('qualification_status', '!=', 'qualified')
      .executeTakeFirst();
    if (unqualified)
      expect((await errorOf(sec.scoring.selectForOnsite({ year: OPEN_YEAR, applicationIds: [selected, unqualified.id] }))).code).toBe('BAD_REQUEST');
    expect((await sec.scoring.onsiteSelection({ year: OPEN_YEAR })).selected.map((s) => s.applicationId)).toEqual([selected]);
    // A finished cycle's list is closed; its earlier on-site candidates count as chosen.
    const closed = await errorOf(sec.scoring.selectForOnsite({ year: 2023, applicationIds: [] }));
    expect(closed.code).toBe('PRECONDITION_FAILED');
    expect(closed.zh).toMatch(/第17条/);
    const past = await sec.scoring.onsiteSelection({ year: 2023 });
    expect(past.selected.length).toBeGreaterThan(0);
    expect(past.editable).toBe(false);
  });
});

describe('the examiner’s desk: comments and header', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });

  it('saves a comment per item with the draft, refuses one on an unscored item, and keeps the text as typed', async () => {
    const ex = f.as('examiner');
    const id = (await ex.scoring.myAssignments()).find((a) => a.year === OPEN_YEAR && a.material.status !== 'submitted')!.applicationId;
    const clear: Record<string, null> = {};
    for (const item of ITEM_IDS) clear[item] = null;
    await ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: clear });
    const text = '<b>过程</b> 缺少证据 & 数据';
    const saved = await ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: { '4.1.2': 55 }, comments: { '4.1.2': `  ${text}  ` } });
    expect(saved.comments['4.1.2']).toBe(text);
    const sheet = await ex.scoring.mySheet({ applicationId: id, stage: 'material' });
    expect(sheet.comments['4.1.2']).toBe(text);
    expect(sheet.comments['4.1.3']).toBeNull();

    const err = await errorOf(ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: { '4.1.4': 40 }, comments: { '4.1.3': '无评分' } }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.zh).toMatch(/请先给出评分/);
    expect(err.details).toEqual({ unscored: ['4.1.3'] });
    // The refused save wrote nothing (the percentage of 4.1.4 was rolled back too).
    const after = await ex.scoring.mySheet({ applicationId: id, stage: 'material' });
    expect(after.percents['4.1.4']).toBeNull();
    // A blank comment clears it; the audit keeps old → new.
    await ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: {}, comments: { '4.1.2': '  ' } });
    expect((await ex.scoring.mySheet({ applicationId: id, stage: 'material' })).comments['4.1.2']).toBeNull();
    const audit = await listAudit(f.db, { entity: 'score_sheet', entityId: `${id}:${f.seed.demoExaminerId}:material` });
    expect(JSON.parse(audit[0]!.before!).comments).toEqual({ '4.1.2': text });
    expect(JSON.parse(audit[0]!.after!).comments).toEqual({});
    expect(await codeOf(ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: {}, comments: { '4.1.2': 'x'.repeat(2001) } }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('names the examiner and puts the cycle in progress first, with the Art. 17 review deadline', async () => {
    const desk = await f.as('examiner').scoring.myDesk();
    const examiner = await f.db.selectFrom('examiners').selectAll().where('id', '=', f.seed.demoExaminerId).executeTakeFirstOrThrow();
    expect(desk.examiner.name).toEqual({ zh: examiner.name_zh, en: examiner.name_en });
    expect(desk.cycles[0]).toMatchObject({ year: OPEN_YEAR, current: true, openStage: 'material' });
    expect(desk.cycles.slice(1).every((c) => !c.current)).toBe(true);
    const cycle = (await getCycleByYear(f.db, OPEN_YEAR))!;
    expect(desk.cycles[0]!.review).toMatchObject({
      article: 17,
      workingDays: 20,
      reviewStarts: cycle.review_starts,
      deadline: addWorkingDays(cycle.review_starts!, 20),
    });
    const list = await f.as('examiner').scoring.myAssignments();
    const firstOld = list.findIndex((a) => !a.current);
    if (firstOld >= 0) expect(list.slice(firstOld).every((a) => !a.current)).toBe(true);
    expect(list[0]!.year).toBe(OPEN_YEAR);
    for (const role of ['secretariat', 'committee', 'leadership'] as const) expect(await codeOf(f.as(role).scoring.myDesk())).toBe('FORBIDDEN');
    expect(await codeOf(f.as(null).scoring.myDesk())).toBe('UNAUTHORIZED');
  });

  it('still opens the desk and the sheet when the deadline falls in a year the holiday calendar does not cover yet', async () => {
    const { to } = calendarCoverage();
    const cycle = (await getCycleByYear(f.db, OPEN_YEAR))!;
    // A review starting in the last days of the last covered year ends in the next one.
    await f.db
      .updateTable('cycles')
      .set({ review_starts: `${to}-12-28` })
      .where('id', '=', cycle.id)
      .execute();
    try {
      const ex = f.as('examiner');
      const desk = await ex.scoring.myDesk();
      expect(desk.cycles[0]!.review).toMatchObject({ reviewStarts: `${to}-12-28`, deadline: null, workingDaysLeft: null, deadlineUnknown: { year: to + 1 } });
      const reason = desk.cycles[0]!.review.deadlineUnknown!.reason;
      expect(reason.zh).toContain(String(to + 1));
      expect(reason.en).toContain(String(to + 1));
      const first = (await ex.scoring.myAssignments()).find((a) => a.year === OPEN_YEAR)!;
      const sheet = await ex.scoring.mySheet({ applicationId: first.applicationId, stage: 'material' });
      expect(sheet.review).toMatchObject({ deadline: null, deadlineUnknown: { year: to + 1 } });
    } finally {
      await f.db.updateTable('cycles').set({ review_starts: cycle.review_starts }).where('id', '=', cycle.id).execute();
    }
    // A covered deadline has no such note.
    expect((await f.as('examiner').scoring.myDesk()).cycles[0]!.review.deadlineUnknown).toBeNull();
  });
});
