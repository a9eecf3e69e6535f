/** People: the accounts of every role, and the examiner records with their declared ties (Art. 24). */
import type { Flag, Role, TieKind } from '../schema.ts';
import type { Queryable } from './users.ts';

/** An account as the secretariat sees it: never the password hash. */
export interface AccountRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  examinerId: number | null;
  disabled: Flag;
  mustChangePassword: Flag;
  lastLoginAt: string | null;
  createdAt: string;
}

const ACCOUNT_COLUMNS = [
  'id',
  'username',
  'display_name as displayName',
  'role',
  'examiner_id as examinerId',
  'disabled',
  'must_change_password as mustChangePassword',
  'last_login_at as lastLoginAt',
  'created_at as createdAt',
] as const;

/** Every account, by role then username. */
export async function listAccounts(db: Queryable): Promise<AccountRow[]> {
  return db.selectFrom('users').select(ACCOUNT_COLUMNS).orderBy('role').orderBy('username').execute();
}

export async function getAccount(db: Queryable, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('users').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The account whose username equals `username` ignoring case (usernames are unique that way). */
export async function findAccountByUsernameFolded(db: Queryable, username: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('users')
    .select(ACCOUNT_COLUMNS)
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

/** Enabled accounts of a role (e.g. to keep at least one secretariat account). */
export async function countEnabledAccounts(db: Queryable, role: Role): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateAccount(
  db: Queryable,
  id: number,
  patch: { displayName?: string; disabled?: Flag; mustChangePassword?: Flag; passwordHash?: string; examinerId?: number | null },
): Promise<void> {
  const set: Record<string, unknown> = {};
  if (patch.displayName !== undefined) set.display_name = patch.displayName;
  if (patch.disabled !== undefined) set.disabled = patch.disabled;
  if (patch.mustChangePassword !== undefined) set.must_change_password = patch.mustChangePassword;
  if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
  if (patch.examinerId !== undefined) set.examiner_id = patch.examinerId;
  if (Object.keys(set).length === 0) return;
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

export async function recordLogin(db: Queryable, id: number, at: string): Promise<void> {
  await db.updateTable('users').set({ last_login_at: at }).where('id', '=', id).execute();
}

/** Deletes the user's sessions (all, or all but `exceptSessionId`); returns the ids deleted. */
export async function deleteSessionsOfUser(db: Queryable, userId: number, exceptSessionId?: string | null): Promise<string[]> {
  let q = db.selectFrom('sessions').select('id').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length > 0) await db.deleteFrom('sessions').where('id', 'in', ids).execute();
  return ids;
}

/** An examiner's profile: what conflict detection (Art. 24) compares with the applicants. */
export interface ExaminerProfileRow {
  id: number;
  nameZh: string;
  nameEn: string;
  employerName: string | null;
  employerUscc: string | null;
  expertise: string | null;
}

export interface ExaminerTieDetail {
  id: number;
  examinerId: number;
  organisationId: number;
  organisationUscc: string;
  organisationNameZh: string;
  organisationNameEn: string;
  kind: TieKind;
  note: string | null;
}

export async function getExaminerProfile(db: Queryable, id: number): Promise<ExaminerProfileRow | undefined> {
  return db
    .selectFrom('examiners')
    .select(['id', 'name_zh as nameZh', 'name_en as nameEn', 'employer_name as employerName', 'employer_uscc as employerUscc', 'expertise'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listExaminerProfiles(db: Queryable): Promise<ExaminerProfileRow[]> {
  return db
    .selectFrom('examiners')
    .select(['id', 'name_zh as nameZh', 'name_en as nameEn', 'employer_name as employerName', 'employer_uscc as employerUscc', 'expertise'])
    .orderBy('id')
    .execute();
}

/** The declared ties of the given examiners (all when omitted), with the organisation's USCC and names. */
export async function listTieDetails(db: Queryable, examinerIds?: number[]): Promise<ExaminerTieDetail[]> {
  if (examinerIds && examinerIds.length === 0) return [];
  let q = db
    .selectFrom('examiner_ties')
    .innerJoin('organisations', 'organisations.id', 'examiner_ties.organisation_id')
    .select([
      'examiner_ties.id as id',
      'examiner_ties.examiner_id as examinerId',
      'examiner_ties.organisation_id as organisationId',
      'organisations.uscc as organisationUscc',
      'organisations.name_zh as organisationNameZh',
      'organisations.name_en as organisationNameEn',
      'examiner_ties.kind as kind',
      'examiner_ties.note as note',
    ])
    .orderBy('examiner_ties.id');
  if (examinerIds) q = q.where('examiner_ties.examiner_id', 'in', examinerIds);
  return q.execute();
}

export interface ExaminerProfileInput {
  nameZh: string;
  nameEn: string;
  employerName: string | null;
  employerUscc: string | null;
  expertise: string | null;
}

export async function insertExaminer(db: Queryable, p: ExaminerProfileInput): Promise<number> {
  const row = await db
    .insertInto('examiners')
    .values({ name_zh: p.nameZh, name_en: p.nameEn, employer_name: p.employerName, employer_uscc: p.employerUscc, expertise: p.expertise })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateExaminerProfile(db: Queryable, id: number, p: ExaminerProfileInput): Promise<void> {
  await db
    .updateTable('examiners')
    .set({ name_zh: p.nameZh, name_en: p.nameEn, employer_name: p.employerName, employer_uscc: p.employerUscc, expertise: p.expertise })
    .where('id', '=', id)
    .execute();
}

/** Replaces every declared tie of the examiner with `ties`. */
export async function replaceExaminerTies(
  db: Queryable,
  examinerId: number,
  ties: readonly { organisationId: number; kind: TieKind; note: string | null }[],
): Promise<void> {
  await db.deleteFrom('examiner_ties').where('examiner_id', '=', examinerId).execute();
  if (ties.length === 0) return;
  await db
    .insertInto('examiner_ties')
    .values(ties.map((t) => ({ examiner_id: examinerId, organisation_id: t.organisationId, kind: t.kind, note: t.note })))
    .execute();
}

/** The account linked to an examiner record, if any. */
export async function findAccountOfExaminer(db: Queryable, examinerId: number): Promise<AccountRow | undefined> {
  return db.selectFrom('users').select(ACCOUNT_COLUMNS).where('examiner_id', '=', examinerId).orderBy('id').executeTakeFirst();
}

export interface OrganisationBrief {
  id: number;
  uscc: string;
  nameZh: string;
  nameEn: string;
}

/** Every organisation the platform knows (applicants and individual applicants' employers), by name. */
export async function listOrganisationBriefs(db: Queryable): Promise<OrganisationBrief[]> {
  return db.selectFrom('organisations').select(['id', 'uscc', 'name_zh as nameZh', 'name_en as nameEn']).orderBy('name_zh').execute();
}

export async function getOrganisationsByIds(db: Queryable, ids: number[]): Promise<OrganisationBrief[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('organisations').select(['id', 'uscc', 'name_zh as nameZh', 'name_en as nameEn']).where('id', 'in', ids).execute();
}

/**
 * Applications the examiner currently sits on: assigned to a review group the examiner leads or
 * is a member of, in a cycle not yet awarded. Conflict detection re-runs for them after a profile change.
 */
export async function listOpenAssignedApplicationIds(db: Queryable, examinerId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('applications')
    .innerJoin('review_group_members', 'review_group_members.review_group_id', 'applications.review_group_id')
    .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
    .select('applications.id as id')
    .where('review_group_members.examiner_id', '=', examinerId)
    .where('cycles.phase', '!=', 'awarded')
    .execute();
  const led = await db
    .selectFrom('applications')
    .innerJoin('review_groups', 'review_groups.id', 'applications.review_group_id')
    .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
    .select('applications.id as id')
    .where('review_groups.leader_examiner_id', '=', examinerId)
    .where('cycles.phase', '!=', 'awarded')
    .execute();
  return [...new Set([...rows, ...led].map((r) => r.id))].sort((a, b) => a - b);
}
