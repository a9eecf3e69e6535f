/**
 * Mounts the spreadsheet routes of @mqa/api (/api/templates, /api/import, /api/cycles/:year/export)
 * behind the session cookie. Imports and templates: secretariat; exports: secretariat, committee,
 * leadership. A successful import bumps the data version (cached results are dropped).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { handleSpreadsheetRequest, resolveSession, type Services } from '@mqa/api';
import type { DB, Role } from '@mqa/db';

function rolesFor(method: string, pathname: string): readonly Role[] {
  if (method === 'GET' && /^\/api\/cycles\/\d{4}\/export\.xlsx$/.test(pathname)) return ['secretariat', 'committee', 'leadership'];
  return ['secretariat'];
}

function json(res: ServerResponse, status: number, code: string, message: { zh: string; en: string }) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export async function serveSpreadsheet(db: DB, services: Services, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  const session = await resolveSession(db, services, req.headers.cookie);
  const method = (req.method ?? 'GET').toUpperCase();
  if (!session) {
    json(res, 401, 'unauthorized', { zh: '请先登录。', en: 'Please sign in first.' });
    return true;
  }
  if (!rolesFor(method, pathname).includes(session.user.role)) {
    json(res, 403, 'forbidden', { zh: '当前角色无权执行此操作。', en: 'Your role may not do this.' });
    return true;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, v);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const request = new Request(new URL(req.url ?? '/', 'http://localhost'), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit);
  const response = await handleSpreadsheetRequest(request, { db, userId: session.user.id });
  if (!response) return false;
  const body = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => (out[k] = v));
  out['content-length'] = String(body.length);
  res.writeHead(response.status, out);
  res.end(method === 'HEAD' ? undefined : body);
  const dryRun = new URL(req.url ?? '/', 'http://localhost').searchParams.get('dryRun');
  if (hasBody && response.status >= 200 && response.status < 300 && dryRun !== '1' && dryRun !== 'true') services.cache.bump();
  return true;
}
