/**
 * Computed results that cannot change until the data or the weights change (a scored cycle, an
 * overview, …) are kept here, keyed by `key@dataVersion`. Every data mutation bumps the version,
 * which also drops everything cached. One cache per `Services`, so tests stay isolated.
 */
export class ResultCache {
  #version = 0;
  readonly #entries = new Map<string, Promise<unknown>>();
  readonly #maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(maxEntries = 500) {
    this.#maxEntries = maxEntries;
  }

  /** The data version: incremented by every mutation that changes scores, weights or phases. */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#entries.size;
  }

  readonly #listeners = new Set<(version: number) => void>();

  /** Calls `listener` after every bump (e.g. to recompute hot results in the background). */
  onBump(listener: (version: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Marks the data as changed: later lookups compute afresh. */
  bump(): void {
    this.#version++;
    this.#entries.clear();
    this.#values.clear();
    for (const l of this.#listeners) l(this.#version);
  }

  readonly #values = new Map<string, unknown>();

  /** A plain value stored with {@link set} at the current data version (e.g. a serialized response). */
  get<T>(key: string): T | undefined {
    const k = `${key}@${this.#version}`;
    const v = this.#values.get(k) as T | undefined;
    if (v === undefined) return undefined;
    this.hits++;
    this.#values.delete(k);
    this.#values.set(k, v);
    return v;
  }

  /**
   * Stores a value computed at data version `computedAt`; ignored when the data changed since
   * (a result computed from old data is never stored under the new version).
   */
  set(key: string, value: unknown, computedAt: number): void {
    if (computedAt !== this.#version || this.#maxEntries === 0) return;
    this.#values.set(`${key}@${this.#version}`, value);
    while (this.#values.size > this.#maxEntries) this.#values.delete(this.#values.keys().next().value as string);
  }

  /** The cached value for `key` at the current data version, computing it once when absent. */
  memo<T>(key: string, compute: () => Promise<T> | T): Promise<T> {
    const k = `${key}@${this.#version}`;
    const hit = this.#entries.get(k);
    if (hit) {
      this.hits++;
      // Refresh recency (Map keeps insertion order: the first key is the least recently used).
      this.#entries.delete(k);
      this.#entries.set(k, hit);
      return hit as Promise<T>;
    }
    this.misses++;
    const p = Promise.resolve().then(compute);
    this.#entries.set(k, p);
    // A failed computation is not kept: the next call tries again.
    p.catch(() => {
      if (this.#entries.get(k) === p) this.#entries.delete(k);
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return p;
  }
}
