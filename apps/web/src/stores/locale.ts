import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import zhCnElement from 'element-plus/es/locale/lang/zh-cn.mjs';
import enElement from 'element-plus/es/locale/lang/en.mjs';
import { DEFAULT_LOCALE, isAppLocale, type AppLocale, type LocalizedText } from '../i18n/index.ts';

export const LOCALE_STORAGE_KEY = 'mqa.locale';

function readStored(): AppLocale {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isAppLocale(v) ? v : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/**
 * The UI language: zh-CN by default, persisted in localStorage. It drives vue-i18n (bound in
 * main.ts), Element Plus (`elementLocale` into ElConfigProvider) and ECharts (`echartsLocale`
 * into the charts' init options).
 */
export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<AppLocale>(readStored());

  function setLocale(next: AppLocale): void {
    if (!isAppLocale(next)) return;
    locale.value = next;
    try {
      globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      /* storage may be unavailable (private mode); the choice still applies to this tab */
    }
    if (typeof document !== 'undefined') document.documentElement.lang = next;
  }

  function toggle(): void {
    setLocale(locale.value === 'zh-CN' ? 'en' : 'zh-CN');
  }

  const elementLocale = computed(() => (locale.value === 'en' ? enElement : zhCnElement));
  const echartsLocale = computed<'ZH' | 'EN'>(() => (locale.value === 'en' ? 'EN' : 'ZH'));
  const isEnglish = computed(() => locale.value === 'en');

  /** Text of a `{ zh, en }` pair in the current language. */
  function pick(text: LocalizedText | null | undefined): string {
    if (!text) return '';
    return locale.value === 'en' ? text.en : text.zh;
  }

  return { locale, setLocale, toggle, elementLocale, echartsLocale, isEnglish, pick };
});
