/**
 * `pnpm db:restore <file>`: replaces DATABASE_URL's database (default: data/mqa.sqlite under
 * the workspace root) by a backup, after checking it is a sound database of this schema. Stop
 * the server first (the restore refuses while the database is open); the previous file is kept
 * as `<database>.before-restore-<UTC time>`. Prints one JSON line.
 */
import path from 'node:path';
import { restoreDatabase } from '../backup.ts';
import { restorePostgres } from '../backup-pg.ts';
import { databaseKind, resolveDatabaseUrl, sqliteFilename } from '../connection.ts';
import { fail, fileArgument } from './files.ts';

try {
  const url = resolveDatabaseUrl();
  if (databaseKind(url) === 'postgres') {
    const [source] = fileArgument(process.argv.slice(2), 'Usage: pnpm db:restore <file> / 用法：pnpm db:restore <备份文件>');
    if (!source) throw new Error('Usage: pnpm db:restore <file> / 用法：pnpm db:restore <备份文件>');
    const done = restorePostgres(url, source);
    console.log(JSON.stringify({ level: 'info', event: 'db.restore', database: 'postgres', source, ...done }));
    process.exit(0);
  }
  const database = sqliteFilename(url);
  if (database === ':memory:') throw new Error('DATABASE_URL is :memory: — there is no file to restore into (内存数据库无法恢复)');
  const [source] = fileArgument(process.argv.slice(2), 'Usage: pnpm db:restore <file> / 用法：pnpm db:restore <备份文件>');
  if (!source) throw new Error('Usage: pnpm db:restore <file> / 用法：pnpm db:restore <备份文件>');
  const done = restoreDatabase(source, path.resolve(database));
  console.log(JSON.stringify({ level: 'info', event: 'db.restore', database: path.resolve(database), source, ...done }));
} catch (error) {
  fail('db.restore', error);
}
