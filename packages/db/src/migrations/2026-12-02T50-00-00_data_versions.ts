/**
 * Data versions shared by every server process on one database: one row per scope (`all`, a
 * cycle's year, `sessions`) counting its changes. A process that sees a count move drops what it
 * cached for that scope, so a write through one process is never answered stale by another.
 * Frozen once landed.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_versions')
    .addColumn('scope', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_versions').execute();
}
