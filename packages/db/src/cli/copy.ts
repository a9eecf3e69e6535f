/**
 * `pnpm db:copy <from-url> <to-url>`: moves an installation to another database — every row of
 * every table from one database (SQLite file or PostgreSQL) into an empty one, then every table
 * checked row by row. Both are migrated first. Stop the server while copying. Prints one JSON line.
 *
 *   pnpm db:copy file:data/mqa.sqlite postgres://mqa:secret@db:5432/mqa
 */
import fs from 'node:fs';
import path from 'node:path';
import { databaseKind, openDatabase } from '../connection.ts';
import { copyDatabase } from '../copy.ts';
import { fail } from './files.ts';

const USAGE =
  'Usage: pnpm db:copy <from-url> <to-url> (file:path.sqlite or postgres://…; the target must be empty) / 用法：pnpm db:copy <源数据库> <目标数据库>（目标须为空库）';

/** A URL as given, a `file:` URL resolved against where pnpm was started. */
function urlArgument(arg: string): string {
  if (databaseKind(arg) === 'postgres') return arg;
  const file = arg.startsWith('file:') ? arg.slice('file:'.length) : arg;
  if (!file || file === ':memory:') throw new Error(USAGE);
  return `file:${path.resolve(process.env.INIT_CWD ?? process.cwd(), file)}`;
}

try {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.length !== 2 || args.some((a) => a.startsWith('-'))) throw new Error(USAGE);
  const [from, to] = args.map(urlArgument) as [string, string];
  if (databaseKind(from) === 'sqlite' && !fs.existsSync(from.slice('file:'.length))) {
    throw new Error(`The source database ${from} does not exist (源数据库文件不存在).`);
  }
  const source = openDatabase({ url: from });
  const target = openDatabase({ url: to });
  try {
    const report = await copyDatabase(source, target);
    const hidePassword = (u: string) => u.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
    console.log(
      JSON.stringify({
        level: 'info',
        event: 'db.copy',
        from: hidePassword(from),
        to: hidePassword(to),
        rows: report.rows,
        tables: report.tables.length,
        elapsedMs: report.elapsedMs,
      }),
    );
  } finally {
    await source.destroy();
    await target.destroy();
  }
} catch (error) {
  fail('db.copy', error);
}
