/** Session tokens and the session cookie. */
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'mqa_session';

/** A new random session token (the cookie value). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores: SHA-256 of the token, so a leaked database holds no usable session. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** `Set-Cookie` value of the session cookie: httpOnly, SameSite=Strict, whole site. */
export function sessionCookie(token: string, options: CookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
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
