/** Awards, revocations, organisation indicators and incidents (Art. 5, 27, 28). */
import type { Award, Incident, Revocation } from '../schema.ts';
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
