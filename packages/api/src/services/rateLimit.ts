/**
 * Login throttling: failed attempts are counted per username and per client address in a sliding
 * window; past the limit, further attempts are refused until the oldest failure leaves the window.
 * The address limit is higher than the username limit (several people may share an office NAT).
 */
export interface RateLimitOptions {
  /** Failures allowed per username within the window (default 5). */
  maxFailures: number;
  /** Failures allowed per client address within the window (default 20). */
  maxFailuresPerAddress: number;
  /** Window length (default 15 minutes). */
  windowMs: number;
}

export class LoginRateLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly options: RateLimitOptions;

  constructor(options: Partial<RateLimitOptions> = {}) {
    const maxFailures = options.maxFailures ?? 5;
    this.options = {
      maxFailures,
      maxFailuresPerAddress: options.maxFailuresPerAddress ?? Math.max(maxFailures, 20),
      windowMs: options.windowMs ?? 15 * 60_000,
    };
  }

  #recent(key: string, now: number): number[] {
    const list = (this.#failures.get(key) ?? []).filter((t) => now - t < this.options.windowMs);
    if (list.length) this.#failures.set(key, list);
    else this.#failures.delete(key);
    return list;
  }

  #keys(username: string, address: string): [string, number][] {
    return [
      [`user:${username.toLowerCase()}`, this.options.maxFailures],
      [`ip:${address}`, this.options.maxFailuresPerAddress],
    ];
  }

  /** Seconds to wait before another attempt is allowed; 0 when allowed now. */
  retryAfter(username: string, address: string, now: number): number {
    let wait = 0;
    for (const [key, max] of this.#keys(username, address)) {
      const list = this.#recent(key, now);
      if (list.length >= max) {
        const oldest = list[list.length - max]!;
        wait = Math.max(wait, Math.ceil((oldest + this.options.windowMs - now) / 1000));
      }
    }
    return wait;
  }

  fail(username: string, address: string, now: number): void {
    for (const [key] of this.#keys(username, address)) {
      const list = this.#recent(key, now);
      list.push(now);
      this.#failures.set(key, list);
    }
    if (this.#failures.size > 50_000) this.#failures.clear();
  }

  /** A successful sign-in clears the username's failures (not the address's). */
  reset(username: string): void {
    this.#failures.delete(`user:${username.toLowerCase()}`);
  }
}
