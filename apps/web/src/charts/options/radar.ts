import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, esc } from '../common.ts';
import { formatNumber } from '../../utils/format.ts';

export interface RadarAxis {
  id: string;
  label: string;
}

export interface RadarCandidate {
  name: string;
  /** Category score as % of the category's maximum, in the order of `axes`. */
  values: readonly (number | null)[];
}

export interface RadarInput {
  axes: readonly RadarAxis[];
  candidates: readonly RadarCandidate[];
}

/** One polygon per candidate; every axis runs 0–100 % of the category's maximum. */
export function radarOption(input: RadarInput, ctx: ChartContext): ChartOption {
  return {
    ...baseOption(),
    legend: { type: 'scroll', bottom: 0, data: input.candidates.map((c) => c.name) },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { name, value } = p as { name: string; value: (number | null)[] };
        const rows = input.axes.map((a, i) => `${esc(a.label)}：${formatNumber(value[i] ?? null, ctx.locale, 1)}%`);
        return `<b>${esc(name)}</b><br/>${rows.join('<br/>')}`;
      },
    },
    radar: {
      indicator: input.axes.map((a) => ({ name: a.label, max: 100, min: 0 })),
      radius: '62%',
      center: ['50%', '48%'],
      splitNumber: 4,
      axisName: { fontSize: 12, color: '#333' },
    },
    series: [
      {
        type: 'radar',
        name: ctx.t('chart.percentOfMax'),
        symbolSize: 5,
        areaStyle: { opacity: 0.08 },
        data: input.candidates.map((c) => ({ name: c.name, value: c.values.map((v) => (v == null ? 0 : Math.round(v * 10) / 10)) })),
      },
    ],
  };
}
