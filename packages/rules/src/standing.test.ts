import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RulesInputError } from './i18n.ts';
import { exclusionOf, selectCandidates, type SelectionEntry } from './standing.ts';

describe('selectCandidates', () => {
  const pool: SelectionEntry[] = [
    { id: 'a', total: 850 },
    { id: 'b', total: 820 },
    {
      id: 'c',
      total: 800,
      exclusion: { code: 'ineligible', articles: [12], message: { zh: '近3年有较大安全事故', en: 'major safety accident within 3 years' } },
    },
    { id: 'd', total: 790 },
    { id: 'e', total: 760 },
    { id: 'f', total: 700 },
    { id: 'g', total: 640 },
  ];

  it('selects at most the cap, best first, skipping excluded candidates', () => {
    const r = selectCandidates(pool, { cap: 5, minTotal: 600 });
    expect(r.selected).toEqual(['a', 'b', 'd', 'e', 'f']);
    expect(r.vacancies).toBe(0);
    expect(r.tieAtCap).toBeNull();
    const byId = new Map(r.decisions.map((d) => [d.id, d]));
    expect(byId.get('c')).toMatchObject({ selected: false, code: 'excluded', rank: null });
    expect(byId.get('c')!.reason.zh).toContain('较大安全事故');
    expect(byId.get('c')!.reason.en).toContain('major safety accident');
    expect(byId.get('g')).toMatchObject({ selected: false, code: 'capReached', rank: 6 });
    expect(byId.get('a')!.reason.en).toContain('Rank 1');
    expect(r.decisions).toHaveLength(pool.length);
  });

  it('leaves places vacant below the minimum total', () => {
    const r = selectCandidates(pool, { cap: 5, minTotal: 780 });
    expect(r.selected).toEqual(['a', 'b', 'd']);
    expect(r.vacancies).toBe(2);
    expect(r.decisions.find((d) => d.id === 'e')).toMatchObject({ code: 'belowMinTotal', selected: false });
    expect(r.decisions.find((d) => d.id === 'e')!.reason.zh).toContain('低于最低分');
  });

  it('reports a tie that straddles the cap instead of picking silently', () => {
    const tied: SelectionEntry[] = [
      { id: 'a', total: 900 },
      { id: 'b', total: 880 },
      { id: 'c', total: 870 },
      { id: 'd', total: 860 },
      { id: 'e', total: 850, priorityAreas: 2 },
      { id: 'f', total: 850.001, priorityAreas: 4 },
      { id: 'g', total: 800 },
    ];
    const r = selectCandidates(tied);
    expect(r.selected).toEqual(['a', 'b', 'c', 'd']);
    expect(r.tieAtCap).toEqual({ rank: 5, ids: ['e', 'f'], seatsLeft: 1 });
    expect(r.vacancies).toBe(1);
    expect(r.decisions.filter((d) => d.code === 'tieAtCap').map((d) => d.id)).toEqual(['e', 'f']);
    expect(r.decisions.find((d) => d.id === 'g')!.code).toBe('capReached');
    // With the declared tie-break the tie is resolved in the open.
    const broken = selectCandidates(tied, { tieBreak: 'priorityAreas' });
    expect(broken.selected).toEqual(['a', 'b', 'c', 'd', 'f']);
    expect(broken.tieAtCap).toBeNull();
    expect(broken.tieBreak).toBe('priorityAreas');
  });

  it('selects a whole tie group that fits', () => {
    const r = selectCandidates(
      [
        { id: 'a', total: 900 },
        { id: 'b', total: 900 },
        { id: 'c', total: 800 },
      ],
      { cap: 2 },
    );
    expect(r.selected).toEqual(['a', 'b']);
    expect(r.tieAtCap).toBeNull();
  });

  it('handles no candidates and cap 0, rejects bad options', () => {
    expect(selectCandidates([])).toMatchObject({ selected: [], vacancies: 5, decisions: [] });
    expect(selectCandidates(pool, { cap: 0 }).selected).toEqual([]);
    expect(() => selectCandidates(pool, { cap: -1 })).toThrow(RulesInputError);
    expect(() => selectCandidates(pool, { cap: 2.5 })).toThrow(/non-negative integer/);
    expect(() => selectCandidates(pool, { minTotal: Number.NaN })).toThrow(RulesInputError);
  });

  it('never selects an excluded candidate, never more than the cap, never below minTotal (property)', () => {
    const entries = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 3 }),
        total: fc.integer({ min: 0, max: 100 }).map((k) => k * 10),
        exclusion: fc.option(fc.constant({ code: 'removed' as const, articles: [21], message: { zh: '异议属实', en: 'objection upheld' } }), {
          nil: undefined,
        }),
      }),
      { selector: (e) => e.id, maxLength: 25 },
    );
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 1000 }), (es, cap, minTotal) => {
        const r = selectCandidates(es, { cap, minTotal });
        expect(r.selected.length).toBeLessThanOrEqual(cap);
        expect(r.vacancies).toBe(cap - r.selected.length);
        for (const id of r.selected) {
          const e = es.find((x) => x.id === id)!;
          expect(e.exclusion).toBeUndefined();
          expect(e.total).toBeGreaterThanOrEqual(minTotal);
        }
        expect(r.decisions).toHaveLength(es.length);
      }),
    );
  });
});

describe('exclusionOf', () => {
  const running = { status: 'active', eligibility: 'eligible', qualification: 'qualified' } as const;

  it('keeps a complete, eligible, qualified, active application in the running', () => {
    expect(exclusionOf(running)).toBeNull();
    expect(exclusionOf({ ...running, missingItems: 0 })).toBeNull();
  });

  it('names the code and the articles of each exclusion', () => {
    expect(exclusionOf({ ...running, status: 'withdrawn' })).toMatchObject({ code: 'withdrawn', articles: [] });
    const removed = exclusionOf({ ...running, status: 'removed', removedReason: { zh: '经调查存在虚假材料', en: 'false material found' } })!;
    expect(removed).toMatchObject({ code: 'removed', articles: [21] });
    expect(removed.message.zh).toContain('经调查存在虚假材料');
    expect(removed.message.en).toContain('false material found');
    expect(removed.message.en).not.toMatch(/[\u4e00-\u9fff]/);
    // A reason recorded by resolveObjection already cites Art. 21: said once; a Chinese finding stays out of English.
    const recorded = exclusionOf({
      ...running,
      status: 'removed',
      removedReason: { zh: '公示期间异议经调查属实，取消授奖资格（第21条）：经应急管理局核实', en: 'An objection … cancelled (Art. 21): 经应急管理局核实' },
    })!;
    expect(recorded.message.zh.match(/第21条/g)).toHaveLength(1);
    expect(recorded.message.en.match(/Art\. 21/g)).toHaveLength(1);
    expect(recorded.message.en).not.toMatch(/[\u3400-\u9fff]/);
    const ineligible = exclusionOf({
      ...running,
      eligibility: 'ineligible',
      eligibilityFailures: [
        { article: 12, message: { zh: '重大事故', en: 'major accident' } },
        { article: 10, message: { zh: '经营不足3年', en: 'under 3 years' } },
      ],
    })!;
    expect(ineligible).toMatchObject({ code: 'ineligible', articles: [10, 12] });
    expect(ineligible.message.zh).toContain('第10条、第12条');
    expect(exclusionOf({ ...running, eligibility: 'ineligible' })).toMatchObject({ articles: [10, 11, 12] });
    expect(exclusionOf({ ...running, qualification: 'rejected' })).toMatchObject({ code: 'rejected', articles: [16] });
    expect(exclusionOf({ ...running, missingItems: 3 })).toMatchObject({ code: 'incomplete', articles: [] });
  });

  it('ranks only the candidates in the running, so ranks have no gaps for excluded ones', () => {
    const withdrawn = exclusionOf({ ...running, status: 'withdrawn' });
    const r = selectCandidates(
      [
        { id: 'a', total: 900, exclusion: withdrawn },
        { id: 'b', total: 850 },
        { id: 'c', total: 800 },
      ],
      { cap: 5, minTotal: 600 },
    );
    expect(r.decisions.map((d) => [d.id, d.rank])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', null],
    ]);
    expect(r.capLine).toBe(800);
    expect(r.decisions.find((d) => d.id === 'a')!.exclusion).toBe(withdrawn);
  });
});
