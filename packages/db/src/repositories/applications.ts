/** Applications with their applicant (organisation or individual), priority areas and materials. */
import type { Application, ApplicationStatus, EligibilityStatus, QualificationStatus, SupplementRequestRow } from '../schema.ts';
import { sql, type Expression, type SqlBool } from 'kysely';
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

/** What a page of a cycle's applications is ordered by (then by id): the code, the applicant's name or the day of receipt. */
export type ApplicationSort = 'code' | 'name' | 'nameEn' | 'receivedOn';

export interface ApplicationPageQuery {
  sort?: ApplicationSort;
  dir?: 'asc' | 'desc';
  /** Rows after this one in the order: the last row's sort key and id (keyset paging). */
  after?: { key: string; id: number } | null;
  limit: number;
  /** Part of the code or of the applicant's Chinese or English name (case-insensitive). */
  q?: string;
  eligibility?: EligibilityStatus;
  status?: ApplicationStatus;
  qualification?: QualificationStatus;
  reviewGroupId?: number;
  /** Only the applications assigned to a review group (true) or only the unassigned (false). */
  assigned?: boolean;
}

export interface ApplicationPage {
  rows: ApplicationSummary[];
  /** The sort key of each row (for the next page's cursor), in the order of `rows`. */
  keys: string[];
  /** Rows matching the search and filters (every page). */
  total: number;
  /** Whether rows follow the last one. */
  more: boolean;
}

/** The sort key as SQL; never null, so that `(key, id)` orders and compares the same on SQLite and PostgreSQL. */
function sortKeyOf(sort: ApplicationSort): Expression<string> {
  switch (sort) {
    case 'name':
      return sql<string>`coalesce(organisations.name_zh, individuals.name_zh, '')`;
    case 'nameEn':
      return sql<string>`lower(coalesce(organisations.name_en, individuals.name_en, ''))`;
    case 'receivedOn':
      return sql<string>`coalesce(applications.received_on, '')`;
    default:
      return sql<string>`applications.code`;
  }
}

/** `%…%` for LIKE with the wildcards of the text escaped (`escape '\'`, on both databases). */
function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of a cycle's applications, searched, filtered and sorted in the database, with keyset
 * paging: the rows after `after` (the previous page's last sort key and id) in `(key, id)` order,
 * `limit` of them, plus how many match in all. Portable SQL (SQLite and PostgreSQL).
 */
export async function listApplicationsPage(db: Queryable, cycleId: number, query: ApplicationPageQuery): Promise<ApplicationPage> {
  const sort = query.sort ?? 'code';
  const desc = query.dir === 'desc';
  const key = sortKeyOf(sort);
  const q = query.q?.trim() ?? '';
  const filtered = <QB extends ReturnType<typeof applicationQuery>>(qb: QB): QB =>
    qb.where((eb) => {
      const conds: Expression<SqlBool>[] = [eb('applications.cycle_id', '=', cycleId)];
      if (query.eligibility) conds.push(eb('applications.eligibility_status', '=', query.eligibility));
      if (query.status) conds.push(eb('applications.status', '=', query.status));
      if (query.qualification) conds.push(eb('applications.qualification_status', '=', query.qualification));
      if (query.reviewGroupId !== undefined) conds.push(eb('applications.review_group_id', '=', query.reviewGroupId));
      if (query.assigned !== undefined) conds.push(eb('applications.review_group_id', query.assigned ? 'is not' : 'is', null));
      if (q) {
        const p = containsPattern(q);
        conds.push(
          eb.or([
            sql<SqlBool>`lower(applications.code) like ${p} escape '\\'`,
            sql<SqlBool>`lower(coalesce(organisations.name_zh, individuals.name_zh, '')) like ${p} escape '\\'`,
            sql<SqlBool>`lower(coalesce(organisations.name_en, individuals.name_en, '')) like ${p} escape '\\'`,
          ]),
        );
      }
      return eb.and(conds);
    }) as QB;
  const counted = await filtered(applicationQuery(db))
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow();
  let page = filtered(applicationQuery(db)).select(sql<string>`${key}`.as('sort_key'));
  if (query.after) {
    const { key: k, id } = query.after;
    page = page.where((eb) => eb.or([eb(key, desc ? '<' : '>', k), eb.and([eb(key, '=', k), eb('applications.id', desc ? '<' : '>', id)])]));
  }
  const rows = (await page
    .orderBy(key, desc ? 'desc' : 'asc')
    .orderBy('applications.id', desc ? 'desc' : 'asc')
    .limit(query.limit + 1)
    .execute()) as (Joined & { sort_key: string })[];
  const more = rows.length > query.limit;
  const shown = more ? rows.slice(0, query.limit) : rows;
  const areas = await areasOf(
    db,
    shown.map((r) => r.id),
  );
  return {
    rows: shown.map((r) => toSummary(r, areas.get(r.id) ?? [])),
    keys: shown.map((r) => String(r.sort_key)),
    total: Number(counted.n),
    more,
  };
}

/** How many applications of a cycle there are, by eligibility status and by status (one grouped query). */
export async function countApplicationsOfCycle(db: Queryable, cycleId: number): Promise<{ n: number; eligible: number; ineligible: number; removed: number }> {
  const rows = await db
    .selectFrom('applications')
    .select(['eligibility_status', 'status', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .where('cycle_id', '=', cycleId)
    .groupBy(['eligibility_status', 'status'])
    .execute();
  const out = { n: 0, eligible: 0, ineligible: 0, removed: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    out.n += n;
    if (r.eligibility_status === 'eligible') out.eligible += n;
    if (r.eligibility_status === 'ineligible') out.ineligible += n;
    if (r.status === 'removed') out.removed += n;
  }
  return out;
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
