/**
 * `pnpm db:migrate`: opens DATABASE_URL (default: data/mqa.sqlite under the workspace root),
 * applies every pending migration and prints one JSON log line.
 */
import { migrateToLatest, openDatabase, resolveDatabaseUrl } from '../connection.ts';

async function main(): Promise<void> {
  const url = resolveDatabaseUrl();
  const db = openDatabase({ url });
  try {
    const applied = await migrateToLatest(db);
    console.log(JSON.stringify({ level: 'info', event: 'db.migrate', database: url, applied }));
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'error', event: 'db.migrate', message: `数据库迁移失败 / Database migration failed: ${message}` }));
  process.exitCode = 1;
});
