import type { AppLocale, LocalizedText } from '../i18n/index.ts';
import { messages } from '../i18n/index.ts';

/**
 * Turns anything thrown by a tRPC call into a message for the UI language. The server attaches
 * a bilingual `{ zh, en }` text to its errors (as `data.i18n`); when it is missing, the tRPC
 * error code (or a network failure) maps to a generic localized message.
 */
export interface ErrorLike {
  message?: unknown;
  data?: unknown;
  shape?: unknown;
  cause?: unknown;
  name?: unknown;
}

function isText(v: unknown): v is LocalizedText {
  return !!v && typeof v === 'object' && typeof (v as LocalizedText).zh === 'string' && typeof (v as LocalizedText).en === 'string';
}

/** The server's bilingual text of an error, when it sent one. */
export function serverText(error: unknown): LocalizedText | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as ErrorLike;
  const candidates: unknown[] = [];
  const data = (e.data ?? (e.shape as { data?: unknown } | undefined)?.data) as Record<string, unknown> | undefined;
  if (data && typeof data === 'object') candidates.push(data.i18n, data.text, data.messages, data);
  if (isText(error)) candidates.push(error);
  for (const c of candidates) if (isText(c)) return { zh: c.zh, en: c.en };
  return undefined;
}

/** The tRPC error code (`UNAUTHORIZED`, `NOT_FOUND`…) or `NETWORK` when no response came back. */
export function errorCode(error: unknown): string {
  if (!error || typeof error !== 'object') return 'UNKNOWN';
  const e = error as ErrorLike;
  const data = (e.data ?? (e.shape as { data?: unknown } | undefined)?.data) as { code?: unknown; httpStatus?: unknown } | undefined;
  if (data && typeof data.code === 'string') return data.code;
  const msg = typeof e.message === 'string' ? e.message : '';
  if (e.cause instanceof TypeError || /fetch|network|Failed to fetch|ECONNREFUSED/i.test(msg)) return 'NETWORK';
  return 'UNKNOWN';
}

const CODE_KEY: Record<string, keyof (typeof messages)['en']['error']> = {
  NETWORK: 'network',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'notFound',
  BAD_REQUEST: 'badRequest',
  PARSE_ERROR: 'badRequest',
  UNPROCESSABLE_CONTENT: 'badRequest',
  CONFLICT: 'conflict',
  PRECONDITION_FAILED: 'conflict',
  INTERNAL_SERVER_ERROR: 'server',
  TIMEOUT: 'server',
  UNKNOWN: 'unknown',
};

/** One message, in the UI language, for any error a call can throw. */
export function localizeError(error: unknown, locale: AppLocale): string {
  const text = serverText(error);
  if (text) return locale === 'en' ? text.en : text.zh;
  const key = CODE_KEY[errorCode(error)] ?? 'unknown';
  return messages[locale].error[key];
}
