/**
 * Starting the platform: open and migrate the database, create the first secretariat account
 * (and the demo accounts in demo mode), then serve. Used by `main.ts` (pnpm start) and `demo.ts`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices, ensureAdminAccount, ensureDemoAccounts, keepCacheWarm, warmCache, warmHeavy } from '@mqa/api';
import { findWorkspaceRoot, migrateToLatest, openDatabase, resolveDatabaseUrl } from '@mqa/db';
import { jsonLogger, type Logger } from './log.ts';
import { parseTrustProxy } from './security.ts';
import { createAppServer, type AppServer } from './server.ts';

export interface StartOptions {
  host: string;
  port: number;
  databaseUrl: string;
  adminPassword?: string;
  demo: boolean;
  webDist: string;
  buildWeb: boolean;
  /** `MQA_TRUST_PROXY`: the proxies in front (see `parseTrustProxy`). */
  trustProxy: false | number | string[];
  /** `MQA_ALLOWED_ORIGINS`: further origins that may send state-changing requests. */
  allowedOrigins: string[];
  /** `MQA_SESSION_HOURS`: absolute session lifetime. */
  sessionTtlMs: number;
  /** `MQA_SESSION_IDLE_MINUTES`: a session unused this long ends. */
  sessionIdleMs: number;
  /**
   * `MQA_CLOCK_OFFSET_DAYS`: the server's clock runs this many whole days ahead of the machine's
   * (0 unless set). Only for rehearsing a cycle whose steps lie months apart on one day (the
   * empty-install browser test restarts the same install later in the cycle); a production
   * install leaves it unset. Announced in the log at start.
   */
  clockOffsetDays?: number;
  log?: Logger;
}

/** A positive number from the environment, or the default; anything else stops the start. */
function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new Error(`${name} must be a number above 0 and at most ${max} (${name} 必须是大于 0、不超过 ${max} 的数); got "${raw}".`);
  return n;
}

/** apps/web, next to this app. */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

export function envFlag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): StartOptions {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer 0–65535 (PORT 必须是 0–65535 的整数); got "${env.PORT}".`);
  }
  return {
    host: env.HOST || '127.0.0.1',
    port,
    databaseUrl: resolveDatabaseUrl(env.DATABASE_URL),
    adminPassword: env.MQA_ADMIN_PASSWORD || undefined,
    demo: envFlag(env.MQA_DEMO),
    webDist: env.MQA_WEB_DIST || path.join(WEB_DIR, 'dist'),
    buildWeb: !envFlag(env.MQA_SKIP_WEB_BUILD),
    trustProxy: parseTrustProxy(env.MQA_TRUST_PROXY),
    allowedOrigins: (env.MQA_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    sessionTtlMs: positive(env, 'MQA_SESSION_HOURS', 12, 24 * 30) * 3600_000,
    sessionIdleMs: positive(env, 'MQA_SESSION_IDLE_MINUTES', 120, 60 * 24 * 30) * 60_000,
    clockOffsetDays: clockOffset(env.MQA_CLOCK_OFFSET_DAYS),
  };
}

/** `MQA_CLOCK_OFFSET_DAYS`: a whole number of days, 0–3650 (unset or empty: 0); anything else stops the start. */
export function clockOffset(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 3650)
    throw new Error(`MQA_CLOCK_OFFSET_DAYS must be a whole number of days from 0 to 3650 (MQA_CLOCK_OFFSET_DAYS 必须是 0–3650 的整数天数); got "${raw}".`);
  return n;
}

/** Builds the dashboard when its dist folder is missing and apps/web has a build script. */
export function buildDashboardIfMissing(webDist: string, log: Logger): void {
  if (fs.existsSync(path.join(webDist, 'index.html'))) return;
  const pkgFile = path.join(WEB_DIR, 'package.json');
  const pkg = fs.existsSync(pkgFile) ? (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { scripts?: Record<string, string> }) : {};
  if (!pkg.scripts?.build || !fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
    log('warn', 'web.notBuilt', { message: 'apps/web has no build yet; serving the API only' });
    return;
  }
  log('info', 'web.build', { message: 'building the dashboard (apps/web/dist is missing)' });
  const r = spawnSync('pnpm', ['--filter', '@mqa/web', 'build'], {
    cwd: findWorkspaceRoot(WEB_DIR) ?? WEB_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) log('warn', 'web.buildFailed', { status: r.status, message: 'the dashboard build failed; serving the API only' });
}

export async function start(options: StartOptions): Promise<{ app: AppServer; url: string }> {
  const log = options.log ?? jsonLogger;
  if (options.buildWeb) buildDashboardIfMissing(options.webDist, log);
  const db = openDatabase({ url: options.databaseUrl });
  const applied = await migrateToLatest(db);
  log('info', 'db.ready', { database: options.databaseUrl, migrationsApplied: applied });
  const admin = await ensureAdminAccount(db, options.adminPassword);
  if (admin) {
    if (admin.generated) {
      // Printed once, on purpose: the only place the generated password ever appears.
      process.stdout.write(
        `\n  首次启动：已创建秘书处账号 / First start: created the secretariat account\n` +
          `    username: ${admin.username}\n    password: ${admin.password}\n` +
          `  请登录后妥善保存，此密码不会再次显示。/ Keep it safe: it will not be shown again.\n\n`,
      );
    } else {
      log('info', 'auth.adminCreated', { username: admin.username, password: 'from MQA_ADMIN_PASSWORD' });
    }
  }
  const offsetMs = (options.clockOffsetDays ?? 0) * 86_400_000;
  const services = createServices({
    demoMode: options.demo,
    // The heavy analytics run in worker threads on their own connection to this database.
    computeDatabaseUrl: options.databaseUrl,
    secureCookies: envFlag(process.env.MQA_SECURE_COOKIES),
    sessionTtlMs: options.sessionTtlMs,
    sessionIdleMs: Math.min(options.sessionIdleMs, options.sessionTtlMs),
    ...(offsetMs > 0 ? { now: () => new Date(Date.now() + offsetMs) } : {}),
  });
  if (offsetMs > 0) log('warn', 'clock.offset', { days: options.clockOffsetDays, now: services.now().toISOString(), message: 'MQA_CLOCK_OFFSET_DAYS is set' });
  if (options.demo) await ensureDemoAccounts(db);
  const app = createAppServer({ db, services, webDist: options.webDist, log, trustProxy: options.trustProxy, allowedOrigins: options.allowedOrigins });
  const { url } = await app.listen(options.port, options.host);
  log('info', 'server.listening', { url, demo: options.demo });
  log('info', 'report.pdf', {
    available: app.reports.available(),
    executablePath: app.reports.executablePath,
    ...(app.reports.available()
      ? {}
      : { message: 'no Chromium: the committee pack prints from the browser; install chromium or set MQA_CHROMIUM_PATH for PDF' }),
  });
  // Compute every cycle's results now and again shortly after each change, off the request path.
  const warmError = (error: unknown) => log('warn', 'cache.warmFailed', { message: error instanceof Error ? error.message : String(error) });
  keepCacheWarm(db, services, 20, warmError);
  const t0 = performance.now();
  warmCache(db, services).then((cycles) => log('info', 'cache.warmed', { cycles, ms: Math.round(performance.now() - t0) }), warmError);
  // At the same time, in the compute worker (the other core): the comparison and the panel's first page.
  warmHeavy(db, services).then((cycles) => services.compute && log('info', 'cache.warmedHeavy', { cycles, ms: Math.round(performance.now() - t0) }), warmError);
  return { app, url };
}

/** SIGINT/SIGTERM: finish running requests, close the database, exit. */
export function closeOnSignals(app: AppServer, log: Logger = jsonLogger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'server.stopping', { signal });
    app.close().then(
      () => {
        log('info', 'server.stopped', {});
        process.exit(0);
      },
      (error: unknown) => {
        log('error', 'server.stopFailed', { message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
