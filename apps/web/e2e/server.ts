/**
 * Starts the seeded demo server for end-to-end tests and benchmarks: builds the dashboard, runs
 * `pnpm demo` from the workspace root on a free port with a throw-away database, waits for
 * /healthz. With MQA_E2E_URL set, reuses that server instead.
 *
 * The dashboard is built into the same throw-away folder (served through MQA_WEB_DIST), not into
 * apps/web/dist: a build of apps/web/dist during the run would otherwise replace the hashed
 * assets under the running server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.resolve(HERE, '..');
const ROOT = path.resolve(WEB, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const r = await fetch(new URL('/healthz', base));
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server at ${base} did not become healthy within ${timeoutMs} ms (${last})`);
}

export interface RunningServer {
  base: string;
  /** Everything the server printed so far. */
  log: () => string;
  stop: () => void;
  /** Settles once the server process has exited (after `stop`, its database is closed). */
  exited: Promise<void>;
  /** The process group of a server this run started (pnpm → tsx → node), for its memory figures. */
  processGroup?: number;
}

/** Builds the dashboard into `outDir` (a throw-away folder), so the run tests the current code. */
export function buildDashboard(outDir: string): void {
  process.stdout.write('building the dashboard (vite build)…\n');
  const build = spawnSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: WEB, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
}

/**
 * Runs `pnpm demo` (seeded demo database) or `pnpm start` (an empty database: the real first
 * install) from the workspace root on a free port, with its database in `dataDir` and the
 * dashboard built in `webDist`; waits for /healthz.
 */
export async function startProcess(script: 'demo' | 'start', dataDir: string, webDist: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  process.stdout.write(`starting pnpm ${script} on port ${port}…\n`);
  const child = spawn('pnpm', [script], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${path.join(dataDir, `${script}.sqlite`)}`,
      MQA_WEB_DIST: webDist,
      MQA_SKIP_WEB_BUILD: '1',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout?.on('data', (d) => (log += String(d)));
  child.stderr?.on('data', (d) => (log += String(d)));
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM'); // the process group we started (pnpm → tsx → node)
      } catch {
        /* already gone */
      }
    }
  };
  try {
    await waitForHealth(base, child, 120_000);
  } catch (e) {
    stop();
    throw new Error(`${(e as Error).message}\n--- server output ---\n${log.slice(-3000)}`);
  }
  return { base, log: () => log, stop, exited, processGroup: child.pid };
}

/** The demo server of the run (or the one at MQA_E2E_URL), with the dashboard it serves. */
export async function startServer(): Promise<{ base: string; webDist: string | null; stop: () => void }> {
  const reuse = process.env.MQA_E2E_URL;
  if (reuse) {
    await waitForHealth(reuse, null, 30_000);
    return { base: reuse.replace(/\/?$/, '/'), webDist: null, stop: () => undefined };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-e2e-'));
  const webDist = path.join(dataDir, 'web');
  const cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    buildDashboard(webDist);
    const server = await startProcess('demo', dataDir, webDist);
    return {
      base: server.base,
      webDist,
      stop: () => {
        server.stop();
        cleanup();
      },
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}
