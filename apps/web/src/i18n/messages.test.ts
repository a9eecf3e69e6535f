import { describe, expect, it } from 'vitest';
import { createAppI18n, messages, pickText } from './index.ts';

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const zh = leaves(messages['zh-CN']);
const en = leaves(messages.en);
const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort((a, b) => a.localeCompare(b));
const HAN = /[\u3400-\u9fff]/;

describe('i18n messages', () => {
  it('have exactly the same keys in zh-CN and en', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    expect(zh.size).toBeGreaterThan(250);
  });

  it('use the same named parameters in both languages', () => {
    for (const [key, z] of zh) expect(params(en.get(key)!), key).toEqual(params(z));
  });

  it('have no empty text, and no Chinese characters in English text', () => {
    for (const [key, v] of zh) expect(v.trim(), key).not.toBe('');
    for (const [key, v] of en) {
      expect(v.trim(), key).not.toBe('');
      expect(HAN.test(v), `${key}: ${v}`).toBe(false);
    }
  });

  it('are Chinese in zh-CN for every label that has letters in English', () => {
    // Keys whose zh text is legitimately the same as en (proper names, numbers, symbols).
    const same = [...zh].filter(([k, v]) => v === en.get(k) && /[A-Za-z]{3,}/.test(v.replace(/\{\w+\}/g, '')));
    expect(same).toEqual([]);
  });

  it('compile and interpolate in both languages without vue-i18n syntax errors', () => {
    const i18n = createAppI18n('zh-CN');
    const t = i18n.global.t as (k: string, p?: Record<string, unknown>) => string;
    for (const key of zh.keys()) {
      const named = Object.fromEntries(params(zh.get(key)!).map((p) => [p, `<${p}>`]));
      const out = t(key, named);
      expect(out, key).not.toBe(key);
      for (const p of Object.keys(named)) expect(out, key).toContain(`<${p}>`);
    }
    i18n.global.locale.value = 'en';
    expect(t('login.demoHint', { password: 'demo-password' })).toContain('demo-password');
    expect(t('nav.overview')).toBe('Cycle overview');
  });

  it('picks the text of a { zh, en } pair for the language', () => {
    expect(pickText({ zh: '煤炭开采', en: 'Coal mining' }, 'zh-CN')).toBe('煤炭开采');
    expect(pickText({ zh: '煤炭开采', en: 'Coal mining' }, 'en')).toBe('Coal mining');
    expect(pickText(null, 'en')).toBe('');
  });
});
