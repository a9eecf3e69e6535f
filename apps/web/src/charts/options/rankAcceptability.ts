import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, esc } from '../common.ts';
import { labelColumnWidth, wrappingLabel } from '../fit.ts';
import { formatShare } from '../../utils/format.ts';

export interface RankAcceptabilityInput {
  /** Candidate names, in the order of the rows of `shares`. */
  candidates: readonly string[];
  /** shares[candidate][rank − 1] = probability (0–1) that the candidate takes that rank. */
  shares: readonly (readonly number[])[];
  /** Show at most this many rank columns (default: all). */
  maxRanks?: number;
}

/**
 * Rank acceptability (SMAA): how often each candidate takes each rank when the weights vary.
 * Rows = candidates, columns = ranks 1…n; empty cells (probability 0) are left out.
 */
export function rankAcceptabilityOption(input: RankAcceptabilityInput, ctx: ChartContext): ChartOption {
  const nRanks = Math.min(input.maxRanks ?? Infinity, Math.max(0, ...input.shares.map((r) => r.length)));
  const ranks = Array.from({ length: nRanks }, (_, i) => String(i + 1));
  const data: [number, number, number][] = [];
  input.shares.forEach((row, r) => {
    for (let k = 0; k < nRanks; k++) {
      const v = row[k] ?? 0;
      if (v > 0) data.push([k, r, Math.round(v * 1000) / 1000]);
    }
  });
  // Names wrap onto two lines in a column as wide as they need (up to 230 px), never cut.
  const left = Math.min(230, Math.ceil(labelColumnWidth(input.candidates, 10, 460, 80) / 2) + 24);
  return {
    ...baseOption(),
    grid: { left, right: 24, top: 16, bottom: 64 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { value } = p as { value: [number, number, number] };
        return ctx.t('chart.rankProbability', {
          name: esc(input.candidates[value[1]] ?? ''),
          rank: value[0] + 1,
          value: formatShare(value[2], ctx.locale, 1),
        });
      },
    },
    xAxis: { type: 'category', name: ctx.t('chart.rank'), nameLocation: 'middle', nameGap: 24, data: ranks, splitArea: { show: true } },
    yAxis: { type: 'category', data: [...input.candidates], inverse: true, axisLabel: { ...wrappingLabel(left - 10, 10), lineHeight: 11 } },
    visualMap: {
      min: 0,
      max: 1,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 12,
      text: [formatShare(1, ctx.locale, 0), formatShare(0, ctx.locale, 0)],
      inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] },
    },
    series: [
      {
        type: 'heatmap',
        name: ctx.t('chart.probability'),
        data,
        label: {
          show: nRanks <= 12,
          fontSize: 9,
          formatter: (p: unknown) => {
            const v = (p as { value: number[] }).value[2] ?? 0;
            return v >= 0.05 ? formatShare(v, ctx.locale, 0) : '';
          },
        },
      },
    ],
  };
}
