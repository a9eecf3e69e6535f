/**
 * The HTTP host: tRPC at /trpc, the file routes at /api (see api.ts), /healthz, and the built
 * dashboard with SPA fallback, on one port. One JSON log line per request; `close()` stops
 * accepting, lets running requests and jobs finish, closes the report browser, then closes the
 * database.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { appRouter, createHttpContextFactory, isCacheablePath, resolveSession, type Lang, type Services } from '@mqa/api';
import type { DB } from '@mqa/db';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { serveApi } from './api.ts';
import { JobRegistry } from './jobs.ts';
import { jsonLogger, type Logger } from './log.ts';
import { ReportRenderer } from './report.ts';
import { StaticSite } from './static.ts';

export interface AppServerOptions {
  db: DB;
  services: Services;
  /** Folder of the built dashboard (apps/web/dist); omitted or missing: API only. */
  webDist?: string;
  log?: Logger;
  /** Trust X-Forwarded-For for the client address. */
  trustProxy?: boolean;
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
  server: http.Server;
  jobs: JobRegistry;
  reports: ReportRenderer;
  listen(port: number, host: string): Promise<{ port: number; host: string; url: string }>;
  close(): Promise<void>;
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>鄂尔多斯市市长质量奖</title>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto">
<h1>仪表盘尚未构建 / The dashboard is not built</h1>
<p>API 正在 <code>/trpc</code> 运行。请运行 <code>pnpm --filter @mqa/web build</code> 后刷新。</p>
<p>The API is running at <code>/trpc</code>. Run <code>pnpm --filter @mqa/web build</code> and reload.</p></body></html>`;

export function createAppServer(options: AppServerOptions): AppServer {
  const log = options.log ?? jsonLogger;
  const site = options.webDist ? new StaticSite(options.webDist) : null;
  const jobs =
    options.jobs ??
    new JobRegistry({
      onUnexpectedError: (job, error) =>
        log('error', 'job.failed', { id: job.id, kind: job.kind, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }),
    });
  let server: http.Server;
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
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: createHttpContextFactory({ db: options.db, services: options.services, trustProxy: options.trustProxy }),
    onError: ({ error, path, type }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        log('error', 'trpc.error', { path, type, message: error.message, cause: error.cause instanceof Error ? error.cause.stack : undefined });
      }
    },
  });

  /**
   * Queries declared `cacheable` answer the same to every user of a role until the data changes
   * (or the day does): their serialized response (and its gzip) is kept in the services' result
   * cache, keyed by role, day, URL and data version. The session is still checked per request.
   */
  async function serveCacheable(req: http.IncomingMessage, res: http.ServerResponse, url: string) {
    const services = options.services;
    const session = await resolveSession(options.db, services, req.headers.cookie);
    const day = new Date(services.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const key = `http|${session?.user.role ?? '-'}|${day}|${String(req.headers['trpc-accept'] ?? '')}|${url}`;
    const gzipOk = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const hit = services.cache.get<CachedResponse>(key);
    if (hit) {
      const body = gzipOk && hit.gzip ? hit.gzip : hit.body;
      const headers: Record<string, string> = { 'Content-Type': hit.contentType, 'Content-Length': String(body.length), Vary: 'Cookie, Accept-Encoding' };
      if (body === hit.gzip) headers['Content-Encoding'] = 'gzip';
      res.writeHead(200, headers);
      res.end(body);
      return;
    }
    const version = services.cache.version;
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] !== 'function') keep(args[0], args[1]);
      return end(...args);
    }) as typeof res.end;
    res.once('finish', () => {
      if (res.statusCode !== 200) return;
      const body = Buffer.concat(chunks);
      const contentType = String(res.getHeader('content-type') ?? 'application/json');
      const gzip = body.length > 2048 ? gzipSync(body, { level: 6 }) : null;
      services.cache.set(key, { body, gzip, contentType } satisfies CachedResponse, version);
    });
    trpc(req, res);
  }

  server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log('info', 'request', { method: req.method, path: pathname, status: res.statusCode, ms: Math.round(ms * 100) / 100 });
    });
    if (pathname === '/trpc' || pathname.startsWith('/trpc/')) {
      const procedurePath = pathname.slice('/trpc/'.length);
      if (req.method === 'GET' && isCacheablePath(procedurePath)) {
        serveCacheable(req, res, url).catch((error: unknown) => {
          log('error', 'http.cacheError', { message: error instanceof Error ? error.message : String(error) });
          if (!res.headersSent) sendJson(res, 500, { error: { zh: '服务器内部错误。', en: 'Internal server error.' } });
        });
        return;
      }
      trpc(req, res);
      return;
    }
    if (pathname.startsWith('/api/')) {
      serveApi({ db: options.db, services: options.services, jobs, reports }, req, res, pathname).then(
        (handled) => {
          if (!handled) sendJson(res, 404, { error: { zh: '找不到该接口。', en: 'Not found.' } });
        },
        (error: unknown) => {
          log('error', 'api.error', { path: pathname, message: error instanceof Error ? error.message : String(error) });
          if (!res.headersSent) sendJson(res, 500, { error: { zh: '服务器内部错误。', en: 'Internal server error.' } });
          else res.destroy();
        },
      );
      return;
    }
    if (pathname === '/healthz') {
      options.db
        .selectNoFrom((eb) => eb.val(1).as('ok'))
        .execute()
        .then(
          () => sendJson(res, 200, { status: 'ok', dataVersion: options.services.cache.version }),
          (error: unknown) => sendJson(res, 503, { status: 'error', message: error instanceof Error ? error.message : String(error) }),
        );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { zh: '不支持的请求方法。', en: 'Method not allowed.' } });
      return;
    }
    if (site?.available) {
      if (!site.serve(req, res, pathname)) sendJson(res, 404, { error: { zh: '找不到该文件。', en: 'Not found.' } });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(NOT_BUILT);
  });
  server.keepAliveTimeout = 5000;

  let closing: Promise<void> | null = null;
  return {
    server,
    jobs,
    reports,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          resolve({ port: addr.port, host: addr.address, url: `http://${shownHost}:${addr.port}/` });
        });
      });
    },
    close() {
      closing ??= (async () => {
        const grace = options.shutdownGraceMs ?? 10_000;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            server.closeAllConnections();
            resolve();
          }, grace);
          timer.unref();
          // Keep-alive sockets are closed as soon as they are idle, i.e. after their running request.
          const sweeper = setInterval(() => server.closeIdleConnections(), 50);
          sweeper.unref();
          // Stop accepting new connections.
          server.close(() => {
            clearTimeout(timer);
            clearInterval(sweeper);
            resolve();
          });
          server.closeIdleConnections();
        });
        await jobs.close(grace);
        await reports.close();
        await options.db.destroy();
      })();
      return closing;
    },
  };
}

interface CachedResponse {
  body: Buffer;
  gzip: Buffer | null;
  contentType: string;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
