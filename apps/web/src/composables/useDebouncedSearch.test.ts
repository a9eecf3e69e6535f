import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { SEARCH_DELAY_MS, useDebouncedSearch } from './useDebouncedSearch.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function host() {
  let state!: ReturnType<typeof useDebouncedSearch>;
  const w = mount(
    defineComponent({
      setup() {
        state = useDebouncedSearch();
        return () => h('div');
      },
    }),
  );
  return { w, state };
}

describe('useDebouncedSearch', () => {
  it('sends the trimmed text once the typing stops, not on every keystroke', async () => {
    const { state } = host();
    state.search.value = ' A0';
    await nextTick();
    vi.advanceTimersByTime(SEARCH_DELAY_MS - 1);
    state.search.value = ' A01 ';
    await nextTick();
    vi.advanceTimersByTime(SEARCH_DELAY_MS - 1);
    expect(state.q.value).toBe('');
    vi.advanceTimersByTime(1);
    expect(state.q.value).toBe('A01');
  });

  it('drops a pending search when the view goes away', async () => {
    const { w, state } = host();
    state.search.value = 'x';
    await nextTick();
    w.unmount();
    vi.advanceTimersByTime(SEARCH_DELAY_MS * 2);
    expect(state.q.value).toBe('');
  });
});
