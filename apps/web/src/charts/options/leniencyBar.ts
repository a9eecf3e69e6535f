import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, COLOR_DOWN, COLOR_UP, esc } from '../common.ts';
import { labelColumnWidth, wrappingLabel } from '../fit.ts';
import { formatSigned } from '../../utils/format.ts';

export interface LeniencyInput {
  /** Each examiner's mean deviation from the group mean, in percentage points (+ = lenient). */
  examiners: readonly { name: string; deviation: number }[];
}

/**
 * Horizontal diverging bars: examiners sorted from most lenient to most severe; green bars to
 * the right are lenient, red bars to the left severe.
 */
export function leniencyBarOption(input: LeniencyInput, ctx: ChartContext): ChartOption {
  const sorted = [...input.examiners].filter((e) => Number.isFinite(e.deviation)).sort((a, b) => b.deviation - a.deviation);
  const lim = Math.max(5, Math.ceil(Math.max(0, ...sorted.map((e) => Math.abs(e.deviation))) / 5) * 5);
  const lenient = ctx.t('chart.lenient');
  const severe = ctx.t('chart.severe');
  const left = labelColumnWidth(
    sorted.map((e) => e.name),
    11,
    200,
    80,
  );
  return {
    ...baseOption(),
    grid: { left, right: 32, top: 28, bottom: 48 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { name: string; value: number };
        const tag = p.value > 0 ? lenient : p.value < 0 ? severe : '';
        return `<b>${esc(p.name)}</b><br/>${ctx.t('chart.deviation')}：${formatSigned(p.value, ctx.locale, 1)} ${tag}`;
      },
    },
    xAxis: {
      type: 'value',
      name: ctx.t('chart.deviation'),
      nameLocation: 'middle',
      nameGap: 28,
      min: -lim,
      max: lim,
      axisLabel: { formatter: (v: number) => formatSigned(v, ctx.locale, 0) },
    },
    yAxis: { type: 'category', data: sorted.map((e) => e.name), inverse: true, axisLabel: wrappingLabel(left - 10) },
    series: [
      {
        type: 'bar',
        name: ctx.t('chart.deviation'),
        data: sorted.map((e) => ({ value: Math.round(e.deviation * 100) / 100, itemStyle: { color: e.deviation >= 0 ? COLOR_UP : COLOR_DOWN } })),
        barMaxWidth: 16,
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#333' }, label: { show: false }, data: [{ xAxis: 0 }] },
      },
    ],
  };
}
