import type { ChartContext, ChartOption, HeatmapSeriesOption } from '../types.ts';
import { esc } from '../common.ts';
import { formatNumber } from '../../utils/format.ts';
import { heatmapCells, heatmapOption, type HeatmapInput } from './heatmap.ts';
import { LOW_N_COLOR } from './smallMultiples.ts';

/** Fill of a cell resting on too few applications (outside the colour scale). */
const LOW_N_FILL = '#ececec';

export interface CountedHeatmapInput extends HeatmapInput {
  /** counts[row][column]: the applications each cell's value rests on. */
  counts: readonly (readonly number[])[];
  /** Cells resting on fewer applications are greyed (the server's `minN`). */
  minN: number;
}

/** A cell as drawn: [column, row, value], its count, and whether it rests on too few applications. */
export interface CountedCell {
  value: [number, number, number];
  n: number;
  lowN: boolean;
}

export function countedCells(input: Pick<CountedHeatmapInput, 'values' | 'counts' | 'minN'>): CountedCell[] {
  return heatmapCells(input.values).map((v) => {
    const n = input.counts[v[1]]?.[v[0]] ?? 0;
    return { value: v, n, lowN: n < input.minN };
  });
}

/**
 * The heatmap with each cell's count under its value: cells resting on at least `minN`
 * applications keep the colour scale, the others are grey with grey text and sit outside the
 * scale (a second series the colour map does not touch); the legend names the rule.
 */
export function countedHeatmapOption(input: CountedHeatmapInput, ctx: ChartContext): ChartOption {
  const base = heatmapOption(input, ctx);
  const cells = countedCells(input);
  const digits = input.digits ?? 1;
  const valueName = ctx.t(input.valueKey ?? 'chart.percentOfMax');
  const lowName = ctx.t('insight.heatLowN', { n: input.minN });
  const baseSeries = (Array.isArray(base.series) ? base.series[0] : base.series) as HeatmapSeriesOption;
  const text = (c: CountedCell) => `${formatNumber(c.value[2], ctx.locale, digits)}\n${ctx.t('insight.nShort', { n: c.n })}`;
  const label = (grey: boolean) => ({
    show: true,
    fontSize: 10,
    lineHeight: 12,
    color: grey ? '#8a8a8a' : '#222',
    formatter: (p: unknown) => {
      const c = (p as { data: { cell: CountedCell } }).data.cell;
      return text(c);
    },
  });
  const reliable: HeatmapSeriesOption = {
    ...baseSeries,
    data: cells.filter((c) => !c.lowN).map((c) => ({ value: c.value, cell: c })),
    label: label(false),
  };
  const few: HeatmapSeriesOption = {
    type: 'heatmap',
    name: lowName,
    data: cells.filter((c) => c.lowN).map((c) => ({ value: c.value, cell: c })),
    itemStyle: { color: LOW_N_FILL, borderColor: '#fff', borderWidth: 1 },
    label: label(true),
    emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
  };
  const visualMap = Array.isArray(base.visualMap) ? base.visualMap[0] : base.visualMap;
  return {
    ...base,
    legend: { left: 8, bottom: 0, data: [{ name: lowName, itemStyle: { color: LOW_N_FILL, borderColor: LOW_N_COLOR, borderWidth: 1 } }], selectedMode: false },
    // ECharts wants every heatmap series under a visualMap (its development build throws
    // 'Heatmap must use with visualMap'); the low-count series gets a hidden one that maps
    // every value to the same grey.
    visualMap: [
      { ...visualMap, seriesIndex: 0 },
      { type: 'continuous', show: false, seriesIndex: 1, dimension: 2, min: 0, max: Number.MAX_SAFE_INTEGER, inRange: { color: [LOW_N_FILL, LOW_N_FILL] } },
    ],
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const c = (p as { data: { cell: CountedCell } }).data.cell;
        const few = c.lowN ? `<br/>${esc(ctx.t('insight.fewPoint', { n: input.minN }))}` : '';
        return `<b>${esc(input.rows[c.value[1]] ?? '')}</b> · ${esc((input.columns[c.value[0]] ?? '').replace(/\n/g, ' '))}<br/>${esc(valueName)}：${formatNumber(
          c.value[2],
          ctx.locale,
          digits,
        )}<br/>${esc(ctx.t('insight.basedOn', { n: c.n }))}${few}`;
      },
    },
    series: [reliable, few],
  };
}
