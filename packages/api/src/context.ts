/**
 * The request context. `createContextInner` builds it from plain values, so the same context
 * serves HTTP requests (see `http.ts`) and tests (`createCaller(createContextInner({ db, user }))`).
 */
import type { DB, Role, User } from '@mqa/db';
import { findSessionUser } from '@mqa/db';
import { readSessionToken, sessionIdOf } from './auth/session.ts';
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
  /** Adds a `Set-Cookie` header to the response. */
  setCookie: (cookie: string) => void;
}

export interface ContextInnerOptions {
  db: DB;
  services?: Services;
  user?: SessionUser | null;
  sessionId?: string | null;
  ip?: string;
  setCookie?: (cookie: string) => void;
}

export function createContextInner(options: ContextInnerOptions): Context {
  return {
    db: options.db,
    services: options.services ?? createServices(),
    user: options.user ?? null,
    sessionId: options.sessionId ?? null,
    ip: options.ip ?? 'local',
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
 * removes the entry at once; an expired or deleted session is noticed within SESSION_CACHE_MS).
 */
export async function resolveSession(
  db: DB,
  services: Services,
  cookieHeader: string | undefined | null,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  const token = readSessionToken(cookieHeader);
  if (!token) return null;
  const sessionId = sessionIdOf(token);
  const now = services.now();
  const hit = services.sessions.get(sessionId);
  if (hit && hit.until > now.getTime()) return { user: hit.user, sessionId };
  const row = await findSessionUser(db, sessionId, now.toISOString());
  if (!row) {
    services.sessions.delete(sessionId);
    return null;
  }
  const user = toSessionUser(row);
  if (services.sessions.size > 10_000) services.sessions.clear();
  services.sessions.set(sessionId, { user, until: now.getTime() + SESSION_CACHE_MS });
  return { user, sessionId };
}
