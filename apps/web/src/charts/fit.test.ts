/**
 * Charts that read in both languages (issue 13): legends list every name (never a pager), labels
 * wrap and are never cut, ticks are distinct numbers, the examiner strip names its items. The
 * laid-out result (boxes in the browser) is checked by e2e/12-readability.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { testContext } from './testContext.ts';
import { a4TextWidth, decimalsOf, labelColumnWidth, niceInterval, plainLegend, textWidth } from './fit.ts';
import { boxPlotOption } from './options/boxplot.ts';
import { examinerStripOption } from './options/examinerStrip.ts';
import { groupedBarOption } from './options/groupedBar.ts';
import { heatmapOption } from './options/heatmap.ts';
import { indicatorLineOption, tickFormatter } from './options/indicatorLine.ts';
import { leniencyBarOption } from './options/leniencyBar.ts';
import { radarOption } from './options/radar.ts';
import { rankAcceptabilityOption } from './options/rankAcceptability.ts';
import { slopeOption } from './options/slope.ts';
import { trendLineOption } from './options/trendLine.ts';

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const en = testContext('en');
const zh = testContext('zh-CN');
const CATS = ['Leadership', 'Strategy', 'Customers and market', 'Resources', 'Process management', 'Measurement, analysis and improvement', 'Results'];
const LONG = 'Demo Dongsheng Education Technology Group Co., Ltd.';
const axes = (o: AnyObj) => [o.xAxis, o.yAxis].flat().filter(Boolean) as AnyObj[];

describe('fit helpers', () => {
  it('A4 text width: 210 mm less the margins at 96 px per inch', () => {
    expect(a4TextWidth(12)).toBe(702);
    expect(a4TextWidth(14)).toBe(687);
  });
  it('text width grows with the text and CJK is wider than Latin', () => {
    expect(textWidth('测量分析', 12)).toBe(48);
    expect(textWidth('abcd', 12)).toBeLessThan(textWidth('测量分析', 12));
    expect(labelColumnWidth(['a'], 11, 240, 48)).toBe(48);
    expect(labelColumnWidth([LONG], 11, 240, 48)).toBe(240);
  });
  it('nice tick steps: small spans get small steps with enough decimals', () => {
    expect(niceInterval(0.1, 0.2, 5)).toBeCloseTo(0.02);
    expect(decimalsOf(niceInterval(0.1, 0.2, 5))).toBe(2);
    expect(niceInterval(0, 1000, 5)).toBe(200);
    expect(decimalsOf(2.5)).toBe(1);
    expect(decimalsOf(5)).toBe(0);
  });
  it('a plain legend lists every name and has no pager', () => {
    expect(plainLegend(['a', 'b'])).toMatchObject({ type: 'plain', data: ['a', 'b'] });
  });
});

describe('every legend is plain: all names on screen and on paper, no "1/2" pager', () => {
  const series = [1, 2, 3, 4, 5, 6].map((i) => ({ name: `${LONG} ${i}`, values: [1, 2] }));
  const options: [string, AnyObj][] = [
    ['trend line', trendLineOption({ years: [2023, 2024], series, valueKey: 'trends.meanTotal' }, en)],
    ['grouped bar', groupedBarOption({ labels: ['4.1', '4.2'], series }, en)],
    [
      'radar',
      radarOption({ axes: CATS.map((label, i) => ({ id: `4.${i + 1}`, label })), candidates: series.map((s) => ({ name: s.name, values: [50] })) }, en),
    ],
    ['examiner strip', examinerStripOption({ items: ['4.1.2'], examiners: series.map((s) => ({ name: s.name, percents: [50] })) }, en)],
    ['indicator line', indicatorLineOption({ years: [2023], name: LONG, values: [1], sectorMedian: [1], indicatorLabel: 'x' }, en)],
  ];
  for (const [name, o] of options) {
    it(name, () => {
      const legends = [o.legend].flat() as AnyObj[];
      expect(legends.length).toBeGreaterThan(0);
      for (const l of legends) expect(l.type).toBe('plain');
    });
  }
});

describe('category labels wrap, never truncated (English)', () => {
  const options: [string, AnyObj][] = [
    ['box plot', boxPlotOption({ groups: CATS.map((label) => ({ label, values: [1, 2, 3] })) }, en)],
    ['heatmap', heatmapOption({ rows: [LONG, 'Tourism and culture'], columns: CATS, values: [CATS.map(() => 50), CATS.map(() => 60)] }, en)],
    [
      'rank acceptability',
      rankAcceptabilityOption(
        {
          candidates: [LONG, 'B'],
          shares: [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
        },
        en,
      ),
    ],
    ['leniency', leniencyBarOption({ examiners: [{ name: LONG, deviation: 2 }] }, en)],
    ['horizontal bars', groupedBarOption({ labels: [LONG], series: [{ name: 'n', values: [3] }], horizontal: true }, en)],
  ];
  for (const [name, o] of options) {
    it(name, () => {
      for (const a of axes(o)) {
        if (a.type !== 'category') continue;
        expect(a.axisLabel?.overflow, `${name}: ${String(a.data?.[0])}`).not.toBe('truncate');
        for (const label of a.data as string[]) expect(label).not.toContain('…');
      }
    });
  }
  it('the label column of horizontal charts is as wide as the names need, within bounds', () => {
    const short = rankAcceptabilityOption({ candidates: ['A', 'B'], shares: [[1], [1]] }, en) as AnyObj;
    const long = rankAcceptabilityOption({ candidates: [LONG, 'B'], shares: [[1], [1]] }, en) as AnyObj;
    expect(long.grid.left).toBeGreaterThan(short.grid.left);
    expect(long.grid.left).toBeLessThanOrEqual(230);
    expect(long.yAxis.axisLabel).toMatchObject({ overflow: 'break', width: long.grid.left - 10 });
  });
  it('radar names wrap onto lines in both languages', () => {
    const fmt = (o: AnyObj) => o.radar.axisName.formatter as (s: string) => string;
    expect(fmt(radarOption({ axes: [], candidates: [] }, en) as AnyObj)('Measurement, analysis and improvement')).toBe(
      'Measurement,\nanalysis and\nimprovement',
    );
    expect(fmt(radarOption({ axes: [], candidates: [] }, zh) as AnyObj)('测量、分析与改进')).toContain('\n');
  });
  it('slope (bump) chart: whole names beside the ranks, wrapping, overlaps hidden', () => {
    const o = slopeOption({ candidates: [{ name: LONG, before: 1, after: 2 }] }, en) as AnyObj;
    const [left, right] = o.series[0].data as AnyObj[];
    expect(left!.label.formatter).toBe(`${LONG}  1`);
    expect(right!.label.formatter).toBe(`2  ${LONG}`);
    expect(left!.label.overflow).toBe('break');
    expect(o.series[0].labelLayout).toEqual({ hideOverlap: true });
  });
  it('vertical bars turn their labels when they would run together', () => {
    const few = groupedBarOption({ labels: ['4.1', '4.2'], series: [{ name: 'a', values: [1, 2] }] }, en) as AnyObj;
    const codes = Array.from({ length: 10 }, (_, i) => `2023-0${10 + i}`);
    const many = groupedBarOption({ labels: codes, series: [{ name: 'a', values: codes.map(() => 1) }] }, en) as AnyObj;
    expect(few.xAxis.axisLabel.rotate).toBe(0);
    expect(many.xAxis.axisLabel.rotate).toBe(45);
  });
});

describe('axis ticks are readable numbers', () => {
  it('an energy axis around 0.1 gets two decimals, not "0.1" on every tick', () => {
    const f = tickFormatter([0.11, 0.14, 0.18, 0.2], 'en');
    expect([0.1, 0.12, 0.14, 0.16].map(f)).toEqual(['0.10', '0.12', '0.14', '0.16']);
    const o = indicatorLineOption({ years: [2023, 2024], name: 'a', values: [0.12, 0.14], sectorMedian: [0.16, 0.18], indicatorLabel: 'tce' }, en) as AnyObj;
    const ticks = [0.12, 0.13, 0.14].map(o.yAxis.axisLabel.formatter as (v: number) => string);
    expect(new Set(ticks).size).toBe(3);
  });
  it('a count axis (incidents) has whole-number ticks only', () => {
    const o = indicatorLineOption({ years: [2023, 2024], name: 'a', values: [0, 1], sectorMedian: [0, 0.5], indicatorLabel: 'n', integer: true }, en) as AnyObj;
    expect(o.yAxis.minInterval).toBe(1);
    expect((o.yAxis.axisLabel.formatter as (v: number) => string)(1)).toBe('1');
  });
});

describe('the examiner strip names its items', () => {
  it('one tick and one label per item on the item axis', () => {
    const items = ['4.1.2', '4.1.3', '4.2.2'];
    const o = examinerStripOption({ items, examiners: [{ name: 'A', percents: [50, 60, 70] }] }, en) as AnyObj;
    expect(o.xAxis.axisLabel.customValues).toEqual([0, 1, 2]);
    expect(o.xAxis.axisTick.customValues).toEqual([0, 1, 2]);
    expect((o.xAxis.axisLabel.customValues as number[]).map(o.xAxis.axisLabel.formatter as (v: number) => string)).toEqual(items);
  });
});
