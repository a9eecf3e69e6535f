import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, COLOR_NEUTRAL, esc } from '../common.ts';
import { decimalsOf, niceInterval, plainLegend } from '../fit.ts';
import { formatFixed, formatNumber } from '../../utils/format.ts';

export interface IndicatorLineInput {
  years: readonly number[];
  /** Name of the awardee (legend). */
  name: string;
  values: readonly (number | null)[];
  sectorMedian: readonly (number | null)[];
  /** Localized indicator label (axis name). */
  indicatorLabel: string;
  /** Year of the award (marked on the axis), optional. */
  awardYear?: number | null;
  digits?: number;
  /** A count (e.g. incidents): whole-number ticks only. */
  integer?: boolean;
}

/**
 * Tick labels of a value axis that read as distinct numbers: as many decimals as the tick step
 * needs (0.02 → 2), whole numbers for counts.
 */
export function tickFormatter(values: readonly (number | null)[], locale: ChartContext['locale'], integer = false): (v: number) => string {
  const vals = values.filter((v): v is number => v != null && Number.isFinite(v));
  const lo = vals.length ? Math.min(...vals) : 0;
  const hi = vals.length ? Math.max(...vals) : 1;
  const step = Math.min(3, decimalsOf(niceInterval(lo, hi, 5)));
  return (v: number) => formatFixed(v, locale, integer ? 0 : Math.max(step, Math.min(3, decimalsOf(v))));
}

/** An awardee's indicator over the years against its sector's median (dashed grey). */
export function indicatorLineOption(input: IndicatorLineInput, ctx: ChartContext): ChartOption {
  const digits = input.digits ?? 1;
  const labels = input.years.map(String);
  return {
    ...baseOption(),
    legend: plainLegend([input.name, ctx.t('chart.sectorMedian')]),
    grid: { left: 56, right: 24, top: 40, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { axisValue: string; seriesName: string; value: number | null; marker: string }[];
        if (list.length === 0) return '';
        return [
          `<b>${esc(String(list[0]!.axisValue))}</b> · ${esc(input.indicatorLabel)}`,
          ...list.map((p) => `${p.marker}${esc(p.seriesName)}：${formatNumber(p.value, ctx.locale, digits)}`),
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: labels, boundaryGap: false },
    yAxis: {
      type: 'value',
      name: input.indicatorLabel,
      nameTextStyle: { align: 'left' },
      scale: true,
      ...(input.integer ? { minInterval: 1 } : {}),
      axisLabel: { formatter: tickFormatter([...input.values, ...input.sectorMedian], ctx.locale, input.integer) },
    },
    series: [
      {
        type: 'line',
        name: input.name,
        data: input.values.map((v) => v ?? null),
        symbolSize: 7,
        lineStyle: { width: 2.5 },
        markLine:
          input.awardYear != null && labels.includes(String(input.awardYear))
            ? { symbol: 'none', silent: true, lineStyle: { type: 'dotted', color: '#999' }, label: { show: false }, data: [{ xAxis: String(input.awardYear) }] }
            : undefined,
      },
      {
        type: 'line',
        name: ctx.t('chart.sectorMedian'),
        data: input.sectorMedian.map((v) => v ?? null),
        symbol: 'none',
        lineStyle: { type: 'dashed', color: COLOR_NEUTRAL },
        itemStyle: { color: COLOR_NEUTRAL },
      },
    ],
  };
}
