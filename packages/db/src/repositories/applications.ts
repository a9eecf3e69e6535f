/** Applications with their applicant (organisation or individual), priority areas and materials. */
import type { Application, ApplicationStatus, EligibilityStatus, QualificationStatus, SupplementRequestRow } from '../schema.ts';
import type { Queryable } from './users.ts';

export interface ApplicationSummary extends Application {
  applicantNameZh: string;
  applicantNameEn: string;
  /** The applicant's sector: the organisation's, or the individual's. */
  sector: string;
  /** Administrative division code of the applicant's banner/district. */
  district: string;
  priorityAreas: string[];
}

function applicationQuery(db: Queryable) {
  return db
    .selectFrom('applications')
    .leftJoin('organisations', 'organisations.id', 'applications.organisation_id')
    .leftJoin('individuals', 'individuals.id', 'applications.individual_id')
    .selectAll('applications')
    .select([
      'organisations.name_zh as org_name_zh',
      'organisations.name_en as org_name_en',
      'organisations.sector as org_sector',
      'organisations.district as org_district',
      'individuals.name_zh as ind_name_zh',
      'individuals.name_en as ind_name_en',
      'individuals.sector as ind_sector',
      'individuals.district as ind_district',
    ]);
}

type Joined = Application & {
  org_name_zh: string | null;
  org_name_en: string | null;
  org_sector: string | null;
  org_district: string | null;
  ind_name_zh: string | null;
  ind_name_en: string | null;
  ind_sector: string | null;
  ind_district: string | null;
};

function toSummary(r: Joined, areas: string[]): ApplicationSummary {
  const isOrg = r.applicant_type === 'organisation';
  // Explicit fields (no rest spread): this runs for every application of every listed cycle.
  return {
    id: r.id,
    cycle_id: r.cycle_id,
    code: r.code,
    applicant_type: r.applicant_type,
    organisation_id: r.organisation_id,
    individual_id: r.individual_id,
    channel: r.channel,
    recommending_body: r.recommending_body,
    received_on: r.received_on,
    eligibility_facts: r.eligibility_facts,
    eligibility_status: r.eligibility_status,
    eligibility_failures: r.eligibility_failures,
    qualification_status: r.qualification_status,
    review_group_id: r.review_group_id,
    status: r.status,
    removed_reason: r.removed_reason,
    created_at: r.created_at,
    applicantNameZh: (isOrg ? r.org_name_zh : r.ind_name_zh) ?? '',
    applicantNameEn: (isOrg ? r.org_name_en : r.ind_name_en) ?? '',
    sector: (isOrg ? r.org_sector : r.ind_sector) ?? '',
    district: (isOrg ? r.org_district : r.ind_district) ?? '',
    priorityAreas: areas,
  };
}

/** Ids per `in (…)` list: well below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters. */
const IDS_PER_QUERY = 10_000;

function chunks<T>(list: readonly T[], size = IDS_PER_QUERY): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function areasOf(db: Queryable, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('application_priority_areas').selectAll().where('application_id', 'in', part).orderBy('area').execute();
    for (const r of rows) {
      const list = out.get(r.application_id) ?? [];
      list.push(r.area);
      out.set(r.application_id, list);
    }
  }
  return out;
}

/** The summaries of these applications (of any cycle), by code: for lists that name a few applications of a large cycle. */
export async function listApplicationSummaries(db: Queryable, ids: readonly number[]): Promise<ApplicationSummary[]> {
  const unique = [...new Set(ids)];
  const rows: Joined[] = [];
  for (const part of chunks(unique)) rows.push(...((await applicationQuery(db).where('applications.id', 'in', part).execute()) as Joined[]));
  rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id));
  const areas = await areasOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSummary(r, areas.get(r.id) ?? []));
}

/** Every application of a cycle, by code. */
export async function listApplicationsOfCycle(db: Queryable, cycleId: number): Promise<ApplicationSummary[]> {
  const rows = (await applicationQuery(db).where('applications.cycle_id', '=', cycleId).orderBy('applications.code').execute()) as Joined[];
  const areas = await areasOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSummary(r, areas.get(r.id) ?? []));
}

/** Every application of every cycle (trends, sector comparisons). */
export async function listAllApplications(db: Queryable): Promise<ApplicationSummary[]> {
  const rows = (await applicationQuery(db).orderBy('applications.cycle_id').orderBy('applications.code').execute()) as Joined[];
  const areas = new Map<number, string[]>();
  const all = await db.selectFrom('application_priority_areas').selectAll().orderBy('area').execute();
  for (const a of all) {
    const list = areas.get(a.application_id) ?? [];
    list.push(a.area);
    areas.set(a.application_id, list);
  }
  return rows.map((r) => toSummary(r, areas.get(r.id) ?? []));
}

export async function getApplicationSummary(db: Queryable, id: number): Promise<ApplicationSummary | undefined> {
  const row = await applicationQuery(db).where('applications.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const areas = await areasOf(db, [id]);
  return toSummary(row, areas.get(id) ?? []);
}

export interface MaterialRow {
  id: number;
  title: string;
  kind: string;
  confidential: boolean;
  body: string;
  createdAt: string;
}

export async function listMaterials(db: Queryable, applicationId: number): Promise<MaterialRow[]> {
  const rows = await db.selectFrom('application_materials').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    confidential: r.confidential === 1,
    body: r.body,
    createdAt: r.created_at,
  }));
}

/** Stores the declared facts and the result of an eligibility check (Art. 10–12). */
export async function updateEligibility(db: Queryable, id: number, values: { facts?: string; status: EligibilityStatus; failures: string }): Promise<void> {
  await db
    .updateTable('applications')
    .set({
      ...(values.facts !== undefined ? { eligibility_facts: values.facts } : {}),
      eligibility_status: values.status,
      eligibility_failures: values.failures,
    })
    .where('id', '=', id)
    .execute();
}

export async function setQualificationStatus(db: Queryable, id: number, status: QualificationStatus): Promise<void> {
  await db.updateTable('applications').set({ qualification_status: status }).where('id', '=', id).execute();
}

export async function setReviewGroup(db: Queryable, id: number, reviewGroupId: number | null): Promise<void> {
  await db.updateTable('applications').set({ review_group_id: reviewGroupId }).where('id', '=', id).execute();
}

/** Sets the application's status; `removed` keeps its reason (Art. 21). */
export async function setApplicationStatus(db: Queryable, id: number, status: ApplicationStatus, removedReason: string | null): Promise<void> {
  await db.updateTable('applications').set({ status, removed_reason: removedReason }).where('id', '=', id).execute();
}

/** The supplement request of an application (at most one, Art. 16). */
export async function getSupplementRequest(db: Queryable, applicationId: number): Promise<SupplementRequestRow | undefined> {
  return db.selectFrom('supplement_requests').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
}

export async function insertSupplementRequest(
  db: Queryable,
  row: { applicationId: number; items: string[]; requestedOn: string; requestedBy: number | null },
): Promise<number> {
  const r = await db
    .insertInto('supplement_requests')
    .values({
      application_id: row.applicationId,
      items: JSON.stringify(row.items),
      requested_on: row.requestedOn,
      requested_by: row.requestedBy,
      fulfilled_on: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function markSupplementFulfilled(db: Queryable, applicationId: number, on: string): Promise<void> {
  await db.updateTable('supplement_requests').set({ fulfilled_on: on }).where('application_id', '=', applicationId).where('fulfilled_on', 'is', null).execute();
}
