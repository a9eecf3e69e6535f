/**
 * Initial schema. Frozen once landed: later changes go into new, later-dated migrations.
 */
import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  /** A database-generated integer primary key on either dialect. */
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    pg
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const real = 'double precision';

  await withId(db.schema.createTable('users'))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('examiner_id', 'integer')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('weight_sets'))
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name_zh', 'varchar(255)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('based_on_id', 'integer', (c) => c.references('weight_sets.id'))
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('frozen_at', 'varchar(32)')
    .addUniqueConstraint('weight_sets_code_version', ['code', 'version'])
    .execute();

  await db.schema
    .createTable('weight_set_items')
    .addColumn('weight_set_id', 'integer', (c) => c.notNull().references('weight_sets.id').onDelete('cascade'))
    .addColumn('item_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('points', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('weight_set_items_pk', ['weight_set_id', 'item_id'])
    .execute();

  await withId(db.schema.createTable('cycles'))
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('phase', 'varchar(32)', (c) => c.notNull())
    .addColumn('award_cap', 'integer', (c) => c.notNull())
    .addColumn('min_total', real, (c) => c.notNull())
    .addColumn('weight_set_id', 'integer', (c) => c.notNull().references('weight_sets.id'))
    .addColumn('aggregation_method', 'varchar(16)', (c) => c.notNull())
    .addColumn('flag_threshold', 'integer', (c) => c.notNull())
    .addColumn('call_opens', 'varchar(10)')
    .addColumn('call_closes', 'varchar(10)')
    .addColumn('applications_received', 'varchar(10)')
    .addColumn('qualification_done', 'varchar(10)')
    .addColumn('review_starts', 'varchar(10)')
    .addColumn('review_ends', 'varchar(10)')
    .addColumn('comment_starts', 'varchar(10)')
    .addColumn('comment_ends', 'varchar(10)')
    .addColumn('notice_starts', 'varchar(10)')
    .addColumn('notice_ends', 'varchar(10)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('organisations'))
    .addColumn('uscc', 'varchar(18)', (c) => c.notNull().unique())
    .addColumn('name_zh', 'varchar(255)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(255)', (c) => c.notNull())
    .addColumn('sector', 'varchar(64)', (c) => c.notNull())
    .addColumn('district', 'varchar(6)', (c) => c.notNull())
    .addColumn('founded_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('legal_person', 'integer', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('individuals'))
    .addColumn('name_zh', 'varchar(128)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(128)', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('position_zh', 'varchar(128)')
    .addColumn('position_en', 'varchar(128)')
    .addColumn('is_head', 'integer', (c) => c.notNull())
    .addColumn('quality_work_since', 'varchar(10)', (c) => c.notNull())
    .addColumn('district', 'varchar(6)', (c) => c.notNull())
    .addColumn('sector', 'varchar(64)', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('examiners'))
    .addColumn('name_zh', 'varchar(128)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(128)', (c) => c.notNull())
    .addColumn('employer_name', 'varchar(255)')
    .addColumn('employer_uscc', 'varchar(18)')
    .addColumn('expertise', 'varchar(255)')
    .execute();

  await withId(db.schema.createTable('review_groups'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id'))
    .addColumn('name_zh', 'varchar(128)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(128)', (c) => c.notNull())
    .addColumn('leader_examiner_id', 'integer', (c) => c.notNull().references('examiners.id'))
    .execute();

  await db.schema
    .createTable('review_group_members')
    .addColumn('review_group_id', 'integer', (c) => c.notNull().references('review_groups.id').onDelete('cascade'))
    .addColumn('examiner_id', 'integer', (c) => c.notNull().references('examiners.id'))
    .addPrimaryKeyConstraint('review_group_members_pk', ['review_group_id', 'examiner_id'])
    .execute();

  await withId(db.schema.createTable('applications'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id'))
    .addColumn('code', 'varchar(32)', (c) => c.notNull())
    .addColumn('applicant_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('individual_id', 'integer', (c) => c.references('individuals.id'))
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('recommending_body', 'varchar(255)', (c) => c.notNull())
    .addColumn('received_on', 'varchar(10)')
    .addColumn('eligibility_facts', 'text', (c) => c.notNull())
    .addColumn('eligibility_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('eligibility_failures', 'text', (c) => c.notNull())
    .addColumn('qualification_status', 'varchar(32)', (c) => c.notNull())
    .addColumn('review_group_id', 'integer', (c) => c.references('review_groups.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('removed_reason', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('applications_cycle_code', ['cycle_id', 'code'])
    .execute();
  await db.schema.createIndex('applications_cycle').on('applications').column('cycle_id').execute();

  await db.schema
    .createTable('application_priority_areas')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('area', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_priority_areas_pk', ['application_id', 'area'])
    .execute();

  await withId(db.schema.createTable('supplement_requests'))
    .addColumn('application_id', 'integer', (c) => c.notNull().unique().references('applications.id'))
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('requested_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.references('users.id'))
    .addColumn('fulfilled_on', 'varchar(10)')
    .execute();

  await withId(db.schema.createTable('application_materials'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('title', 'varchar(255)', (c) => c.notNull())
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('confidential', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('examiner_ties'))
    .addColumn('examiner_id', 'integer', (c) => c.notNull().references('examiners.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();

  await withId(db.schema.createTable('conflicts'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('examiner_id', 'integer', (c) => c.notNull().references('examiners.id'))
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('conflicts_app_examiner', ['application_id', 'examiner_id'])
    .execute();

  await withId(db.schema.createTable('scores'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('examiner_id', 'integer', (c) => c.notNull().references('examiners.id'))
    .addColumn('item_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('scores_natural_key', ['application_id', 'examiner_id', 'item_id', 'stage'])
    .execute();

  await db.schema
    .createTable('score_sheets')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('examiner_id', 'integer', (c) => c.notNull().references('examiners.id'))
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('submitted_at', 'varchar(32)')
    .addColumn('reopened_reason', 'text')
    .addColumn('reopened_by', 'integer', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('score_sheets_pk', ['application_id', 'examiner_id', 'stage'])
    .execute();

  await withId(db.schema.createTable('consensus_records'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('item_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('consensus_natural_key', ['application_id', 'item_id', 'stage'])
    .execute();

  await withId(db.schema.createTable('public_comments'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id'))
    .addColumn('application_id', 'integer', (c) => c.references('applications.id'))
    .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .execute();

  await withId(db.schema.createTable('objections'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('outcome_reason', 'text')
    .addColumn('decided_on', 'varchar(10)')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .execute();

  await withId(db.schema.createTable('committee_decisions'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('decision', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .execute();

  await withId(db.schema.createTable('awards'))
    .addColumn('application_id', 'integer', (c) => c.notNull().unique().references('applications.id'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id'))
    .addColumn('awarded_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(10)', (c) => c.notNull())
    .addColumn('prize_rmb', 'integer', (c) => c.notNull())
    .addColumn('certificate_no', 'varchar(64)', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('revocations'))
    .addColumn('award_id', 'integer', (c) => c.notNull().unique().references('awards.id'))
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('article', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('revoked_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('prize_recovered_rmb', 'integer', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    // The incidents table is created later; the link is checked by the application.
    .addColumn('incident_id', 'integer')
    .execute();

  await db.schema
    .createTable('org_indicators')
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('indicator', 'varchar(64)', (c) => c.notNull())
    .addColumn('value', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('org_indicators_pk', ['organisation_id', 'year', 'indicator'])
    .execute();

  await withId(db.schema.createTable('incidents'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('occurred_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('reported_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('review_status', 'varchar(32)', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('feedback'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('examiner_id', 'integer', (c) => c.notNull().references('examiners.id'))
    .addColumn('direction', 'varchar(32)', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('audit_log'))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('entity', 'varchar(64)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)')
    .addColumn('cycle_id', 'integer')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createIndex('scores_application').on('scores').column('application_id').execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
