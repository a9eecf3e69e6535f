import { describe, expect, it } from 'vitest';
import { checkQuorum, checkShortlist, DEFAULT_QUORUM, nextReserve, tallyMeeting, type MeetingVote } from './committee.ts';

const ranking = [
  { id: 1, rank: 1 },
  { id: 2, rank: 2 },
  { id: 3, rank: 3 },
  { id: 4, rank: 3 },
  { id: 5, rank: 5 },
  { id: 9, rank: null },
];

describe('shortlist departures (Art. 19)', () => {
  it('needs no reason when the shortlist follows the ranking, ties included', () => {
    expect(checkShortlist(ranking, [1, 2, 3])).toMatchObject({ ok: true, departures: [] });
    expect(checkShortlist(ranking, [1, 2, 4]).ok).toBe(true);
  });

  it('asks a reason for a skipped higher candidate and for the lower one included instead', () => {
    const c = checkShortlist(ranking, [1, 3, 5]);
    expect(c.ok).toBe(false);
    expect(c.departures.map((d) => [d.id, d.kind])).toEqual([
      [2, 'skipped_higher'],
      [3, 'included_lower'],
      [4, 'skipped_higher'],
      [5, 'included_lower'],
    ]);
    expect(c.departures[0]!.against).toEqual([3, 5]);
    expect(c.missingReasons).toEqual([2, 3, 4, 5]);
    expect(c.message.zh).toMatch(/第19条/);
    const withReasons = checkShortlist(ranking, [1, 3, 5], { 2: '公示期间收到的意见经核实成立', 3: '同分，按意见情况', 4: '同分，按意见情况', 5: '  ' });
    expect(withReasons.missingReasons).toEqual([5]);
    expect(checkShortlist(ranking, [1, 3, 5], { 2: 'a reason', 3: 'a reason', 4: 'a reason', 5: 'a reason' }).ok).toBe(true);
  });

  it('refuses an excluded candidate and a duplicate', () => {
    expect(checkShortlist(ranking, [1, 9])).toMatchObject({ ok: false, notRanked: [9] });
    expect(() => checkShortlist(ranking, [1, 1])).toThrow(/twice/);
  });
});

describe('quorum (Art. 20)', () => {
  it('two thirds by default, rounded up', () => {
    expect(checkQuorum(6, 9)).toMatchObject({ ok: true, required: 6 });
    expect(checkQuorum(5, 9)).toMatchObject({ ok: false, required: 6 });
    expect(checkQuorum(2, 3, DEFAULT_QUORUM).ok).toBe(true);
    expect(checkQuorum(5, 9).message.zh).toMatch(/三分之二以上成员.*第20条/);
  });
  it('a half means more than half; all means all; nobody is never a quorum', () => {
    expect(checkQuorum(2, 4, { numerator: 1, denominator: 2 })).toMatchObject({ ok: false, required: 3 });
    expect(checkQuorum(3, 4, { numerator: 1, denominator: 1 }).ok).toBe(false);
    expect(checkQuorum(0, 0).ok).toBe(false);
    expect(() => checkQuorum(1, 2, { numerator: 3, denominator: 2 })).toThrow();
    expect(() => checkQuorum(3, 2)).toThrow();
  });
});

describe('the committee result (Art. 20, 3)', () => {
  const cands = [1, 2, 3, 4, 5, 6, 7].map((id) => ({ id, position: id, total: id === 7 ? 550 : 800 - id * 10 }));
  const present = [101, 102, 103];
  const votes = (spec: Record<number, string>): MeetingVote[] =>
    Object.entries(spec).flatMap(([c, vs]) =>
      vs.split('').map((v, i): MeetingVote => ({ candidateId: Number(c), voterId: present[i]!, vote: v === 'f' ? 'for' : v === 'a' ? 'against' : 'abstain' })),
    );

  it('passes with more than half of those present, caps at the cycle cap, keeps the reserve and the vacancies', () => {
    const r = tallyMeeting(cands, votes({ 1: 'fff', 2: 'ffa', 3: 'ff', 4: 'fa', 5: 'fff', 6: 'ffx', 7: 'fff' }), {
      presentIds: present,
      cap: 3,
      minTotal: 600,
    });
    expect(r.needed).toBe(2);
    // 1 and 5 have three votes for, then 2, 3, 6 with two (by their position).
    expect(r.proposed).toEqual([1, 5, 2]);
    expect(r.reserve).toEqual([3, 6]);
    const byId = new Map(r.candidates.map((c) => [c.id, c]));
    expect(byId.get(4)).toMatchObject({ outcome: 'not_passed', for: 1, against: 1, notVoted: 1 });
    expect(byId.get(3)).toMatchObject({ outcome: 'reserve', order: 4, notVoted: 1 });
    expect(byId.get(7)).toMatchObject({ outcome: 'below_min_total', passed: true });
    expect(byId.get(7)!.message.zh).toMatch(/第3条/);
    expect(r.vacancies).toBe(0);
    const few = tallyMeeting(cands, votes({ 1: 'fff', 2: 'faa' }), { presentIds: present, cap: 5, minTotal: 600 });
    expect(few).toMatchObject({ proposed: [1], vacancies: 4 });
  });

  it('abstentions are not votes for; a tie of two for and two against out of four fails', () => {
    const four = [1, 2, 3, 4];
    const r = tallyMeeting(
      [{ id: 1, position: 1, total: 700 }],
      [
        { candidateId: 1, voterId: 1, vote: 'for' },
        { candidateId: 1, voterId: 2, vote: 'for' },
        { candidateId: 1, voterId: 3, vote: 'against' },
        { candidateId: 1, voterId: 4, vote: 'abstain' },
      ],
      { presentIds: four, cap: 5, minTotal: 0 },
    );
    expect(r).toMatchObject({ needed: 3, proposed: [] });
  });

  it('refuses a vote by someone absent and a second vote', () => {
    expect(() => tallyMeeting(cands, [{ candidateId: 1, voterId: 999, vote: 'for' }], { presentIds: present, cap: 5, minTotal: 0 })).toThrow(/not present/);
    expect(() =>
      tallyMeeting(
        cands,
        [
          { candidateId: 1, voterId: 101, vote: 'for' },
          { candidateId: 1, voterId: 101, vote: 'against' },
        ],
        { presentIds: present, cap: 5, minTotal: 0 },
      ),
    ).toThrow(/once/);
  });

  it('the first reserve not removed moves up', () => {
    expect(nextReserve({ reserve: [3, 6] }, new Set([3]))).toBe(6);
    expect(nextReserve({ reserve: [3] }, new Set([3]))).toBeNull();
  });
});
