/**
 * Texts that fit: legends that show every name (wrapping onto more rows, never a "1/2" pager),
 * category labels that wrap instead of being cut, value axes with readable ticks, and the
 * run-time pass that keeps a chart's plot clear of its legend whatever the width (screen or A4).
 */
import type { LegendComponentOption } from 'echarts/components';

/** A4 portrait is 210 mm wide; at 96 px per inch a millimetre is 96 / 25.4 px. */
export const PX_PER_MM = 96 / 25.4;
/** The text width of an A4 page with `marginMm` left and right, in CSS pixels. */
export function a4TextWidth(marginMm: number): number {
  return Math.floor((210 - 2 * marginMm) * PX_PER_MM);
}

/** Approximate width (px) of a text in the dashboard's sans-serif font: CJK full width, Latin narrower. */
export function textWidth(text: string, fontSize = 12): number {
  let em = 0;
  for (const ch of text) {
    if (/[\u2e80-\u9fff\uff00-\uffef]/.test(ch)) em += 1;
    else if (/[A-Z]/.test(ch)) em += 0.66;
    else if (/[a-z0-9]/.test(ch)) em += 0.56;
    else em += 0.34;
  }
  return Math.ceil(em * fontSize);
}

/** Width of a label column (e.g. the category axis of horizontal bars): the longest label, clamped. */
export function labelColumnWidth(labels: readonly string[], fontSize = 11, max = 240, min = 48): number {
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, fontSize)));
  return Math.max(min, Math.min(max, widest + 8));
}

/**
 * A legend that shows every name: plain (no pager), wrapping onto as many rows as it needs;
 * the chart frame then moves the plot below it ({@link fitToLegend}).
 */
export function plainLegend(names: readonly string[] | undefined, extra: LegendComponentOption = {}): LegendComponentOption {
  return {
    type: 'plain',
    top: 0,
    left: 8,
    right: 8,
    itemGap: 12,
    itemWidth: 16,
    itemHeight: 10,
    textStyle: { fontSize: 11 },
    ...(names ? { data: [...names] } : {}),
    ...extra,
  };
}

/** Axis label style of a category axis whose names wrap at `width` px instead of being cut. */
export function wrappingLabel(width: number, fontSize = 11): { interval: 0; fontSize: number; width: number; overflow: 'break'; lineHeight: number } {
  return { interval: 0, fontSize, width, overflow: 'break', lineHeight: fontSize + 2 };
}

/**
 * A "nice" tick interval for a value axis spanning `min`–`max` with about `ticks` ticks
 * (1, 2, 2.5 or 5 × a power of ten), so small values read 0.05, 0.10, 0.15 and not 0.1 five times.
 */
export function niceInterval(min: number, max: number, ticks = 5): number {
  const span = Math.abs(max - min);
  if (!Number.isFinite(span) || span === 0) return 1;
  const raw = span / Math.max(1, ticks);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * p >= raw) ?? 10;
  return step * p;
}

/** Decimals needed to print multiples of `interval` exactly (0.25 → 2, 5 → 0). */
export function decimalsOf(interval: number): number {
  for (let d = 0; d <= 6; d++) if (Math.abs(Math.round(interval * 10 ** d) - interval * 10 ** d) < 1e-9) return d;
  return 6;
}

// ---------------------------------------------------------------------------------------------
// Run-time fitting (the chart frame calls it after every render and resize)

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  clone(): Rect;
  applyTransform(m: unknown): void;
}
interface Group {
  transform?: unknown;
  getBoundingRect(): Rect;
}
interface Model {
  get(path: string): unknown;
  coordinateSystem?: { getRect?: () => { y: number; height: number }; cx?: number; cy?: number; r?: number };
}
interface FitInstance {
  getWidth(): number;
  getHeight(): number;
  getModel(): { getComponent(type: string, idx?: number): Model | undefined; queryComponents?(q: { mainType: string }): Model[] };
  getViewOfComponentModel(m: Model): { group: Group } | undefined;
  setOption(option: unknown, opts?: unknown): void;
}

function boxOf(inst: FitInstance, m: Model): Rect | null {
  const g = inst.getViewOfComponentModel(m)?.group;
  if (!g) return null;
  const r = g.getBoundingRect().clone();
  if (g.transform) r.applyTransform(g.transform);
  return r.width > 0 && r.height > 0 ? r : null;
}

/** Space above the plot for a value-axis name drawn at its top end. */
const AXIS_NAME_ROOM = 22;

/**
 * Keeps the plot clear of the legend: with the legend at the top, the (single) grid starts
 * below its last row and the axis name above the plot; with a radar, the radar shrinks to stay
 * clear of a legend at the bottom and of the canvas edges. `baseTop` is the grid top the option
 * asks for (never gone below). Returns true when the chart was changed.
 */
export function fitToLegend(instance: unknown, baseTop: number | null, nameRoom = 96): boolean {
  const inst = instance as FitInstance;
  const model = inst.getModel?.();
  if (!model) return false;
  const legend = model.getComponent('legend');
  const legendBox = legend && legend.get('show') !== false ? boxOf(inst, legend) : null;
  const grids = model.queryComponents?.({ mainType: 'grid' }) ?? [];
  if (grids.length === 1 && legendBox && legend!.get('top') !== undefined && legend!.get('bottom') == null) {
    const rect = grids[0]!.coordinateSystem?.getRect?.();
    const yAxes = model.queryComponents?.({ mainType: 'yAxis' }) ?? [];
    const topName = yAxes.some((a) => !!a.get('name') && (a.get('nameLocation') ?? 'end') === 'end' && !a.get('inverse'));
    const need = Math.ceil(legendBox.y + legendBox.height + 8 + (topName ? AXIS_NAME_ROOM : 0));
    const target = Math.max(baseTop ?? 0, need);
    if (rect && Math.abs(rect.y - target) > 2) {
      inst.setOption({ grid: { top: target } }, { lazyUpdate: false, silent: true });
      return true;
    }
    return false;
  }
  const radar = model.getComponent('radar');
  const cs = radar?.coordinateSystem;
  if (radar && cs && cs.r != null && cs.cx != null) {
    const W = inst.getWidth();
    const bottom = legendBox && legend!.get('bottom') != null ? legendBox.y : inst.getHeight();
    const room = 30; // name gap + one line of the axis name
    const r = Math.floor(Math.max(30, Math.min(W / 2 - nameRoom, (bottom - 2 * room) / 2)));
    const cy = Math.round(room + r);
    if (Math.abs(cs.r - r) > 2 || Math.abs((cs.cy ?? 0) - cy) > 2) {
      inst.setOption({ radar: { radius: r, center: ['50%', cy] } }, { lazyUpdate: false, silent: true });
      return true;
    }
  }
  return false;
}
