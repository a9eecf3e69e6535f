/**
 * Publications (Art. 18, 21, 27–28) with their listed applications, the outcome of public
 * comments (Art. 18–19), the committee's quorum rule and its meetings, attendance and votes
 * (Art. 20).
 */
import type { CommentOutcome, CommitteeMeetingRow, MeetingStatus, PublicationKindName, PublicationRow, VoteName } from '../schema.ts';
import type { Queryable } from './users.ts';

// --- Publications -------------------------------------------------------------------------------

export interface NewPublication {
  cycleId: number;
  kind: PublicationKindName;
  title: string;
  startsOn: string;
  endsOn: string | null;
  contact: string;
  content: string;
  fileName: string;
  mime: string;
  file: Buffer;
  sha256: string;
  awardId: number | null;
  publishedBy: number | null;
  publishedAt: string;
  /** The listed applications, in order. */
  applicationIds: number[];
}

export async function insertPublication(db: Queryable, row: NewPublication): Promise<number> {
  const r = await db
    .insertInto('publications')
    .values({
      cycle_id: row.cycleId,
      kind: row.kind,
      title: row.title,
      starts_on: row.startsOn,
      ends_on: row.endsOn,
      contact: row.contact,
      content: row.content,
      file_name: row.fileName,
      mime: row.mime,
      file: row.file,
      sha256: row.sha256,
      bytes: row.file.length,
      award_id: row.awardId,
      published_by: row.publishedBy,
      published_at: row.publishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (row.applicationIds.length) {
    await db
      .insertInto('publication_entries')
      .values(row.applicationIds.map((applicationId, i) => ({ publication_id: r.id, application_id: applicationId, position: i + 1 })))
      .execute();
  }
  return r.id;
}

export type PublicationSummary = Omit<PublicationRow, 'file'> & { applicationIds: number[]; publishedByName: string | null };

const SUMMARY_COLUMNS = [
  'publications.id',
  'publications.cycle_id',
  'publications.kind',
  'publications.title',
  'publications.starts_on',
  'publications.ends_on',
  'publications.contact',
  'publications.content',
  'publications.file_name',
  'publications.mime',
  'publications.sha256',
  'publications.bytes',
  'publications.award_id',
  'publications.published_by',
  'publications.published_at',
] as const;

async function withEntries(db: Queryable, rows: (Omit<PublicationRow, 'file'> & { publishedByName: string | null })[]): Promise<PublicationSummary[]> {
  if (rows.length === 0) return [];
  const entries = await db
    .selectFrom('publication_entries')
    .select(['publication_id', 'application_id'])
    .where(
      'publication_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('publication_id')
    .orderBy('position')
    .execute();
  const byPub = new Map<number, number[]>();
  for (const e of entries) byPub.set(e.publication_id, [...(byPub.get(e.publication_id) ?? []), e.application_id]);
  return rows.map((r) => ({ ...r, applicationIds: byPub.get(r.id) ?? [] }));
}

/** The publications of a cycle (optionally of one kind), oldest first, without their file. */
export async function listPublications(
  db: Queryable,
  filter: { cycleId?: number; kind?: PublicationKindName; awardId?: number },
): Promise<PublicationSummary[]> {
  let q = db
    .selectFrom('publications')
    .leftJoin('users', 'users.id', 'publications.published_by')
    .select([...SUMMARY_COLUMNS, 'users.display_name as publishedByName'])
    .orderBy('publications.id');
  if (filter.cycleId !== undefined) q = q.where('publications.cycle_id', '=', filter.cycleId);
  if (filter.kind !== undefined) q = q.where('publications.kind', '=', filter.kind);
  if (filter.awardId !== undefined) q = q.where('publications.award_id', '=', filter.awardId);
  return withEntries(db, await q.execute());
}

export async function getPublication(db: Queryable, id: number): Promise<PublicationSummary | undefined> {
  const row = await db
    .selectFrom('publications')
    .leftJoin('users', 'users.id', 'publications.published_by')
    .select([...SUMMARY_COLUMNS, 'users.display_name as publishedByName'])
    .where('publications.id', '=', id)
    .executeTakeFirst();
  return row ? (await withEntries(db, [row]))[0] : undefined;
}

/** The stored file of a publication, exactly as published. */
export async function getPublicationFile(
  db: Queryable,
  id: number,
): Promise<{ id: number; cycleId: number; fileName: string; mime: string; file: Buffer; sha256: string } | undefined> {
  const r = await db.selectFrom('publications').select(['id', 'cycle_id', 'file_name', 'mime', 'file', 'sha256']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, cycleId: r.cycle_id, fileName: r.file_name, mime: r.mime, file: Buffer.from(r.file), sha256: r.sha256 } : undefined;
}

// --- Outcome of public comments (Art. 18–19) -------------------------------------------------------

export async function getComment(db: Queryable, id: number) {
  return db.selectFrom('public_comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setCommentPublication(db: Queryable, id: number, publicationId: number): Promise<void> {
  await db.updateTable('public_comments').set({ publication_id: publicationId }).where('id', '=', id).execute();
}

export async function decideComment(
  db: Queryable,
  id: number,
  outcome: { outcome: CommentOutcome; reason: string; decidedBy: number | null; decidedAt: string },
): Promise<void> {
  await db
    .updateTable('public_comments')
    .set({ outcome: outcome.outcome, outcome_reason: outcome.reason, decided_by: outcome.decidedBy, decided_at: outcome.decidedAt })
    .where('id', '=', id)
    .execute();
}

// --- The committee (Art. 20) --------------------------------------------------------------------

export async function getCommitteeRule(db: Queryable, cycleId: number) {
  return db.selectFrom('committee_rules').selectAll().where('cycle_id', '=', cycleId).executeTakeFirst();
}

export async function setCommitteeRule(
  db: Queryable,
  row: { cycleId: number; numerator: number; denominator: number; updatedBy: number | null; updatedAt: string },
): Promise<void> {
  const values = { quorum_numerator: row.numerator, quorum_denominator: row.denominator, updated_by: row.updatedBy, updated_at: row.updatedAt };
  const updated = await db.updateTable('committee_rules').set(values).where('cycle_id', '=', row.cycleId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await db
      .insertInto('committee_rules')
      .values({ cycle_id: row.cycleId, ...values })
      .execute();
}

/** Active committee accounts: the committee's members. */
export async function listCommitteeMembers(db: Queryable) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'disabled']).where('role', '=', 'committee').orderBy('id').execute();
}

export async function insertMeeting(
  db: Queryable,
  row: {
    cycleId: number;
    heldOn: string;
    members: number;
    numerator: number;
    denominator: number;
    createdBy: number | null;
    createdAt: string;
    presentUserIds: number[];
    candidates: { applicationId: number; position: number; total: number }[];
  },
): Promise<number> {
  const r = await db
    .insertInto('committee_meetings')
    .values({
      cycle_id: row.cycleId,
      held_on: row.heldOn,
      status: 'open',
      members: row.members,
      quorum_numerator: row.numerator,
      quorum_denominator: row.denominator,
      result: null,
      created_by: row.createdBy,
      created_at: row.createdAt,
      closed_by: null,
      closed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('meeting_attendees')
    .values(row.presentUserIds.map((u) => ({ meeting_id: r.id, user_id: u })))
    .execute();
  if (row.candidates.length) {
    await db
      .insertInto('meeting_candidates')
      .values(row.candidates.map((c) => ({ meeting_id: r.id, application_id: c.applicationId, position: c.position, total: c.total })))
      .execute();
  }
  return r.id;
}

export async function getMeeting(db: Queryable, id: number): Promise<CommitteeMeetingRow | undefined> {
  return db.selectFrom('committee_meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listMeetings(db: Queryable, cycleId: number): Promise<CommitteeMeetingRow[]> {
  return db.selectFrom('committee_meetings').selectAll().where('cycle_id', '=', cycleId).orderBy('id').execute();
}

export async function listMeetingAttendees(db: Queryable, meetingIds: number[]) {
  if (meetingIds.length === 0) return [];
  return db
    .selectFrom('meeting_attendees')
    .innerJoin('users', 'users.id', 'meeting_attendees.user_id')
    .select(['meeting_attendees.meeting_id as meetingId', 'users.id as userId', 'users.username as username', 'users.display_name as displayName'])
    .where('meeting_attendees.meeting_id', 'in', meetingIds)
    .orderBy('users.id')
    .execute();
}

export async function listMeetingCandidates(db: Queryable, meetingIds: number[]) {
  if (meetingIds.length === 0) return [];
  return db
    .selectFrom('meeting_candidates')
    .select(['meeting_id as meetingId', 'application_id as applicationId', 'position', 'total'])
    .where('meeting_id', 'in', meetingIds)
    .orderBy('meeting_id')
    .orderBy('position')
    .execute();
}

export interface MeetingVoteRow {
  meetingId: number;
  applicationId: number;
  userId: number;
  vote: VoteName;
  onPaper: boolean;
  recordedBy: number | null;
  recordedAt: string;
}

/** Votes of meetings, optionally only one member's. */
export async function listMeetingVotes(db: Queryable, meetingIds: number[], userId?: number): Promise<MeetingVoteRow[]> {
  if (meetingIds.length === 0) return [];
  let q = db.selectFrom('meeting_votes').selectAll().where('meeting_id', 'in', meetingIds);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  const rows = await q.orderBy('meeting_id').orderBy('application_id').orderBy('user_id').execute();
  return rows.map((r) => ({
    meetingId: r.meeting_id,
    applicationId: r.application_id,
    userId: r.user_id,
    vote: r.vote,
    onPaper: r.on_paper === 1,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  }));
}

/** Records (or replaces) a member's one vote on a candidate. */
export async function upsertMeetingVote(db: Queryable, row: Omit<MeetingVoteRow, 'onPaper'> & { onPaper: boolean }): Promise<void> {
  const values = { vote: row.vote, on_paper: row.onPaper ? (1 as const) : (0 as const), recorded_by: row.recordedBy, recorded_at: row.recordedAt };
  const updated = await db
    .updateTable('meeting_votes')
    .set(values)
    .where('meeting_id', '=', row.meetingId)
    .where('application_id', '=', row.applicationId)
    .where('user_id', '=', row.userId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto('meeting_votes')
      .values({ meeting_id: row.meetingId, application_id: row.applicationId, user_id: row.userId, ...values })
      .execute();
  }
}

export async function closeMeeting(
  db: Queryable,
  id: number,
  row: { result: string; closedBy: number | null; closedAt: string; status?: MeetingStatus },
): Promise<void> {
  await db
    .updateTable('committee_meetings')
    .set({ status: row.status ?? 'closed', result: row.result, closed_by: row.closedBy, closed_at: row.closedAt })
    .where('id', '=', id)
    .execute();
}
