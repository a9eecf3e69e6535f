/**
 * People: accounts the secretariat manages. A password reset (or an account created with a
 * password the secretariat chose) obliges the user to choose their own at the next sign-in
 * (`must_change_password`); `last_login_at` is shown in the accounts list.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('last_login_at', 'varchar(32)').execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('examiner_ties_examiner').on('examiner_ties').column('examiner_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
