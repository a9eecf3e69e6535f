/**
 * The request context. `createContextInner` builds it from plain values, so the same context
 * serves HTTP requests (see `http.ts`) and tests (`createCaller(createContextInner({ db, user }))`).
 */
import type { DB, Role, User } from '@mqa/db';
import { findActiveSession, touchSession } from '@mqa/db';
import { readSessionToken, SESSION_TOUCH_MS, sessionBounds, sessionIdOf } from './auth/session.ts';
import { createServices, type Services } from './services/index.ts';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The examiner record of an examiner account. */
  examinerId: number | null;
  /** After a password reset: only `auth.changePassword` (and sign-out) until a new password is chosen. */
  mustChangePassword?: boolean;
}

export interface Context {
  db: DB;
  services: Services;
  /** The signed-in user, or null for an anonymous request. */
  user: SessionUser | null;
  /** Id (hash) of the current session, when signed in through a cookie. */
  sessionId: string | null;
  /** Client address, for login throttling. */
  ip: string;
  /** The request came over HTTPS (directly, or through a trusted proxy): the session cookie gets `Secure`. */
  https: boolean;
  /** Adds a `Set-Cookie` header to the response. */
  setCookie: (cookie: string) => void;
}

export interface ContextInnerOptions {
  db: DB;
  services?: Services;
  user?: SessionUser | null;
  sessionId?: string | null;
  ip?: string;
  https?: boolean;
  setCookie?: (cookie: string) => void;
}

export function createContextInner(options: ContextInnerOptions): Context {
  return {
    db: options.db,
    services: options.services ?? createServices(),
    user: options.user ?? null,
    sessionId: options.sessionId ?? null,
    ip: options.ip ?? 'local',
    https: options.https ?? false,
    setCookie: options.setCookie ?? (() => {}),
  };
}

export function toSessionUser(u: User): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    examinerId: u.examiner_id,
    mustChangePassword: u.must_change_password === 1,
  };
}

/** How long a resolved session is reused without asking the database again. */
export const SESSION_CACHE_MS = 5000;

/**
 * The user of a `Cookie` header, through the services' short-lived session cache (logout
 * removes the entry at once; an expired, idle or deleted session is noticed within
 * SESSION_CACHE_MS). A session ends `sessionTtlMs` after sign-in, or `sessionIdleMs` after its
 * last use, whichever comes first.
 */
export async function resolveSession(
  db: DB,
  services: Services,
  cookieHeader: string | undefined | null,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  const token = readSessionToken(cookieHeader);
  if (!token) return null;
  const sessionId = sessionIdOf(token);
  // Catch up with what other server processes changed (ended sessions, data) before answering.
  await services.versions.sync(db, services);
  const now = services.now();
  const hit = services.sessions.get(sessionId);
  if (hit && hit.until > now.getTime()) return { user: hit.user, sessionId };
  const found = await findActiveSession(db, sessionId, sessionBounds(services, now));
  if (!found) {
    services.sessions.delete(sessionId);
    return null;
  }
  // The idle timeout counts from the last use, recorded at most once a minute.
  if (now.getTime() - Date.parse(found.lastSeenAt) >= SESSION_TOUCH_MS) await touchSession(db, sessionId, now.toISOString());
  const user = toSessionUser(found.user);
  if (services.sessions.size > 10_000) services.sessions.clear();
  services.sessions.set(sessionId, { user, until: now.getTime() + SESSION_CACHE_MS });
  return { user, sessionId };
}
