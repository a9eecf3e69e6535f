/**
 * Asynchronous imports: `POST /api/import/{scores|applications}?async=1[&dryRun=1][&year=2025]`.
 * The multipart body is read and checked first (the same 400/413/415 answers as the
 * synchronous route); then the import runs as a job and the answer is 202 `{ jobId }`. The job's
 * result is exactly the body the synchronous route would have sent, and its `status` the HTTP
 * status it would have had. `GET /api/jobs/:id/annotated.xlsx` gives the annotated copy of a
 * file with problems.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '@mqa/api';
import type { DB } from '@mqa/db';
import { annotateWorkbook, importApplications, importScores, MAX_IMPORT_BYTES, SpreadsheetFileError, XLSX_MIME, type ImportProblem, type ImportResultBase, type LocalizedText } from './internal.ts';
import { JobFailure, type Job, type JobRegistry } from './jobs.ts';
import { queryFlag, toWebRequest } from './spreadsheet.ts';

export type ImportKind = 'scores' | 'applications';

/** Room for the multipart envelope around the file (as in @mqa/api's handler). */
const MULTIPART_OVERHEAD = 64 * 1024;

const BAD_YEAR: LocalizedText = { zh: '参数 year 必须是四位年份。', en: 'The year parameter must be a four-digit year.' };

/** What an import job keeps for its annotated copy. */
interface ImportAttachment {
  buffer: Buffer;
  problems: ImportProblem[];
  fileName: string;
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

/** The synchronous route's error shape. */
function importError(res: ServerResponse, status: number, code: string, message: LocalizedText) {
  sendJson(res, status, { error: { code, message }, problems: [] });
}

/**
 * The body and status the synchronous route answers for an importer result (mirrors
 * `handleImport` in @mqa/api: a file error is appended to the problems as `file_error`).
 */
export function importResponse(result: ImportResultBase): { status: number; body: ImportResultBase; problems: ImportProblem[] } {
  const problems: ImportProblem[] = result.fileError
    ? [
        ...result.problems,
        { sheet: result.sheet ?? '', row: null, column: null, header: null, code: 'file_error' as const, message: result.fileError.message },
      ]
    : result.problems;
  const status = result.fileError ? (result.fileError.code === 'too_large' ? 413 : 400) : result.problems.length > 0 ? 422 : 200;
  return { status, body: { ...result, problems }, problems };
}

export interface AsyncImportContext {
  db: DB;
  services: Services;
  jobs: JobRegistry;
  userId: number;
}

/** Reads the upload, then starts the import as a job and answers 202 `{ jobId }`. */
export async function startImportJob(kind: ImportKind, req: IncomingMessage, res: ServerResponse, ctx: AsyncImportContext): Promise<void> {
  const request = toWebRequest(req);
  const url = new URL(request.url);
  const yearText = url.searchParams.get('year');
  let year: number | undefined;
  if (yearText !== null && yearText !== '') {
    if (!/^\d{4}$/.test(yearText)) return importError(res, 400, 'bad_request', BAD_YEAR);
    year = Number(yearText);
  }
  const tooLarge: LocalizedText = {
    zh: `文件过大，上限为 ${MAX_IMPORT_BYTES / 1024 / 1024} MB。`,
    en: `The file is too large; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
  };
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD) {
    return importError(res, 413, 'too_large', tooLarge);
  }
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    return importError(res, 415, 'not_multipart', {
      zh: '请以 multipart/form-data 上传，文件字段名为 file。',
      en: 'Upload as multipart/form-data with the file in the field named “file”.',
    });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return importError(res, 400, 'bad_multipart', { zh: '上传内容无法解析。', en: 'The upload cannot be parsed.' });
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') {
    return importError(res, 400, 'no_file', { zh: '没有收到文件（字段名应为 file）。', en: 'No file received (the field must be named “file”).' });
  }
  if (file.size > MAX_IMPORT_BYTES) return importError(res, 413, 'too_large', tooLarge);
  const buffer = Buffer.from(await file.arrayBuffer());
  const dryRun = queryFlag(url.searchParams.get('dryRun'));
  const fileName = (file as File).name || 'upload';

  let job: Job;
  try {
    job = ctx.jobs.start(kind, ctx.userId, 'parse', async (control) => {
      const opts = {
        fileName,
        userId: ctx.userId,
        dryRun,
        ...(year !== undefined ? { cycleYear: year } : {}),
        onProgress: (fraction: number, phase: string) => control.progress(fraction, phase),
      };
      const result = kind === 'scores' ? await importScores(ctx.db, buffer, opts) : await importApplications(ctx.db, buffer, opts);
      const { status, body, problems } = importResponse(result);
      if (status === 200 && !dryRun) ctx.services.cache.bump();
      const annotatable = problems.length > 0 && result.fileError?.code !== 'too_large';
      return {
        result: body,
        status,
        ...(annotatable ? { attachment: { buffer, problems, fileName } satisfies ImportAttachment } : {}),
      };
    });
  } catch (error) {
    if (error instanceof JobFailure) return sendJson(res, error.status, { code: error.code, message: error.text, error: { code: error.code, message: error.text } });
    throw error;
  }
  sendJson(res, 202, { jobId: job.id }, { Location: `/api/jobs/${job.id}` });
}

/**
 * The annotated .xlsx copy of a finished import job's file, with its problems marked; a
 * {@link JobFailure} when there is none.
 */
export async function annotatedCopy(job: Job): Promise<{ body: Buffer; headers: Record<string, string> }> {
  if (job.kind !== 'scores' && job.kind !== 'applications') {
    throw new JobFailure(404, 'NO_ANNOTATED_COPY', { zh: '该任务不是导入任务，没有标注副本。', en: 'This job is not an import; it has no annotated copy.' });
  }
  if (!job.done) throw new JobFailure(409, 'JOB_RUNNING', { zh: '导入尚未完成，请稍后再试。', en: 'The import has not finished yet; try again shortly.' });
  const att = job.attachment as ImportAttachment | undefined;
  if (!att) {
    throw new JobFailure(404, 'NO_ANNOTATED_COPY', {
      zh: '该文件没有需要标注的问题。',
      en: 'The file has no problems to annotate.',
    });
  }
  let annotated: Buffer;
  try {
    annotated = await annotateWorkbook(att.buffer, att.problems);
  } catch (error) {
    if (!(error instanceof SpreadsheetFileError)) throw error;
    throw new JobFailure(422, 'NO_ANNOTATED_COPY', {
      zh: '该文件无法打开，不能生成标注副本；请查看问题列表。',
      en: 'The file cannot be opened, so no annotated copy can be made; see the list of problems.',
    });
  }
  const name = `${att.fileName.replace(/\.(xlsx|csv)$/i, '')}-问题标注 annotated.xlsx`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return {
    body: annotated,
    headers: {
      'Content-Type': XLSX_MIME,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Content-Length': String(annotated.length),
      'X-Import-Problems': String(att.problems.length),
      'Cache-Control': 'no-store',
    },
  };
}
