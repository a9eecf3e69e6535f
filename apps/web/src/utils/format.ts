import type { AppLocale } from '../i18n/index.ts';

/** Number and date formatting for the UI language (Intl, cached formatters). */
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: AppLocale, min: number, max: number, style: 'decimal' | 'percent' = 'decimal'): Intl.NumberFormat {
  const key = `${locale}|${min}|${max}|${style}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max, style });
    cache.set(key, f);
  }
  return f;
}

const DASH = '—';

function ok(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A number with at most `digits` decimals (grouping per locale). `—` for missing values. */
export function formatNumber(value: number | null | undefined, locale: AppLocale, digits = 1): string {
  return ok(value) ? numberFormat(locale, 0, digits).format(value) : DASH;
}

/** A number with exactly `digits` decimals. */
export function formatFixed(value: number | null | undefined, locale: AppLocale, digits = 1): string {
  return ok(value) ? numberFormat(locale, digits, digits).format(value) : DASH;
}

/** A score in points (one decimal), e.g. `812.5`. */
export function formatScore(value: number | null | undefined, locale: AppLocale): string {
  return formatFixed(value, locale, 1);
}

/** A whole number with grouping, e.g. `1,234`. */
export function formatInteger(value: number | null | undefined, locale: AppLocale): string {
  return ok(value) ? numberFormat(locale, 0, 0).format(Math.round(value)) : DASH;
}

/** A share 0–1 as a percentage, e.g. 0.734 → `73.4%`. */
export function formatShare(value: number | null | undefined, locale: AppLocale, digits = 1): string {
  return ok(value) ? numberFormat(locale, 0, digits, 'percent').format(value) : DASH;
}

/** A percentage already on the 0–100 scale, e.g. 65 → `65%`. */
export function formatPercent(value: number | null | undefined, locale: AppLocale, digits = 1): string {
  return ok(value) ? numberFormat(locale, 0, digits, 'percent').format(value / 100) : DASH;
}

/** A signed difference, e.g. `+12.5` / `−3`. */
export function formatSigned(value: number | null | undefined, locale: AppLocale, digits = 1): string {
  if (!ok(value)) return DASH;
  const s = numberFormat(locale, 0, digits).format(Math.abs(value));
  if (value > 0) return `+${s}`;
  if (value < 0) return `−${s}`;
  return s;
}

/** An ISO date `YYYY-MM-DD` as a calendar date, e.g. `2024年3月5日` / `5 Mar 2024`. */
export function formatDate(iso: string | null | undefined, locale: AppLocale): string {
  if (!iso) return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: locale === 'en' ? 'short' : 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** A timestamp as date and time in the machine's time zone. */
export function formatDateTime(value: Date | string, locale: AppLocale): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return DASH;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d);
}

/** An amount of money in yuan. */
export function formatCny(value: number | null | undefined, locale: AppLocale): string {
  return ok(value) ? new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(value) : DASH;
}
