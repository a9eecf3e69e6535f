import { computed, ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';
import { localizeError } from '../api/errors.ts';
import { notifyUnauthorized } from '../api/trpc.ts';
import { useLocaleStore } from '../stores/locale.ts';

export interface AsyncState<T> {
  data: ShallowRef<T | undefined>;
  loading: Ref<boolean>;
  error: ShallowRef<unknown>;
  /** The error in the UI language (re-localized when the language changes). */
  errorMessage: Readonly<Ref<string>>;
  reload: () => Promise<void>;
}

/**
 * Loads data for a view: tracks loading and error state, re-runs when `sources` change, and
 * drops answers that arrive after a newer request started (so a fast cycle switch never shows
 * the older cycle's data).
 */
export function useAsync<T>(fetcher: () => Promise<T>, sources: WatchSource[] = [], immediate = true): AsyncState<T> {
  const localeStore = useLocaleStore();
  const data = shallowRef<T | undefined>(undefined);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let seq = 0;

  async function reload(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetcher();
      if (mine === seq) data.value = result;
    } catch (e) {
      if (mine === seq) {
        error.value = e;
        data.value = undefined;
        notifyUnauthorized(e);
      }
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  const errorMessage = computed(() => (error.value ? localizeError(error.value, localeStore.locale) : ''));

  if (sources.length > 0) watch(sources, () => void reload(), { immediate });
  else if (immediate) void reload();

  return { data, loading, error, errorMessage, reload };
}
