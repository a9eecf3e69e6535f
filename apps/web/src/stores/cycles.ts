import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { phaseIndex } from '@mqa/rules';
import { api, type RouterOutputs } from '../api/trpc.ts';

/** A cycle of `cycles.list`. */
export type CycleSummary = RouterOutputs['cycles']['list'][number];

/** The cycles newest first (a sorted copy). */
function newestFirst(list: readonly CycleSummary[]): CycleSummary[] {
  return [...list].sort((a, b) => b.year - a.year);
}

/** The list of award cycles and the one chosen in the header's cycle picker. */
export const useCyclesStore = defineStore('cycles', () => {
  const cycles = ref<CycleSummary[]>([]);
  const loaded = ref(false);
  const selectedYear = ref<number | null>(null);
  let pending: Promise<void> | null = null;

  const years = computed(() => cycles.value.map((c) => c.year));
  const latestYear = computed(() => cycles.value[0]?.year ?? null);
  /** The newest cycle that has results (the first one past the review phases), else the newest. */
  const defaultYear = computed(() => {
    const scored = cycles.value.find((c) => phaseIndex(c.phase.id) >= phaseIndex('onsite_review'));
    return scored?.year ?? latestYear.value;
  });
  const currentYear = computed(() => selectedYear.value ?? defaultYear.value);

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return;
    pending ??= api.cycles.list
      .query()
      .then((res) => {
        cycles.value = newestFirst(res);
        loaded.value = true;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  function select(year: number | null): void {
    selectedYear.value = year;
  }

  return { cycles, loaded, years, latestYear, defaultYear, currentYear, selectedYear, load, select };
});

export { newestFirst };
