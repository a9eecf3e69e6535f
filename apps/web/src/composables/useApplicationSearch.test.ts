import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';

const row = (id: number, reviewGroupId: number | null) => ({ id, code: `A${id}`, name: { zh: `申报${id}`, en: `App ${id}` }, reviewGroupId });
const asked: unknown[] = [];
/** The server's answer to each search text (applications.page). */
const answers: Record<string, ReturnType<typeof row>[]> = {
  '': [row(1, 10), row(2, null), row(3, 11)],
  A3: [row(3, 11)],
  slow: [row(4, 12)],
  fast: [row(5, 12)],
};
let release: () => void = () => {};

vi.mock('../api/trpc.ts', () => ({
  api: {
    applications: {
      page: {
        query: vi.fn(async (input: { q?: string; assigned?: boolean }) => {
          asked.push(input);
          if (input.q === 'slow') await new Promise<void>((r) => (release = r));
          const items = (answers[input.q ?? ''] ?? []).filter((a) => input.assigned === undefined || (a.reviewGroupId !== null) === input.assigned);
          return { items, nextCursor: null, total: items.length, counts: {} };
        }),
      },
    },
  },
}));

const { useApplicationSearch, APPLICATION_SEARCH_ROWS } = await import('./useApplicationSearch.ts');

beforeEach(() => {
  asked.length = 0;
});

describe('useApplicationSearch', () => {
  it('asks the server for one page per search, never the whole list', async () => {
    const s = useApplicationSearch(() => 2025);
    await s.search('  A3 ');
    expect(asked).toEqual([{ year: 2025, limit: APPLICATION_SEARCH_ROWS, q: 'A3' }]);
    expect(s.options.value.map((o) => o.id)).toEqual([3]);
    await s.search('');
    expect(asked[1]).toEqual({ year: 2025, limit: APPLICATION_SEARCH_ROWS });
  });

  it('asks the server only for applications with a review group when asked, and keeps the chosen one among the options', async () => {
    const chosen = ref<number | null>(null);
    const s = useApplicationSearch(() => 2025, { assignedOnly: true, keep: () => chosen.value });
    await s.search('');
    expect(asked[0]).toEqual({ year: 2025, limit: APPLICATION_SEARCH_ROWS, assigned: true });
    expect(s.options.value.map((o) => o.id)).toEqual([1, 3]);
    chosen.value = 1;
    await s.search('A3');
    expect(s.options.value.map((o) => o.id)).toEqual([1, 3]);
    expect(s.get(3)?.reviewGroupId).toBe(11);
  });

  it('shows the latest search when an older answer arrives last', async () => {
    const s = useApplicationSearch(() => 2025);
    const slow = s.search('slow');
    await s.search('fast');
    release();
    await slow;
    expect(s.options.value.map((o) => o.id)).toEqual([5]);
    expect(s.loading.value).toBe(false);
  });

  it('asks nothing without a cycle', async () => {
    const s = useApplicationSearch(() => null);
    await s.search('x');
    expect(asked).toEqual([]);
  });
});
