import { computed, ref, shallowRef } from 'vue';
import { api } from '../api/trpc.ts';
import { rankedCandidateOf, type RankedCandidate } from '../rules/decisions.ts';

/** Matches per search: one page of `analytics.ranking`. */
export const RANKING_SEARCH_ROWS = 50;

/**
 * The options of a picker of ranked candidates: `base()` (the rows the view already holds, the
 * top of the ranking) until the user types, then the matches of the whole ranking searched on the
 * server (`analytics.ranking`, by code or name), so a candidate far down a province-scale cycle can
 * be chosen too. The candidates chosen (`keep()`) stay among the options while another search is
 * shown; `get` finds any candidate seen, for what the form derives from it.
 */
export function useRankingSearch(year: () => number | null, base: () => readonly RankedCandidate[], keep: () => readonly number[] = () => []) {
  const found = shallowRef<RankedCandidate[] | null>(null);
  const seen = new Map<number, RankedCandidate>();
  const loading = ref(false);
  let latest = 0;

  async function search(text: string): Promise<void> {
    const y = year();
    const q = text.trim();
    const asked = ++latest;
    if (y === null || !q) {
      found.value = null;
      loading.value = false;
      return;
    }
    loading.value = true;
    try {
      const page = await api.analytics.ranking.query({ year: y, limit: RANKING_SEARCH_ROWS, q });
      if (asked !== latest) return;
      const rows = page.items.map(rankedCandidateOf);
      for (const r of rows) seen.set(r.id, r);
      found.value = rows;
    } finally {
      if (asked === latest) loading.value = false;
    }
  }

  const get = (id: number): RankedCandidate | undefined => seen.get(id) ?? base().find((r) => r.id === id);

  const options = computed<RankedCandidate[]>(() => {
    const shown = found.value ?? [...base()];
    const ids = new Set(shown.map((r) => r.id));
    const kept: RankedCandidate[] = [];
    for (const id of keep()) {
      const r = ids.has(id) ? undefined : get(id);
      if (r) kept.push(r);
    }
    return [...kept, ...shown];
  });

  return { options, loading, search, get, searching: computed(() => found.value !== null) };
}
