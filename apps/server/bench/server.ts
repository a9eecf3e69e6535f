/**
 * The benchmark's server process: a file database with the demo data (2025: a cycle of ~60
 * applications), one committee account, one examiner account (the demo examiner, for draft
 * saves), one secretariat account (for the soak's import), the real HTTP server on a free port. Prints one JSON line
 * `{ "url": ... }` when ready. BENCH_NO_CACHE=1 turns the result cache off (every request
 * recomputes the cycle from the database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices, hashPassword, keepCacheWarm, warmCache } from '@mqa/api';
import { insertUser, migrateToLatest, openDatabase, seedDemo } from '@mqa/db';
import { silentLogger } from '../src/log.ts';
import { createAppServer } from '../src/server.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-bench-'));
const db = openDatabase({ url: `file:${path.join(dir, 'bench.sqlite')}` });
await migrateToLatest(db);
const { demoExaminerId } = await seedDemo(db);
await insertUser(db, {
  username: 'bench-examiner',
  display_name: 'Benchmark examiner',
  password_hash: await hashPassword('bench-password'),
  role: 'examiner',
  examiner_id: demoExaminerId,
  disabled: 0,
  created_at: new Date().toISOString(),
});
await insertUser(db, {
  username: 'bench-secretariat',
  display_name: 'Benchmark secretariat',
  password_hash: await hashPassword('bench-password'),
  role: 'secretariat',
  examiner_id: null,
  disabled: 0,
  created_at: new Date().toISOString(),
});
await insertUser(db, {
  username: 'bench',
  display_name: 'Benchmark',
  password_hash: await hashPassword('bench-password'),
  role: 'committee',
  examiner_id: null,
  disabled: 0,
  created_at: new Date().toISOString(),
});
const services = createServices({ cacheEntries: process.env.BENCH_NO_CACHE === '1' ? 0 : 500 });
const app = createAppServer({ db, services, log: silentLogger });
const { url } = await app.listen(0, '127.0.0.1');
if (process.env.BENCH_NO_CACHE !== '1') {
  // As in production (src/app.ts): results are computed at start and after every change.
  keepCacheWarm(db, services);
  await warmCache(db, services);
}
process.stdout.write(`${JSON.stringify({ url })}\n`);
const stop = () => {
  void app.close().then(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
