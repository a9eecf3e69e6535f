/**
 * Computed results that cannot change until the data or the weights change (a scored cycle, an
 * overview, …) are kept here, each with the data version it was computed at.
 *
 * Versions are kept per cycle: a value belongs to a scope, either some cycles (by year) or
 * everything. A key of the form `name:<year>[:…]` (e.g. `scored:2023:-:priorityAreas`) holds a
 * result of that cycle only — computed from that cycle's rows and from tables every cycle shares
 * (weight sets, examiners, organisations), whose changes drop everything — so its scope is that
 * cycle; any other key (`trends`, `followUp`, `sectors:all`) depends on every cycle. A mutation
 * bumps either the cycles it changed ({@link ResultCache.bump} with years: only values of those
 * cycles and values depending on every cycle are dropped) or everything (no years). One cache per
 * `Services`, so tests stay isolated.
 */

/** The cycles (years) a cached value depends on; `null`: any data at all. */
export type CacheScope = readonly number[] | null;

const CYCLE_KEY = /^[A-Za-z][\w-]*:(\d{4})(?=:|$)/;

/** The scope of a memo key: `name:<year>[:…]` belongs to that cycle, anything else to every cycle. */
export function scopeOfKey(key: string): CacheScope {
  const m = CYCLE_KEY.exec(key);
  return m ? [Number(m[1])] : null;
}

interface Entry<T> {
  stamp: string;
  scope: CacheScope;
  value: T;
}

function touches(scope: CacheScope, years: ReadonlySet<number>): boolean {
  return scope === null || scope.some((y) => years.has(y));
}

export class ResultCache {
  /** Every bump, of some cycles or of everything. */
  #version = 0;
  /** Bumps of everything. */
  #epoch = 0;
  readonly #cycleVersions = new Map<number, number>();
  readonly #entries = new Map<string, Entry<Promise<unknown>>>();
  readonly #values = new Map<string, Entry<unknown>>();
  readonly #listeners = new Set<(version: number, years: readonly number[] | null) => void>();
  readonly #maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(maxEntries = 500) {
    this.#maxEntries = maxEntries;
  }

  /** The data version: incremented by every bump (of one cycle or of everything). */
  get version(): number {
    return this.#version;
  }

  /** How often the data of the cycle of `year` changed (bumps of everything not included). */
  cycleVersion(year: number): number {
    return this.#cycleVersions.get(year) ?? 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The version token of a scope: it changes exactly when a value of that scope must be
   * recomputed (a bump of everything, or of one of its cycles; for `null`, any bump).
   */
  stamp(scope: CacheScope): string {
    if (scope === null) return `v${this.#version}`;
    let s = `e${this.#epoch}`;
    for (const y of scope) s += `|${y}.${this.#cycleVersions.get(y) ?? 0}`;
    return s;
  }

  /**
   * Calls `listener` after every bump (e.g. to recompute hot results in the background) with the
   * years bumped, or null when everything was.
   */
  onBump(listener: (version: number, years: readonly number[] | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Marks data as changed: the cycles of `years` only (their values and those depending on every
   * cycle are dropped), or, without years, everything.
   */
  bump(years?: number | readonly number[]): void {
    const list = years === undefined ? null : typeof years === 'number' ? [years] : [...new Set(years)];
    this.#version++;
    if (list === null || list.length === 0) {
      this.#epoch++;
      this.#entries.clear();
      this.#values.clear();
    } else {
      for (const y of list) this.#cycleVersions.set(y, (this.#cycleVersions.get(y) ?? 0) + 1);
      const set = new Set(list);
      for (const map of [this.#entries, this.#values] as Map<string, Entry<unknown>>[]) {
        for (const [k, e] of map) if (touches(e.scope, set)) map.delete(k);
      }
    }
    const bumped = list && list.length > 0 ? list : null;
    for (const l of this.#listeners) l(this.#version, bumped);
  }

  /**
   * A plain value stored with {@link set} (e.g. a serialized response), while its scope's data
   * has not changed since. `scope` defaults to the key's ({@link scopeOfKey}).
   */
  get<T>(key: string, scope: CacheScope = scopeOfKey(key)): T | undefined {
    const e = this.#values.get(key);
    if (!e) return undefined;
    if (e.stamp !== this.stamp(scope)) {
      this.#values.delete(key);
      return undefined;
    }
    this.hits++;
    this.#values.delete(key);
    this.#values.set(key, e);
    return e.value as T;
  }

  /**
   * Stores a value computed when its scope's {@link stamp} was `computedAt`; ignored when that
   * data changed since (a result computed from old data is never kept as current).
   */
  set(key: string, value: unknown, computedAt: string, scope: CacheScope = scopeOfKey(key)): void {
    if (this.#maxEntries === 0 || computedAt !== this.stamp(scope)) return;
    this.#values.delete(key);
    this.#values.set(key, { stamp: computedAt, scope, value });
    while (this.#values.size > this.#maxEntries) this.#values.delete(this.#values.keys().next().value as string);
  }

  /** The cached value for `key` while its scope's data is unchanged, computing it once when absent. */
  memo<T>(key: string, compute: () => Promise<T> | T, scope: CacheScope = scopeOfKey(key)): Promise<T> {
    const stamp = this.stamp(scope);
    const hit = this.#entries.get(key);
    if (hit && hit.stamp === stamp) {
      this.hits++;
      // Refresh recency (Map keeps insertion order: the first key is the least recently used).
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    this.misses++;
    const p = Promise.resolve().then(compute);
    this.#entries.delete(key);
    this.#entries.set(key, { stamp, scope, value: p });
    // A failed computation is not kept: the next call tries again.
    p.catch(() => {
      if (this.#entries.get(key)?.value === p) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return p;
  }
}
