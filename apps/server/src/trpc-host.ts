/**
 * tRPC on Fastify (`fastifyTRPCPlugin`, mounted at /trpc, batching on) with the response cache
 * of cacheable queries.
 *
 * Queries declared `cacheable` answer the same to every user of a role until the data changes
 * (or the day does). Their serialized response (and its gzip) is kept in the services' result
 * cache, keyed by role, day, `trpc-accept` and URL, and stamped with the data version of the
 * cycles the input names (`{ year }` in every input of the batch; any other input depends on
 * every cycle), so a change to one cycle leaves the others' answers cached. The session is
 * checked on every request (`onRequest`); a hit is answered there, a miss is stored by `onSend`
 * when tRPC answers 200. Both are gzipped when the client accepts it, and so is every other tRPC
 * answer (not cacheable, a mutation, a refusal) over `GZIP_FROM` bytes.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { appRouter, createContextInner, isCacheablePath, resolveSession, type Services } from '@mqa/api';
import type { DB } from '@mqa/db';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from './log.ts';

type AppRouter = typeof appRouter;
type Session = Awaited<ReturnType<typeof resolveSession>>;

export interface TrpcHostOptions {
  db: DB;
  services: Services;
  log: Logger;
  /** Largest request body, also for bodies Fastify's parsers leave to tRPC. */
  maxBodySize: number;
  /** Most calls in one batch. */
  maxBatchSize: number;
}

interface CachedResponse {
  body: Buffer;
  gzip: Buffer | null;
  contentType: string;
}

interface Pending {
  key: string;
  scope: readonly number[] | null;
  stamp: string;
}

/** Answers larger than this go out gzipped when the client accepts it (and cached ones are kept gzipped as well). */
const GZIP_FROM = 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The cycles a cacheable query's answer depends on, read from its input: the `year` of every
 * input of the batch, or null (every cycle) when an input has none.
 */
export function scopeOfQuery(query: unknown): readonly number[] | null {
  if (!isRecord(query) || typeof query.input !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(query.input);
  } catch {
    return null;
  }
  const inputs = query.batch === '1' ? (isRecord(parsed) ? Object.values(parsed) : []) : [parsed];
  if (inputs.length === 0) return null;
  const years = new Set<number>();
  for (const input of inputs) {
    const year = isRecord(input) ? input.year : undefined;
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) return null;
    years.add(year);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * gzip on libuv's thread pool: compressing an answer of several MB (the panel at 10,000
 * applications is 11 MB of JSON) took the main thread for a few hundred ms with `gzipSync`.
 */
const gzipAsync = promisify(gzip);

function acceptsGzip(request: FastifyRequest): boolean {
  return /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
}

/**
 * A tRPC answer that is not cached, gzipped when the client accepts it and it is larger than
 * `GZIP_FROM` (streamed answers, other than JSON, are passed on as they are).
 */
async function compressed(request: FastifyRequest, reply: FastifyReply, payload: Response): Promise<Response | Buffer> {
  const contentType = payload.headers.get('content-type') ?? '';
  if (!acceptsGzip(request) || !contentType.startsWith('application/json') || payload.headers.has('content-encoding')) return payload;
  const body = Buffer.from(await payload.arrayBuffer());
  payload.headers.forEach((v, k) => {
    if (k !== 'content-length') reply.header(k, v);
  });
  reply.code(payload.status).header('vary', 'Cookie, Accept-Encoding');
  if (body.length <= GZIP_FROM) return body;
  reply.header('content-encoding', 'gzip');
  return gzipAsync(body, { level: 6 });
}

function sendCached(request: FastifyRequest, reply: FastifyReply, cached: CachedResponse): FastifyReply {
  const gzip = cached.gzip && acceptsGzip(request) ? cached.gzip : null;
  reply.code(200).headers({ 'content-type': cached.contentType, vary: 'Cookie, Accept-Encoding', 'cache-control': 'no-store' });
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(gzip ?? cached.body);
}

/** The tRPC plugin with the session check and the response cache (register with `prefix: '/trpc'`). */
export async function trpcPlugin(app: FastifyInstance, options: TrpcHostOptions): Promise<void> {
  const { db, services, log } = options;
  const sessions = new WeakMap<FastifyRequest, Session>();
  const pending = new WeakMap<FastifyRequest, Pending>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const session = await resolveSession(db, services, request.headers.cookie);
    sessions.set(request, session);
    const path = (request.params as { path?: string } | undefined)?.path;
    if (request.method !== 'GET' || !path || !isCacheablePath(path)) return;
    const day = new Date(services.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const key = `http|${session?.user.role ?? '-'}|${day}|${String(request.headers['trpc-accept'] ?? '')}|${request.url}`;
    const scope = scopeOfQuery(request.query);
    const hit = services.cache.get<CachedResponse>(key, scope);
    if (hit) return sendCached(request, reply, hit);
    pending.set(request, { key, scope, stamp: services.cache.stamp(scope) });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const p = pending.get(request);
    if (!(payload instanceof Response)) return payload;
    if (!p || payload.status !== 200) {
      pending.delete(request);
      return compressed(request, reply, payload);
    }
    pending.delete(request);
    const body = Buffer.from(await payload.arrayBuffer());
    const contentType = payload.headers.get('content-type') ?? 'application/json';
    const cached: CachedResponse = { body, gzip: body.length > GZIP_FROM ? await gzipAsync(body, { level: 6 }) : null, contentType };
    services.cache.set(p.key, cached, p.stamp, p.scope);
    payload.headers.forEach((v, k) => {
      if (k !== 'content-length') reply.header(k, v);
    });
    reply.code(200).header('vary', 'Cookie, Accept-Encoding');
    const gzip = cached.gzip && acceptsGzip(request) ? cached.gzip : null;
    if (gzip) reply.header('content-encoding', 'gzip');
    return gzip ?? body;
  });

  await app.register(fastifyTRPCPlugin, {
    trpcOptions: {
      router: appRouter,
      maxBodySize: options.maxBodySize,
      maxBatchSize: options.maxBatchSize,
      createContext: async ({ req, res }) => {
        const session = sessions.has(req) ? sessions.get(req)! : await resolveSession(db, services, req.headers.cookie);
        return createContextInner({
          db,
          services,
          user: session?.user ?? null,
          sessionId: session?.sessionId ?? null,
          // The client address (with `trustProxy`, from X-Forwarded-For) for the login throttle.
          ip: req.ip,
          // HTTPS directly or through a trusted proxy: the session cookie gets `Secure`.
          https: req.protocol === 'https',
          setCookie: (cookie) => void res.header('set-cookie', cookie),
        });
      },
      onError: ({ error, path, type }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          log('error', 'trpc.error', { path, type, message: error.message, cause: error.cause instanceof Error ? error.cause.stack : undefined });
        }
      },
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);
}
