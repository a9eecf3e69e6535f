import type { ChartContext, ChartOption, LineSeriesOption } from '../types.ts';
import { baseOption, COLOR_DOWN, COLOR_NEUTRAL, COLOR_UP, esc, PALETTE, wrapLabel } from '../common.ts';
import { formatNumber, formatSigned } from '../../utils/format.ts';

export interface SmallMultiplePoint {
  year: number;
  /** Applications the value rests on. */
  n: number;
  value: number | null;
  /** Fewer than `minN` applications: drawn grey and hollow. */
  lowN: boolean;
}

export interface SmallMultiplesInput {
  /** The cycles on every panel's x axis. */
  years: readonly number[];
  /** One panel per group (e.g. banner/district), in the order given (ranked by change). */
  panels: readonly { id: string; name: string; points: readonly SmallMultiplePoint[]; change: number | null; lowN: boolean }[];
  minN: number;
  /** i18n key naming the value. */
  valueKey: string;
  /** Panels per row (default 3). */
  columns?: number;
  digits?: number;
}

/** Grey of a value that rests on too few applications. */
export const LOW_N_COLOR = '#b0b0b0';

/** ▲ / ▼ / ▬ and the signed change: the direction is never told by colour alone. */
export function changeText(change: number | null, locale: ChartContext['locale'], digits = 1): string {
  if (change === null) return '—';
  const arrow = change > 0 ? '▲' : change < 0 ? '▼' : '▬';
  return `${arrow} ${formatSigned(change, locale, digits)}`;
}

export function changeColor(change: number | null, lowN = false): string {
  if (change === null || lowN || change === 0) return COLOR_NEUTRAL;
  return change > 0 ? COLOR_UP : COLOR_DOWN;
}

/** One shared value range for every panel, on round numbers. */
function sharedRange(panels: SmallMultiplesInput['panels']): [number, number] {
  const vals = panels.flatMap((p) => p.points.map((x) => x.value)).filter((v): v is number => v !== null && Number.isFinite(v));
  if (!vals.length) return [0, 100];
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const step = hi - lo > 200 ? 100 : 50;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/**
 * Small multiples: one small line chart per group across cycles, all on the same scale, each
 * point labelled with its n; points resting on fewer than `minN` applications are grey and
 * hollow, so one applicant does not read like ten. The panel title gives the change (arrow and
 * sign) from the previous cycle to the current one.
 */
export function smallMultiplesOption(input: SmallMultiplesInput, ctx: ChartContext): ChartOption {
  const cols = Math.max(1, input.columns ?? 3);
  const rows = Math.max(1, Math.ceil(input.panels.length / cols));
  const digits = input.digits ?? 1;
  const [min, max] = sharedRange(input.panels);
  const years = input.years.map(String);
  const valueName = ctx.t(input.valueKey);
  // Layout in percentages of the canvas: a title band above each panel.
  const cellW = 100 / cols;
  const cellH = 100 / rows;
  const grid = input.panels.map((_, i) => {
    const c = i % cols;
    const r = Math.floor(i / cols);
    return {
      left: `${c * cellW + 5}%`,
      width: `${cellW - 8}%`,
      top: `${r * cellH + cellH * 0.3}%`,
      height: `${cellH * 0.5}%`,
      containLabel: false,
    };
  });
  const title = input.panels.map((p, i) => {
    const c = i % cols;
    const r = Math.floor(i / cols);
    return {
      text: wrapLabel(p.name, 28),
      subtext: `${changeText(p.change, ctx.locale, digits)}${p.lowN ? `  ${ctx.t('insight.fewMark', { n: input.minN })}` : ''}`,
      left: `${c * cellW + 4}%`,
      top: `${r * cellH + 1}%`,
      itemGap: 2,
      textStyle: { fontSize: 12, fontWeight: 'bold' as const, color: p.lowN ? '#777' : '#333' },
      subtextStyle: { fontSize: 11, color: changeColor(p.change, p.lowN) },
    };
  });
  const series: LineSeriesOption[] = input.panels.map((p, i) => {
    const byYear = new Map(p.points.map((x) => [x.year, x]));
    return {
      type: 'line',
      name: p.name,
      xAxisIndex: i,
      yAxisIndex: i,
      connectNulls: false,
      symbolSize: 7,
      lineStyle: { width: 2, color: p.lowN ? LOW_N_COLOR : PALETTE[0], type: p.lowN ? 'dashed' : 'solid' },
      data: input.years.map((y) => {
        const x = byYear.get(y);
        if (!x || x.value === null) return { value: null };
        return {
          value: x.value,
          n: x.n,
          symbol: x.lowN ? 'emptyCircle' : 'circle',
          itemStyle: { color: x.lowN ? LOW_N_COLOR : PALETTE[0], borderColor: x.lowN ? LOW_N_COLOR : PALETTE[0] },
          label: {
            show: true,
            position: 'top' as const,
            fontSize: 10,
            color: x.lowN ? '#888' : '#444',
            formatter: ctx.t('insight.nShort', { n: x.n }),
          },
        };
      }),
    };
  });
  return {
    ...baseOption(),
    title,
    grid,
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesIndex, dataIndex } = p as { seriesIndex: number; dataIndex: number };
        const panel = input.panels[seriesIndex];
        const point = panel?.points.find((x) => x.year === input.years[dataIndex]);
        if (!panel || !point) return '';
        const few = point.lowN ? `<br/>${esc(ctx.t('insight.fewPoint', { n: input.minN }))}` : '';
        return `<b>${esc(panel.name)}</b> · ${esc(String(point.year))}<br/>${esc(valueName)}：${formatNumber(point.value, ctx.locale, digits)}<br/>${esc(
          ctx.t('insight.basedOn', { n: point.n }),
        )}${few}`;
      },
    },
    xAxis: input.panels.map((_, i) => ({
      type: 'category' as const,
      gridIndex: i,
      data: years,
      boundaryGap: true,
      axisTick: { show: false },
      axisLabel: { fontSize: 10, interval: 0 },
    })),
    yAxis: input.panels.map((_, i) => ({
      type: 'value' as const,
      gridIndex: i,
      min,
      max,
      splitNumber: 2,
      axisLabel: { fontSize: 10, formatter: (v: number) => formatNumber(v, ctx.locale, 0) },
    })),
    series,
  };
}
