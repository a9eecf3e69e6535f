/**
 * Serves the built dashboard (apps/web/dist): hashed assets with immutable cache headers, other
 * files revalidated by ETag, gzip for compressible files (compressed once, kept in memory), and
 * the SPA fallback to index.html for client-side routes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest', '.ttf']);
/** Vite's hashed file names, e.g. `index-BxE3k9aQ.js`. */
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

interface CachedFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  immutable: boolean;
}

export class StaticSite {
  readonly root: string;
  readonly #cache = new Map<string, CachedFile | null>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Whether the built dashboard is there (an index.html in the root). */
  get available(): boolean {
    return fs.existsSync(path.join(this.root, 'index.html'));
  }

  #load(rel: string): CachedFile | null {
    if (this.#cache.has(rel)) return this.#cache.get(rel)!;
    const full = path.resolve(this.root, `.${rel}`);
    let file: CachedFile | null = null;
    // Never serve anything outside the root (path traversal).
    if ((full === this.root || full.startsWith(this.root + path.sep)) && fs.existsSync(full) && fs.statSync(full).isFile()) {
      const body = fs.readFileSync(full);
      const ext = path.extname(full).toLowerCase();
      const gz = COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null;
      file = {
        body,
        gzip: gz && gz.length < body.length * 0.9 ? gz : null,
        type: TYPES[ext] ?? 'application/octet-stream',
        etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
        immutable: rel.startsWith('/assets/') && HASHED.test(rel),
      };
    }
    this.#cache.set(rel, file);
    return file;
  }

  /** Serves a GET/HEAD request; returns false when nothing matched (the caller sends a 404). */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    if (rel.includes('\0')) return false;
    if (rel.endsWith('/')) rel += 'index.html';
    let file = this.#load(rel);
    // SPA fallback: a client-side route (no file extension) gets index.html.
    if (!file && !path.extname(rel)) file = this.#load('/index.html');
    if (!file) return false;
    const headers: Record<string, string> = {
      'Content-Type': file.type,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: file.etag,
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
    };
    if (file.type.startsWith('text/html')) {
      headers['X-Frame-Options'] = 'DENY';
      headers['Referrer-Policy'] = 'same-origin';
    }
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzip! : file.body;
    if (gzip) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
}
