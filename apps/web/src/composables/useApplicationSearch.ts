import { computed, ref, shallowRef } from 'vue';
import { api, type RouterOutputs } from '../api/trpc.ts';

type App = RouterOutputs['applications']['page']['items'][number];

/** What a picker of applications shows and keeps of one. */
export interface ApplicationOption {
  id: number;
  code: string;
  name: App['name'];
  reviewGroupId: number | null;
}

/** Options per search: one page of `applications.page`, enough to find one by code or name. */
export const APPLICATION_SEARCH_ROWS = 50;

/**
 * The options of a picker of a cycle's applications, searched on the server (`applications.page`,
 * by code or name) instead of loading the whole list: `search(text)` loads the first page that
 * matches (the picker's remote method); `assignedOnly` asks only for those assigned to a review group.
 * The option chosen (`keep`) stays among the options while another search is shown.
 */
export function useApplicationSearch(year: () => number | null, options: { assignedOnly?: boolean; keep?: () => number | null } = {}) {
  const found = shallowRef<ApplicationOption[]>([]);
  const known = new Map<number, ApplicationOption>();
  const loading = ref(false);
  let latest = 0;

  async function search(text: string): Promise<void> {
    const y = year();
    if (y === null) return;
    const q = text.trim();
    const asked = ++latest;
    loading.value = true;
    try {
      const page = await api.applications.page.query({
        year: y,
        limit: APPLICATION_SEARCH_ROWS,
        ...(q ? { q } : {}),
        ...(options.assignedOnly ? { assigned: true } : {}),
      });
      if (asked !== latest) return;
      const rows = page.items.map((a) => ({ id: a.id, code: a.code, name: a.name, reviewGroupId: a.reviewGroupId }));
      for (const r of rows) known.set(r.id, r);
      found.value = rows;
    } finally {
      if (asked === latest) loading.value = false;
    }
  }

  const list = computed<ApplicationOption[]>(() => {
    const id = options.keep?.() ?? null;
    const kept = id === null ? undefined : known.get(id);
    return kept && !found.value.some((o) => o.id === kept.id) ? [kept, ...found.value] : found.value;
  });

  return {
    options: list,
    loading,
    search,
    /** The application of an option seen in any search, or undefined. */
    get: (id: number | null) => (id === null ? undefined : known.get(id)),
    clear(): void {
      latest++;
      loading.value = false;
      found.value = [];
    },
  };
}
