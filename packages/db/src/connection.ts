import path from 'node:path';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { Migrator } from 'kysely/migration';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_URL = 'file:data/mqa.sqlite';

/**
 * The workspace root: the nearest folder at or above `start` (default: the current working
 * directory) holding `pnpm-workspace.yaml`; undefined when there is none (e.g. a deployed bundle).
 */
export function findWorkspaceRoot(start: string = process.cwd()): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where the default database lives: `data/mqa.sqlite` under the workspace root, so
 * `pnpm db:seed` (run with the package folder as cwd) and the server (run from the root or its
 * app folder) open the same file. Outside a workspace: `data/mqa.sqlite` under the cwd.
 */
export function defaultDatabasePath(start: string = process.cwd()): string {
  return path.join(findWorkspaceRoot(start) ?? path.resolve(start), 'data', 'mqa.sqlite');
}

/** The database URL in effect: `DATABASE_URL` if set, else `file:` + {@link defaultDatabasePath}. */
export function resolveDatabaseUrl(url: string | undefined = process.env.DATABASE_URL): string {
  return url && url.trim() !== '' ? url : `file:${defaultDatabasePath()}`;
}

/** `file:path`, a bare path, or `:memory:` → a better-sqlite3 filename. */
export function sqliteFilename(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
  if (!file) throw new Error(`DATABASE_URL "${url}" names no file (use file:path or :memory:).`);
  return file;
}

/** Which database a URL names: PostgreSQL for `postgres://` / `postgresql://`, else SQLite. */
export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//i.test(url.trim()) ? 'postgres' : 'sqlite';
}

/** Whether an open database is PostgreSQL (the one place dialect checks ask). */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** PostgreSQL settings (the server reads them from its environment, see apps/server/README.md). */
export interface PostgresOptions {
  /** Most connections the pool opens (`MQA_PG_POOL_MAX`, default 10). */
  poolMax?: number;
  /** Longest a statement may run, in ms (`MQA_PG_STATEMENT_TIMEOUT_MS`, default 30,000; 0 = none). */
  statementTimeoutMs?: number;
  /**
   * TLS to the server (`MQA_PG_SSL`): `disable` (default), `require` (encrypted, certificate not
   * checked) or `verify` (the certificate must chain to a trusted CA). `sslmode` in the URL also works.
   */
  ssl?: 'disable' | 'require' | 'verify';
  /** How long an idle connection is kept, in ms (default 10,000). */
  idleTimeoutMs?: number;
}

export interface OpenOptions {
  /** `file:path`, `:memory:` or `postgres://…`; defaults to `DATABASE_URL` or `data/mqa.sqlite` under the workspace root. */
  url?: string;
  postgres?: PostgresOptions;
}

/** PostgreSQL options from the environment (`MQA_PG_POOL_MAX`, `MQA_PG_STATEMENT_TIMEOUT_MS`, `MQA_PG_SSL`). */
export function postgresOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PostgresOptions {
  const int = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0 (got "${raw}").`);
    return n;
  };
  const ssl = env.MQA_PG_SSL?.trim();
  if (ssl && ssl !== 'disable' && ssl !== 'require' && ssl !== 'verify') throw new Error(`MQA_PG_SSL must be disable, require or verify (got "${ssl}").`);
  return { poolMax: int('MQA_PG_POOL_MAX'), statementTimeoutMs: int('MQA_PG_STATEMENT_TIMEOUT_MS'), ssl: (ssl || undefined) as PostgresOptions['ssl'] };
}

/**
 * Type parsers for the pool: PostgreSQL sends bigint (`count(*)`) and numeric as strings; the
 * application holds them as numbers, as SQLite returns them. Every value the schema stores fits a
 * double (ids, counts, points, money in whole yuan).
 */
const numberOf = (v: string): number => Number(v);
const PG_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
      ? numberOf
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

function openPostgres(url: string, options: PostgresOptions): DB {
  const { poolMax = 10, statementTimeoutMs = 30_000, ssl = 'disable', idleTimeoutMs = 10_000 } = options;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    idleTimeoutMillis: idleTimeoutMs,
    allowExitOnIdle: true,
    types: PG_TYPES,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    ...(ssl === 'disable' ? {} : { ssl: { rejectUnauthorized: ssl === 'verify' } }),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * SQLite transactions begin `IMMEDIATE`: they take the write lock at once, waiting for another
 * process's writer up to the busy timeout. A deferred transaction that reads and then writes
 * fails at once (`SQLITE_BUSY`, no waiting) when another process wrote in between — with two
 * server processes on one file, one draft save in twenty did under load. Within one process
 * Kysely already runs one transaction at a time on the single connection.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Opens the database `url` names. SQLite: WAL, foreign keys on, a busy timeout. PostgreSQL: a
 * connection pool. Does not migrate.
 */
export function openDatabase(options: OpenOptions = {}): DB {
  const url = options.url ?? resolveDatabaseUrl();
  if (databaseKind(url) === 'postgres') return openPostgres(url, { ...postgresOptionsFromEnv(), ...options.postgres });
  const filename = sqliteFilename(url);
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const sqlite = new SQLite(filename);
  if (filename !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
}

/** Runs every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${where}: ${error instanceof Error ? error.message : JSON.stringify(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The PostgreSQL server the tests run against as well as SQLite (`MQA_TEST_POSTGRES_URL`), or
 * undefined: then the tests use in-memory SQLite only.
 */
export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env.MQA_TEST_POSTGRES_URL?.trim();
  return url ? url : undefined;
}

/**
 * The URL of a new, empty database for a test: a new database on the `MQA_TEST_POSTGRES_URL`
 * server (a throw-away server: nothing is dropped), or, without one, a new SQLite file in `dir`
 * (default: a new temporary folder).
 */
export async function createTestDatabaseUrl(dir?: string): Promise<string> {
  const pgUrl = testPostgresUrl();
  if (!pgUrl) {
    const folder = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-test-'));
    return `file:${path.join(folder, `t-${randomBytes(4).toString('hex')}.sqlite`)}`;
  }
  const name = `mqa_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres(pgUrl, { poolMax: 1, idleTimeoutMs: 1_000 });
  try {
    await sql`create database ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, migrated database for a test: in-memory SQLite, or, when `MQA_TEST_POSTGRES_URL` is
 * set, a new database of its own on that PostgreSQL server.
 */
export async function createTestDatabase(): Promise<DB> {
  const db = testPostgresUrl()
    ? openPostgres(await createTestDatabaseUrl(), { poolMax: 4, idleTimeoutMs: 1_000, statementTimeoutMs: 60_000 })
    : openDatabase({ url: ':memory:' });
  await migrateToLatest(db);
  return db;
}
