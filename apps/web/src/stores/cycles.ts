import { computed, getCurrentScope, onScopeDispose, ref } from 'vue';
import { defineStore } from 'pinia';
import { affectedBy, onChange } from '../api/mutations.ts';
import { api, type RouterOutputs } from '../api/trpc.ts';

/** A cycle of `cycles.list`. */
export type CycleSummary = RouterOutputs['cycles']['list'][number];

/** The cycles newest first (a sorted copy). */
function newestFirst(list: readonly CycleSummary[]): CycleSummary[] {
  return [...list].sort((a, b) => b.year - a.year);
}

/** Where the header's choice is kept for the tab (a reload or a view without a cycle keeps it). */
export const CYCLE_STORAGE_KEY = 'mqa.cycle';

function storedYear(): number | null {
  try {
    const y = Number(globalThis.sessionStorage?.getItem(CYCLE_STORAGE_KEY));
    return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : null;
  } catch {
    return null;
  }
}

/**
 * The list of award cycles and the one chosen in the header's cycle picker. The choice holds
 * for the browser tab until another cycle is chosen (in the picker or by a year in the
 * address): a view without a cycle (the audit log, people) leaves it as it is.
 */
export const useCyclesStore = defineStore('cycles', () => {
  const cycles = ref<CycleSummary[]>([]);
  const loaded = ref(false);
  const selectedYear = ref<number | null>(storedYear());
  let pending: Promise<void> | null = null;

  const years = computed(() => cycles.value.map((c) => c.year));
  const latestYear = computed(() => cycles.value[0]?.year ?? null);
  /** The newest cycle in progress (not yet awarded), else the newest: what a user works on. */
  const defaultYear = computed(() => {
    const open = cycles.value.find((c) => c.phase.id !== 'awarded');
    return open?.year ?? latestYear.value;
  });
  /** The chosen cycle while it exists (a stale choice of another install is ignored), else the default. */
  const currentYear = computed(() => {
    const y = selectedYear.value;
    if (y !== null && (!loaded.value || years.value.includes(y))) return y;
    return defaultYear.value;
  });

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return;
    pending ??= api.cycles.list
      .query()
      .then((res) => {
        const next = newestFirst(res);
        // Unchanged after a refresh: keep the same array, so nothing that watches it re-runs.
        if (!loaded.value || JSON.stringify(next) !== JSON.stringify(cycles.value)) cycles.value = next;
        loaded.value = true;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  // A change that can alter the cycles (a phase, the dates, a new cycle, awards granted) reloads
  // the list once it was loaded, so the header's picker and every phase shown stay current.
  const stopListening = onChange((change) => {
    if (loaded.value && affectedBy(change.domain).has('cycles')) void load(true).catch(() => undefined);
  });
  if (getCurrentScope()) onScopeDispose(stopListening);

  function select(year: number | null): void {
    selectedYear.value = year;
    try {
      if (year === null) globalThis.sessionStorage?.removeItem(CYCLE_STORAGE_KEY);
      else globalThis.sessionStorage?.setItem(CYCLE_STORAGE_KEY, String(year));
    } catch {
      /* storage refused (private mode): the choice lasts for the page */
    }
  }

  return { cycles, loaded, years, latestYear, defaultYear, currentYear, selectedYear, load, select };
});

export { newestFirst };
