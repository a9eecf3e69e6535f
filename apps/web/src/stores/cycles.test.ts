import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

const list = vi.hoisted(() => vi.fn());
vi.mock('../api/trpc.ts', () => ({ api: { cycles: { list: { query: list } } } }));

import { toSummaries, useCyclesStore } from './cycles.ts';

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

  it('accepts plain phase strings and skips malformed rows', () => {
    expect(toSummaries([{ year: 2018, phase: 'awarded' }, { year: 'x' }, null])).toEqual([{ year: 2018, phase: 'awarded' }]);
    expect(toSummaries(undefined)).toEqual([]);
  });
});
