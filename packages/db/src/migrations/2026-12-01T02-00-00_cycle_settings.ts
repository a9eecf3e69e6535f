/**
 * A cycle's scoring settings, stored explicitly.
 *
 * Until now `cycles.aggregation_method` held one statistic and the platform read it as
 * "consensus first, this statistic for the items without a consensus" (a stored 'consensus'
 * meant the mean as fallback). From here:
 *
 * - `aggregation_method` is the official method itself: 'consensus' or a statistic;
 * - `aggregation_fallback` is the declared fallback statistic of 'consensus' (null for a plain
 *   statistic);
 * - `tie_break` is the cycle's tie-break at the cap line: 'priorityAreas' (Art. 2) or 'none'.
 *
 * Existing cycles are rewritten so that their results stay exactly the same: a statistic s
 * becomes consensus with fallback s, a stored 'consensus' becomes consensus with fallback mean,
 * and every existing cycle keeps the Art. 2 priority-area tie-break it was scored with.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cycles').addColumn('aggregation_fallback', 'varchar(16)').execute();
  await db.schema
    .alterTable('cycles')
    .addColumn('tie_break', 'varchar(16)', (c) => c.notNull().defaultTo('priorityAreas'))
    .execute();
  await db
    .updateTable('cycles')
    .set({
      aggregation_fallback: sql`case when aggregation_method = 'consensus' then 'mean' else aggregation_method end`,
      aggregation_method: 'consensus',
    })
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
