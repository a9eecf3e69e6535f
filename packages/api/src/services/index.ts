import { ResultCache } from './cache.ts';
import { LoginRateLimiter, type RateLimitOptions } from './rateLimit.ts';
import type { SessionUser } from '../context.ts';

export { ResultCache } from './cache.ts';
export { LoginRateLimiter, type RateLimitOptions } from './rateLimit.ts';

/** Long-lived helpers shared by the requests of one server (or one test). */
export interface Services {
  cache: ResultCache;
  loginLimiter: LoginRateLimiter;
  /** Demo mode: the demo accounts exist and `auth.demoAccounts` lists them. */
  demoMode: boolean;
  /** Add `Secure` to the session cookie (serve over HTTPS). */
  secureCookies: boolean;
  /** Session lifetime. */
  sessionTtlMs: number;
  now: () => Date;
  /**
   * Recently resolved sessions (session id → user, valid until a time), so a request does not
   * query the database for its session each time. Entries live at most a few seconds; logout
   * removes its entry at once.
   */
  sessions: Map<string, { user: SessionUser; until: number }>;
}

export interface ServicesOptions {
  demoMode?: boolean;
  secureCookies?: boolean;
  sessionTtlMs?: number;
  now?: () => Date;
  rateLimit?: Partial<RateLimitOptions>;
  cacheEntries?: number;
}

export function createServices(options: ServicesOptions = {}): Services {
  return {
    cache: new ResultCache(options.cacheEntries),
    loginLimiter: new LoginRateLimiter(options.rateLimit),
    demoMode: options.demoMode ?? false,
    secureCookies: options.secureCookies ?? false,
    sessionTtlMs: options.sessionTtlMs ?? 12 * 3600_000,
    now: options.now ?? (() => new Date()),
    sessions: new Map(),
  };
}
