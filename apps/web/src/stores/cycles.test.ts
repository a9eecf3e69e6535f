import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

const list = vi.hoisted(() => vi.fn());
vi.mock('../api/trpc.ts', () => ({ api: { cycles: { list: { query: list } } } }));

import { newestFirst, useCyclesStore, type CycleSummary } from './cycles.ts';

describe('cycles store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    list.mockReset();
  });

  it('sorts cycles newest first and defaults to the newest cycle that has results', async () => {
    list.mockResolvedValue([
      { year: 2020, phase: { id: 'awarded' } },
      { year: 2024, phase: { id: 'call_for_applications' } },
      { year: 2022, phase: { id: 'awarded' } },
    ]);
    const s = useCyclesStore();
    await s.load();
    expect(s.years).toEqual([2024, 2022, 2020]);
    expect(s.latestYear).toBe(2024);
    expect(s.currentYear).toBe(2022);
    s.select(2020);
    expect(s.currentYear).toBe(2020);
    await s.load();
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('counts a cycle as having results from the on-site review on', async () => {
    list.mockResolvedValue([
      { year: 2025, phase: { id: 'material_review' } },
      { year: 2024, phase: { id: 'onsite_review' } },
    ]);
    const s = useCyclesStore();
    await s.load();
    expect(s.currentYear).toBe(2024);
  });

  it('sorts a copy and leaves the server’s list as it was', () => {
    const cycle = (year: number): CycleSummary => ({
      year,
      phase: { id: 'awarded', index: 8, name: { zh: '已授奖', en: 'Awarded' }, article: 22 },
      awardCap: 5,
      minTotal: 600,
      weightSetId: 1,
      aggregationMethod: 'consensus',
      applications: 0,
      cap: 5,
      method: 'consensus',
      fallback: 'trimmed',
      flagThreshold: 30,
      tieBreak: 'priorityAreas',
      hasScores: true,
      locks: { scoring: true, selection: true },
      weightSet: null,
    });
    const raw = [cycle(2018), cycle(2021)];
    expect(newestFirst(raw).map((c) => c.year)).toEqual([2021, 2018]);
    expect(raw.map((c) => c.year)).toEqual([2018, 2021]);
  });
});
