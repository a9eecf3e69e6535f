/**
 * The materials of an application as files (Art. 15, 29), mounted in the /api plugin (api.ts),
 * so the session check (and every other check of that plugin's `onRequest`) runs first:
 *
 *   POST /api/applications/:id/materials               secretariat   multipart `file`, `kind`, `confidential`, `title`?
 *   POST /api/applications/:id/materials/:materialId   secretariat   the same: replaces that material's file
 *   GET  /api/applications/:id/materials/:materialId   secretariat, committee, leadership, assigned examiners
 *
 * The file's type is recognised by its bytes (@mqa/api `detectFileType`), never its name; the
 * size limit (20 MiB) is enforced while the file streams in (413, and the connection is closed).
 * Confidential materials go only to the secretariat and the assigned, non-recused examiners
 * (403 for everyone else); an examiner not assigned to the application gets 403 for any of its
 * materials. Downloads are attachments with `X-Content-Type-Options: nosniff`. Uploads, replacements
 * and downloads are audited by @mqa/api.
 */
import {
  MAX_MATERIAL_BYTES,
  MaterialRefusal,
  readMaterial,
  resolveSession,
  ROLE_GROUPS,
  storeMaterial,
  TOO_LARGE_MATERIAL_TEXT,
  type Services,
} from '@mqa/api';
import type { DB, Role } from '@mqa/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError, TEXT } from './errors.ts';

export interface MaterialsContext {
  db: DB;
  services: Services;
}

const LIST_RE = /^\/api\/applications\/\d+\/materials$/;
const ONE_RE = /^\/api\/applications\/\d+\/materials\/\d+$/;

/** The roles the /api session check lets through for a materials path (null: not a materials path). */
export function materialRoles(method: string, pathname: string): readonly Role[] | null {
  if (!LIST_RE.test(pathname) && !ONE_RE.test(pathname)) return null;
  // Reading is checked per material (confidentiality, assignment) by the route itself.
  if ((method === 'GET' || method === 'HEAD') && ONE_RE.test(pathname)) return ROLE_GROUPS.signedIn;
  return ROLE_GROUPS.secretariat;
}

function parseId(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,12}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

function parseFlag(value: string | undefined): boolean | null {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', '是'].includes(v)) return true;
  if (['', '0', 'false', 'no', 'off', '否'].includes(v)) return false;
  return null;
}

/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'material';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function refusal(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof MaterialRefusal) {
    return sendError(reply, error.status, error.code, error.text, error.details, error.status === 413 ? { connection: 'close' } : {});
  }
  throw error;
}

type Upload =
  | { ok: true; content: Buffer; fileName: string; fields: Record<string, string> }
  | { ok: false; status: number; code: string; text: { zh: string; en: string } };

const BAD_UPLOAD = { zh: '请以 multipart/form-data 上传，文件字段名为 file。', en: 'Upload as multipart/form-data with the file in the field "file".' };

/** Reads the multipart body: the `file` (stopping past the size limit) and the text fields. */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) return { ok: false, status: 415, code: 'NOT_MULTIPART', text: BAD_UPLOAD };
  let file: { content: Buffer; fileName: string } | null = null;
  const fields: Record<string, string> = {};
  try {
    const parts = request.parts({ limits: { fileSize: MAX_MATERIAL_BYTES, files: 2, fields: 16, fieldSize: 4096, parts: 24 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname === 'file' && !file) file = { content: await part.toBuffer(), fileName: part.filename };
        else part.file.resume();
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
  } catch (error) {
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) {
      return { ok: false, status: 413, code: 'TOO_LARGE', text: TOO_LARGE_MATERIAL_TEXT };
    }
    return { ok: false, status: 400, code: 'BAD_MULTIPART', text: BAD_UPLOAD };
  }
  if (!file) return { ok: false, status: 400, code: 'NO_FILE', text: { zh: '没有收到文件（字段名 file）。', en: 'No file was received (field "file").' } };
  return { ok: true, ...file, fields };
}

/** Adds the material routes to the /api plugin (call it inside that plugin, before its catch-all route). */
export function registerMaterialRoutes(app: FastifyInstance, ctx: MaterialsContext): void {
  // The plugin's onRequest has checked the session and the role; the user is read again for the per-material checks.
  const userOf = async (request: FastifyRequest) => {
    const user = (await resolveSession(ctx.db, ctx.services, request.headers.cookie))?.user ?? null;
    // After a password reset nothing but changing the password is allowed.
    return user && !user.mustChangePassword ? user : null;
  };

  const upload = async (request: FastifyRequest, reply: FastifyReply, replaces?: number) => {
    const user = await userOf(request);
    if (!user) return sendError(reply, 401, 'unauthorized', TEXT.unauthorized);
    if (user.role !== 'secretariat') return sendError(reply, 403, 'forbidden', TEXT.forbidden);
    const { id } = request.params as { id: string };
    const applicationId = parseId(id);
    if (applicationId === null) return sendError(reply, 404, 'NOT_FOUND', TEXT.notFound);
    const body = await readUpload(request);
    if (!body.ok) return sendError(reply, body.status, body.code, body.text, {}, body.status === 413 ? { connection: 'close' } : {});
    const confidential = parseFlag(body.fields.confidential);
    if (confidential === null) {
      return sendError(reply, 400, 'BAD_CONFIDENTIAL', {
        zh: '字段 confidential 只能是 true 或 false。',
        en: 'The field "confidential" must be true or false.',
      });
    }
    try {
      const stored = await storeMaterial(
        ctx.db,
        user,
        {
          applicationId,
          kind: (body.fields.kind ?? '').trim(),
          confidential,
          title: body.fields.title,
          fileName: body.fileName,
          content: body.content,
          replaces,
        },
        ctx.services.now(),
      );
      if (stored.year !== null) await ctx.services.versions.dataChanged(ctx.db, ctx.services, stored.year);
      return reply
        .code(replaces === undefined ? 201 : 200)
        .header('cache-control', 'no-store')
        .send(stored.material);
    } catch (error) {
      return refusal(reply, error);
    }
  };

  const download = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await userOf(request);
    if (!user) return sendError(reply, 401, 'unauthorized', TEXT.unauthorized);
    const { id, materialId } = request.params as { id: string; materialId: string };
    const applicationId = parseId(id);
    const mid = parseId(materialId);
    if (applicationId === null || mid === null) return sendError(reply, 404, 'NOT_FOUND', TEXT.notFound);
    try {
      const { info, content } = await readMaterial(ctx.db, user, applicationId, mid, ctx.services.now());
      return reply
        .code(200)
        .headers({
          'content-type': info.mimeType ?? 'application/octet-stream',
          'content-disposition': attachmentDisposition(info.fileName ?? `material-${info.id}`),
          'content-length': String(content.length),
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, no-store',
        })
        .send(content);
    } catch (error) {
      return refusal(reply, error);
    }
  };

  const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
  const notAllowed = (allow: string) => (_request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, 405, 'METHOD_NOT_ALLOWED', TEXT.methodNotAllowed, {}, { allow });

  app.route({
    method: [...METHODS],
    url: '/applications/:id/materials',
    handler: async (request, reply) => (request.method === 'POST' ? upload(request, reply) : notAllowed('POST')(request, reply)),
  });
  app.route({
    method: [...METHODS],
    url: '/applications/:id/materials/:materialId',
    handler: async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD') return download(request, reply);
      if (request.method === 'POST') {
        const mid = parseId((request.params as { materialId: string }).materialId);
        if (mid === null) return sendError(reply, 404, 'NOT_FOUND', TEXT.notFound);
        return upload(request, reply, mid);
      }
      return notAllowed('GET, POST')(request, reply);
    },
  });
}
