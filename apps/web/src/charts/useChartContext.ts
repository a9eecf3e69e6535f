import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { isAppLocale, DEFAULT_LOCALE } from '../i18n/index.ts';
import type { ChartContext } from './types.ts';

/** The chart context (language + translate) of the global i18n, reactive to language changes. */
export function useChartContext(): ComputedRef<ChartContext> {
  const { t, locale } = useI18n({ useScope: 'global' });
  return computed(() => {
    const l = isAppLocale(locale.value) ? locale.value : DEFAULT_LOCALE;
    return { locale: l, t: (key: string, named?: Record<string, unknown>) => (named ? t(key, named) : t(key)) };
  });
}
