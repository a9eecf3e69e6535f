/** Awards, revocations, organisation indicators, incidents and misuse reports (Art. 5, 22, 27, 28, 30). */
import type { Award, Incident, MisuseItem, MisuseKind, MisuseReport, MisuseStatus, Revocation } from '../schema.ts';
import type { Queryable } from './users.ts';

export interface IndicatorRow {
  organisationId: number;
  year: number;
  indicator: string;
  value: number;
}

export async function listAwards(db: Queryable): Promise<Award[]> {
  return db.selectFrom('awards').selectAll().orderBy('awarded_on').orderBy('id').execute();
}

export async function listRevocations(db: Queryable): Promise<Revocation[]> {
  return db.selectFrom('revocations').selectAll().orderBy('id').execute();
}

export async function listIndicators(db: Queryable): Promise<IndicatorRow[]> {
  const rows = await db
    .selectFrom('org_indicators')
    .select(['organisation_id as organisationId', 'year', 'indicator', 'value'])
    .orderBy('organisation_id')
    .orderBy('year')
    .execute();
  return rows;
}

export async function listIncidents(db: Queryable): Promise<Incident[]> {
  return db.selectFrom('incidents').selectAll().orderBy('occurred_on').orderBy('id').execute();
}

/** Organisation id → sector, for every organisation. */
export async function organisationSectors(db: Queryable): Promise<Map<number, string>> {
  const rows = await db.selectFrom('organisations').select(['id', 'sector']).execute();
  return new Map(rows.map((r) => [r.id, r.sector]));
}

/** One organisation's indicator values of one year (indicator id → value). */
export async function indicatorsOf(db: Queryable, organisationId: number, year?: number): Promise<IndicatorRow[]> {
  let q = db
    .selectFrom('org_indicators')
    .select(['organisation_id as organisationId', 'year', 'indicator', 'value'])
    .where('organisation_id', '=', organisationId);
  if (year !== undefined) q = q.where('year', '=', year);
  return q.orderBy('year').orderBy('indicator').execute();
}

/** Writes one indicator value (insert or replace). */
export async function upsertIndicator(db: Queryable, row: IndicatorRow): Promise<void> {
  await db
    .deleteFrom('org_indicators')
    .where('organisation_id', '=', row.organisationId)
    .where('year', '=', row.year)
    .where('indicator', '=', row.indicator)
    .execute();
  await db.insertInto('org_indicators').values({ organisation_id: row.organisationId, year: row.year, indicator: row.indicator, value: row.value }).execute();
}

export async function deleteIndicator(db: Queryable, row: Omit<IndicatorRow, 'value'>): Promise<void> {
  await db
    .deleteFrom('org_indicators')
    .where('organisation_id', '=', row.organisationId)
    .where('year', '=', row.year)
    .where('indicator', '=', row.indicator)
    .execute();
}

export async function setAwardPrizePaid(db: Queryable, awardId: number, paidOn: string | null): Promise<void> {
  await db.updateTable('awards').set({ prize_paid_on: paidOn }).where('id', '=', awardId).execute();
}

export async function setRevocationRecovery(
  db: Queryable,
  revocationId: number,
  row: { prizeRecoveredRmb: number; prizeRecoveredOn: string | null },
): Promise<void> {
  await db
    .updateTable('revocations')
    .set({ prize_recovered_rmb: row.prizeRecoveredRmb, prize_recovered_on: row.prizeRecoveredOn })
    .where('id', '=', revocationId)
    .execute();
}

/** Links a revocation to its published notice. */
export async function setRevocationPublication(db: Queryable, revocationId: number, publicationId: number): Promise<void> {
  await db.updateTable('revocations').set({ publication_id: publicationId }).where('id', '=', revocationId).execute();
}

export async function getIndividual(db: Queryable, id: number) {
  return db.selectFrom('individuals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setCycleIndividualPrize(db: Queryable, cycleId: number, amountRmb: number): Promise<void> {
  await db.updateTable('cycles').set({ individual_prize_rmb: amountRmb }).where('id', '=', cycleId).execute();
}

// --- Misuse of the title, certificates and plaques (Art. 30) -----------------------------------

export async function insertMisuseReport(
  db: Queryable,
  row: {
    awardId: number | null;
    party: string;
    kind: MisuseKind;
    item: MisuseItem;
    reportedOn: string;
    description: string;
    recordedBy: number | null;
    recordedAt: string;
  },
): Promise<number> {
  const r = await db
    .insertInto('misuse_reports')
    .values({
      award_id: row.awardId,
      party: row.party,
      kind: row.kind,
      item: row.item,
      reported_on: row.reportedOn,
      description: row.description,
      status: 'open',
      action_taken: null,
      handled_on: null,
      handled_by: null,
      recorded_by: row.recordedBy,
      recorded_at: row.recordedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function getMisuseReport(db: Queryable, id: number): Promise<MisuseReport | undefined> {
  return db.selectFrom('misuse_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listMisuseReports(db: Queryable): Promise<MisuseReport[]> {
  return db.selectFrom('misuse_reports').selectAll().orderBy('reported_on').orderBy('id').execute();
}

export async function updateMisuseHandling(
  db: Queryable,
  id: number,
  row: { status: MisuseStatus; actionTaken: string | null; handledOn: string | null; handledBy: number | null },
): Promise<void> {
  await db
    .updateTable('misuse_reports')
    .set({ status: row.status, action_taken: row.actionTaken, handled_on: row.handledOn, handled_by: row.handledBy })
    .where('id', '=', id)
    .execute();
}
