import { describe, expect, it } from 'vitest';
import { defaultWeightSet, GBT_19580_2012 } from '@mqa/scoring';
import { flips, prepare, rerank } from './rerank.ts';
import { syntheticMatrix } from './synthetic.ts';

describe('in-browser re-ranking', () => {
  const m = syntheticMatrix(60);
  const p = prepare(m);
  const standard = defaultWeightSet().points;

  it('ranks every eligible candidate under the cycle’s own weights first', () => {
    expect(p.base).toHaveLength(60);
    const ranks = p.base.map((a) => a.rank);
    expect(ranks).toEqual(ranks.toSorted((a, b) => a - b));
    const r = rerank(p, standard);
    expect(r.validation.ok).toBe(true);
    expect(r.ranking!.applications.every((a) => a.rankChange === 0)).toBe(true);
    expect(r.selected.length).toBeLessThanOrEqual(5);
  });

  it('changes ranks when points move from results to leadership, total kept at 1000', () => {
    const moved = { ...standard, '4.7.2': 0, '4.7.3': 0, '4.1.2': standard['4.1.2']! + 80, '4.1.3': standard['4.1.3']! + 80 };
    const r = rerank(p, moved);
    expect(r.validation.ok).toBe(true);
    expect(r.ranking!.applications.some((a) => a.rankChange !== 0)).toBe(true);
    const totals = r.ranking!.applications.map((a) => a.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    // The leader under the new weights is the one with the best leadership-heavy total.
    const lead = r.ranking!.applications[0]!;
    expect(lead.rank).toBe(1);
    expect(lead.total).toBeCloseTo(
      Object.values(lead.categories).reduce((s, v) => s + v, 0),
      6,
    );
  });

  it('refuses points that do not add up to 1000 and says why in both languages', () => {
    const r = rerank(p, { ...standard, '4.1.2': standard['4.1.2']! + 5 });
    expect(r.validation.ok).toBe(false);
    expect(r.ranking).toBeNull();
    const problem = r.validation.errors.find((e) => e.code === 'totalNot1000')!;
    expect(problem.message.zh).toContain('1005');
    expect(problem.message.en).toContain('1005');
  });

  it('breaks a tie at the cap the way the cycle does (tieBreak from cycleMatrix)', () => {
    // Candidates 5 and 6 tie exactly (same percentages); 6 has more priority areas (Art. 2).
    const ordered = rerank(p, standard).ranking!.applications;
    const [fifth, sixth] = [ordered[4]!.id, ordered[5]!.id];
    const items = p.base.find((a) => a.id === fifth)!.items;
    const base = p.base.map((a) => (a.id === sixth ? { ...a, items } : a));
    const priorityAreas = new Map([...p.priorityAreas].map(([id, n]) => [id, id === sixth ? 3 : id === fifth ? 0 : n]));
    const byPriority = rerank({ ...p, base, priorityAreas, tieBreak: 'priorityAreas' }, standard).selected;
    expect(byPriority).toContain(sixth);
    expect(byPriority).not.toContain(fifth);
    const unbroken = rerank({ ...p, base, priorityAreas, tieBreak: 'none' }, standard).selected;
    expect(unbroken).not.toContain(fifth);
    expect(unbroken).not.toContain(sixth);
    expect(unbroken).toHaveLength(4);
  });

  it('reports flip points per category', () => {
    const r = rerank(p, standard);
    const f = flips(r.ranking!, standard);
    expect(f.map((x) => x.categoryId)).toEqual(GBT_19580_2012.categories.map((c) => c.id));
  });

  it('counts as "selected before" only those the official rule selects (minimum total), so untouched weights drop nobody', () => {
    // A minimum total that only two candidates reach: the top five ranks are not all selected.
    const totals = p.base.map((a) => a.total).sort((a, b) => b - a);
    const minTotal = (totals[1]! + totals[2]!) / 2;
    const strict = prepare({ ...m, minTotal });
    const r = rerank(strict, standard);
    expect(r.before).toHaveLength(2);
    expect(r.selected).toEqual(r.before);
    // Before the fix, "before" was the top `cap` ranks: three phantom drops with no change at all.
    const top5 = r.ranking!.applications.filter((a) => a.baseRank <= strict.cap).map((a) => a.id);
    expect(top5.filter((id) => !r.selected.includes(id))).toHaveLength(3);
  });

  it('excludes candidates the server excludes and ranks the rest without gaps', () => {
    const excluded = m.applications[0]!.id;
    const withExclusion = {
      ...m,
      applications: m.applications.map((a) =>
        a.id === excluded ? { ...a, exclusion: { code: 'withdrawn' as const, articles: [], message: { zh: '申报已撤回。', en: 'Withdrawn.' } } } : a,
      ),
    };
    const q = prepare(withExclusion);
    expect(q.base).toHaveLength(59);
    expect(q.base.some((a) => a.id === String(excluded))).toBe(false);
    expect(q.base[0]!.rank).toBe(1);
    expect(q.before.decisions.find((d) => d.id === String(excluded))).toMatchObject({ rank: null, code: 'excluded' });
  });
});
