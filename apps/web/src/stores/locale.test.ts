import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { LOCALE_STORAGE_KEY, useLocaleStore } from './locale.ts';

describe('locale store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('defaults to Simplified Chinese', () => {
    const s = useLocaleStore();
    expect(s.locale).toBe('zh-CN');
    expect(s.echartsLocale).toBe('ZH');
    expect(s.elementLocale.name).toBe('zh-cn');
  });

  it('switches to English, persists the choice and drives Element Plus and ECharts locales', () => {
    const s = useLocaleStore();
    s.setLocale('en');
    expect(s.locale).toBe('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(s.echartsLocale).toBe('EN');
    expect(s.elementLocale.name).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(s.pick({ zh: '领导', en: 'Leadership' })).toBe('Leadership');
  });

  it('restores the stored language in a new session', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    expect(useLocaleStore().locale).toBe('en');
  });

  it('ignores an unknown stored or requested language', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr');
    const s = useLocaleStore();
    expect(s.locale).toBe('zh-CN');
    s.setLocale('fr' as never);
    expect(s.locale).toBe('zh-CN');
  });

  it('toggles between the two languages', () => {
    const s = useLocaleStore();
    s.toggle();
    expect(s.locale).toBe('en');
    s.toggle();
    expect(s.locale).toBe('zh-CN');
  });
});
