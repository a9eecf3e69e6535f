/** Conflicts of interest and recusals (Art. 24): examiners' ties, recorded conflicts. */
import type { ConflictSource, TieKind } from '../schema.ts';
import type { Queryable } from './users.ts';

export interface ExaminerTieRow {
  examinerId: number;
  organisationId: number;
  organisationUscc: string;
  organisationNameZh: string;
  kind: TieKind;
  note: string | null;
}

/** Every declared tie of the given examiners (all when omitted), with the organisation's USCC and name. */
export async function listExaminerTies(db: Queryable, examinerIds?: number[]): Promise<ExaminerTieRow[]> {
  let q = db
    .selectFrom('examiner_ties')
    .innerJoin('organisations', 'organisations.id', 'examiner_ties.organisation_id')
    .select([
      'examiner_ties.examiner_id as examinerId',
      'examiner_ties.organisation_id as organisationId',
      'organisations.uscc as organisationUscc',
      'organisations.name_zh as organisationNameZh',
      'examiner_ties.kind as kind',
      'examiner_ties.note as note',
    ])
    .orderBy('examiner_ties.id');
  if (examinerIds) {
    if (examinerIds.length === 0) return [];
    q = q.where('examiner_ties.examiner_id', 'in', examinerIds);
  }
  return await q.execute();
}

/** The organisation an application stands for: itself, or an individual applicant's employer. */
export interface ApplicantOrganisationRow {
  applicationId: number;
  applicantType: 'organisation' | 'individual';
  /** The applicant's (or the individual's employer's) organisation. */
  organisationId: number | null;
  uscc: string | null;
  nameZh: string | null;
  /** Individual applicants: the person's name and id. */
  individualId: number | null;
  individualNameZh: string | null;
}

export async function listApplicantOrganisations(db: Queryable, applicationIds: number[]): Promise<ApplicantOrganisationRow[]> {
  if (applicationIds.length === 0) return [];
  const rows = await db
    .selectFrom('applications')
    .leftJoin('individuals', 'individuals.id', 'applications.individual_id')
    .leftJoin('organisations as own', 'own.id', 'applications.organisation_id')
    .leftJoin('organisations as employer', 'employer.id', 'individuals.organisation_id')
    .select([
      'applications.id as applicationId',
      'applications.applicant_type as applicantType',
      'own.id as ownId',
      'own.uscc as ownUscc',
      'own.name_zh as ownName',
      'employer.id as employerId',
      'employer.uscc as employerUscc',
      'employer.name_zh as employerName',
      'individuals.id as individualId',
      'individuals.name_zh as individualNameZh',
    ])
    .where('applications.id', 'in', applicationIds)
    .orderBy('applications.id')
    .execute();
  return rows.map((r) => {
    const isOrg = r.applicantType === 'organisation';
    return {
      applicationId: r.applicationId,
      applicantType: r.applicantType,
      organisationId: (isOrg ? r.ownId : r.employerId) ?? null,
      uscc: (isOrg ? r.ownUscc : r.employerUscc) ?? null,
      nameZh: (isOrg ? r.ownName : r.employerName) ?? null,
      individualId: r.individualId ?? null,
      individualNameZh: r.individualNameZh ?? null,
    };
  });
}

export interface ConflictDetail {
  id: number;
  applicationId: number;
  applicationCode: string;
  reviewGroupId: number | null;
  examinerId: number;
  examinerNameZh: string;
  examinerNameEn: string;
  source: ConflictSource;
  reason: string;
  declaredAt: string;
}

/** The conflicts of a cycle (or of one application), with the application code and the examiner's name. */
export async function listConflictDetails(db: Queryable, filter: { cycleId?: number; applicationId?: number }): Promise<ConflictDetail[]> {
  let q = db
    .selectFrom('conflicts')
    .innerJoin('applications', 'applications.id', 'conflicts.application_id')
    .innerJoin('examiners', 'examiners.id', 'conflicts.examiner_id')
    .select([
      'conflicts.id as id',
      'conflicts.application_id as applicationId',
      'applications.code as applicationCode',
      'applications.review_group_id as reviewGroupId',
      'conflicts.examiner_id as examinerId',
      'examiners.name_zh as examinerNameZh',
      'examiners.name_en as examinerNameEn',
      'conflicts.source as source',
      'conflicts.reason as reason',
      'conflicts.declared_at as declaredAt',
    ])
    .orderBy('applications.code')
    .orderBy('conflicts.examiner_id');
  if (filter.cycleId !== undefined) q = q.where('applications.cycle_id', '=', filter.cycleId);
  if (filter.applicationId !== undefined) q = q.where('conflicts.application_id', '=', filter.applicationId);
  return await q.execute();
}

export async function insertConflict(
  db: Queryable,
  row: { applicationId: number; examinerId: number; source: ConflictSource; reason: string; declaredAt: string },
): Promise<number> {
  const r = await db
    .insertInto('conflicts')
    .values({
      application_id: row.applicationId,
      examiner_id: row.examinerId,
      source: row.source,
      reason: row.reason,
      declared_at: row.declaredAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Number of scores (any stage, any sheet status) an examiner has for an application. */
export async function countExaminerScoresFor(db: Queryable, applicationId: number, examinerId: number): Promise<number> {
  const row = await db
    .selectFrom('scores')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('application_id', '=', applicationId)
    .where('examiner_id', '=', examinerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * For every recorded conflict of a cycle, the scores the examiner has stored for the application
 * (any stage or sheet status; they never count): `${applicationId}|${examinerId}` → count, in one query.
 */
export async function countConflictScores(db: Queryable, cycleId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('conflicts')
    .innerJoin('applications', 'applications.id', 'conflicts.application_id')
    .leftJoin('scores', (j) => j.onRef('scores.application_id', '=', 'conflicts.application_id').onRef('scores.examiner_id', '=', 'conflicts.examiner_id'))
    .select((eb) => ['conflicts.application_id as applicationId', 'conflicts.examiner_id as examinerId', eb.fn.count<number>('scores.id').as('n')])
    .where('applications.cycle_id', '=', cycleId)
    .groupBy(['conflicts.application_id', 'conflicts.examiner_id'])
    .execute();
  return new Map(rows.map((r) => [`${r.applicationId}|${r.examinerId}`, Number(r.n)]));
}

export async function getReviewGroup(db: Queryable, id: number) {
  const g = await db.selectFrom('review_groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!g) return undefined;
  const members = await db.selectFrom('review_group_members').select('examiner_id').where('review_group_id', '=', id).orderBy('examiner_id').execute();
  return {
    id: g.id,
    cycleId: g.cycle_id,
    nameZh: g.name_zh,
    nameEn: g.name_en,
    leaderExaminerId: g.leader_examiner_id,
    memberIds: members.map((m) => m.examiner_id),
  };
}
