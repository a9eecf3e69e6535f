import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

const list = vi.hoisted(() => vi.fn());
vi.mock('../api/trpc.ts', () => ({ api: { cycles: { list: { query: list } } } }));

import { newestFirst, useCyclesStore, type CycleSummary } from './cycles.ts';

describe('cycles store', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
    list.mockReset();
  });

  it('sorts cycles newest first and defaults to the cycle in progress', async () => {
    list.mockResolvedValue([
      { year: 2020, phase: { id: 'awarded' } },
      { year: 2024, phase: { id: 'call_for_applications' } },
      { year: 2022, phase: { id: 'awarded' } },
    ]);
    const s = useCyclesStore();
    await s.load();
    expect(s.years).toEqual([2024, 2022, 2020]);
    expect(s.latestYear).toBe(2024);
    expect(s.currentYear).toBe(2024);
    s.select(2020);
    expect(s.currentYear).toBe(2020);
    await s.load();
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('defaults to the newest cycle when every cycle is finished', async () => {
    list.mockResolvedValue([
      { year: 2023, phase: { id: 'awarded' } },
      { year: 2024, phase: { id: 'awarded' } },
    ]);
    const s = useCyclesStore();
    await s.load();
    expect(s.currentYear).toBe(2024);
  });

  it('keeps the chosen cycle for the tab: a reload (a new store) still has it, a cycle that no longer exists is ignored', async () => {
    list.mockResolvedValue([
      { year: 2025, phase: { id: 'material_review' } },
      { year: 2024, phase: { id: 'awarded' } },
      { year: 2023, phase: { id: 'awarded' } },
    ]);
    const first = useCyclesStore();
    await first.load();
    expect(first.currentYear).toBe(2025);
    first.select(2023);
    // A page without a cycle (the audit log) opened by a reload: the header still says 2023.
    setActivePinia(createPinia());
    const reloaded = useCyclesStore();
    expect(reloaded.currentYear).toBe(2023);
    await reloaded.load();
    expect(reloaded.currentYear).toBe(2023);
    // A choice from another install (no such cycle here) falls back to the cycle in progress.
    reloaded.select(2019);
    expect(reloaded.currentYear).toBe(2025);
    reloaded.select(null);
    setActivePinia(createPinia());
    expect(useCyclesStore().selectedYear).toBeNull();
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
