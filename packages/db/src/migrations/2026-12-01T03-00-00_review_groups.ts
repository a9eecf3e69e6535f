/**
 * Review groups run from the dashboard (Art. 17, 组长负责制): a group's name is unique in its
 * cycle, a group may name the sectors it is strong in (for automatic assignment), and a cycle may
 * record the review agency it procured instead of organising the review itself (评审机构采用政府
 * 采购方式选定): its name, the procurement reference and the contract date.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('review_groups').addColumn('sectors', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('review_groups').addColumn('created_at', 'varchar(32)').execute();
  await db.schema.alterTable('review_groups').addColumn('updated_at', 'varchar(32)').execute();
  await db.schema.createIndex('review_groups_cycle_name').unique().on('review_groups').columns(['cycle_id', 'name_zh']).execute();
  await db.schema.createIndex('review_group_members_examiner').on('review_group_members').column('examiner_id').execute();
  await db.schema.createIndex('applications_review_group').on('applications').column('review_group_id').execute();

  await db.schema
    .createTable('review_agencies')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().unique().references('cycles.id'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('procurement_ref', 'varchar(128)', (c) => c.notNull())
    .addColumn('contract_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
