/** Accounts and sessions. */
import type { Kysely } from 'kysely';
import type { Database, NewUser, Role, User } from '../schema.ts';

export type Queryable = Kysely<Database>;

export async function findUserByUsername(db: Queryable, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function countUsers(db: Queryable, role?: Role): Promise<number> {
  let q = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'));
  if (role) q = q.where('role', '=', role);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(db: Queryable, user: NewUser): Promise<number> {
  const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUserPassword(db: Queryable, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export async function createSession(db: Queryable, session: { id: string; userId: number; createdAt: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: session.id, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt, last_seen_at: session.createdAt })
    .execute();
}

/**
 * The active session `sessionId`: not past its absolute end (`expires_at` after `nowIso`), used
 * after `idleSinceIso` (its last use, or its creation), of a user not disabled; with its user
 * and when it was last seen.
 */
export async function findActiveSession(
  db: Queryable,
  sessionId: string,
  at: { nowIso: string; idleSinceIso: string },
): Promise<{ user: User; lastSeenAt: string } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select((eb) => eb.fn.coalesce('sessions.last_seen_at', 'sessions.created_at').as('session_last_seen_at'))
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', at.nowIso)
    .where((eb) => eb(eb.fn.coalesce('sessions.last_seen_at', 'sessions.created_at'), '>', at.idleSinceIso))
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_last_seen_at: lastSeenAt, ...user } = row;
  return { user, lastSeenAt };
}

/** Records that a session was used now (the idle timeout counts from here). */
export async function touchSession(db: Queryable, sessionId: string, nowIso: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: nowIso }).where('id', '=', sessionId).execute();
}

/** Deletes the sessions past their absolute end or idle since before `idleSinceIso`; returns how many. */
export async function purgeSessions(db: Queryable, at: { nowIso: string; idleSinceIso: string }): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', at.nowIso), eb(eb.fn.coalesce('last_seen_at', 'created_at'), '<=', at.idleSinceIso)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** How many sessions of each user are active (for the accounts list). */
export async function countActiveSessions(db: Queryable, at: { nowIso: string; idleSinceIso: string }): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('sessions')
    .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('expires_at', '>', at.nowIso)
    .where((eb) => eb(eb.fn.coalesce('last_seen_at', 'created_at'), '>', at.idleSinceIso))
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/** The active (not expired, not disabled) user of a session, or undefined. */
export async function findSessionUser(db: Queryable, sessionId: string, nowIso: string): Promise<User | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', nowIso)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
}

export async function deleteSession(db: Queryable, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Queryable, nowIso: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
  return Number(r.numDeletedRows);
}
