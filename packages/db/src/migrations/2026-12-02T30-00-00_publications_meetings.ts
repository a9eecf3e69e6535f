/**
 * Publications (Art. 18, 21, 27–28), the outcome of public comments (Art. 18–19), the
 * committee's rule of quorum, its meetings, attendance and votes (Art. 20).
 *
 * - `publications`: every notice the secretariat published, kept exactly as published: the
 *   produced file (.docx bytes), its SHA-256, and the notice's text model (JSON) that the
 *   dashboard prints as A4. The period's dates are entered (`starts_on`, `ends_on`; no end for
 *   an announcement), never implied by the click.
 * - `publication_entries`: the applications a publication lists, in order (the results list,
 *   the proposed list on notice, the revoked awardee).
 * - `public_comments` gain the publication they answer and their outcome (upheld / rejected /
 *   noted) with the reason, who handled it and when.
 * - `committee_rules`: the cycle's quorum as a fraction of the committee's members.
 * - `committee_meetings`, `meeting_attendees` (committee accounts present), `meeting_candidates`
 *   (the shortlist laid before the meeting, in the Art. 19 order) and `meeting_votes` (one per
 *   member and candidate; `on_paper` when the secretariat recorded it on the member's behalf).
 *   The computed result is stored with the meeting when it closes.
 */
import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await withId(db.schema.createTable('publications'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)')
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'varchar(128)', (c) => c.notNull())
    .addColumn('file', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('award_id', 'integer', (c) => c.references('awards.id'))
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('published_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publications_cycle').on('publications').columns(['cycle_id', 'kind']).execute();

  await db.schema
    .createTable('publication_entries')
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('publication_entries_pk', ['publication_id', 'application_id'])
    .execute();
  await db.schema.createIndex('publication_entries_application').on('publication_entries').column('application_id').execute();

  const comments = () => db.schema.alterTable('public_comments');
  await comments()
    .addColumn('publication_id', 'integer', (c) => c.references('publications.id'))
    .execute();
  await comments().addColumn('outcome', 'varchar(16)').execute();
  await comments().addColumn('outcome_reason', 'text').execute();
  await comments()
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await comments().addColumn('decided_at', 'varchar(32)').execute();

  await db.schema
    .createTable('committee_rules')
    .addColumn('cycle_id', 'integer', (c) => c.primaryKey().references('cycles.id'))
    .addColumn('quorum_numerator', 'integer', (c) => c.notNull())
    .addColumn('quorum_denominator', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('committee_meetings'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id'))
    .addColumn('held_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull())
    .addColumn('quorum_numerator', 'integer', (c) => c.notNull())
    .addColumn('quorum_denominator', 'integer', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('closed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('closed_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('committee_meetings_cycle').on('committee_meetings').column('cycle_id').execute();

  await db.schema
    .createTable('meeting_attendees')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('committee_meetings.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('meeting_attendees_pk', ['meeting_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('meeting_candidates')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('committee_meetings.id'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('total', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_candidates_pk', ['meeting_id', 'application_id'])
    .execute();

  await db.schema
    .createTable('meeting_votes')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('committee_meetings.id'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('vote', 'varchar(8)', (c) => c.notNull())
    .addColumn('on_paper', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_votes_pk', ['meeting_id', 'application_id', 'user_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
