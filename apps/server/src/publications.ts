/**
 * The stored publications as files (Art. 18, 21, 27–28), mounted in the /api plugin (api.ts),
 * so the session check runs first:
 *
 *   GET /api/publications/:id/file   secretariat, committee, leadership
 *
 * The bytes are exactly those published (the .docx produced by @mqa/api), with their SHA-256 in
 * the `X-Content-SHA256` header; notices are public texts, so every reader may download them.
 */
import { ROLE_GROUPS } from '@mqa/api';
import { getPublicationFile, type DB, type Role } from '@mqa/db';
import type { FastifyInstance } from 'fastify';
import { sendError, TEXT } from './errors.ts';
import { attachmentDisposition } from './materials.ts';

const FILE_RE = /^\/api\/publications\/(\d{1,12})\/file$/;

/** The roles the /api session check lets through for a publication path (null: not one). */
export function publicationRoles(method: string, pathname: string): readonly Role[] | null {
  if (!FILE_RE.test(pathname)) return null;
  return method === 'GET' || method === 'HEAD' ? ROLE_GROUPS.readers : ROLE_GROUPS.secretariat;
}

export function registerPublicationRoutes(app: FastifyInstance, ctx: { db: DB }): void {
  app.get('/publications/:id/file', async (request, reply) => {
    const { id } = request.params as { id: string };
    const n = /^\d{1,12}$/.test(id) ? Number(id) : 0;
    const file = n > 0 ? await getPublicationFile(ctx.db, n) : undefined;
    if (!file) return sendError(reply, 404, 'NOT_FOUND', TEXT.notFound);
    return reply
      .code(200)
      .headers({
        'content-type': file.mime,
        'content-disposition': attachmentDisposition(file.fileName),
        'x-content-sha256': file.sha256,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      })
      .send(file.file);
  });
}
