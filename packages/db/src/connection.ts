import path from 'node:path';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
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

export interface OpenOptions {
  /** `file:path` or `:memory:`; defaults to `DATABASE_URL` or `data/mqa.sqlite` under the workspace root. */
  url?: string;
}

/** Opens the SQLite database: WAL, foreign keys on, a busy timeout. Does not migrate. */
export function openDatabase(options: OpenOptions = {}): DB {
  const url = options.url ?? resolveDatabaseUrl();
  const filename = sqliteFilename(url);
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const sqlite = new SQLite(filename);
  if (filename !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
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

/** A fresh, migrated in-memory database (tests). */
export async function createTestDatabase(): Promise<DB> {
  const db = openDatabase({ url: ':memory:' });
  await migrateToLatest(db);
  return db;
}
