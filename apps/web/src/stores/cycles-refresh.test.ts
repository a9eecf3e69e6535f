import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

const list = vi.hoisted(() => vi.fn());
vi.mock('../api/trpc.ts', () => ({ api: { cycles: { list: { query: list } } } }));

import { useCyclesStore } from './cycles.ts';
import { announceChange } from '../api/mutations.ts';

describe('cycles store after a change on the server', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    list.mockReset();
  });
  afterEach(() => useCyclesStore().$dispose());

  it('reloads the list after a change that can alter the cycles, once it was loaded', async () => {
    const s = useCyclesStore();
    list.mockResolvedValue([{ year: 2025, phase: { id: 'public_comment' } }]);
    announceChange('cycles.advancePhase');
    expect(list).not.toHaveBeenCalled(); // not loaded yet: nothing to refresh
    await s.load();
    list.mockResolvedValue([{ year: 2025, phase: { id: 'committee_review' } }]);
    announceChange('feedback.submit'); // cannot alter a cycle
    expect(list).toHaveBeenCalledTimes(1);
    announceChange('meetings.close');
    await vi.waitFor(() => expect(s.cycles[0]?.phase.id).toBe('committee_review'));
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('keeps the same list when nothing changed', async () => {
    const s = useCyclesStore();
    list.mockResolvedValue([{ year: 2025, phase: { id: 'public_comment' } }]);
    await s.load();
    const before = s.cycles;
    announceChange('objections.decide');
    await vi.waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    await new Promise((r) => setTimeout(r, 0));
    expect(s.cycles).toBe(before);
  });
});
