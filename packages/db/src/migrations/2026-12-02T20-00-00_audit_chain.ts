/**
 * A tamper-evident audit trail (Art. 26): every `audit_log` row carries `prev_hash` (the
 * `hash` of the row before it, in id order; 64 zeros for the first row) and `hash` =
 * SHA-256 over `prev_hash`, a newline and the row's canonical JSON (its stored columns `id, at,
 * user_id, action, entity, entity_id, cycle_id, before, after`, in that order, `before`/`after`
 * as the stored JSON text). The rows already present are chained here, in id order.
 *
 * A unique index on `prev_hash` makes a fork impossible: two rows can never follow the same
 * predecessor, whichever writer tried.
 *
 * The hashing is written out here rather than imported, so that this migration does the same
 * thing for ever; `src/repositories/audit.ts` computes the same function (a test checks that a
 * chain made here verifies there).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

const GENESIS = '0'.repeat(64);

interface Row {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  cycle_id: number | null;
  before: string | null;
  after: string | null;
}

function rowHash(prev: string, r: Row): string {
  const canonical = JSON.stringify([r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.cycle_id, r.before, r.after]);
  return createHash('sha256').update(`${prev}\n${canonical}`, 'utf8').digest('hex');
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'varchar(64)').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'varchar(64)').execute();

  let prev = GENESIS;
  let lastId = 0;
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .select(['id', 'at', 'user_id', 'action', 'entity', 'entity_id', 'cycle_id', 'before', 'after'])
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(2000)
      .execute()) as Row[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const hash = rowHash(prev, r);
      await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
      prev = hash;
      lastId = r.id;
    }
  }

  await db.schema.createIndex('audit_log_prev_hash').on('audit_log').column('prev_hash').unique().execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
