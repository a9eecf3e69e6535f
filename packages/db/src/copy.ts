/**
 * Moving an installation between databases: every row of every table from one database to an
 * empty one of the other kind (SQLite → PostgreSQL when an installation outgrows its file, or
 * back), then every row checked. Both sides are migrated to the same latest schema first, so
 * the tables and columns are the same; a target that holds any row is refused.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { isPostgres, migrateToLatest, openDatabase, type DB } from './connection.ts';

export class CopyRefusedError extends Error {
  constructor(
    readonly code: 'TARGET_NOT_EMPTY' | 'SCHEMA_DIFFERS' | 'VERIFY_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}

export interface TableCopy {
  table: string;
  rows: number;
  /** The table's rows' digest (independent of row order), equal on both sides. */
  digest: string;
}

export interface CopyReport {
  tables: TableCopy[];
  rows: number;
  elapsedMs: number;
}

/** The application's tables (Kysely's own bookkeeping excluded). */
async function tablesOf(db: DB): Promise<Map<string, string[]>> {
  const tables = await db.introspection.getTables();
  return new Map(
    tables
      .filter((t) => !t.name.startsWith('kysely_'))
      .map((t) => [t.name, t.columns.map((c) => c.name).sort()] as [string, string[]])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

interface SchemaFacts {
  /** Every table after the tables it references. */
  order: string[];
  /** The columns that identify a row (the primary key), for a stable paging order. */
  keys: Map<string, string[]>;
}

/**
 * Foreign keys and primary keys, read from the schema on a scratch in-memory SQLite database
 * (the same on both dialects: the migrations are shared).
 */
async function schemaFacts(tables: ReadonlyMap<string, string[]>): Promise<SchemaFacts> {
  const scratch = openDatabase({ url: ':memory:' });
  try {
    await migrateToLatest(scratch);
    const names = [...tables.keys()];
    const deps = new Map<string, Set<string>>();
    const keys = new Map<string, string[]>();
    for (const t of names) {
      const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${t})`.execute(scratch);
      deps.set(t, new Set(fks.rows.map((r) => r.table).filter((p) => p !== t && names.includes(p))));
      const info = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${t})`.execute(scratch);
      const pk = info.rows
        .filter((r) => r.pk > 0)
        .sort((x, y) => x.pk - y.pk)
        .map((r) => r.name);
      keys.set(t, pk.length > 0 ? pk : [...tables.get(t)!]);
    }
    const order: string[] = [];
    const done = new Set<string>();
    const visit = (t: string, path: Set<string>) => {
      if (done.has(t)) return;
      if (path.has(t)) throw new Error(`Foreign keys form a cycle through ${t}.`);
      path.add(t);
      for (const p of deps.get(t) ?? []) visit(p, path);
      path.delete(t);
      done.add(t);
      order.push(t);
    };
    for (const t of names) visit(t, new Set());
    return { order, keys };
  } finally {
    await scratch.destroy();
  }
}

/** A value as both dialects agree on it: binary as base64, numbers as numbers. */
function canonical(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { b64: Buffer.from(v).toString('base64') };
  if (typeof v === 'bigint') return Number(v);
  return v;
}

async function* rowsOf(db: DB, table: string, columns: readonly string[], keys: readonly string[], batch = 5_000): AsyncGenerator<Record<string, unknown>[]> {
  let offset = 0;
  for (;;) {
    let q = db
      .selectFrom(table as never)
      .select(columns as never)
      .limit(batch)
      .offset(offset);
    for (const k of keys) q = q.orderBy(sql.ref(k));
    const rows = (await q.execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    yield rows;
    offset += rows.length;
    if (rows.length < batch) return;
  }
}

/**
 * Rows and a digest of a table that does not depend on the order rows are read in (text keys
 * sort differently under SQLite's and PostgreSQL's collations): the sum, in four 64-bit lanes,
 * of each row's SHA-256 over its canonical values. Equal tables give equal digests; a changed,
 * missing or extra row changes it.
 */
async function digestOf(db: DB, table: string, columns: readonly string[], keys: readonly string[]): Promise<{ rows: number; digest: string }> {
  const lanes = [0n, 0n, 0n, 0n];
  const mask = (1n << 64n) - 1n;
  let rows = 0;
  for await (const batch of rowsOf(db, table, columns, keys)) {
    for (const r of batch) {
      const h = createHash('sha256')
        .update(JSON.stringify(columns.map((c) => canonical(r[c]))))
        .digest();
      for (let i = 0; i < 4; i++) lanes[i] = (lanes[i]! + h.readBigUInt64BE(i * 8)) & mask;
      rows++;
    }
  }
  return { rows, digest: lanes.map((l) => l.toString(16).padStart(16, '0')).join('') };
}

/**
 * Copies every row of `from` into `to` (both migrated here first; `to` must hold no row), then
 * checks every table row by row (count and digest). On PostgreSQL the id sequences are moved
 * past the copied ids. The copy runs in one transaction on the target: a failure leaves it empty.
 */
export async function copyDatabase(from: DB, to: DB): Promise<CopyReport> {
  const started = Date.now();
  await migrateToLatest(from);
  await migrateToLatest(to);
  const source = await tablesOf(from);
  const target = await tablesOf(to);
  if (JSON.stringify([...source]) !== JSON.stringify([...target])) {
    throw new CopyRefusedError('SCHEMA_DIFFERS', 'The two databases have different tables or columns after migration (迁移后两个数据库的表结构不同).');
  }
  for (const t of target.keys()) {
    const one = await to
      .selectFrom(t as never)
      .select(sql<number>`1`.as('one'))
      .limit(1)
      .executeTakeFirst();
    if (one)
      throw new CopyRefusedError(
        'TARGET_NOT_EMPTY',
        `The target database is not empty (table ${t} has rows); copy only into a new, empty database (目标数据库不为空：表 ${t} 已有数据).`,
      );
  }
  const { order, keys } = await schemaFacts(source);

  await to.transaction().execute(async (tx) => {
    for (const t of order) {
      const columns = source.get(t)!;
      // Bind parameters per statement stay well below SQLite's and PostgreSQL's limits.
      const perInsert = Math.max(1, Math.floor(20_000 / columns.length));
      for await (const batch of rowsOf(from, t, columns, keys.get(t)!)) {
        for (let i = 0; i < batch.length; i += perInsert) {
          const chunk = batch.slice(i, i + perInsert).map((r) => Object.fromEntries(columns.map((c) => [c, r[c] === undefined ? null : r[c]])));
          await tx
            .insertInto(t as never)
            .values(chunk)
            .execute();
        }
      }
      if (isPostgres(tx) && columns.includes('id')) {
        // Generated ids continue after the copied ones (tables with a text id have no sequence).
        const seq = await sql<{ seq: string | null }>`select pg_get_serial_sequence(${t}, 'id') as seq`.execute(tx);
        if (seq.rows[0]?.seq) {
          await sql`select setval(${seq.rows[0].seq}, greatest(coalesce((select max(id) from ${sql.table(t)}), 0), 1), exists (select 1 from ${sql.table(t)}))`.execute(
            tx,
          );
        }
      }
    }
  });

  const tables: TableCopy[] = [];
  for (const t of order) {
    const columns = source.get(t)!;
    const a = await digestOf(from, t, columns, keys.get(t)!);
    const b = await digestOf(to, t, columns, keys.get(t)!);
    if (a.rows !== b.rows || a.digest !== b.digest) {
      throw new CopyRefusedError(
        'VERIFY_FAILED',
        `Table ${t} differs after the copy: ${a.rows} rows in the source, ${b.rows} in the target (复制后表 ${t} 不一致).`,
      );
    }
    tables.push({ table: t, rows: a.rows, digest: a.digest });
  }
  return { tables, rows: tables.reduce((n, t) => n + t.rows, 0), elapsedMs: Date.now() - started };
}

/** Every table's rows and digest, for comparing two databases (e.g. after a round trip). */
export async function databaseDigest(db: DB): Promise<TableCopy[]> {
  const tables = await tablesOf(db);
  const { keys } = await schemaFacts(tables);
  const out: TableCopy[] = [];
  for (const [t, columns] of tables) {
    const d = await digestOf(db, t, columns, keys.get(t)!);
    out.push({ table: t, ...d });
  }
  return out;
}
