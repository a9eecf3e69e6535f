/** Weight sets (points per GB/T 19580 item), versioned per code. */
import type { WeightSetRow } from '../schema.ts';
import type { Queryable } from './users.ts';

export interface WeightSetWithPoints extends WeightSetRow {
  /** itemId → points. */
  points: Record<string, number>;
}

async function pointsOf(db: Queryable, ids: number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>();
  for (const id of ids) out.set(id, {});
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('weight_set_items').selectAll().where('weight_set_id', 'in', ids).execute();
  for (const r of rows) out.get(r.weight_set_id)![r.item_id] = r.points;
  return out;
}

export async function listWeightSets(db: Queryable): Promise<WeightSetWithPoints[]> {
  const rows = await db.selectFrom('weight_sets').selectAll().orderBy('code').orderBy('version').execute();
  const points = await pointsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, points: points.get(r.id)! }));
}

export async function getWeightSet(db: Queryable, id: number): Promise<WeightSetWithPoints | undefined> {
  const row = await db.selectFrom('weight_sets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const points = await pointsOf(db, [row.id]);
  return { ...row, points: points.get(row.id)! };
}

/** Next free version number for a weight-set code (1 for a new code). */
export async function nextWeightSetVersion(db: Queryable, code: string): Promise<number> {
  const row = await db
    .selectFrom('weight_sets')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

export async function insertWeightSet(
  db: Queryable,
  ws: {
    code: string;
    version: number;
    nameZh: string;
    nameEn: string;
    basedOnId: number | null;
    note?: string | null;
    createdBy: number | null;
    createdAt: string;
    points: Record<string, number>;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('weight_sets')
    .values({
      code: ws.code,
      version: ws.version,
      name_zh: ws.nameZh,
      name_en: ws.nameEn,
      status: 'draft',
      based_on_id: ws.basedOnId,
      note: ws.note ?? null,
      created_by: ws.createdBy,
      created_at: ws.createdAt,
      frozen_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceWeightSetPoints(db, id, ws.points);
  return id;
}

export async function replaceWeightSetPoints(db: Queryable, id: number, points: Record<string, number>): Promise<void> {
  await db.deleteFrom('weight_set_items').where('weight_set_id', '=', id).execute();
  const rows = Object.entries(points).map(([item_id, p]) => ({ weight_set_id: id, item_id, points: p }));
  if (rows.length) await db.insertInto('weight_set_items').values(rows).execute();
}

export async function updateWeightSetNames(db: Queryable, id: number, names: { nameZh?: string; nameEn?: string }): Promise<void> {
  const set: { name_zh?: string; name_en?: string } = {};
  if (names.nameZh !== undefined) set.name_zh = names.nameZh;
  if (names.nameEn !== undefined) set.name_en = names.nameEn;
  if (Object.keys(set).length) await db.updateTable('weight_sets').set(set).where('id', '=', id).execute();
}

export async function freezeWeightSet(db: Queryable, id: number, at: string): Promise<void> {
  await db.updateTable('weight_sets').set({ status: 'frozen', frozen_at: at }).where('id', '=', id).execute();
}

/** Years of the cycles that use a weight set. */
export async function cyclesUsingWeightSet(db: Queryable, id: number): Promise<number[]> {
  const rows = await db.selectFrom('cycles').select('year').where('weight_set_id', '=', id).orderBy('year').execute();
  return rows.map((r) => r.year);
}
