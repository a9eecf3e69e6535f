import { computed, getCurrentScope, onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';
import { localizeError } from '../api/errors.ts';
import { affectedBy, changeSeq, onChange, type Change } from '../api/mutations.ts';
import { notifyUnauthorized } from '../api/trpc.ts';
import { useLocaleStore } from '../stores/locale.ts';

export interface AsyncState<T> {
  data: ShallowRef<T | undefined>;
  loading: Ref<boolean>;
  error: ShallowRef<unknown>;
  /** The error in the UI language (re-localized when the language changes). */
  errorMessage: Readonly<Ref<string>>;
  reload: () => Promise<void>;
  /**
   * Loads again in the background (what a change on the server triggers): `loading` stays false,
   * so nothing on the page is swapped for a skeleton, and `data` is replaced only when the answer
   * differs, so a form that copies it is not reset by an answer that changed nothing.
   */
  refresh: () => Promise<void>;
}

export interface AsyncOptions {
  /**
   * The domains of the procedures the fetcher reads (`['conflicts', 'analytics']`): it refreshes
   * only after a change that can alter one of them (api/mutations.ts AFFECTS). Without it, after
   * every change; `false`: never by itself.
   */
  refreshOn?: readonly string[] | false;
}

/** The loaders of the mounted views, refreshed after each change on the server. */
const mounted = new Set<{ onChange: (change: Change) => void }>();
/**
 * Changes are handed on after the current task, once the code that made the change has run on:
 * a view that reloads by itself after its own mutation is then not loaded twice, and the
 * refreshes of one change go out together (one batched request).
 */
let queued: Change[] = [];
onChange((change) => {
  if (queued.push(change) > 1) return;
  setTimeout(() => {
    const changes = queued;
    queued = [];
    // A copy: a refresh may mount or unmount views while the loop runs.
    for (const m of Array.from(mounted)) for (const c of changes) m.onChange(c);
  }, 0);
});

/** The number of mounted loaders that refresh after changes (for tests). */
export function mountedLoaders(): number {
  return mounted.size;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/**
 * Loads data for a view: tracks loading and error state, re-runs when `sources` change, and
 * drops answers that arrive after a newer request started (so a fast cycle switch never shows
 * the older cycle's data). While the view is mounted, every successful change on the server
 * (a mutation through the tRPC client, an import) refreshes it in the background, unless a load
 * that started after that change (the view's own reload) already reads it.
 */
export function useAsync<T>(fetcher: () => Promise<T>, sources: WatchSource[] = [], immediate = true, options: AsyncOptions = {}): AsyncState<T> {
  const localeStore = useLocaleStore();
  const data = shallowRef<T | undefined>(undefined);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let seq = 0;
  /** Whether anything was asked yet (a loader never started is not refreshed into starting). */
  let started = false;
  /** The number of the latest change when the latest load started: that load has seen it. */
  let startedAfter = 0;

  async function load(background: boolean): Promise<void> {
    const mine = ++seq;
    started = true;
    startedAfter = changeSeq();
    if (!background) {
      loading.value = true;
      error.value = null;
    }
    try {
      const result = await fetcher();
      if (mine === seq) {
        if (!background || !same(data.value, result)) data.value = result;
        if (background) error.value = null;
      }
    } catch (e) {
      if (mine === seq) {
        notifyUnauthorized(e);
        // A background refresh that fails keeps what is shown; a first load shows the error.
        if (!background || data.value === undefined) {
          error.value = e;
          data.value = undefined;
        }
      }
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  const reload = () => load(false);
  const refresh = () => load(true);

  const errorMessage = computed(() => (error.value ? localizeError(error.value, localeStore.locale) : ''));

  if (sources.length > 0) watch(sources, () => void reload(), { immediate });
  else if (immediate) void reload();

  const refreshOn = options.refreshOn;
  if (refreshOn !== false && getCurrentScope()) {
    const own = refreshOn ? new Set(refreshOn) : null;
    const entry = {
      onChange(change: Change): void {
        if (!started) return;
        if (startedAfter >= change.seq) return;
        if (own) {
          const affected = affectedBy(change.domain);
          if (![...own].some((d) => affected.has(d))) return;
        }
        void refresh();
      },
    };
    mounted.add(entry);
    onScopeDispose(() => mounted.delete(entry));
  }

  return { data, loading, error, errorMessage, reload, refresh };
}
