/**
 * `pnpm db:seed [--reset] [--seed N] [--applications N]`: opens DATABASE_URL (default: data/mqa.sqlite under the
 * workspace root), migrates, writes the deterministic demo data and prints a summary.
 * `--reset` deletes the database file (and its WAL/SHM companions) first.
 */
import fs from 'node:fs';
import { migrateToLatest, openDatabase, resolveDatabaseUrl, sqliteFilename } from '../connection.ts';
import { seedDemo } from '../seed/index.ts';
import { SEED_USAGE, parseSeedArgs } from './args.ts';

async function main(): Promise<void> {
  const args = parseSeedArgs(process.argv.slice(2));
  if (args.help) {
    console.log(SEED_USAGE);
    return;
  }
  const url = resolveDatabaseUrl();
  const file = sqliteFilename(url);
  if (args.reset && file !== ':memory:') {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
  const db = openDatabase({ url });
  try {
    const applied = await migrateToLatest(db);
    const summary = await seedDemo(db, {
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.applications === undefined ? {} : { applications: args.applications }),
    });
    console.log(JSON.stringify({ level: 'info', event: 'db.seed', database: url, migrationsApplied: applied, ...summary }));
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  const text = (error as { text?: { zh: string; en: string } }).text;
  const message = text ? `${text.zh} / ${text.en}` : error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'error', event: 'db.seed', message }));
  if ((error as { name?: string }).name === 'UsageError') console.error(SEED_USAGE);
  process.exitCode = 1;
});
