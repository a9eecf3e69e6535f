/**
 * Keeping several server processes on one database consistent. Each process caches computed
 * results ({@link ResultCache}) and resolved sessions in its own memory; a change made through
 * one process must reach the others before they answer again. Every change is counted in the
 * database (`data_versions`: `all`, `y<year>`, `sessions`), and before a process answers it
 * compares the counts with those it last saw and drops what moved. One small read per request;
 * concurrent requests share it.
 */
import { bumpDataVersions, readDataVersions, type DB } from '@mqa/db';
import type { ResultCache } from './cache.ts';

const ALL = 'all';
const SESSIONS = 'sessions';
const yearScope = (year: number) => `y${year}`;

export interface VersionedState {
  cache: ResultCache;
  /** The process's resolved-session cache (cleared when any process ends a session). */
  sessions: Map<string, unknown>;
}

export class SharedVersions {
  /** The counts this process has caught up with; null before the first read. */
  #seen: Map<string, number> | null = null;
  #inFlight: Promise<void> | null = null;
  /** How many times another process's change made this one drop something (for tests and logs). */
  applied = 0;

  /**
   * Catches up with changes other processes made: drops the cached results of each cycle whose
   * count moved (everything when `all` moved) and the resolved sessions when `sessions` moved.
   */
  sync(db: DB, state: VersionedState): Promise<void> {
    this.#inFlight ??= this.#read(db, state).finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #read(db: DB, state: VersionedState): Promise<void> {
    const now = await readDataVersions(db);
    const seen = this.#seen;
    this.#seen = now;
    if (seen === null) return;
    const moved = [...now].filter(([scope, v]) => seen.get(scope) !== v).map(([scope]) => scope);
    if (moved.length === 0) return;
    this.applied++;
    if (moved.includes(SESSIONS)) state.sessions.clear();
    if (moved.includes(ALL)) state.cache.bump();
    else {
      const years = moved.filter((s) => /^y\d{4}$/.test(s)).map((s) => Number(s.slice(1)));
      if (years.length > 0) state.cache.bump(years);
    }
  }

  /**
   * Data changed: the cycles of `years`, or, without years, anything. Drops this process's
   * cached results at once and counts the change for the others.
   */
  async dataChanged(db: DB, state: VersionedState, years?: number | readonly number[]): Promise<void> {
    const list = years === undefined ? [] : typeof years === 'number' ? [years] : [...years];
    if (list.length === 0) state.cache.bump();
    else state.cache.bump(list);
    await this.#count(db, list.length === 0 ? [ALL] : list.map(yearScope));
  }

  /** A session ended (sign-out, "everywhere", an account disabled): other processes forget theirs. */
  async sessionsEnded(db: DB): Promise<void> {
    await this.#count(db, [SESSIONS]);
  }

  async #count(db: DB, scopes: string[]): Promise<void> {
    const counts = await bumpDataVersions(db, scopes);
    // Our own change is applied here already: skip it at the next sync, but only when no other
    // process counted one in between (then the next sync drops that scope once more).
    const seen = this.#seen;
    if (seen) for (const [s, v] of counts) if ((seen.get(s) ?? 0) + 1 === v) seen.set(s, v);
  }
}
