/**
 * How the dashboard names the articles of the award's measures (鄂尔多斯市市长质量奖管理办法):
 * `第12条第(六)项` in Chinese, `Art. 12(6)` in English. Pure functions, no Vue.
 */
import type { LocalizedText } from '../i18n/index.ts';

/** An article, optionally with its item (项) number, e.g. `{ article: 12, clause: 6 }`. */
export interface ArticleRef {
  article: number | null | undefined;
  clause?: number | null | undefined;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * A positive whole number below 100 in Chinese numerals, as items are numbered in Chinese
 * legal texts: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 36 → 三十六.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

function valid(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

/** `{ zh: '第12条第(六)项', en: 'Art. 12(6)' }`; without a clause `第12条` / `Art. 12`; null when there is no article. */
export function articleText(ref: ArticleRef): LocalizedText | null {
  if (!valid(ref.article)) return null;
  const clause = valid(ref.clause) ? ref.clause : null;
  return {
    zh: `第${ref.article}条${clause !== null ? `第(${chineseNumeral(clause)})项` : ''}`,
    en: `Art. ${ref.article}${clause !== null ? `(${clause})` : ''}`,
  };
}

/** Several articles: `第10条、第12条` / `Art. 10, 12` (deduplicated, ascending); a range of consecutive ones as `第10–12条` / `Art. 10–12`. */
export function articlesText(articles: readonly (number | null | undefined)[]): LocalizedText | null {
  const list = [...new Set(articles.filter(valid))].sort((a, b) => a - b);
  if (list.length === 0) return null;
  const first = list[0]!;
  const last = list[list.length - 1]!;
  if (list.length >= 3 && last - first === list.length - 1) return { zh: `第${first}–${last}条`, en: `Art. ${first}–${last}` };
  return { zh: list.map((a) => `第${a}条`).join('、'), en: `Art. ${list.join(', ')}` };
}

const HAN = /[\u3400-\u9fff]/;

/**
 * A `{ zh, en }` pair whose two halves are the same stored `中文 / English` text (a text the
 * server could not split) becomes a proper pair: the Chinese part before the last slash, the
 * English after it. Other pairs are returned unchanged.
 */
export function repairBilingual(text: LocalizedText | null | undefined): LocalizedText {
  if (!text) return { zh: '', en: '' };
  if (text.zh !== text.en) return text;
  const s = text.zh;
  // The first slash with Chinese before it and no Chinese after it (English may hold slashes too).
  for (let i = s.indexOf('/'); i > 0; i = s.indexOf('/', i + 1)) {
    const zh = s.slice(0, i).trim();
    const en = s.slice(i + 1).trim();
    if (zh && en && HAN.test(zh) && !HAN.test(en)) return { zh, en };
  }
  return text;
}

const ZH_TRAILING = /\s*（第\d+条(?:第（[一二三四五六七八九十]+）项)?(?:、第\d+条(?:第（[一二三四五六七八九十]+）项)?)*）\s*$/;
const EN_TRAILING = /\s*\(Art\. \d+(?:\(\d+\))?(?:, \d+(?:\(\d+\))?)*\)\s*$/;

/**
 * A rule's message without its trailing article reference, for tables that already show the
 * article in its own tag: `已列入经营异常名录（第12条第（六）项）` → `已列入经营异常名录`,
 * `Listed … (Art. 12(6))` → `Listed …`.
 */
export function withoutTrailingArticle(text: LocalizedText): LocalizedText {
  return { zh: text.zh.replace(ZH_TRAILING, ''), en: text.en.replace(EN_TRAILING, '') };
}
