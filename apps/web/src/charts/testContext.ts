import { createAppI18n, type AppLocale } from '../i18n/index.ts';
import type { ChartContext } from './types.ts';

/** A chart context backed by the real messages, for tests of the option builders. */
export function testContext(locale: AppLocale): ChartContext {
  const i18n = createAppI18n(locale);
  const t = i18n.global.t as (key: string, named?: Record<string, unknown>) => string;
  return { locale, t: (key, named) => (named ? t(key, named) : t(key)) };
}
