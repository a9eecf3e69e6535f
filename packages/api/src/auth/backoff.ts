/**
 * Sign-in back-off, per account and per client address, kept in the database (`login_backoff`)
 * so a restart does not clear it.
 *
 * Every attempt is counted **before** the password is checked (a batch or a burst of parallel
 * guesses is counted in full, not after the slow hash), in one transaction that first refuses
 * the attempt when either key still waits. After `free` failures in a streak a key waits
 * `baseMs · 2^(failures − free)`, at most `maxMs`; a streak is forgotten `forgetAfterMs` after
 * its last attempt. A success clears the account's streak and takes back its own count from the
 * address. The address rule bites first (fewer free failures) and may wait long; the account's
 * wait is short and bounded, so one address cannot keep an account such as `admin` locked: the
 * attacker's address waits 32 times longer than the account it targets.
 */
import { deleteLoginBackoff, lockLoginBackoff, purgeLoginBackoff, readLoginBackoff, writeLoginBackoff, type DB, type LoginBackoffRow } from '@mqa/db';

export interface BackoffRule {
  /** Failures of a streak allowed before the key waits. */
  free: number;
  /** Wait after the first failure past `free`; doubles with each further failure. */
  baseMs: number;
  /** Longest wait. */
  maxMs: number;
}

export interface LoginBackoffOptions {
  /** Per username (default: 10 free, 1 s doubling, at most 5 minutes). */
  account: BackoffRule;
  /** Per client address (default: 5 free, 1 s doubling, at most 1 hour). */
  address: BackoffRule;
  /** A streak is forgotten this long after its last attempt (default 24 hours). */
  forgetAfterMs: number;
}

export const DEFAULT_LOGIN_BACKOFF: LoginBackoffOptions = {
  account: { free: 10, baseMs: 1000, maxMs: 5 * 60_000 },
  address: { free: 5, baseMs: 1000, maxMs: 60 * 60_000 },
  forgetAfterMs: 24 * 3600_000,
};

/** The wait after `failures` failures of a streak under `rule` (0: none). */
export function backoffDelayMs(failures: number, rule: BackoffRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(failures - rule.free, 40));
}

export const accountKey = (username: string) => `user:${username.trim().toLowerCase()}`;
export const addressKey = (address: string) => `ip:${address}`;

/** An attempt counted and allowed to check its password; say how it ended. */
export interface LoginAttempt {
  /** The password was right: clears the account's streak, takes this attempt back from the address. */
  succeeded(): Promise<void>;
  /** The password was not checked (the server was busy): takes this attempt back from both keys. */
  cancel(): Promise<void>;
}

export type AttemptOutcome = { allowed: true; attempt: LoginAttempt } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
  readonly options: LoginBackoffOptions;

  constructor(options: Partial<LoginBackoffOptions> = {}) {
    this.options = {
      account: { ...DEFAULT_LOGIN_BACKOFF.account, ...options.account },
      address: { ...DEFAULT_LOGIN_BACKOFF.address, ...options.address },
      forgetAfterMs: options.forgetAfterMs ?? DEFAULT_LOGIN_BACKOFF.forgetAfterMs,
    };
  }

  #rules(username: string, address: string): [string, BackoffRule][] {
    return [
      [addressKey(address), this.options.address],
      [accountKey(username), this.options.account],
    ];
  }

  /** The failures still counting of a stored row at `now` (0 when its streak is forgotten). */
  #live(row: LoginBackoffRow | undefined, now: number): number {
    if (!row) return 0;
    return now - Date.parse(row.lastAttemptAt) > this.options.forgetAfterMs ? 0 : row.failures;
  }

  /**
   * Counts an attempt of `username` from `address` at `now`, unless either key still waits (then
   * nothing is counted and the answer says how long to wait).
   */
  async begin(db: DB, username: string, address: string, now: Date): Promise<AttemptOutcome> {
    const rules = this.#rules(username, address);
    const t = now.getTime();
    const outcome = await db.transaction().execute(async (tx) => {
      await lockLoginBackoff(tx);
      const rows = new Map(
        (
          await readLoginBackoff(
            tx,
            rules.map(([key]) => key),
          )
        ).map((r) => [r.key, r]),
      );
      let waitMs = 0;
      for (const [key, rule] of rules) {
        const row = rows.get(key);
        // Never more than the wait its failures call for (also when the clock was set back).
        const live = this.#live(row, t);
        if (row && live > 0) waitMs = Math.max(waitMs, Math.min(Date.parse(row.blockedUntil) - t, backoffDelayMs(live, rule)));
      }
      if (waitMs > 0) return { allowed: false as const, retryAfterSeconds: Math.ceil(waitMs / 1000) };
      for (const [key, rule] of rules) {
        const failures = this.#live(rows.get(key), t) + 1;
        await writeLoginBackoff(tx, {
          key,
          failures,
          lastAttemptAt: now.toISOString(),
          blockedUntil: new Date(t + backoffDelayMs(failures, rule)).toISOString(),
        });
      }
      return { allowed: true as const };
    });
    if (!outcome.allowed) return outcome;
    return {
      allowed: true,
      attempt: {
        succeeded: () => this.#takeBack(db, rules, { clearAccount: true }),
        cancel: () => this.#takeBack(db, rules, { clearAccount: false }),
      },
    };
  }

  async #takeBack(db: DB, rules: [string, BackoffRule][], how: { clearAccount: boolean }): Promise<void> {
    await db.transaction().execute(async (tx) => {
      await lockLoginBackoff(tx);
      const rows = new Map(
        (
          await readLoginBackoff(
            tx,
            rules.map(([key]) => key),
          )
        ).map((r) => [r.key, r]),
      );
      for (const [key, rule] of rules) {
        const row = rows.get(key);
        if (!row) continue;
        const failures = Math.max(0, row.failures - 1);
        if ((how.clearAccount && key.startsWith('user:')) || failures === 0) {
          await deleteLoginBackoff(tx, key);
          continue;
        }
        // Never lengthens a wait; shortens it only by this attempt's own step.
        const blockedUntil = Math.min(Date.parse(row.blockedUntil), Date.parse(row.lastAttemptAt) + backoffDelayMs(failures, rule));
        await writeLoginBackoff(tx, { ...row, failures, blockedUntil: new Date(blockedUntil).toISOString() });
      }
    });
  }

  /** Clears an account's streak (a password reset by the secretariat). */
  async reset(db: DB, username: string): Promise<void> {
    await deleteLoginBackoff(db, accountKey(username));
  }

  /** Forgets streaks that no longer count; returns how many keys were removed. */
  async purge(db: DB, now: Date): Promise<number> {
    return purgeLoginBackoff(db, new Date(now.getTime() - this.options.forgetAfterMs).toISOString(), now.toISOString());
  }
}
