/**
 * After the award (Art. 5, 22–23, 27–28, 30): what the government's approval, the follow-up years
 * and a revocation record beyond the initial schema.
 *
 * - `cycles.individual_prize_rmb`: the prize per awarded individual (Art. 22 names a prize for
 *   organisations only; 0 unless a cycle decides otherwise);
 * - `awards.approved_on` (the city government's approval date; existing awards: their award date),
 *   `awards.plaque_no`, `awards.prize_paid_on` (recorded when the prize is paid);
 * - `revocations.decision_no` (the decision's document number), `prize_to_recover_rmb`,
 *   `prize_recovered_on`, `publication_id` (the public notice of the revocation, Art. 27–28).
 *   Existing revocations: the amount to recover is the amount recovered, recovered on the day of
 *   the decision when anything was recovered;
 * - `incidents` rebuilt so that an incident concerns an organisation **or an individual**
 *   (`organisation_id` nullable, `individual_id`), and graded 一般 / 较大 / 重大
 *   (`general` / `larger` / `major`) as the regulations grade accidents. Existing grades map
 *   `minor` → `general` and `major` (which meant 较大及以上, larger and above) → `larger`;
 * - `misuse_reports`: forged or misused certificates and plaques, and false claims of the title
 *   (Art. 30), with their handling.
 */
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema
    .alterTable('cycles')
    .addColumn('individual_prize_rmb', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.alterTable('awards').addColumn('approved_on', 'varchar(10)').execute();
  await db.schema.alterTable('awards').addColumn('plaque_no', 'varchar(64)').execute();
  await db.schema.alterTable('awards').addColumn('prize_paid_on', 'varchar(10)').execute();
  await db
    .updateTable('awards')
    .set({ approved_on: sql`awarded_on` })
    .execute();

  await db.schema.alterTable('revocations').addColumn('decision_no', 'varchar(128)').execute();
  await db.schema
    .alterTable('revocations')
    .addColumn('prize_to_recover_rmb', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('revocations').addColumn('prize_recovered_on', 'varchar(10)').execute();
  await db.schema.alterTable('revocations').addColumn('publication_id', 'integer').execute();
  await db
    .updateTable('revocations')
    .set({ prize_to_recover_rmb: sql`prize_recovered_rmb` })
    .execute();
  await db
    .updateTable('revocations')
    .set({ prize_recovered_on: sql`revoked_on` })
    .where('prize_recovered_rmb', '>', 0)
    .execute();

  await withId(db.schema.createTable('incidents_graded'))
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('individual_id', 'integer', (c) => c.references('individuals.id'))
    .addColumn('occurred_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('reported_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('review_status', 'varchar(32)', (c) => c.notNull())
    .addColumn('reported_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await sql`
    insert into incidents_graded (id, organisation_id, individual_id, occurred_on, reported_on, kind, severity, description, review_status, reported_by)
    select id, organisation_id, null, occurred_on, reported_on, kind,
      case severity when 'minor' then 'general' when 'major' then 'larger' else severity end,
      description, review_status, null
    from incidents
  `.execute(db);
  await db.schema.dropTable('incidents').execute();
  await db.schema.alterTable('incidents_graded').renameTo('incidents').execute();
  if (pg) {
    await sql`select setval(pg_get_serial_sequence('incidents', 'id'), coalesce((select max(id) from incidents), 0) + 1, false)`.execute(db);
  }
  await db.schema.createIndex('incidents_organisation').on('incidents').column('organisation_id').execute();
  await db.schema.createIndex('incidents_individual').on('incidents').column('individual_id').execute();

  await withId(db.schema.createTable('misuse_reports'))
    // The award concerned; null when someone who holds no award claims the title.
    .addColumn('award_id', 'integer', (c) => c.references('awards.id'))
    // Who forged, misused or falsely claimed it (a name as reported).
    .addColumn('party', 'varchar(255)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('item', 'varchar(32)', (c) => c.notNull())
    .addColumn('reported_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('action_taken', 'text')
    .addColumn('handled_on', 'varchar(10)')
    .addColumn('handled_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Forward-only migration');
}
