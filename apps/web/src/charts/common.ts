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

/** A colour ECharts hands a formatter, kept only when it is a plain CSS colour (else the first of the palette). */
function markerColor(color: unknown): string {
  return (typeof color === 'string' && plainColor(color)) || PALETTE[0]!;
}

/**
 * A series' colour dot for an HTML tooltip, drawn as SVG: `fill` is a presentation attribute,
 * so it needs no inline `style`, which the Content-Security-Policy refuses (style-src 'self').
 */
export function tooltipMarker(color: unknown): string {
  return `<svg class="mqa-marker" width="14" height="10" viewBox="0 0 14 10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill="${markerColor(color)}"/></svg>`;
}

/** ECharts' own tooltip marker: a `<span style="…background-color:C;…">`, which the CSP blocks. */
const ECHARTS_MARKER = /<span style="display:inline-block;[^"]*?background-color:([^;"]+);?[^"]*"><\/span>/g;

/** A plain CSS colour, or null. */
function plainColor(color: string): string | null {
  const c = color.trim();
  return /^(#[0-9a-f]{3,8}|rgba?\(\s*[\d.]+%?(\s*,\s*[\d.]+%?){2,3}\s*\))$/i.test(c) ? c : null;
}

/** Classes for text colours in tooltips, as rules of a constructed style sheet (CSSOM, which the CSP allows). */
const colorClasses = new Map<string, string>();
let colorSheet: CSSStyleSheet | null = null;
function colorClass(color: string): string | null {
  const c = plainColor(color);
  if (!c) return null;
  const known = colorClasses.get(c);
  if (known) return known;
  if (typeof document === 'undefined' || typeof CSSStyleSheet === 'undefined' || !Array.isArray(document.adoptedStyleSheets)) return null;
  try {
    if (!colorSheet) {
      colorSheet = new CSSStyleSheet();
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, colorSheet];
    }
    const cls = `mqa-tip-c${colorClasses.size}`;
    colorSheet.insertRule(`.${cls} { color: ${c}; }`, colorSheet.cssRules.length);
    colorClasses.set(c, cls);
    return cls;
  } catch {
    return null;
  }
}

/**
 * A tooltip's HTML without inline styles, which the Content-Security-Policy refuses: ECharts'
 * markers become {@link tooltipMarker}, a coloured span (`style="color:C"`) takes a class of
 * that colour, and any other `style` attribute is dropped (the text stays, unstyled).
 */
export function cspSafeTooltip(html: string): string {
  return html
    .replace(ECHARTS_MARKER, (_m, color: string) => tooltipMarker(color.trim()))
    .replace(/ style="color:\s*([^;"]+);?\s*"/g, (_m, color: string) => {
      const cls = colorClass(color);
      return cls ? ` class="${cls}"` : '';
    })
    .replace(/ style="[^"]*"/g, '');
}

type Formatter = (...args: unknown[]) => unknown;
function wrapTooltip(tooltip: unknown): unknown {
  if (Array.isArray(tooltip)) return tooltip.map(wrapTooltip);
  if (!tooltip || typeof tooltip !== 'object') return tooltip;
  const f = (tooltip as { formatter?: unknown }).formatter;
  if (typeof f !== 'function') return tooltip;
  const wrapped: Formatter = (...args) => {
    const out = (f as Formatter)(...args);
    return typeof out === 'string' ? cspSafeTooltip(out) : out;
  };
  return { ...tooltip, formatter: wrapped };
}

/**
 * The option with every tooltip formatter (the chart's and each series') made safe for the
 * Content-Security-Policy: the markers they take from ECharts (`params.marker`) carry inline
 * styles the policy blocks, so the dots would silently vanish; they become SVG dots.
 */
export function withCspSafeTooltips<T extends ChartOption>(option: T): T {
  const o = option as { tooltip?: unknown; series?: unknown };
  const series = Array.isArray(o.series)
    ? o.series.map((s: unknown) => (s && typeof s === 'object' && 'tooltip' in s ? { ...s, tooltip: wrapTooltip(s.tooltip) } : s))
    : o.series;
  return { ...option, ...(o.tooltip !== undefined ? { tooltip: wrapTooltip(o.tooltip) } : {}), ...(o.series !== undefined ? { series } : {}) };
}
