/**
 * The `jobs` table: long jobs as every server process on the database sees them. The server's
 * job registry (apps/server/src/jobs.ts) owns the policy; these are its reads and writes.
 */
import type { Insertable, Selectable } from 'kysely';
import type { JobsTable } from '../schema.ts';
import type { Queryable } from './users.ts';

export type JobRow = Selectable<JobsTable>;

/** Inserts or replaces a job's whole state. */
export async function saveJob(db: Queryable, row: Insertable<JobsTable>): Promise<void> {
  const { id: _id, ...rest } = row;
  await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(rest))
    .execute();
}

/** Records progress of a running job (never after it finished). */
export async function updateJobProgress(db: Queryable, id: string, phase: string, fraction: number, atIso: string): Promise<void> {
  await db.updateTable('jobs').set({ phase, fraction, updated_at: atIso }).where('id', '=', id).where('done', '=', 0).execute();
}

/**
 * Marks the running jobs of a process as alive. Never moves `updated_at` back: two heartbeats
 * can reach the database out of order, and the older one must not make a live job look stale.
 */
export async function touchJobs(db: Queryable, ids: readonly string[], atIso: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('jobs')
    .set({ updated_at: atIso })
    .where('id', 'in', [...ids])
    .where('done', '=', 0)
    .where('updated_at', '<', atIso)
    .execute();
}

export async function findJob(db: Queryable, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Marks failed the running jobs not updated since `staleBeforeIso` (their process stopped);
 * returns how many.
 */
export async function failStaleJobs(db: Queryable, staleBeforeIso: string, error: string, nowIso: string): Promise<number> {
  const r = await db
    .updateTable('jobs')
    .set({ done: 1, phase: 'failed', status: 500, error, finished_at: nowIso, updated_at: nowIso, attachment: null })
    .where('done', '=', 0)
    .where('updated_at', '<', staleBeforeIso)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Forgets finished jobs older than `beforeIso`; returns how many. */
export async function deleteFinishedJobs(db: Queryable, beforeIso: string): Promise<number> {
  const r = await db.deleteFrom('jobs').where('done', '=', 1).where('finished_at', '<', beforeIso).executeTakeFirst();
  return Number(r.numDeletedRows);
}
