import { nextTick, ref } from 'vue';
import { describe, expect, it } from 'vitest';
import { useLocalPages } from './useLocalPages.ts';

describe('useLocalPages', () => {
  it('shows a page at a time, steps, resets and stays within the list', async () => {
    const list = ref(Array.from({ length: 250 }, (_, i) => i));
    const cycle = ref(2025);
    const p = useLocalPages(() => list.value, 100, cycle);
    expect(p.paged).toBe(true);
    expect(p.rows).toHaveLength(100);
    expect(p.pager).toEqual({ offset: 0, shown: 100, total: 250, hasPrev: false, hasNext: true });
    p.next();
    p.next();
    expect(p.rows).toEqual([200, 201, ...Array.from({ length: 48 }, (_, i) => 202 + i)]);
    expect(p.pager).toEqual({ offset: 200, shown: 50, total: 250, hasPrev: true, hasNext: false });
    list.value = list.value.slice(0, 150); // a reload with fewer rows: the last page that exists
    await nextTick();
    expect(p.pager.offset).toBe(100);
    expect(p.rows[0]).toBe(100);
    cycle.value = 2024;
    await nextTick();
    expect(p.pager.offset).toBe(0);
    p.prev();
    expect(p.pager.offset).toBe(0);
    list.value = [1, 2];
    await nextTick();
    expect(p.paged).toBe(false);
  });
});
