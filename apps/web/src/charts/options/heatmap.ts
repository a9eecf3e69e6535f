import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, esc } from '../common.ts';
import { labelColumnWidth, wrappingLabel } from '../fit.ts';
import { formatNumber } from '../../utils/format.ts';

export interface HeatmapInput {
  /** Row labels (e.g. sectors or banners/districts). */
  rows: readonly string[];
  /** Column labels (e.g. categories). */
  columns: readonly string[];
  /** values[row][column]; null = no data. */
  values: readonly (readonly (number | null)[])[];
  /** Colour scale bounds (default: the data's min and max). */
  min?: number;
  max?: number;
  /** i18n key naming the value (default `chart.percentOfMax`). */
  valueKey?: string;
  /** Decimals shown in cells (default 1). */
  digits?: number;
}

/** [column, row, value] triples of the non-empty cells. */
export function heatmapCells(values: HeatmapInput['values']): [number, number, number][] {
  const out: [number, number, number][] = [];
  values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v != null && Number.isFinite(v)) out.push([c, r, v]);
    }),
  );
  return out;
}

/** Rows × columns heatmap with a value in each cell and a continuous colour scale. */
export function heatmapOption(input: HeatmapInput, ctx: ChartContext): ChartOption {
  const cells = heatmapCells(input.values);
  const vals = cells.map((c) => c[2]);
  const min = input.min ?? (vals.length ? Math.floor(Math.min(...vals)) : 0);
  const max = input.max ?? (vals.length ? Math.ceil(Math.max(...vals)) : 100);
  const digits = input.digits ?? 1;
  const valueName = ctx.t(input.valueKey ?? 'chart.percentOfMax');
  // Row names wrap in a column as wide as the longest (up to 220 px); column names wrap under the cells.
  const left = labelColumnWidth(input.rows, 11, 220, 60);
  const en = ctx.locale === 'en';
  return {
    ...baseOption(),
    grid: { left, right: 24, top: 16, bottom: en ? 92 : 72 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { value } = p as { value: [number, number, number] };
        return `<b>${esc(input.rows[value[1]] ?? '')}</b> · ${esc(input.columns[value[0]] ?? '')}<br/>${esc(valueName)}：${formatNumber(value[2], ctx.locale, digits)}`;
      },
    },
    xAxis: { type: 'category', data: [...input.columns], splitArea: { show: true }, axisLabel: en ? wrappingLabel(62, 10) : wrappingLabel(80, 11) },
    yAxis: {
      type: 'category',
      data: [...input.rows],
      splitArea: { show: true },
      inverse: true,
      axisLabel: { ...wrappingLabel(left - 10, 11), lineHeight: 12 },
    },
    visualMap: {
      min,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 12,
      text: [formatNumber(max, ctx.locale, 0), formatNumber(min, ctx.locale, 0)],
      inRange: { color: ['#c62828', '#fdd49e', '#f7f7f7', '#a6d96a', '#1a7f37'] },
    },
    series: [
      {
        type: 'heatmap',
        name: valueName,
        data: cells,
        label: { show: true, fontSize: 10, formatter: (p: unknown) => formatNumber((p as { value: number[] }).value[2] ?? null, ctx.locale, digits) },
        emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
      },
    ],
  };
}
