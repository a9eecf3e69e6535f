/**
 * Sign-in back-off that survives a restart, and idle sessions.
 *
 * `login_backoff` holds one row per throttled key (`user:<username>` or `ip:<address>`): the
 * failures of its current streak and the time before which no further attempt is accepted.
 * `sessions.last_seen_at` is when a session was last used, for the idle timeout (existing
 * sessions count as seen when they were created).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_backoff')
    .addColumn('key', 'varchar(320)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('blocked_until', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_backoff_last_attempt').on('login_backoff').column('last_attempt_at').execute();
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'varchar(32)').execute();
  await sql`UPDATE sessions SET last_seen_at = created_at`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
