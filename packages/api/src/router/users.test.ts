/**
 * People: accounts of every role (users.*), one's own password (auth.changePassword), the forced
 * change after a reset, examiner profiles read by conflict detection (Art. 24), and a fresh
 * install where only `admin` exists.
 */
import { createTestDatabase, listApplicantOrganisations, type DB, type Role } from '@mqa/db';
import { makeUscc, ROLE_IDS } from '@mqa/rules';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUserSession } from '../auth/session.ts';
import { ensureAdminAccount } from '../bootstrap.ts';
import { createContextInner, resolveSession } from '../context.ts';
import { createCaller } from '../root.ts';
import { createServices, type Services } from '../services/index.ts';
import { assignedApplication, codeOf, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

const GOOD = 'Quality-Award-2026';

/** Signs in through auth.login and returns a caller bound to the real session (as the HTTP host would). */
async function signIn(db: DB, services: Services, username: string, password: string) {
  const cookies: string[] = [];
  const me = await createCaller(createContextInner({ db, services, setCookie: (c) => cookies.push(c) })).auth.login({ username, password });
  const resolved = await resolveSession(db, services, cookies[0]!.split(';')[0]);
  if (!resolved) throw new Error('no session');
  const caller = createCaller(createContextInner({ db, services, user: resolved.user, sessionId: resolved.sessionId }));
  return { me, caller, sessionId: resolved.sessionId, cookie: cookies[0]!.split(';')[0]! };
}

async function countRows(db: DB, table: 'users' | 'examiners' | 'audit_log' | 'examiner_ties' | 'conflicts'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function auditOf(db: DB, action: string) {
  return db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
}

let f: Fixture;
beforeAll(async () => {
  f = await createFixture({ rateLimit: { maxFailures: 3, windowMs: 60_000 } });
});

describe('role matrix', () => {
  const cases: [string, (c: ReturnType<Fixture['as']>) => Promise<unknown>, readonly Role[]][] = [
    ['users.list', (c) => c.users.list(), ['secretariat']],
    ['users.examinerRecords', (c) => c.users.examinerRecords(), ['secretariat']],
    ['users.organisations', (c) => c.users.organisations(), ['secretariat']],
    [
      'users.create',
      (c) => c.users.create({ username: `m-${Math.random().toString(36).slice(2, 8)}`, displayName: 'M', role: 'committee', password: GOOD }),
      ['secretariat'],
    ],
    ['users.update', (c) => c.users.update({ id: f.users.leadership.id, displayName: 'Test leadership' }), ['secretariat']],
    ['users.resetPassword', (c) => c.users.resetPassword({ id: 999_999 }), ['secretariat']],
    ['users.updateExaminer', (c) => c.users.updateExaminer({ id: 999_999, nameZh: '某', ties: [] }), ['secretariat']],
    ['auth.changePassword', (c) => c.auth.changePassword({ current: 'wrong-password-x', next: GOOD }), ROLE_IDS],
  ];
  for (const [path, call, allowed] of cases) {
    it(`${path}: ${allowed.join(', ')} only; anonymous must sign in`, async () => {
      for (const role of ROLE_IDS) {
        const code = await codeOf(call(f.as(role)));
        if (allowed.includes(role)) expect(['OK', 'NOT_FOUND', 'BAD_REQUEST'], `${path} as ${role}`).toContain(code);
        else expect(code, `${path} as ${role}`).toBe('FORBIDDEN');
      }
      expect(await codeOf(call(f.as(null)))).toBe('UNAUTHORIZED');
    });
  }
});

describe('users.list', () => {
  it('lists every account with role names and examiner profiles, never a password hash', async () => {
    const list = await f.as('secretariat').users.list();
    const json = JSON.stringify(list);
    expect(json).not.toMatch(/password_hash|passwordHash|\$argon2/);
    const examiner = list.find((a) => a.username === 'test-examiner')!;
    expect(examiner).toMatchObject({ role: 'examiner', roleName: { zh: '评审员', en: 'Examiner' }, disabled: false, examinerId: f.seed.demoExaminerId });
    expect(examiner.examiner?.id).toBe(f.seed.demoExaminerId);
    expect(list.find((a) => a.username === 'test-committee')?.examiner).toBeNull();
  });
});

describe('users.create', () => {
  it('creates an account of each role that can sign in and must change its password first', async () => {
    for (const role of ROLE_IDS) {
      const username = `new-${role}`;
      const { id } = await f.as('secretariat').users.create({ username, displayName: `新 ${role}`, role, password: GOOD });
      const s = await signIn(f.db, f.services, username, GOOD);
      expect(s.me).toMatchObject({ id, role, mustChangePassword: true });
    }
    const [audit] = await auditOf(f.db, 'user.create');
    expect(JSON.parse(audit!.before!)).toBeNull();
    expect(JSON.parse(audit!.after!)).toEqual({
      username: 'new-examiner',
      displayName: '新 examiner',
      role: 'examiner',
      examinerId: expect.any(Number),
      disabled: false,
      mustChangePassword: true,
    });
    expect(JSON.stringify(await f.db.selectFrom('audit_log').select(['before', 'after']).execute())).not.toContain(GOOD);
  });

  it('creates the examiner record of an examiner account, with a checked employer USCC', async () => {
    const uscc = makeUscc('91150602MA0N00001');
    const r = await f.as('secretariat').users.create({
      username: 'zhang.examiner',
      displayName: '张评审',
      role: 'examiner',
      password: GOOD,
      mustChangePassword: false,
      examiner: { nameZh: '张评审', nameEn: 'Zhang', employerName: '某质量研究院', employerUscc: uscc.toLowerCase(), expertise: '制造业' },
    });
    const e = await f.db.selectFrom('examiners').selectAll().where('id', '=', r.examinerId!).executeTakeFirstOrThrow();
    expect(e).toMatchObject({ name_zh: '张评审', name_en: 'Zhang', employer_name: '某质量研究院', employer_uscc: uscc, expertise: '制造业' });
    const s = await signIn(f.db, f.services, 'zhang.examiner', GOOD);
    expect(s.me).toMatchObject({ examinerId: r.examinerId, mustChangePassword: false });
    expect(await s.caller.scoring.myAssignments()).toEqual([]);
    expect(JSON.parse((await auditOf(f.db, 'examiner.create'))[0]!.after!)).toMatchObject({ employerUscc: uscc, ties: [] });
  });

  it('refuses a duplicate username (ignoring case), a weak password and a bad USCC, storing nothing', async () => {
    const before = await Promise.all([countRows(f.db, 'users'), countRows(f.db, 'examiners'), countRows(f.db, 'audit_log')]);
    const dup = await errorOf(f.as('secretariat').users.create({ username: 'TEST-Committee', displayName: 'X', role: 'committee', password: GOOD }));
    expect(dup).toMatchObject({
      code: 'CONFLICT',
      zh: '用户名「TEST-Committee」已被使用，请换一个。',
      en: 'The username "TEST-Committee" is already taken; choose another.',
    });
    const short = await errorOf(f.as('secretariat').users.create({ username: 'shorty', displayName: 'X', role: 'committee', password: 'abc123' }));
    expect(short).toMatchObject({ code: 'BAD_REQUEST', zh: '密码至少需要 10 个字符。', en: 'A password needs at least 10 characters.' });
    const same = await errorOf(f.as('secretariat').users.create({ username: 'longusername1', displayName: 'X', role: 'committee', password: 'LongUserName1' }));
    expect(same.en).toBe('The password must not be the username.');
    expect(same.zh).toBe('密码不能与用户名相同。');
    const bad = await errorOf(
      f.as('secretariat').users.create({
        username: 'bad-uscc',
        displayName: 'X',
        role: 'examiner',
        password: GOOD,
        examiner: { nameZh: 'X', employerUscc: '91150602MA0N000010' },
      }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.zh).toContain('工作单位统一社会信用代码「91150602MA0N000010」无效');
    expect(bad.en).toContain('is not valid');
    const notExaminer = await errorOf(
      f.as('secretariat').users.create({ username: 'c-profile', displayName: 'X', role: 'committee', password: GOOD, examiner: { nameZh: 'X' } }),
    );
    expect(notExaminer.en).toBe('Only an examiner account has an examiner profile.');
    expect(await codeOf(f.as('secretariat').users.create({ username: 'a b', displayName: 'X', role: 'committee', password: GOOD }))).toBe('BAD_REQUEST');
    const after = await Promise.all([countRows(f.db, 'users'), countRows(f.db, 'examiners'), countRows(f.db, 'audit_log')]);
    expect(after).toEqual(before);
  });

  it('links an examiner account to an existing examiner record without an account, once', async () => {
    const records = await f.as('secretariat').users.examinerRecords();
    const free = records.find((r) => r.accountId === null)!;
    const { id } = await f
      .as('secretariat')
      .users.create({ username: 'linked-examiner', displayName: free.nameZh, role: 'examiner', password: GOOD, examinerId: free.id });
    expect((await f.as('secretariat').users.examinerRecords()).find((r) => r.id === free.id)?.accountId).toBe(id);
    const again = await errorOf(
      f.as('secretariat').users.create({ username: 'linked-again', displayName: 'X', role: 'examiner', password: GOOD, examinerId: free.id }),
    );
    expect(again.code).toBe('CONFLICT');
    expect(again.en).toContain('already belongs to the account "linked-examiner"');
  });
});

describe('users.update', () => {
  it('renames an account, audited old → new', async () => {
    const { id } = await f.as('secretariat').users.create({ username: 'rename-me', displayName: '旧名', role: 'leadership', password: GOOD });
    const r = await f.as('secretariat').users.update({ id, displayName: '新名' });
    expect(r.displayName).toBe('新名');
    const [a] = await auditOf(f.db, 'user.update');
    expect(JSON.parse(a!.before!)).toEqual({ username: 'rename-me', displayName: '旧名' });
    expect(JSON.parse(a!.after!)).toEqual({ username: 'rename-me', displayName: '新名' });
  });

  it('disabling ends the sessions at once and refuses sign-in; enabling lets the user back', async () => {
    const { id } = await f
      .as('secretariat')
      .users.create({ username: 'to-disable', displayName: 'D', role: 'committee', password: GOOD, mustChangePassword: false });
    const s = await signIn(f.db, f.services, 'to-disable', GOOD);
    expect(await resolveSession(f.db, f.services, s.cookie)).not.toBeNull();
    const r = await f.as('secretariat').users.update({ id, disabled: true });
    expect(r).toMatchObject({ disabled: true, sessionsEnded: 1 });
    expect(await resolveSession(f.db, f.services, s.cookie)).toBeNull();
    expect(await codeOf(signIn(f.db, f.services, 'to-disable', GOOD))).toBe('UNAUTHORIZED');
    const [a] = await auditOf(f.db, 'user.disable');
    expect(JSON.parse(a!.before!)).toEqual({ username: 'to-disable', disabled: false });
    expect(JSON.parse(a!.after!)).toEqual({ username: 'to-disable', disabled: true, sessionsEnded: 1 });
    await f.as('secretariat').users.update({ id, disabled: false });
    expect((await signIn(f.db, f.services, 'to-disable', GOOD)).me.username).toBe('to-disable');
  });

  it('refuses to disable your own account, leaving it enabled', async () => {
    const err = await errorOf(f.as('secretariat').users.update({ id: f.users.secretariat.id, disabled: true }));
    expect(err).toMatchObject({ code: 'BAD_REQUEST', zh: '不能停用自己正在使用的账号，请由另一名秘书处人员操作。' });
    expect((await f.db.selectFrom('users').select('disabled').where('id', '=', f.users.secretariat.id).executeTakeFirstOrThrow()).disabled).toBe(0);
  });

  it('answers NOT_FOUND for an unknown account', async () => {
    expect(await errorOf(f.as('secretariat').users.update({ id: 999_999, displayName: 'X' }))).toMatchObject({
      code: 'NOT_FOUND',
      en: 'Account 999999 was not found.',
    });
  });
});

describe('users.resetPassword and the forced change', () => {
  it('sets a one-time password, ends sessions, and only changePassword works until it is changed', async () => {
    const { id } = await f
      .as('secretariat')
      .users.create({ username: 'forgetful', displayName: 'F', role: 'leadership', password: GOOD, mustChangePassword: false });
    const old = await signIn(f.db, f.services, 'forgetful', GOOD);
    const { password } = await f.as('secretariat').users.resetPassword({ id });
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await resolveSession(f.db, f.services, old.cookie)).toBeNull();
    expect(await codeOf(signIn(f.db, f.services, 'forgetful', GOOD))).toBe('UNAUTHORIZED');

    const s = await signIn(f.db, f.services, 'forgetful', password);
    expect(s.me.mustChangePassword).toBe(true);
    const refused = await errorOf(s.caller.cycles.list());
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { passwordChangeRequired: true } });
    expect(refused.zh).toContain('请先修改密码');
    expect(await s.caller.auth.me()).toMatchObject({ mustChangePassword: true });

    const weak = await errorOf(s.caller.auth.changePassword({ current: password, next: 'forgetful' }));
    expect(weak.code).toBe('BAD_REQUEST');
    expect(weak.zh).toContain('密码至少需要 10 个字符。');
    expect(weak.zh).toContain('密码不能与用户名相同。');
    const changed = await s.caller.auth.changePassword({ current: password, next: 'A-new-pass-2026' });
    expect(changed.mustChangePassword).toBe(false);
    const again = await signIn(f.db, f.services, 'forgetful', 'A-new-pass-2026');
    expect(again.me.mustChangePassword).toBe(false);
    expect((await again.caller.cycles.list()).length).toBeGreaterThan(0);

    const audits = await f.db.selectFrom('audit_log').select(['before', 'after']).where('entity', '=', 'user').where('entity_id', '=', String(id)).execute();
    const text = JSON.stringify(audits);
    for (const secret of [password, GOOD, 'A-new-pass-2026', '$argon2']) expect(text).not.toContain(secret);
    const [reset] = await auditOf(f.db, 'user.resetPassword');
    expect(JSON.parse(reset!.after!)).toEqual({ username: 'forgetful', mustChangePassword: true, sessionsEnded: 1 });
  });

  it('refuses to reset your own password', async () => {
    const err = await errorOf(f.as('secretariat').users.resetPassword({ id: f.users.secretariat.id }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.en).toContain('cannot reset your own password');
  });
});

describe('auth.changePassword', () => {
  it('refuses a wrong current password, counting it against the sign-in throttle', async () => {
    await f.as('secretariat').users.create({ username: 'throttled', displayName: 'T', role: 'committee', password: GOOD, mustChangePassword: false });
    const s = await signIn(f.db, f.services, 'throttled', GOOD);
    const wrong = await errorOf(s.caller.auth.changePassword({ current: 'not-my-password', next: 'Another-pass-1' }));
    expect(wrong).toMatchObject({ code: 'BAD_REQUEST', zh: '当前密码不正确。', en: 'The current password is wrong.' });
    await codeOf(s.caller.auth.changePassword({ current: 'not-my-password', next: 'Another-pass-1' }));
    await codeOf(s.caller.auth.changePassword({ current: 'not-my-password', next: 'Another-pass-1' }));
    // Three failures (the fixture's limit): even the right password now waits, and so does sign-in.
    expect(await codeOf(s.caller.auth.changePassword({ current: GOOD, next: 'Another-pass-1' }))).toBe('TOO_MANY_REQUESTS');
    expect(await codeOf(signIn(f.db, f.services, 'throttled', GOOD))).toBe('TOO_MANY_REQUESTS');
    const row = await f.db.selectFrom('users').select('password_hash').where('username', '=', 'throttled').executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await codeOf(f.as(null).auth.login({ username: 'throttled', password: 'Another-pass-1' }))).not.toBe('OK');
  });

  it('changes the password, keeps this session and ends the others', async () => {
    const { id } = await f
      .as('secretariat')
      .users.create({ username: 'two-devices', displayName: 'T', role: 'committee', password: GOOD, mustChangePassword: false });
    const other = await createUserSession(f.db, f.services, id);
    const s = await signIn(f.db, f.services, 'two-devices', GOOD);
    const r = await s.caller.auth.changePassword({ current: GOOD, next: 'Brand-new-pass-7' });
    expect(r.otherSessionsEnded).toBe(1);
    expect(await f.db.selectFrom('sessions').select('id').where('id', '=', other.sessionId).executeTakeFirst()).toBeUndefined();
    expect(await resolveSession(f.db, f.services, s.cookie)).not.toBeNull();
    expect(await codeOf(s.caller.auth.changePassword({ current: 'Brand-new-pass-7', next: 'Brand-new-pass-7' }))).toBe('BAD_REQUEST');
    const [a] = await auditOf(f.db, 'auth.changePassword');
    expect(JSON.parse(a!.after!)).toEqual({ mustChangePassword: false, otherSessionsEnded: 1 });
  });
});

describe('examiner profiles and conflict detection (Art. 24)', () => {
  it('records a conflict at once when a new employer USCC matches an application the examiner sits on', async () => {
    const appId = await assignedApplication(f);
    const [org] = await listApplicantOrganisations(f.db, [appId]);
    expect(org?.uscc).toBeTruthy();
    const conflictsBefore = await countRows(f.db, 'conflicts');
    const r = await f.as('secretariat').users.updateExaminer({
      id: f.users.examiner.id,
      nameZh: '演示评审员',
      nameEn: 'Demo examiner',
      employerName: org!.nameZh,
      employerUscc: org!.uscc!,
      expertise: null,
      ties: [],
    });
    expect(r.conflictsAdded.map((c) => c.applicationId)).toContain(appId);
    expect(r.account.examiner).toMatchObject({ employerUscc: org!.uscc, ties: [] });
    expect(await countRows(f.db, 'conflicts')).toBe(conflictsBefore + r.conflictsAdded.length);
    const c = await f.db
      .selectFrom('conflicts')
      .selectAll()
      .where('application_id', '=', appId)
      .where('examiner_id', '=', f.seed.demoExaminerId)
      .executeTakeFirstOrThrow();
    expect(c.source).toBe('automatic');
    expect((await f.as('examiner').scoring.myAssignments()).map((a) => a.applicationId)).not.toContain(appId);
    const [audit] = await auditOf(f.db, 'examiner.update');
    expect(JSON.parse(audit!.before!)).toHaveProperty('employerUscc');
    expect(JSON.parse(audit!.after!)).toMatchObject({ employerUscc: org!.uscc, accountId: f.users.examiner.id });
  });

  it('a declared tie is read by a later group assignment', async () => {
    const { id, examinerId } = await f
      .as('secretariat')
      .users.create({ username: 'tied-examiner', displayName: '李评审', role: 'examiner', password: GOOD, examiner: { nameZh: '李评审' } });
    const cycle = await f.db.selectFrom('cycles').select('id').where('year', '=', OPEN_YEAR).executeTakeFirstOrThrow();
    const app = await f.db
      .selectFrom('applications')
      .select(['id', 'organisation_id', 'review_group_id'])
      .where('cycle_id', '=', cycle.id)
      .where('applicant_type', '=', 'organisation')
      .where('status', '=', 'active')
      .where('eligibility_status', '!=', 'ineligible')
      .where('review_group_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const r = await f
      .as('secretariat')
      .users.updateExaminer({ id, nameZh: '李评审', ties: [{ organisationId: app.organisation_id!, kind: 'business', note: '咨询合同' }] });
    expect(r.account.examiner?.ties).toMatchObject([{ organisationId: app.organisation_id, kind: 'business', note: '咨询合同' }]);
    expect(r.conflictsAdded).toEqual([]);
    // The examiner joins the application's group; re-assigning it reads the declared tie.
    await f.db.insertInto('review_group_members').values({ review_group_id: app.review_group_id!, examiner_id: examinerId! }).execute();
    const assigned = await f.as('secretariat').applications.assignGroup({ id: app.id, reviewGroupId: app.review_group_id! });
    const me = assigned.members.find((m) => m.examinerId === examinerId)!;
    expect(me.recused).toBe(true);
    expect(me.conflict?.reason.zh).toContain('经济往来或业务关系');
  });

  it('refuses a bad USCC, an unknown organisation and a non-examiner account, changing nothing', async () => {
    const before = await f.db.selectFrom('examiners').selectAll().where('id', '=', f.seed.demoExaminerId).executeTakeFirstOrThrow();
    const ties = await countRows(f.db, 'examiner_ties');
    const bad = await errorOf(f.as('secretariat').users.updateExaminer({ id: f.users.examiner.id, nameZh: '改名', employerUscc: 'ABC', ties: [] }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.zh).toContain('统一社会信用代码应为 18 位');
    const unknown = await errorOf(
      f.as('secretariat').users.updateExaminer({ id: f.users.examiner.id, nameZh: '改名', ties: [{ organisationId: 999_999, kind: 'other' }] }),
    );
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', en: 'Organisation(s) 999999 not found.' });
    const notExaminer = await errorOf(f.as('secretariat').users.updateExaminer({ id: f.users.committee.id, nameZh: '改名', ties: [] }));
    expect(notExaminer.code).toBe('BAD_REQUEST');
    expect(await f.db.selectFrom('examiners').selectAll().where('id', '=', f.seed.demoExaminerId).executeTakeFirstOrThrow()).toEqual(before);
    expect(await countRows(f.db, 'examiner_ties')).toBe(ties);
  });
});

describe('fresh install', () => {
  it('from an empty migrated database with only admin, the secretariat creates every other account', async () => {
    const db = await createTestDatabase();
    const services = createServices();
    const admin = await ensureAdminAccount(db, 'Admin-first-start-1');
    expect(admin).not.toBeNull();
    const s = await signIn(db, services, 'admin', 'Admin-first-start-1');
    expect(s.me).toMatchObject({ role: 'secretariat', mustChangePassword: false });
    expect((await s.caller.users.list()).map((a) => a.username)).toEqual(['admin']);

    // The last enabled secretariat account cannot be disabled.
    const last = await errorOf(s.caller.users.update({ id: s.me.id, disabled: true }));
    expect(last.code).toBe('CONFLICT');
    expect(last.zh).toContain('最后一个启用的秘书处账号');
    expect(last.en).toContain('last enabled secretariat account');

    const created: Record<string, number> = {};
    for (const role of ['secretariat', 'committee', 'leadership', 'examiner'] as const) {
      const r = await s.caller.users.create({
        username: `first-${role}`,
        displayName: `首位${role}`,
        role,
        password: `Initial-${role}-pw`,
        ...(role === 'examiner' ? { examiner: { nameZh: '王评审', nameEn: 'Wang', employerName: '某大学', expertise: '质量管理' } } : {}),
      });
      created[role] = r.id;
    }
    const list = await s.caller.users.list();
    expect(list.map((a) => a.username).sort()).toEqual(['admin', 'first-committee', 'first-examiner', 'first-leadership', 'first-secretariat']);
    expect(list.find((a) => a.role === 'examiner')?.examiner).toMatchObject({ nameZh: '王评审', employerName: '某大学', ties: [] });
    expect(await s.caller.users.organisations()).toEqual([]);

    for (const role of ['secretariat', 'committee', 'leadership', 'examiner'] as const) {
      const u = await signIn(db, services, `first-${role}`, `Initial-${role}-pw`);
      expect(u.me).toMatchObject({ id: created[role], role, mustChangePassword: true });
      expect(await codeOf(u.caller.auth.logout())).toBe('OK');
      const again = await signIn(db, services, `first-${role}`, `Initial-${role}-pw`);
      await again.caller.auth.changePassword({ current: `Initial-${role}-pw`, next: `Own-${role}-password` });
      const own = await signIn(db, services, `first-${role}`, `Own-${role}-password`);
      if (role === 'examiner') expect(await own.caller.scoring.myAssignments()).toEqual([]);
      else expect(await own.caller.cycles.list()).toEqual([]);
    }
    // With a second secretariat account, admin may now be disabled (by that account).
    const second = await signIn(db, services, 'first-secretariat', 'Own-secretariat-password');
    expect((await second.caller.users.update({ id: s.me.id, disabled: true })).disabled).toBe(true);
    await db.destroy();
  });
});
