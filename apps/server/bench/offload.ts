/**
 * Heavy work against light requests (issue 15 item 2), over real HTTP with the server started as
 * `pnpm start` starts it (`tsx src/main.ts`, its own process): a cycle of 10,000 applications
 * (7 examiners × 23 items each, `seedDemo(db, { applications })`, deterministic) in a SQLite
 * file. After the start-up cache warm-up, for each setting of the compute workers
 * (`MQA_COMPUTE_WORKERS=1`, the default, and `0`: everything on the main thread), a fresh server:
 *
 *  1. idle: `/healthz` every 20 ms and a sign-in every second, for a few seconds;
 *  2. a cold `analytics.panel` of the 10,000-application cycle, with the same probes meanwhile;
 *  3. the panel (cold again after a restart) and the secretariat's results workbook
 *     (`/api/cycles/2025/export.xlsx`) together, with the same probes meanwhile.
 *
 * Prints, per phase, the `/healthz` median / p99 / max and the sign-in median / max (ms), and how
 * long the heavy requests took. Target of issue 15: `/healthz` and a sign-in under 50 ms.
 *
 *   pnpm exec tsx bench/offload.ts [applications=10000]
 *
 * MQA_BENCH_SCALE_DIR=<folder> keeps the database there and reuses it on the next run.
 * BENCH_OFFLOAD_MODES=1,0 chooses the compute-worker settings; BENCH_OFFLOAD_EXPORT=0 skips phase 3.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@mqa/api';
import { insertUser, migrateToLatest, openDatabase, seedDemo } from '@mqa/db';
import { login, quantile } from './common.ts';

const N = Number(process.argv[2] ?? 10_000);
const YEAR = 2025;
const SEED = 20251126;
const MODES = (process.env.BENCH_OFFLOAD_MODES ?? '1,0').split(',').map(Number);
const WITH_EXPORT = process.env.BENCH_OFFLOAD_EXPORT !== '0';
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const USER = 'bench-secretariat';

async function prepareDatabase(dir: string): Promise<string> {
  const file = path.join(dir, `scale-${N}-${SEED}.sqlite`);
  const reuse = fs.existsSync(file);
  const db = openDatabase({ url: `file:${file}` });
  await migrateToLatest(db);
  if (!reuse) {
    const t = performance.now();
    await seedDemo(db, { seed: SEED, applications: N });
    console.log(`seeded ${N} applications in ${Math.round((performance.now() - t) / 1000)} s`);
  }
  const exists = await db.selectFrom('users').select('id').where('username', '=', USER).executeTakeFirst();
  if (!exists) {
    await insertUser(db, {
      username: USER,
      display_name: 'Benchmark secretariat',
      password_hash: await hashPassword('bench-password'),
      role: 'secretariat',
      examiner_id: null,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
  }
  await db.destroy();
  return `file:${file}`;
}

interface Server {
  child: ChildProcess;
  url: string;
}

/** `tsx src/main.ts` on a free port; resolves once the start-up cache warm-up is done. */
async function startServer(databaseUrl: string, computeWorkers: number, webDist: string): Promise<Server> {
  const child = spawn(process.execPath, [TSX_CLI, MAIN], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      MQA_SKIP_WEB_BUILD: '1',
      MQA_WEB_DIST: webDist,
      MQA_ADMIN_PASSWORD: 'bench-admin-password',
      MQA_COMPUTE_WORKERS: String(computeWorkers),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Every line is read for as long as the server runs (a full pipe would block its logging).
  const rl = readline.createInterface({ input: child.stdout });
  return new Promise<Server>((resolve, reject) => {
    let url = '';
    child.once('exit', (code) => reject(new Error(`The server exited (code ${code}) before it was ready`)));
    rl.on('line', (line) => {
      let msg: { event?: string; url?: string; ms?: number };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (msg.event === 'server.listening' && msg.url) url = msg.url.replace(/\/$/, '');
      if (msg.event === 'cache.warmed') {
        console.log(`  server up (MQA_COMPUTE_WORKERS=${computeWorkers}), cache warmed in ${((msg.ms ?? 0) / 1000).toFixed(1)} s`);
        resolve({ child, url });
      }
      if (msg.event === 'server.startFailed' || msg.event === 'cache.warmFailed') reject(new Error(`server: ${line}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

interface Probes {
  healthz: number[];
  login: number[];
}

/** `/healthz` every 20 ms and a sign-in every second until `until` settles (at least `minMs`). */
async function probe(url: string, until: Promise<unknown>, minMs = 0): Promise<Probes> {
  const out: Probes = { healthz: [], login: [] };
  let done = false;
  void until.finally(() => (done = true));
  const t0 = performance.now();
  const healthz = (async () => {
    while (!done || performance.now() - t0 < minMs) {
      const t = performance.now();
      const r = await fetch(`${url}/healthz`);
      await r.arrayBuffer();
      out.healthz.push(performance.now() - t);
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  const logins = (async () => {
    while (!done || performance.now() - t0 < minMs) {
      const t = performance.now();
      await login(url, USER);
      out.login.push(performance.now() - t);
      await new Promise((res) => setTimeout(res, 1000));
    }
  })();
  await Promise.all([healthz, logins, until]);
  return out;
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
function row(mode: number, phase: string, p: Probes, heavy: string): string {
  const h = [...p.healthz].sort((a, b) => a - b);
  const l = [...p.login].sort((a, b) => a - b);
  return `| ${mode} | ${phase} | ${ms(quantile(h, 0.5))} | ${ms(quantile(h, 0.99))} | ${ms(h[h.length - 1] ?? NaN)} | ${ms(quantile(l, 0.5))} | ${ms(l[l.length - 1] ?? NaN)} | ${heavy} |`;
}

async function timed(p: Promise<Response>): Promise<string> {
  const t = performance.now();
  const r = await p;
  const body = await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`${r.url}: ${r.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
  return `${((performance.now() - t) / 1000).toFixed(1)} s (${(body.byteLength / 1024 / 1024).toFixed(1)} MB)`;
}

const keep = process.env.MQA_BENCH_SCALE_DIR;
const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-bench-offload-'));
fs.mkdirSync(dir, { recursive: true });
const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-bench-offload-web-'));
fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>MQA</title>');
const rows: string[] = [];
try {
  const databaseUrl = await prepareDatabase(dir);
  const panelPath = `/trpc/analytics.panel?input=${encodeURIComponent(JSON.stringify({ year: YEAR }))}`;
  for (const mode of MODES) {
    let server = await startServer(databaseUrl, mode, webDist);
    try {
      const cookie = await login(server.url, USER);
      rows.push(row(mode, 'idle', await probe(server.url, Promise.resolve(), 3000), '—'));
      const panel = timed(fetch(`${server.url}${panelPath}`, { headers: { cookie } }));
      const p = await probe(server.url, panel);
      rows.push(row(mode, 'cold panel', p, `panel ${await panel}`));
      console.log(rows.at(-1));
      if (WITH_EXPORT) {
        await stopServer(server.child);
        server = await startServer(databaseUrl, mode, webDist);
        const c2 = await login(server.url, USER);
        const both = [
          timed(fetch(`${server.url}${panelPath}`, { headers: { cookie: c2 } })),
          timed(fetch(`${server.url}/api/cycles/${YEAR}/export.xlsx`, { headers: { cookie: c2 } })),
        ] as const;
        const q = await probe(server.url, Promise.all(both));
        rows.push(row(mode, 'cold panel + workbook', q, `panel ${await both[0]}; workbook ${await both[1]}`));
        console.log(rows.at(-1));
      }
    } finally {
      await stopServer(server.child);
    }
  }
} finally {
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(webDist, { recursive: true, force: true });
}

console.log(`\n${N} applications, ${os.cpus().length} cores, Node ${process.version}`);
console.log('| MQA_COMPUTE_WORKERS | while | /healthz median | p99 | max | sign-in median | max | heavy requests |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
