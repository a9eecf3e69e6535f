/**
 * `pnpm demo`: the same as `pnpm start` on a fresh demo database (data/demo.sqlite under the
 * workspace root, recreated each time, or DATABASE_URL), seeded with the synthetic demo data,
 * with the four demo accounts; prints the URL and the accounts. MQA_DEMO_APPLICATIONS=N seeds one
 * synthetic cycle of N applications instead (`seedDemo`'s `applications`), for scale tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS, ROLE_NAMES } from '@mqa/api';
import { findWorkspaceRoot, migrateToLatest, openDatabase, seedDemo, sqliteFilename } from '@mqa/db';
import { closeOnSignals, optionsFromEnv, start } from './app.ts';
import { jsonLogger } from './log.ts';

try {
  const root = findWorkspaceRoot() ?? process.cwd();
  const url = process.env.DATABASE_URL || `file:${path.join(root, 'data', 'demo.sqlite')}`;
  const file = sqliteFilename(url);
  if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = openDatabase({ url });
  await migrateToLatest(db);
  // MQA_DEMO_APPLICATIONS=N: one synthetic 2025 cycle of N applications instead of the four-cycle demo (scale tests).
  const size = process.env.MQA_DEMO_APPLICATIONS ? Number(process.env.MQA_DEMO_APPLICATIONS) : undefined;
  if (size !== undefined && !(Number.isInteger(size) && size > 0))
    throw new Error(`MQA_DEMO_APPLICATIONS must be a positive integer, not ${process.env.MQA_DEMO_APPLICATIONS}`);
  const summary = await seedDemo(db, size === undefined ? {} : { applications: size });
  await db.destroy();
  jsonLogger('info', 'demo.seeded', { database: url, applicationsPerCycle: summary.applicationsPerCycle, elapsedMs: summary.elapsedMs });

  const { app, url: serverUrl } = await start({ ...optionsFromEnv(), databaseUrl: url, demo: true });
  const lines = DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(18)} ${a.password}   ${ROLE_NAMES[a.role].zh} / ${ROLE_NAMES[a.role].en}`);
  process.stdout.write(
    `\n  演示模式（合成数据）/ Demo mode (synthetic data): ${serverUrl}\n` + `  账号 / accounts (username, password):\n${lines.join('\n')}\n\n`,
  );
  closeOnSignals(app);
} catch (error) {
  jsonLogger('error', 'demo.startFailed', { message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
