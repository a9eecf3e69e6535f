/** Sign-in with local accounts: argon2id passwords, an httpOnly SameSite session cookie, throttled login. */
import { deleteExpiredSessions, findUserByUsername, recordLogin, updateAccount, writeAudit } from '@mqa/db';
import { z } from 'zod';
import { endSessionsOf } from '../auth/accounts.ts';
import { hashPassword, verifyDummy, verifyPassword } from '../auth/password.ts';
import { PASSWORD_MAX_LENGTH, passwordProblems, passwordProblemText } from '../auth/passwordPolicy.ts';
import { clearedSessionCookie, createUserSession, deleteUserSession, sessionCookie } from '../auth/session.ts';
import { toSessionUser, type SessionUser } from '../context.ts';
import { apiError } from '../errors.ts';
import { allow, publicProcedure, ROLE_NAMES } from '../trpc.ts';
import { inTransaction } from './helpers.ts';
import { SIGNED_IN } from './roles.ts';
import { DEMO_ACCOUNTS } from '../bootstrap.ts';

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
      const limiter = ctx.services.loginLimiter;
      const wait = limiter.retryAfter(input.username, ctx.ip, now.getTime());
      if (wait > 0) {
        throw apiError(
          'TOO_MANY_REQUESTS',
          {
            zh: `登录失败次数过多，请在 ${Math.ceil(wait / 60)} 分钟后再试。`,
            en: `Too many failed sign-in attempts; try again in ${Math.ceil(wait / 60)} minute(s).`,
          },
          { retryAfterSeconds: wait },
        );
      }
      const row = await findUserByUsername(ctx.db, input.username);
      const ok = row && row.disabled === 0 ? await verifyPassword(row.password_hash, input.password) : (await verifyDummy(input.password), false);
      if (!row || !ok) {
        limiter.fail(input.username, ctx.ip, now.getTime());
        throw apiError('UNAUTHORIZED', { zh: '用户名或密码错误。', en: 'Wrong username or password.' });
      }
      limiter.reset(input.username);
      // Expired sessions are purged as people sign in, so the table never grows without bound.
      await deleteExpiredSessions(ctx.db, now.toISOString());
      const session = await createUserSession(ctx.db, ctx.services, row.id);
      await recordLogin(ctx.db, row.id, now.toISOString());
      await writeAudit(ctx.db, { userId: row.id, action: 'auth.login', entity: 'user', entityId: row.id, at: now.toISOString() });
      ctx.setCookie(sessionCookie(session.token, { maxAgeSeconds: session.ttlMs / 1000, secure: ctx.services.secureCookies }));
      const user = toSessionUser(row);
      ctx.user = user;
      return meJson(user);
    }),

  logout: allow('secretariat', 'committee', 'leadership', 'examiner')
    .meta({ keepsCache: true, duringPasswordChange: true })
    .mutation(async ({ ctx }) => {
      if (ctx.sessionId) await deleteUserSession(ctx.db, ctx.services, ctx.sessionId);
      ctx.setCookie(clearedSessionCookie(ctx.services.secureCookies));
      return { ok: true as const };
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
      const limiter = ctx.services.loginLimiter;
      const wait = limiter.retryAfter(me.username, ctx.ip, now.getTime());
      if (wait > 0) {
        throw apiError(
          'TOO_MANY_REQUESTS',
          {
            zh: `当前密码输错次数过多，请在 ${Math.ceil(wait / 60)} 分钟后再试。`,
            en: `Too many wrong current passwords; try again in ${Math.ceil(wait / 60)} minute(s).`,
          },
          { retryAfterSeconds: wait },
        );
      }
      const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', me.id).executeTakeFirst();
      if (!row || row.disabled !== 0) throw apiError('UNAUTHORIZED', { zh: '请先登录。', en: 'Please sign in first.' });
      if (!(await verifyPassword(row.password_hash, input.current))) {
        limiter.fail(me.username, ctx.ip, now.getTime());
        throw apiError('BAD_REQUEST', { zh: '当前密码不正确。', en: 'The current password is wrong.' }, { field: 'current' });
      }
      const problems = passwordProblems(input.next, row.username);
      if (input.next === input.current) problems.push('same_as_current');
      if (problems.length > 0) throw apiError('BAD_REQUEST', passwordProblemText(problems), { field: 'next', problems });
      limiter.reset(me.username);
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
