/** Bilingual texts stored in one text column as `中文 / English`. */
import type { LocalizedText } from '../errors.ts';

const SEPARATOR = ' / ';

/** `{ zh, en }` → `中文 / English` (one text when both are equal). */
export function joinBilingual(t: LocalizedText): string {
  return t.zh === t.en ? t.zh : `${t.zh}${SEPARATOR}${t.en}`;
}

/**
 * A stored `中文 / English` text → `{ zh, en }`: split at the first ` / ` (or `。/ `) followed by a
 * Latin letter or by a code and a word. A text without one (e.g. typed by a person in one language) is shown as is in
 * both languages.
 */
export function splitBilingual(s: string | null | undefined): LocalizedText {
  if (!s) return { zh: '', en: '' };
  // The English part starts with a word, or with a code followed by one ("2027-003 was removed …").
  const m = /\s*\/\s+(?=[A-Za-z]|[\w-]+ [A-Za-z])/.exec(s);
  if (!m || m.index === 0) return { zh: s, en: s };
  const zh = s.slice(0, m.index).trim();
  const en = s.slice(m.index + m[0].length).trim();
  return zh && en ? { zh, en } : { zh: s, en: s };
}

// Article lists are worded by @mqa/rules.
export { articlesText } from '@mqa/rules';
