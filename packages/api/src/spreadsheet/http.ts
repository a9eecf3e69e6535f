/**
 * Framework-free HTTP handlers for the spreadsheet routes, on the WHATWG Fetch `Request` /
 * `Response` (global in Node ≥ 18). The server host mounts them behind its authentication and
 * passes the signed-in user; imports should be allowed to the secretariat only.
 *
 *   GET  /api/templates/applications.xlsx
 *   GET  /api/templates/scores.xlsx[?year=2025]            (with the cycle's codes as drop-downs)
 *   POST /api/import/applications[?dryRun=1][&year=2025][&annotated=1]   multipart, field `file`
 *   POST /api/import/scores[?dryRun=1][&year=2025][&annotated=1]         multipart, field `file`
 *   GET  /api/templates/indicators.xlsx                   (awards and follow-up years open today)
 *   POST /api/import/indicators[?dryRun=1][&annotated=1]                 multipart, field `file`
 *   GET  /api/cycles/:year/export.xlsx[?lang=zh|en]
 *
 * Import answers JSON (see {@link ImportResponseBody}): 200 committed / preview / unchanged,
 * 400 malformed file, 413 too large, 422 problems. With `annotated=1` and problems, the answer
 * is the annotated .xlsx copy instead (header `X-Import-Problems` carries the count).
 */
import type { ComputeWorkers } from '../compute/workers.ts';
import type { DB, Role } from '@mqa/db';
import { annotateWorkbook } from './annotate.ts';
import { importApplications } from './applications-import.ts';
import type { ImportResultBase } from './common.ts';
import { Readable } from 'node:stream';
import { CycleNotFoundError, streamCycleWorkbook } from './export.ts';
import { MAX_IMPORT_BYTES } from './limits.ts';
import { buildIndicatorsTemplate, importIndicators } from './indicators-import.ts';
import { importScores } from './scores-import.ts';
import { buildApplicationsTemplate, buildScoresTemplate, loadScoresTemplateCycle } from './templates.ts';
import { SpreadsheetFileError, type ImportProblem, type Lang, type LocalizedText, type ProgressCallback } from './types.ts';

export interface SpreadsheetHttpContext {
  db: DB;
  /** users.id of the signed-in user (recorded in the audit log). */
  userId: number | null;
  /** UI language for exports when the request names none. */
  lang?: Lang;
  /** The signed-in user's role: the results workbook holds what that role may read (default: the least). */
  role?: Role;
  /**
   * Import progress (see {@link ProgressCallback}): lets a host run an import as a background
   * job and report how far it got. Throwing from it aborts the import (rolled back).
   */
  onProgress?: ProgressCallback;
  /** The server's compute workers: the results workbook is written there, off the event loop. */
  compute?: ComputeWorkers | null;
}

/** The imports under `/api/import/`: score sheets, the applications register, awardees' follow-up indicators. */
export type ImportKind = 'scores' | 'applications' | 'indicators';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Room for the multipart envelope around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** JSON body of an import answer: the importer's result, or an error. */
export type ImportResponseBody =
  (ImportResultBase & { kind: ImportKind; preview: unknown }) | { error: { code: string; message: LocalizedText }; problems: ImportProblem[] };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** An error answer, in the file routes' one error shape: `{ code, message }`, again under `error`. */
function error(status: number, code: string, message: LocalizedText): Response {
  return json(status, { code, message, error: { code, message }, problems: [] });
}

function attachmentHeaders(fileName: string): Record<string, string> {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
  return { 'content-type': XLSX_MIME, 'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}` };
}

function xlsx(buf: Buffer, fileName: string, extra: Record<string, string> = {}): Response {
  return new Response(new Uint8Array(buf), {
    status: 200,
    headers: { ...attachmentHeaders(fileName), 'content-length': String(buf.byteLength), ...extra },
  });
}

function flag(v: string | null): boolean {
  return v === '1' || v === 'true' || v === 'yes';
}

function yearParam(url: URL): number | undefined | 'invalid' {
  const v = url.searchParams.get('year');
  if (v === null || v === '') return undefined;
  return /^\d{4}$/.test(v) ? Number(v) : 'invalid';
}

const BAD_YEAR: LocalizedText = { zh: '参数 year 必须是四位年份。', en: 'The year parameter must be a four-digit year.' };

export async function handleApplicationsTemplate(): Promise<Response> {
  return xlsx(await buildApplicationsTemplate(), '申报登记表模板 applications.xlsx');
}

/** GET /api/templates/indicators.xlsx: the follow-up indicators template, pre-filled with the awards and years open today. */
export async function handleIndicatorsTemplate(ctx: SpreadsheetHttpContext): Promise<Response> {
  return xlsx(await buildIndicatorsTemplate(ctx.db), '跟踪指标模板 indicators.xlsx');
}

export async function handleScoresTemplate(req: Request, ctx: SpreadsheetHttpContext): Promise<Response> {
  const year = yearParam(new URL(req.url));
  if (year === 'invalid') return error(400, 'bad_request', BAD_YEAR);
  let cycle;
  if (year !== undefined) {
    cycle = await loadScoresTemplateCycle(ctx.db, year);
    if (!cycle) return error(404, 'cycle_not_found', { zh: `系统中没有 ${year} 年度的评审周期。`, en: `There is no ${year} award cycle in the system.` });
  }
  return xlsx(await buildScoresTemplate(cycle), `评分表模板 scores${year ? `-${year}` : ''}.xlsx`);
}

/** An import upload that passed the request checks (multipart, size, year), ready to import. */
export interface ImportUpload {
  buffer: Buffer;
  /** The uploaded file's name ('upload' when the client sent none). */
  fileName: string;
  dryRun: boolean;
  /** The `year` parameter, when given. */
  cycleYear?: number;
  /** `annotated=1`: answer the annotated copy of a file with problems instead of JSON. */
  annotated: boolean;
}

/** What a host's own multipart reader found in the field `file` of an upload. */
export type HostUploadedFile = { buffer: Buffer; fileName: string } | 'bad_multipart' | 'no_file' | 'too_large';

/**
 * An upload as a host with its own multipart parser sees it (instead of a WHATWG `Request`):
 * the request URL and headers, and a reader of the field `file` that gives up with
 * `'too_large'` as soon as more than `maxBytes` arrived (the limit is enforced while streaming).
 */
export interface HostImportRequest {
  url: string;
  headers: { get(name: string): string | null };
  readFile(maxBytes: number): Promise<HostUploadedFile>;
}

const BAD_MULTIPART: LocalizedText = { zh: '上传内容无法解析。', en: 'The upload cannot be parsed.' };
const NO_FILE: LocalizedText = { zh: '没有收到文件（字段名应为 file）。', en: 'No file received (the field must be named “file”).' };

/** The field `file` of a WHATWG request's multipart body (buffered by the Fetch implementation). */
async function fileOfRequest(req: Request): Promise<HostUploadedFile> {
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return 'bad_multipart';
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') return 'no_file';
  if (file.size > MAX_IMPORT_BYTES) return 'too_large';
  return { buffer: Buffer.from(await file.arrayBuffer()), fileName: (file as File).name };
}

/**
 * Reads and checks the upload of `POST /api/import/*`: the upload, or the error answer
 * (400 bad year / multipart / no file, 413 too large, 415 not multipart). The first half of
 * {@link handleImport}; a host that answers before importing (an asynchronous job) calls it
 * first and {@link runImport} later. `req` is a WHATWG `Request`, or a {@link HostImportRequest}
 * from a host that parses multipart bodies itself (the same checks and answers).
 */
export async function readImportUpload(req: Request | HostImportRequest): Promise<ImportUpload | Response> {
  const url = new URL(req.url, 'http://localhost');
  const year = yearParam(url);
  if (year === 'invalid') return error(400, 'bad_request', BAD_YEAR);
  const tooLarge = {
    zh: `文件过大，上限为 ${MAX_IMPORT_BYTES / 1024 / 1024} MB。`,
    en: `The file is too large; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
  };
  const declared = Number(req.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD) return error(413, 'too_large', tooLarge);
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    return error(415, 'not_multipart', {
      zh: '请以 multipart/form-data 上传，文件字段名为 file。',
      en: 'Upload as multipart/form-data with the file in the field named “file”.',
    });
  }
  const file = req instanceof Request ? await fileOfRequest(req) : await req.readFile(MAX_IMPORT_BYTES);
  if (file === 'bad_multipart') return error(400, 'bad_multipart', BAD_MULTIPART);
  if (file === 'no_file') return error(400, 'no_file', NO_FILE);
  if (file === 'too_large') return error(413, 'too_large', tooLarge);
  return {
    buffer: file.buffer,
    fileName: file.fileName || 'upload',
    dryRun: flag(url.searchParams.get('dryRun')),
    ...(year !== undefined ? { cycleYear: year } : {}),
    annotated: flag(url.searchParams.get('annotated')),
  };
}

/**
 * Imports a checked upload and answers like the route: JSON with the importer's result (a file
 * error appended to `problems` as `file_error`) and status 200 (committed / preview /
 * unchanged), 400 (malformed file), 413 (too large) or 422 (problems); or, with `annotated` and
 * problems, the annotated .xlsx copy. Progress goes to `ctx.onProgress`.
 */
export async function runImport(kind: ImportKind, upload: ImportUpload, ctx: SpreadsheetHttpContext): Promise<Response> {
  const { buffer } = upload;
  const opts = {
    fileName: upload.fileName,
    userId: ctx.userId,
    dryRun: upload.dryRun,
    ...(upload.cycleYear !== undefined ? { cycleYear: upload.cycleYear } : {}),
    ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
  };
  const result =
    kind === 'scores'
      ? await importScores(ctx.db, buffer, opts)
      : kind === 'indicators'
        ? await importIndicators(ctx.db, buffer, opts)
        : await importApplications(ctx.db, buffer, opts);
  const problems = result.fileError
    ? [
        ...result.problems,
        {
          sheet: result.sheet ?? '',
          row: null,
          column: null,
          header: null,
          code: 'file_error' as const,
          message: result.fileError.message,
        },
      ]
    : result.problems;
  // A file too large or too costly to read is not opened again for the annotated copy.
  const annotatable = result.fileError?.code !== 'too_large' && result.fileError?.code !== 'too_complex';
  if (upload.annotated && problems.length > 0 && annotatable) {
    try {
      const annotated = await annotateWorkbook(buffer, problems);
      const base = opts.fileName.replace(/\.(xlsx|csv)$/i, '');
      return xlsx(annotated, `${base}-问题标注 annotated.xlsx`, { 'x-import-problems': String(problems.length) });
    } catch (err) {
      if (!(err instanceof SpreadsheetFileError)) throw err;
      // Not even openable: fall through to the JSON answer.
    }
  }
  const status = result.fileError ? (result.fileError.code === 'too_large' ? 413 : 400) : result.problems.length > 0 ? 422 : 200;
  return json(status, { ...result, problems });
}

/** POST /api/import/{scores|applications}: {@link readImportUpload}, then {@link runImport}. */
export async function handleImport(kind: ImportKind, req: Request, ctx: SpreadsheetHttpContext): Promise<Response> {
  const upload = await readImportUpload(req);
  return upload instanceof Response ? upload : runImport(kind, upload, ctx);
}

function langOf(req: Request, ctx: SpreadsheetHttpContext): Lang {
  const q = new URL(req.url).searchParams.get('lang');
  if (q === 'zh' || q === 'en') return q;
  if (ctx.lang) return ctx.lang;
  const accept = req.headers.get('accept-language') ?? '';
  return /^\s*en\b/i.test(accept) ? 'en' : 'zh';
}

export async function handleCycleExport(req: Request, ctx: SpreadsheetHttpContext, year: number): Promise<Response> {
  const lang = langOf(req, ctx);
  try {
    // Streamed as it is written (no content-length): the workbook of a large cycle is never whole in memory.
    const audience = ctx.role ?? 'leadership';
    const stream = ctx.compute ? await ctx.compute.workbook({ year, lang, audience }) : await streamCycleWorkbook(ctx.db, year, lang, { audience });
    const fileName = lang === 'zh' ? `${year}年度评审结果.xlsx` : `results-${year}.xlsx`;
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers: attachmentHeaders(fileName) });
  } catch (err) {
    if (err instanceof CycleNotFoundError) return error(404, err.code, err.text);
    throw err;
  }
}

/**
 * Dispatches one request to the matching spreadsheet route; null when the path is not one of
 * them (so the host can fall through to its other routes).
 */
export async function handleSpreadsheetRequest(req: Request, ctx: SpreadsheetHttpContext): Promise<Response | null> {
  const { pathname } = new URL(req.url);
  const method = req.method.toUpperCase();
  const notAllowed = (allow: string) => {
    const res = error(405, 'method_not_allowed', { zh: '不支持该请求方法。', en: 'Method not allowed.' });
    res.headers.set('allow', allow);
    return res;
  };
  if (pathname === '/api/templates/applications.xlsx') return method === 'GET' ? handleApplicationsTemplate() : notAllowed('GET');
  if (pathname === '/api/templates/scores.xlsx') return method === 'GET' ? handleScoresTemplate(req, ctx) : notAllowed('GET');
  if (pathname === '/api/import/scores') return method === 'POST' ? handleImport('scores', req, ctx) : notAllowed('POST');
  if (pathname === '/api/import/applications') return method === 'POST' ? handleImport('applications', req, ctx) : notAllowed('POST');
  if (pathname === '/api/templates/indicators.xlsx') return method === 'GET' ? handleIndicatorsTemplate(ctx) : notAllowed('GET');
  if (pathname === '/api/import/indicators') return method === 'POST' ? handleImport('indicators', req, ctx) : notAllowed('POST');
  const m = /^\/api\/cycles\/(\d{4})\/export\.xlsx$/.exec(pathname);
  if (m) return method === 'GET' ? handleCycleExport(req, ctx, Number(m[1])) : notAllowed('GET');
  return null;
}
