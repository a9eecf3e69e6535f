import path from 'node:path';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_URL = 'file:data/mqa.sqlite';

/** `file:path`, a bare path, or `:memory:` → a better-sqlite3 filename. */
export function sqliteFilename(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
  if (!file) throw new Error(`DATABASE_URL "${url}" names no file (use file:path or :memory:).`);
  return file;
}

export interface OpenOptions {
  /** `file:path` or `:memory:`; defaults to `DATABASE_URL` or `file:data/mqa.sqlite`. */
  url?: string;
}

/** Opens the SQLite database: WAL, foreign keys on, a busy timeout. Does not migrate. */
export function openDatabase(options: OpenOptions = {}): DB {
  const url = options.url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
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
    throw new Error(`Database migration failed${where}: ${error instanceof Error ? error.message : String(error)}`, {
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
