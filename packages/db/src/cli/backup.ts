/**
 * `pnpm db:backup [file]`: an online, consistent copy of DATABASE_URL (default: data/mqa.sqlite
 * under the workspace root) — safe while the server runs. Without `file` the copy goes to
 * `backups/<name>-<UTC time>.sqlite` beside the database. Prints one JSON line.
 */
import path from 'node:path';
import { backupDatabase, defaultBackupPath } from '../backup.ts';
import { backupPostgres, defaultPostgresBackupPath } from '../backup-pg.ts';
import { databaseKind, resolveDatabaseUrl, sqliteFilename } from '../connection.ts';
import { fail, fileArgument } from './files.ts';

try {
  const url = resolveDatabaseUrl();
  if (databaseKind(url) === 'postgres') {
    const [arg] = fileArgument(process.argv.slice(2), 'Usage: pnpm db:backup [file] / 用法：pnpm db:backup [文件]');
    const done = backupPostgres(url, arg ?? defaultPostgresBackupPath(url));
    console.log(JSON.stringify({ level: 'info', event: 'db.backup', database: 'postgres', format: 'pg_dump custom', ...done }));
    process.exit(0);
  }
  const database = sqliteFilename(url);
  if (database === ':memory:') throw new Error('DATABASE_URL is :memory: — there is no file to back up (内存数据库无法备份)');
  const [arg] = fileArgument(process.argv.slice(2), 'Usage: pnpm db:backup [file] / 用法：pnpm db:backup [文件]');
  const target = arg ?? defaultBackupPath(database);
  const done = backupDatabase(path.resolve(database), target);
  console.log(JSON.stringify({ level: 'info', event: 'db.backup', database: path.resolve(database), ...done }));
} catch (error) {
  fail('db.backup', error);
}
