import { describe, expect, it } from 'vitest';
import { testContext } from '../testContext.ts';
import { seriesPointCounts } from '../common.ts';
import { binsOf, histogramOption } from './histogram.ts';
import { boxPlotOption, statsOf } from './boxplot.ts';
import { radarOption } from './radar.ts';
import { groupedBarOption } from './groupedBar.ts';
import { examinerStripOption } from './examinerStrip.ts';
import { heatmapCells, heatmapOption } from './heatmap.ts';
import { trendLineOption } from './trendLine.ts';
import { moveOf, slopeOption } from './slope.ts';
import { rankAcceptabilityOption } from './rankAcceptability.ts';
import { indicatorLineOption } from './indicatorLine.ts';
import { leniencyBarOption } from './leniencyBar.ts';

const zh = testContext('zh-CN');
const en = testContext('en');

// Narrow accessors for the parts of an option under test.
type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const series = (o: unknown) => (o as AnyObj).series as AnyObj[];
const axis = (o: unknown, which: 'xAxis' | 'yAxis') => (o as AnyObj)[which] as AnyObj;
const fmt = (o: unknown, path: 'tooltip') => ((o as AnyObj)[path] as AnyObj).formatter as (p: unknown) => string;

describe('histogram', () => {
  it('bins raw totals with the scoring core (50-point bins, maximum in the last bin) or takes given bins', () => {
    const bins = binsOf({ values: [0, 49.9, 50, 999, 1000] });
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ from: 0, to: 50, count: 2 });
    expect(bins[1]!.count).toBe(1);
    expect(bins[19]).toEqual({ from: 950, to: 1000, count: 2 });
    const given = [{ from: 600, to: 650, count: 3 }];
    expect(binsOf({ bins: given, values: [1] })).toEqual(given);
  });

  it('shows the populated span with the minimum total marked, labelled per language', () => {
    const values = [612, 655, 640, 702, 718, 790, 805];
    const o = histogramOption({ values, minTotal: 600 }, zh);
    const data = series(o)[0]!.data as number[];
    expect(data.reduce((a, b) => a + b, 0)).toBe(values.length);
    expect(axis(o, 'xAxis').data[0]).toBe('550–600');
    expect(axis(o, 'xAxis').name).toBe('总分区间');
    expect(axis(o, 'yAxis').name).toBe('申报数');
    expect(series(o)[0]!.markLine.data.map((d: AnyObj) => d.xAxis)).toEqual(['600–650']);
    expect(series(o)[0]!.markLine.data[0].label.formatter).toBe('最低分数线 600');
    const oe = histogramOption({ values, minTotal: 600, capLine: 790 }, en);
    expect(axis(oe, 'xAxis').name).toBe('Total score range');
    expect(series(oe)[0]!.markLine.data.map((d: AnyObj) => d.xAxis)).toEqual(['600–650', '750–800']);
    expect(series(oe)[0]!.markLine.data[0].label.formatter).toBe('Minimum total 600');
    expect(series(oe)[0]!.markLine.data[1].label.formatter).toBe('Cap line 790.0');
    expect(fmt(oe, 'tooltip')([{ dataIndex: 1 }])).toBe('600–650: 2 applications');
  });

  it('draws an empty histogram without a marker when there is no data', () => {
    const o = histogramOption({ values: [] }, en);
    expect(seriesPointCounts(o)).toEqual([20]);
    expect(series(o)[0]!.markLine).toBeUndefined();
  });
});

describe('box plot', () => {
  it('summarises raw values with the scoring core, or uses given statistics', () => {
    const s = statsOf({ label: 'x', values: [1, 2, 3, 4, 5] })!;
    expect([s.min, s.q1, s.median, s.q3, s.max]).toEqual([1, 2, 3, 4, 5]);
    expect(statsOf({ label: 'x', values: [] })).toBeNull();
    expect(statsOf({ label: 'x', stats: null, values: [1] })).toBeNull();
  });

  it('one box per category, axis named per language', () => {
    const o = boxPlotOption(
      {
        groups: [
          { label: '领导', values: [50, 60, 70] },
          { label: '结果', values: [40, 45] },
        ],
      },
      zh,
    );
    expect(series(o)[0]!.data).toEqual([
      [50, 55, 60, 65, 70],
      [40, 41.25, 42.5, 43.75, 45],
    ]);
    expect(series(o)[1]!.data).toEqual([]);
    const withOutlier = boxPlotOption({ groups: [{ label: 'x', values: [50, 51, 52, 53, 54, 99] }] }, zh);
    expect(series(withOutlier)[1]!.data).toEqual([[0, 99]]);
    expect(series(withOutlier)[0]!.data[0][4]).toBe(54);
    expect(axis(o, 'xAxis').data).toEqual(['领导', '结果']);
    expect(axis(o, 'yAxis').name).toBe('占满分比例（%）');
    expect(fmt(o, 'tooltip')({ dataIndex: 0 })).toContain('中位数：60');
    expect(axis(boxPlotOption({ groups: [] }, en), 'yAxis').name).toBe('Share of maximum (%)');
  });
});

describe('radar', () => {
  it('one polygon per candidate over the seven categories', () => {
    const axes = ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7'].map((id) => ({ id, label: id }));
    const o = radarOption(
      {
        axes,
        candidates: [
          { name: 'A', values: [80, 70, 60, 50, 40, 30, 20.04] },
          { name: 'B', values: [10, 20, 30, 40, 50, 60, null] },
        ],
      },
      en,
    ) as AnyObj;
    expect(o.radar.indicator).toHaveLength(7);
    expect(o.radar.indicator[0]).toEqual({ name: '4.1', max: 100, min: 0 });
    expect(o.series[0].data).toEqual([
      { name: 'A', value: [80, 70, 60, 50, 40, 30, 20] },
      { name: 'B', value: [10, 20, 30, 40, 50, 60, 0] },
    ]);
    expect(o.legend.data).toEqual(['A', 'B']);
  });
});

describe('grouped bars', () => {
  it('one series per candidate with values per item', () => {
    const o = groupedBarOption(
      {
        labels: ['4.1.2', '4.1.3'],
        series: [
          { name: 'A', values: [40, 21.555] },
          { name: 'B', values: [null, 12] },
        ],
      },
      zh,
    );
    expect(series(o).map((s) => s.data)).toEqual([
      [40, 21.56],
      [null, 12],
    ]);
    expect(axis(o, 'yAxis').name).toBe('得分');
    const h = groupedBarOption({ labels: ['x'], series: [], horizontal: true, valueKey: 'chart.percent' }, en);
    expect(axis(h, 'xAxis').name).toBe('Score percentage (%)');
    expect(axis(h, 'yAxis').data).toEqual(['x']);
  });
});

describe('examiner strip', () => {
  it('one dot per examiner and scored item, a consensus series, and item labels', () => {
    const o = examinerStripOption(
      {
        items: ['4.1.2', '4.1.3', '4.1.4'],
        examiners: [
          { name: '评审员甲', percents: [50, 60, null] },
          { name: '评审员乙', percents: [70, 65, 30] },
        ],
        consensus: [60, null, 30],
      },
      zh,
    );
    expect(seriesPointCounts(o)).toEqual([2, 3, 2]);
    expect(series(o)[2]!.name).toBe('共识');
    const first = series(o)[0]!.data as number[][];
    expect(first.map((d) => d[1])).toEqual([50, 60]);
    expect(first.map((d) => d[2])).toEqual([0, 1]);
    expect(axis(o, 'yAxis').name).toBe('评分百分比（%）');
    expect(axis(o, 'xAxis').axisLabel.formatter(1)).toBe('4.1.3');
    expect(axis(o, 'xAxis').axisLabel.formatter(0.4)).toBe('');
  });
});

describe('heatmap', () => {
  it('keeps non-empty cells as [column, row, value]', () => {
    expect(
      heatmapCells([
        [1, null],
        [Number.NaN, 4],
      ]),
    ).toEqual([
      [0, 0, 1],
      [1, 1, 4],
    ]);
  });

  it('scales colours to the data and names the value per language', () => {
    const o = heatmapOption(
      {
        rows: ['煤炭', '电力'],
        columns: ['领导', '战略'],
        values: [
          [55.2, 61],
          [48.9, null],
        ],
      },
      en,
    ) as AnyObj;
    expect(o.series[0].data).toHaveLength(3);
    expect(o.visualMap.min).toBe(48);
    expect(o.visualMap.max).toBe(61);
    expect(o.series[0].name).toBe('Share of maximum (%)');
    expect(o.tooltip.formatter({ value: [0, 1, 48.9] })).toBe('<b>电力</b> · 领导<br/>Share of maximum (%)：48.9');
  });
});

describe('trend lines', () => {
  it('one line per series across years, gaps kept as null', () => {
    const o = trendLineOption({ years: [2018, 2020, 2022], series: [{ name: 'x', values: [1, null, 3] }], valueKey: 'trends.meanTotal' }, zh);
    expect(series(o)[0]!.data).toEqual([1, null, 3]);
    expect(axis(o, 'xAxis').data).toEqual(['2018', '2020', '2022']);
    expect(axis(o, 'yAxis').name).toBe('平均总分');
    expect(axis(o, 'xAxis').name).toBe('年度');
  });
});

describe('slope chart', () => {
  it('one two-point line per candidate, coloured by direction, with the cap line', () => {
    expect(moveOf(3, 1)).toBe('up');
    expect(moveOf(1, 3)).toBe('down');
    expect(moveOf(2, 2)).toBe('same');
    const o = slopeOption(
      {
        candidates: [
          { name: 'A', before: 1, after: 2 },
          { name: 'B', before: 2, after: 1 },
          { name: 'C', before: 3, after: 3 },
        ],
        cap: 2,
      },
      en,
    );
    expect(seriesPointCounts(o)).toEqual([2, 2, 2]);
    expect(series(o)[0]!.data.map((d: AnyObj) => d.value)).toEqual([1, 2]);
    expect(series(o)[0]!.lineStyle.color).not.toBe(series(o)[1]!.lineStyle.color);
    expect(axis(o, 'xAxis').data).toEqual(['Rank before', 'Rank after']);
    expect(series(o)[0]!.markLine.data).toEqual([{ yAxis: 2.5 }]);
    expect(series(o)[0]!.markLine.label.formatter).toBe('Rank 2 (award cap)');
    expect(axis(o, 'yAxis').inverse).toBe(true);
  });
});

describe('rank acceptability heatmap', () => {
  it('cells for every non-zero probability; tooltip in the UI language', () => {
    const o = rankAcceptabilityOption(
      {
        candidates: ['A', 'B'],
        shares: [
          [0.7, 0.3],
          [0.3, 0.7],
        ],
      },
      zh,
    ) as AnyObj;
    expect(o.series[0].data).toEqual([
      [0, 0, 0.7],
      [1, 0, 0.3],
      [0, 1, 0.3],
      [1, 1, 0.7],
    ]);
    expect(o.xAxis.data).toEqual(['1', '2']);
    expect(o.xAxis.name).toBe('名次');
    expect(o.tooltip.formatter({ value: [1, 0, 0.3] })).toBe('A 获得第 2 名的概率：30%');
    const oe = rankAcceptabilityOption({ candidates: ['A'], shares: [[1, 0, 0]] }, en) as AnyObj;
    expect(oe.series[0].data).toEqual([[0, 0, 1]]);
    expect(oe.tooltip.formatter({ value: [0, 0, 1] })).toBe('Probability that A ranks 1: 100%');
  });
});

describe('indicator line', () => {
  it('awardee against the sector median', () => {
    const o = indicatorLineOption(
      { years: [2021, 2022, 2023], name: '某公司', values: [10, 12, 15], sectorMedian: [9, 9.5, null], indicatorLabel: '营业收入（百万元）', awardYear: 2022 },
      zh,
    );
    expect(seriesPointCounts(o)).toEqual([3, 3]);
    expect(series(o)[1]!.name).toBe('行业中位数');
    expect(series(o)[1]!.data).toEqual([9, 9.5, null]);
    expect(series(o)[0]!.markLine.data).toEqual([{ xAxis: '2022' }]);
    expect(series(indicatorLineOption({ years: [], name: 'x', values: [], sectorMedian: [], indicatorLabel: 'y' }, en))[1]!.name).toBe('Sector median');
  });
});

describe('leniency bars', () => {
  it('sorts from lenient to severe, colours by sign, symmetric axis', () => {
    const o = leniencyBarOption(
      {
        examiners: [
          { name: 'E1', deviation: -4.2 },
          { name: 'E2', deviation: 7.5 },
          { name: 'E3', deviation: 0.5 },
          { name: 'bad', deviation: Number.NaN },
        ],
      },
      en,
    );
    expect(axis(o, 'yAxis').data).toEqual(['E2', 'E3', 'E1']);
    const data = series(o)[0]!.data as AnyObj[];
    expect(data.map((d) => d.value)).toEqual([7.5, 0.5, -4.2]);
    expect(data[0]!.itemStyle.color).not.toBe(data[2]!.itemStyle.color);
    expect(axis(o, 'xAxis').min).toBe(-10);
    expect(axis(o, 'xAxis').max).toBe(10);
    expect(axis(o, 'xAxis').name).toBe('Difference from group mean (percentage points)');
    expect(fmt(o, 'tooltip')([{ name: 'E2', value: 7.5 }])).toContain('+7.5 Lenient');
    expect(fmt(leniencyBarOption({ examiners: [{ name: 'E1', deviation: -2 }] }, zh), 'tooltip')([{ name: 'E1', value: -2 }])).toContain('−2 偏严');
  });
});
