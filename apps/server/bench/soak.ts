/**
 * `pnpm bench` soak: 200 connections for 30 s (SOAK_SECONDS to change) against the real HTTP
 * server in its own process (bench/server.ts, a file database seeded with the demo data), mixing
 *  - committee reads of the 2025 cycle overview (analytics.cycleOverview), 110 connections;
 *  - committee reads of the 2025 applications list (applications.list), 70 connections;
 *  - an examiner's draft saves (scoring.saveSheet), 20 connections;
 *  - one score import by the secretariat 5 s in (a third of the way for shorter runs): the cycle's exported workbook (raw scores sheet)
 *    uploaded back as an asynchronous import and polled to its end.
 * Reports errors (non-2xx, socket errors, timeouts, a failed import; all must be 0), p50/p95 per
 * kind, and the server's peak resident memory (VmHWM of its process) next to its RSS at rest.
 * SOAK_NO_IMPORT=1 leaves the import out (to tell its effect on the other kinds). autocannon
 * counts an answer slower than 10 s as a timeout, i.e. an error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { login, openSheet, quantile } from './common.ts';

const YEAR = 2025;
const SECONDS = Number(process.env.SOAK_SECONDS ?? 30);
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const q = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;

const round = (x: number) => Math.round(x * 10) / 10;

/** A kB figure of /proc/<pid>/status (VmRSS, VmHWM) in MB. */
function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = readline.createInterface({ input: child.stdout });
  for await (const line of rl) {
    const msg = JSON.parse(line) as { url?: string };
    if (msg.url) return { child, url: msg.url.replace(/\/$/, '') };
  }
  throw new Error('The benchmark server did not start');
}

interface Kind {
  kind: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** Answers by HTTP status, and transport failures, when anything failed. */
  failures?: Record<string, number>;
}

function load(kind: string, url: string, connections: number, requests: { method: string; path: string; headers: Record<string, string>; body?: string }[]) {
  return new Promise<Kind>((resolve, reject) => {
    const ms: number[] = [];
    const statuses: Record<string, number> = {};
    const inst = autocannon({ url, connections, duration: SECONDS, requests }, (err, res) => {
      if (err) return reject(err);
      const s = ms.sort((a, b) => a - b);
      // autocannon counts a timeout among its errors too.
      const errors = res.non2xx + res.errors;
      resolve({
        kind,
        requests: res['2xx'],
        rps: Math.round(res.requests.average),
        p50: round(quantile(s, 0.5)),
        p95: round(quantile(s, 0.95)),
        p99: round(quantile(s, 0.99)),
        errors,
        ...(errors > 0 ? { failures: { ...statuses, timeouts: res.timeouts, otherSocketErrors: res.errors - res.timeouts } } : {}),
      });
    });
    inst.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      ms.push(responseTime);
      if (status >= 300) statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

/** The secretariat's score import: the cycle's own export uploaded back, asynchronously, polled to the end. */
async function scoreImport(url: string, cookie: string) {
  const exported = await fetch(`${url}/api/cycles/${YEAR}/export.xlsx`, { headers: { cookie } });
  if (exported.status !== 200) throw new Error(`export failed: ${exported.status}`);
  const file = new Blob([await exported.arrayBuffer()]);
  const t0 = performance.now();
  const form = new FormData();
  form.append('file', file, `scores-${YEAR}.xlsx`);
  const started = await fetch(`${url}/api/import/scores?async=1&year=${YEAR}`, { method: 'POST', headers: { cookie }, body: form });
  if (started.status !== 202) return { ok: false, status: started.status, ms: round(performance.now() - t0), body: await started.text() };
  const { jobId } = (await started.json()) as { jobId: string };
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const job = (await (await fetch(`${url}/api/jobs/${jobId}`, { headers: { cookie } })).json()) as {
      done: boolean;
      status?: number;
      result?: { outcome?: string; counts?: unknown; rows?: number };
      error?: unknown;
    };
    if (job.done) {
      return {
        ok: job.status === 200 && !job.error,
        status: job.status,
        outcome: job.result?.outcome,
        fileBytes: file.size,
        ms: round(performance.now() - t0),
        ...(job.error ? { error: job.error } : {}),
      };
    }
  }
}

const { child, url } = await startServer();
const pid = child.pid!;
try {
  const committee = await login(url, 'bench');
  const examiner = await login(url, 'bench-examiner');
  const secretariat = await login(url, 'bench-secretariat');
  const applicationId = await openSheet(url, examiner, YEAR);
  const read = (path: string) => ({ method: 'GET', path, headers: { cookie: committee } });
  const save = (percent: number) => ({
    method: 'POST',
    path: '/trpc/scoring.saveSheet',
    headers: { cookie: examiner, 'content-type': 'application/json' },
    body: JSON.stringify({ applicationId, stage: 'material', percents: { '4.1.2': percent } }),
  });
  // Warm up once per kind, then measure the memory at rest.
  for (const r of [read(`/trpc/analytics.cycleOverview${q({ year: YEAR })}`), read(`/trpc/applications.list${q({ year: YEAR })}`)]) {
    const res = await fetch(`${url}${r.path}`, { headers: r.headers });
    if (res.status !== 200) throw new Error(`${r.path}: ${res.status}`);
    await res.arrayBuffer();
  }
  const rssAtRestMb = procMb(pid, 'VmRSS');
  let rssSampledPeakMb = rssAtRestMb ?? 0;
  const sampler = setInterval(() => (rssSampledPeakMb = Math.max(rssSampledPeakMb, procMb(pid, 'VmRSS') ?? 0)), 250);
  const t0 = performance.now();
  const [overview, applications, saves, imported] = await Promise.all([
    load('cycleOverview', url, 110, [read(`/trpc/analytics.cycleOverview${q({ year: YEAR })}`)]),
    load('applicationsList', url, 70, [read(`/trpc/applications.list${q({ year: YEAR })}`)]),
    load('draftSave', url, 20, [save(55), save(60), save(65)]),
    process.env.SOAK_NO_IMPORT === '1'
      ? { ok: true as const }
      : new Promise((r) => setTimeout(r, Math.min(5, SECONDS / 3) * 1000)).then(() => scoreImport(url, secretariat)),
  ]);
  clearInterval(sampler);
  const kinds = [overview, applications, saves];
  const errors = kinds.reduce((s, k) => s + k.errors, 0) + (imported.ok ? 0 : 1);
  const report = {
    scenario: `200 connections × ${SECONDS} s, demo database (SQLite file), ${YEAR} cycle`,
    node: process.version,
    wallSeconds: round((performance.now() - t0) / 1000),
    kinds,
    scoreImport: imported,
    errors,
    server: { rssAtRestMb, rssSampledPeakMb, peakRssMb: procMb(pid, 'VmHWM') },
    target: errors === 0 ? 'no errors: met' : 'no errors: MISSED',
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
}
