import type { AppLocale, LocalizedText } from '../i18n/index.ts';
import { messages } from '../i18n/index.ts';
import { localizeError } from './errors.ts';

/**
 * The plain HTTP routes beside tRPC (`/api/*`: templates, imports, jobs, exports, the PDF),
 * called with the session cookie. Errors come back as `{ code, message: { zh, en } }` and/or
 * `{ error: { code, message } }`; {@link ApiError} carries whichever the server sent.
 */

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function isText(v: unknown): v is LocalizedText {
  return !!v && typeof v === 'object' && typeof (v as LocalizedText).zh === 'string' && typeof (v as LocalizedText).en === 'string';
}

/** A non-2xx answer of an /api route. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's bilingual message, when it sent one. */
  readonly text: LocalizedText | null;
  /** The parsed JSON body (or null). */
  readonly body: unknown;
  constructor(status: number, code: string, text: LocalizedText | null, body: unknown) {
    super(text?.en ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.text = text;
    this.body = body;
  }
}

/** Reads the error of a failed answer: the code and `{ zh, en }` message from either body shape. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = null;
  }
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const inner = (b.error && typeof b.error === 'object' ? b.error : {}) as Record<string, unknown>;
  const code = typeof b.code === 'string' ? b.code : typeof inner.code === 'string' ? inner.code : `HTTP_${res.status}`;
  const text = isText(b.message) ? b.message : isText(inner.message) ? inner.message : null;
  return new ApiError(res.status, code, text, body);
}

const STATUS_KEY: [number, keyof (typeof messages)['en']['error']][] = [
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'notFound'],
  [409, 'conflict'],
];

/** One message, in the UI language, for anything an /api call throws. */
export function describeError(error: unknown, locale: AppLocale): string {
  if (error instanceof ApiError) {
    if (error.text) return locale === 'en' ? error.text.en : error.text.zh;
    const key = STATUS_KEY.find(([s]) => s === error.status)?.[1] ?? (error.status >= 500 ? 'server' : 'badRequest');
    return messages[locale].error[key];
  }
  return localizeError(error, locale);
}

/** The file name of a download: RFC 5987 `filename*` first, then `filename`, else the fallback. */
export function fileNameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[2]!.trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name || fallback;
}

const defaultFetch: FetchLike = (input, init) => fetch(input, init);

/** GET (or another method) returning JSON; throws {@link ApiError} on a non-2xx answer. */
export async function requestJson<T>(url: string, init: RequestInit = {}, fetchImpl: FetchLike = defaultFetch): Promise<{ status: number; body: T }> {
  const res = await fetchImpl(url, {
    ...init,
    credentials: 'include',
    headers: { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
  if (!res.ok) throw await errorFromResponse(res);
  return { status: res.status, body: (await res.json()) as T };
}

/** Downloads a file answer: its bytes and its file name. */
export async function fetchFile(url: string, fallbackName: string, fetchImpl: FetchLike = defaultFetch): Promise<{ blob: Blob; fileName: string }> {
  const res = await fetchImpl(url, { credentials: 'include' });
  if (!res.ok) throw await errorFromResponse(res);
  const blob = await res.blob();
  return { blob, fileName: fileNameFromDisposition(res.headers.get('content-disposition'), fallbackName) };
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Fetches a file and saves it; resolves to the saved name. */
export async function downloadFile(url: string, fallbackName: string, fetchImpl: FetchLike = defaultFetch): Promise<string> {
  const { blob, fileName } = await fetchFile(url, fallbackName, fetchImpl);
  saveBlob(blob, fileName);
  return fileName;
}

export type ImportKind = 'scores' | 'applications';

/** The server's `lang` parameter for a UI language. */
export const serverLang = (locale: AppLocale): 'zh' | 'en' => (locale === 'en' ? 'en' : 'zh');

export const templateUrl = (kind: ImportKind, year?: number | null): string =>
  kind === 'applications' ? '/api/templates/applications.xlsx' : `/api/templates/scores.xlsx${year ? `?year=${year}` : ''}`;

export const exportUrl = (year: number, locale: AppLocale): string => `/api/cycles/${year}/export.xlsx?lang=${serverLang(locale)}`;

export const reportPdfUrl = (year: number, locale: AppLocale, async = false): string =>
  `/api/cycles/${year}/report.pdf?lang=${serverLang(locale)}${async ? '&async=1' : ''}`;

/** The printable report page of the dashboard. */
export const reportPageUrl = (year: number, locale: AppLocale): string => `/report/${year}?lang=${serverLang(locale)}`;

export function importUrl(kind: ImportKind, opts: { dryRun: boolean; year?: number | null }): string {
  const q = new URLSearchParams({ async: '1' });
  if (opts.dryRun) q.set('dryRun', '1');
  if (opts.year) q.set('year', String(opts.year));
  return `/api/import/${kind}?${q.toString()}`;
}

/** Uploads a file for an asynchronous import (dry run or real); resolves to the job id. */
export async function startImport(
  kind: ImportKind,
  file: Blob,
  fileName: string,
  opts: { dryRun: boolean; year?: number | null },
  fetchImpl: FetchLike = defaultFetch,
): Promise<string> {
  const form = new FormData();
  // A File keeps its name in every FormData implementation (some drop the third argument).
  const named = typeof File !== 'undefined' && file instanceof File && file.name === fileName ? file : new File([file], fileName, { type: file.type });
  form.append('file', named, fileName);
  const { body } = await requestJson<{ jobId: string }>(importUrl(kind, opts), { method: 'POST', body: form }, fetchImpl);
  return body.jobId;
}

/** Asks for the committee pack as a job; resolves to the job id. */
export async function startReport(year: number, locale: AppLocale, fetchImpl: FetchLike = defaultFetch): Promise<string> {
  const { body } = await requestJson<{ jobId: string }>(reportPdfUrl(year, locale, true), {}, fetchImpl);
  return body.jobId;
}

export interface Capabilities {
  pdf: boolean;
  pdfUnavailable?: LocalizedText;
}

export async function getCapabilities(fetchImpl: FetchLike = defaultFetch): Promise<Capabilities> {
  return (await requestJson<Capabilities>('/api/capabilities', {}, fetchImpl)).body;
}
