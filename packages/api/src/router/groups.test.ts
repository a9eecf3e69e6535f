/** Review groups (Art. 17, 组长负责制) and automatic assignment that never crosses a conflict (Art. 24). */
import { getCycleByYear, listApplicantOrganisations, type Role } from '@mqa/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
const byNumber = (a: number | null, b: number | null) => (a ?? 0) - (b ?? 0);
let cycleId: number;
/** Examiner accounts created for the tests (not in any 2025 group). */
const ex: { id: number; examinerId: number }[] = [];

async function examinerAccount(n: number, employer?: { employerName: string; employerUscc: string }) {
  const r = await f.as('secretariat').users.create({
    username: `group-examiner-${n}`,
    displayName: `组员${n}`,
    role: 'examiner',
    password: 'Group-examiner-pass-1',
    examiner: { nameZh: `组员${n}`, nameEn: `Member ${n}`, ...employer },
  });
  return { id: r.id, examinerId: r.examinerId! };
}

async function snapshot() {
  const [groups, members, apps, audit, agencies] = await Promise.all([
    f.db.selectFrom('review_groups').selectAll().orderBy('id').execute(),
    f.db.selectFrom('review_group_members').selectAll().orderBy('review_group_id').orderBy('examiner_id').execute(),
    f.db.selectFrom('applications').select(['id', 'review_group_id']).orderBy('id').execute(),
    f.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    f.db.selectFrom('review_agencies').selectAll().execute(),
  ]);
  return { groups, members, apps, audit: Number(audit.n), agencies };
}

beforeAll(async () => {
  f = await createFixture();
  cycleId = (await getCycleByYear(f.db, OPEN_YEAR))!.id;
  for (let i = 1; i <= 6; i++) ex.push(await examinerAccount(i));
});

describe('groups.list', () => {
  it('lists the demo groups with members, leader, applications and load; the committee may read it', async () => {
    for (const role of ['secretariat', 'committee'] as const) {
      const l = await f.as(role).groups.list({ year: OPEN_YEAR });
      expect(l.editable).toBe(true);
      expect(l.groups.length).toBeGreaterThan(1);
      for (const g of l.groups) {
        expect(g.members.filter((m) => m.leader)).toHaveLength(1);
        expect(g.leader.examinerId).toBe(g.members.find((m) => m.leader)!.examinerId);
        expect(g.load).toBe(g.applications.filter((a) => a.status === 'active').length);
      }
      // The demo examiner's account shows up as a member.
      expect(l.groups.some((g) => g.members.some((m) => m.examinerId === f.seed.demoExaminerId && m.userId === f.users.examiner.id))).toBe(true);
    }
  });

  it('is refused to leadership, examiners and anonymous callers', async () => {
    const roles: [Role | null, string][] = [
      ['leadership', 'FORBIDDEN'],
      ['examiner', 'FORBIDDEN'],
      [null, 'UNAUTHORIZED'],
    ];
    for (const [role, code] of roles) {
      expect(await codeOf(f.as(role).groups.list({ year: OPEN_YEAR }))).toBe(code);
      expect(await codeOf(f.as(role).groups.create({ year: OPEN_YEAR, name: 'x', leaderUserId: ex[0]!.id, memberUserIds: [ex[0]!.id] }))).toBe(code);
      expect(await codeOf(f.as(role).groups.autoAssign({ year: OPEN_YEAR, dryRun: true }))).toBe(code);
    }
    expect(await codeOf(f.as('committee').groups.create({ year: OPEN_YEAR, name: 'x', leaderUserId: ex[0]!.id, memberUserIds: [ex[0]!.id] }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(f.as('committee').groups.candidates({ year: OPEN_YEAR }))).toBe('FORBIDDEN');
  });
});

describe('groups.page', () => {
  type Page = Awaited<ReturnType<ReturnType<Fixture['as']>['groups']['page']>>;

  it('pages the groups and the applications without a group: together what groups.list gives, each once, in order', async () => {
    const sec = f.as('secretariat');
    const l = await sec.groups.list({ year: OPEN_YEAR });
    expect(l.groups.length).toBeGreaterThan(1);
    expect(l.unassigned.length).toBeGreaterThan(1);
    const check = (p: Page) => {
      expect(p.groupsTotal).toBe(l.groups.length);
      expect(p.total).toBe(l.groups.length);
      expect(p.unassignedTotal).toBe(l.unassigned.length);
      expect(p.readyCount).toBe(l.unassigned.filter((a) => a.ready).length);
      expect(p.choices.map((c) => c.id)).toEqual(l.groups.map((g) => g.id));
      expect({ year: p.year, phase: p.phase, editable: p.editable, agency: p.agency }).toEqual({
        year: l.year,
        phase: l.phase,
        editable: l.editable,
        agency: l.agency,
      });
      expect(p.groups.length).toBeLessThanOrEqual(1);
      expect(p.unassigned.length).toBeLessThanOrEqual(1);
    };
    // The groups a page of one at a time (the applications' first page each time), then the applications.
    const groups: Page['groups'] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await sec.groups.page({ year: OPEN_YEAR, limit: 1, cursor, unassignedLimit: 1 });
      check(p);
      groups.push(...p.groups);
      cursor = p.nextCursor;
    } while (cursor && groups.length <= l.groups.length);
    const unassigned: Page['unassigned'] = [];
    let unassignedCursor: string | null = null;
    do {
      const p: Page = await sec.groups.page({ year: OPEN_YEAR, limit: 1, unassignedLimit: 1, unassignedCursor });
      check(p);
      expect(p.groups).toEqual(l.groups.slice(0, 1));
      unassigned.push(...p.unassigned);
      unassignedCursor = p.unassignedNextCursor;
    } while (unassignedCursor && unassigned.length <= l.unassigned.length);
    expect(groups).toEqual(l.groups);
    const byCode = (a: { code: string; id: number }, b: { code: string; id: number }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id);
    expect(unassigned).toEqual([...l.unassigned].sort(byCode));
    // The default page holds them all in a cycle this small, with no next cursor.
    const first = await sec.groups.page({ year: OPEN_YEAR });
    expect(first.groups).toEqual(l.groups);
    expect(first.nextCursor).toBeNull();
    expect(first.unassignedNextCursor).toBeNull();
  });

  it('searches groups by name or member and the applications by code or name; the committee may read it', async () => {
    const l = await f.as('secretariat').groups.list({ year: OPEN_YEAR });
    const g = l.groups[1]!;
    const member = g.members.find((m) => !m.leader) ?? g.members[0]!;
    const byMember = await f.as('committee').groups.page({ year: OPEN_YEAR, q: member.name.zh });
    expect(byMember.groups.map((x) => x.id)).toContain(g.id);
    for (const x of byMember.groups) expect(x.members.some((m) => m.name.zh.includes(member.name.zh))).toBe(true);
    expect(byMember.total).toBe(byMember.groups.length);
    expect(byMember.groupsTotal).toBe(l.groups.length);
    const byName = await f.as('committee').groups.page({ year: OPEN_YEAR, q: g.name.en.toUpperCase() });
    expect(byName.groups.map((x) => x.id)).toContain(g.id);
    const app = l.unassigned[l.unassigned.length - 1]!;
    const found = await f.as('committee').groups.page({ year: OPEN_YEAR, unassignedQ: app.code });
    expect(found.unassigned.map((a) => a.id)).toEqual(l.unassigned.filter((a) => a.code.includes(app.code)).map((a) => a.id));
    expect(found.unassignedMatched).toBe(found.unassigned.length);
    expect(found.unassignedTotal).toBe(l.unassigned.length);
    const none = await f.as('committee').groups.page({ year: OPEN_YEAR, q: 'no group is called this', unassignedQ: 'no such code' });
    expect([none.groups, none.total, none.nextCursor, none.unassigned, none.unassignedMatched]).toEqual([[], 0, null, [], 0]);
  });

  it('refuses a cursor of another order, and is refused to leadership, examiners and anonymous callers', async () => {
    const sec = f.as('secretariat');
    const p = await sec.groups.page({ year: OPEN_YEAR, limit: 1, unassignedLimit: 1 });
    expect(p.nextCursor).not.toBeNull();
    const wrong = await errorOf(sec.groups.page({ year: OPEN_YEAR, unassignedCursor: p.nextCursor }));
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.zh).toContain('分页游标');
    expect(wrong.en).toContain('cursor');
    expect(await codeOf(sec.groups.page({ year: OPEN_YEAR, limit: 51 }))).toBe('BAD_REQUEST');
    for (const [role, code] of [
      ['leadership', 'FORBIDDEN'],
      ['examiner', 'FORBIDDEN'],
      [null, 'UNAUTHORIZED'],
    ] as const) {
      expect(await codeOf(f.as(role).groups.page({ year: OPEN_YEAR }))).toBe(code);
    }
  });
});

describe('groups.create', () => {
  it('creates a group of examiner accounts with a leader among them, audited', async () => {
    const r = await f.as('secretariat').groups.create({
      year: OPEN_YEAR,
      name: '第九评审组',
      nameEn: 'Review Group 9',
      leaderUserId: ex[1]!.id,
      memberUserIds: [ex[0]!.id, ex[1]!.id],
      sectors: ['coal_mining'],
    });
    const l = await f.as('secretariat').groups.list({ year: OPEN_YEAR });
    const g = l.groups.find((x) => x.id === r.id)!;
    expect(g.name).toEqual({ zh: '第九评审组', en: 'Review Group 9' });
    expect(g.leader.userId).toBe(ex[1]!.id);
    expect(g.members.map((m) => m.userId).sort(byNumber)).toEqual([ex[0]!.id, ex[1]!.id].sort(byNumber));
    expect(g.sectors.map((s) => s.id)).toEqual(['coal_mining']);
    expect(g.load).toBe(0);
    const audit = await f.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'reviewGroup.create')
      .where('entity_id', '=', String(r.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after!)).toMatchObject({
      nameZh: '第九评审组',
      leaderExaminerId: ex[1]!.examinerId,
      memberIds: [ex[0]!.examinerId, ex[1]!.examinerId].sort((a, b) => a - b),
    });
    expect(audit.before).toBeNull();
    // The candidates show the accounts and the group they now belong to.
    const c = await f.as('secretariat').groups.candidates({ year: OPEN_YEAR });
    expect(c.find((x) => x.userId === ex[0]!.id)!.group?.id).toBe(r.id);
    expect(c.find((x) => x.userId === ex[2]!.id)!.group).toBeNull();
  });

  it('refuses bad input with a clear zh/en reason, and changes nothing', async () => {
    const sec = f.as('secretariat');
    const before = await snapshot();
    const leaderOut = await errorOf(sec.groups.create({ year: OPEN_YEAR, name: '第十评审组', leaderUserId: ex[2]!.id, memberUserIds: [ex[3]!.id] }));
    expect(leaderOut.code).toBe('BAD_REQUEST');
    expect(leaderOut.zh).toContain('组长负责制');
    expect(leaderOut.en).toContain('must be a member');

    const unknown = await errorOf(sec.groups.create({ year: OPEN_YEAR, name: '第十评审组', leaderUserId: ex[2]!.id, memberUserIds: [ex[2]!.id, 987654] }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.zh).toBe('找不到编号为 987654 的账号。');

    const notExaminer = await errorOf(
      sec.groups.create({ year: OPEN_YEAR, name: '第十评审组', leaderUserId: ex[2]!.id, memberUserIds: [ex[2]!.id, f.users.committee.id] }),
    );
    expect(notExaminer.code).toBe('BAD_REQUEST');
    expect(notExaminer.zh).toContain('不是评审员账号');
    expect(notExaminer.en).toContain('is not an examiner account');

    const duplicate = await errorOf(sec.groups.create({ year: OPEN_YEAR, name: ' 第一评审组 ', leaderUserId: ex[2]!.id, memberUserIds: [ex[2]!.id] }));
    expect(duplicate.code).toBe('CONFLICT');
    expect(duplicate.zh).toContain('本周期已有名为「第一评审组」的评审组');

    const twice = await errorOf(sec.groups.create({ year: OPEN_YEAR, name: '第十评审组', leaderUserId: ex[2]!.id, memberUserIds: [ex[2]!.id, ex[0]!.id] }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.zh).toContain('已是本周期「第九评审组」的成员');

    const badSector = await errorOf(
      sec.groups.create({ year: OPEN_YEAR, name: '第十评审组', leaderUserId: ex[2]!.id, memberUserIds: [ex[2]!.id], sectors: ['moon_mining'] }),
    );
    expect(badSector.code).toBe('BAD_REQUEST');

    const closed = await errorOf(sec.groups.create({ year: 2019, name: '新组', leaderUserId: ex[2]!.id, memberUserIds: [ex[2]!.id] }));
    expect(closed.code).toBe('PRECONDITION_FAILED');
    expect(closed.en).toContain('can no longer change');

    expect(await codeOf(sec.groups.create({ year: OPEN_YEAR, name: '', leaderUserId: ex[2]!.id, memberUserIds: [ex[2]!.id] }))).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a disabled examiner account', async () => {
    const sec = f.as('secretariat');
    const off = await examinerAccount(99);
    await sec.users.update({ id: off.id, disabled: true });
    const e = await errorOf(sec.groups.create({ year: OPEN_YEAR, name: '停用组', leaderUserId: off.id, memberUserIds: [off.id] }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.zh).toContain('已停用');
  });
});

describe('groups.update', () => {
  it('renames, changes leader and members, audited with old and new values', async () => {
    const sec = f.as('secretariat');
    const g = (await sec.groups.list({ year: OPEN_YEAR })).groups.find((x) => x.name.zh === '第九评审组')!;
    const r = await sec.groups.update({ id: g.id, name: '第九组', nameEn: 'Group Nine', leaderUserId: ex[2]!.id, memberUserIds: [ex[0]!.id, ex[2]!.id] });
    expect(r.addedExaminerIds).toEqual([ex[2]!.examinerId]);
    expect(r.removedExaminerIds).toEqual([ex[1]!.examinerId]);
    const after = (await sec.groups.list({ year: OPEN_YEAR })).groups.find((x) => x.id === g.id)!;
    expect(after.name).toEqual({ zh: '第九组', en: 'Group Nine' });
    expect(after.leader.userId).toBe(ex[2]!.id);
    const audit = await f.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'reviewGroup.update')
      .where('entity_id', '=', String(g.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toMatchObject({ nameZh: '第九评审组', leaderExaminerId: ex[1]!.examinerId });
    expect(JSON.parse(audit.after!)).toMatchObject({ nameZh: '第九组', leaderExaminerId: ex[2]!.examinerId });
  });

  it('refuses a leader outside the members, and removing a member who has scored (unless recused)', async () => {
    const sec = f.as('secretariat');
    const l = await sec.groups.list({ year: OPEN_YEAR });
    const mine = l.groups.find((x) => x.name.zh === '第九组')!;
    const before = await snapshot();
    const e = await errorOf(sec.groups.update({ id: mine.id, leaderUserId: ex[3]!.id }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.zh).toContain('组长负责制');

    // A demo group: a member (not the leader) who submitted scores on an assigned application.
    const g = l.groups.find((x) => x.name.zh === '第二评审组')!;
    const scored = await f.db
      .selectFrom('scores')
      .innerJoin('applications', 'applications.id', 'scores.application_id')
      .select(['scores.examiner_id as examinerId', 'applications.id as applicationId', 'applications.code as code'])
      .where('applications.review_group_id', '=', g.id)
      .where('scores.examiner_id', '!=', g.leader.examinerId)
      .executeTakeFirstOrThrow();
    const keep = g.members.map((m) => m.examinerId).filter((id) => id !== scored.examinerId);
    const refused = await errorOf(sec.groups.update({ id: g.id, memberExaminerIds: keep }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.zh).toContain('不能移出已评分的成员');
    expect(refused.zh).toContain(scored.code);
    expect(refused.en).toContain('record a recusal');
    expect(await snapshot()).toEqual(before);
  });

  it('records the conflicts of a new member with the group’s applications (recusal, Art. 24)', async () => {
    const sec = f.as('secretariat');
    const g = (await sec.groups.list({ year: OPEN_YEAR })).groups.find((x) => x.name.zh === '第三评审组')!;
    const app = g.applications.find((a) => a.applicantType === 'organisation')!;
    const [org] = await listApplicantOrganisations(f.db, [app.id]);
    const insider = await examinerAccount(7, { employerName: org!.nameZh!, employerUscc: org!.uscc! });
    const r = await sec.groups.update({
      id: g.id,
      memberExaminerIds: g.members.filter((m) => m.userId === null).map((m) => m.examinerId),
      memberUserIds: [...g.members.filter((m) => m.userId !== null).map((m) => m.userId!), insider.id],
    });
    expect(r.addedExaminerIds).toEqual([insider.examinerId]);
    expect(r.recordedConflicts.map((c) => c.applicationId)).toContain(app.id);
    const after = (await sec.groups.list({ year: OPEN_YEAR })).groups.find((x) => x.id === g.id)!;
    expect(after.applications.find((a) => a.id === app.id)!.recused.map((x) => x.examinerId)).toContain(insider.examinerId);
  });
});

describe('groups.autoAssign', () => {
  /** Takes applications of the open cycle out of their groups (as if just qualified). */
  async function unassign(n: number): Promise<number[]> {
    const apps = await f.db
      .selectFrom('applications')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('status', '=', 'active')
      .where('qualification_status', '=', 'qualified')
      .where('applicant_type', '=', 'organisation')
      .where('review_group_id', 'is not', null)
      .orderBy('code', 'desc')
      .limit(n)
      .execute();
    const ids = apps.map((a) => a.id);
    await f.db.updateTable('applications').set({ review_group_id: null }).where('id', 'in', ids).execute();
    return ids;
  }

  it('dryRun answers the plan with explanations and writes nothing', async () => {
    const ids = await unassign(4);
    const before = await snapshot();
    const plan = await f.as('secretariat').groups.autoAssign({ year: OPEN_YEAR, dryRun: true });
    expect(plan.dryRun).toBe(true);
    expect(plan.assignments.map((a) => a.applicationId).sort(byNumber)).toEqual([...ids].sort(byNumber));
    for (const a of plan.assignments) {
      expect(a.explanation.zh).toMatch(/^分配至「.+」：/);
      expect(a.explanation.en).toMatch(/^Assigned to ".+": /);
    }
    expect(plan.loads.reduce((s, l) => s + l.after - l.before, 0)).toBe(4);
    expect(await snapshot()).toEqual(before);
  });

  it('balances load, never assigns across a conflict, writes in one go with audit rows', async () => {
    const sec = f.as('secretariat');
    const pending = (await sec.groups.list({ year: OPEN_YEAR })).unassigned.filter((a) => a.ready);
    expect(pending.length).toBe(4);
    // Every member of the emptiest groups but one works for the first pending applicant.
    const target = pending[0]!;
    const [org] = await listApplicantOrganisations(f.db, [target.id]);
    const l = await sec.groups.list({ year: OPEN_YEAR });
    const withMembers = l.groups.filter((g) => g.members.length > 0);
    const free = withMembers.reduce((a, b) => (a.load >= b.load ? a : b)); // the busiest: only it stays free
    const conflicted = withMembers.filter((g) => g.id !== free.id);
    for (const g of conflicted) {
      await f.db.updateTable('examiners').set({ employer_uscc: org!.uscc, employer_name: org!.nameZh }).where('id', '=', g.members[0]!.examinerId).execute();
    }
    const auditBefore = (await snapshot()).audit;
    const r = await sec.groups.autoAssign({ year: OPEN_YEAR });
    expect(r.dryRun).toBe(false);
    const t = r.assignments.find((a) => a.applicationId === target.id)!;
    expect(t.reviewGroupId).toBe(free.id);
    expect(t.excluded.map((x) => x.reviewGroupId).sort(byNumber)).toEqual(conflicted.map((g) => g.id).sort(byNumber));
    expect(t.explanation.zh).toContain('已排除：成员');
    expect(t.explanation.zh).toContain('（第24条）');
    expect(t.explanation.en).toContain('excluded: member');
    // The others went to the lowest loads, and nobody to a group with a conflicted member.
    const after = await sec.groups.list({ year: OPEN_YEAR });
    for (const a of r.assignments) {
      const g = after.groups.find((x) => x.id === a.reviewGroupId)!;
      expect(g.applications.some((x) => x.id === a.applicationId)).toBe(true);
    }
    expect(after.unassigned.filter((a) => a.ready)).toHaveLength(0);
    const audit = await f.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', 0)
      .where('action', 'in', ['application.autoAssign', 'cycle.autoAssign'])
      .execute();
    expect(audit.filter((a) => a.action === 'application.autoAssign')).toHaveLength(4);
    expect(audit.filter((a) => a.action === 'cycle.autoAssign')).toHaveLength(1);
    expect((await snapshot()).audit).toBe(auditBefore + 5);
    const row = audit.find((a) => a.entity_id === String(target.id))!;
    expect(JSON.parse(row.before!)).toEqual({ reviewGroupId: null });
    expect(JSON.parse(row.after!).reviewGroupId).toBe(free.id);
  });

  it('leaves an application unassigned when every group has a conflict, and says why', async () => {
    const sec = f.as('secretariat');
    const [id] = await unassign(1);
    const [org] = await listApplicantOrganisations(f.db, [id!]);
    const l = await sec.groups.list({ year: OPEN_YEAR });
    for (const g of l.groups) {
      await f.db.updateTable('examiners').set({ employer_uscc: org!.uscc, employer_name: org!.nameZh }).where('id', '=', g.members[0]!.examinerId).execute();
    }
    const r = await sec.groups.autoAssign({ year: OPEN_YEAR });
    expect(r.assignments).toHaveLength(0);
    expect(r.unassigned).toHaveLength(1);
    expect(r.unassigned[0]!.reviewGroupId).toBeNull();
    expect(r.unassigned[0]!.explanation.zh).toMatch(/^未分配：每个评审组都有成员须回避（第24条）/);
    expect(r.unassigned[0]!.explanation.en).toContain('every review group has a member who must recuse (Art. 24)');
    expect(r.message.zh).toContain('1 件因各组均有成员须回避而未分配');
    const app = await f.db.selectFrom('applications').select('review_group_id').where('id', '=', id!).executeTakeFirstOrThrow();
    expect(app.review_group_id).toBeNull();
  });

  it('is refused in a closed cycle and for a cycle without groups', async () => {
    const sec = f.as('secretariat');
    expect((await errorOf(sec.groups.autoAssign({ year: 2019 }))).code).toBe('PRECONDITION_FAILED');
    expect((await errorOf(sec.groups.autoAssign({ year: 2099 }))).code).toBe('NOT_FOUND');
  });
});

describe('groups.remove', () => {
  it('deletes an empty group, refuses one with applications', async () => {
    const sec = f.as('secretariat');
    const l = await sec.groups.list({ year: OPEN_YEAR });
    const busy = l.groups.find((g) => g.applications.length > 0)!;
    const e = await errorOf(sec.groups.remove({ id: busy.id }));
    expect(e.code).toBe('CONFLICT');
    expect(e.zh).toContain('不能删除');
    const { id } = await sec.groups.create({ year: OPEN_YEAR, name: '临时评审组', leaderUserId: ex[4]!.id, memberUserIds: [ex[4]!.id] });
    await sec.groups.remove({ id });
    expect((await sec.groups.list({ year: OPEN_YEAR })).groups.some((g) => g.id === id)).toBe(false);
    const audit = await f.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'reviewGroup.remove')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toMatchObject({ nameZh: '临时评审组' });
    expect(audit.after).toBeNull();
  });
});

describe('procured review agency (Art. 17)', () => {
  it('records, replaces and clears the agency, audited; the committee reads it', async () => {
    const sec = f.as('secretariat');
    const r = await sec.groups.setAgency({ year: OPEN_YEAR, name: '示例评审咨询有限公司', procurementRef: 'ORDOS-CG-2025-017', contractDate: '2025-05-06' });
    expect(r.agency).toMatchObject({ name: '示例评审咨询有限公司', procurementRef: 'ORDOS-CG-2025-017', contractDate: '2025-05-06', article: 17 });
    await sec.groups.setAgency({
      year: OPEN_YEAR,
      name: '示例评审咨询有限公司',
      procurementRef: 'ORDOS-CG-2025-018',
      contractDate: '2025-05-07',
      note: '补充合同',
    });
    expect((await f.as('committee').groups.list({ year: OPEN_YEAR })).agency?.procurementRef).toBe('ORDOS-CG-2025-018');
    const audit = await f.db.selectFrom('audit_log').selectAll().where('action', '=', 'reviewAgency.set').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toMatchObject({ procurementRef: 'ORDOS-CG-2025-017' });
    expect(JSON.parse(audit.after!)).toMatchObject({ procurementRef: 'ORDOS-CG-2025-018', note: '补充合同' });
    expect((await errorOf(sec.groups.setAgency({ year: OPEN_YEAR, name: 'x', procurementRef: 'y', contractDate: '2025-13-01' }))).code).toBe('BAD_REQUEST');
    await sec.groups.clearAgency({ year: OPEN_YEAR });
    expect((await sec.groups.list({ year: OPEN_YEAR })).agency).toBeNull();
    expect((await errorOf(sec.groups.clearAgency({ year: OPEN_YEAR }))).code).toBe('NOT_FOUND');
  });
});
