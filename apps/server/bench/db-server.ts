/**
 * One server process of the database benchmark (bench/databases.ts) on BENCH_DATABASE_URL,
 * already migrated and seeded by the driver. Prints one JSON line `{ "url": ... }` when ready.
 */
import { createServices, keepCacheWarm, warmCache } from '@mqa/api';
import { openDatabase } from '@mqa/db';
import { silentLogger } from '../src/log.ts';
import { createAppServer } from '../src/server.ts';

const db = openDatabase({ url: process.env.BENCH_DATABASE_URL! });
const services = createServices();
const app = createAppServer({ db, services, log: silentLogger });
const { url } = await app.listen(0, '127.0.0.1');
keepCacheWarm(db, services);
await warmCache(db, services);
process.stdout.write(`${JSON.stringify({ url })}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
