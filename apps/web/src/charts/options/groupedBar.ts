import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, esc } from '../common.ts';
import { labelColumnWidth, plainLegend, textWidth, wrappingLabel } from '../fit.ts';
import { formatNumber } from '../../utils/format.ts';

export interface GroupedBarInput {
  /** Category-axis labels (e.g. item ids `4.1.2`…). */
  labels: readonly string[];
  /** Full names for the tooltip, same order as labels (optional). */
  fullLabels?: readonly string[];
  series: readonly { name: string; values: readonly (number | null)[] }[];
  /** i18n key of the value axis (default `chart.points`). */
  valueKey?: string;
  /** Horizontal bars (long labels) instead of vertical. */
  horizontal?: boolean;
  /** Upper bound of the value axis (optional). */
  max?: number;
  /** Show a slider when there are many categories. */
  zoom?: boolean;
}

/** Bars grouped by category, one colour per series (candidate, cycle…). */
export function groupedBarOption(input: GroupedBarInput, ctx: ChartContext): ChartOption {
  const valueName = ctx.t(input.valueKey ?? 'chart.points');
  // Vertical bars turn their labels when they would not fit side by side (about 560 px of plot).
  const widest = Math.max(0, ...input.labels.map((l) => textWidth(l, 11)));
  const turn = input.labels.length > 12 || input.labels.length * (widest + 10) > 560;
  const left = labelColumnWidth(input.labels, 11, 220, 60);
  const catAxis = {
    type: 'category' as const,
    data: [...input.labels],
    axisLabel: input.horizontal ? wrappingLabel(left - 10) : { interval: 0, fontSize: 11, rotate: turn ? 45 : 0 },
  };
  const valAxis = {
    type: 'value' as const,
    name: valueName,
    ...(input.horizontal ? { nameLocation: 'middle' as const, nameGap: 26 } : {}),
    ...(input.max != null ? { max: input.max } : {}),
    axisLabel: { formatter: (v: number) => formatNumber(v, ctx.locale, 0) },
  };
  return {
    ...baseOption(),
    legend: plainLegend(
      input.series.map((s) => s.name),
      { show: input.series.length > 1 },
    ),
    grid: input.horizontal
      ? { left, right: 24, top: input.series.length > 1 ? 36 : 12, bottom: 44 }
      : { left: 56, right: 20, top: 40, bottom: (input.zoom ? 72 : 56) + (turn ? Math.min(60, widest * 0.7) - 12 : 0) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number; seriesName: string; value: number | null; marker: string }[];
        if (list.length === 0) return '';
        const i = list[0]!.dataIndex;
        const head = input.fullLabels?.[i] ? `${input.labels[i]} ${input.fullLabels[i]}` : (input.labels[i] ?? '');
        return [`<b>${esc(head)}</b>`, ...list.map((p) => `${p.marker}${esc(p.seriesName)}：${formatNumber(p.value, ctx.locale, 1)}`)].join('<br/>');
      },
    },
    xAxis: input.horizontal ? valAxis : catAxis,
    yAxis: input.horizontal ? { ...catAxis, inverse: true } : valAxis,
    dataZoom: input.zoom && !input.horizontal ? [{ type: 'slider', height: 16, bottom: 8 }] : [],
    series: input.series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      data: s.values.map((v) => (v == null ? null : Math.round(v * 100) / 100)),
      barMaxWidth: 18,
    })),
  };
}
