/**
 * The built dashboard (apps/web/dist) through @fastify/static: hashed assets under /assets/ with
 * immutable cache headers, other files `no-cache` and revalidated by ETag (304), gzip for
 * compressible files when the client accepts it (compressed once per file version, kept in
 * memory), and the SPA fallback to index.html for client-side routes (paths without a file
 * extension), see {@link serveFallback}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError, TEXT } from './errors.ts';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest', '.ttf']);
/** Vite's hashed file names, e.g. `index-BxE3k9aQ.js`. */
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>鄂尔多斯市市长质量奖</title>
<body>
<h1>仪表盘尚未构建 / The dashboard is not built</h1>
<p>API 正在 <code>/trpc</code> 运行。请运行 <code>pnpm --filter @mqa/web build</code> 后刷新。</p>
<p>The API is running at <code>/trpc</code>. Run <code>pnpm --filter @mqa/web build</code> and reload.</p></body></html>`;

interface SentFile {
  file: string;
  size: number;
  mtimeMs: number;
  compressible: boolean;
}

/** Whether an If-None-Match header names this (weak) ETag. */
function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (typeof header !== 'string') return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/** Drops a file stream that will not be sent. */
function discard(payload: unknown): void {
  if (payload && typeof (payload as { destroy?: unknown }).destroy === 'function') (payload as { destroy(): void }).destroy();
}

export class Dashboard {
  readonly root: string | null;
  /** The file each static reply is sending (set by @fastify/static's `setHeaders`). */
  readonly #sending = new WeakMap<FastifyReply, SentFile>();
  /** gzip of a file version (path, size, mtime), or null when it does not pay. */
  readonly #gzip = new Map<string, Buffer | null>();
  #built = false;

  constructor(root: string | undefined) {
    this.root = root ? path.resolve(root) : null;
  }

  /** Whether the built dashboard is there (an index.html in the root); checked until it is. */
  get available(): boolean {
    if (!this.#built && this.root) this.#built = fs.existsSync(path.join(this.root, 'index.html'));
    return this.#built;
  }

  /** Registers @fastify/static for the root (its `GET /*` route) and the gzip step. */
  async register(app: FastifyInstance): Promise<void> {
    if (!this.root) return;
    await app.register(fastifyStatic, {
      root: this.root,
      index: ['index.html'],
      wildcard: true,
      cacheControl: false,
      lastModified: false,
      dotfiles: 'ignore',
      suppressWarning: true,
      setHeaders: (reply, file, stat) => {
        const rel = `/${path.relative(this.root!, file).split(path.sep).join('/')}`;
        const immutable = rel.startsWith('/assets/') && HASHED.test(rel);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        const compressible = COMPRESSIBLE.has(path.extname(file).toLowerCase());
        if (compressible) reply.header('vary', 'Accept-Encoding');
        this.#sending.set(reply, { file, size: stat.size, mtimeMs: stat.mtimeMs, compressible });
      },
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const sent = this.#sending.get(reply);
      if (!sent || reply.statusCode !== 200) return payload;
      // A revalidation answers 304 whatever the request's own Cache-Control says (RFC 9110
      // §13.1.2: If-None-Match is the origin's business; no-cache is for caches on the way).
      const etag = reply.getHeader('etag');
      if (typeof etag === 'string' && matchesEtag(request.headers['if-none-match'], etag)) {
        discard(payload);
        reply.code(304).removeHeader('content-length');
        return null;
      }
      if (!sent.compressible || request.method !== 'GET' || !/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return payload;
      const gz = this.#gzipOf(sent);
      if (!gz) return payload;
      discard(payload);
      reply.header('content-encoding', 'gzip');
      reply.header('content-length', String(gz.length));
      return gz;
    });
  }

  #gzipOf(sent: SentFile): Buffer | null {
    const key = `${sent.file}|${sent.size}|${sent.mtimeMs}`;
    if (this.#gzip.has(key)) return this.#gzip.get(key)!;
    let gz: Buffer | null = null;
    if (sent.size > 1024) {
      const body = fs.readFileSync(sent.file);
      const z = gzipSync(body, { level: 9 });
      gz = z.length < body.length * 0.9 ? z : null;
    }
    this.#gzip.set(key, gz);
    return gz;
  }

  /**
   * Answers a GET/HEAD that no route (or no file) matched: index.html for a client-side route
   * (a path without a file extension), 404 otherwise; the "not built" page when there is no
   * build at all.
   */
  serveFallback(request: FastifyRequest, reply: FastifyReply, pathname: string): FastifyReply {
    if (!this.available) {
      return reply.code(200).headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).send(NOT_BUILT);
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return sendError(reply, 404, 'NOT_FOUND', TEXT.fileNotFound);
    }
    if (path.posix.extname(rel) || rel.includes('\0') || rel.split('/').includes('..')) {
      return sendError(reply, 404, 'NOT_FOUND', TEXT.fileNotFound);
    }
    return reply.sendFile('index.html');
  }
}
