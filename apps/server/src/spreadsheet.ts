/**
 * The spreadsheet routes of @mqa/api (/api/templates, /api/import, /api/cycles/:year/export.xlsx)
 * on Fastify: the downloads go through its framework-free handler; uploads are read with
 * @fastify/multipart, the size limit (`MAX_IMPORT_BYTES`) enforced while the file streams in, and
 * checked by @mqa/api's `readImportUpload` (the same 400 / 413 / 415 answers everywhere). The
 * caller (`api.ts`) has already checked the session and the role. A committed import drops the
 * cached results of the cycles it changed.
 */
import { handleSpreadsheetRequest, readImportUpload, type ImportResultBase, type Services } from '@mqa/api';
import type { DB, Role } from '@mqa/db';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FastifyReply, FastifyRequest } from 'fastify';

type HostImportRequest = Exclude<Parameters<typeof readImportUpload>[0], Request>;
type HostUploadedFile = Awaited<ReturnType<HostImportRequest['readFile']>>;

function headerValue(request: FastifyRequest, name: string): string | null {
  const v = request.headers[name.toLowerCase()];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** A bodiless WHATWG `Request` for the download routes. */
export function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(request.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, String(v));
  }
  // HEAD is answered like GET (Node sends no body for HEAD).
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  return new Request(new URL(request.url, 'http://localhost'), { method, headers });
}

/**
 * Sends a WHATWG `Response`, never cached: buffered (the small answers), except a download
 * without a stated length, streamed as it comes (the results workbook, written while it is sent).
 */
export async function sendWebResponse(reply: FastifyReply, response: Response, extraHeaders: Record<string, string> = {}): Promise<FastifyReply> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  for (const [k, v] of Object.entries(extraHeaders)) headers[k.toLowerCase()] = v;
  headers['cache-control'] = 'no-store';
  if (response.body && !response.headers.has('content-length') && /^attachment/i.test(response.headers.get('content-disposition') ?? '')) {
    return reply
      .code(response.status)
      .headers(headers)
      .send(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>));
  }
  const body = Buffer.from(await response.arrayBuffer());
  headers['content-length'] = String(body.length);
  return reply.code(response.status).headers(headers).send(body);
}

/** Reads the multipart field `file`, giving up as soon as more than `maxBytes` arrived. */
async function readFileField(request: FastifyRequest, maxBytes: number): Promise<HostUploadedFile> {
  if (!request.isMultipart()) return 'bad_multipart';
  let found: { buffer: Buffer; fileName: string } | null = null;
  try {
    const parts = request.parts({ limits: { fileSize: maxBytes, files: 4, fields: 32, fieldSize: 64 * 1024, parts: 64 } });
    for await (const part of parts) {
      if (part.type !== 'file') continue;
      if (part.fieldname === 'file' && !found) found = { buffer: await part.toBuffer(), fileName: part.filename };
      else part.file.resume();
    }
  } catch (error) {
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) return 'too_large';
    return 'bad_multipart';
  }
  return found ?? 'no_file';
}

/** The upload of a Fastify request in the form @mqa/api's `readImportUpload` takes from hosts. */
export function importRequest(request: FastifyRequest): HostImportRequest {
  return {
    url: request.url,
    headers: { get: (name) => headerValue(request, name) },
    readFile: (maxBytes) => readFileField(request, maxBytes),
  };
}

/** Reply headers for an upload answer: a 413 closes the connection rather than reading the rest of the body. */
export function uploadAnswerHeaders(status: number): Record<string, string> {
  return status === 413 ? { connection: 'close' } : {};
}

/**
 * Drops the cached results an import changed: a committed score import its cycles (every
 * cycle when it names none); an applications import everything, since it may change the
 * organisations and people that every cycle shows.
 */
export async function invalidateAfterImport(
  db: DB,
  services: Services,
  kind: 'scores' | 'applications' | 'indicators',
  status: number,
  body: unknown,
): Promise<void> {
  const result = body as (ImportResultBase & { preview?: { cycles?: unknown } | null }) | null;
  if (status !== 200 || !result || result.dryRun || result.outcome !== 'committed') return;
  const cycles = result.preview?.cycles;
  const years = Array.isArray(cycles) ? cycles.filter((y): y is number => Number.isInteger(y)) : [];
  await services.versions.dataChanged(db, services, kind === 'scores' && years.length > 0 ? years : undefined);
}

export function queryFlag(value: string | null | undefined): boolean {
  return value === '1' || value === 'true' || value === 'yes';
}

/**
 * The download routes (templates, the results workbook): @mqa/api's handler, with the role
 * deciding what the workbook holds; false when the path is not one of them.
 */
export async function serveDownload(
  db: DB,
  userId: number,
  role: Role,
  request: FastifyRequest,
  reply: FastifyReply,
  compute?: Services['compute'],
): Promise<boolean> {
  const response = await handleSpreadsheetRequest(toWebRequest(request), { db, userId, role, compute: compute ?? null });
  if (!response) return false;
  await sendWebResponse(reply, response);
  return true;
}
