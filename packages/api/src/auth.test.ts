import { countUsers, createTestDatabase, findUserByUsername, setMeta } from '@mqa/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './auth/password.ts';
import { createUserSession, deleteUserSession, readSessionToken, SESSION_COOKIE, sessionIdOf } from './auth/session.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureAdminAccount, ensureDemoAccounts } from './bootstrap.ts';
import { createContextInner, resolveSession } from './context.ts';
import { createCaller } from './root.ts';
import { createServices } from './services/index.ts';
import { codeOf, createFixture, TEST_PASSWORD, type Fixture } from './test/helpers.ts';

let f: Fixture;
/** The session of a Cookie header at `at`, looked up afresh (no session cache). */
const userFromCookie = (cookie: string, at: Date) => resolveSession(f.db, createServices({ now: () => at }), cookie);
beforeAll(async () => {
  f = await createFixture({ rateLimit: { maxFailures: 3, windowMs: 60_000 } });
});

describe('passwords', () => {
  it('are hashed with argon2id and verified', async () => {
    const h = await hashPassword('s3cret');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 's3cret')).toBe(true);
    expect(await verifyPassword(h, 'S3cret')).toBe(false);
    expect(await verifyPassword('not a hash', 's3cret')).toBe(false);
  });
});

describe('auth.login / me / logout', () => {
  it('signs in, sets an httpOnly SameSite session cookie, and the cookie resolves to the user', async () => {
    const cookies: string[] = [];
    const me = await f.as(null, { setCookie: (c) => cookies.push(c) }).auth.login({ username: 'test-committee', password: TEST_PASSWORD });
    expect(me).toMatchObject({ username: 'test-committee', role: 'committee', roleName: { zh: '评审委员会', en: 'Review committee' } });
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0]!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,}`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const token = readSessionToken(cookie.split(';')[0])!;
    // The database stores only the hash of the token.
    const stored = await f.db.selectFrom('sessions').select('id').execute();
    expect(stored.map((s) => s.id)).toContain(sessionIdOf(token));
    expect(stored.map((s) => s.id)).not.toContain(token);
    const session = await userFromCookie(`other=1; ${cookie.split(';')[0]}`, new Date());
    expect(session?.user.username).toBe('test-committee');

    const caller = f.as('committee', { sessionId: session!.sessionId, setCookie: (c) => cookies.push(c) });
    expect(await caller.auth.me()).toMatchObject({ username: 'test-committee' });
    await caller.auth.logout();
    expect(cookies[1]).toContain('Max-Age=0');
    expect(await userFromCookie(cookie.split(';')[0]!, new Date())).toBeNull();
  });

  it('me() is null for an anonymous caller', async () => {
    expect(await f.as(null).auth.me()).toBeNull();
  });

  it('refuses a wrong password or an unknown user with the same bilingual message', async () => {
    const wrong = f.as(null).auth.login({ username: 'test-leadership', password: 'nope' });
    await expect(wrong).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong username or password.' });
    const unknown = f.as(null).auth.login({ username: 'nobody', password: 'nope' });
    await expect(unknown).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong username or password.' });
  });

  it('rate-limits failed logins per username, and a blocked user cannot sign in even with the right password', async () => {
    const services = createServices({ rateLimit: { maxFailures: 3, windowMs: 60_000 } });
    const anon = (ip: string) => createCaller(createContextInner({ db: f.db, services, ip }));
    for (let i = 0; i < 3; i++) {
      expect(await codeOf(anon(`10.0.0.${i}`).auth.login({ username: 'test-examiner', password: 'bad' }))).toBe('UNAUTHORIZED');
    }
    const blocked = anon('10.0.0.9').auth.login({ username: 'test-examiner', password: TEST_PASSWORD });
    await expect(blocked).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Another account from another address is unaffected.
    expect(await codeOf(anon('10.0.0.8').auth.login({ username: 'test-secretariat', password: TEST_PASSWORD }))).toBe('OK');
  });

  it('rate-limits failed logins per client address across usernames', async () => {
    const services = createServices({ rateLimit: { maxFailures: 3, maxFailuresPerAddress: 3, windowMs: 60_000 } });
    const anon = createCaller(createContextInner({ db: f.db, services, ip: '192.0.2.7' }));
    for (const u of ['a', 'b', 'c']) expect(await codeOf(anon.auth.login({ username: u, password: 'x' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anon.auth.login({ username: 'test-secretariat', password: TEST_PASSWORD }))).toBe('TOO_MANY_REQUESTS');
  });

  it('lets the throttle expire after the window', async () => {
    let now = Date.parse('2025-06-01T00:00:00Z');
    const services = createServices({ rateLimit: { maxFailures: 2, windowMs: 60_000 }, now: () => new Date(now) });
    const anon = createCaller(createContextInner({ db: f.db, services, ip: '198.51.100.1' }));
    await codeOf(anon.auth.login({ username: 'test-leadership', password: 'x' }));
    await codeOf(anon.auth.login({ username: 'test-leadership', password: 'x' }));
    expect(await codeOf(anon.auth.login({ username: 'test-leadership', password: TEST_PASSWORD }))).toBe('TOO_MANY_REQUESTS');
    now += 61_000;
    expect(await codeOf(anon.auth.login({ username: 'test-leadership', password: TEST_PASSWORD }))).toBe('OK');
  });

  it('expired sessions do not authenticate', async () => {
    let now = Date.parse('2025-06-01T00:00:00Z');
    const services = createServices({ sessionTtlMs: 1000, now: () => new Date(now) });
    const cookies: string[] = [];
    await createCaller(createContextInner({ db: f.db, services, setCookie: (c) => cookies.push(c) })).auth.login({
      username: 'test-secretariat',
      password: TEST_PASSWORD,
    });
    const header = cookies[0]!.split(';')[0]!;
    expect(await userFromCookie(header, new Date(now))).not.toBeNull();
    now += 2000;
    expect(await userFromCookie(header, new Date(now))).toBeNull();
  });

  it('purges expired sessions when someone signs in, and keeps the live ones', async () => {
    let now = Date.parse('2025-07-01T00:00:00Z');
    const services = createServices({ sessionTtlMs: 1000, now: () => new Date(now) });
    const login = async (username: string) => {
      const cookies: string[] = [];
      await createCaller(createContextInner({ db: f.db, services, setCookie: (c) => cookies.push(c) })).auth.login({ username, password: TEST_PASSWORD });
      return sessionIdOf(readSessionToken(cookies[0]!.split(';')[0])!);
    };
    const old = await login('test-leadership');
    now += 5000;
    const live = await login('test-committee');
    const ids = (await f.db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
    expect(ids).not.toContain(old);
    expect(ids).toContain(live);
    const expired = await f.db.selectFrom('sessions').select('id').where('expires_at', '<=', new Date(now).toISOString()).execute();
    expect(expired).toEqual([]);
  });

  it('createUserSession / deleteUserSession: the sessions auth.login and the PDF report use', async () => {
    let now = Date.parse('2025-06-01T00:00:00Z');
    const services = createServices({ sessionTtlMs: 60_000, now: () => new Date(now) });
    const user = f.users.committee;
    const s = await createUserSession(f.db, services, user.id, 5000);
    expect(s.sessionId).toBe(sessionIdOf(s.token));
    expect(s.expiresAt.getTime() - s.createdAt.getTime()).toBe(5000);
    const cookie = `${SESSION_COOKIE}=${s.token}`;
    expect((await resolveSession(f.db, services, cookie))?.user.id).toBe(user.id);
    expect(services.sessions.has(s.sessionId)).toBe(true);
    // Deleting ends it at once, cache included.
    await deleteUserSession(f.db, services, s.sessionId);
    expect(services.sessions.has(s.sessionId)).toBe(false);
    expect(await resolveSession(f.db, services, cookie)).toBeNull();
    // Default lifetime: the services' one.
    const d = await createUserSession(f.db, services, user.id);
    expect(d.ttlMs).toBe(60_000);
    now += 61_000;
    expect(await userFromCookie(`${SESSION_COOKIE}=${d.token}`, new Date(now))).toBeNull();
    await expect(createUserSession(f.db, services, user.id, 0)).rejects.toBeInstanceOf(RangeError);
  });

  it('validates the input with a flattened zod error for forms', async () => {
    await expect(f.as(null).auth.login({ username: '', password: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('bootstrap accounts', () => {
  it('creates a secretariat account once on an empty database, with a generated one-time password', async () => {
    const db = await createTestDatabase();
    const admin = await ensureAdminAccount(db);
    expect(admin).not.toBeNull();
    expect(admin!.generated).toBe(true);
    expect(admin!.password.length).toBeGreaterThanOrEqual(20);
    const row = (await findUserByUsername(db, admin!.username))!;
    expect(row.role).toBe('secretariat');
    expect(await verifyPassword(row.password_hash, admin!.password)).toBe(true);
    // The generated password is printed once in the log: it must be changed at first sign-in.
    expect(row.must_change_password).toBe(1);
    expect(await ensureAdminAccount(db)).toBeNull();
    expect(await countUsers(db)).toBe(1);
    await db.destroy();
  });

  it('takes the password from the caller (MQA_ADMIN_PASSWORD) when given', async () => {
    const db = await createTestDatabase();
    const admin = await ensureAdminAccount(db, 'from-the-environment');
    expect(admin).toMatchObject({ password: 'from-the-environment', generated: false });
    expect((await findUserByUsername(db, admin!.username))!.must_change_password).toBe(0);
    await db.destroy();
  });

  it('creates the four demo accounts, demo-examiner linked to meta demo_examiner_id, idempotently', async () => {
    const db = await createTestDatabase();
    await db
      .insertInto('examiners')
      .values([
        { name_zh: '甲', name_en: 'A' },
        { name_zh: '乙', name_en: 'B' },
      ] as never)
      .execute();
    await setMeta(db, 'demo_examiner_id', '2');
    const accounts = await ensureDemoAccounts(db);
    expect(accounts.map((a) => a.username)).toEqual(['demo-secretariat', 'demo-committee', 'demo-leader', 'demo-examiner']);
    expect(accounts.find((a) => a.username === 'demo-examiner')!.examinerId).toBe(2);
    await ensureDemoAccounts(db);
    expect(await countUsers(db)).toBe(4);
    const services = createServices({ demoMode: true });
    const caller = createCaller(createContextInner({ db, services }));
    expect(await caller.auth.demoAccounts()).toHaveLength(4);
    const me = await caller.auth.login({ username: 'demo-leader', password: DEMO_PASSWORD });
    expect(me.role).toBe('leadership');
    expect(await createCaller(createContextInner({ db, services: createServices() })).auth.demoAccounts()).toEqual([]);
    expect(DEMO_ACCOUNTS.every((a) => a.password === 'demo-password')).toBe(true);
    await db.destroy();
  });
});
