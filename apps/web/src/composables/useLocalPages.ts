import { computed, reactive, ref, watch, type WatchSource } from 'vue';

/**
 * A list already in the browser, shown `size` rows a page (for `KeysetPager`: bind `pager`,
 * listen to `prev`/`next`). Back to the first page when `resetOn` changes (the cycle); kept on
 * the last page that still exists when the list shrinks (a reload after a change).
 */
export function useLocalPages<T>(list: () => readonly T[], size: number, resetOn?: WatchSource) {
  const page = ref(0);
  if (resetOn) watch(resetOn, () => (page.value = 0));
  watch(
    () => list().length,
    (n) => (page.value = Math.min(page.value, Math.max(0, Math.ceil(n / size) - 1))),
  );
  const rows = computed(() => list().slice(page.value * size, (page.value + 1) * size));
  return reactive({
    rows,
    /** Whether the list needs more than one page (the pager is shown only then). */
    paged: computed(() => list().length > size),
    pager: computed(() => ({
      offset: page.value * size,
      shown: rows.value.length,
      total: list().length,
      hasPrev: page.value > 0,
      hasNext: (page.value + 1) * size < list().length,
    })),
    prev: () => void (page.value = Math.max(0, page.value - 1)),
    next: () => void (page.value += 1),
  });
}
