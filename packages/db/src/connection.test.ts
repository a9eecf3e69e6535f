import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKind, isPostgres, migrateToLatest, openDatabase, postgresOptionsFromEnv, testPostgresUrl } from './connection.ts';

const pgUrl = testPostgresUrl();
if (!pgUrl) console.log('connection.test: MQA_TEST_POSTGRES_URL is not set, so the PostgreSQL half of these tests is skipped (pnpm test:pg runs it).');

describe('choosing the database', () => {
  it('reads postgres:// and postgresql:// as PostgreSQL, anything else as SQLite', () => {
    expect(databaseKind('postgres://u@h/db')).toBe('postgres');
    expect(databaseKind('  PostgreSQL://u@h:5432/db?sslmode=require')).toBe('postgres');
    expect(databaseKind('file:data/mqa.sqlite')).toBe('sqlite');
    expect(databaseKind(':memory:')).toBe('sqlite');
    expect(databaseKind('data/postgres.sqlite')).toBe('sqlite');
  });

  it('takes the pool settings from the environment and refuses nonsense with the setting named', () => {
    expect(postgresOptionsFromEnv({ MQA_PG_POOL_MAX: '20', MQA_PG_STATEMENT_TIMEOUT_MS: '0', MQA_PG_SSL: 'verify' })).toEqual({
      poolMax: 20,
      statementTimeoutMs: 0,
      ssl: 'verify',
    });
    expect(postgresOptionsFromEnv({})).toEqual({ poolMax: undefined, statementTimeoutMs: undefined, ssl: undefined });
    expect(() => postgresOptionsFromEnv({ MQA_PG_POOL_MAX: 'ten' })).toThrow(/MQA_PG_POOL_MAX/);
    expect(() => postgresOptionsFromEnv({ MQA_PG_SSL: 'yes' })).toThrow(/MQA_PG_SSL/);
  });
});

/** What the two dialects must agree on, run against whichever `db` is. */
async function dialectContract(db: Awaited<ReturnType<typeof createTestDatabase>>) {
  // Generated ids come back through RETURNING.
  const ws = await db
    .insertInto('weight_sets')
    .values({
      code: 'contract',
      version: 1,
      name_zh: '契约',
      name_en: 'Contract',
      status: 'draft',
      based_on_id: null,
      note: null,
      created_by: null,
      created_at: '2026-12-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  expect(typeof ws.id).toBe('number');
  // count(*) is a number on both (PostgreSQL sends bigint as text).
  const n = await db
    .selectFrom('weight_sets')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  expect(typeof n.n).toBe('number');
  expect(n.n).toBeGreaterThanOrEqual(1);
  // sum over a double column is a number too.
  const sum = await sql<{ s: number }>`select sum(1.5) as s`.execute(db);
  expect(Number(sum.rows[0]!.s)).toBe(1.5);
  // Upserts: insert … on conflict do update.
  await db
    .insertInto('meta')
    .values({ key: 'contract', value: 'a' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'b' }))
    .execute();
  await db
    .insertInto('meta')
    .values({ key: 'contract', value: 'a' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'b' }))
    .execute();
  const meta = await db.selectFrom('meta').selectAll().where('key', '=', 'contract').executeTakeFirstOrThrow();
  expect(meta.value).toBe('b');
  // A transaction that throws leaves nothing behind.
  await expect(
    db.transaction().execute(async (tx) => {
      await tx.insertInto('meta').values({ key: 'rolled back', value: 'x' }).execute();
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(await db.selectFrom('meta').select('key').where('key', '=', 'rolled back').executeTakeFirst()).toBeUndefined();
}

describe('the dialect contract', () => {
  it('holds on SQLite', async () => {
    const db = openDatabase({ url: ':memory:' });
    await migrateToLatest(db);
    expect(isPostgres(db)).toBe(false);
    await dialectContract(db);
    await db.destroy();
  });

  it.skipIf(!pgUrl)('holds on PostgreSQL (skipped without MQA_TEST_POSTGRES_URL)', async () => {
    const db = await createTestDatabase();
    expect(isPostgres(db)).toBe(true);
    await dialectContract(db);
    await db.destroy();
  });

  it.skipIf(!pgUrl)('migrates both to the same tables and columns (skipped without MQA_TEST_POSTGRES_URL)', async () => {
    const lite = openDatabase({ url: ':memory:' });
    await migrateToLatest(lite);
    const pg = await createTestDatabase();
    /** SQLite reports primary-key columns as nullable; PostgreSQL makes them NOT NULL. */
    const primaryKey = async (db: typeof lite, table: string): Promise<Set<string>> => {
      if (isPostgres(db)) return new Set();
      const info = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(db);
      return new Set(info.rows.filter((r) => r.pk > 0).map((r) => r.name));
    };
    const shape = async (db: typeof lite) => {
      const tables = (await db.introspection.getTables()).filter((t) => !t.name.startsWith('kysely_'));
      const entries: [string, string[]][] = [];
      for (const t of tables) {
        const pk = await primaryKey(db, t.name);
        entries.push([t.name, t.columns.map((c) => `${c.name}${c.isNullable && !pk.has(c.name) ? '?' : ''}`).sort()]);
      }
      return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
    };
    const [a, b] = [await shape(lite), await shape(pg)];
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(b).toEqual(a);
    await lite.destroy();
    await pg.destroy();
  });
});
