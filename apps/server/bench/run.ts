/**
 * `pnpm bench`: the cycle-analytics endpoint (analytics.cycleOverview for the 2025 demo cycle,
 * ~60 applications) over real HTTP, with the server in its own process.
 *  1. one client without any client-side cache, sequential, against a fresh server (its first
 *     request computes the cycle; later ones are answered from the server's result cache);
 *  2. the same with the server's result cache OFF: every request loads the cycle from SQLite and
 *     scores it (the worst case, i.e. the first request after every data change);
 *  3. autocannon, 50 connections for 10 s, cache ON;
 *  4. autocannon, 50 connections for 10 s, each connection saving an examiner's draft sheet
 *     (scoring.saveSheet) once for every four overview reads (this cycle's and another's): a draft
 *     never counts toward results, so the reads stay answered from the cache.
 * Then an in-process breakdown of where the time of an uncached request goes.
 * Targets: (1) p95 ≤ 20 ms; (3) ≥ 1,000 requests/s with p95 ≤ 100 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { login, openSheet, quantile } from './common.ts';
import { createCaller, createContextInner, createServices } from '@mqa/api';
import { createTestDatabase, listApplicationsOfCycle, listCycleScores, getCycleByYear, seedDemo } from '@mqa/db';

const YEAR = 2025;
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const input = encodeURIComponent(JSON.stringify({ year: YEAR }));
const PATH = `/trpc/analytics.cycleOverview?input=${input}`;

function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, median: r(quantile(s, 0.5)), p95: r(quantile(s, 0.95)), p99: r(quantile(s, 0.99)), max: r(s[s.length - 1]!) };
}

async function startServer(noCache: boolean): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, BENCH_NO_CACHE: noCache ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = readline.createInterface({ input: child.stdout });
  for await (const line of rl) {
    const msg = JSON.parse(line) as { url?: string };
    if (msg.url) return { child, url: msg.url.replace(/\/$/, '') };
  }
  throw new Error('The benchmark server did not start');
}

async function stopServer(child: ChildProcess) {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
}

async function sequential(url: string, cookie: string, warmup: number, n: number) {
  const times: number[] = [];
  let bytes = 0;
  let first = 0;
  for (let i = 0; i < warmup + n; i++) {
    const t = performance.now();
    const r = await fetch(`${url}${PATH}`, { headers: { cookie } });
    const body = await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    if (i === 0) first = performance.now() - t;
    if (i >= warmup) {
      times.push(performance.now() - t);
      bytes = body.byteLength;
    }
  }
  return { ...summary(times), firstRequestMs: Math.round(first * 100) / 100, bytes };
}

function cannon(url: string, cookie: string) {
  return new Promise<{ rps: number; p50: number; p95: number; p99: number; non2xx: number; errors: number; total: number }>((resolve, reject) => {
    const latencies: number[] = [];
    const inst = autocannon({ url: `${url}${PATH}`, connections: 50, duration: 10, headers: { cookie } }, (err, res) => {
      if (err) return reject(err);
      const s = summary(latencies);
      resolve({
        rps: Math.round(res.requests.average),
        p50: s.median,
        p95: s.p95,
        p99: s.p99,
        non2xx: res.non2xx,
        errors: res.errors,
        total: res['2xx'],
      });
    });
    inst.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
}

/** Scenario 4: draft saves mixed with overview reads, 50 connections for 10 s. */
async function mixed(url: string, committee: string, examiner: string) {
  const applicationId = await openSheet(url, examiner, YEAR);
  const other = `/trpc/analytics.cycleOverview?input=${encodeURIComponent(JSON.stringify({ year: 2023 }))}`;
  const read = (path: string) => ({ method: 'GET', path, headers: { cookie: committee } });
  const save = (percent: number) => ({
    method: 'POST',
    path: '/trpc/scoring.saveSheet',
    headers: { cookie: examiner, 'content-type': 'application/json' },
    body: JSON.stringify({ applicationId, stage: 'material', percents: { '4.1.2': percent } }),
  });
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const reads: number[] = [];
    const saves: number[] = [];
    const inst = autocannon(
      {
        url,
        connections: 50,
        duration: 10,
        requests: [save(55), read(PATH), read(other), read(PATH), read(other), save(60), read(PATH), read(other), read(PATH), read(other)],
      },
      (err, res) => {
        if (err) return reject(err);
        const r = summary(reads);
        const w = summary(saves);
        resolve({
          rps: Math.round(res.requests.average),
          reads: { n: r.n, p50: r.median, p95: r.p95 },
          draftSaves: { n: w.n, p50: w.median, p95: w.p95 },
          non2xx: res.non2xx,
          errors: res.errors,
        });
      },
    );
    // An overview answer is tens of KB; a draft save's a few hundred bytes.
    inst.on('response', (_client: unknown, _status: number, bytes: number, responseTime: number) => (bytes > 4096 ? reads : saves).push(responseTime));
  });
}

/** Where the time of an uncached request goes, measured in-process (medians of 50 runs). */
async function breakdown() {
  const db = await createTestDatabase();
  await seedDemo(db);
  const cycle = (await getCycleByYear(db, YEAR))!;
  const user = { id: 1, username: 'b', displayName: 'b', role: 'committee' as const, examinerId: null };
  const time = async (f: () => unknown, n = 50) => {
    const ms: number[] = [];
    for (let i = 0; i < n + 10; i++) {
      const t = performance.now();
      await f();
      if (i >= 10) ms.push(performance.now() - t);
    }
    return summary(ms).median;
  };
  const services = createServices({ cacheEntries: 0 });
  const caller = createCaller(createContextInner({ db, services, user }));
  const overview = await caller.analytics.cycleOverview({ year: YEAR });
  const results = await caller.scoring.cycleResults({ year: YEAR });
  const out = {
    scoresQuery: await time(() => listCycleScores(db, cycle.id)),
    applicationsQuery: await time(() => listApplicationsOfCycle(db, cycle.id)),
    cycleResultsUncached: await time(() => caller.scoring.cycleResults({ year: YEAR })),
    cycleOverviewUncached: await time(() => caller.analytics.cycleOverview({ year: YEAR })),
    jsonStringifyOverview: await time(() => JSON.stringify(overview), 200),
    jsonStringifyResults: await time(() => JSON.stringify(results), 200),
    scores: (await listCycleScores(db, cycle.id)).length,
  };
  await db.destroy();
  return out;
}

const report: Record<string, unknown> = { endpoint: `GET ${PATH.split('?')[0]} {year:${YEAR}}`, node: process.version };

{
  const { child, url } = await startServer(false);
  const cookie = await login(url, 'bench');
  report.singleClient = await sequential(url, cookie, 0, 300);
  report.concurrent50x10s = await cannon(url, cookie);
  report.concurrent50x10sDraftSavesAndReads = await mixed(url, cookie, await login(url, 'bench-examiner'));
  await stopServer(child);
}
{
  const { child, url } = await startServer(true);
  const cookie = await login(url, 'bench');
  report.singleClientServerCacheOff = await sequential(url, cookie, 30, 300);
  await stopServer(child);
}
report.inProcessBreakdownMedianMs = await breakdown();

const sc = report.singleClient as { p95: number };
const nc = report.singleClientServerCacheOff as { p95: number };
const cc = report.concurrent50x10s as { rps: number; p95: number };
report.targets = {
  'single client, nothing cached on the client: p95 ≤ 20 ms': sc.p95 <= 20 ? 'met' : 'MISSED',
  '(stricter) single client, server result cache off too: p95 ≤ 20 ms': nc.p95 <= 20 ? 'met' : 'MISSED',
  '50 connections: ≥ 1000 req/s': cc.rps >= 1000 ? 'met' : 'MISSED',
  '50 connections: p95 ≤ 100 ms': cc.p95 <= 100 ? 'met' : 'MISSED',
};
console.log(JSON.stringify(report, null, 2));
