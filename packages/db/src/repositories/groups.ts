/**
 * Review groups of a cycle (Art. 17, 组长负责制) as the secretariat manages them: members with
 * their accounts, the leader, the sectors a group is strong in, the applications assigned to it;
 * and the review agency a cycle procured instead (评审机构采用政府采购方式选定).
 */
import type { ApplicantType, ApplicationStatus, EligibilityStatus, QualificationStatus } from '../schema.ts';
import type { Queryable } from './users.ts';

export interface GroupMemberRow {
  examinerId: number;
  nameZh: string;
  nameEn: string;
  employerName: string | null;
  expertise: string | null;
  /** The examiner's account (null for a record without one, e.g. imported). */
  userId: number | null;
  username: string | null;
  disabled: boolean;
}

export interface GroupRow {
  id: number;
  cycleId: number;
  nameZh: string;
  nameEn: string;
  leaderExaminerId: number;
  sectors: string[];
  createdAt: string | null;
  updatedAt: string | null;
  members: GroupMemberRow[];
}

function parseSectors(json: string | null | undefined): string[] {
  try {
    const v: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Every group of a cycle (by id) with its members (by examiner id) and their accounts. */
export async function listGroupsOfCycle(db: Queryable, cycleId: number): Promise<GroupRow[]> {
  const groups = await db.selectFrom('review_groups').selectAll().where('cycle_id', '=', cycleId).orderBy('id').execute();
  if (groups.length === 0) return [];
  const members = await db
    .selectFrom('review_group_members')
    .innerJoin('examiners', 'examiners.id', 'review_group_members.examiner_id')
    .leftJoin('users', (j) => j.onRef('users.examiner_id', '=', 'examiners.id').on('users.role', '=', 'examiner'))
    .select([
      'review_group_members.review_group_id as groupId',
      'examiners.id as examinerId',
      'examiners.name_zh as nameZh',
      'examiners.name_en as nameEn',
      'examiners.employer_name as employerName',
      'examiners.expertise as expertise',
      'users.id as userId',
      'users.username as username',
      'users.disabled as disabled',
    ])
    .where(
      'review_group_members.review_group_id',
      'in',
      groups.map((g) => g.id),
    )
    .orderBy('examiners.id')
    .execute();
  return groups.map((g) => {
    const seen = new Set<number>();
    const own: GroupMemberRow[] = [];
    for (const m of members) {
      if (m.groupId !== g.id || seen.has(m.examinerId)) continue;
      seen.add(m.examinerId);
      own.push({
        examinerId: m.examinerId,
        nameZh: m.nameZh,
        nameEn: m.nameEn,
        employerName: m.employerName,
        expertise: m.expertise,
        userId: m.userId ?? null,
        username: m.username ?? null,
        disabled: m.disabled === 1,
      });
    }
    return {
      id: g.id,
      cycleId: g.cycle_id,
      nameZh: g.name_zh,
      nameEn: g.name_en,
      leaderExaminerId: g.leader_examiner_id,
      sectors: parseSectors(g.sectors),
      createdAt: g.created_at ?? null,
      updatedAt: g.updated_at ?? null,
      members: own,
    };
  });
}

export async function getGroupRow(db: Queryable, id: number): Promise<GroupRow | undefined> {
  const g = await db.selectFrom('review_groups').select('cycle_id').where('id', '=', id).executeTakeFirst();
  if (!g) return undefined;
  return (await listGroupsOfCycle(db, g.cycle_id)).find((x) => x.id === id);
}

export interface GroupWrite {
  nameZh: string;
  nameEn: string;
  leaderExaminerId: number;
  sectors: string[];
  memberIds: number[];
}

export async function insertReviewGroup(db: Queryable, cycleId: number, g: GroupWrite, at: string): Promise<number> {
  const row = await db
    .insertInto('review_groups')
    .values({
      cycle_id: cycleId,
      name_zh: g.nameZh,
      name_en: g.nameEn,
      leader_examiner_id: g.leaderExaminerId,
      sectors: JSON.stringify(g.sectors),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (g.memberIds.length > 0) {
    await db
      .insertInto('review_group_members')
      .values(g.memberIds.map((examinerId) => ({ review_group_id: row.id, examiner_id: examinerId })))
      .execute();
  }
  return row.id;
}

export async function updateReviewGroup(db: Queryable, id: number, g: GroupWrite, at: string): Promise<void> {
  await db
    .updateTable('review_groups')
    .set({ name_zh: g.nameZh, name_en: g.nameEn, leader_examiner_id: g.leaderExaminerId, sectors: JSON.stringify(g.sectors), updated_at: at })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('review_group_members').where('review_group_id', '=', id).execute();
  if (g.memberIds.length > 0) {
    await db
      .insertInto('review_group_members')
      .values(g.memberIds.map((examinerId) => ({ review_group_id: id, examiner_id: examinerId })))
      .execute();
  }
}

export async function deleteReviewGroup(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('review_group_members').where('review_group_id', '=', id).execute();
  await db.deleteFrom('review_groups').where('id', '=', id).execute();
}

/** An application of a cycle as assignment sees it. */
export interface AssignableApplicationRow {
  id: number;
  code: string;
  applicantType: ApplicantType;
  nameZh: string;
  nameEn: string;
  sector: string;
  status: ApplicationStatus;
  eligibilityStatus: EligibilityStatus;
  qualificationStatus: QualificationStatus;
  reviewGroupId: number | null;
}

/** Every application of a cycle, by code, with the applicant's name and sector. */
export async function listAssignableApplications(db: Queryable, cycleId: number): Promise<AssignableApplicationRow[]> {
  const rows = await db
    .selectFrom('applications')
    .leftJoin('organisations', 'organisations.id', 'applications.organisation_id')
    .leftJoin('individuals', 'individuals.id', 'applications.individual_id')
    .select([
      'applications.id as id',
      'applications.code as code',
      'applications.applicant_type as applicantType',
      'organisations.name_zh as orgNameZh',
      'organisations.name_en as orgNameEn',
      'organisations.sector as orgSector',
      'individuals.name_zh as personNameZh',
      'individuals.name_en as personNameEn',
      'individuals.sector as personSector',
      'applications.status as status',
      'applications.eligibility_status as eligibilityStatus',
      'applications.qualification_status as qualificationStatus',
      'applications.review_group_id as reviewGroupId',
    ])
    .where('applications.cycle_id', '=', cycleId)
    .orderBy('applications.code')
    .execute();
  return rows.map((r) => {
    const org = r.applicantType === 'organisation';
    return {
      id: r.id,
      code: r.code,
      applicantType: r.applicantType,
      nameZh: (org ? r.orgNameZh : r.personNameZh) ?? r.code,
      nameEn: (org ? r.orgNameEn : r.personNameEn) ?? r.code,
      sector: (org ? r.orgSector : r.personSector) ?? '',
      status: r.status,
      eligibilityStatus: r.eligibilityStatus,
      qualificationStatus: r.qualificationStatus,
      reviewGroupId: r.reviewGroupId,
    };
  });
}

/** Assigns many applications at once (automatic assignment). */
export async function setReviewGroups(db: Queryable, pairs: { applicationId: number; reviewGroupId: number }[]): Promise<void> {
  for (const p of pairs) {
    await db.updateTable('applications').set({ review_group_id: p.reviewGroupId }).where('id', '=', p.applicationId).execute();
  }
}

/** Per (application, examiner): the number of stored scores, for the given applications. */
export async function countScoresByExaminer(db: Queryable, applicationIds: number[]): Promise<{ applicationId: number; examinerId: number; n: number }[]> {
  if (applicationIds.length === 0) return [];
  const rows = await db
    .selectFrom('scores')
    .select(['application_id as applicationId', 'examiner_id as examinerId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('application_id', 'in', applicationIds)
    .groupBy(['application_id', 'examiner_id'])
    .execute();
  return rows.map((r) => ({ applicationId: r.applicationId, examinerId: r.examinerId, n: Number(r.n) }));
}

/** The recorded conflicts (Art. 24) of a cycle's applications as (application, examiner, reason). */
export async function listConflictPairs(
  db: Queryable,
  cycleId: number,
): Promise<{ applicationId: number; examinerId: number; source: string; reason: string }[]> {
  return db
    .selectFrom('conflicts')
    .innerJoin('applications', 'applications.id', 'conflicts.application_id')
    .select(['conflicts.application_id as applicationId', 'conflicts.examiner_id as examinerId', 'conflicts.source as source', 'conflicts.reason as reason'])
    .where('applications.cycle_id', '=', cycleId)
    .orderBy('conflicts.id')
    .execute();
}

export interface ReviewAgencyRow {
  id: number;
  cycleId: number;
  name: string;
  procurementRef: string;
  contractDate: string;
  note: string | null;
  recordedBy: number | null;
  recordedAt: string;
}

export async function getReviewAgency(db: Queryable, cycleId: number): Promise<ReviewAgencyRow | undefined> {
  return db
    .selectFrom('review_agencies')
    .select([
      'id',
      'cycle_id as cycleId',
      'name',
      'procurement_ref as procurementRef',
      'contract_date as contractDate',
      'note',
      'recorded_by as recordedBy',
      'recorded_at as recordedAt',
    ])
    .where('cycle_id', '=', cycleId)
    .executeTakeFirst();
}

/** Records (or replaces) the cycle's procured review agency. */
export async function saveReviewAgency(
  db: Queryable,
  cycleId: number,
  a: { name: string; procurementRef: string; contractDate: string; note: string | null; recordedBy: number | null; recordedAt: string },
): Promise<void> {
  const values = {
    name: a.name,
    procurement_ref: a.procurementRef,
    contract_date: a.contractDate,
    note: a.note,
    recorded_by: a.recordedBy,
    recorded_at: a.recordedAt,
  };
  const existing = await db.selectFrom('review_agencies').select('id').where('cycle_id', '=', cycleId).executeTakeFirst();
  if (existing) await db.updateTable('review_agencies').set(values).where('id', '=', existing.id).execute();
  else
    await db
      .insertInto('review_agencies')
      .values({ cycle_id: cycleId, ...values })
      .execute();
}

export async function deleteReviewAgency(db: Queryable, cycleId: number): Promise<void> {
  await db.deleteFrom('review_agencies').where('cycle_id', '=', cycleId).execute();
}

/** Examiner accounts with their examiner record (the people a group may be made of). */
export async function listExaminerAccounts(db: Queryable): Promise<
  {
    userId: number;
    username: string;
    displayName: string;
    disabled: boolean;
    examinerId: number | null;
    nameZh: string | null;
    nameEn: string | null;
    employerName: string | null;
    expertise: string | null;
  }[]
> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('examiners', 'examiners.id', 'users.examiner_id')
    .select([
      'users.id as userId',
      'users.username as username',
      'users.display_name as displayName',
      'users.disabled as disabled',
      'examiners.id as examinerId',
      'examiners.name_zh as nameZh',
      'examiners.name_en as nameEn',
      'examiners.employer_name as employerName',
      'examiners.expertise as expertise',
    ])
    .where('users.role', '=', 'examiner')
    .orderBy('users.username')
    .execute();
  return rows.map((r) => ({
    ...r,
    disabled: r.disabled === 1,
    examinerId: r.examinerId ?? null,
    nameZh: r.nameZh ?? null,
    nameEn: r.nameEn ?? null,
    employerName: r.employerName ?? null,
    expertise: r.expertise ?? null,
  }));
}

/** Accounts by id (any role), with their examiner record link. */
export async function getAccountsByIds(
  db: Queryable,
  ids: number[],
): Promise<{ id: number; username: string; displayName: string; role: string; examinerId: number | null; disabled: boolean }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name as displayName', 'role', 'examiner_id as examinerId', 'disabled'])
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({ ...r, disabled: r.disabled === 1 }));
}

/** Per review group of the cycle, its applications in the review (active): the group's load, without loading the applications. */
export async function countActiveApplicationsByGroup(db: Queryable, cycleId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('applications')
    .select(['review_group_id as groupId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'active')
    .where('review_group_id', 'is not', null)
    .groupBy('review_group_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.groupId), Number(r.n)]));
}
