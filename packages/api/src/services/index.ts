import { ResultCache } from './cache.ts';
import { SharedVersions } from './versions.ts';
import { LoginThrottle, type BackoffRule, type LoginBackoffOptions } from '../auth/backoff.ts';
import type { SessionUser } from '../context.ts';
import { computeWorkersFor, type ComputeSettings, type ComputeWorkers } from '../compute/workers.ts';

export { ResultCache } from './cache.ts';
export { SharedVersions } from './versions.ts';
export { LoginThrottle, DEFAULT_LOGIN_BACKOFF, backoffDelayMs, type BackoffRule, type LoginBackoffOptions } from '../auth/backoff.ts';

/**
 * A shorthand for tests: `maxFailures` free failures per account (`maxFailuresPerAddress` per
 * address, default the larger of it and 20), then a wait of `windowMs` that doubles with each
 * further failure.
 */
export interface RateLimitOptions {
  maxFailures: number;
  maxFailuresPerAddress: number;
  windowMs: number;
}

function throttleOptions(options: ServicesOptions): Partial<LoginBackoffOptions> {
  const out: Partial<LoginBackoffOptions> = { ...options.loginBackoff };
  const r = options.rateLimit;
  if (r) {
    const free = r.maxFailures ?? 5;
    const rule = (n: number): BackoffRule => ({ free: n, baseMs: r.windowMs ?? 15 * 60_000, maxMs: Math.max(r.windowMs ?? 15 * 60_000, 3600_000) });
    out.account ??= rule(free);
    out.address ??= rule(r.maxFailuresPerAddress ?? Math.max(free, 20));
  }
  return out;
}

/** Long-lived helpers shared by the requests of one server (or one test). */
export interface Services {
  cache: ResultCache;
  /** Change counts shared with other server processes on the same database (services/versions.ts). */
  versions: SharedVersions;
  /** Sign-in back-off per account and address, kept in the database (auth/backoff.ts). */
  loginThrottle: LoginThrottle;
  /** Demo mode: the demo accounts exist and `auth.demoAccounts` lists them. */
  demoMode: boolean;
  /** Add `Secure` to the session cookie (serve over HTTPS). */
  secureCookies: boolean;
  /** Session lifetime (absolute: from sign-in). */
  sessionTtlMs: number;
  /** A session unused this long ends (the idle timeout). */
  sessionIdleMs: number;
  now: () => Date;
  /**
   * Recently resolved sessions (session id → user, valid until a time), so a request does not
   * query the database for its session each time. Entries live at most a few seconds; logout
   * removes its entry at once.
   */
  sessions: Map<string, { user: SessionUser; until: number }>;
  /** Worker threads for the heavy analytics (compute/heavy.ts); absent: they run on the main thread. */
  compute?: ComputeWorkers | null;
}

/** Default absolute session lifetime: 12 hours. */
export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000;
/** Default idle timeout: 2 hours without a request. */
export const DEFAULT_SESSION_IDLE_MS = 2 * 3600_000;

export interface ServicesOptions {
  demoMode?: boolean;
  secureCookies?: boolean;
  sessionTtlMs?: number;
  sessionIdleMs?: number;
  now?: () => Date;
  loginBackoff?: Partial<LoginBackoffOptions>;
  rateLimit?: Partial<RateLimitOptions>;
  cacheEntries?: number;
  /**
   * The database the server runs on, for the compute workers to open too (a file or PostgreSQL;
   * none for an in-memory database). Without it the heavy analytics run on the main thread.
   */
  computeDatabaseUrl?: string;
  /** Compute worker settings (default: from the environment, see compute/workers.ts). */
  compute?: ComputeSettings;
}

export function createServices(options: ServicesOptions = {}): Services {
  return {
    cache: new ResultCache(options.cacheEntries),
    versions: new SharedVersions(),
    loginThrottle: new LoginThrottle(throttleOptions(options)),
    demoMode: options.demoMode ?? false,
    secureCookies: options.secureCookies ?? false,
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    sessionIdleMs: options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS,
    now: options.now ?? (() => new Date()),
    sessions: new Map(),
    compute: computeWorkersFor(options.computeDatabaseUrl, options.compute),
  };
}
