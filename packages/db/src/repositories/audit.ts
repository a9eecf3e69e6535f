/** The audit trail (Art. 26): every change to scores, weights and decisions. */
import type { AuditEntry } from '../schema.ts';
import type { Queryable } from './users.ts';

export interface AuditInput {
  userId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  cycleId?: number | null;
  before?: unknown;
  after?: unknown;
  at?: string;
}

export async function writeAudit(db: Queryable, entry: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at ?? new Date().toISOString(),
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      cycle_id: entry.cycleId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export async function listAudit(db: Queryable, filter: { entity?: string; entityId?: string | number; limit?: number } = {}): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc');
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', String(filter.entityId));
  return q.limit(filter.limit ?? 100).execute();
}
