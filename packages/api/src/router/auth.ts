/** Sign-in with local accounts: argon2id passwords, an httpOnly SameSite session cookie, throttled login. */
import { deleteExpiredSessions, findUserByUsername, writeAudit } from '@mqa/db';
import { z } from 'zod';
import { verifyDummy, verifyPassword } from '../auth/password.ts';
import { clearedSessionCookie, createUserSession, deleteUserSession, sessionCookie } from '../auth/session.ts';
import { toSessionUser, type SessionUser } from '../context.ts';
import { apiError } from '../errors.ts';
import { allow, publicProcedure, ROLE_NAMES } from '../trpc.ts';
import { DEMO_ACCOUNTS } from '../bootstrap.ts';

function meJson(user: SessionUser) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleName: ROLE_NAMES[user.role],
    examinerId: user.examinerId,
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
      await writeAudit(ctx.db, { userId: row.id, action: 'auth.login', entity: 'user', entityId: row.id, at: now.toISOString() });
      ctx.setCookie(sessionCookie(session.token, { maxAgeSeconds: session.ttlMs / 1000, secure: ctx.services.secureCookies }));
      const user = toSessionUser(row);
      ctx.user = user;
      return meJson(user);
    }),

  logout: allow('secretariat', 'committee', 'leadership', 'examiner')
    .meta({ keepsCache: true })
    .mutation(async ({ ctx }) => {
      if (ctx.sessionId) await deleteUserSession(ctx.db, ctx.services, ctx.sessionId);
      ctx.setCookie(clearedSessionCookie(ctx.services.secureCookies));
      return { ok: true as const };
    }),

  me: publicProcedure.query(({ ctx }) => (ctx.user ? meJson(ctx.user) : null)),

  /** The demo accounts (password `demo-password`) when the server runs in demo mode; else []. */
  demoAccounts: publicProcedure.query(({ ctx }) =>
    ctx.services.demoMode
      ? DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.role, roleName: ROLE_NAMES[a.role], password: a.password }))
      : [],
  ),
};

