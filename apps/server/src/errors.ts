/**
 * The one error shape of the routes beside tRPC (/api, /healthz, static files, unknown paths):
 * `{ code, message: { zh, en } }` at the top level, repeated under `error` (the shape the
 * spreadsheet routes of @mqa/api answer too), plus any extra fields (e.g. `reportPath`).
 * tRPC keeps its own error shape (`error.data.i18n`).
 */
import type { LocalizedText } from '@mqa/api';
import type { FastifyReply } from 'fastify';

export interface ErrorBody {
  code: string;
  message: LocalizedText;
  error: { code: string; message: LocalizedText };
  [extra: string]: unknown;
}

export function errorBody(code: string, message: LocalizedText, extra: Record<string, unknown> = {}): ErrorBody {
  return { code, message, ...extra, error: { code, message } };
}

/** Answers an error in the shared shape (JSON, never cached). */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: LocalizedText,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): FastifyReply {
  return reply
    .code(status)
    .headers({ ...headers, 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' })
    .send(JSON.stringify(errorBody(code, message, extra)));
}

export const TEXT = {
  unauthorized: { zh: '请先登录。', en: 'Please sign in first.' },
  forbidden: { zh: '当前角色无权执行此操作。', en: 'Your role may not do this.' },
  notFound: { zh: '找不到该接口。', en: 'Not found.' },
  fileNotFound: { zh: '找不到该文件。', en: 'Not found.' },
  methodNotAllowed: { zh: '不支持该请求方法。', en: 'Method not allowed.' },
  internal: { zh: '服务器内部错误。', en: 'Internal server error.' },
  tooLarge: { zh: '请求内容过大。', en: 'The request body is too large.' },
  badRequest: { zh: '请求无效。', en: 'Bad request.' },
  unsupportedType: { zh: '不支持该内容类型。', en: 'Unsupported content type.' },
} satisfies Record<string, LocalizedText>;
