/** Option tests of leadership's charts: small multiples, ranked change, the counted heatmap and the follow-up watch marks. */
import { describe, expect, it } from 'vitest';
import { testContext } from '../testContext.ts';
import { COLOR_DOWN, COLOR_UP, seriesPointCounts, wrapLabel } from '../common.ts';
import { changeText, LOW_N_COLOR, smallMultiplesOption } from './smallMultiples.ts';
import { rankedChangeOption, rankRows, tonesOf, type RankedChangeRow } from './rankedChange.ts';
import { countedCells, countedHeatmapOption } from './countedHeatmap.ts';
import { indicatorWatchOption } from './indicatorWatch.ts';

const zh = testContext('zh-CN');
const en = testContext('en');

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const series = (o: unknown) => (o as AnyObj).series as AnyObj[];
const tooltip = (o: unknown) => ((o as AnyObj).tooltip as AnyObj).formatter as (p: unknown) => string;

describe('wrapLabel', () => {
  it('wraps English at spaces and Chinese anywhere, never dropping a character', () => {
    const long = 'Electricity and new energy (wind, solar, hydrogen)';
    const w = wrapLabel(long, 22);
    expect(w.split('\n').every((l) => l.length <= 22)).toBe(true);
    expect(w.replace(/\n/g, ' ')).toBe(long);
    expect(wrapLabel('电力及新能源（风光氢储）产业', 6)).toBe('电力及新能源\n（风光氢储）\n产业');
    expect(wrapLabel('Coal', 22)).toBe('Coal');
  });
});

describe('small multiples (banners/districts over time)', () => {
  const input = {
    years: [2021, 2023, 2025],
    minN: 3,
    valueKey: 'trends.meanTotal',
    panels: [
      {
        id: 'a',
        name: 'Dongsheng District',
        change: 12.5,
        lowN: false,
        points: [
          { year: 2021, n: 8, value: 560, lowN: false },
          { year: 2023, n: 9, value: 570, lowN: false },
          { year: 2025, n: 10, value: 582.5, lowN: false },
        ],
      },
      {
        id: 'b',
        name: 'Kangbashi District',
        change: -40,
        lowN: true,
        points: [
          { year: 2023, n: 3, value: 600, lowN: false },
          { year: 2025, n: 1, value: 560, lowN: true },
        ],
      },
    ],
  };

  it('draws one panel per group on one shared scale, each point labelled with its n', () => {
    const o = smallMultiplesOption(input, en) as AnyObj;
    expect(o.grid).toHaveLength(2);
    expect(o.xAxis.map((x: AnyObj) => x.gridIndex)).toEqual([0, 1]);
    expect(new Set(o.yAxis.map((y: AnyObj) => `${y.min}-${y.max}`)).size).toBe(1);
    expect(o.yAxis[0].min).toBeLessThanOrEqual(560);
    expect(o.yAxis[0].max).toBeGreaterThanOrEqual(600);
    // A missing cycle stays a gap.
    expect(seriesPointCounts(o)).toEqual([3, 3]);
    expect(series(o)[1]!.data[0]).toEqual({ value: null });
    expect(series(o)[0]!.data.map((d: AnyObj) => d.label.formatter)).toEqual(['n=8', 'n=9', 'n=10']);
    expect(smallMultiplesOption(input, zh).series && series(smallMultiplesOption(input, zh))[0]!.data[2].label.formatter).toBe('10份');
  });

  it('greys and hollows a point resting on fewer than the minimum, and says so in the tooltip', () => {
    const o = smallMultiplesOption(input, en);
    const few = series(o)[1]!.data[2];
    expect(few.symbol).toBe('emptyCircle');
    expect(few.itemStyle.color).toBe(LOW_N_COLOR);
    expect(series(o)[1]!.lineStyle.type).toBe('dashed');
    expect(series(o)[1]!.data[1].symbol).toBe('circle');
    const tip = tooltip(o)({ seriesIndex: 1, dataIndex: 2 });
    expect(tip).toContain('based on 1 application(s)');
    expect(tip).toContain('Fewer than 3 applications');
    expect(tooltip(o)({ seriesIndex: 0, dataIndex: 2 })).not.toContain('Fewer than');
  });

  it('titles each panel with its change: arrow, sign and (for few applications) a mark', () => {
    const o = smallMultiplesOption(input, en) as AnyObj;
    expect(o.title[0].text).toBe('Dongsheng District');
    expect(o.title[0].subtext).toBe('▲ +12.5');
    expect(o.title[0].subtextStyle.color).toBe(COLOR_UP);
    expect(o.title[1].subtext).toBe('▼ −40  (fewer than 3)');
    expect(o.title[1].subtextStyle.color).not.toBe(COLOR_DOWN);
    expect(changeText(0, 'en')).toBe('▬ 0');
    expect(changeText(null, 'en')).toBe('—');
  });
});

describe('ranked change (sectors and categories)', () => {
  const row = (id: string, previous: number | null, current: number | null, n = 5): RankedChangeRow => ({
    id,
    name: `Sector ${id}`,
    previous,
    current,
    change: previous !== null && current !== null ? current - previous : null,
    previousN: n,
    currentN: n,
    lowN: n < 3,
  });
  const rows = [row('a', 500, 520), row('b', 500, 480), row('c', 500, 600, 1), row('d', 500, 510), row('e', 500, 450), row('f', 500, null), row('g', 500, 505)];

  it('sorts by change, largest rise on top, and leaves out groups missing from a cycle', () => {
    const ranked = rankRows(rows);
    expect(ranked.map((r) => r.id)).toEqual(['c', 'a', 'd', 'g', 'b', 'e']);
    const o = rankedChangeOption({ previousYear: 2023, currentYear: 2025, rows, minN: 3, valueKey: 'trends.meanTotal' }, en) as AnyObj;
    expect(o.yAxis.inverse).toBe(true);
    expect(o.yAxis.data[0]).toBe('Sector c\nn 1→1');
    expect(o.yAxis.data).toHaveLength(6);
    // One connector per row, then the previous and current dots.
    expect(seriesPointCounts(o)).toEqual([2, 2, 2, 2, 2, 2, 6, 6]);
    expect(o.legend.data).toEqual(['2023', '2025']);
  });

  it('highlights the top and bottom rows with enough applications, greys the few ones', () => {
    const ranked = rankRows(rows);
    expect(tonesOf(ranked, 2)).toEqual(['few', 'up', 'up', 'plain', 'down', 'down']);
    expect(tonesOf(ranked, 1)).toEqual(['few', 'up', 'plain', 'plain', 'plain', 'down']);
    const o = rankedChangeOption({ previousYear: 2023, currentYear: 2025, rows, minN: 3, valueKey: 'trends.meanTotal', highlight: 1 }, en);
    const s = series(o);
    expect(s[0]!.lineStyle.type).toBe('dashed');
    expect(s[0]!.lineStyle.color).toBe(LOW_N_COLOR);
    expect(s[1]!.lineStyle.color).toBe(COLOR_UP);
    expect(s[5]!.lineStyle.color).toBe(COLOR_DOWN);
    const current = s[7]!.data as AnyObj[];
    expect(current.map((d) => d.label.formatter)).toEqual(['▲ +100', '▲ +20', '▲ +10', '▲ +5', '▼ −20', '▼ −50']);
    // A fall is labelled on the left of its dot (away from its connector).
    expect(current[5]!.label.position).toBe('left');
    expect(tooltip(o)({ value: [600, 0] })).toContain('Fewer than 3 applications');
    expect(tooltip(o)({ value: [520, 1] })).toContain('based on 5 application(s)');
  });

  it('wraps long names instead of cutting them, and can leave the n out', () => {
    const long = { ...row('x', 1, 2), name: 'Electricity and new energy (wind, solar, hydrogen)' };
    const o = rankedChangeOption({ previousYear: 1, currentYear: 2, rows: [long], minN: 3, valueKey: 'chart.percentOfMax', showN: false }, en) as AnyObj;
    expect(o.yAxis.data[0]).not.toContain('…');
    expect(o.yAxis.data[0].replace(/\n/g, ' ')).toBe(long.name);
    expect(tooltip(o)({ value: [2, 0] })).toContain(long.name);
  });
});

describe('counted heatmap', () => {
  const input = {
    rows: ['Coal (12)', 'Finance (1)'],
    columns: ['4.1', '4.2'],
    values: [
      [60, 62],
      [70, null],
    ],
    counts: [
      [12, 12],
      [1, 1],
    ],
    minN: 3,
  };

  it('shows each cell’s count and keeps only the cells with enough applications on the colour scale', () => {
    expect(countedCells(input).map((c) => [c.n, c.lowN])).toEqual([
      [12, false],
      [12, false],
      [1, true],
    ]);
    const o = countedHeatmapOption(input, en) as AnyObj;
    expect(seriesPointCounts(o)).toEqual([2, 1]);
    expect(o.visualMap[0].seriesIndex).toBe(0);
    // The low-count series has its own hidden colour map, all grey (ECharts requires one per heatmap).
    expect(o.visualMap[1]).toMatchObject({ show: false, seriesIndex: 1, inRange: { color: ['#ececec', '#ececec'] } });
    expect(series(o)[1]!.itemStyle.color).toBe('#ececec');
    const cell = series(o)[0]!.data[0];
    expect(series(o)[0]!.label.formatter({ data: cell })).toBe('60\nn=12');
    expect(series(o)[1]!.label.formatter({ data: series(o)[1]!.data[0] })).toBe('70\nn=1');
  });

  it('names the rule in the legend and the tooltip', () => {
    const o = countedHeatmapOption(input, zh) as AnyObj;
    expect(o.legend.data[0].name).toBe('灰色：少于 3 份申报');
    expect(series(o)[1]!.name).toBe('灰色：少于 3 份申报');
    const tip = tooltip(o)({ data: series(o)[1]!.data[0] });
    expect(tip).toContain('Finance (1)');
    expect(tip).toContain('基于 1 份申报');
    expect(tip).toContain('少于 3 份申报');
    expect(tooltip(o)({ data: series(o)[0]!.data[0] })).not.toContain('少于');
    // A wrapped column name reads whole in the tooltip.
    const wrapped = countedHeatmapOption({ ...input, columns: ['Customers and\nmarket', '4.2'] }, en);
    expect(tooltip(wrapped)({ data: series(wrapped)[0]!.data[0] })).toContain('Customers and market');
  });
});

describe('indicator against the sector, with watch marks', () => {
  const input = {
    years: [2022, 2023, 2024],
    name: 'Some <Co>',
    values: [85, 78, 90],
    sectorMedian: [84, 85, 86],
    sectorP25: [80, 81, 82],
    sectorP75: [88, 89, 90],
    sectorN: [9, 9, 8],
    indicatorLabel: 'Customer satisfaction',
    awardYear: 2022,
    watch: [null, 'below the watch line of 80 score out of 100', null],
    watchLine: 80,
  };

  it('draws the sector band, the fixed watch line and a marker on the year that crosses it', () => {
    const o = indicatorWatchOption(input, en) as AnyObj;
    const s = series(o);
    const band = s.find((x) => x.name === 'Sector middle half (P25–P75)')!;
    expect(band.data).toEqual([8, 8, 8]);
    expect(band.stack).toBe(s[0]!.stack);
    expect(s[0]!.data).toEqual([80, 81, 82]);
    const marks = s.find((x) => x.name === 'Worth a look')!;
    expect(marks.type).toBe('scatter');
    expect(marks.symbol).toBe('triangle');
    expect(marks.data).toEqual([{ value: ['2023', 78], watch: input.watch[1] }]);
    const line = s.find((x) => x.markLine?.data?.some((d: AnyObj) => d.yAxis === 80))!;
    expect(line.markLine.label.formatter).toBe('Watch line 80');
    expect(o.legend.data).toEqual(['Some <Co>', 'Sector median', 'Sector middle half (P25–P75)', 'Worth a look']);
    // The award year stays marked on the awardee's own line.
    expect(s.find((x) => x.name === 'Some <Co>')!.markLine.data).toEqual([{ xAxis: '2022' }]);
  });

  it('explains the mark in the tooltip, escaped', () => {
    const o = indicatorWatchOption(input, en);
    const tip = tooltip(o)([{ axisValue: '2023' }]);
    expect(tip).toContain('Some &lt;Co&gt;');
    expect(tip).toContain('Worth a look：below the watch line of 80');
    expect(tip).toContain('9 organisation(s)');
    expect(tooltip(o)([{ axisValue: '2024' }])).not.toContain('Worth a look');
  });

  it('has no marks and no line when nothing crosses and the indicator has no fixed line', () => {
    const o = indicatorWatchOption({ ...input, watch: [null, null, null], watchLine: null }, zh);
    const s = series(o);
    expect(s.find((x) => x.name === '值得关注')!.data).toEqual([]);
    expect(s.some((x) => x.markLine?.data?.some((d: AnyObj) => 'yAxis' in d))).toBe(false);
  });
});
