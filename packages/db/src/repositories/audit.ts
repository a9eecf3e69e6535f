/**
 * The audit trail (Art. 26): every change to scores, weights and decisions, chained by hash so
 * that an edited, inserted or deleted row is found (`verifyAuditChain`, `pnpm audit:verify`).
 *
 * Every row is written by {@link writeAuditMany} (or {@link writeAudit}, one row): it reads the
 * last row's id and hash and inserts the new rows with the next ids and their hashes, inside
 * one transaction — the caller's when it passes one (so the audit row commits or rolls back with
 * the change it records), otherwise its own.
 *
 * Why the chain cannot fork under concurrent writers:
 * - within one process, Kysely's SQLite driver runs every transaction on its single connection
 *   behind a mutex, so no other statement runs between the read of the last row and the insert;
 * - across processes (the server and a command-line tool on the same file), SQLite allows one
 *   writer at a time: the writer first takes the write lock (an update that matches no row, the
 *   equivalent of `BEGIN IMMEDIATE`; another writer waits for the busy timeout) and only then
 *   reads the head; a transaction that had read older data before cannot write at all (WAL
 *   answers `SQLITE_BUSY_SNAPSHOT`) and fails instead of forking;
 * - on PostgreSQL the writer locks the table against other writers (`share row exclusive`) first;
 * - and a unique index on `prev_hash` refuses, whatever happens, two rows that follow the same
 *   predecessor.
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
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

/** `prev_hash` of the first row. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The stored columns a row's hash covers. */
export type AuditHashed = Pick<AuditEntry, 'id' | 'at' | 'user_id' | 'action' | 'entity' | 'entity_id' | 'cycle_id' | 'before' | 'after'>;

/**
 * SHA-256 (hex) over the previous hash, a newline and the row's canonical JSON: its stored
 * columns `[id, at, user_id, action, entity, entity_id, cycle_id, before, after]` as a JSON array
 * (`before`/`after` as the stored JSON text). The migration that introduced the chain computes
 * the very same function.
 */
export function auditRowHash(prevHash: string, r: AuditHashed): string {
  const canonical = JSON.stringify([r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.cycle_id, r.before, r.after]);
  return createHash('sha256').update(`${prevHash}\n${canonical}`, 'utf8').digest('hex');
}

/** Rows per multi-row insert (11 parameters each, well under SQLite's limit). */
const INSERT_CHUNK = 500;

/**
 * Appends the entries to the chain, in order, in one transaction (the caller's, or its own);
 * returns their ids.
 */
export async function writeAuditMany(db: Queryable, entries: readonly AuditInput[]): Promise<number[]> {
  if (entries.length === 0) return [];
  if (!db.isTransaction) return db.transaction().execute((trx) => writeAuditMany(trx, entries));
  // Take the write lock before reading the chain's head, so no other writer can append between
  // the read and the insert. SQLite: a statement that writes nothing (like BEGIN IMMEDIATE).
  // PostgreSQL: a table lock that writers of audit_log queue behind (readers are not blocked).
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`lock table audit_log in share row exclusive mode`.execute(db);
  else
    await db
      .updateTable('audit_log')
      .set((eb) => ({ id: eb.ref('id') }))
      .where('id', '<', 0)
      .execute();
  const last = await db
    .selectFrom('audit_log')
    .select(['id', 'at', 'user_id', 'action', 'entity', 'entity_id', 'cycle_id', 'before', 'after', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  // A last row without a hash (written around this function) breaks the chain, and the verifier
  // says so; the new rows still chain on from a value derived from it.
  let prev = last ? (last.hash ?? auditRowHash(AUDIT_GENESIS_HASH, last)) : AUDIT_GENESIS_HASH;
  let id = last?.id ?? 0;
  const now = new Date().toISOString();
  const rows = entries.map((entry) => {
    id++;
    const row: AuditHashed = {
      id,
      at: entry.at ?? now,
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      cycle_id: entry.cycleId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    };
    const hash = auditRowHash(prev, row);
    const out = { ...row, prev_hash: prev, hash };
    prev = hash;
    return out;
  });
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('audit_log')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  return rows.map((r) => r.id);
}

/** Appends one entry to the chain (see {@link writeAuditMany}); returns its id. */
export async function writeAudit(db: Queryable, entry: AuditInput): Promise<number> {
  const [id] = await writeAuditMany(db, [entry]);
  return id!;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string | number;
  /** Page size (default 100). */
  limit?: number;
  /** Keyset paging: only rows older than this id (the next, older page). */
  beforeId?: number;
  /** Keyset paging: only rows newer than this id (the previous, newer page); still newest first. */
  afterId?: number;
}

/** The matching rows, newest first, one page of them (keyset paging by id). */
export async function listAudit(db: Queryable, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const limit = filter.limit ?? 100;
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', String(filter.entityId));
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  if (filter.afterId !== undefined && filter.beforeId === undefined) {
    // The page just above `afterId`: the oldest `limit` rows newer than it, shown newest first.
    const rows = await q.where('id', '>', filter.afterId).orderBy('id', 'asc').limit(limit).execute();
    return rows.reverse();
  }
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/** How many rows match the filter (for the pager). */
export async function countAudit(db: Queryable, filter: Pick<AuditFilter, 'entity' | 'entityId'> = {}): Promise<number> {
  let q = db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', String(filter.entityId));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export type AuditBreak = 'missing_hash' | 'prev_hash_mismatch' | 'hash_mismatch';

export interface AuditChainReport {
  /** True when every row's hash is right and follows its predecessor. */
  intact: boolean;
  /** Rows checked (all of them). */
  rows: number;
  /** The last row and its hash (keep the hash elsewhere to detect a truncated tail later). */
  head: { id: number; hash: string | null } | null;
  /** The first row that does not verify, and why. */
  firstBroken: { id: number; reason: AuditBreak } | null;
  /** How many rows do not verify in all. */
  brokenRows: number;
}

/**
 * Walks the whole chain in id order (keyset batches) and recomputes every hash. A row is broken
 * when it has no hash, when its `prev_hash` is not the hash of the row before it (a row was
 * deleted, inserted or re-chained), or when its hash does not match its content (it was edited).
 */
export async function verifyAuditChain(db: Queryable, options: { batchSize?: number } = {}): Promise<AuditChainReport> {
  const batch = options.batchSize ?? 5000;
  let prev = AUDIT_GENESIS_HASH;
  let lastId = 0;
  let rows = 0;
  let brokenRows = 0;
  let firstBroken: AuditChainReport['firstBroken'] = null;
  let head: AuditChainReport['head'] = null;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(batch).execute();
    if (page.length === 0) break;
    for (const r of page) {
      rows++;
      let reason: AuditBreak | null = null;
      if (r.hash === null || r.prev_hash === null) reason = 'missing_hash';
      else if (r.prev_hash !== prev) reason = 'prev_hash_mismatch';
      else if (auditRowHash(r.prev_hash, r) !== r.hash) reason = 'hash_mismatch';
      if (reason !== null) {
        brokenRows++;
        firstBroken ??= { id: r.id, reason };
      }
      // Carry on from the stored hash, so one edited row is reported once, not every row after it.
      prev = r.hash ?? auditRowHash(AUDIT_GENESIS_HASH, r);
      lastId = r.id;
      head = { id: r.id, hash: r.hash };
    }
  }
  return { intact: firstBroken === null, rows, head, firstBroken, brokenRows };
}
