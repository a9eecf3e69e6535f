/**
 * The plain HTTP routes beside tRPC (files travel here), all behind the session cookie:
 *
 *   GET  /api/capabilities                         any role        { pdf, pdfUnavailable? }
 *   GET  /api/templates/*.xlsx                     secretariat     (@mqa/api)
 *   POST /api/import/{scores|applications}         secretariat     (@mqa/api; `?async=1`: a job, see imports.ts)
 *   GET  /api/cycles/:year/export.xlsx             secretariat, committee, leadership (@mqa/api)
 *   GET  /api/cycles/:year/report.pdf              secretariat, committee (`?async=1`: a job)
 *   GET  /api/jobs/:id                             the job's owner
 *   GET  /api/jobs/:id/result                      the job's owner
 *   GET  /api/jobs/:id/annotated.xlsx              the job's owner
 *
 * 401 without a session, 403 for a role without access (unknown /api paths count as
 * secretariat-only, so other roles learn nothing about them), 404 for another user's job.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveSession, ROLE_GROUPS, type Lang, type LocalizedText, type Services } from '@mqa/api';
import type { DB, Role } from '@mqa/db';
import { annotatedCopy, startImportJob } from './imports.ts';
import { JobFailure, type Job, type JobRegistry } from './jobs.ts';
import { pdfUnavailable, pdfUnavailableMessage, reportFileName, type ReportRenderer } from './report.ts';
import { forwardSpreadsheet, queryFlag } from './spreadsheet.ts';

export interface ApiContext {
  db: DB;
  services: Services;
  jobs: JobRegistry;
  reports: ReportRenderer;
}

const REPORT_RE = /^\/api\/cycles\/(\d{4})\/report\.pdf$/;
const JOB_RE = /^\/api\/jobs\/([A-Za-z0-9_-]{1,64})(?:\/(result|annotated\.xlsx))?$/;

function rolesFor(method: string, pathname: string): readonly Role[] {
  if (pathname === '/api/capabilities' || pathname.startsWith('/api/jobs/')) return ROLE_GROUPS.signedIn;
  if (REPORT_RE.test(pathname)) return ROLE_GROUPS.analysts;
  if (method === 'GET' && /^\/api\/cycles\/\d{4}\/export\.xlsx$/.test(pathname)) return ROLE_GROUPS.readers;
  return ROLE_GROUPS.secretariat;
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

/** Error answer of the routes: `{ code, message }`, repeated under `error` like the spreadsheet routes' errors. */
function sendError(res: ServerResponse, status: number, code: string, message: LocalizedText, extra: Record<string, unknown> = {}) {
  sendJson(res, status, { code, message, ...extra, error: { code, message } });
}

function sendFailure(res: ServerResponse, failure: JobFailure, extra: Record<string, unknown> = {}) {
  sendError(res, failure.status, failure.code, failure.text, extra);
}

function sendPdf(res: ServerResponse, pdf: Buffer, year: number) {
  res.writeHead(200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${reportFileName(year)}"`,
    'Content-Length': String(pdf.length),
    'Cache-Control': 'no-store',
  });
  res.end(pdf);
}

const NOT_ALLOWED: LocalizedText = { zh: '不支持该请求方法。', en: 'Method not allowed.' };
function notAllowed(res: ServerResponse): true {
  const error = { code: 'METHOD_NOT_ALLOWED', message: NOT_ALLOWED };
  sendJson(res, 405, { ...error, error }, { Allow: 'GET' });
  return true;
}
const JOB_NOT_FOUND: LocalizedText = {
  zh: '找不到该任务（可能已过期，或不是您发起的）。',
  en: 'No such job (it may have expired, or it was not started by you).',
};

function langOf(req: IncomingMessage, url: URL): Lang | null {
  const q = url.searchParams.get('lang');
  if (q === 'zh' || q === 'en') return q;
  if (q !== null && q !== '') return null;
  return /^\s*en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'zh';
}

async function serveReport(ctx: ApiContext, userId: number, year: number, req: IncomingMessage, res: ServerResponse, url: URL) {
  const lang = langOf(req, url);
  if (!lang) return sendError(res, 400, 'BAD_REQUEST', { zh: '参数 lang 只能是 zh 或 en。', en: 'The lang parameter must be zh or en.' });
  const cycle = await ctx.db.selectFrom('cycles').select('id').where('year', '=', year).executeTakeFirst();
  if (!cycle) return sendError(res, 404, 'CYCLE_NOT_FOUND', { zh: `系统中没有 ${year} 年度的评审周期。`, en: `There is no ${year} award cycle in the system.` });
  const reportPage = `/report/${year}?lang=${lang}`;
  if (!ctx.reports.available()) return sendFailure(res, pdfUnavailable(year), { reportPath: reportPage });

  if (queryFlag(url.searchParams.get('async'))) {
    let job: Job;
    try {
      job = ctx.jobs.start('report', userId, 'queued', async (control) => {
        const pdf = await ctx.reports.render(year, lang, userId, control.progress);
        return {
          result: { fileName: reportFileName(year), bytes: pdf.length, url: `/api/jobs/${control.id}/result` },
          attachment: { pdf, year },
        };
      });
    } catch (error) {
      if (error instanceof JobFailure) return sendFailure(res, error);
      throw error;
    }
    return sendJson(res, 202, { jobId: job.id }, { Location: `/api/jobs/${job.id}` });
  }
  try {
    sendPdf(res, await ctx.reports.render(year, lang, userId), year);
  } catch (error) {
    if (error instanceof JobFailure) return sendFailure(res, error, error.code === 'PDF_UNAVAILABLE' ? { reportPath: reportPage } : {});
    throw error;
  }
}

async function serveJob(ctx: ApiContext, userId: number, id: string, sub: string | undefined, res: ServerResponse) {
  const job = ctx.jobs.get(id, userId);
  if (!job) return sendError(res, 404, 'JOB_NOT_FOUND', JOB_NOT_FOUND);
  if (sub === undefined) return sendJson(res, 200, ctx.jobs.view(job));
  if (sub === 'annotated.xlsx') {
    try {
      const { body, headers } = await annotatedCopy(job);
      res.writeHead(200, headers);
      res.end(body);
    } catch (error) {
      if (error instanceof JobFailure) return sendFailure(res, error);
      throw error;
    }
    return;
  }
  // sub === 'result'
  if (!job.done) return sendError(res, 409, 'JOB_RUNNING', { zh: '任务尚未完成，请稍后再试。', en: 'The job has not finished yet; try again shortly.' });
  if (job.error) return sendError(res, job.error.status, job.error.code, job.error.message);
  if (job.kind === 'report') {
    const { pdf, year } = job.attachment as { pdf: Buffer; year: number };
    return sendPdf(res, pdf, year);
  }
  return sendJson(res, job.status ?? 200, job.result);
}

/** Answers an /api/* request; false when no route matched (the caller answers 404). */
export async function serveApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  const session = await resolveSession(ctx.db, ctx.services, req.headers.cookie);
  const method = (req.method ?? 'GET').toUpperCase();
  if (!session) {
    sendJson(res, 401, { error: { code: 'unauthorized', message: { zh: '请先登录。', en: 'Please sign in first.' } } });
    return true;
  }
  if (!rolesFor(method, pathname).includes(session.user.role)) {
    sendJson(res, 403, { error: { code: 'forbidden', message: { zh: '当前角色无权执行此操作。', en: 'Your role may not do this.' } } });
    return true;
  }
  const userId = session.user.id;
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (pathname === '/api/capabilities') {
    if (method !== 'GET') return notAllowed(res);
    const pdf = ctx.reports.available();
    sendJson(res, 200, pdf ? { pdf } : { pdf, pdfUnavailable: pdfUnavailableMessage() });
    return true;
  }
  const job = JOB_RE.exec(pathname);
  if (job) {
    if (method !== 'GET') return notAllowed(res);
    await serveJob(ctx, userId, job[1]!, job[2], res);
    return true;
  }
  const report = REPORT_RE.exec(pathname);
  if (report) {
    if (method !== 'GET') return notAllowed(res);
    await serveReport(ctx, userId, Number(report[1]), req, res, url);
    return true;
  }
  if (method === 'POST' && (pathname === '/api/import/scores' || pathname === '/api/import/applications') && queryFlag(url.searchParams.get('async'))) {
    await startImportJob(pathname === '/api/import/scores' ? 'scores' : 'applications', req, res, { db: ctx.db, services: ctx.services, jobs: ctx.jobs, userId });
    return true;
  }
  return forwardSpreadsheet(ctx.db, ctx.services, userId, req, res);
}
