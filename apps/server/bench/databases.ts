/**
 * `pnpm bench` (part): the main reads and a 50-client mixed load on SQLite and on PostgreSQL,
 * with one and with two server processes on the same database. Run through
 * scripts/with-postgres.mjs, which provides a throw-away PostgreSQL (MQA_TEST_POSTGRES_URL).
 *  - reads: one client, sequential, the 2025 cycle overview (answered from the result cache
 *    after the first) and auth.me (one session lookup);
 *  - mixed: 50 connections for 10 s, spread evenly over the processes, each connection saving an
 *    examiner's draft once for every four overview reads (this cycle's and another's).
 * Prints one JSON report; medians of the latencies, requests per second over the 10 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { login, openSheet, quantile } from './common.ts';
import { hashPassword } from '@mqa/api';
import { createTestDatabaseUrl, insertUser, migrateToLatest, openDatabase, seedDemo } from '@mqa/db';

const SERVER = fileURLToPath(new URL('./db-server.ts', import.meta.url));
const YEAR = 2025;
const overviewPath = (year: number) => `/trpc/analytics.cycleOverview?input=${encodeURIComponent(JSON.stringify({ year }))}`;

const r2 = (x: number) => Math.round(x * 100) / 100;
function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, median: r2(quantile(s, 0.5)), p95: r2(quantile(s, 0.95)) };
}

async function prepare(url: string): Promise<void> {
  const db = openDatabase({ url });
  await migrateToLatest(db);
  const { demoExaminerId } = await seedDemo(db);
  for (const [username, role, examinerId] of [
    ['bench', 'committee', null],
    ['bench-examiner', 'examiner', demoExaminerId],
  ] as const) {
    await insertUser(db, {
      username,
      display_name: username,
      password_hash: await hashPassword('bench-password'),
      role,
      examiner_id: examinerId,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
  }
  await db.destroy();
}

async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, BENCH_DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = readline.createInterface({ input: child.stdout });
  for await (const line of rl) {
    const msg = JSON.parse(line) as { url?: string };
    if (msg.url) return { child, base: msg.url.replace(/\/$/, '') };
  }
  throw new Error('The benchmark server did not start');
}

async function sequential(base: string, cookie: string, p: string, n = 200) {
  const times: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const t = performance.now();
    const r = await fetch(`${base}${p}`, { headers: { cookie } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`status ${r.status} for ${p}`);
    if (i >= 20) times.push(performance.now() - t);
  }
  return summary(times);
}

/** 50 connections for 10 s spread over the processes: draft saves and overview reads. */
async function mixed(bases: string[], committee: string, examiner: string, applicationId: number) {
  const read = (p: string) => ({ method: 'GET', path: p, headers: { cookie: committee } });
  const save = (percent: number) => ({
    method: 'POST',
    path: '/trpc/scoring.saveSheet',
    headers: { cookie: examiner, 'content-type': 'application/json' },
    body: JSON.stringify({ applicationId, stage: 'material', percents: { '4.1.2': percent } }),
  });
  const requests = [save(55), read(overviewPath(YEAR)), read(overviewPath(2023)), read(overviewPath(YEAR)), read(overviewPath(2023))];
  const reads: number[] = [];
  const saves: number[] = [];
  const results = await Promise.all(
    bases.map(
      (base) =>
        new Promise<{ total: number; errors: number; non2xx: number }>((resolve, reject) => {
          const inst = autocannon({ url: base, connections: Math.round(50 / bases.length), duration: 10, requests }, (err, res) =>
            err ? reject(err) : resolve({ total: res.requests.total, errors: res.errors, non2xx: res.non2xx }),
          );
          inst.on('response', (_c: unknown, _s: number, bytes: number, ms: number) => (bytes > 4096 ? reads : saves).push(ms));
        }),
    ),
  );
  const total = results.reduce((n, x) => n + x.total, 0);
  return {
    rps: Math.round(total / 10),
    reads: summary(reads),
    draftSaves: summary(saves),
    errors: results.reduce((n, x) => n + x.errors, 0),
    non2xx: results.reduce((n, x) => n + x.non2xx, 0),
  };
}

async function run(kind: 'sqlite' | 'postgres', processes: 1 | 2) {
  const url = kind === 'sqlite' ? `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-bench-db-')), 'bench.sqlite')}` : await createTestDatabaseUrl();
  await prepare(url);
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(url)));
  try {
    const bases = servers.map((s) => s.base);
    // The examiner signs in through the first process; the session serves on every process.
    const committee = await login(bases[0]!, 'bench');
    const examiner = await login(bases[0]!, 'bench-examiner');
    const applicationId = await openSheet(bases[0]!, examiner, YEAR);
    return {
      overviewSequential: await sequential(bases.at(-1)!, committee, overviewPath(YEAR)),
      authMeSequential: await sequential(bases.at(-1)!, committee, '/trpc/auth.me'),
      mixed50x10s: await mixed(bases, committee, examiner, applicationId),
    };
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => (s.child.exitCode === null ? once(s.child, 'exit') : Promise.resolve())));
  }
}

const report: Record<string, unknown> = { node: process.version, cores: os.cpus().length };
const prev = process.env.MQA_TEST_POSTGRES_URL;
// SQLite files first (createTestDatabaseUrl would hand out PostgreSQL databases while the URL is set).
delete process.env.MQA_TEST_POSTGRES_URL;
report['sqlite, 1 process'] = await run('sqlite', 1);
report['sqlite, 2 processes'] = await run('sqlite', 2);
if (prev) {
  process.env.MQA_TEST_POSTGRES_URL = prev;
  report['postgres, 1 process'] = await run('postgres', 1);
  report['postgres, 2 processes'] = await run('postgres', 2);
} else report.postgres = 'skipped: MQA_TEST_POSTGRES_URL is not set (run through scripts/with-postgres.mjs)';
console.log(JSON.stringify(report, null, 2));
