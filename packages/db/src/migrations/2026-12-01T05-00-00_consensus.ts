/**
 * Consensus review and on-site selection (Art. 17; GB/T 19580 practice: independent scoring,
 * then consensus, then on-site review of the shortlisted candidates).
 *
 * - `consensus_records` keep, beside the consensus percentage, the independent statistic it was
 *   recorded against (the panel's figure before the discussion and the method that produced it),
 *   so the before/after stays visible;
 * - `consensus_history`: every recording of a consensus, old → new (who, when, against which
 *   independent figure);
 * - `consensus_openings`: the secretariat opened the consensus step of an application's stage
 *   before every group member had submitted, with the reason;
 * - `onsite_selections`: the candidates the secretariat chose for on-site review; on-site sheets
 *   open for these only. Applications that already have on-site sheets (earlier data) are taken
 *   as selected.
 *
 * The per-item comment of an examiner lives in `scores.comment`, which the initial schema
 * already has.
 */
import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const real = 'double precision';

  const records = () => db.schema.alterTable('consensus_records');
  await records().addColumn('independent_percent', real).execute();
  await records().addColumn('independent_method', 'varchar(16)').execute();

  await withId(db.schema.createTable('consensus_history'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('item_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('old_percent', 'integer')
    .addColumn('old_reason', 'text')
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('independent_percent', real)
    .addColumn('independent_method', 'varchar(16)')
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consensus_history_application').on('consensus_history').column('application_id').execute();

  await db.schema
    .createTable('consensus_openings')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'integer', (c) => c.references('users.id'))
    .addColumn('opened_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('consensus_openings_pk', ['application_id', 'stage'])
    .execute();

  await db.schema
    .createTable('onsite_selections')
    .addColumn('application_id', 'integer', (c) => c.primaryKey().references('applications.id'))
    .addColumn('selected_by', 'integer', (c) => c.references('users.id'))
    .addColumn('selected_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
