import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, COLOR_CAP, COLOR_LINE, esc } from '../common.ts';
import { formatInteger, formatScore } from '../../utils/format.ts';
import { histogram, type HistogramBin } from '@mqa/scoring';

export interface HistogramInput {
  /** Bins as computed by @mqa/scoring `histogram` (the server's overview sends them). */
  bins?: readonly Bin[];
  /** Or raw totals, binned here with @mqa/scoring `histogram` (0–1000, 50-point bins). */
  values?: readonly number[];
  binWidth?: number;
  /** Minimum total of the cycle (drawn as a line on its bin). */
  minTotal?: number | null;
  /** Total of the last candidate within the award cap (drawn as a line on its bin). */
  capLine?: number | null;
}

export type Bin = HistogramBin;

/** The bins to draw: given, or computed by the scoring core from raw values. */
export function binsOf(input: HistogramInput): Bin[] {
  if (input.bins) return [...input.bins];
  return histogram(input.values ?? [], { min: 0, max: 1000, binWidth: input.binWidth ?? 50 }).bins;
}

export function binLabel(bin: Bin, ctx: ChartContext): string {
  return `${formatInteger(bin.from, ctx.locale)}–${formatInteger(bin.to, ctx.locale)}`;
}

/** Bars of the distribution of totals, with the cycle's minimum total marked. */
export function histogramOption(input: HistogramInput, ctx: ChartContext): ChartOption {
  const bins = binsOf(input);
  // Show only the span that has data (plus one bin each side) so the bars stay readable.
  let first = bins.findIndex((b) => b.count > 0);
  let last = bins.length - 1 - [...bins].reverse().findIndex((b) => b.count > 0);
  if (first < 0) {
    first = 0;
    last = bins.length - 1;
  }
  const inBin = (v: number) => (b: Bin) => v >= b.from && (v < b.to || (b === bins[bins.length - 1] && v <= b.to));
  for (const v of [input.minTotal, input.capLine]) {
    if (v == null) continue;
    const mi = bins.findIndex(inBin(v));
    if (mi >= 0) {
      first = Math.min(first, mi);
      last = Math.max(last, mi);
    }
  }
  const shown = bins.slice(Math.max(0, first - 1), Math.min(bins.length, last + 2));
  const labels = shown.map((b) => binLabel(b, ctx));
  const marks: { xAxis: string; label: { formatter: string; color: string; position: 'end' | 'insideMiddleTop' }; lineStyle: { color: string } }[] = [];
  if (input.minTotal != null) {
    const b = shown.find(inBin(input.minTotal));
    if (b)
      marks.push({
        xAxis: binLabel(b, ctx),
        label: { formatter: ctx.t('chart.minTotal', { value: formatInteger(input.minTotal, ctx.locale) }), color: COLOR_LINE, position: 'end' },
        lineStyle: { color: COLOR_LINE },
      });
  }
  if (input.capLine != null) {
    const b = shown.find(inBin(input.capLine));
    if (b)
      marks.push({
        xAxis: binLabel(b, ctx),
        label: { formatter: ctx.t('chart.capTotal', { value: formatScore(input.capLine, ctx.locale) }), color: COLOR_CAP, position: 'insideMiddleTop' },
        lineStyle: { color: COLOR_CAP },
      });
  }

  return {
    ...baseOption(),
    grid: { left: 48, right: 24, top: 36, bottom: 56 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
        const b = shown[p.dataIndex];
        if (!b) return '';
        return ctx.t('chart.countTooltip', { range: esc(binLabel(b, ctx)), count: formatInteger(b.count, ctx.locale) });
      },
    },
    xAxis: {
      type: 'category',
      name: ctx.t('chart.scoreRange'),
      nameLocation: 'middle',
      nameGap: 36,
      data: labels,
      axisLabel: { interval: 0, rotate: labels.length > 8 ? 30 : 0, fontSize: 11 },
    },
    yAxis: {
      type: 'value',
      name: ctx.t('chart.applications'),
      minInterval: 1,
      axisLabel: { formatter: (v: number) => formatInteger(v, ctx.locale) },
    },
    series: [
      {
        type: 'bar',
        name: ctx.t('chart.applications'),
        data: shown.map((b) => b.count),
        barCategoryGap: '8%',
        markLine: marks.length ? { symbol: 'none', silent: true, lineStyle: { type: 'dashed', width: 2 }, data: marks } : undefined,
      },
    ],
  };
}
