/**
 * Province scale in the browser (issue 15): every view of the secretariat on one cycle of N
 * applications (default 10,000; `pnpm demo` with `MQA_DEMO_APPLICATIONS`, synthetic and
 * deterministic), in headless Chromium. For each view, in a page of its own: the time from
 * navigation until the view is shown with its data (no loading state left; target ≤ 2 s), and
 * how many bytes of tRPC answers it received. Then the server's memory after every view was
 * visited (resident set of its node process; target ≤ 800 MB), and again once the compute worker
 * has been idle long enough to be retired (`MQA_COMPUTE_IDLE_S`, default 60 s).
 *
 *   pnpm exec tsx bench/views.ts [applications=10000]
 *
 * Builds the dashboard into a throw-away folder first. Skipped without Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, secretariatViews } from '../e2e/paths.ts';
import { buildDashboard, startProcess } from '../e2e/server.ts';

const N = Number(process.argv[2] ?? 10_000);
const YEAR = 2025;
/** Longest wait for one view; a view slower than this is reported as such and the run goes on. */
const VIEW_TIMEOUT_MS = 300_000;

const VIEWS = secretariatViews(YEAR);

/** Resident and peak resident memory (MB) of the largest process in the server's process group. */
function serverMemory(group: number): { rssMb: number; peakMb: number } | null {
  let best: { rssMb: number; peakMb: number } | null = null;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (in parentheses): state, ppid, pgrp, …
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== group) continue;
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
      const m = { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
      if (!best || m.rssMb > best.rssMb) best = m;
    } catch {
      /* the process ended meanwhile */
    }
  }
  return best;
}

async function shown(page: Page, view: string): Promise<string | null> {
  await page.waitForSelector(`[data-view="${view}"]`, { timeout: VIEW_TIMEOUT_MS });
  await page.waitForFunction(() => !document.querySelector('[data-state="loading"]'), undefined, { timeout: VIEW_TIMEOUT_MS });
  const err = page.locator('[data-state="error"]');
  return (await err.count()) > 0 ? (await err.first().innerText()).replace(/\s+/g, ' ') : null;
}

if (!fs.existsSync(CHROMIUM)) {
  console.log(`views at ${N} applications: skipped, no Chromium at ${CHROMIUM}`);
  process.exit(0);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-views-'));
const webDist = path.join(dir, 'web');
buildDashboard(webDist);
const started = Date.now();
const server = await startProcess('demo', dir, webDist, { MQA_DEMO_APPLICATIONS: String(N) });
console.log(`demo server with ${N.toLocaleString('en')} applications up in ${((Date.now() - started) / 1000).toFixed(0)} s (seeding included)`);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const rows: { view: string; ms: number | null; kb: number; note: string }[] = [];
try {
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  const login = await context.newPage();
  console.log('signing in as the demo secretariat…');
  await login.goto('/login');
  await login.fill('input[data-testid="username"], [data-testid="username"] input', 'demo-secretariat');
  await login.fill('input[data-testid="password"], [data-testid="password"] input', 'demo-password');
  await login.click('[data-testid="login-submit"]');
  await login.waitForSelector('[data-testid="current-user"]', { timeout: 60_000 });
  await login.close();
  for (const { path: url, view } of VIEWS) {
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', (r) => {
      if (r.url().includes('/trpc/'))
        void r.body().then(
          (b) => (bytes += b.length),
          () => undefined,
        );
    });
    const t = Date.now();
    let ms: number | null = null;
    let note = '';
    try {
      await page.goto(url, { timeout: VIEW_TIMEOUT_MS });
      const error = await shown(page, view);
      ms = Date.now() - t;
      if (error) note = `error shown: ${error.slice(0, 80)}`;
    } catch (e) {
      note = (e as Error).message.split('\n')[0]!.slice(0, 100);
    }
    await page.waitForTimeout(200);
    rows.push({ view, ms, kb: bytes / 1024, note });
    console.log(`  ${view.padEnd(14)} ${ms === null ? '—' : `${ms} ms`}  ${note}`);
    await page.close({ runBeforeUnload: false });
  }
  await context.close();
} finally {
  await browser.close();
}
const memory = server.processGroup === undefined ? null : serverMemory(server.processGroup);
// The compute worker is retired after MQA_COMPUTE_IDLE_S of idleness (default 60 s): the memory the
// server gives back when nobody is asking it anything.
const idleS = Number(process.env.MQA_COMPUTE_IDLE_S ?? 60);
let idleMemory: typeof memory = null;
if (memory && idleS > 0) {
  console.log(`waiting ${idleS + 10} s for the idle compute worker to be retired…`);
  await new Promise((r) => setTimeout(r, (idleS + 10) * 1000));
  idleMemory = serverMemory(server.processGroup!);
}
server.stop();
await server.exited;
fs.rmSync(dir, { recursive: true, force: true });

console.log(`\nEvery view of the secretariat on ${N.toLocaleString('en')} applications (headless Chromium, 1366×768, one page per view)`);
console.log('| view | shown with data | tRPC answers received (KB of JSON) | note |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.view} | ${r.ms === null ? '—' : `${(r.ms / 1000).toFixed(1)} s`} | ${r.kb.toFixed(0)} | ${r.note} |`);
const slow = rows.filter((r) => r.ms === null || r.ms > 2000).map((r) => r.view);
console.log(`over 2 s: ${slow.length ? slow.join(', ') : 'none'}`);
if (memory) console.log(`server after every view: RSS ${memory.rssMb.toFixed(0)} MB, peak ${memory.peakMb.toFixed(0)} MB (target ≤ 800 MB)`);
if (idleMemory) console.log(`server ${idleS + 10} s later, its compute worker retired: RSS ${idleMemory.rssMb.toFixed(0)} MB`);
process.exit(0);
