import type { ChartContext, ChartOption } from '../types.ts';
import { baseOption, COLOR_DOWN, COLOR_LINE, COLOR_NEUTRAL, COLOR_UP, esc } from '../common.ts';
import { labelColumnWidth } from '../fit.ts';

export interface SlopeInput {
  candidates: readonly { name: string; before: number; after: number }[];
  /** Award cap: ranks ≤ cap are inside the award line (drawn as a dashed line). */
  cap?: number | null;
}

/** Direction of a rank change: up = better (smaller rank number). */
export function moveOf(before: number, after: number): 'up' | 'down' | 'same' {
  return after < before ? 'up' : after > before ? 'down' : 'same';
}

/**
 * Slope chart of ranks before and after a weight change: one line per candidate from the left
 * axis (before) to the right (after); rank 1 at the top; green = moved up, red = moved down.
 */
export function slopeOption(input: SlopeInput, ctx: ChartContext): ChartOption {
  const n = Math.max(1, ...input.candidates.map((c) => Math.max(c.before, c.after)));
  const before = ctx.t('chart.rankBefore');
  const after = ctx.t('chart.rankAfter');
  const colour = { up: COLOR_UP, down: COLOR_DOWN, same: COLOR_NEUTRAL };
  // Whole names beside the ranks, wrapping in a column as wide as the longest (up to 230 px).
  const side = labelColumnWidth(
    input.candidates.map((c) => `${c.name}  ${n}`),
    10,
    230,
    80,
  );
  const nameLabel = { show: true, fontSize: 10, width: side - 12, overflow: 'break' as const, lineHeight: 11 };
  return {
    ...baseOption(),
    grid: { left: side, right: side, top: 24, bottom: 24 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesName } = p as { seriesName: string };
        const c = input.candidates.find((x) => x.name === seriesName);
        if (!c) return esc(seriesName);
        return `<b>${esc(seriesName)}</b><br/>${esc(before)}：${c.before}<br/>${esc(after)}：${c.after}`;
      },
    },
    xAxis: { type: 'category', data: [before, after], boundaryGap: false, axisLabel: { fontWeight: 'bold' } },
    yAxis: { type: 'value', inverse: true, min: 0.5, max: n + 0.5, interval: 1, show: false },
    series: input.candidates.map((c, i) => {
      const m = moveOf(c.before, c.after);
      return {
        type: 'line' as const,
        name: c.name,
        data: [
          { value: c.before, label: { ...nameLabel, position: 'left' as const, align: 'right' as const, formatter: `${c.name}  ${c.before}` } },
          { value: c.after, label: { ...nameLabel, position: 'right' as const, align: 'left' as const, formatter: `${c.after}  ${c.name}` } },
        ],
        symbolSize: 6,
        lineStyle: { width: m === 'same' ? 1 : 2, color: colour[m] },
        itemStyle: { color: colour[m] },
        z: m === 'same' ? 1 : 3,
        labelLayout: { hideOverlap: true },
        ...(i === 0 && input.cap
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: COLOR_LINE, type: 'dashed' as const },
                label: { formatter: ctx.t('chart.capLine', { cap: input.cap }), position: 'insideEndTop' as const, color: COLOR_LINE },
                data: [{ yAxis: input.cap + 0.5 }],
              },
            }
          : {}),
      };
    }),
  };
}
