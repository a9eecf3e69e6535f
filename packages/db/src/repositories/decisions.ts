/**
 * Public comments (Art. 18), objections (Art. 21), committee decisions (Art. 19–20) and awards
 * (Art. 22), revocations (Art. 27–28), incidents (Art. 28) and two-way feedback (Art. 25).
 */
import type {
  CommitteeDecision,
  DecisionKind,
  FeedbackDirection,
  IncidentKind,
  IncidentReview,
  IncidentSeverity,
  ObjectionRow,
  ObjectionStatus,
  PublicComment,
  RevocationReason,
} from '../schema.ts';
import type { Queryable } from './users.ts';

// --- Public comments (Art. 18) -----------------------------------------------------------------

export async function insertComment(
  db: Queryable,
  row: { cycleId: number; applicationId: number | null; receivedOn: string; body: string; recordedBy: number | null },
): Promise<number> {
  const r = await db
    .insertInto('public_comments')
    .values({ cycle_id: row.cycleId, application_id: row.applicationId, received_on: row.receivedOn, body: row.body, recorded_by: row.recordedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function listComments(db: Queryable, cycleId: number): Promise<PublicComment[]> {
  return db.selectFrom('public_comments').selectAll().where('cycle_id', '=', cycleId).orderBy('received_on').orderBy('id').execute();
}

// --- Objections (Art. 21) ----------------------------------------------------------------------

export async function insertObjection(db: Queryable, row: { applicationId: number; receivedOn: string; body: string }): Promise<number> {
  const r = await db
    .insertInto('objections')
    .values({ application_id: row.applicationId, received_on: row.receivedOn, body: row.body, status: 'open', outcome_reason: null, decided_on: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function getObjection(db: Queryable, id: number): Promise<ObjectionRow | undefined> {
  return db.selectFrom('objections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function decideObjection(
  db: Queryable,
  id: number,
  outcome: { status: Exclude<ObjectionStatus, 'open'>; reason: string; decidedOn: string; decidedBy: number | null },
): Promise<void> {
  await db
    .updateTable('objections')
    .set({ status: outcome.status, outcome_reason: outcome.reason, decided_on: outcome.decidedOn, decided_by: outcome.decidedBy })
    .where('id', '=', id)
    .execute();
}

/** The objections against a cycle's applications (or one application). */
export async function listObjections(db: Queryable, filter: { cycleId?: number; applicationId?: number }): Promise<ObjectionRow[]> {
  let q = db
    .selectFrom('objections')
    .innerJoin('applications', 'applications.id', 'objections.application_id')
    .selectAll('objections')
    .orderBy('objections.received_on')
    .orderBy('objections.id');
  if (filter.cycleId !== undefined) q = q.where('applications.cycle_id', '=', filter.cycleId);
  if (filter.applicationId !== undefined) q = q.where('objections.application_id', '=', filter.applicationId);
  return q.execute();
}

// --- Committee decisions (Art. 19–21) ----------------------------------------------------------

export async function insertDecision(
  db: Queryable,
  row: { cycleId: number; applicationId: number; decision: DecisionKind; reason: string | null; decidedOn: string; decidedBy: number | null },
): Promise<number> {
  const r = await db
    .insertInto('committee_decisions')
    .values({
      cycle_id: row.cycleId,
      application_id: row.applicationId,
      decision: row.decision,
      reason: row.reason,
      decided_on: row.decidedOn,
      decided_by: row.decidedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Every decision of a cycle, oldest first (the last one per application is its current state). */
export async function listDecisions(db: Queryable, cycleId: number): Promise<CommitteeDecision[]> {
  return db.selectFrom('committee_decisions').selectAll().where('cycle_id', '=', cycleId).orderBy('id').execute();
}

/** Application id → its latest decision in the cycle. */
export async function currentDecisions(db: Queryable, cycleId: number): Promise<Map<number, CommitteeDecision>> {
  const out = new Map<number, CommitteeDecision>();
  for (const d of await listDecisions(db, cycleId)) out.set(d.application_id, d);
  return out;
}

// --- Awards and revocations (Art. 5, 22, 27, 28) -----------------------------------------------

export interface AwardDetail {
  id: number;
  applicationId: number;
  cycleId: number;
  year: number;
  awardedOn: string;
  validUntil: string;
  prizeRmb: number;
  certificateNo: string;
  /** The awarded organisation (organisation applicants), else null. */
  organisationId: number | null;
  applicantType: 'organisation' | 'individual';
  /** The awarded individual (individual applicants), else null. */
  individualId: number | null;
  /** The city government's approval date, certificate and plaque numbers, prize payment (Art. 22). */
  approvedOn: string | null;
  plaqueNo: string | null;
  prizePaidOn: string | null;
  revocation: {
    id: number;
    reason: RevocationReason;
    article: number;
    detail: string;
    revokedOn: string;
    prizeRecoveredRmb: number;
    incidentId: number | null;
    decisionNo: string | null;
    prizeToRecoverRmb: number;
    prizeRecoveredOn: string | null;
    publicationId: number | null;
  } | null;
}

/** Awards with their cycle year, applicant and revocation (every award, one cycle's, or one organisation's). */
export async function listAwardDetails(
  db: Queryable,
  filter: { cycleId?: number; organisationId?: number; individualId?: number; awardId?: number } = {},
): Promise<AwardDetail[]> {
  let q = db
    .selectFrom('awards')
    .innerJoin('cycles', 'cycles.id', 'awards.cycle_id')
    .innerJoin('applications', 'applications.id', 'awards.application_id')
    .leftJoin('revocations', 'revocations.award_id', 'awards.id')
    .select([
      'awards.id as id',
      'awards.application_id as applicationId',
      'awards.cycle_id as cycleId',
      'cycles.year as year',
      'awards.awarded_on as awardedOn',
      'awards.valid_until as validUntil',
      'awards.prize_rmb as prizeRmb',
      'awards.certificate_no as certificateNo',
      'applications.organisation_id as organisationId',
      'applications.applicant_type as applicantType',
      'applications.individual_id as individualId',
      'awards.approved_on as approvedOn',
      'awards.plaque_no as plaqueNo',
      'awards.prize_paid_on as prizePaidOn',
      'revocations.decision_no as decisionNo',
      'revocations.prize_to_recover_rmb as prizeToRecoverRmb',
      'revocations.prize_recovered_on as prizeRecoveredOn',
      'revocations.publication_id as publicationId',
      'revocations.id as revocationId',
      'revocations.reason as revocationReason',
      'revocations.article as revocationArticle',
      'revocations.detail as revocationDetail',
      'revocations.revoked_on as revokedOn',
      'revocations.prize_recovered_rmb as prizeRecoveredRmb',
      'revocations.incident_id as revocationIncidentId',
    ])
    .orderBy('awards.awarded_on')
    .orderBy('awards.id');
  if (filter.cycleId !== undefined) q = q.where('awards.cycle_id', '=', filter.cycleId);
  if (filter.awardId !== undefined) q = q.where('awards.id', '=', filter.awardId);
  if (filter.organisationId !== undefined) {
    q = q.where('applications.organisation_id', '=', filter.organisationId).where('applications.applicant_type', '=', 'organisation');
  }
  if (filter.individualId !== undefined) {
    q = q.where('applications.individual_id', '=', filter.individualId).where('applications.applicant_type', '=', 'individual');
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    applicationId: r.applicationId,
    cycleId: r.cycleId,
    year: r.year,
    awardedOn: r.awardedOn,
    validUntil: r.validUntil,
    prizeRmb: r.prizeRmb,
    certificateNo: r.certificateNo,
    organisationId: r.applicantType === 'organisation' ? r.organisationId : null,
    applicantType: r.applicantType,
    individualId: r.applicantType === 'individual' ? (r.individualId ?? null) : null,
    approvedOn: r.approvedOn ?? null,
    plaqueNo: r.plaqueNo ?? null,
    prizePaidOn: r.prizePaidOn ?? null,
    revocation:
      r.revocationId == null
        ? null
        : {
            id: r.revocationId,
            reason: r.revocationReason!,
            article: r.revocationArticle!,
            detail: r.revocationDetail!,
            revokedOn: r.revokedOn!,
            prizeRecoveredRmb: r.prizeRecoveredRmb!,
            incidentId: r.revocationIncidentId ?? null,
            decisionNo: r.decisionNo ?? null,
            prizeToRecoverRmb: r.prizeToRecoverRmb ?? 0,
            prizeRecoveredOn: r.prizeRecoveredOn ?? null,
            publicationId: r.publicationId ?? null,
          },
  }));
}

export async function insertAward(
  db: Queryable,
  row: {
    applicationId: number;
    cycleId: number;
    awardedOn: string;
    validUntil: string;
    prizeRmb: number;
    certificateNo: string;
    approvedOn?: string | null;
    plaqueNo?: string | null;
    prizePaidOn?: string | null;
  },
): Promise<number> {
  const r = await db
    .insertInto('awards')
    .values({
      application_id: row.applicationId,
      cycle_id: row.cycleId,
      awarded_on: row.awardedOn,
      valid_until: row.validUntil,
      prize_rmb: row.prizeRmb,
      certificate_no: row.certificateNo,
      approved_on: row.approvedOn ?? null,
      plaque_no: row.plaqueNo ?? null,
      prize_paid_on: row.prizePaidOn ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertRevocation(
  db: Queryable,
  row: {
    awardId: number;
    reason: RevocationReason;
    article: number;
    detail: string;
    revokedOn: string;
    prizeRecoveredRmb: number;
    decidedBy: number | null;
    incidentId: number | null;
    decisionNo?: string | null;
    prizeToRecoverRmb?: number;
    prizeRecoveredOn?: string | null;
  },
): Promise<number> {
  const r = await db
    .insertInto('revocations')
    .values({
      award_id: row.awardId,
      reason: row.reason,
      article: row.article,
      detail: row.detail,
      revoked_on: row.revokedOn,
      prize_recovered_rmb: row.prizeRecoveredRmb,
      decided_by: row.decidedBy,
      incident_id: row.incidentId,
      decision_no: row.decisionNo ?? null,
      prize_to_recover_rmb: row.prizeToRecoverRmb ?? row.prizeRecoveredRmb,
      prize_recovered_on: row.prizeRecoveredOn ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

// --- Incidents (Art. 28) -----------------------------------------------------------------------

export async function insertIncident(
  db: Queryable,
  row: {
    /** The organisation concerned, or null for an individual (`individualId`). */
    organisationId: number | null;
    individualId?: number | null;
    reportedBy?: number | null;
    occurredOn: string;
    reportedOn: string;
    kind: IncidentKind;
    severity: IncidentSeverity;
    description: string;
    reviewStatus: IncidentReview;
  },
): Promise<number> {
  const r = await db
    .insertInto('incidents')
    .values({
      organisation_id: row.organisationId,
      individual_id: row.individualId ?? null,
      reported_by: row.reportedBy ?? null,
      occurred_on: row.occurredOn,
      reported_on: row.reportedOn,
      kind: row.kind,
      severity: row.severity,
      description: row.description,
      review_status: row.reviewStatus,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setIncidentReview(db: Queryable, id: number, status: IncidentReview): Promise<void> {
  await db.updateTable('incidents').set({ review_status: status }).where('id', '=', id).execute();
}

export async function getIncident(db: Queryable, id: number) {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getOrganisation(db: Queryable, id: number) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

// --- Two-way feedback (Art. 25) ----------------------------------------------------------------

export async function insertFeedback(
  db: Queryable,
  row: { applicationId: number; examinerId: number; direction: FeedbackDirection; rating: number; comment: string | null; createdAt: string },
): Promise<number> {
  const r = await db
    .insertInto('feedback')
    .values({
      application_id: row.applicationId,
      examiner_id: row.examinerId,
      direction: row.direction,
      rating: row.rating,
      comment: row.comment,
      created_at: row.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface FeedbackDetail {
  id: number;
  applicationId: number;
  applicationCode: string;
  examinerId: number;
  examinerNameZh: string;
  examinerNameEn: string;
  direction: FeedbackDirection;
  rating: number;
  comment: string | null;
  createdAt: string;
}

export async function listFeedback(db: Queryable, cycleId: number): Promise<FeedbackDetail[]> {
  const rows = await db
    .selectFrom('feedback')
    .innerJoin('applications', 'applications.id', 'feedback.application_id')
    .innerJoin('examiners', 'examiners.id', 'feedback.examiner_id')
    .select([
      'feedback.id as id',
      'feedback.application_id as applicationId',
      'applications.code as applicationCode',
      'feedback.examiner_id as examinerId',
      'examiners.name_zh as examinerNameZh',
      'examiners.name_en as examinerNameEn',
      'feedback.direction as direction',
      'feedback.rating as rating',
      'feedback.comment as comment',
      'feedback.created_at as createdAt',
    ])
    .where('applications.cycle_id', '=', cycleId)
    .orderBy('applications.code')
    .orderBy('feedback.id')
    .execute();
  return rows;
}
