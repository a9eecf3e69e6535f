/** Session tokens, sessions of users, and the session cookie. */
import { createHash, randomBytes } from 'node:crypto';
import { createSession, deleteSession, purgeSessions, type DB } from '@mqa/db';
import type { Services } from '../services/index.ts';

export const SESSION_COOKIE = 'mqa_session';

/** A new random session token (the cookie value). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores: SHA-256 of the token, so a leaked database holds no usable session. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A session just created: the token goes to the client (cookie), the database keeps its hash. */
export interface UserSession {
  /** The cookie value. */
  token: string;
  /** What the sessions table stores ({@link sessionIdOf} of the token). */
  sessionId: string;
  createdAt: Date;
  expiresAt: Date;
  ttlMs: number;
}

/**
 * Creates a session of user `userId` for `ttlMs` (default: the services' session lifetime).
 * The one implementation behind `auth.login` and the server's own short-lived sessions (the
 * PDF report renders the dashboard as the requesting user).
 */
export async function createUserSession(
  db: DB,
  services: Pick<Services, 'now' | 'sessionTtlMs'>,
  userId: number,
  ttlMs: number = services.sessionTtlMs,
): Promise<UserSession> {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`A session lifetime must be a positive number of milliseconds, not ${ttlMs}.`);
  const token = newSessionToken();
  const sessionId = sessionIdOf(token);
  const createdAt = services.now();
  const expiresAt = new Date(createdAt.getTime() + ttlMs);
  await createSession(db, { id: sessionId, userId, createdAt: createdAt.toISOString(), expiresAt: expiresAt.toISOString() });
  return { token, sessionId, createdAt, expiresAt, ttlMs };
}

/**
 * Ends a session: deletes it from the database and drops it from the services' session cache
 * at once (also when the deletion fails), so it authenticates no further request.
 */
export async function deleteUserSession(db: DB, services: Pick<Services, 'sessions' | 'versions'>, sessionId: string): Promise<void> {
  try {
    await deleteSession(db, sessionId);
  } finally {
    services.sessions.delete(sessionId);
  }
  // Other server processes drop their cached sessions too.
  await services.versions.sessionsEnded(db);
}

/** A session used again is recorded as seen at most this often (one write per minute of use). */
export const SESSION_TOUCH_MS = 60_000;

/** The bounds a session must be within at `now`: before its absolute end, used since `idleSince`. */
export function sessionBounds(services: Pick<Services, 'sessionIdleMs'>, now: Date): { nowIso: string; idleSinceIso: string } {
  return { nowIso: now.toISOString(), idleSinceIso: new Date(now.getTime() - services.sessionIdleMs).toISOString() };
}

/**
 * Deletes the sessions past their absolute end or idle too long, and the sign-in back-off rows
 * that no longer count. Runs at sign-in, when the server starts and every hour.
 */
export async function purgeExpired(
  db: DB,
  services: Pick<Services, 'now' | 'sessionIdleMs' | 'loginThrottle'>,
): Promise<{ sessions: number; backoff: number }> {
  const now = services.now();
  const sessions = await purgeSessions(db, sessionBounds(services, now));
  const backoff = await services.loginThrottle.purge(db, now);
  return { sessions, backoff };
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** `Set-Cookie` value of the session cookie: httpOnly, SameSite=Strict, whole site. */
export function sessionCookie(token: string, options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** `Set-Cookie` value that deletes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { maxAgeSeconds: 0, secure });
}

/** The session token from a `Cookie` request header, or null. */
export function readSessionToken(cookieHeader: string | undefined | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const v = part.slice(eq + 1).trim();
      return v && /^[A-Za-z0-9_-]{16,128}$/.test(v) ? v : null;
    }
  }
  return null;
}
