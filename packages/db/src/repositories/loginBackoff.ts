/**
 * The sign-in back-off table (`login_backoff`): one row per throttled key. The policy (how long
 * a key waits after how many failures) lives with sign-in in @mqa/api; these are its reads and
 * writes, so the state survives a restart.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../connection.ts';
import type { Database } from '../schema.ts';

type Queryable = Kysely<Database>;

export interface LoginBackoffRow {
  key: string;
  failures: number;
  lastAttemptAt: string;
  blockedUntil: string;
}

/**
 * Serialises back-off read-modify-writes: call first inside the transaction. SQLite already runs
 * one write transaction at a time; on PostgreSQL (READ COMMITTED, several connections and
 * processes) a transaction-scoped advisory lock makes concurrent sign-ins count one after another,
 * so a burst of guesses cannot all read the same count.
 */
export async function lockLoginBackoff(tx: Queryable): Promise<void> {
  if (isPostgres(tx)) await sql`select pg_advisory_xact_lock(${LOGIN_BACKOFF_LOCK})`.execute(tx);
}

/** The advisory-lock key of the back-off table (any fixed 64-bit number unique in this schema). */
const LOGIN_BACKOFF_LOCK = 0x6d716c6f67;

/** The rows of `keys` that exist. */
export async function readLoginBackoff(db: Queryable, keys: readonly string[]): Promise<LoginBackoffRow[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('login_backoff')
    .selectAll()
    .where('key', 'in', [...keys])
    .execute();
  return rows.map((r) => ({ key: r.key, failures: r.failures, lastAttemptAt: r.last_attempt_at, blockedUntil: r.blocked_until }));
}

/** Writes (inserts or replaces) one key's state. */
export async function writeLoginBackoff(db: Queryable, row: LoginBackoffRow): Promise<void> {
  await db
    .insertInto('login_backoff')
    .values({ key: row.key, failures: row.failures, last_attempt_at: row.lastAttemptAt, blocked_until: row.blockedUntil })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, last_attempt_at: row.lastAttemptAt, blocked_until: row.blockedUntil }))
    .execute();
}

export async function deleteLoginBackoff(db: Queryable, key: string): Promise<void> {
  await db.deleteFrom('login_backoff').where('key', '=', key).execute();
}

/** Forgets the keys whose last attempt is older than `beforeIso` and that no longer wait; returns how many. */
export async function purgeLoginBackoff(db: Queryable, beforeIso: string, nowIso: string): Promise<number> {
  const r = await db.deleteFrom('login_backoff').where('last_attempt_at', '<', beforeIso).where('blocked_until', '<=', nowIso).executeTakeFirst();
  return Number(r.numDeletedRows);
}
