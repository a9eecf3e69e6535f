import { describe, expect, it, vi } from 'vitest';
import { checkPublicationPeriod } from '@mqa/rules';

vi.mock('../api/trpc.ts', () => ({ api: {} }));

const { memberState, missingVotes, onNotice, periodView, shortlistDepartures, shortlistRequest, latestResults } = await import('./service.ts');
type Ranking = Parameters<typeof shortlistDepartures>[0] & object;
type Meeting = Parameters<typeof missingVotes>[0];
type Publication = Parameters<typeof onNotice>[0][number];

function candidate(id: number, rank: number | null, extra: Record<string, unknown> = {}) {
  return {
    applicationId: id,
    code: `2025-00${id}`,
    name: { zh: `候选${id}`, en: `Candidate ${id}` },
    applicantType: 'organisation',
    status: 'active',
    total: 800 - id,
    rank,
    selection: { selected: true, code: 'ok', reason: { zh: '', en: '' } },
    exclusion: null,
    onResultsList: true,
    comments: [],
    commentCounts: { total: 0, upheld: 0, open: 0 },
    decision: null,
    ...extra,
  };
}
const ranking = (candidates: unknown[]) =>
  ({ year: 2025, article: 19, phase: 'public_comment', cap: 5, minTotal: 600, resultsPublished: true, candidates, generalComments: [] }) as unknown as Ranking;

describe('publication periods in the dashboard', () => {
  it('states the Art. 18 minimum and gives the rules’ (and so the server’s) message for a too short period', () => {
    const v = periodView('results', '2025-07-01', '2025-07-15');
    expect(v).toMatchObject({ article: 18, unit: 'calendar', minimum: 20, earliestEnd: '2025-07-21' });
    expect(v.check?.ok).toBe(false);
    expect(v.check?.message).toEqual(checkPublicationPeriod({ kind: 'results', startsOn: '2025-07-01', endsOn: '2025-07-15' }).message);
    expect(v.check?.message.zh).toContain('第18条要求不少于20日');
    expect(periodView('results', '2025-07-01', '2025-07-21').check?.ok).toBe(true);
  });

  it('counts the Art. 21 notice in working days and waits for both dates', () => {
    expect(periodView('notice', '', '')).toMatchObject({ article: 21, unit: 'working', minimum: 7, earliestEnd: null, check: null });
    const v = periodView('notice', '2025-09-29', '');
    // 1 October week is the National Day holiday: the 7th working day after 29 September is far later than a week.
    expect(v.earliestEnd! > '2025-10-08').toBe(true);
    expect(v.check).toBeNull();
    expect(v.calendarProblem).toBeNull();
  });

  it('says at once, from the start date alone, when the working-day calendar cannot count the notice', () => {
    const v = periodView('notice', '2099-06-01', '');
    expect(v.earliestEnd).toBeNull();
    expect(v.check).toBeNull();
    expect(v.calendarProblem?.zh).toMatch(/2099/);
    expect(v.calendarProblem?.en).toMatch(/2099/);
    expect(periodView('notice', '2099-06-01', '2099-06-12').check).toEqual({ ok: false, message: v.calendarProblem });
  });
});

describe('the shortlist’s departures (Art. 19)', () => {
  const r = ranking([candidate(1, 1), candidate(2, 2), candidate(3, 3), candidate(4, null, { exclusion: { code: 'x' } })]);

  it('follows the ranking without any reason', () => {
    const c = shortlistDepartures(r, [1, 2], {});
    expect(c.ok).toBe(true);
    expect(c.departures).toEqual([]);
  });

  it('names both sides of a departure and needs a reason for each', () => {
    const c = shortlistDepartures(r, [1, 3], {});
    expect(c.departures.map((d) => [d.id, d.kind])).toEqual([
      [2, 'skipped_higher'],
      [3, 'included_lower'],
    ]);
    expect(c.missingReasons).toEqual([2, 3]);
    const reasons = { 2: '  意见成立，须复核  ', 3: '' };
    const withOne = shortlistDepartures(r, [1, 3], reasons);
    expect(withOne.missingReasons).toEqual([3]);
    expect(shortlistRequest(2025, [1, 3], withOne.departures, reasons)).toEqual({
      year: 2025,
      applicationIds: [1, 3],
      decision: 'shortlisted',
      departures: [{ applicationId: 2, reason: '意见成立，须复核' }],
    });
  });

  it('counts the shortlist already recorded with the new selection', () => {
    const recorded = ranking([candidate(1, 1), candidate(2, 2, { decision: { decision: 'shortlisted' } }), candidate(3, 3)]);
    expect(shortlistDepartures(recorded, [], {}).departures.map((d) => d.id)).toEqual([1, 2]);
  });
});

describe('meetings and notices', () => {
  const meeting = (over: Record<string, unknown>) =>
    ({
      id: 1,
      status: 'open',
      callerPresent: true,
      present: [{ userId: 1 }, { userId: 2 }],
      candidates: [
        { applicationId: 1, status: 'active', votesCast: 2 },
        { applicationId: 2, status: 'active', votesCast: 1 },
        { applicationId: 3, status: 'removed', votesCast: 0 },
      ],
      ...over,
    }) as unknown as Meeting;

  it('says what a member may do and how many votes are missing', () => {
    expect(memberState(null)).toBe('none');
    expect(memberState(meeting({}))).toBe('voting');
    expect(memberState(meeting({ callerPresent: false }))).toBe('notPresent');
    expect(memberState(meeting({ status: 'closed' }))).toBe('closed');
    expect(missingVotes(meeting({}))).toBe(1);
  });

  it('offers for objections only the candidates on a published notice', () => {
    const pub = (kind: string, ids: number[]) => ({ kind, entries: ids.map((id) => ({ applicationId: id, code: `C${id}` })) }) as unknown as Publication;
    const list = [pub('results', [1, 2, 3]), pub('notice', [2]), pub('notice', [2, 5])];
    expect(onNotice(list).map((e) => e.applicationId)).toEqual([2, 5]);
    expect(latestResults(list)?.entries.length).toBe(3);
    expect(onNotice([pub('results', [1])])).toEqual([]);
  });
});
