/**
 * Forwards the synchronous spreadsheet routes of @mqa/api (/api/templates, /api/import,
 * /api/cycles/:year/export.xlsx) to its framework-free handler. The caller (`api.ts`) has
 * already checked the session and the role. A successful import bumps the data version
 * (cached results are dropped).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { handleSpreadsheetRequest, type Services } from '@mqa/api';
import type { DB } from '@mqa/db';

/** The Node request as a WHATWG `Request` (the body streamed, not buffered). */
export function toWebRequest(req: IncomingMessage): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, v);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', 'http://localhost'), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a WHATWG `Response` to the Node response (buffered; the spreadsheet answers are small). */
export async function sendWebResponse(res: ServerResponse, response: Response, head = false, extraHeaders: Record<string, string> = {}): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => (out[k] = v));
  for (const [k, v] of Object.entries(extraHeaders)) out[k.toLowerCase()] = v;
  out['content-length'] = String(body.length);
  res.writeHead(response.status, out);
  res.end(head ? undefined : body);
}

export function queryFlag(value: string | null): boolean {
  return value === '1' || value === 'true' || value === 'yes';
}

/** Answers one spreadsheet route; false when the path is not one of them. */
export async function forwardSpreadsheet(db: DB, services: Services, userId: number, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = (req.method ?? 'GET').toUpperCase();
  const response = await handleSpreadsheetRequest(toWebRequest(req), { db, userId });
  if (!response) return false;
  await sendWebResponse(res, response, method === 'HEAD');
  const dryRun = queryFlag(new URL(req.url ?? '/', 'http://localhost').searchParams.get('dryRun'));
  if (method !== 'GET' && method !== 'HEAD' && response.status >= 200 && response.status < 300 && !dryRun) services.cache.bump();
  return true;
}
