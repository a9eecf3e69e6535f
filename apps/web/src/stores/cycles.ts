import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { api } from '../api/trpc.ts';

export interface CycleSummary {
  year: number;
  phase: string;
}

function toSummaries(raw: unknown): CycleSummary[] {
  const list = Array.isArray(raw) ? raw : [];
  const out: CycleSummary[] = [];
  for (const c of list) {
    if (!c || typeof c !== 'object') continue;
    const year = Number((c as { year?: unknown }).year);
    const rawPhase = (c as { phase?: unknown }).phase;
    const phase = String(rawPhase && typeof rawPhase === 'object' ? (rawPhase as { id?: unknown }).id ?? '' : rawPhase ?? '');
    if (Number.isInteger(year)) out.push({ year, phase });
  }
  return out.sort((a, b) => b.year - a.year);
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
    const scored = cycles.value.find((c) =>
      ['onsite_review', 'public_comment', 'committee_review', 'public_notice', 'awarded'].includes(c.phase),
    );
    return scored?.year ?? latestYear.value;
  });
  const currentYear = computed(() => selectedYear.value ?? defaultYear.value);

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return;
    pending ??= api.cycles.list
      .query()
      .then((res) => {
        cycles.value = toSummaries(res);
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

  return { cycles, loaded, years, latestYear, defaultYear, currentYear, selectedYear, load, select, toSummaries };
});

export { toSummaries };
