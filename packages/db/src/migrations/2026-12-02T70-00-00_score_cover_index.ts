/**
 * A covering index of the scores in sheet order (application, examiner, stage, item, percent):
 * reading a cycle's submitted sheets (`listCycleScoreColumns`) aggregates each sheet's scores
 * from the index alone, without sorting and without visiting the table. The natural key
 * (application, examiner, item, stage) stays the conflict target of score writes. Frozen once
 * landed.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('scores_sheet_cover').on('scores').columns(['application_id', 'examiner_id', 'stage', 'item_id', 'percent']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('scores_sheet_cover').execute();
}
