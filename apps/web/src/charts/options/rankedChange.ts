import type { ChartContext, ChartOption, LineSeriesOption, ScatterSeriesOption } from '../types.ts';
import { baseOption, COLOR_DOWN, COLOR_NEUTRAL, COLOR_UP, esc, wrapLabel } from '../common.ts';
import { formatNumber } from '../../utils/format.ts';
import { changeText, LOW_N_COLOR } from './smallMultiples.ts';

export interface RankedChangeRow {
  id: string;
  name: string;
  previous: number | null;
  current: number | null;
  change: number | null;
  previousN: number;
  currentN: number;
  /** Either side rests on fewer than `minN` applications. */
  lowN: boolean;
}

export interface RankedChangeInput {
  previousYear: number;
  currentYear: number;
  /** Rows in any order; the chart sorts them by change, largest rise on top. */
  rows: readonly RankedChangeRow[];
  minN: number;
  /** How many rises and falls to highlight (default 3), among rows with enough applications. */
  highlight?: number;
  /** i18n key naming the value axis. */
  valueKey: string;
  /** Show each row's n beside its name (default true; off when every row rests on the same applications). */
  showN?: boolean;
  digits?: number;
  /** Characters per line of a wrapped name (default 30). */
  wrap?: number;
}

export type RowTone = 'up' | 'down' | 'plain' | 'few';

/** Rows with a change on both cycles, largest rise first (ties by id). */
export function rankRows(rows: readonly RankedChangeRow[]): RankedChangeRow[] {
  return rows
    .filter((r) => r.change !== null && r.previous !== null && r.current !== null)
    .toSorted((a, b) => b.change! - a.change! || a.id.localeCompare(b.id));
}

/**
 * Which rows stand out: the `k` largest rises (green) and falls (red) among rows with enough
 * applications; rows resting on fewer than the minimum are 'few' (grey), never highlighted.
 */
export function tonesOf(ranked: readonly RankedChangeRow[], k: number): RowTone[] {
  const reliable = ranked.map((r, i) => ({ r, i })).filter((x) => !x.r.lowN);
  const up = new Set(
    reliable
      .filter((x) => x.r.change! > 0)
      .slice(0, k)
      .map((x) => x.i),
  );
  const down = new Set(
    reliable
      .filter((x) => x.r.change! < 0)
      .slice(-k)
      .map((x) => x.i),
  );
  return ranked.map((r, i) => (r.lowN ? 'few' : up.has(i) ? 'up' : down.has(i) ? 'down' : 'plain'));
}

const TONE_COLOR: Record<RowTone, string> = { up: COLOR_UP, down: COLOR_DOWN, plain: '#5b6b7f', few: LOW_N_COLOR };

/**
 * A ranked slope chart turned on its side: one row per group, sorted by its change from the
 * previous cycle (hollow dot) to the current one (filled dot), largest rise on top; the top and
 * bottom rows with enough applications are coloured, rows resting on few applications grey and
 * dashed; each row ends in its change with an arrow and a sign, and names its n.
 */
export function rankedChangeOption(input: RankedChangeInput, ctx: ChartContext): ChartOption {
  const ranked = rankRows(input.rows);
  const tones = tonesOf(ranked, input.highlight ?? 3);
  const digits = input.digits ?? 1;
  const showN = input.showN ?? true;
  const prevName = String(input.previousYear);
  const curName = String(input.currentYear);
  const valueName = ctx.t(input.valueKey);
  const labels = ranked.map((r) => {
    const name = wrapLabel(r.name, input.wrap ?? 30);
    return showN ? `${name}\n${ctx.t('insight.nChange', { from: r.previousN, to: r.currentN })}` : name;
  });
  const vals = ranked.flatMap((r) => [r.previous!, r.current!]);
  const lo = vals.length ? Math.min(...vals) : 0;
  const hi = vals.length ? Math.max(...vals) : 100;
  // Room for the change labels either side, the ends on round numbers.
  const pad = Math.max(1, (hi - lo) * 0.12);
  const span = hi - lo + 2 * pad;
  const step = span > 300 ? 100 : span > 120 ? 50 : span > 50 ? 20 : span > 20 ? 10 : span > 8 ? 5 : 1;
  const connectors: LineSeriesOption[] = ranked.map((r, i) => ({
    type: 'line',
    name: r.name,
    silent: true,
    symbol: 'none',
    lineStyle: { width: tones[i] === 'plain' ? 2 : 3, color: TONE_COLOR[tones[i]!], type: tones[i] === 'few' ? 'dashed' : 'solid' },
    data: [
      [r.previous!, i],
      [r.current!, i],
    ],
    z: 1,
  }));
  const previous: ScatterSeriesOption = {
    type: 'scatter',
    name: prevName,
    symbol: 'emptyCircle',
    symbolSize: 9,
    itemStyle: { color: COLOR_NEUTRAL },
    data: ranked.map((r, i) => ({ value: [r.previous!, i], itemStyle: { color: TONE_COLOR[tones[i]!] } })),
    z: 3,
  };
  const current: ScatterSeriesOption = {
    type: 'scatter',
    name: curName,
    symbol: 'circle',
    symbolSize: 10,
    itemStyle: { color: '#333' },
    data: ranked.map((r, i) => ({
      value: [r.current!, i],
      itemStyle: { color: TONE_COLOR[tones[i]!] },
      label: {
        show: true,
        position: r.change! >= 0 ? ('right' as const) : ('left' as const),
        distance: 8,
        fontSize: 11,
        fontWeight: tones[i] === 'up' || tones[i] === 'down' ? ('bold' as const) : ('normal' as const),
        color: TONE_COLOR[tones[i]!] === LOW_N_COLOR ? '#888' : TONE_COLOR[tones[i]!],
        formatter: changeText(r.change, ctx.locale, digits),
      },
    })),
    z: 4,
  };
  return {
    ...baseOption(),
    legend: { top: 0, right: 8, data: [prevName, curName] },
    grid: { left: 8, right: 64, top: 32, bottom: 40, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { value } = p as { value: [number, number] };
        const r = ranked[value[1]];
        if (!r) return '';
        const few = r.lowN ? `<br/>${esc(ctx.t('insight.fewPoint', { n: input.minN }))}` : '';
        return (
          [
            `<b>${esc(r.name)}</b>`,
            `${esc(prevName)}：${formatNumber(r.previous, ctx.locale, digits)}${showN ? ` (${esc(ctx.t('insight.basedOn', { n: r.previousN }))})` : ''}`,
            `${esc(curName)}：${formatNumber(r.current, ctx.locale, digits)}${showN ? ` (${esc(ctx.t('insight.basedOn', { n: r.currentN }))})` : ''}`,
            `${esc(ctx.t('insight.change'))}：${esc(changeText(r.change, ctx.locale, digits))}`,
          ].join('<br/>') + few
        );
      },
    },
    xAxis: {
      type: 'value',
      name: valueName,
      nameLocation: 'middle',
      nameGap: 24,
      min: Math.floor((lo - pad) / step) * step,
      max: Math.ceil((hi + pad) / step) * step,
      interval: step,
      axisLabel: { formatter: (v: number) => formatNumber(v, ctx.locale, 0) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      axisTick: { show: false },
      axisLabel: {
        interval: 0,
        fontSize: 11,
        lineHeight: 13,
        color: (_v?: string | number, i?: number) => (tones[i ?? 0] === 'few' ? '#888' : '#333'),
      },
    },
    series: [...connectors, previous, current],
  };
}

/** Height that gives every row room for a wrapped name and its n. */
export function rankedChangeHeight(rows: number, showN = true): string {
  return `${Math.max(220, rows * (showN ? 42 : 32) + 90)}px`;
}
