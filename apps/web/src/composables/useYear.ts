import { computed, type ComputedRef } from 'vue';
import { useRoute } from 'vue-router';
import { useCyclesStore } from '../stores/cycles.ts';

/** The cycle year of the current view: the `:year` param, else `?cycle=`, else the header's choice. */
export function useYear(): ComputedRef<number | null> {
  const route = useRoute();
  const cycles = useCyclesStore();
  return computed(() => {
    const p = route.params.year;
    const q = route.query.cycle;
    const raw = typeof p === 'string' ? p : typeof q === 'string' ? q : null;
    const y = raw !== null ? Number(raw) : NaN;
    return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : cycles.currentYear;
  });
}
