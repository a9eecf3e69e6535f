/**
 * The HTTP host, on Fastify: tRPC at /trpc (trpc-host.ts, with the response cache of cacheable
 * queries), the file routes at /api (api.ts), /healthz, and the built dashboard with SPA
 * fallback (static.ts), on one port. Security headers by @fastify/helmet (a strict
 * Content-Security-Policy without inline script, nosniff, frame denial); request bodies limited
 * (1 MiB of JSON for tRPC; uploads stop at `MAX_IMPORT_BYTES` while streaming). One JSON log
 * line per request; `close()` stops accepting, lets running requests and jobs finish, closes
 * the report browser, then closes the database.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from '@fastify/helmet';
import { purgeExpired, type Lang, type Services } from '@mqa/api';
import type { DB } from '@mqa/db';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { apiPlugin } from './api.ts';
import { sendError, TEXT } from './errors.ts';
import { JobRegistry } from './jobs.ts';
import { jsonLogger, type Logger } from './log.ts';
import { ReportRenderer } from './report.ts';
import { MAX_BATCH_CALLS, registerSecurity, sendTrpcError } from './security.ts';
import { Dashboard } from './static.ts';
import { trpcPlugin } from './trpc-host.ts';

/** Largest JSON body of a tRPC call (uploads go to /api and have their own limit). */
export const JSON_BODY_LIMIT = 1024 * 1024;

export interface AppServerOptions {
  db: DB;
  services: Services;
  /** Folder of the built dashboard (apps/web/dist); omitted or missing: API only. */
  webDist?: string;
  log?: Logger;
  /**
   * The proxies in front (`MQA_TRUST_PROXY`, see `parseTrustProxy`): how many (the client address
   * is that many hops from the right of X-Forwarded-For), or their addresses; X-Forwarded-Proto
   * and X-Forwarded-Host are read from them too. `true` counts as one.
   */
  trustProxy?: boolean | number | string[];
  /** Origins besides the server's own that may send state-changing requests (`MQA_ALLOWED_ORIGINS`). */
  allowedOrigins?: readonly string[];
  /** How often expired and idle sessions are purged (default hourly; also once at start). */
  purgeIntervalMs?: number;
  /** How long `close()` waits for running requests before cutting connections (default 10 s). */
  shutdownGraceMs?: number;
  /** The committee pack's PDF rendering (headless Chromium printing the dashboard's report route). */
  report?: {
    /** Chromium executable (default MQA_CHROMIUM_PATH, else /usr/bin/chromium). */
    executablePath?: string;
    /** Path of the dashboard's report page (default `/report/<year>?lang=<lang>&print=1`). */
    reportPath?: (year: number, lang: Lang) => string;
    /** Time the page has to become ready (default 30 s). */
    timeoutMs?: number;
  };
  /** The job registry (default: a new one; finished jobs kept 15 minutes). */
  jobs?: JobRegistry;
}

export interface AppServer {
  /** The Fastify instance (routes, hooks, `inject`). */
  app: FastifyInstance;
  /** Its Node HTTP server. */
  server: http.Server;
  jobs: JobRegistry;
  reports: ReportRenderer;
  listen(port: number, host: string): Promise<{ port: number; host: string; url: string }>;
  close(): Promise<void>;
}

/**
 * The Content-Security-Policy of every answer: scripts, styles, fonts and connections from the
 * server's own origin only, no inline script, no plugins, no framing. Images may also be data:
 * or blob: URLs (chart exports); workers blob: (the scoring worker).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export function createAppServer(options: AppServerOptions): AppServer {
  const log = options.log ?? jsonLogger;
  const dashboard = new Dashboard(options.webDist);
  const jobs =
    options.jobs ??
    new JobRegistry({
      db: options.db,
      onUnexpectedError: (job, error) =>
        log('error', 'job.failed', {
          id: job.id,
          kind: job.kind,
          message: error instanceof Error ? error.message : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        }),
    });
  // `true` would trust every hop and take the client-chosen leftmost address: one proxy instead.
  const hops = options.trustProxy === true ? 1 : options.trustProxy;
  // n proxies: the socket and the n − 1 hops nearest to it are trusted (proxy-addr counts from the socket).
  const trustProxy = typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : (hops ?? false);
  const app = Fastify({
    logger: false,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy,
    keepAliveTimeout: 5000,
    // Requests that arrive on a kept-alive connection while closing are still answered (with
    // `Connection: close`), like running ones.
    return503OnClosing: false,
    routerOptions: {
      // Batched tRPC calls put several procedure paths in one segment.
      maxParamLength: 2000,
    },
  });
  const server = app.server;
  const reports = new ReportRenderer({
    db: options.db,
    services: options.services,
    log,
    ...options.report,
    // The server's own origin as it actually listens (loopback for a wildcard address).
    origin: () => {
      const addr = server.address() as AddressInfo | null;
      if (!addr) throw new Error('The server is not listening.');
      const wildcard = addr.address === '0.0.0.0' || addr.address === '::';
      const host = wildcard ? '127.0.0.1' : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      return `http://${host}:${addr.port}`;
    },
  });

  const setup = (async () => {
    // One log line per answered request.
    app.addHook('onResponse', async (request, reply) => {
      log('info', 'request', { method: request.method, path: pathOf(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 });
    });

    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      frameguard: { action: 'deny' },
      noSniff: true,
      referrerPolicy: { policy: 'same-origin' },
      // Sent by security.ts only when the request came over HTTPS (HSTS over plain HTTP is ignored).
      hsts: false,
      crossOriginEmbedderPolicy: false,
    });
    // After helmet, so its headers are on the refusals too.
    registerSecurity(app, { allowedOrigins: options.allowedOrigins });

    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 500;
      const path = pathOf(request.url);
      if (status >= 500) log('error', 'http.error', { path, message: error.message, stack: error.stack });
      const trpc = path === '/trpc' || path.startsWith('/trpc/');
      let code = 'INTERNAL';
      let text = TEXT.internal;
      if (status === 413) [code, text] = ['PAYLOAD_TOO_LARGE', TEXT.tooLarge];
      else if (status === 415) [code, text] = ['UNSUPPORTED_MEDIA_TYPE', TEXT.unsupportedType];
      else if (status === 404 || status === 403) [code, text] = ['NOT_FOUND', TEXT.fileNotFound];
      else if (status >= 400 && status < 500) [code, text] = ['BAD_REQUEST', TEXT.badRequest];
      // A path the static files refuse (traversal, odd spelling) is simply not there.
      const shown = status === 403 ? 404 : status < 500 ? status : 500;
      if (reply.sent) return;
      return trpc ? sendTrpcError(reply, shown, code, text) : sendError(reply, shown, code, text);
    });

    app.setNotFoundHandler((request, reply) => {
      const path = pathOf(request.url);
      if (path === '/trpc' || path.startsWith('/trpc/')) return sendTrpcError(reply, 404, 'NOT_FOUND', TEXT.notFound);
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return sendError(reply, 405, 'METHOD_NOT_ALLOWED', TEXT.methodNotAllowed, {}, { allow: 'GET, HEAD' });
      return dashboard.serveFallback(request, reply, path);
    });

    app.get('/healthz', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        await options.db.selectNoFrom((eb) => eb.val(1).as('ok')).execute();
        return { status: 'ok', dataVersion: options.services.cache.version };
      } catch (error) {
        return reply.code(503).send({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    });

    await app.register(trpcPlugin, {
      prefix: '/trpc',
      db: options.db,
      services: options.services,
      log,
      maxBodySize: JSON_BODY_LIMIT,
      maxBatchSize: MAX_BATCH_CALLS,
    });
    await app.register(async (scope) => apiPlugin(scope, { db: options.db, services: options.services, jobs, reports }), { prefix: '/api' });
    await dashboard.register(app);
    await app.ready();
  })();
  // Sessions past their end or idle, and back-off rows that no longer count: at start and hourly.
  const purge = () =>
    purgeExpired(options.db, options.services).catch((error: unknown) =>
      log('warn', 'sessions.purgeFailed', { message: error instanceof Error ? error.message : String(error) }),
    );
  const purgeTimer = setInterval(() => void purge(), options.purgeIntervalMs ?? 3600_000);
  purgeTimer.unref();
  void setup.then(purge, () => {});
  // Jobs another (now stopped) process was running when it stopped: failed, not lost.
  void setup.then(
    () =>
      jobs.recoverLost().then(
        (n) => n > 0 && log('warn', 'jobs.lost', { count: n }),
        (error: unknown) => log('warn', 'jobs.recoverFailed', { message: error instanceof Error ? error.message : String(error) }),
      ),
    () => {},
  );
  // Reported by listen(); never an unhandled rejection.
  setup.catch(() => {});

  let closing: Promise<void> | null = null;
  return {
    app,
    server,
    jobs,
    reports,
    async listen(port, host) {
      await setup;
      await app.listen({ port, host });
      const addr = server.address() as AddressInfo;
      const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      return { port: addr.port, host: addr.address, url: `http://${shownHost}:${addr.port}/` };
    },
    close() {
      closing ??= (async () => {
        const grace = options.shutdownGraceMs ?? 10_000;
        // Running requests may finish within the grace period; then every connection is cut.
        const timer = setTimeout(() => server.closeAllConnections(), grace);
        timer.unref();
        // Keep-alive sockets are closed as soon as they are idle, i.e. after their running request.
        clearInterval(purgeTimer);
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        sweeper.unref();
        try {
          await setup.catch(() => {});
          await app.close();
        } finally {
          clearTimeout(timer);
          clearInterval(sweeper);
        }
        await jobs.close(grace);
        await reports.close();
        await options.services.compute?.close();
        await options.db.destroy();
      })();
      return closing;
    },
  };
}
