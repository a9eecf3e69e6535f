/**
 * Errors a person understands: every error leaving the API is a TRPCError with an explicit code,
 * an English `message` and, through the error formatter, `data.i18n = { zh, en }`.
 */
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';

export interface LocalizedText {
  zh: string;
  en: string;
}

/** Carries the bilingual text (and optional details) of an API error as the TRPCError's cause. */
export class LocalizedCause extends Error {
  readonly i18n: LocalizedText;
  readonly details: Record<string, unknown> | undefined;
  constructor(i18n: LocalizedText, details?: Record<string, unknown>) {
    super(i18n.en);
    this.name = 'LocalizedCause';
    this.i18n = i18n;
    this.details = details;
  }
}

/** A TRPCError with a bilingual message. */
export function apiError(code: TRPC_ERROR_CODE_KEY, text: LocalizedText, details?: Record<string, unknown>): TRPCError {
  return new TRPCError({ code, message: text.en, cause: new LocalizedCause(text, details) });
}

/** The bilingual text of an error thrown by @mqa/scoring or @mqa/rules (duck-typed), or undefined. */
export function domainText(error: unknown): LocalizedText | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { messages?: unknown; text?: unknown };
  const t = (e.messages ?? e.text) as Partial<LocalizedText> | undefined;
  if (t && typeof t.zh === 'string' && typeof t.en === 'string') return { zh: t.zh, en: t.en };
  return undefined;
}

/** Turns a domain error (scoring, rules) into a BAD_REQUEST with its own bilingual message; rethrows others. */
export function rethrowDomain(error: unknown): never {
  if (error instanceof TRPCError) throw error;
  const text = domainText(error);
  if (text) {
    const details: Record<string, unknown> = {};
    const e = error as { code?: unknown; errors?: unknown; details?: unknown };
    if (typeof e.code === 'string') details.code = e.code;
    if (Array.isArray(e.errors)) details.problems = e.errors;
    throw new TRPCError({ code: 'BAD_REQUEST', message: text.en, cause: new LocalizedCause(text, details) });
  }
  throw error;
}

export const notFound = (what: LocalizedText) => apiError('NOT_FOUND', { zh: `找不到${what.zh}。`, en: `${what.en} was not found.` });

export const cycleNotFound = (year: number) =>
  apiError('NOT_FOUND', { zh: `没有 ${year} 年度的评审周期。`, en: `There is no award cycle for ${year}.` }, { year });

export const applicationNotFound = (id: number) => apiError('NOT_FOUND', { zh: `找不到编号为 ${id} 的申报。`, en: `Application ${id} was not found.` }, { id });

export const weightSetNotFound = (id: number) =>
  apiError('NOT_FOUND', { zh: `找不到编号为 ${id} 的权重方案。`, en: `Weight set ${id} was not found.` }, { id });
