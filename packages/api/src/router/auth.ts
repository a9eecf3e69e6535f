/**
 * Sign-in with local accounts: argon2id passwords, an httpOnly SameSite session cookie (`Secure`
 * over HTTPS), sign-in back-off per account and address kept in the database and counted before
 * the password is checked, a bounded number of password checks at once, sessions that end after
 * an absolute lifetime or when idle, and signing out everywhere.
 */
import { countActiveSessions, findUserByUsername, recordLogin, updateAccount, writeAudit } from '@mqa/db';
import { z } from 'zod';
import { endSessionsOf } from '../auth/accounts.ts';
import type { AttemptOutcome } from '../auth/backoff.ts';
import { hashPassword, PasswordChecksBusy, verifyDummy, verifyPassword } from '../auth/password.ts';
import { PASSWORD_MAX_LENGTH, passwordProblems, passwordProblemText } from '../auth/passwordPolicy.ts';
import { clearedSessionCookie, createUserSession, deleteUserSession, purgeExpired, sessionBounds, sessionCookie } from '../auth/session.ts';
import { toSessionUser, type Context, type SessionUser } from '../context.ts';
import { apiError, type LocalizedText } from '../errors.ts';
import { allow, publicProcedure, ROLE_NAMES } from '../trpc.ts';
import { inTransaction } from './helpers.ts';
import { SECRETARIAT, SIGNED_IN } from './roles.ts';
import { DEMO_ACCOUNTS } from '../bootstrap.ts';

function waitText(seconds: number): { zh: string; en: string } {
  return seconds < 60
    ? { zh: `${seconds} 秒`, en: `${seconds} second(s)` }
    : { zh: `${Math.ceil(seconds / 60)} 分钟`, en: `${Math.ceil(seconds / 60)} minute(s)` };
}

/** 429 while the account or the address waits (nothing was counted). */
function throttled(outcome: Extract<AttemptOutcome, { allowed: false }>, what: LocalizedText) {
  const wait = waitText(outcome.retryAfterSeconds);
  return apiError(
    'TOO_MANY_REQUESTS',
    { zh: `${what.zh}，请在 ${wait.zh}后再试。`, en: `${what.en}; try again in ${wait.en}.` },
    { retryAfterSeconds: outcome.retryAfterSeconds },
  );
}

const BUSY = apiError('TOO_MANY_REQUESTS', {
  zh: '当前登录请求过多，请稍后再试。',
  en: 'Too many sign-ins are being checked right now; try again shortly.',
});

/** Checks a password under the bounded semaphore; a full queue takes the attempt back and answers 429. */
async function checkPassword(attempt: Extract<AttemptOutcome, { allowed: true }>['attempt'], check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof PasswordChecksBusy) {
      await attempt.cancel();
      throw BUSY;
    }
    throw error;
  }
}

function secureCookie(ctx: Context): boolean {
  return ctx.services.secureCookies || ctx.https;
}

function meJson(user: SessionUser) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleName: ROLE_NAMES[user.role],
    examinerId: user.examinerId,
    /** True after a password reset (or on an account created with a password the secretariat chose): only `changePassword` works until then. */
    mustChangePassword: user.mustChangePassword === true,
  };
}

export const authRouter = {
  login: publicProcedure
    .meta({ keepsCache: true })
    .input(
      z.object({
        username: z.string().trim().min(1, 'Enter a username').max(64),
        password: z.string().min(1, 'Enter a password').max(256),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const now = ctx.services.now();
      // Counted before the slow check, so parallel or batched guesses are all counted.
      const outcome = await ctx.services.loginThrottle.begin(ctx.db, input.username, ctx.ip, now);
      if (!outcome.allowed) throw throttled(outcome, { zh: '登录失败次数过多', en: 'Too many failed sign-in attempts' });
      const row = await findUserByUsername(ctx.db, input.username);
      const ok = await checkPassword(outcome.attempt, async () =>
        row && row.disabled === 0 ? verifyPassword(row.password_hash, input.password) : (await verifyDummy(input.password), false),
      );
      if (!row || !ok) throw apiError('UNAUTHORIZED', { zh: '用户名或密码错误。', en: 'Wrong username or password.' });
      await outcome.attempt.succeeded();
      // Expired and idle sessions are purged as people sign in (and hourly by the server).
      await purgeExpired(ctx.db, ctx.services);
      const session = await createUserSession(ctx.db, ctx.services, row.id);
      await recordLogin(ctx.db, row.id, now.toISOString());
      await writeAudit(ctx.db, { userId: row.id, action: 'auth.login', entity: 'user', entityId: row.id, at: now.toISOString() });
      ctx.setCookie(sessionCookie(session.token, { maxAgeSeconds: session.ttlMs / 1000, secure: secureCookie(ctx) }));
      const user = toSessionUser(row);
      ctx.user = user;
      return meJson(user);
    }),

  logout: allow('secretariat', 'committee', 'leadership', 'examiner')
    .meta({ keepsCache: true, duringPasswordChange: true })
    .mutation(async ({ ctx }) => {
      if (ctx.sessionId) await deleteUserSession(ctx.db, ctx.services, ctx.sessionId);
      ctx.setCookie(clearedSessionCookie(secureCookie(ctx)));
      return { ok: true as const };
    }),

  /**
   * Signs the caller out on every device: ends all their sessions, this one included, and
   * clears the cookie. Audited with the number of sessions ended.
   */
  logoutEverywhere: allow(...SIGNED_IN)
    .meta({ keepsCache: true, duringPasswordChange: true })
    .mutation(async ({ ctx }) => {
      const me = ctx.user!;
      const at = ctx.services.now().toISOString();
      const sessionsEnded = await inTransaction(ctx, async (tx) => {
        const ended = await endSessionsOf(tx.db, ctx.services, me.id);
        await writeAudit(tx.db, {
          userId: me.id,
          action: 'auth.logoutEverywhere',
          entity: 'user',
          entityId: me.id,
          before: { username: me.username, sessions: ended },
          after: { username: me.username, sessions: 0 },
          at,
        });
        return ended;
      });
      ctx.setCookie(clearedSessionCookie(secureCookie(ctx)));
      return { sessionsEnded };
    }),

  /** The number of active sessions of every account that has one (the secretariat's accounts list). */
  activeSessions: allow(...SECRETARIAT).query(async ({ ctx }) => {
    const counts = await countActiveSessions(ctx.db, sessionBounds(ctx.services, ctx.services.now()));
    return [...counts].map(([userId, sessions]) => ({ userId, sessions }));
  }),

  /**
   * The secretariat ends every session of an account (a lost laptop, a departing user who stays
   * enabled). Its own account: use `logoutEverywhere`. Audited with the number ended.
   */
  endUserSessions: allow(...SECRETARIAT)
    .meta({ keepsCache: true })
    .input(z.object({ userId: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const me = ctx.user!;
      if (input.userId === me.id) {
        throw apiError('BAD_REQUEST', {
          zh: '要结束自己的全部会话，请在用户菜单中选择“在所有设备上退出”。',
          en: 'To end your own sessions, choose “Sign out everywhere” in the user menu.',
        });
      }
      const account = await ctx.db.selectFrom('users').select(['id', 'username']).where('id', '=', input.userId).executeTakeFirst();
      if (!account)
        throw apiError('NOT_FOUND', { zh: `找不到编号为 ${input.userId} 的账户。`, en: `Account ${input.userId} was not found.` }, { id: input.userId });
      const at = ctx.services.now().toISOString();
      const sessionsEnded = await inTransaction(ctx, async (tx) => {
        const ended = await endSessionsOf(tx.db, ctx.services, account.id);
        await writeAudit(tx.db, {
          userId: me.id,
          action: 'user.endSessions',
          entity: 'user',
          entityId: account.id,
          before: { username: account.username, sessions: ended },
          after: { username: account.username, sessions: 0 },
          at,
        });
        return ended;
      });
      return { sessionsEnded };
    }),

  /**
   * Changes the caller's own password. A wrong current password is refused and counts against the
   * sign-in throttle (as a failed sign-in of the username); the new one must follow the password
   * rules. Ends the user's other sessions and lifts the obligation to change after a reset. Audited
   * without any password.
   */
  changePassword: allow(...SIGNED_IN)
    .meta({ changes: 'nothing', duringPasswordChange: true })
    .input(
      z.object({
        current: z.string().min(1, 'Enter the current password (请输入当前密码)').max(256),
        next: z
          .string()
          .min(1, 'Enter the new password (请输入新密码)')
          .max(PASSWORD_MAX_LENGTH * 4),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const me = ctx.user!;
      const now = ctx.services.now();
      const outcome = await ctx.services.loginThrottle.begin(ctx.db, me.username, ctx.ip, now);
      if (!outcome.allowed) throw throttled(outcome, { zh: '当前密码输错次数过多', en: 'Too many wrong current passwords' });
      const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', me.id).executeTakeFirst();
      if (!row || row.disabled !== 0) {
        await outcome.attempt.cancel();
        throw apiError('UNAUTHORIZED', { zh: '请先登录。', en: 'Please sign in first.' });
      }
      if (!(await checkPassword(outcome.attempt, () => verifyPassword(row.password_hash, input.current)))) {
        throw apiError('BAD_REQUEST', { zh: '当前密码不正确。', en: 'The current password is wrong.' }, { field: 'current' });
      }
      await outcome.attempt.succeeded();
      const problems = passwordProblems(input.next, row.username);
      if (input.next === input.current) problems.push('same_as_current');
      if (problems.length > 0) throw apiError('BAD_REQUEST', passwordProblemText(problems), { field: 'next', problems });
      const hash = await hashPassword(input.next);
      const at = now.toISOString();
      const otherSessionsEnded = await inTransaction(ctx, async (tx) => {
        await updateAccount(tx.db, row.id, { passwordHash: hash, mustChangePassword: 0 });
        const ended = await endSessionsOf(tx.db, ctx.services, row.id, ctx.sessionId);
        await writeAudit(tx.db, {
          userId: row.id,
          action: 'auth.changePassword',
          entity: 'user',
          entityId: row.id,
          before: { mustChangePassword: row.must_change_password === 1 },
          after: { mustChangePassword: false, otherSessionsEnded: ended },
          at,
        });
        return ended;
      });
      const user = { ...me, mustChangePassword: false };
      ctx.user = user;
      return { ...meJson(user), otherSessionsEnded };
    }),

  me: publicProcedure.query(({ ctx }) => (ctx.user ? meJson(ctx.user) : null)),

  /** The demo accounts (password `demo-password`) when the server runs in demo mode; else []. */
  demoAccounts: publicProcedure.query(({ ctx }) =>
    ctx.services.demoMode ? DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.role, roleName: ROLE_NAMES[a.role], password: a.password })) : [],
  ),
};
