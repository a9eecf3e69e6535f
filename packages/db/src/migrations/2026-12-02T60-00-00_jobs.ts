/**
 * Long jobs (imports, the committee pack PDF) kept in the database, so every server process on
 * one database can report a job's progress and result, and a job whose process stopped is
 * marked failed instead of being lost. Frozen once landed.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('process_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('phase', 'varchar(64)', (c) => c.notNull())
    .addColumn('fraction', 'double precision', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('attachment', pg ? 'bytea' : 'blob')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('jobs_owner_done').on('jobs').columns(['owner_id', 'done']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
