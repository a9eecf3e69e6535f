/**
 * Asynchronous imports: `POST /api/import/{scores|applications}?async=1[&dryRun=1][&year=2025]`.
 * The multipart body is read and checked first (by @mqa/api's own code: the same 400/413/415
 * answers as the synchronous route); then the import runs as a job and the answer is 202
 * `{ jobId }`. The job runs the synchronous route's handler, so its result is exactly the body
 * that route would have sent, and its `status` the HTTP status it would have had.
 * `GET /api/jobs/:id/annotated.xlsx` gives the annotated copy of a file with problems.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { annotateWorkbook, readImportUpload, runImport, SpreadsheetFileError, XLSX_MIME, type ImportProblem, type ImportResultBase, type Services } from '@mqa/api';
import type { DB } from '@mqa/db';
import { JobFailure, type Job, type JobRegistry } from './jobs.ts';
import { sendWebResponse, toWebRequest } from './spreadsheet.ts';

export type ImportKind = 'scores' | 'applications';

/** What an import job keeps for its annotated copy. */
interface ImportAttachment {
  buffer: Buffer;
  problems: ImportProblem[];
  fileName: string;
}

const NO_STORE = { 'cache-control': 'no-store' };

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

export interface AsyncImportContext {
  db: DB;
  services: Services;
  jobs: JobRegistry;
  userId: number;
}

/**
 * Reads the upload (with @mqa/api's `readImportUpload`: its errors answer at once), then starts
 * the import as a job and answers 202 `{ jobId }`. The job runs @mqa/api's `runImport`, the
 * very handler of the synchronous route, with its progress going to the job.
 */
export async function startImportJob(kind: ImportKind, req: IncomingMessage, res: ServerResponse, ctx: AsyncImportContext): Promise<void> {
  const upload = await readImportUpload(toWebRequest(req));
  if (upload instanceof Response) return sendWebResponse(res, upload, false, NO_STORE);

  let job: Job;
  try {
    job = ctx.jobs.start(kind, ctx.userId, 'parse', async (control) => {
      // Always the JSON answer: the annotated copy is fetched from the job afterwards.
      const response = await runImport(kind, { ...upload, annotated: false }, {
        db: ctx.db,
        userId: ctx.userId,
        onProgress: (fraction, phase) => control.progress(fraction, phase),
      });
      const status = response.status;
      const body = (await response.json()) as ImportResultBase;
      if (status === 200 && !upload.dryRun) ctx.services.cache.bump();
      const annotatable = body.problems.length > 0 && body.fileError?.code !== 'too_large';
      return {
        result: body,
        status,
        ...(annotatable ? { attachment: { buffer: upload.buffer, problems: body.problems, fileName: upload.fileName } satisfies ImportAttachment } : {}),
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
