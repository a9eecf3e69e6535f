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
  await db.insertInto('sessions').values({ id: session.id, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt }).execute();
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
