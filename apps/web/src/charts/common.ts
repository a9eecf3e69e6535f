import type { ChartOption } from './types.ts';

/** System fonts only (no web fonts): Latin first, then the usual Chinese fallbacks. */
export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** A colour-blind-safe qualitative palette (Okabe–Ito order, with a dark blue first). */
export const PALETTE = ['#1f5fa8', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#8c6d31', '#7f7f7f'];

export const COLOR_UP = '#1a7f37';
export const COLOR_DOWN = '#c62828';
export const COLOR_NEUTRAL = '#8c8c8c';
export const COLOR_LINE = '#c62828';
export const COLOR_CAP = '#1a7f37';

/** Options every chart shares: fonts, palette, a compact grid that fits 1366×768. */
export function baseOption(): ChartOption {
  return {
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY },
    animationDuration: 300,
  };
}

/** Number of data points of each series of an option (for tests and the e2e data attribute). */
export function seriesPointCounts(option: { series?: unknown } | null | undefined): number[] {
  if (!option) return [];
  const s = option.series;
  const list = Array.isArray(s) ? s : s ? [s] : [];
  return list.map((x) => {
    const data = (x as { data?: unknown }).data;
    return Array.isArray(data) ? data.length : 0;
  });
}

/** Escapes text put into an HTML tooltip. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Shortens a long label for an axis (full text stays in the tooltip). */
export function shorten(text: string, max = 8): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Wraps a label onto lines of at most `max` characters — at spaces when it has any (English),
 * anywhere otherwise (Chinese) — so an axis shows the whole name, never a cut one.
 */
export function wrapLabel(text: string, max = 14): string {
  if (text.length <= max) return text;
  if (!/\s/.test(text)) {
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += max) parts.push(text.slice(i, i + max));
    return parts.join('\n');
  }
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
