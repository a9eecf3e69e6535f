import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, esc } from '../common.ts';
import { plainLegend } from '../fit.ts';
import { formatNumber } from '../../utils/format.ts';

export interface ExaminerStripInput {
  /** Item ids on the category axis. */
  items: readonly string[];
  /** Full item names for the tooltip (optional). */
  itemNames?: readonly string[];
  /** One row per examiner: percent per item (null = not scored / recused). */
  examiners: readonly { name: string; percents: readonly (number | null)[] }[];
  /** Consensus (or aggregated) percent per item, drawn as a marker line (optional). */
  consensus?: readonly (number | null)[] | null;
}

/**
 * Strip plot: each examiner's percentage per item as a dot, so the spread of the panel is
 * visible; examiners are offset slightly left–right so equal scores do not hide each other.
 */
export function examinerStripOption(input: ExaminerStripInput, ctx: ChartContext): ChartOption {
  const n = input.examiners.length;
  const offset = (k: number) => (n <= 1 ? 0 : (k - (n - 1) / 2) * Math.min(0.12, 0.6 / n));
  const series: ChartOption['series'] = input.examiners.map((e, k) => ({
    type: 'scatter' as const,
    name: e.name,
    symbolSize: 9,
    data: e.percents.flatMap((p, i) => (p == null ? [] : [[i + offset(k), p, i]])),
  }));
  if (input.consensus) {
    (series as unknown[]).push({
      type: 'scatter' as const,
      name: ctx.t('chart.consensus'),
      symbol: 'rect',
      symbolSize: [22, 3],
      itemStyle: { color: '#222' },
      data: input.consensus.flatMap((p, i) => (p == null ? [] : [[i, p, i]])),
    });
  }
  return {
    ...baseOption(),
    legend: plainLegend(undefined),
    grid: { left: 56, right: 20, top: 56, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesName, value } = p as { seriesName: string; value: [number, number, number] };
        const i = value[2];
        const item = `${input.items[i] ?? ''} ${input.itemNames?.[i] ?? ''}`.trim();
        return `<b>${esc(item)}</b><br/>${esc(seriesName)}：${formatNumber(value[1], ctx.locale, 1)}%`;
      },
    },
    xAxis: {
      type: 'value',
      name: ctx.t('chart.item'),
      nameLocation: 'middle',
      nameGap: 30,
      min: -0.5,
      max: input.items.length - 0.5,
      splitLine: { show: false },
      // One tick and one label per item (the axis runs −0.5…n−0.5, so its own ticks fall between items).
      axisTick: { customValues: input.items.map((_, i) => i) },
      axisLabel: {
        customValues: input.items.map((_, i) => i),
        rotate: input.items.length > 12 ? 45 : 0,
        fontSize: 11,
        formatter: (v: number) => (Number.isInteger(v) ? (input.items[v] ?? '') : ''),
      },
    },
    yAxis: { type: 'value', name: ctx.t('chart.percent'), min: 0, max: 100, interval: 10 },
    series,
  };
}
