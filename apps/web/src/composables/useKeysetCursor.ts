import { computed, shallowRef } from 'vue';

/**
 * The cursors of a list paged on the server (keyset paging): one per page visited, so "previous"
 * goes back without the server counting offsets. `reset` returns to the first page (a new search,
 * filter or sort).
 */
export function useKeysetCursor() {
  const stack = shallowRef<readonly (string | null)[]>([null]);
  const cursor = computed(() => stack.value[stack.value.length - 1] ?? null);
  const pageIndex = computed(() => stack.value.length - 1);
  return {
    cursor,
    pageIndex,
    next(nextCursor: string | null | undefined): void {
      if (nextCursor) stack.value = [...stack.value, nextCursor];
    },
    prev(): void {
      if (stack.value.length > 1) stack.value = stack.value.slice(0, -1);
    },
    reset(): void {
      if (stack.value.length !== 1) stack.value = [null];
    },
  };
}
