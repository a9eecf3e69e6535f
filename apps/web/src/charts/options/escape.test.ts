/**
 * Tooltips are HTML: every name that reaches one (organisations, examiners, sectors, items,
 * series) is escaped, so a name like `<img src=x onerror=…>` shows as text and never runs.
 * Each option builder gets the payload in every text input, and each tooltip formatter is called
 * with the parameters ECharts passes.
 */
import { describe, expect, it } from 'vitest';
import { testContext } from '../testContext.ts';
import { boxPlotOption } from './boxplot.ts';
import { examinerStripOption } from './examinerStrip.ts';
import { groupedBarOption } from './groupedBar.ts';
import { heatmapOption } from './heatmap.ts';
import { histogramOption } from './histogram.ts';
import { indicatorLineOption } from './indicatorLine.ts';
import { leniencyBarOption } from './leniencyBar.ts';
import { radarOption } from './radar.ts';
import { rankAcceptabilityOption } from './rankAcceptability.ts';
import { slopeOption } from './slope.ts';
import { trendLineOption } from './trendLine.ts';

const X = '<img src=x onerror=alert(1)>';
const ctx = testContext('zh-CN');
type Formatter = (p: unknown) => string;
const tooltip = (o: unknown): Formatter => (o as { tooltip: { formatter: Formatter } }).tooltip.formatter;

/** No markup from the payload survives; its text does, escaped. */
function safe(html: string): void {
  expect(html).not.toContain('<img');
  expect(html).not.toMatch(/<[a-z]+[^>]*onerror/i);
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
}

describe('chart tooltips escape every name', () => {
  it('heatmap', () => {
    safe(tooltip(heatmapOption({ rows: [X], columns: [X], values: [[50]] }, ctx))({ value: [0, 0, 50] }));
  });
  it('trend line', () => {
    const f = tooltip(trendLineOption({ years: [2023], series: [{ name: X, values: [600] }], valueKey: 'trends.meanTotal' }, ctx));
    safe(f([{ axisValue: X, seriesName: X, value: 600, marker: '' }]));
  });
  it('rank acceptability', () => {
    safe(tooltip(rankAcceptabilityOption({ candidates: [X], shares: [[1]] }, ctx))({ value: [0, 0, 1] }));
  });
  it('box plot, box and outlier', () => {
    const o = boxPlotOption({ groups: [{ label: X, values: [10, 20, 30, 40, 50, 99] }] }, ctx);
    safe(tooltip(o)({ dataIndex: 0, seriesType: 'boxplot', value: [] }));
    safe(tooltip(o)({ dataIndex: 0, seriesType: 'scatter', value: [0, 99] }));
  });
  it('histogram (no names: bin labels only)', () => {
    const html = tooltip(histogramOption({ values: [610, 620] }, ctx))([{ dataIndex: 0 }]);
    expect(html).not.toContain('<img');
  });
  it('slope', () => {
    safe(tooltip(slopeOption({ candidates: [{ name: X, before: 1, after: 2 }] }, ctx))({ seriesName: X }));
    safe(tooltip(slopeOption({ candidates: [] }, ctx))({ seriesName: X }));
  });
  it('examiner strip', () => {
    const o = examinerStripOption({ items: [X], itemNames: [X], examiners: [{ name: X, percents: [50] }], consensus: [null] }, ctx);
    safe(tooltip(o)({ seriesName: X, value: [0, 50, 0] }));
  });
  it('indicator line', () => {
    const o = indicatorLineOption({ years: [2023], name: X, values: [1], sectorMedian: [1], indicatorLabel: X }, ctx);
    safe(tooltip(o)([{ axisValue: X, seriesName: X, value: 1, marker: '' }]));
  });
  it('grouped bar', () => {
    const o = groupedBarOption({ labels: [X], fullLabels: [X], series: [{ name: X, values: [1] }] }, ctx);
    safe(tooltip(o)([{ dataIndex: 0, seriesName: X, value: 1, marker: '' }]));
  });
  it('leniency bar', () => {
    safe(tooltip(leniencyBarOption({ examiners: [{ name: X, deviation: 2 }] }, ctx))([{ name: X, value: 2 }]));
  });
  it('radar', () => {
    const o = radarOption({ axes: [{ id: '4.1', label: X }], candidates: [{ name: X, values: [50] }] }, ctx);
    safe(tooltip(o)({ name: X, value: [50] }));
  });
});
