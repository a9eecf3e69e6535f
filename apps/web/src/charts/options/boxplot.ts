import { boxStats, type BoxStats } from '@mqa/scoring';
import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, esc } from '../common.ts';
import { wrappingLabel } from '../fit.ts';
import { formatNumber } from '../../utils/format.ts';

export interface BoxGroup {
  /** Axis label (already localized, e.g. a category name). */
  label: string;
  /** Box statistics from @mqa/scoring `boxStats` (the server's overview sends them)… */
  stats?: BoxStats | null;
  /** …or raw values, summarised here with the same function. */
  values?: readonly number[];
}

export interface BoxPlotInput {
  groups: readonly BoxGroup[];
  /** Axis name i18n key (default `chart.percentOfMax`). */
  valueKey?: string;
  /** Upper bound of the value axis (default 100). */
  max?: number;
}

/** The statistics of a group: given, or computed by the scoring core. */
export function statsOf(g: BoxGroup): BoxStats | null {
  if (g.stats !== undefined) return g.stats;
  return boxStats(g.values ?? []);
}

/**
 * One box per group (Tukey whiskers as computed by the scoring core), outliers as dots,
 * values on a 0–100 % axis.
 */
export function boxPlotOption(input: BoxPlotInput, ctx: ChartContext): ChartOption {
  const stats = input.groups.map(statsOf);
  const f = (v: number) => formatNumber(v, ctx.locale, 1);
  const name = ctx.t(input.valueKey ?? 'chart.percentOfMax');
  const outliers = stats.flatMap((s, i) => (s ? s.outliers.map((v) => [i, v]) : []));
  return {
    ...baseOption(),
    grid: { left: 56, right: 20, top: 36, bottom: ctx.locale === 'en' ? 62 : 48 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { dataIndex, seriesType, value } = p as { dataIndex: number; seriesType: string; value: number[] };
        if (seriesType === 'scatter') return `${esc(input.groups[value[0]!]?.label ?? '')}：${f(value[1]!)}`;
        const s = stats[dataIndex];
        const g = input.groups[dataIndex];
        if (!s || !g) return ctx.t('chart.noData');
        return `<b>${esc(g.label)}</b><br/>${ctx.t('chart.boxTooltip', { min: f(s.lowerWhisker), q1: f(s.q1), median: f(s.median), q3: f(s.q3), max: f(s.upperWhisker) })}`;
      },
    },
    xAxis: {
      type: 'category',
      data: input.groups.map((g) => g.label),
      // Names wrap onto lines (English at word breaks, a size smaller), never cut.
      axisLabel: ctx.locale === 'en' ? wrappingLabel(58, 10) : wrappingLabel(64, 11),
    },
    yAxis: {
      type: 'value',
      name,
      min: 0,
      max: input.max ?? 100,
      axisLabel: { formatter: (v: number) => formatNumber(v, ctx.locale, 0) },
    },
    series: [
      {
        type: 'boxplot',
        name,
        data: stats.map((s) => (s ? [s.lowerWhisker, s.q1, s.median, s.q3, s.upperWhisker] : [])),
        itemStyle: { borderWidth: 1.5 },
      },
      { type: 'scatter', name, data: outliers, symbolSize: 6 },
    ],
  };
}
