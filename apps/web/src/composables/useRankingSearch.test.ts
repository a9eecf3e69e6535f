import { describe, expect, it, vi } from 'vitest';

const row = (id: number, rank: number | null) => ({
  id,
  code: `A${id}`,
  name: { zh: `申报${id}`, en: `App ${id}` },
  rank,
  applicantType: 'organisation' as const,
  exclusion: null,
});
let release: () => void = () => {};
vi.mock('../api/trpc.ts', () => ({
  api: {
    analytics: {
      ranking: {
        query: vi.fn(async (input: { q: string }) => {
          if (input.q === 'slow') await new Promise<void>((r) => (release = r));
          return { items: input.q === 'slow' ? [row(8, 800)] : [row(9, 900)], nextCursor: null, total: 1 };
        }),
      },
    },
  },
}));

const { useRankingSearch } = await import('./useRankingSearch.ts');
const TOP = [row(1, 1), row(2, 2)];

describe('useRankingSearch', () => {
  it('shows the latest search when an older answer arrives last, and asks nothing without a cycle', async () => {
    const s = useRankingSearch(
      () => 2025,
      () => TOP,
    );
    const slow = s.search('slow');
    await s.search('fast');
    release();
    await slow;
    expect(s.options.value.map((o) => o.id)).toEqual([9]);
    expect(s.loading.value).toBe(false);
    const none = useRankingSearch(
      () => null,
      () => TOP,
    );
    await none.search('x');
    expect(none.options.value.map((o) => o.id)).toEqual([1, 2]);
  });
});
