/**
 * The shared change counters (`data_versions`): what lets several server processes on one
 * database drop cached results and sessions that another process changed.
 */
import { sql } from 'kysely';
import type { Queryable } from './users.ts';

/** Every scope's count. */
export async function readDataVersions(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.selectFrom('data_versions').select(['scope', 'version']).execute();
  return new Map(rows.map((r) => [r.scope, Number(r.version)]));
}

/** Counts one change of each scope (creating its row on first use); returns the new counts. */
export async function bumpDataVersions(db: Queryable, scopes: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const scope of new Set(scopes)) {
    const row = await db
      .insertInto('data_versions')
      .values({ scope, version: 1 })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ version: sql`data_versions.version + 1` }))
      .returning('version')
      .executeTakeFirstOrThrow();
    out.set(scope, Number(row.version));
  }
  return out;
}
