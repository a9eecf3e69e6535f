import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, esc } from '../common.ts';
import { plainLegend } from '../fit.ts';
import { formatNumber } from '../../utils/format.ts';

export interface TrendLineInput {
  /** Cycle years on the x axis. */
  years: readonly number[];
  series: readonly { name: string; values: readonly (number | null)[] }[];
  /** i18n key naming the value axis. */
  valueKey: string;
  /** Decimals in tooltips (default 1). */
  digits?: number;
  /** Start the value axis at 0 (default true). */
  fromZero?: boolean;
}

/** One line per series across cycles; gaps stay gaps (a missing cycle is not zero). */
export function trendLineOption(input: TrendLineInput, ctx: ChartContext): ChartOption {
  const digits = input.digits ?? 1;
  return {
    ...baseOption(),
    legend: plainLegend(input.series.map((s) => s.name)),
    grid: { left: 56, right: 24, top: 40, bottom: 40 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { axisValue: string; seriesName: string; value: number | null; marker: string }[];
        if (list.length === 0) return '';
        return [
          `<b>${esc(String(list[0]!.axisValue))}</b>`,
          ...list.map((p) => `${p.marker}${esc(p.seriesName)}：${formatNumber(p.value, ctx.locale, digits)}`),
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', name: ctx.t('chart.year'), data: input.years.map(String), boundaryGap: false },
    yAxis: {
      type: 'value',
      name: ctx.t(input.valueKey),
      scale: input.fromZero === false,
      axisLabel: { formatter: (v: number) => formatNumber(v, ctx.locale, 0) },
    },
    series: input.series.map((s) => ({
      type: 'line' as const,
      name: s.name,
      data: s.values.map((v) => (v == null || !Number.isFinite(v) ? null : v)),
      connectNulls: false,
      symbolSize: 7,
    })),
  };
}
