/**
 * Asynchronous imports: `POST /api/import/{scores|applications|indicators}?async=1[&dryRun=1][&year=2025]`.
 * The multipart body is read and checked first (by @mqa/api's own code: the same 400/413/415
 * answers as the synchronous route); then the import runs as a job and the answer is 202
 * `{ jobId }`. The job runs the synchronous route's handler, so its result is exactly the body
 * that route would have sent, and its `status` the HTTP status it would have had.
 * `GET /api/jobs/:id/annotated.xlsx` gives the annotated copy of a file with problems. The
 * synchronous route (`importNow`) lives here too, so both answer from the same code.
 */
import {
  annotateWorkbook,
  readImportUpload,
  runImport,
  SpreadsheetFileError,
  XLSX_MIME,
  type ImportProblem,
  type ImportResultBase,
  type Services,
} from '@mqa/api';
import type { DB } from '@mqa/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.ts';
import { JobFailure, type Job, type JobRegistry, type JobSlot } from './jobs.ts';
import { importRequest, invalidateAfterImport, sendWebResponse, uploadAnswerHeaders } from './spreadsheet.ts';

export type ImportKind = 'scores' | 'applications' | 'indicators';

/** What an import job keeps for its annotated copy. */
interface ImportAttachment {
  buffer: Buffer;
  problems: ImportProblem[];
  fileName: string;
}

export interface ImportContext {
  db: DB;
  services: Services;
  jobs: JobRegistry;
  userId: number;
}

/**
 * `POST /api/import/{scores|applications}` without `async`: reads the upload, imports it with
 * @mqa/api's `runImport` and answers its response (JSON, or the annotated copy with
 * `annotated=1`). A committed import drops the cached results of the cycles it changed.
 */
export async function importNow(kind: ImportKind, request: FastifyRequest, reply: FastifyReply, ctx: ImportContext): Promise<void> {
  const upload = await readImportUpload(importRequest(request));
  if (upload instanceof Response) {
    await sendWebResponse(reply, upload, uploadAnswerHeaders(upload.status));
    return;
  }
  const response = await runImport(kind, upload, { db: ctx.db, userId: ctx.userId });
  if (response.status === 200 && !upload.dryRun && (response.headers.get('content-type') ?? '').includes('json')) {
    const body: unknown = await response.clone().json();
    await invalidateAfterImport(ctx.db, ctx.services, kind, response.status, body);
  }
  await sendWebResponse(reply, response);
}

/**
 * Reads the upload (with @mqa/api's `readImportUpload`: its errors answer at once), then starts
 * the import as a job and answers 202 `{ jobId }`. The job runs @mqa/api's `runImport`, the
 * very handler of the synchronous route, with its progress going to the job.
 */
export async function startImportJob(kind: ImportKind, request: FastifyRequest, reply: FastifyReply, ctx: ImportContext): Promise<void> {
  // The user's job slot is reserved before the upload is read, in one synchronous step: six
  // simultaneous uploads cannot all pass the limit while their bodies stream in; the refused
  // ones are answered at once, without reading their bodies.
  let slot: JobSlot;
  try {
    slot = ctx.jobs.reserve(kind, ctx.userId);
  } catch (error) {
    if (error instanceof JobFailure) {
      reply.header('connection', 'close');
      sendError(reply, error.status, error.code, error.text);
      return;
    }
    throw error;
  }
  let upload: Awaited<ReturnType<typeof readImportUpload>>;
  try {
    upload = await readImportUpload(importRequest(request));
  } catch (error) {
    slot.release();
    throw error;
  }
  if (upload instanceof Response) {
    slot.release();
    await sendWebResponse(reply, upload, uploadAnswerHeaders(upload.status));
    return;
  }

  let job: Job;
  try {
    job = slot.start('parse', async (control) => {
      // Always the JSON answer: the annotated copy is fetched from the job afterwards.
      const response = await runImport(
        kind,
        { ...upload, annotated: false },
        {
          db: ctx.db,
          userId: ctx.userId,
          onProgress: (fraction, phase) => control.progress(fraction, phase),
        },
      );
      const status = response.status;
      const body = (await response.json()) as ImportResultBase;
      await invalidateAfterImport(ctx.db, ctx.services, kind, status, body);
      const annotatable = body.problems.length > 0 && body.fileError?.code !== 'too_large' && body.fileError?.code !== 'too_complex';
      return {
        result: body,
        status,
        ...(annotatable ? { attachment: { buffer: upload.buffer, problems: body.problems, fileName: upload.fileName } satisfies ImportAttachment } : {}),
      };
    });
  } catch (error) {
    if (error instanceof JobFailure) {
      sendError(reply, error.status, error.code, error.text);
      return;
    }
    throw error;
  }
  // Every process on the database finds the job once it is announced.
  await ctx.jobs.stored(job.id);
  reply
    .code(202)
    .headers({ location: `/api/jobs/${job.id}`, 'cache-control': 'no-store' })
    .send({ jobId: job.id });
}

/**
 * The annotated .xlsx copy of a finished import job's file, with its problems marked; a
 * {@link JobFailure} when there is none.
 */
export async function annotatedCopy(job: Job): Promise<{ body: Buffer; headers: Record<string, string> }> {
  if (job.kind !== 'scores' && job.kind !== 'applications' && job.kind !== 'indicators') {
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
