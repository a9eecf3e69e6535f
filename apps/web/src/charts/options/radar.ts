import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, esc, wrapLabel } from '../common.ts';
import { plainLegend } from '../fit.ts';
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
    // Every name shown (wrapping rows); the chart frame keeps the radar above the legend.
    legend: plainLegend(
      input.candidates.map((c) => c.name),
      { top: undefined, bottom: 0 },
    ),
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
      // Category names wrap (English at word breaks) and the radius leaves room for them.
      axisName: {
        fontSize: ctx.locale === 'en' ? 11 : 12,
        color: '#333',
        lineHeight: 13,
        formatter: (name?: string) => wrapLabel(name ?? '', ctx.locale === 'en' ? 14 : 6),
      },
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
