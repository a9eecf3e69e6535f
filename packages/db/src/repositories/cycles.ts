/** Award cycles. */
import type { Cycle, CyclePhase } from '../schema.ts';
import type { Queryable } from './users.ts';

export async function listCycles(db: Queryable): Promise<Cycle[]> {
  return db.selectFrom('cycles').selectAll().orderBy('year').execute();
}

export async function getCycleByYear(db: Queryable, year: number): Promise<Cycle | undefined> {
  return db.selectFrom('cycles').selectAll().where('year', '=', year).executeTakeFirst();
}

export async function getCycleById(db: Queryable, id: number): Promise<Cycle | undefined> {
  return db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setCyclePhase(db: Queryable, id: number, phase: CyclePhase): Promise<void> {
  await db.updateTable('cycles').set({ phase }).where('id', '=', id).execute();
}

/** Number of applications per cycle id. */
export async function applicationCountsByCycle(db: Queryable): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('applications')
    .select(['cycle_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('cycle_id')
    .execute();
  return new Map(rows.map((r) => [r.cycle_id, Number(r.n)]));
}

/** Whether any score exists for an application of the cycle. */
export async function cycleHasScores(db: Queryable, cycleId: number): Promise<boolean> {
  const row = await db
    .selectFrom('scores')
    .innerJoin('applications', 'applications.id', 'scores.application_id')
    .select('scores.id')
    .where('applications.cycle_id', '=', cycleId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
