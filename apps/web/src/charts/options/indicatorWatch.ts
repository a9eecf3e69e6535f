import type { ChartContext, ChartOption, LineSeriesOption, ScatterSeriesOption } from '../types.ts';
import { COLOR_DOWN, esc } from '../common.ts';
import { formatNumber } from '../../utils/format.ts';
import { indicatorLineOption, type IndicatorLineInput } from './indicatorLine.ts';

export interface IndicatorWatchInput extends IndicatorLineInput {
  /** The sector's interquartile band per year (null: no sector data that year). */
  sectorP25: readonly (number | null)[];
  sectorP75: readonly (number | null)[];
  /** Applications (awardees' records) the sector figures rest on, per year. */
  sectorN: readonly number[];
  /** Per year: why the value is worth a look (the server's `watch` message, localized), or null. */
  watch: readonly (string | null)[];
  /** A fixed watch line of the indicator (e.g. satisfaction below 80), drawn across the chart. */
  watchLine?: number | null;
}

const BAND_COLOR = '#9e9e9e';

/**
 * The awardee's indicator against its sector: the sector's median (dashed) and interquartile
 * band (grey), the indicator's fixed watch line when it has one, and a red triangle on every
 * year whose value crosses a watch line (shape and legend, not colour alone).
 */
export function indicatorWatchOption(input: IndicatorWatchInput, ctx: ChartContext): ChartOption {
  const base = indicatorLineOption(input, ctx);
  const digits = input.digits ?? 1;
  const baseSeries = (Array.isArray(base.series) ? base.series : [base.series]) as LineSeriesOption[];
  const bandName = ctx.t('insight.sectorBand');
  const watchName = ctx.t('insight.worthALook');
  const labels = input.years.map(String);
  const lower: LineSeriesOption = {
    type: 'line',
    name: `${bandName}-base`,
    data: input.sectorP25.map((v) => v ?? null),
    stack: 'sector-band',
    symbol: 'none',
    silent: true,
    lineStyle: { opacity: 0 },
    tooltip: { show: false },
    z: 0,
  };
  const band: LineSeriesOption = {
    type: 'line',
    name: bandName,
    data: input.sectorP75.map((v, i) => {
      const lo = input.sectorP25[i];
      return v === null || lo == null ? null : v - lo;
    }),
    stack: 'sector-band',
    symbol: 'none',
    silent: true,
    lineStyle: { opacity: 0 },
    itemStyle: { color: BAND_COLOR },
    areaStyle: { color: BAND_COLOR, opacity: 0.22 },
    z: 0,
  };
  const marks: ScatterSeriesOption = {
    type: 'scatter',
    name: watchName,
    symbol: 'triangle',
    symbolSize: 16,
    itemStyle: { color: COLOR_DOWN, borderColor: '#fff', borderWidth: 1 },
    data: input.watch.flatMap((w, i) => {
      const v = input.values[i];
      return w !== null && v != null ? [{ value: [labels[i]!, v], watch: w }] : [];
    }),
    z: 5,
  };
  const [own, median] = baseSeries;
  // A fixed watch line: an invisible constant series, so the value axis takes it into its range, carrying the marked line.
  const line: LineSeriesOption[] =
    input.watchLine != null
      ? [
          {
            type: 'line',
            name: `${watchName}-line`,
            data: labels.map(() => input.watchLine!),
            symbol: 'none',
            silent: true,
            lineStyle: { opacity: 0 },
            tooltip: { show: false },
            markLine: {
              symbol: 'none',
              silent: true,
              lineStyle: { type: 'dashed', color: COLOR_DOWN, width: 1 },
              label: {
                formatter: ctx.t('insight.watchLine', { value: formatNumber(input.watchLine, ctx.locale, digits) }),
                position: 'insideEndTop',
                color: COLOR_DOWN,
                fontSize: 10,
              },
              data: [{ yAxis: input.watchLine }],
            },
          },
        ]
      : [];
  const legendData = [input.name, ctx.t('chart.sectorMedian'), bandName, watchName];
  const baseLegend = (Array.isArray(base.legend) ? base.legend[0] : base.legend) ?? {};
  const baseGrid = (Array.isArray(base.grid) ? base.grid[0] : base.grid) ?? {};
  return {
    ...base,
    // Four entries wrap onto two rows: below the plot, clear of the value axis's name at the top.
    legend: { ...baseLegend, data: legendData, top: undefined, bottom: 0, itemGap: 8, itemWidth: 18, textStyle: { fontSize: 11 } },
    grid: { ...baseGrid, top: 40, bottom: 76 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { axisValue?: string | number }[];
        const i = labels.indexOf(String(list[0]?.axisValue ?? ''));
        if (i < 0) return '';
        const lines = [
          `<b>${esc(labels[i] ?? '')}</b> · ${esc(input.indicatorLabel)}`,
          `${esc(input.name)}：${formatNumber(input.values[i] ?? null, ctx.locale, digits)}`,
          `${esc(ctx.t('chart.sectorMedian'))}：${formatNumber(input.sectorMedian[i] ?? null, ctx.locale, digits)} (${esc(
            ctx.t('insight.sectorBasedOn', { n: input.sectorN[i] ?? 0 }),
          )})`,
          `${esc(bandName)}：${formatNumber(input.sectorP25[i] ?? null, ctx.locale, digits)}–${formatNumber(input.sectorP75[i] ?? null, ctx.locale, digits)}`,
        ];
        const w = input.watch[i];
        if (w) lines.push(`<span style="color:${COLOR_DOWN}">▲ ${esc(watchName)}：${esc(w)}</span>`);
        return lines.join('<br/>');
      },
    },
    series: [lower, band, own!, median!, ...line, marks],
  };
}
