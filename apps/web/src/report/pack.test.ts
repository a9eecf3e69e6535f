import { describe, expect, it } from 'vitest';
import { chartReadiness, compareChunks, disagreementsOf, meanSeries, reportQuery, shortlistIds, type RankedLike } from './pack.ts';

const app = (id: number, rank: number, selected: boolean, extra: Partial<RankedLike> = {}): RankedLike => ({
  id,
  rank,
  complete: true,
  exclusion: null,
  selection: { selected },
  ...extra,
});

describe('shortlist', () => {
  it('takes everyone within the cap and the next three eligible runners-up, in rank order', () => {
    const apps = [
      app(10, 1, true),
      app(11, 2, false, { exclusion: { zh: '已取消资格', en: 'Removed' } }),
      app(12, 3, true),
      app(13, 4, true),
      app(14, 5, false),
      app(15, 6, false, { complete: false }),
      app(16, 7, false),
      app(17, 8, false),
      app(18, 9, false),
    ];
    expect(shortlistIds(apps.toReversed(), 3)).toEqual([10, 12, 13, 14, 16, 17]);
    expect(shortlistIds(apps, 3, 1)).toEqual([10, 12, 13, 14]);
  });

  it('falls back to the first cap + 3 eligible candidates when nobody is selected', () => {
    const apps = Array.from({ length: 10 }, (_, i) => app(100 + i, i + 1, false, i === 0 ? { exclusion: 'x' } : {}));
    expect(shortlistIds(apps, 2)).toEqual([101, 102, 103, 104, 105]);
    expect(shortlistIds([], 5)).toEqual([]);
  });

  it('never exceeds the page limit', () => {
    const apps = Array.from({ length: 30 }, (_, i) => app(i + 1, i + 1, i < 20));
    expect(shortlistIds(apps, 20)).toHaveLength(12);
  });
});

describe('compare requests', () => {
  it('splits into balanced requests of 2–6 candidates', () => {
    expect(compareChunks([1, 2, 3, 4, 5, 6, 7, 8], [])).toEqual([
      { ids: [1, 2, 3, 4], extra: [] },
      { ids: [5, 6, 7, 8], extra: [] },
    ]);
    expect(compareChunks([1, 2, 3, 4, 5, 6], []).map((c) => c.ids)).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(compareChunks([1, 2, 3, 4, 5, 6, 7], []).map((c) => c.ids.length)).toEqual([4, 3]);
    expect(compareChunks([], [1])).toEqual([]);
  });

  it('gives a lone candidate a partner that the caller drops again', () => {
    expect(compareChunks([7], [7, 9, 11])).toEqual([{ ids: [7, 9], extra: [9] }]);
    expect(compareChunks([7], [])).toEqual([{ ids: [7], extra: [] }]);
  });
});

describe('disagreements', () => {
  const agenda = [
    { applicationId: 1, itemId: '4.4.5', range: 35, sd: 12.9, n: 5, consensus: { percent: 65, reason: ' 组内讨论后达成一致 ' } },
    { applicationId: 2, itemId: '4.1.2', range: 40, sd: 14, n: 5, consensus: null },
    { applicationId: 1, itemId: '4.7.2', range: 30, sd: 11, n: 5, consensus: null },
  ];
  const item = (flagged: boolean, range: number) => ({ percent: 60, range, sd: 5, n: 5, flagged });

  it('lists the candidate’s agenda items with consensus and reason, widest range first', () => {
    const rows = disagreementsOf(1, agenda, { '4.4.5': item(true, 35), '4.7.2': item(true, 30), '4.1.3': item(false, 10) });
    expect(rows).toEqual([
      { itemId: '4.4.5', range: 35, sd: 12.9, n: 5, consensus: 65, reason: '组内讨论后达成一致' },
      { itemId: '4.7.2', range: 30, sd: 11, n: 5, consensus: null, reason: null },
    ]);
  });

  it('adds flagged items missing from the agenda, and orders equal ranges by item', () => {
    const rows = disagreementsOf(3, [], { '4.6.2': item(true, 30), '4.2.1': item(true, 30), '4.3.1': item(false, 50) });
    expect(rows.map((r) => r.itemId)).toEqual(['4.2.1', '4.6.2']);
    expect(disagreementsOf(4, agenda, {})).toEqual([]);
  });
});

describe('report page helpers', () => {
  it('averages series position by position, ignoring gaps', () => {
    expect(
      meanSeries([
        [10, null, 30],
        [20, 40],
        [null, null, 60],
      ]),
    ).toEqual([15, 40, 45]);
    expect(meanSeries([])).toEqual([]);
  });

  it('reads lang and print from the query', () => {
    expect(reportQuery({ lang: 'en', print: '1' })).toEqual({ lang: 'en', print: true });
    expect(reportQuery({ lang: 'zh' })).toEqual({ lang: 'zh-CN', print: false });
    expect(reportQuery({ lang: 'fr', print: '0' })).toEqual({ lang: null, print: false });
    expect(reportQuery({ lang: ['en'], print: null })).toEqual({ lang: 'en', print: true });
  });

  it('is ready when every expected chart has rendered', () => {
    expect(chartReadiness(3, [true, false, true])).toEqual({ ready: false, progress: 2 / 3 });
    expect(chartReadiness(3, [true, true])).toEqual({ ready: false, progress: 2 / 3 });
    expect(chartReadiness(3, [true, true, true])).toEqual({ ready: true, progress: 1 });
    expect(chartReadiness(0, [])).toEqual({ ready: true, progress: 1 });
  });
});
