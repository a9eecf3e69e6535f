import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

/** How long after the last keystroke a search goes to the server. */
export const SEARCH_DELAY_MS = 250;

/**
 * A search box whose text is sent to the server a moment after the user stops typing:
 * `search` is bound to the input, `q` (trimmed) follows it `delayMs` after the last change and is
 * what the queries read. The timer is cleared when the component unmounts.
 */
export function useDebouncedSearch(delayMs = SEARCH_DELAY_MS): { search: Ref<string>; q: Ref<string> } {
  const search = ref('');
  const q = ref('');
  let typing: ReturnType<typeof setTimeout> | undefined;
  watch(search, (v) => {
    clearTimeout(typing);
    typing = setTimeout(() => (q.value = v.trim()), delayMs);
  });
  onBeforeUnmount(() => clearTimeout(typing));
  return { search, q };
}
