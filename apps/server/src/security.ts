/**
 * Request-facing defences of the host, as Fastify hooks (registered by server.ts before any
 * route):
 *
 * - **Cross-site requests (CSRF)**: every state-changing request (any method but GET, HEAD,
 *   OPTIONS — tRPC mutations and every file route under /api alike) must come from the
 *   dashboard's own origin. `Sec-Fetch-Site: same-origin` (or `none`, a user's own navigation)
 *   passes; `same-site` (another port or subdomain of the host) and `cross-site` are refused. A
 *   browser without Sec-Fetch-Site is judged by `Origin`, whose host must be the request's own
 *   host (`Host`, or `X-Forwarded-Host` from a trusted proxy); `Origin: null` is refused. A
 *   request with neither header does not come from a browser (browsers send Origin with every
 *   POST, PUT, PATCH and DELETE) and passes: scripts, curl and integrations keep working.
 *   Origins listed in `allowedOrigins` always pass. Refusals answer 403 `CROSS_SITE_REQUEST`.
 * - **tRPC bodies**: only `application/json` (415 otherwise), 1 MiB at most while streaming;
 *   a batch may not include a password check (`auth.login`, `auth.changePassword`) beside other
 *   calls (400 `BATCH_NOT_ALLOWED`), and a batch has at most `MAX_BATCH_CALLS` calls.
 * - **Headers**: `Cache-Control: no-store` on every /trpc, /api and /healthz answer, errors
 *   included; `Strict-Transport-Security` when the request came over HTTPS (directly, or through
 *   a trusted proxy's `X-Forwarded-Proto`).
 */
import type { LocalizedText } from '@mqa/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.ts';

/** Procedures that check a password: never batched with other calls. */
export const UNBATCHED_PROCEDURES: ReadonlySet<string> = new Set(['auth.login', 'auth.changePassword']);
/** Most calls in one tRPC batch. */
export const MAX_BATCH_CALLS = 32;
/** `Strict-Transport-Security` over HTTPS: 180 days. */
export const HSTS = 'max-age=15552000';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const SECURITY_TEXT = {
  crossSite: {
    zh: '已拒绝来自其他网站或端口的请求；请在本系统的页面中操作。',
    en: 'Refused: the request came from another site or port; use the platform’s own pages.',
  },
  batch: {
    zh: '登录与修改密码不能与其他请求合并发送，请单独发送。',
    en: 'Sign-in and password changes cannot be batched with other calls; send them on their own.',
  },
  batchTooLarge: { zh: `一次合并请求最多包含 ${MAX_BATCH_CALLS} 个调用。`, en: `A batch may hold at most ${MAX_BATCH_CALLS} calls.` },
  jsonOnly: { zh: 'API 请求体必须是 JSON（application/json）。', en: 'API request bodies must be JSON (application/json).' },
} satisfies Record<string, LocalizedText>;

export interface SecurityOptions {
  /** Origins (scheme://host[:port]) that may send state-changing requests besides the server's own. */
  allowedOrigins?: readonly string[];
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

const isTrpc = (path: string) => path === '/trpc' || path.startsWith('/trpc/');
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Why a state-changing request is refused as cross-site, or null when it may pass (see the
 * module comment for the rule).
 */
export function crossSiteReason(request: FastifyRequest, allowed: ReadonlySet<string>): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const origin = header(request, 'origin');
  if (origin !== undefined && allowed.has(origin.toLowerCase())) return null;
  const site = header(request, 'sec-fetch-site')?.toLowerCase();
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site: ${site}`;
  if (origin === undefined) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `Origin: ${origin}`;
  }
  if (!host || origin === 'null') return 'Origin: null';
  return host.toLowerCase() === String(request.host ?? '').toLowerCase() ? null : `Origin: ${origin}`;
}

/** tRPC's error shape (`error.data.i18n`), for refusals before tRPC runs. */
export function sendTrpcError(reply: FastifyReply, status: number, code: string, message: LocalizedText): FastifyReply {
  return reply
    .code(status)
    .headers({ 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' })
    .send(JSON.stringify({ error: { message: message.en, code: -32600, data: { code, httpStatus: status, path: null, i18n: message } } }));
}

function refuse(reply: FastifyReply, path: string, status: number, code: string, message: LocalizedText): FastifyReply {
  return isTrpc(path) ? sendTrpcError(reply, status, code, message) : sendError(reply, status, code, message);
}

/** The procedure paths of a tRPC URL (`/trpc/a.b,c.d?batch=1`). */
function trpcPaths(path: string): string[] {
  const rest = path.slice('/trpc/'.length);
  let decoded = rest;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    // Left as is: tRPC answers an unknown path.
  }
  return decoded.split(',');
}

/** Registers the hooks on the root instance (before the routes). */
export function registerSecurity(app: FastifyInstance, options: SecurityOptions = {}): void {
  const allowed = new Set((options.allowedOrigins ?? []).map((o) => o.trim().replace(/\/+$/, '').toLowerCase()).filter(Boolean));

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    const reason = crossSiteReason(request, allowed);
    if (reason) return refuse(reply, path, 403, 'CROSS_SITE_REQUEST', SECURITY_TEXT.crossSite);
    if (!isTrpc(path)) return;
    if (request.method === 'POST') {
      const type = header(request, 'content-type');
      if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) return refuse(reply, path, 415, 'UNSUPPORTED_MEDIA_TYPE', SECURITY_TEXT.jsonOnly);
    }
    if ((request.query as { batch?: unknown } | undefined)?.batch === '1') {
      const paths = trpcPaths(path);
      if (paths.length > MAX_BATCH_CALLS) return refuse(reply, path, 400, 'BATCH_TOO_LARGE', SECURITY_TEXT.batchTooLarge);
      if (paths.length > 1 && paths.some((p) => UNBATCHED_PROCEDURES.has(p))) return refuse(reply, path, 400, 'BATCH_NOT_ALLOWED', SECURITY_TEXT.batch);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const path = pathOf(request.url);
    if (isTrpc(path) || isApi(path) || path === '/healthz') reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    return payload;
  });
}

/**
 * `MQA_TRUST_PROXY` as Fastify's `trustProxy`: off by default; `1`/`true` (or a number n): the
 * nearest n proxies, so the client address is the n-th hop from the right of X-Forwarded-For
 * (the one our own proxy appended), never the client-chosen leftmost; otherwise a
 * comma-separated list of proxy addresses or CIDR ranges to trust.
 */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const v = value?.trim() ?? '';
  if (v === '' || /^(0|false|no|off)$/i.test(v)) return false;
  if (/^(true|yes|on)$/i.test(v)) return 1;
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
