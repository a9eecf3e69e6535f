import { countUsers, createTestDatabase, findUserByUsername, insertUser, readLoginBackoff, setMeta } from '@mqa/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, PASSWORD_CHECKS, verifyPassword } from './auth/password.ts';
import { Semaphore, SemaphoreFull } from './auth/semaphore.ts';
import { createUserSession, deleteUserSession, purgeExpired, readSessionToken, SESSION_COOKIE, sessionIdOf } from './auth/session.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureAdminAccount, ensureDemoAccounts } from './bootstrap.ts';
import { createContextInner, resolveSession } from './context.ts';
import { createCaller } from './root.ts';
import { createServices, DEFAULT_LOGIN_BACKOFF } from './services/index.ts';
import { codeOf, createFixture, errorOf, TEST_PASSWORD, type Fixture } from './test/helpers.ts';

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

  it('backs off per username after the free failures, and a waiting account cannot sign in even with the right password', async () => {
    const services = createServices({ loginBackoff: { account: { free: 3, baseMs: 60_000, maxMs: 600_000 } } });
    const anon = (ip: string) => createCaller(createContextInner({ db: f.db, services, ip }));
    for (let i = 0; i < 3; i++) {
      expect(await codeOf(anon(`10.0.0.${i}`).auth.login({ username: 'test-examiner', password: 'bad' }))).toBe('UNAUTHORIZED');
    }
    const blocked = anon('10.0.0.9').auth.login({ username: 'test-examiner', password: TEST_PASSWORD });
    await expect(blocked).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Another account from another address is unaffected.
    expect(await codeOf(anon('10.0.0.8').auth.login({ username: 'test-secretariat', password: TEST_PASSWORD }))).toBe('OK');
    await services.loginThrottle.reset(f.db, 'test-examiner');
  });

  it('backs off per client address across usernames', async () => {
    const services = createServices({ loginBackoff: { address: { free: 3, baseMs: 60_000, maxMs: 600_000 } } });
    const anon = createCaller(createContextInner({ db: f.db, services, ip: '192.0.2.7' }));
    for (const u of ['a', 'b', 'c']) expect(await codeOf(anon.auth.login({ username: u, password: 'x' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anon.auth.login({ username: 'test-secretariat', password: TEST_PASSWORD }))).toBe('TOO_MANY_REQUESTS');
  });

  it('doubles the wait with each failure past the free ones, and a success clears the account', async () => {
    const db = await createTestDatabase();
    await insertUser(db, {
      username: 'test-leadership',
      display_name: 'L',
      password_hash: await hashPassword(TEST_PASSWORD),
      role: 'leadership',
      examiner_id: null,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
    let now = Date.parse('2025-06-01T00:00:00Z');
    const services = createServices({ loginBackoff: { account: { free: 2, baseMs: 10_000, maxMs: 40_000 } }, now: () => new Date(now) });
    const anon = createCaller(createContextInner({ db, services, ip: '198.51.100.1' }));
    const waitOf = async (password: string) => {
      const e = await errorOf(anon.auth.login({ username: 'test-leadership', password }));
      return e.code === 'TOO_MANY_REQUESTS' ? (e.details?.retryAfterSeconds as number) : e.code;
    };
    expect(await waitOf('x')).toBe('UNAUTHORIZED');
    expect(await waitOf('x')).toBe('UNAUTHORIZED');
    // Two failures: the second one started a 10 s wait.
    expect(await waitOf(TEST_PASSWORD)).toBe(10);
    now += 10_000;
    expect(await waitOf('x')).toBe('UNAUTHORIZED');
    expect(await waitOf('x')).toBe(20);
    now += 20_000;
    expect(await waitOf('x')).toBe('UNAUTHORIZED');
    // Bounded: 40 s at most.
    expect(await waitOf('x')).toBe(40);
    now += 40_000;
    expect(await codeOf(anon.auth.login({ username: 'test-leadership', password: TEST_PASSWORD }))).toBe('OK');
    expect(await readLoginBackoff(db, ['user:test-leadership'])).toEqual([]);
    await db.destroy();
  });

  it('counts every attempt before the slow password check: 39 wrong passwords and the right one at once do not sign in', async () => {
    const db = await createTestDatabase();
    await insertUser(db, {
      username: 'admin',
      display_name: 'A',
      password_hash: await hashPassword(TEST_PASSWORD),
      role: 'secretariat',
      examiner_id: null,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
    const services = createServices();
    const anon = createCaller(createContextInner({ db, services, ip: '203.0.113.5' }));
    const guesses = [...Array.from({ length: 39 }, (_, i) => `guess-${i}`), TEST_PASSWORD];
    const codes = await Promise.all(guesses.map((password) => codeOf(anon.auth.login({ username: 'admin', password }))));
    // The address's five free attempts were all counted before any hash finished; the rest waited.
    expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(DEFAULT_LOGIN_BACKOFF.address.free);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(40 - DEFAULT_LOGIN_BACKOFF.address.free);
    expect(codes.at(-1)).toBe('TOO_MANY_REQUESTS');
    await db.destroy();
  });

  it('keeps the back-off in the database, so a restart (new services) does not clear it', async () => {
    const db = await createTestDatabase();
    const options = { loginBackoff: { address: { free: 2, baseMs: 60_000, maxMs: 600_000 } } };
    const before = createCaller(createContextInner({ db, services: createServices(options), ip: '203.0.113.9' }));
    await codeOf(before.auth.login({ username: 'someone', password: 'x' }));
    await codeOf(before.auth.login({ username: 'someone', password: 'x' }));
    const after = createCaller(createContextInner({ db, services: createServices(options), ip: '203.0.113.9' }));
    expect(await codeOf(after.auth.login({ username: 'someone-else', password: 'x' }))).toBe('TOO_MANY_REQUESTS');
    await db.destroy();
  });

  it('one address cannot lock an account for long: the address waits first, the account’s wait is bounded', async () => {
    const db = await createTestDatabase();
    await insertUser(db, {
      username: 'admin',
      display_name: 'A',
      password_hash: await hashPassword(TEST_PASSWORD),
      role: 'secretariat',
      examiner_id: null,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
    let now = Date.parse('2025-06-01T00:00:00Z');
    const services = createServices({ now: () => new Date(now) });
    const from = (ip: string) => createCaller(createContextInner({ db, services, ip }));
    // An attacker retries from one address as soon as it may, for a day.
    let attackerTries = 0;
    const end = Date.parse('2025-06-02T00:00:00Z');
    while (now < end) {
      const e = await errorOf(from('198.51.100.66').auth.login({ username: 'admin', password: `guess-${attackerTries}` }));
      if (e.code === 'UNAUTHORIZED') attackerTries++;
      // The account never waits longer than its bound, and far less than the attacker's address.
      const [account] = await readLoginBackoff(db, ['user:admin']);
      if (account) expect(Date.parse(account.blockedUntil) - now).toBeLessThanOrEqual(DEFAULT_LOGIN_BACKOFF.account.maxMs);
      now += e.code === 'TOO_MANY_REQUESTS' ? (e.details!.retryAfterSeconds as number) * 1000 : 1;
    }
    const [address] = await readLoginBackoff(db, ['ip:198.51.100.66']);
    const [account] = await readLoginBackoff(db, ['user:admin']);
    expect(Date.parse(address!.blockedUntil) - Date.parse(account?.blockedUntil ?? address!.lastAttemptAt)).toBeGreaterThan(30 * 60_000);
    // 5 free, 12 doubling waits up to an hour, then one an hour: 39 guesses a day.
    expect(attackerTries).toBeLessThanOrEqual(40);
    // Once the account's short wait is over, admin signs in from the office.
    now += DEFAULT_LOGIN_BACKOFF.account.maxMs;
    expect(await codeOf(from('192.0.2.10').auth.login({ username: 'admin', password: TEST_PASSWORD }))).toBe('OK');
    await db.destroy();
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

describe('sessions: idle timeout, purge, signing out everywhere, Secure over HTTPS', () => {
  /** Signs `username` in through auth.login with `services`; returns the cookie header and session id. */
  async function signIn(services: ReturnType<typeof createServices>, username: string, https = false) {
    const cookies: string[] = [];
    await createCaller(createContextInner({ db: f.db, services, https, setCookie: (c) => cookies.push(c) })).auth.login({ username, password: TEST_PASSWORD });
    const header = cookies[0]!.split(';')[0]!;
    return { header, setCookie: cookies[0]!, sessionId: sessionIdOf(readSessionToken(header)!) };
  }

  it('ends a session left idle, while one in use lives on until its absolute end', async () => {
    let now = Date.parse('2025-08-01T00:00:00Z');
    const services = createServices({ sessionTtlMs: 8 * 3600_000, sessionIdleMs: 30 * 60_000, now: () => new Date(now) });
    const idle = await signIn(services, 'test-committee');
    const busy = await signIn(services, 'test-leadership');
    const fresh = () => createServices({ sessionTtlMs: 8 * 3600_000, sessionIdleMs: 30 * 60_000, now: () => new Date(now) });
    // Used every 20 minutes for seven hours: still signed in; the other one, unused, is not.
    for (let i = 0; i < 21; i++) {
      now += 20 * 60_000;
      expect(await resolveSession(f.db, fresh(), busy.header), `after ${(i + 1) * 20} min`).not.toBeNull();
    }
    expect(await resolveSession(f.db, fresh(), idle.header)).toBeNull();
    // The absolute lifetime still ends the busy one.
    now += 60 * 60_000 - 1;
    expect(await resolveSession(f.db, fresh(), busy.header)).toBeNull();
    // The purge deletes both rows.
    const purged = await purgeExpired(f.db, fresh());
    expect(purged.sessions).toBeGreaterThanOrEqual(2);
    const left = await f.db.selectFrom('sessions').select('id').where('id', 'in', [idle.sessionId, busy.sessionId]).execute();
    expect(left).toEqual([]);
  });

  it('auth.logoutEverywhere ends every session of the caller, this one included, and is audited', async () => {
    const services = createServices();
    const a = await signIn(services, 'test-examiner');
    const b = await signIn(services, 'test-examiner');
    const other = await signIn(services, 'test-committee');
    const me = await resolveSession(f.db, services, a.header);
    const cookies: string[] = [];
    const caller = createCaller(createContextInner({ db: f.db, services, user: me!.user, sessionId: me!.sessionId, setCookie: (c) => cookies.push(c) }));
    const r = await caller.auth.logoutEverywhere();
    expect(r.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect(cookies[0]).toContain('Max-Age=0');
    expect(await resolveSession(f.db, services, a.header)).toBeNull();
    expect(await resolveSession(f.db, services, b.header)).toBeNull();
    expect(await resolveSession(f.db, services, other.header)).not.toBeNull();
    const audit = await f.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.logoutEverywhere').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toMatchObject({ username: 'test-examiner', sessions: r.sessionsEnded });
    expect(JSON.parse(audit.after!)).toMatchObject({ sessions: 0 });
  });

  it('the secretariat ends every session of another account (not its own), audited; the list counts active sessions', async () => {
    const services = createServices();
    const s1 = await signIn(services, 'test-leadership');
    await signIn(services, 'test-leadership');
    const secretariat = createCaller(createContextInner({ db: f.db, services, user: f.users.secretariat }));
    const counts = await secretariat.auth.activeSessions();
    expect(counts.find((c) => c.userId === f.users.leadership.id)?.sessions).toBeGreaterThanOrEqual(2);
    const r = await secretariat.auth.endUserSessions({ userId: f.users.leadership.id });
    expect(r.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect(await resolveSession(f.db, services, s1.header)).toBeNull();
    expect((await secretariat.auth.activeSessions()).find((c) => c.userId === f.users.leadership.id)).toBeUndefined();
    const audit = await f.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.endSessions').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.user_id).toBe(f.users.secretariat.id);
    expect(JSON.parse(audit.before!)).toMatchObject({ username: 'test-leadership', sessions: r.sessionsEnded });
    expect(await codeOf(secretariat.auth.endUserSessions({ userId: f.users.secretariat.id }))).toBe('BAD_REQUEST');
    expect(await codeOf(secretariat.auth.endUserSessions({ userId: 999_999 }))).toBe('NOT_FOUND');
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const services = createServices();
    expect((await signIn(services, 'test-committee', true)).setCookie).toContain('; Secure');
    expect((await signIn(services, 'test-committee', false)).setCookie).not.toContain('Secure');
  });
});

describe('bounded password checks', () => {
  it('runs at most four checks at once; the others wait their turn', async () => {
    const h = await hashPassword('bounded');
    PASSWORD_CHECKS.resetPeak();
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => verifyPassword(h, i % 2 ? 'bounded' : 'nope')));
    expect(results.filter(Boolean)).toHaveLength(8);
    expect(PASSWORD_CHECKS.peak).toBeLessThanOrEqual(PASSWORD_CHECKS.limit);
  });

  it('refuses a check when the queue is full (answered 429 by auth.login)', async () => {
    const sem = new Semaphore(1, 1);
    let release!: () => void;
    const first = sem.run(() => new Promise<void>((r) => (release = r)));
    const second = sem.run(async () => 'second');
    await expect(sem.run(async () => 'third')).rejects.toBeInstanceOf(SemaphoreFull);
    release();
    await first;
    expect(await second).toBe('second');
    expect(sem.running).toBe(0);
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
    // Shown beside "handled by" and "published by" in the Chinese dashboard: one Chinese name, not a zh/en pair.
    expect(row.display_name).toBe('秘书处管理员');
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
