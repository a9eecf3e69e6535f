/**
 * The plain HTTP routes beside tRPC (files travel here), all behind the session cookie, as a
 * Fastify plugin mounted at /api:
 *
 *   GET  /api/capabilities                         any role        { pdf, pdfUnavailable? }
 *   GET  /api/templates/*.xlsx                     secretariat     (@mqa/api)
 *   POST /api/import/{scores|applications|indicators} secretariat     (@mqa/api; `?async=1`: a job, see imports.ts)
 *   GET  /api/cycles/:year/export.xlsx             secretariat, committee, leadership (@mqa/api)
 *   GET  /api/cycles/:year/report.pdf              secretariat, committee (`?async=1`: a job)
 *   GET  /api/jobs/:id                             the job's owner
 *   GET  /api/jobs/:id/result                      the job's owner
 *   GET  /api/jobs/:id/annotated.xlsx              the job's owner
 *
 * 401 without a session, 403 for a role without access (unknown /api paths count as
 * secretariat-only, so other roles learn nothing about them), 404 for another user's job, 405
 * for another method. The session and role are checked in `onRequest`, before any body is read.
 * Every answer carries `Cache-Control: no-store`; every error has the shape of `errors.ts`.
 */
import multipart from '@fastify/multipart';
import { resolveSession, ROLE_GROUPS, type Lang, type Services } from '@mqa/api';
import type { DB, Role } from '@mqa/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError, TEXT } from './errors.ts';
import { annotatedCopy, importNow, startImportJob, type ImportKind } from './imports.ts';
import { JobFailure, type Job, type JobRegistry } from './jobs.ts';
import { materialRoles, registerMaterialRoutes } from './materials.ts';
import { publicationRoles, registerPublicationRoutes } from './publications.ts';
import { pdfUnavailable, pdfUnavailableMessage, reportFileName, type ReportRenderer } from './report.ts';
import { queryFlag, serveDownload } from './spreadsheet.ts';

export interface ApiContext {
  db: DB;
  services: Services;
  jobs: JobRegistry;
  reports: ReportRenderer;
}

const REPORT_RE = /^\/api\/cycles\/(\d{4})\/report\.pdf$/;
const EXPORT_RE = /^\/api\/cycles\/\d{4}\/export\.xlsx$/;
const JOB_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The roles the /api session check lets through for a method and path (also read by the role matrix of docs/security.md). */
export function rolesFor(method: string, pathname: string): readonly Role[] {
  const materials = materialRoles(method, pathname);
  if (materials) return materials;
  const publications = publicationRoles(method, pathname);
  if (publications) return publications;
  if (pathname === '/api/capabilities' || pathname.startsWith('/api/jobs/')) return ROLE_GROUPS.signedIn;
  if (REPORT_RE.test(pathname)) return ROLE_GROUPS.analysts;
  if ((method === 'GET' || method === 'HEAD') && EXPORT_RE.test(pathname)) return ROLE_GROUPS.readers;
  return ROLE_GROUPS.secretariat;
}

const JOB_NOT_FOUND = {
  zh: '找不到该任务（可能已过期，或不是您发起的）。',
  en: 'No such job (it may have expired, or it was not started by you).',
};

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function query(request: FastifyRequest): Record<string, string | undefined> {
  return request.query as Record<string, string | undefined>;
}

function sendFailure(reply: FastifyReply, failure: JobFailure, extra: Record<string, unknown> = {}) {
  return sendError(reply, failure.status, failure.code, failure.text, extra);
}

function sendPdf(reply: FastifyReply, pdf: Buffer, year: number) {
  return reply
    .code(200)
    .headers({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${reportFileName(year)}"`,
      'cache-control': 'no-store',
    })
    .send(pdf);
}

function langOf(request: FastifyRequest): Lang | null {
  const q = query(request).lang;
  if (q === 'zh' || q === 'en') return q;
  if (q !== undefined && q !== '') return null;
  return /^\s*en\b/i.test(String(request.headers['accept-language'] ?? '')) ? 'en' : 'zh';
}

/** The signed-in user of an /api request (set by the onRequest check). */
const userOf = new WeakMap<FastifyRequest, { id: number; role: Role }>();
function sessionOf(request: FastifyRequest): { id: number; role: Role } {
  const user = userOf.get(request);
  if (user === undefined) throw new Error('The /api session check did not run.');
  return user;
}
function userIdOf(request: FastifyRequest): number {
  return sessionOf(request).id;
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Mounts the /api routes on `app` (register it with `prefix: '/api'`). */
export async function apiPlugin(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  // Bodies are read only by the routes that want them (the multipart uploads); any other
  // content type is left unread rather than refused before the route can answer.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  await app.register(multipart);

  app.addHook('onRequest', async (request, reply) => {
    const session = await resolveSession(ctx.db, ctx.services, request.headers.cookie);
    if (!session) return sendError(reply, 401, 'unauthorized', TEXT.unauthorized);
    if (!rolesFor(request.method, pathOf(request)).includes(session.user.role)) return sendError(reply, 403, 'forbidden', TEXT.forbidden);
    userOf.set(request, { id: session.user.id, role: session.user.role });
  });

  /** A route answering `methods`; any other method gets 405 (after the session check). */
  const route = (url: string, handlers: Partial<Record<'GET' | 'POST', Handler>>) => {
    const allow = Object.keys(handlers).join(', ');
    app.route({
      method: [...METHODS],
      url,
      handler: async (request, reply) => {
        const method = request.method === 'HEAD' ? 'GET' : request.method;
        const handler = handlers[method as 'GET' | 'POST'];
        if (!handler) return sendError(reply, 405, 'METHOD_NOT_ALLOWED', TEXT.methodNotAllowed, {}, { allow });
        return handler(request, reply);
      },
    });
  };

  route('/capabilities', {
    GET: async (_request, reply) => {
      const pdf = ctx.reports.available();
      return reply.header('cache-control', 'no-store').send(pdf ? { pdf } : { pdf, pdfUnavailable: pdfUnavailableMessage() });
    },
  });

  const job = (sub: 'view' | 'result' | 'annotated'): Handler => {
    return async (request, reply) => {
      const { id } = request.params as { id: string };
      const found = JOB_ID_RE.test(id) ? await ctx.jobs.find(id, userIdOf(request)) : undefined;
      if (!found) return sendError(reply, 404, 'JOB_NOT_FOUND', JOB_NOT_FOUND);
      return serveJob(ctx, found, sub, reply);
    };
  };
  route('/jobs/:id', { GET: job('view') });
  route('/jobs/:id/result', { GET: job('result') });
  route('/jobs/:id/annotated.xlsx', { GET: job('annotated') });

  route('/cycles/:year/report.pdf', {
    GET: async (request, reply) => {
      const { year } = request.params as { year: string };
      if (!/^\d{4}$/.test(year)) return sendError(reply, 404, 'NOT_FOUND', TEXT.notFound);
      return serveReport(ctx, userIdOf(request), Number(year), request, reply);
    },
  });

  const download: Handler = async (request, reply) => {
    const { id, role } = sessionOf(request);
    if (!(await serveDownload(ctx.db, id, role, request, reply, ctx.services.compute))) return sendError(reply, 404, 'NOT_FOUND', TEXT.notFound);
    return reply;
  };
  route('/cycles/:year/export.xlsx', { GET: download });
  route('/templates/applications.xlsx', { GET: download });
  route('/templates/scores.xlsx', { GET: download });
  route('/templates/indicators.xlsx', { GET: download });

  const upload = (kind: ImportKind): Handler => {
    return async (request, reply) => {
      const importCtx = { db: ctx.db, services: ctx.services, jobs: ctx.jobs, userId: userIdOf(request) };
      if (queryFlag(query(request).async)) await startImportJob(kind, request, reply, importCtx);
      else await importNow(kind, request, reply, importCtx);
      return reply;
    };
  };
  route('/import/scores', { POST: upload('scores') });
  route('/import/applications', { POST: upload('applications') });
  route('/import/indicators', { POST: upload('indicators') });

  registerMaterialRoutes(app, ctx);
  registerPublicationRoutes(app, ctx);

  // Anything else under /api (the session and role checks ran first).
  app.route({ method: [...METHODS], url: '/*', handler: async (_request, reply) => sendError(reply, 404, 'NOT_FOUND', TEXT.notFound) });
}

async function serveReport(ctx: ApiContext, userId: number, year: number, request: FastifyRequest, reply: FastifyReply) {
  const lang = langOf(request);
  if (!lang) return sendError(reply, 400, 'BAD_REQUEST', { zh: '参数 lang 只能是 zh 或 en。', en: 'The lang parameter must be zh or en.' });
  const cycle = await ctx.db.selectFrom('cycles').select('id').where('year', '=', year).executeTakeFirst();
  if (!cycle)
    return sendError(reply, 404, 'CYCLE_NOT_FOUND', { zh: `系统中没有 ${year} 年度的评审周期。`, en: `There is no ${year} award cycle in the system.` });
  const reportPage = `/report/${year}?lang=${lang}`;
  if (!ctx.reports.available()) return sendFailure(reply, pdfUnavailable(year), { reportPath: reportPage });

  if (queryFlag(query(request).async)) {
    let job: Job;
    try {
      job = ctx.jobs.start('report', userId, 'queued', async (control) => {
        const pdf = await ctx.reports.render(year, lang, userId, (fraction, phase) => control.progress(fraction, phase));
        return {
          result: { fileName: reportFileName(year), bytes: pdf.length, url: `/api/jobs/${control.id}/result` },
          attachment: { pdf, year },
        };
      });
    } catch (error) {
      if (error instanceof JobFailure) return sendFailure(reply, error);
      throw error;
    }
    // Every process on the database finds the job once it is announced.
    await ctx.jobs.stored(job.id);
    return reply
      .code(202)
      .headers({ location: `/api/jobs/${job.id}`, 'cache-control': 'no-store' })
      .send({ jobId: job.id });
  }
  try {
    return sendPdf(reply, await ctx.reports.render(year, lang, userId), year);
  } catch (error) {
    if (error instanceof JobFailure) return sendFailure(reply, error, error.code === 'PDF_UNAVAILABLE' ? { reportPath: reportPage } : {});
    throw error;
  }
}

async function serveJob(ctx: ApiContext, job: Job, sub: 'view' | 'result' | 'annotated', reply: FastifyReply) {
  if (sub === 'view') return reply.header('cache-control', 'no-store').send(ctx.jobs.view(job));
  if (sub === 'annotated') {
    try {
      const { body, headers } = await annotatedCopy(job);
      return reply.code(200).headers(headers).send(body);
    } catch (error) {
      if (error instanceof JobFailure) return sendFailure(reply, error);
      throw error;
    }
  }
  if (!job.done) return sendError(reply, 409, 'JOB_RUNNING', { zh: '任务尚未完成，请稍后再试。', en: 'The job has not finished yet; try again shortly.' });
  if (job.error) return sendError(reply, job.error.status, job.error.code, job.error.message);
  if (job.kind === 'report') {
    const { pdf, year } = job.attachment as { pdf: Buffer; year: number };
    return sendPdf(reply, pdf, year);
  }
  return reply
    .code(job.status ?? 200)
    .header('cache-control', 'no-store')
    .send(job.result);
}
