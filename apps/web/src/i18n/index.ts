import { createI18n } from 'vue-i18n';
import zhCN, { type MessageSchema } from './messages/zh-CN.ts';
import en from './messages/en.ts';

export type AppLocale = 'zh-CN' | 'en';
export const APP_LOCALES: readonly AppLocale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';

export const messages: Record<AppLocale, MessageSchema> = { 'zh-CN': zhCN, en };

export function isAppLocale(value: unknown): value is AppLocale {
  return value === 'zh-CN' || value === 'en';
}

/** The vue-i18n instance (composition API only). */
export function createAppI18n(locale: AppLocale = DEFAULT_LOCALE) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages,
    missingWarn: false,
    fallbackWarn: false,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/** A `{ zh, en }` text as sent by the server and the shared packages. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** Picks the text of a `{ zh, en }` pair for the UI language. */
export function pickText(text: LocalizedText | null | undefined, locale: AppLocale): string {
  if (!text) return '';
  return locale === 'en' ? text.en : text.zh;
}
